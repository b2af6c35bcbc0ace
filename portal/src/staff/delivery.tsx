// 物流寄递 on the workbench's case view: how the result reaches the applicant (the address for the window
// that sends it), the waybill and where it is, the materials that came by post, and for the window the form
// that records an envelope (its waybill number and the materials in it) and the hand-over of a result that
// came back from a failed delivery.
import { useState } from 'preact/hooks';
import { send, useApi } from '../api.ts';
import { Status } from '../layout.tsx';
import { staffOf } from '../session.ts';
import { useText } from './text.ts';

const text = {
  zh: {
    title: '物流寄递',
    pickup: '窗口领取',
    courier: '邮寄送达',
    method: '领取方式',
    address: '收件地址',
    waybill: '结果运单',
    notSent: '尚未寄出',
    mailedIn: '邮寄收到的材料',
    none: '暂无',
    record: '登记邮寄材料',
    waybillNumber: '运单号',
    courierName: '快递公司',
    materials: '信封里的材料',
    note: '备注（可不填）',
    save: '登记',
    recorded: (n: string) => `已登记运单 ${n} 的材料。`,
    handOver: '申请人已到窗口领取',
    handed: '结果已交申请人，办件已领取。',
    failed: '未能保存：',
    kinds: {
      created: '已下单',
      collected: '已揽收',
      'in-transit': '运输中',
      'out-for-delivery': '派送中',
      delivered: '已签收',
      'failed-attempt': '投递未成功',
      returned: '已退回大厅',
    } as Record<string, string>,
  },
  en: {
    title: 'Courier delivery',
    pickup: 'Pick-up at the window',
    courier: 'Delivery by courier',
    method: 'Receiving the result',
    address: 'Address',
    waybill: 'Result’s waybill',
    notSent: 'Not sent yet',
    mailedIn: 'Materials received by post',
    none: 'None',
    record: 'Record materials received by post',
    waybillNumber: 'Waybill number',
    courierName: 'Courier',
    materials: 'Materials in the envelope',
    note: 'Note (optional)',
    save: 'Record',
    recorded: (n: string) => `Materials of waybill ${n} recorded.`,
    handOver: 'The applicant picked the result up',
    handed: 'The result was handed over; the case is picked up.',
    failed: 'Not saved: ',
    kinds: {
      created: 'Waybill made',
      collected: 'Collected',
      'in-transit': 'In transit',
      'out-for-delivery': 'Out for delivery',
      delivered: 'Delivered',
      'failed-attempt': 'Delivery attempt failed',
      returned: 'Back at the hall',
    } as Record<string, string>,
  },
};

interface DeliveryView {
  delivery: {
    method: 'pickup' | 'courier';
    address?: { recipient: string; mobile: string; detail: string };
  };
  shipment?: { waybillNumber: string; courier: string; status: string };
  mailedIn: Array<{ waybillNumber: string; courier: string; materialIds: string[]; receivedAt: string }>;
}

export const DeliveryPanel = ({
  caseNumber,
  actions,
  materials,
  refresh,
  done,
}: {
  caseNumber: string;
  actions: readonly string[];
  materials: ReadonlyArray<{ id: string; name: string }>;
  refresh: number;
  done: (message: string) => void;
}) => {
  const t = useText(text);
  const staff = staffOf();
  const view = useApi<DeliveryView>(`/cases/${caseNumber}/delivery`, refresh);
  const [waybill, setWaybill] = useState('');
  const [courier, setCourier] = useState('EMS');
  const [picked, setPicked] = useState<string[]>([]);
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  if (view.state !== 'ready') return <Status of={view} />;
  const v = view.value;
  const clerk = staff.roles.includes('clerk');
  const nameOf = (id: string) => materials.find((m) => m.id === id)?.name ?? id;

  const record = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    const answer = await send('POST', `/cases/${caseNumber}/mailed-materials`, {
      waybillNumber: waybill.trim().toUpperCase(),
      courier,
      materialIds: picked,
      ...(note.trim() ? { note: note.trim() } : {}),
    });
    setBusy(false);
    if (answer.ok) {
      setErrors({});
      setWaybill('');
      setPicked([]);
      setNote('');
      done(t.recorded(waybill.trim().toUpperCase()));
      return;
    }
    const found: Record<string, string> = {};
    for (const d of answer.problem.details) {
      const field = /^body\.(waybillNumber|courier|materialIds|note)/.exec(d.path)?.[1] ?? 'form';
      found[field] = found[field] ? `${found[field]}；${d.message}` : d.message;
    }
    if (answer.problem.details.length === 0)
      found.form = answer.problem.message ?? String(answer.problem.status);
    setErrors(found);
  };

  const handOver = async () => {
    setBusy(true);
    const answer = await send('POST', `/cases/${caseNumber}/pickup`, {});
    setBusy(false);
    if (answer.ok) done(t.handed);
    else setErrors({ form: answer.problem.message ?? String(answer.problem.status) });
  };

  const described = (field: string) => (errors[field] ? `mailed-${field}-error` : undefined);
  const error = (field: string) =>
    errors[field] && (
      <p id={`mailed-${field}-error`} class="error">
        ⚠ {errors[field]}
      </p>
    );

  return (
    <section aria-labelledby="delivery-title">
      <h2 id="delivery-title">{t.title}</h2>
      <dl class="facts">
        <dt>{t.method}</dt>
        <dd>{v.delivery.method === 'courier' ? t.courier : t.pickup}</dd>
        {v.delivery.address && (
          <>
            <dt>{t.address}</dt>
            <dd lang="zh-CN">
              {v.delivery.address.recipient} {v.delivery.address.mobile} {v.delivery.address.detail}
            </dd>
          </>
        )}
        <dt>{t.waybill}</dt>
        <dd>
          {v.shipment
            ? `${v.shipment.courier} ${v.shipment.waybillNumber} · ${t.kinds[v.shipment.status] ?? v.shipment.status}`
            : t.notSent}
        </dd>
        <dt>{t.mailedIn}</dt>
        <dd>
          {v.mailedIn.length === 0
            ? t.none
            : v.mailedIn.map((m) => (
                <span key={m.waybillNumber} class="meta">
                  {m.courier} {m.waybillNumber}：
                  <span lang="zh-CN">{m.materialIds.map(nameOf).join('、')}</span>
                </span>
              ))}
        </dd>
      </dl>
      {errors.form && <p class="error">⚠ {`${t.failed}${errors.form}`}</p>}
      {clerk && actions.includes('hand-over') && (
        <button type="button" disabled={busy} onClick={() => void handOver()}>
          {t.handOver}
        </button>
      )}
      {clerk && actions.includes('record-mailed-materials') && (
        <form class="form" onSubmit={record} noValidate aria-labelledby="mailed-title">
          <h3 id="mailed-title">{t.record}</h3>
          <div class={errors.waybillNumber ? 'field invalid' : 'field'}>
            <label for="mailed-waybillNumber">{t.waybillNumber}</label>
            <input
              id="mailed-waybillNumber"
              value={waybill}
              autoComplete="off"
              aria-invalid={errors.waybillNumber ? 'true' : undefined}
              aria-describedby={described('waybillNumber')}
              onInput={(e) => setWaybill((e.currentTarget as HTMLInputElement).value)}
            />
            {error('waybillNumber')}
          </div>
          <div class="field">
            <label for="mailed-courier">{t.courierName}</label>
            <input
              id="mailed-courier"
              value={courier}
              onInput={(e) => setCourier((e.currentTarget as HTMLInputElement).value)}
            />
          </div>
          <fieldset
            class={errors.materialIds ? 'choices invalid' : 'choices'}
            aria-describedby={described('materialIds')}
          >
            <legend>{t.materials}</legend>
            {materials.map((m) => (
              <label key={m.id}>
                <input
                  type="checkbox"
                  checked={picked.includes(m.id)}
                  onChange={(e) =>
                    setPicked((p) =>
                      (e.currentTarget as HTMLInputElement).checked
                        ? [...p, m.id]
                        : p.filter((x) => x !== m.id),
                    )
                  }
                />{' '}
                <span lang="zh-CN">{m.name}</span>
              </label>
            ))}
            {error('materialIds')}
          </fieldset>
          <div class="field">
            <label for="mailed-note">{t.note}</label>
            <input
              id="mailed-note"
              value={note}
              onInput={(e) => setNote((e.currentTarget as HTMLInputElement).value)}
            />
          </div>
          <button type="submit" disabled={busy}>
            {t.save}
          </button>
        </form>
      )}
    </section>
  );
};
