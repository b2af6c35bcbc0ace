// 窗口服务评价 at the window: the clerk records the visit just served (a consultation, or a matter handled on
// the spot, with its item when there is one) and the page shows the QR code the person scans to rate it, the
// code under it, and the link the hall's tablet opens instead. One visit, one rating.
import { useState } from 'preact/hooks';
import { send } from '../api.ts';
import { Field } from '../pages/field.tsx';
import { QrCode } from '../pages/qr-code.tsx';
import { StaffOnly } from './app.tsx';
import { News, useNews } from './news.tsx';
import { useText } from './text.ts';

interface Recorded {
  id: string;
  code: string;
  path: string;
  rateBy: string;
}

const text = {
  zh: {
    title: '窗口服务评价',
    intro:
      '没有形成办件的窗口服务（咨询、当场办结）也请群众评价：记录这次服务后，请群众扫描二维码评价，或在评价器上评价。',
    service: '服务内容',
    services: { consultation: '咨询', handled: '当场办结' },
    item: '事项编码（可不填）',
    itemHint: '当场办结的事项请填写其实施编码，评价会计入该事项的统计。',
    record: '记录这次服务',
    recorded: (id: string) => `已记录服务 ${id}，请群众扫码评价。`,
    failed: '没有记录成功，请稍后再试。',
    qr: (id: string) => `评价服务 ${id} 的二维码`,
    code: '评价码',
    tablet: '在评价器上打开',
    next: '记录下一位群众的服务',
  },
  en: {
    title: 'Rating the window’s service',
    intro:
      'Visits that leave no case behind (consultations, matters handled on the spot) are rated too: record the visit, then the person scans the QR code or rates it on the hall’s tablet.',
    service: 'Service',
    services: { consultation: 'Consultation', handled: 'Handled on the spot' },
    item: 'Item code (optional)',
    itemHint:
      'For a matter handled on the spot, its implementation code: the rating counts for the item too.',
    record: 'Record this visit',
    recorded: (id: string) => `Visit ${id} recorded: the person may now scan the code to rate it.`,
    failed: 'Not recorded; please try again later.',
    qr: (id: string) => `QR code to rate visit ${id}`,
    code: 'Rating code',
    tablet: 'Open on the tablet',
    next: 'Record the next person’s visit',
  },
};

const Visits = () => {
  const t = useText(text);
  const [service, setService] = useState<'consultation' | 'handled'>('consultation');
  const [itemCode, setItemCode] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [recorded, setRecorded] = useState<Recorded>();
  const [said, say] = useNews();
  const submit = async (e: Event) => {
    e.preventDefault();
    const answer = await send<Recorded>('POST', '/window-visits', {
      service,
      ...(itemCode.trim() ? { itemCode: itemCode.trim() } : {}),
    });
    if (!answer.ok) {
      const details = answer.problem.details;
      setErrors(
        details.length
          ? Object.fromEntries(details.map((d) => [d.path.replace(/^body\./, ''), d.message]))
          : { '': t.failed },
      );
      return;
    }
    setErrors({});
    setRecorded(answer.value);
    say(t.recorded(answer.value.id));
  };
  if (recorded) {
    const url = `${location.origin}${recorded.path}`;
    return (
      <>
        <News said={said} />
        <div class="visit-code">
          <QrCode text={url} label={t.qr(recorded.id)} />
          <p>
            {t.code}: <strong class="account-id">{recorded.code}</strong>
          </p>
          <p>
            <a href={`${recorded.path}&channel=tablet`} target="_blank" rel="noopener">
              {t.tablet}
            </a>
          </p>
        </div>
        <button
          type="button"
          onClick={() => {
            setRecorded(undefined);
            setItemCode('');
          }}
        >
          {t.next}
        </button>
      </>
    );
  }
  return (
    <>
      <News said={said} />
      <p>{t.intro}</p>
      <form class="form" noValidate onSubmit={submit}>
        <Field id="visit-service" label={t.service} error={errors.service}>
          <select
            value={service}
            onChange={(e) => setService((e.currentTarget as HTMLSelectElement).value as typeof service)}
          >
            <option value="consultation">{t.services.consultation}</option>
            <option value="handled">{t.services.handled}</option>
          </select>
        </Field>
        <Field id="visit-item" label={t.item} hint={t.itemHint} error={errors.itemCode}>
          <input
            type="text"
            value={itemCode}
            onInput={(e) => setItemCode((e.currentTarget as HTMLInputElement).value)}
          />
        </Field>
        {errors[''] && (
          <p role="alert" class="error">
            ⚠ {errors['']}
          </p>
        )}
        <button type="submit">{t.record}</button>
      </form>
    </>
  );
};

export const VisitsPage = () => {
  const t = useText(text);
  return (
    <StaffOnly title={t.title} roles={['clerk']}>
      <Visits />
    </StaffOnly>
  );
};
