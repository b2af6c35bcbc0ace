// 在线办理 applying for an item online: the item's form drawn from its schema, then every material with the
// ways it may be given, sent once. One Idempotency-Key per visit of the form, so a retry after a lost answer
// finds the case already made instead of making a second one. What the API finds wrong shows beside each
// field and in a summary at the top; a made case opens on its own page with its number and query code.
import { useState } from 'preact/hooks';
import { useLocation, useRoute } from 'preact-iso';
import { appliesOnline, type Item, offersCourier, send, useApi } from '../api.ts';
import { useStrings } from '../i18n.ts';
import { Status } from '../layout.tsx';
import { CaseForm } from './case-form.tsx';
import type { HeldLicence } from './material-input.tsx';
import { SignedInOnly } from './signed-in-only.tsx';

const ApplicationForm = ({
  code,
  item,
  licences,
}: {
  code: string;
  item: Item;
  licences: readonly HeldLicence[];
}) => {
  const t = useStrings();
  const { route } = useLocation();
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  return (
    <>
      <p class="note">{t.applyIntro}</p>
      <CaseForm<{ caseNumber: string }>
        id="apply"
        item={item}
        materials={item.materials}
        licences={licences}
        headings={{ form: t.applicationForm, materials: t.materials }}
        submitLabel={t.submitApplication}
        delivery={offersCourier(item)}
        post={(form, materials, delivery) =>
          send(
            'POST',
            '/cases',
            { itemCode: code, form, materials, channel: 'pc', ...(delivery ? { delivery } : {}) },
            { 'idempotency-key': idempotencyKey },
          )
        }
        done={(made) => route(`/case/${encodeURIComponent(made.caseNumber)}?submitted=1`)}
      />
    </>
  );
};

const Application = ({ code }: { code: string }) => {
  const t = useStrings();
  const item = useApi<Item>(`/items/${encodeURIComponent(code)}`);
  const wallet = useApi<{ licences: HeldLicence[] }>('/licences?limit=50');
  if (item.state !== 'ready') return <Status of={item} />;
  return (
    <>
      <p class="lead" lang="zh-CN">
        {item.value.name}
      </p>
      {appliesOnline(item.value) ? (
        <ApplicationForm
          code={code}
          item={item.value}
          licences={wallet.state === 'ready' ? wallet.value.licences : []}
        />
      ) : (
        <p>
          {t.notOnline} <a href={`/guide/${encodeURIComponent(code)}`}>{t.readGuide}</a>
        </p>
      )}
    </>
  );
};

export const ApplyPage = () => {
  const t = useStrings();
  const code = useRoute().params.code ?? '';
  return (
    <SignedInOnly
      title={t.applyOnline}
      returnTo={`/apply/${encodeURIComponent(code)}`}
      prompt={t.mustSignInToApply}
    >
      <Application code={code} />
    </SignedInOnly>
  );
};
