// 物流寄递 on the applicant's pages: the choice of pick-up at the hall or delivery by courier, with the
// address's province, city and county picked from the division table (each list narrowed by the one above,
// so a county always belongs to its city), and on the case page the choice, the waybill and its tracking as
// a timeline, the note to come to the window when a delivery failed, and the form to choose or change
// delivery until the result is sent.
import { useEffect, useRef, useState } from 'preact/hooks';
import { citiesOf, countiesOf, deliveryProvinces } from '../../../shared/divisions.ts';
import { send, useApi } from '../api.ts';
import { useStrings } from '../i18n.ts';
import { Status } from '../layout.tsx';
import { Field } from './field.tsx';
import { ErrorSummary, type Problem, problemsOf } from './problems.tsx';

export interface AddressValue {
  recipient: string;
  mobile: string;
  provinceCode: string;
  cityCode: string;
  countyCode: string;
  detail: string;
  postalCode: string;
}
export interface DeliveryValue {
  method: 'pickup' | 'courier';
  address: AddressValue;
}

export const emptyDelivery: DeliveryValue = {
  method: 'pickup',
  address: {
    recipient: '',
    mobile: '',
    provinceCode: '',
    cityCode: '',
    countyCode: '',
    detail: '',
    postalCode: '',
  },
};

/** The request body's `delivery`: pick-up alone, or the address without its empty optional field. */
export const deliveryBody = (value: DeliveryValue) => {
  if (value.method === 'pickup') return { method: 'pickup' as const };
  const { postalCode, ...address } = value.address;
  return { method: 'courier' as const, address: postalCode ? { ...address, postalCode } : address };
};

/** A problem the API reported about the choice, as `delivery.<field>` (or '' when it is not one). */
export const deliveryField = (path: string) => {
  const at =
    /^body\.(?:delivery\.)?(?:address\.)?(method|recipient|mobile|provinceCode|cityCode|countyCode|detail|postalCode)$/.exec(
      path,
    );
  return at ? `delivery.${at[1]}` : undefined;
};

const autoComplete = {
  recipient: 'name',
  mobile: 'tel-national',
  detail: 'street-address',
  postalCode: 'postal-code',
} as const;

const addressFields = [
  'recipient',
  'mobile',
  'provinceCode',
  'cityCode',
  'countyCode',
  'detail',
  'postalCode',
] as const;

export const DeliveryPicker = ({
  id,
  value,
  onChange,
  errors,
}: {
  id: string;
  value: DeliveryValue;
  onChange: (next: DeliveryValue, field: string) => void;
  errors: Record<string, string>;
}) => {
  const t = useStrings().delivery;
  const a = value.address;
  const set = (patch: Partial<AddressValue>, field: string) =>
    onChange({ ...value, address: { ...a, ...patch } }, `delivery.${field}`);
  const text = (field: 'recipient' | 'mobile' | 'detail' | 'postalCode', label: string, extra = {}) => (
    <Field
      id={`${id}-${field}`}
      label={label}
      error={errors[`delivery.${field}`]}
      required={field !== 'postalCode'}
      {...extra}
    >
      <input
        type="text"
        inputMode={field === 'mobile' || field === 'postalCode' ? 'numeric' : 'text'}
        autoComplete={autoComplete[field]}
        value={a[field]}
        onInput={(e) => set({ [field]: (e.currentTarget as HTMLInputElement).value }, field)}
      />
    </Field>
  );
  const select = (
    field: 'provinceCode' | 'cityCode' | 'countyCode',
    label: string,
    options: Array<{ code: string; name: string }>,
    reset: Partial<AddressValue>,
  ) => (
    <Field id={`${id}-${field}`} label={label} error={errors[`delivery.${field}`]} required>
      <select
        value={a[field]}
        disabled={options.length === 0}
        onChange={(e) => set({ ...reset, [field]: (e.currentTarget as HTMLSelectElement).value }, field)}
      >
        <option value="">{t.choose}</option>
        {options.map((o) => (
          <option key={o.code} value={o.code} lang="zh-CN">
            {o.name}
          </option>
        ))}
      </select>
    </Field>
  );
  return (
    <>
      <fieldset
        class={errors['delivery.method'] ? 'choices invalid' : 'choices'}
        id={`${id}-method`}
        aria-describedby={errors['delivery.method'] ? `${id}-method-error` : undefined}
      >
        <legend>{t.method}</legend>
        {(['pickup', 'courier'] as const).map((method) => (
          <label key={method}>
            <input
              type="radio"
              name={`${id}-method`}
              value={method}
              checked={value.method === method}
              aria-invalid={errors['delivery.method'] ? 'true' : undefined}
              onChange={() => onChange({ ...value, method }, 'delivery.method')}
            />{' '}
            {t[method]}
          </label>
        ))}
        {errors['delivery.method'] && (
          <p id={`${id}-method-error`} class="error">
            ⚠ {errors['delivery.method']}
          </p>
        )}
      </fieldset>
      {value.method === 'courier' && (
        <div class="address">
          {text('recipient', t.recipient)}
          {text('mobile', t.mobile)}
          {select('provinceCode', t.province, deliveryProvinces(), { cityCode: '', countyCode: '' })}
          {select('cityCode', t.city, a.provinceCode ? citiesOf(a.provinceCode) : [], { countyCode: '' })}
          {select('countyCode', t.county, a.cityCode ? countiesOf(a.cityCode) : [], {})}
          {text('detail', t.detail, { hint: t.detailHint })}
          {text('postalCode', t.postalCode)}
        </div>
      )}
    </>
  );
};

/** The label of a `delivery.<field>` problem in the error summary. */
export const useDeliveryLabel = () => {
  const t = useStrings().delivery;
  return (field: string) => {
    const name = field.replace(/^delivery\./, '') as (typeof addressFields)[number] | 'method';
    const labels: Record<string, string> = {
      method: t.method,
      recipient: t.recipient,
      mobile: t.mobile,
      provinceCode: t.province,
      cityCode: t.city,
      countyCode: t.county,
      detail: t.detail,
      postalCode: t.postalCode,
    };
    return labels[name] ?? name;
  };
};

interface Shipment {
  waybillNumber: string;
  courier: string;
  status: string;
  events: Array<{ eventId: string; kind: string; occurredAt: string; location?: string; note?: string }>;
}
interface DeliveryView {
  status: string;
  offered: boolean;
  canChoose: boolean;
  delivery: {
    method: 'pickup' | 'courier';
    address?: Omit<AddressValue, 'postalCode'> & { postalCode?: string };
  };
  shipment?: Shipment;
  mailedIn: Array<{ waybillNumber: string; courier: string; materialIds: string[]; receivedAt: string }>;
  hall: { address: string; hours: string };
}

/** Where a case's result has arrived, or can no longer be sent. */
const settled = new Set(['DELIVERED', 'AWAITING_PICKUP', 'PICKED_UP', 'DENIED', 'NOT_ACCEPTED', 'WITHDRAWN']);

const beijingTime = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Asia/Shanghai',
  dateStyle: 'short',
  timeStyle: 'short',
});
const when = (iso: string) => beijingTime.format(new Date(iso));

/** The case page's section: the choice, the tracking timeline, and the form to choose or change. */
export const DeliverySection = ({
  caseNumber,
  version,
  done,
}: {
  caseNumber: string;
  version: number;
  done: () => void;
}) => {
  const t = useStrings();
  const d = t.delivery;
  const path = `/cases/${encodeURIComponent(caseNumber)}/delivery`;
  const [tick, setTick] = useState(0);
  const view = useApi<DeliveryView>(path, version * 1000 + tick);
  // Until a result sent by courier arrives (or comes back), the section reads it again now and then (a few
  // minutes at most), and tells the page when the case has moved on.
  const status = view.state === 'ready' ? view.value.status : undefined;
  const travelling =
    view.state === 'ready' && view.value.delivery.method === 'courier' && !settled.has(view.value.status);
  const seen = useRef(status);
  useEffect(() => {
    if (status && seen.current && status !== seen.current) done();
    seen.current = status;
  }, [status]);
  useEffect(() => {
    if (!travelling || tick >= 60) return;
    const timer = setTimeout(() => setTick((n) => n + 1), 3000);
    return () => clearTimeout(timer);
  }, [travelling, tick]);
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState<DeliveryValue>(emptyDelivery);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [attempt, setAttempt] = useState(0);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const labelOf = useDeliveryLabel();
  if (view.state !== 'ready') return <Status of={view} />;
  const v = view.value;
  const open =
    v.offered && v.canChoose && (editing || (v.status === 'COMPLETED' && v.delivery.method === 'pickup'));
  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    const answer = await send('PUT', path, deliveryBody(value));
    setBusy(false);
    if (answer.ok) {
      setProblems([]);
      setEditing(false);
      setSaved(true);
      done();
      return;
    }
    setProblems(
      problemsOf(answer.problem, t).map((p, i) => ({
        ...p,
        field: deliveryField(answer.problem.details[i]?.path ?? '') ?? '',
      })),
    );
    setAttempt((n) => n + 1);
  };
  const errors = Object.fromEntries(problems.filter((p) => p.field).map((p) => [p.field, p.message]));
  const address = v.delivery.address;
  return (
    <section aria-labelledby="delivery-title">
      <h2 id="delivery-title">{d.title}</h2>
      <p aria-live="polite">{saved ? d.saved : ''}</p>
      <p>
        {d.chosen}
        {t.colon}
        <strong>{v.delivery.method === 'courier' ? d.courier : d.pickup}</strong>
        {address && (
          <>
            {' '}
            · {d.sentTo}
            {t.colon}
            <span lang="zh-CN">
              {address.recipient} {address.mobile.slice(0, 3)}****{address.mobile.slice(-4)} {address.detail}
            </span>
          </>
        )}
      </p>
      {!v.offered && <p class="hint">{d.notOffered}</p>}
      {v.status === 'AWAITING_PICKUP' && <p class="note">{d.returnedNote(v.hall.address, v.hall.hours)}</p>}
      {v.status === 'DELIVERED' && <p class="note done">{d.deliveredNote}</p>}
      {v.shipment ? (
        <>
          <h3>{d.tracking}</h3>
          <p>
            {d.courierName}
            {t.colon}
            {v.shipment.courier} · {d.waybill}
            {t.colon}
            <strong>{v.shipment.waybillNumber}</strong> ·{' '}
            <strong>{d.kinds[v.shipment.status] ?? v.shipment.status}</strong>
          </p>
          <ol class="history timeline" aria-label={d.tracking}>
            {[...v.shipment.events].reverse().map((e) => (
              <li key={e.eventId}>
                <time dateTime={e.occurredAt}>{when(e.occurredAt)}</time>{' '}
                <strong>{d.kinds[e.kind] ?? e.kind}</strong>
                {(e.location || e.note) && (
                  <span class="meta" lang="zh-CN">
                    {[e.location, e.note].filter(Boolean).join(' · ')}
                  </span>
                )}
              </li>
            ))}
          </ol>
        </>
      ) : (
        v.delivery.method === 'courier' && <p class="hint">{d.noTracking}</p>
      )}
      {v.mailedIn.length > 0 && (
        <>
          <h3>{d.mailedIn}</h3>
          <ul>
            {v.mailedIn.map((m) => (
              <li key={m.waybillNumber}>
                {m.courier} {m.waybillNumber} · {when(m.receivedAt)}
              </li>
            ))}
          </ul>
        </>
      )}
      {v.offered && v.canChoose && !open && (
        <button type="button" class="secondary" onClick={() => setEditing(true)}>
          {d.change}
        </button>
      )}
      {open && (
        <form class="form" onSubmit={submit} noValidate>
          {problems.length > 0 && (
            <ErrorSummary id="delivery-problems" problems={problems} attempt={attempt} labelOf={labelOf} />
          )}
          <DeliveryPicker
            id="delivery"
            value={value}
            errors={errors}
            onChange={(next, field) => {
              setValue(next);
              setProblems((ps) => ps.filter((p) => p.field !== field));
            }}
          />
          <button type="submit" disabled={busy}>
            {d.save}
          </button>
        </form>
      )}
    </section>
  );
};
