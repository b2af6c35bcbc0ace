// 预约: book a slot for an item from its guide (a day, then a time with the places left), a home visit
// (上门办) with the address to come to, moving a booking to another slot; 我的预约 lists one's appointments
// with moving and cancelling before their cut-offs.
import { useState } from 'preact/hooks';
import { useLocation, useRoute } from 'preact-iso';
import type { Slot } from '../../../shared/appointments.ts';
import { type ApiProblem, send, useApi } from '../api.ts';
import { Status } from '../layout.tsx';
import { usePick } from '../staff/text.ts';
import { Field } from './field.tsx';
import { SignedInOnly } from './signed-in-only.tsx';

const weekdays = {
  zh: ['周日', '周一', '周二', '周三', '周四', '周五', '周六'],
  en: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'],
  bo: ['གཟའ་ཉི་མ།', 'གཟའ་ཟླ་བ།', 'གཟའ་མིག་དམར།', 'གཟའ་ལྷག་པ།', 'གཟའ་ཕུར་བུ།', 'གཟའ་པ་སངས།', 'གཟའ་སྤེན་པ།'],
};

const text = {
  zh: {
    book: (item: string) => `预约办理：${item}`,
    home: (item: string) => `预约上门办：${item}`,
    move: (item: string) => `改约：${item}`,
    signInPrompt: '预约需要先登录。',
    day: '选择日期',
    time: '选择时段',
    dayLabel: (date: string, weekday: string, left: number) =>
      `${date.slice(5)} ${weekday}（剩 ${left} 个名额）`,
    left: (n: number) => (n > 0 ? `剩 ${n} 个名额` : '已约满'),
    closed: '已过预约截止时间',
    noDays: '近期没有可预约的时段。',
    notOffered: '这个事项不提供这种预约。',
    caseNumber: '办件编号（可不填）',
    caseHint: '已在网上申请的，填写办件编号，窗口可提前调阅。',
    address: '上门地址',
    division: '所在区县代码',
    divisionHint: (code: string) => `6 位行政区划代码，本辖区为 ${code}`,
    township: '乡镇（街道）代码（可不填）',
    detail: '详细地址',
    detailHint: '街道、门牌号、楼栋、房号',
    phone: '联系电话',
    phoneHint: '上门前工作人员会打这个电话',
    note: '需要说明的情况（可不填）',
    submit: '确认预约',
    submitMove: '确认改约',
    problems: '请先处理以下问题：',
    booked: (id: string) => `预约成功，预约号 ${id}。我们会在前一天短信提醒您。`,
    moved: (id: string) => `已改约，预约号 ${id}。`,
    mine: '查看我的预约',
    failed: '没有成功，请稍后再试。',
    cutoffs: (b: number, r: number, c: number) =>
      `开始前 ${b} 分钟截止预约；改约须提前 ${r} 分钟，取消须提前 ${c} 分钟。`,
    pickTime: '请选择一个时段。',
  },
  en: {
    book: (item: string) => `Book a visit: ${item}`,
    home: (item: string) => `Book a home visit: ${item}`,
    move: (item: string) => `Move the appointment: ${item}`,
    signInPrompt: 'Sign in to book.',
    day: 'Day',
    time: 'Time',
    dayLabel: (date: string, weekday: string, left: number) =>
      `${weekday} ${date.slice(5)} (${left} places left)`,
    left: (n: number) => (n > 0 ? `${n} places left` : 'Full'),
    closed: 'Past the booking cut-off',
    noDays: 'No slots can be booked in the coming days.',
    notOffered: 'This item does not offer this kind of appointment.',
    caseNumber: 'Case number (optional)',
    caseHint: 'If you applied online, give the case number so the window can read it first.',
    address: 'Address of the visit',
    division: 'County code',
    divisionHint: (code: string) => `The 6-digit division code; here it is ${code}`,
    township: 'Township (street) code (optional)',
    detail: 'Address',
    detailHint: 'Street, number, building, room',
    phone: 'Phone',
    phoneHint: 'The visitor calls this number on the way',
    note: 'Anything the visitor should know (optional)',
    submit: 'Book',
    submitMove: 'Move',
    problems: 'Please put these right first:',
    booked: (id: string) => `Booked: appointment ${id}. We will remind you by SMS the day before.`,
    moved: (id: string) => `Moved: appointment ${id}.`,
    mine: 'My appointments',
    failed: 'That did not work; please try again later.',
    cutoffs: (b: number, r: number, c: number) =>
      `Booking closes ${b} minutes before the start; moving ${r} minutes and cancelling ${c} minutes before.`,
    pickTime: 'Please choose a time.',
  },
  bo: {
    book: (item: string) => `སྔོན་འགོག་ལས་སྒྲུབ། ${item}`,
    home: (item: string) => `ཁྱིམ་དུ་ཡོང་ནས་ལས་སྒྲུབ་པར་སྔོན་འགོག ${item}`,
    move: (item: string) => `སྔོན་འགོག་བསྒྱུར། ${item}`,
    signInPrompt: 'སྔོན་འགོག་བྱེད་པར་སྔོན་ལ་ནང་འཛུལ་དགོས།',
    day: 'ཚེས་གྲངས་འདེམས།',
    time: 'དུས་ཚོད་འདེམས།',
    dayLabel: (date: string, weekday: string, left: number) =>
      `${date.slice(5)} ${weekday}（མི་གྲངས་ ${left} ལྷག）`,
    left: (n: number) => (n > 0 ? `མི་གྲངས་ ${n} ལྷག` : 'མི་གྲངས་ཁེངས་ཟིན།'),
    closed: 'སྔོན་འགོག་གི་དུས་མཚམས་ཡོལ་ཟིན།',
    noDays: 'ཉེ་ཆར་སྔོན་འགོག་བྱེད་ཆོག་པའི་དུས་ཚོད་མེད།',
    notOffered: 'རྣམ་གྲངས་འདིར་སྔོན་འགོག་འདི་འདྲ་མེད།',
    caseNumber: 'ལས་དོན་ཨང་རྟགས།（མ་བྲིས་ཀྱང་ཆོག）',
    caseHint: 'དྲ་ཐོག་ནས་ཞུ་སྙན་ཕུལ་ཟིན་ན་ལས་དོན་ཨང་རྟགས་འབྲི་རོགས། ཞབས་ཞུའི་སྒོ་ཁས་སྔོན་ལ་ལྟ་ཐུབ།',
    address: 'ཁྱིམ་དུ་ཡོང་ས་ཁ་བྱང་།',
    division: 'ཆུས་རྫོང་གི་ཨང་རྟགས།',
    divisionHint: (code: string) => `ས་ཁོངས་ཀྱི་ཨང་རྟགས་གནས་ 6། ས་ཁུལ་འདིའི་ཨང་རྟགས་ནི་ ${code} ཡིན།`,
    township: 'ཞང་ངམ་ཁྲོམ་གཞུང་གི་ཨང་རྟགས།（མ་བྲིས་ཀྱང་ཆོག）',
    detail: 'ཁ་བྱང་ཞིབ་ཕྲ།',
    detailHint: 'ལམ་ག་དང་། ཁང་ཨང་། ཁང་བརྩེགས། ཁང་མིག་ཨང་།',
    phone: 'འབྲེལ་གཏུག་ཁ་པར།',
    phoneHint: 'ལས་བྱེད་པ་མ་ཡོང་གོང་ཁ་པར་འདིར་གཏོང་།',
    note: 'གསལ་བཤད་དགོས་པའི་གནས་ཚུལ།（མ་བྲིས་ཀྱང་ཆོག）',
    submit: 'སྔོན་འགོག་གཏན་འཁེལ།',
    submitMove: 'སྔོན་འགོག་བསྒྱུར་བར་གཏན་འཁེལ།',
    problems: 'གཤམ་གྱི་དཀའ་ངལ་སྔོན་ལ་སེལ་རོགས།',
    booked: (id: string) => `སྔོན་འགོག་ལེགས་གྲུབ། སྔོན་འགོག་ཨང་ ${id}། ཉིན་སྔ་མར་ཐུང་འཕྲིན་གྱིས་དྲན་སྐུལ་བྱེད།`,
    moved: (id: string) => `སྔོན་འགོག་བསྒྱུར་ཟིན། སྔོན་འགོག་ཨང་ ${id}།`,
    mine: 'ངའི་སྔོན་འགོག་ལ་ལྟ།',
    failed: 'ལེགས་གྲུབ་མ་བྱུང་། ཅུང་ཙམ་རྗེས་སུ་ཡང་བསྐྱར་ཚོད་ལྟ་གནང་རོགས།',
    cutoffs: (b: number, r: number, c: number) =>
      `འགོ་མ་འཛུགས་གོང་སྐར་མ་ ${b} ལ་སྔོན་འགོག་མཚམས་འཇོག སྔོན་འགོག་བསྒྱུར་ན་སྐར་མ་ ${r} སྔོན་ལ་དང་། མེད་པར་བཟོ་ན་སྐར་མ་ ${c} སྔོན་ལ་བྱེད་དགོས།`,
    pickTime: 'དུས་ཚོད་གཅིག་འདེམས་རོགས།',
  },
};

/** A slot as the slot list gives it: the slot with the places left and whether it may still be booked. */
type SlotView = Slot & { remaining: number; open: boolean };
interface Slots {
  item: { code: string; name: string; department: string };
  kind: 'hall' | 'home';
  offered: boolean;
  halls: Array<{ id: string; name: string; address: string }>;
  cutoffs: { bookMinutes: number; rescheduleMinutes: number; cancelMinutes: number };
  days: Array<{ date: string; slots: SlotView[] }>;
}
export interface AppointmentView {
  id: string;
  kind: 'hall' | 'home';
  status: 'booked' | 'cancelled' | 'arrived' | 'no-show';
  itemCode: string;
  itemName: string;
  slot: SlotView;
  caseNumber?: string;
  address?: { detail: string; contactPhone: string; note?: string };
}

const weekdayOf = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();
const usable = (s: SlotView) => s.open && s.remaining > 0;
const problemAt = (problem: ApiProblem | undefined, path: string) =>
  problem?.details.find((d) => d.path === path)?.message;

const SlotChooser = ({
  slots,
  chosen,
  onChoose,
  error,
}: {
  slots: Slots;
  chosen: string | undefined;
  onChoose: (id: string) => void;
  error?: string;
}) => {
  const pick = usePick();
  const t = pick(text);
  const days = slots.days.filter((d) => d.slots.length > 0);
  const [day, setDay] = useState(() => days.find((d) => d.slots.some(usable))?.date);
  if (days.length === 0) return <p>{t.noDays}</p>;
  const shown = days.find((d) => d.date === day);
  return (
    <>
      <fieldset>
        <legend>{t.day}</legend>
        {days.map((d) => {
          const left = d.slots.filter((s) => s.open).reduce((n, s) => n + s.remaining, 0);
          return (
            <label class="choice" key={d.date}>
              <input
                type="radio"
                name="day"
                value={d.date}
                checked={day === d.date}
                disabled={left === 0}
                onChange={() => setDay(d.date)}
              />
              {t.dayLabel(d.date, pick(weekdays)[weekdayOf(d.date)]!, left)}
            </label>
          );
        })}
      </fieldset>
      {shown && (
        <fieldset class={error ? 'invalid' : undefined} aria-describedby={error ? 'slot-error' : undefined}>
          <legend>{t.time}</legend>
          <ul class="slots">
            {shown.slots.map((s) => (
              <li key={s.id}>
                <label class="choice">
                  <input
                    type="radio"
                    name="slotId"
                    value={s.id}
                    checked={chosen === s.id}
                    disabled={!usable(s)}
                    onChange={() => onChoose(s.id)}
                  />
                  <span>
                    {s.start}–{s.end} ·{' '}
                    <span lang="zh-CN">
                      {s.kind === 'home' ? s.windowName : `${s.hallName} ${s.windowName}`}
                    </span>{' '}
                    · {s.open ? t.left(s.remaining) : t.closed}
                  </span>
                </label>
              </li>
            ))}
          </ul>
          {error && (
            <p id="slot-error" class="error">
              ⚠ {error}
            </p>
          )}
        </fieldset>
      )}
    </>
  );
};

const BookForm = ({ code, kind, move }: { code: string; kind: 'hall' | 'home'; move?: string }) => {
  const t = usePick()(text);
  const slots = useApi<Slots>(`/items/${encodeURIComponent(code)}/appointment-slots?kind=${kind}`);
  const profile = useApi<{ divisionCode?: string }>('/jurisdiction');
  const [slotId, setSlotId] = useState<string>();
  const [caseNumber, setCaseNumber] = useState('');
  const [address, setAddress] = useState({
    divisionCode: '',
    townshipCode: '',
    detail: '',
    contactPhone: '',
    note: '',
  });
  const [problem, setProblem] = useState<ApiProblem>();
  const [done, setDone] = useState<string>();
  if (slots.state !== 'ready') return <Status of={slots} />;
  if (!slots.value.offered) return <p>{t.notOffered}</p>;
  if (done)
    return (
      <div id="booked" aria-live="polite" tabIndex={-1}>
        <p class="note done">{move ? t.moved(done) : t.booked(done)}</p>
        <p>
          <a href="/my-appointments">{t.mine}</a>
        </p>
      </div>
    );
  const submit = async (e: Event) => {
    e.preventDefault();
    if (!slotId) {
      setProblem({ status: 400, details: [{ path: 'body.slotId', message: t.pickTime }] });
      return;
    }
    const body = move
      ? { slotId }
      : {
          itemCode: code,
          slotId,
          ...(caseNumber.trim() ? { caseNumber: caseNumber.trim() } : {}),
          ...(kind === 'home'
            ? {
                address: Object.fromEntries(
                  Object.entries(address)
                    .filter(([, v]) => v.trim() !== '')
                    .map(([k, v]) => [k, v.trim()]),
                ),
              }
            : {}),
        };
    const result = await send<{ id: string }>(
      'POST',
      move ? `/appointments/${encodeURIComponent(move)}/reschedule` : '/appointments',
      body,
    );
    if (result.ok) {
      setProblem(undefined);
      setDone(result.value.id);
      requestAnimationFrame(() => document.getElementById('booked')?.focus());
    } else {
      setProblem(result.problem);
      requestAnimationFrame(() => document.getElementById('book-problems')?.focus());
    }
  };
  const at = (path: string) => problemAt(problem, path);
  const addressField = (key: keyof typeof address, label: string, hint?: string, required = true) => (
    <Field
      id={`address-${key}`}
      label={label}
      hint={hint}
      error={at(`body.address.${key}`)}
      required={required}
    >
      {key === 'contactPhone' ? (
        <input
          type="tel"
          autocomplete="tel"
          value={address[key]}
          onInput={(e) => setAddress({ ...address, [key]: e.currentTarget.value })}
        />
      ) : (
        <input
          value={address[key]}
          onInput={(e) => setAddress({ ...address, [key]: e.currentTarget.value })}
        />
      )}
    </Field>
  );
  const own = profile.state === 'ready' ? (profile.value.divisionCode ?? '') : '';
  return (
    <form class="form" onSubmit={submit} noValidate>
      <p>
        {t.cutoffs(
          slots.value.cutoffs.bookMinutes,
          slots.value.cutoffs.rescheduleMinutes,
          slots.value.cutoffs.cancelMinutes,
        )}
      </p>
      {problem && (
        <div id="book-problems" class="error-summary" role="alert" tabIndex={-1}>
          <p>{problem.message && problem.status !== 400 ? problem.message : t.problems}</p>
          {problem.details.length > 0 && (
            <ul>
              {problem.details.map((d) => (
                <li key={d.path + d.message}>{d.message}</li>
              ))}
            </ul>
          )}
          {problem.status === 0 && <p>{t.failed}</p>}
        </div>
      )}
      <SlotChooser slots={slots.value} chosen={slotId} onChoose={setSlotId} error={at('body.slotId')} />
      {!move && kind === 'home' && (
        <fieldset>
          <legend>{t.address}</legend>
          {addressField('divisionCode', t.division, t.divisionHint(own))}
          {addressField('townshipCode', t.township, undefined, false)}
          {addressField('detail', t.detail, t.detailHint)}
          {addressField('contactPhone', t.phone, t.phoneHint)}
          {addressField('note', t.note, undefined, false)}
        </fieldset>
      )}
      {!move && (
        <Field id="caseNumber" label={t.caseNumber} hint={t.caseHint} error={at('body.caseNumber')}>
          <input value={caseNumber} onInput={(e) => setCaseNumber(e.currentTarget.value)} />
        </Field>
      )}
      <button type="submit">{move ? t.submitMove : t.submit}</button>
    </form>
  );
};

/** /book/{code}: a visit at the hall; ?kind=home a home visit; ?move=<id> moves that appointment. */
export const BookPage = () => {
  const t = usePick()(text);
  const { params } = useRoute();
  const { query, url } = useLocation();
  const code = params.code ?? '';
  const kind = query.kind === 'home' ? 'home' : 'hall';
  const move = query.move && /^YY\d{6}[0-9A-Z]{6}$/.test(query.move) ? query.move : undefined;
  const item = useApi<{ name: string }>(`/items/${encodeURIComponent(code)}`);
  const name = item.state === 'ready' ? item.value.name : code;
  const title = move ? t.move(name) : kind === 'home' ? t.home(name) : t.book(name);
  return (
    <SignedInOnly title={title} returnTo={url} prompt={t.signInPrompt}>
      <BookForm code={code} kind={kind} move={move} />
    </SignedInOnly>
  );
};

const listText = {
  zh: {
    title: '我的预约',
    signInPrompt: '查看预约需要先登录。',
    none: '还没有预约。可在办事指南中点击“预约办理”。',
    barred: (until: string) => `因多次预约未到，${until} 前暂停预约。`,
    number: '预约号',
    when: '时间',
    where: '地点',
    status: { booked: '已预约', cancelled: '已取消', arrived: '已到场', 'no-show': '未到（爽约）' },
    home: '上门服务',
    move: '改约',
    cancel: '取消预约',
    confirm: (item: string, when: string) => `确定取消 ${when} 办理“${item}”的预约吗？`,
    yes: '确定取消',
    no: '不取消',
    cancelled: (id: string) => `预约 ${id} 已取消。`,
  },
  en: {
    title: 'My appointments',
    signInPrompt: 'Sign in to see your appointments.',
    none: 'No appointments yet. Book one from a service guide (“Book a visit”).',
    barred: (until: string) => `After repeated no-shows, booking is paused until ${until}.`,
    number: 'Number',
    when: 'When',
    where: 'Where',
    status: { booked: 'Booked', cancelled: 'Cancelled', arrived: 'Attended', 'no-show': 'Missed' },
    home: 'Home visit',
    move: 'Move',
    cancel: 'Cancel',
    confirm: (item: string, when: string) => `Cancel the appointment for “${item}” on ${when}?`,
    yes: 'Yes, cancel it',
    no: 'Keep it',
    cancelled: (id: string) => `Appointment ${id} is cancelled.`,
  },
  bo: {
    title: 'ངའི་སྔོན་འགོག',
    signInPrompt: 'སྔོན་འགོག་ལ་ལྟ་བར་སྔོན་ལ་ནང་འཛུལ་དགོས།',
    none: 'ད་དུང་སྔོན་འགོག་མེད། ལས་སྒྲུབ་ལམ་སྟོན་ནང་གི་ “སྔོན་འགོག་ལས་སྒྲུབ” ལ་མནན་ཆོག',
    barred: (until: string) => `ཐེངས་མང་པོར་སྔོན་འགོག་བྱས་ཀྱང་མ་འབྱོར་བས། ${until} བར་སྔོན་འགོག་མཚམས་འཇོག`,
    number: 'སྔོན་འགོག་ཨང་།',
    when: 'དུས་ཚོད།',
    where: 'ས་གནས།',
    status: {
      booked: 'སྔོན་འགོག་བྱས་ཟིན།',
      cancelled: 'མེད་པར་བཟོས་ཟིན།',
      arrived: 'འབྱོར་ཟིན།',
      'no-show': 'མ་འབྱོར།',
    },
    home: 'ཁྱིམ་དུ་ཡོང་ནས་ཞབས་ཞུ།',
    move: 'སྔོན་འགོག་བསྒྱུར།',
    cancel: 'སྔོན་འགོག་མེད་པར་བཟོ།',
    confirm: (item: string, when: string) => `${when} ལ་ “${item}” སྒྲུབ་པའི་སྔོན་འགོག་མེད་པར་བཟོ་ངེས་སམ།`,
    yes: 'མེད་པར་བཟོ་བར་གཏན་འཁེལ།',
    no: 'མེད་པར་མི་བཟོ།',
    cancelled: (id: string) => `སྔོན་འགོག་ ${id} མེད་པར་བཟོས་ཟིན།`,
  },
};

const Mine = () => {
  const t = usePick()(listText);
  const [refresh, setRefresh] = useState(0);
  const [asking, setAsking] = useState<string>();
  const [said, setSaid] = useState<string>();
  const mine = useApi<{ appointments: AppointmentView[]; barredUntil?: string }>('/appointments', refresh);
  if (mine.state !== 'ready') return <Status of={mine} />;
  const cancel = async (id: string) => {
    const result = await send('POST', `/appointments/${encodeURIComponent(id)}/cancel`);
    setAsking(undefined);
    setSaid(result.ok ? t.cancelled(id) : (result.problem.message ?? ''));
    setRefresh((n) => n + 1);
  };
  const { appointments, barredUntil } = mine.value;
  return (
    <>
      <p aria-live="polite" class={said ? 'note' : undefined}>
        {said}
      </p>
      {barredUntil && <p class="note">{t.barred(barredUntil)}</p>}
      {appointments.length === 0 ? (
        <p>{t.none}</p>
      ) : (
        <ul class="cards appointments">
          {appointments.map((a) => {
            const when = `${a.slot.date} ${a.slot.start}–${a.slot.end}`;
            return (
              <li key={a.id}>
                <h2 lang="zh-CN">{a.itemName}</h2>
                <dl class="facts">
                  <dt>{t.number}</dt>
                  <dd>{a.id}</dd>
                  <dt>{t.when}</dt>
                  <dd>{when}</dd>
                  <dt>{t.where}</dt>
                  <dd lang="zh-CN">
                    {a.kind === 'home'
                      ? `${t.home} · ${a.address?.detail ?? ''}`
                      : `${a.slot.hallName} ${a.slot.windowName}`}
                  </dd>
                </dl>
                <p class="state">{t.status[a.status]}</p>
                {a.status === 'booked' &&
                  (asking === a.id ? (
                    <fieldset>
                      <legend>{t.confirm(a.itemName, when)}</legend>
                      <div class="buttons">
                        <button type="button" onClick={() => void cancel(a.id)}>
                          {t.yes}
                        </button>
                        <button type="button" class="secondary" onClick={() => setAsking(undefined)}>
                          {t.no}
                        </button>
                      </div>
                    </fieldset>
                  ) : (
                    <div class="buttons">
                      <a
                        class="button"
                        href={`/book/${encodeURIComponent(a.itemCode)}?kind=${a.kind}&move=${a.id}`}
                      >
                        {t.move}
                      </a>
                      <button type="button" class="secondary" onClick={() => setAsking(a.id)}>
                        {t.cancel}
                      </button>
                    </div>
                  ))}
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
};

/** /my-appointments: the signed-in person's appointments. */
export const MyAppointmentsPage = () => {
  const t = usePick()(listText);
  return (
    <SignedInOnly title={t.title} returnTo="/my-appointments" prompt={t.signInPrompt}>
      <Mine />
    </SignedInOnly>
  );
};
