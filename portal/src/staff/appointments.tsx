// 当日预约 the window's day: a hall's appointments of a date (or the home visits), in slot order, with who
// booked, for what and at which window; the clerk records each arrival (到场) and no-show (爽约). The API says
// when a mark is too early or comes too late, and the answer is read out in the live region.
import { useState } from 'preact/hooks';
import { send, useApi } from '../api.ts';
import { Status } from '../layout.tsx';
import type { AppointmentView } from '../pages/appointments.tsx';
import { StaffOnly } from './app.tsx';
import { Table } from './cases.tsx';
import { useText } from './text.ts';

const text = {
  zh: {
    title: '当日预约',
    hall: '大厅',
    homeVisits: '上门服务',
    window: '窗口',
    everyWindow: '全部窗口',
    date: '日期',
    show: '查看',
    caption: (hall: string, date: string) => `${hall} ${date} 的预约（按时段）`,
    counts: (c: Counts) =>
      `已预约 ${c.booked} · 已到场 ${c.arrived} · 爽约 ${c['no-show']} · 已取消 ${c.cancelled}`,
    time: '时段',
    person: '预约人',
    item: '事项',
    where: '窗口 / 地址',
    status: '状态',
    actions: '登记',
    statuses: { booked: '待到场', cancelled: '已取消', arrived: '已到场', 'no-show': '爽约' },
    arrived: '到场',
    noShow: '爽约',
    marked: (name: string, what: string) => `已登记：${name} ${what}。`,
    empty: '这一天没有预约。',
  },
  en: {
    title: 'Appointments of the day',
    hall: 'Hall',
    homeVisits: 'Home visits',
    window: 'Window',
    everyWindow: 'Every window',
    date: 'Date',
    show: 'Show',
    caption: (hall: string, date: string) => `Appointments at ${hall} on ${date}, by time`,
    counts: (c: Counts) =>
      `Booked ${c.booked} · attended ${c.arrived} · missed ${c['no-show']} · cancelled ${c.cancelled}`,
    time: 'Time',
    person: 'Person',
    item: 'Item',
    where: 'Window / address',
    status: 'Status',
    actions: 'Record',
    statuses: { booked: 'Expected', cancelled: 'Cancelled', arrived: 'Attended', 'no-show': 'Missed' },
    arrived: 'Arrived',
    noShow: 'No-show',
    marked: (name: string, what: string) => `Recorded: ${name}, ${what}.`,
    empty: 'No appointments on this day.',
  },
};

interface Counts {
  booked: number;
  arrived: number;
  'no-show': number;
  cancelled: number;
}
interface Day {
  hall: string;
  date: string;
  halls: Array<{ id: string; name: string; windows: Array<{ id: string; name: string }> }>;
  counts: Counts;
  appointments: Array<AppointmentView & { name: string }>;
}

const DayList = ({ hall, date, window }: { hall: string; date: string; window: string }) => {
  const t = useText(text);
  const [refresh, setRefresh] = useState(0);
  const [said, setSaid] = useState('');
  const query = new URLSearchParams({
    ...(hall ? { hall } : {}),
    ...(date ? { date } : {}),
    ...(window ? { window } : {}),
  });
  const day = useApi<Day>(`/window/appointments?${query}`, refresh);
  if (day.state !== 'ready') return <Status of={day} />;
  const { appointments, counts, halls } = day.value;
  const hallName =
    day.value.hall === 'home' ? t.homeVisits : (halls.find((h) => h.id === day.value.hall)?.name ?? '');
  const mark = async (a: Day['appointments'][number], what: 'arrival' | 'no-show') => {
    const result = await send('POST', `/appointments/${a.id}/${what}`);
    setSaid(
      result.ok
        ? t.marked(a.name, what === 'arrival' ? t.arrived : t.noShow)
        : (result.problem.message ?? ''),
    );
    setRefresh((n) => n + 1);
  };
  return (
    <>
      <p aria-live="polite" class={said ? 'note' : undefined}>
        {said}
      </p>
      <p>{t.counts(counts)}</p>
      {appointments.length === 0 ? (
        <p>{t.empty}</p>
      ) : (
        <Table
          caption={t.caption(hallName, day.value.date)}
          columns={[t.time, t.person, t.item, t.where, t.status, t.actions]}
        >
          {appointments.map((a) => (
            <tr key={a.id}>
              <td>
                {a.slot.start}–{a.slot.end}
              </td>
              <td>
                {a.name}
                <br />
                <small>{a.id}</small>
              </td>
              <td lang="zh-CN">{a.itemName}</td>
              <td lang="zh-CN">
                {a.kind === 'home'
                  ? [a.address?.detail, a.address?.contactPhone, a.address?.note].filter(Boolean).join(' · ')
                  : a.slot.windowName}
              </td>
              <td class="state">{t.statuses[a.status]}</td>
              <td>
                {a.status === 'booked' && (
                  <div class="buttons">
                    <button
                      type="button"
                      onClick={() => void mark(a, 'arrival')}
                      aria-label={`${t.arrived} ${a.name} ${a.slot.start}`}
                    >
                      {t.arrived}
                    </button>
                    <button
                      type="button"
                      class="secondary"
                      onClick={() => void mark(a, 'no-show')}
                      aria-label={`${t.noShow} ${a.name} ${a.slot.start}`}
                    >
                      {t.noShow}
                    </button>
                  </div>
                )}
              </td>
            </tr>
          ))}
        </Table>
      )}
    </>
  );
};

const Choose = () => {
  const t = useText(text);
  const halls = useApi<Day>('/window/appointments');
  const [chosen, setChosen] = useState({ hall: '', date: '', window: '' });
  const [form, setForm] = useState(chosen);
  if (halls.state !== 'ready') return <Status of={halls} />;
  const hall = form.hall || halls.value.hall;
  const windows = halls.value.halls.find((h) => h.id === hall)?.windows ?? [];
  return (
    <>
      <form
        class="toolbar-form"
        onSubmit={(e) => {
          e.preventDefault();
          setChosen(form);
        }}
      >
        <label>
          {t.hall}{' '}
          <select
            value={hall}
            onChange={(e) => setForm({ ...form, hall: e.currentTarget.value, window: '' })}
          >
            {halls.value.halls.map((h) => (
              <option key={h.id} value={h.id}>
                {h.name}
              </option>
            ))}
            <option value="home">{t.homeVisits}</option>
          </select>
        </label>
        {windows.length > 0 && (
          <label>
            {t.window}{' '}
            <select value={form.window} onChange={(e) => setForm({ ...form, window: e.currentTarget.value })}>
              <option value="">{t.everyWindow}</option>
              {windows.map((w) => (
                <option key={w.id} value={w.id}>
                  {w.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          {t.date}{' '}
          <input
            type="date"
            value={form.date || halls.value.date}
            onInput={(e) => setForm({ ...form, date: e.currentTarget.value })}
          />
        </label>
        <button type="submit">{t.show}</button>
      </form>
      <DayList key={JSON.stringify(chosen)} {...chosen} />
    </>
  );
};

export const AppointmentsDayPage = () => {
  const t = useText(text);
  return (
    <StaffOnly title={t.title} roles={['clerk']}>
      <Choose />
    </StaffOnly>
  );
};
