// 证照状态: an administrator of the issuing department looks a licence up by its identifier, sees what any
// verifier sees (status, holder masked), and suspends (暂扣), revokes (撤销), cancels (注销) or restores it,
// with the reason; verifiers see the new status at once through the status lists.
import { useState } from 'preact/hooks';
import { send } from '../api.ts';
import { Field } from '../pages/field.tsx';
import { StaffOnly } from './app.tsx';
import { type Done, doneOf, fieldError, invalid, Outcome } from './outcome.tsx';
import { formErrors } from './problems.ts';
import { usePick, useText } from './text.ts';
import { TextArea } from './text-area.tsx';

interface Verification {
  valid: boolean;
  problems: Array<{ check: string; reason: string }>;
  licence?: {
    name?: string;
    number?: string;
    issuer?: { name?: string };
    holder?: { name?: string; idType?: string; idNumber?: string };
    validFrom?: string;
    validUntil?: string | null;
  };
}

const changes = ['suspended', 'revoked', 'cancelled', 'valid'] as const;
type Change = (typeof changes)[number];
const idPattern = /^1\.2\.156\.3005\.2\.[0-9A-Z.]{20,100}$/;

const text = {
  zh: {
    title: '证照状态管理',
    intro: '只有签发部门的管理员可以变更证照状态；每次变更都记录理由，核验方随即看到新状态。',
    id: '证照标识',
    idHint: '以 1.2.156.3005.2. 开头的证照标识，见证照上的二维码或证照夹。',
    idInvalid: '证照标识应以 1.2.156.3005.2. 开头，只含数字、大写字母和点。',
    lookUp: '查询',
    notFound: '没有这个证照。',
    licence: '证照',
    status: '当前状态',
    holder: '持证主体',
    holderKind: '证件类型',
    holderId: '证件号码（已脱敏）',
    issuer: '签发部门',
    validity: '有效期',
    until: (d: string | null | undefined) => (d ? `至 ${d.slice(0, 10)}` : '长期有效'),
    statusOf: (v: Verification): string =>
      v.problems.some((p) => p.reason === 'suspended')
        ? '暂扣'
        : v.problems.some((p) => p.reason === 'revoked or cancelled')
          ? '已撤销或注销'
          : v.valid
            ? '有效'
            : '无效',
    changeTitle: '变更状态',
    newStatus: '新状态',
    changes: { suspended: '暂扣', revoked: '撤销', cancelled: '注销', valid: '恢复有效' },
    reason: '理由',
    reasonHint: '2 到 500 字，会记入证照的变更记录。',
    reasonMissing: '请写明理由（至少 2 个字）。',
    change: '确认变更',
    changed: (name: string) => `状态已变更为「${name}」。`,
    names: { valid: '有效', suspended: '暂扣', revoked: '撤销', cancelled: '注销' } as Record<string, string>,
  },
  en: {
    title: 'Licence status',
    intro:
      'Only an administrator of the issuing department changes a licence’s status; each change keeps its reason and verifiers see it at once.',
    id: 'Licence identifier',
    idHint: 'Starts with 1.2.156.3005.2. — on the licence’s QR code or in the holder’s wallet.',
    idInvalid: 'An identifier starts with 1.2.156.3005.2. and holds only digits, capitals and dots.',
    lookUp: 'Look up',
    notFound: 'There is no such licence.',
    licence: 'Licence',
    status: 'Status now',
    holder: 'Holder',
    holderKind: 'ID type',
    holderId: 'ID number (masked)',
    issuer: 'Issued by',
    validity: 'Valid',
    until: (d: string | null | undefined) => (d ? `until ${d.slice(0, 10)}` : 'without end'),
    statusOf: (v: Verification): string =>
      v.problems.some((p) => p.reason === 'suspended')
        ? 'Suspended'
        : v.problems.some((p) => p.reason === 'revoked or cancelled')
          ? 'Revoked or cancelled'
          : v.valid
            ? 'Valid'
            : 'Not valid',
    changeTitle: 'Change the status',
    newStatus: 'New status',
    changes: { suspended: 'Suspend', revoked: 'Revoke', cancelled: 'Cancel', valid: 'Restore' },
    reason: 'Reason',
    reasonHint: '2 to 500 characters, kept in the licence’s history.',
    reasonMissing: 'Give the reason (at least 2 characters).',
    change: 'Change',
    changed: (name: string) => `The status is now “${name}”.`,
    names: { valid: 'valid', suspended: 'suspended', revoked: 'revoked', cancelled: 'cancelled' } as Record<
      string,
      string
    >,
  },
};

export const LicencesPage = () => {
  const t = useText(text);
  const pick = usePick();
  const [id, setId] = useState('');
  const [idError, setIdError] = useState<string>();
  const [found, setFound] = useState<{ id: string; verification: Verification }>();
  const [status, setStatus] = useState<Change>('suspended');
  const [reason, setReason] = useState('');
  const [outcome, setOutcome] = useState<Done>();

  const lookUp = async (licenceId: string) => {
    const answer = await send<Verification>('GET', `/verify/${encodeURIComponent(licenceId)}`);
    if (answer.ok) return setFound({ id: licenceId, verification: answer.value });
    setFound(undefined);
    setIdError(answer.problem.status === 404 ? t.notFound : formErrors(answer.problem, pick).general);
  };

  const submitLookUp = async (e: Event) => {
    e.preventDefault();
    setOutcome(undefined);
    const value = id.trim();
    if (!idPattern.test(value)) return setIdError(t.idInvalid);
    setIdError(undefined);
    await lookUp(value);
  };

  const change = async (e: Event) => {
    e.preventDefault();
    if (!found) return;
    if (reason.trim().length < 2) return setOutcome(invalid({ reason: t.reasonMissing }));
    const answer = await send<{ status: string }>('POST', `/licences/${found.id}/status`, {
      status,
      reason: reason.trim(),
    });
    if (!answer.ok) return setOutcome(doneOf(answer, '', pick));
    setOutcome({ ok: true, message: t.changed(t.names[answer.value.status] ?? answer.value.status) });
    setReason('');
    await lookUp(found.id);
  };

  const licence = found?.verification.licence;
  return (
    <StaffOnly title={t.title} roles={['admin']}>
      <p>{t.intro}</p>
      <form class="form" noValidate onSubmit={submitLookUp}>
        <Field id="licence-id" label={t.id} hint={t.idHint} error={idError}>
          <input
            value={id}
            autocomplete="off"
            spellcheck={false}
            onInput={(e) => setId((e.currentTarget as HTMLInputElement).value)}
          />
        </Field>
        <button type="submit">{t.lookUp}</button>
      </form>
      {found && (
        <section aria-labelledby="licence-found">
          <h2 id="licence-found" lang="zh-CN">
            {licence?.name ?? t.licence}
          </h2>
          <dl class="facts">
            <dt>{t.status}</dt>
            <dd>
              <strong>{t.statusOf(found.verification)}</strong>
            </dd>
            <dt>{t.holder}</dt>
            <dd lang="zh-CN">{licence?.holder?.name}</dd>
            <dt>{t.holderKind}</dt>
            <dd lang="zh-CN">{licence?.holder?.idType}</dd>
            <dt>{t.holderId}</dt>
            <dd>{licence?.holder?.idNumber}</dd>
            <dt>{t.issuer}</dt>
            <dd lang="zh-CN">{licence?.issuer?.name}</dd>
            <dt>{t.validity}</dt>
            <dd>
              {licence?.validFrom?.slice(0, 10)} {t.until(licence?.validUntil)}
            </dd>
          </dl>
          <form class="form" noValidate onSubmit={change}>
            <h3>{t.changeTitle}</h3>
            <fieldset>
              <legend>{t.newStatus}</legend>
              {changes.map((c) => (
                <label key={c} class="choice">
                  <input
                    type="radio"
                    name="status"
                    value={c}
                    checked={status === c}
                    onChange={() => setStatus(c)}
                  />
                  {t.changes[c]}
                </label>
              ))}
            </fieldset>
            <TextArea
              id="reason"
              label={t.reason}
              hint={t.reasonHint}
              error={fieldError(outcome, 'reason')}
              rows={3}
              value={reason}
              onValue={setReason}
            />
            <button type="submit">{t.change}</button>
            <Outcome done={outcome} />
          </form>
        </section>
      )}
    </StaffOnly>
  );
};
