// The full guide of one item (办事指南): limits, fees, conditions, materials and how each may be replaced,
// steps, legal basis, questions and answers, where and when, phones. The catalogue's text is Chinese, so it
// is marked lang="zh-CN" for screen readers when the interface is in another language.
import { useRoute } from 'preact-iso';
import { appliesOnline, type Item, type Material, useApi } from '../api.ts';
import { type Strings, useStrings } from '../i18n.ts';
import { Status } from '../layout.tsx';
import { usePick } from '../staff/text.ts';

const bookingText = {
  zh: { book: '预约办理', home: '预约上门办', note: '到大厅办理可先预约时段；上门办由工作人员到家中办理。' },
  en: {
    book: 'Book a visit',
    home: 'Book a home visit',
    note: 'Book a time at the hall before you come; for a home visit the staff come to you.',
  },
  bo: {
    book: 'སྔོན་འགོག་ལས་སྒྲུབ།',
    home: 'ཁྱིམ་དུ་ཡོང་ནས་ལས་སྒྲུབ་པར་སྔོན་འགོག',
    note: 'ཚོམ་ཆེན་དུ་ལས་སྒྲུབ་པར་སྔོན་ལ་དུས་ཚོད་སྔོན་འགོག་བྱེད་ཆོག ཁྱིམ་དུ་ཡོང་ནས་ལས་སྒྲུབ་ན་ལས་བྱེད་པ་ཁྱེད་ཀྱི་ཁྱིམ་དུ་ཡོང་།',
  },
};

/** 预约 links of an item that takes appointments (and home visits, where it allows them). */
const Booking = ({ item, code }: { item: Item; code: string }) => {
  const t = usePick()(bookingText);
  if (!item.channels?.appointment && !item.channels?.homeVisit) return null;
  const path = `/book/${encodeURIComponent(code)}`;
  return (
    <p class="note">
      {item.channels.appointment && (
        <a class="button" href={path}>
          {t.book}
        </a>
      )}{' '}
      {item.channels.homeVisit && (
        <a class="button" href={`${path}?kind=home`}>
          {t.home}
        </a>
      )}{' '}
      {t.note}
    </p>
  );
};

const replacements = (m: Material, t: Strings) => {
  const ways = [
    m.licenceType ? t.byLicence(m.licenceType) : undefined,
    m.commitmentAllowed ? t.byCommitment : undefined,
    m.deferrable ? t.deferrable : undefined,
  ].filter((w): w is string => w !== undefined);
  return ways.length > 0 ? ways.join('；') : t.none;
};

const Facts = ({ item, t }: { item: Item; t: Strings }) => (
  <dl class="facts">
    <dt>{t.department}</dt>
    <dd lang="zh-CN">{item.implementingBody.name}</dd>
    <dt>{t.itemType}</dt>
    <dd>{t.itemTypes[item.type] ?? item.type}</dd>
    <dt>{t.statutoryLimit}</dt>
    <dd>{t.workingDays(item.statutoryLimit.value)}</dd>
    <dt>{t.promisedLimit}</dt>
    <dd>{t.workingDays(item.promisedLimit.value)}</dd>
    <dt>{t.onSiteVisits}</dt>
    <dd>
      {t.visits(item.onSiteVisits)}
      {item.channels?.fullyOnline ? ` · ${t.fullyOnline}` : ''}
    </dd>
    <dt>{t.fees}</dt>
    <dd>
      {item.fees.free
        ? t.free
        : item.fees.items.map((fee) => (
            <span key={fee.name} class="fee">
              {fee.name}：{fee.standard}（{fee.basis}）
            </span>
          ))}
    </dd>
  </dl>
);

export const GuidePage = () => {
  const t = useStrings();
  const { params } = useRoute();
  const loaded = useApi<Item>(`/items/${encodeURIComponent(params.code ?? '')}`);
  if (loaded.state !== 'ready') return <Status of={loaded} />;
  const item = loaded.value;
  return (
    <article>
      <h1 lang="zh-CN">{item.name}</h1>
      <Facts item={item} t={t} />
      {appliesOnline(item) ? (
        <p class="note">
          <a class="button" href={`/apply/${encodeURIComponent(params.code ?? '')}`}>
            {t.applyOnline}
          </a>{' '}
          {t.applyNote}
        </p>
      ) : (
        <p class="note">{t.notOnline}</p>
      )}
      <Booking item={item} code={params.code ?? ''} />

      <h2>{t.conditions}</h2>
      <ul lang="zh-CN">
        {item.acceptanceConditions.map((c) => (
          <li key={c}>{c}</li>
        ))}
      </ul>

      <h2 id="materials">{t.materials}</h2>
      <div class="table-scroll">
        <table class="materials" aria-labelledby="materials">
          <thead>
            <tr>
              <th scope="col">{t.material}</th>
              <th scope="col">{t.copies}</th>
              <th scope="col">{t.form}</th>
              <th scope="col">{t.replaceable}</th>
            </tr>
          </thead>
          <tbody>
            {item.materials.map((m) => (
              <tr key={m.id}>
                <th scope="row">
                  <span lang="zh-CN">{m.name}</span>
                  <span class="meta">{m.required ? t.required : t.optional}</span>
                </th>
                <td data-label={t.copies}>{t.copiesValue(m.originals, m.copies)}</td>
                <td data-label={t.form}>{t.forms[m.form] ?? m.form}</td>
                <td data-label={t.replaceable}>{replacements(m, t)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2>{t.process}</h2>
      <ol lang="zh-CN">
        {item.processSteps.map((step) => (
          <li key={step.name}>
            <strong>{step.name}</strong>：{step.description}
          </li>
        ))}
      </ol>

      <h2>{t.legalBasis}</h2>
      <ul lang="zh-CN">
        {item.legalBasis.map((law) => (
          <li key={`${law.name}${law.article ?? ''}`}>
            {law.name}
            {law.article ?? ''}
          </li>
        ))}
      </ul>

      {item.faqs.length > 0 && (
        <>
          <h2>{t.faqs}</h2>
          <dl class="faqs" lang="zh-CN">
            {item.faqs.map((faq) => (
              <div key={faq.q}>
                <dt>{faq.q}</dt>
                <dd>{faq.a}</dd>
              </div>
            ))}
          </dl>
        </>
      )}

      <h2>{t.venue}</h2>
      <dl class="facts">
        {item.venue && (
          <>
            <dt>{t.venue}</dt>
            <dd lang="zh-CN">{item.venue}</dd>
          </>
        )}
        {item.officeHours && (
          <>
            <dt>{t.officeHours}</dt>
            <dd lang="zh-CN">{item.officeHours}</dd>
          </>
        )}
        {item.consultationPhone && (
          <>
            <dt>{t.consultation}</dt>
            <dd>
              <a href={`tel:${item.consultationPhone}`}>{item.consultationPhone}</a>
            </dd>
          </>
        )}
        {item.complaintPhone && (
          <>
            <dt>{t.complaint}</dt>
            <dd>
              <a href={`tel:${item.complaintPhone}`}>{item.complaintPhone}</a>
            </dd>
          </>
        )}
      </dl>
    </article>
  );
};
