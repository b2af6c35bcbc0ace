// 办不成事: what people could not get done — refusals, denials, overdue cases, bad reviews — for one day
// (日汇总) or a span of up to 31 days (周分析), counted by department and kind, then each one with its
// reasons and a link to the case. The centre sees every department; the other staff their own.
import { useState } from 'preact/hooks';
import { useApi } from '../api.ts';
import { Status } from '../layout.tsx';
import { Table } from './table.tsx';
import { useText } from './text.ts';

type Kind = 'not-accepted' | 'denied' | 'overdue' | 'bad-review';
const kinds: Kind[] = ['not-accepted', 'denied', 'overdue', 'bad-review'];
type Counts = Record<Kind, number> & { total: number };
interface Unresolved {
  from: string;
  to: string;
  all: Counts;
  departments: Array<Counts & { department: string }>;
  entries: Array<{
    date: string;
    kind: Kind;
    caseNumber: string;
    department: string;
    itemName?: string;
    reason?: string;
  }>;
}

const text = {
  zh: {
    title: '办不成事 · 日汇总与周分析',
    from: '自',
    to: '至',
    kinds: { 'not-accepted': '不予受理', denied: '不予许可', overdue: '超期', 'bad-review': '差评' },
    byDepartment: (from: string, to: string) => `按部门汇总（${from === to ? from : `${from} 至 ${to}`}）`,
    department: '部门',
    total: '合计',
    none: '这段时间没有办不成的事。',
    list: '逐件',
    columns: ['日期', '类别', '办件编号', '事项', '部门', '原因'],
  },
  en: {
    title: 'Things people could not get done: daily summary and weekly analysis',
    from: 'From',
    to: 'To',
    kinds: {
      'not-accepted': 'Not accepted',
      denied: 'Denied',
      overdue: 'Overdue',
      'bad-review': 'Bad review',
    },
    byDepartment: (from: string, to: string) => `By department (${from === to ? from : `${from} to ${to}`})`,
    department: 'Department',
    total: 'Total',
    none: 'Nothing left undone in this period.',
    list: 'One by one',
    columns: ['Date', 'Kind', 'Case', 'Item', 'Department', 'Reasons'],
  },
};

export const UnresolvedSummary = ({
  department,
  departmentName,
}: {
  department: string;
  departmentName: (code: string) => string;
}) => {
  const t = useText(text);
  // Today on the platform's clock until a day is chosen.
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const query = new URLSearchParams({
    ...(from ? { from } : {}),
    ...(from && to ? { to } : {}),
    ...(department ? { department } : {}),
  });
  const found = useApi<Unresolved>(`/unresolved?${query}`);
  const shown = found.state === 'ready' ? found.value : undefined;
  return (
    <section aria-labelledby="unresolved">
      <h2 id="unresolved">{t.title}</h2>
      <div class="field inline">
        <label for="unresolved-from">{t.from}</label>
        <input
          id="unresolved-from"
          type="date"
          value={from || shown?.from || ''}
          onChange={(e) => setFrom((e.currentTarget as HTMLInputElement).value)}
        />
        <label for="unresolved-to">{t.to}</label>
        <input
          id="unresolved-to"
          type="date"
          value={to || shown?.to || ''}
          min={from || shown?.from}
          onChange={(e) => {
            setFrom(from || shown?.from || '');
            setTo((e.currentTarget as HTMLInputElement).value);
          }}
        />
      </div>
      {found.state !== 'ready' ? (
        <Status of={found} />
      ) : (
        <>
          <Table
            caption={t.byDepartment(found.value.from, found.value.to)}
            columns={[t.department, ...kinds.map((k) => t.kinds[k]), t.total]}
            empty={found.value.departments.length === 0 ? t.none : undefined}
          >
            {found.value.departments.map((d) => (
              <tr key={d.department}>
                <th scope="row">{departmentName(d.department)}</th>
                {kinds.map((k) => (
                  <td key={k}>{d[k]}</td>
                ))}
                <td>{d.total}</td>
              </tr>
            ))}
          </Table>
          {found.value.entries.length > 0 && (
            <Table caption={t.list} columns={t.columns}>
              {found.value.entries.map((e) => (
                <tr key={`${e.kind}-${e.caseNumber}-${e.date}`}>
                  <td>{e.date}</td>
                  <td>{t.kinds[e.kind]}</td>
                  <td>
                    <a href={`/work/case/${e.caseNumber}`}>{e.caseNumber}</a>
                  </td>
                  <td lang="zh-CN">{e.itemName ?? ''}</td>
                  <td>{departmentName(e.department)}</td>
                  <td lang="zh-CN">{e.reason ?? ''}</td>
                </tr>
              ))}
            </Table>
          )}
        </>
      )}
    </section>
  );
};
