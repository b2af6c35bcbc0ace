// 受理窗口 the window's queue: a department's submitted applications, oldest first, each opening the case
// view where the clerk accepts it, refuses it or asks once for everything missing. The service centre's
// window (综合窗口) receives for every department and chooses whose queue to work through.
import { useState } from 'preact/hooks';
import { useApi } from '../api.ts';
import { Status } from '../layout.tsx';
import { staffOf } from '../session.ts';
import { StaffOnly } from './app.tsx';
import { type CaseSummary, localTime, Table, useCaseWords, useJurisdiction } from './cases.tsx';
import { useText } from './text.ts';

const text = {
  zh: {
    title: '受理窗口',
    department: '部门',
    everyDepartment: '全部部门',
    caption: (department: string) => `待受理的申请（${department}，先提交的在前）`,
    caseNumber: '办件编号',
    item: '事项',
    handlingDepartment: '受理部门',
    applicant: '申请人',
    submittedAt: '提交时间',
    limit: '承诺时限',
    empty: '没有待受理的申请。',
  },
  en: {
    title: 'Window queue',
    department: 'Department',
    everyDepartment: 'Every department',
    caption: (department: string) => `Waiting for acceptance (${department}), oldest first`,
    caseNumber: 'Case number',
    item: 'Item',
    handlingDepartment: 'Department',
    applicant: 'Applicant',
    submittedAt: 'Submitted',
    limit: 'Promised limit',
    empty: 'No application is waiting.',
  },
};

/** The service centre's window (综合窗口) receives for every department; a department's window for its own. */
const serviceCentre = 'zwfw';
const everyDepartment = '*';

const Queue = ({ department }: { department: string }) => {
  const t = useText(text);
  const words = useCaseWords();
  const { departmentName, timeZone } = useJurisdiction();
  const queue = useApi<{ cases: CaseSummary[] }>(
    `/cases?status=SUBMITTED&department=${encodeURIComponent(department)}&limit=100`,
  );
  const every = department === everyDepartment;
  if (queue.state !== 'ready') return <Status of={queue} />;
  if (queue.value.cases.length === 0) return <p>{t.empty}</p>;
  return (
    <Table
      caption={t.caption(every ? t.everyDepartment : departmentName(department))}
      columns={[
        t.caseNumber,
        t.item,
        ...(every ? [t.handlingDepartment] : []),
        t.applicant,
        t.submittedAt,
        t.limit,
      ]}
    >
      {queue.value.cases.map((c) => (
        <tr key={c.caseNumber}>
          <th scope="row">
            <a href={`/work/case/${c.caseNumber}`}>{c.caseNumber}</a>
          </th>
          <td lang="zh-CN">{c.itemName}</td>
          {every && <td>{departmentName(c.handlingDepartment)}</td>}
          <td>{words.applicant(c)}</td>
          <td>{localTime(c.submittedAt, timeZone)}</td>
          <td>{c.promisedDays === undefined ? '' : words.days(c.promisedDays)}</td>
        </tr>
      ))}
    </Table>
  );
};

export const WindowPage = () => {
  const t = useText(text);
  const { departments, departmentName } = useJurisdiction();
  const own = staffOf().department ?? '';
  const [department, setDepartment] = useState(
    () =>
      new URLSearchParams(location.search).get('department') ??
      (own === serviceCentre ? everyDepartment : own),
  );
  const choose = (code: string) => {
    setDepartment(code);
    history.replaceState(null, '', `/work/window?department=${encodeURIComponent(code)}`);
  };
  return (
    <StaffOnly title={t.title} roles={['clerk']}>
      {own === serviceCentre && (
        <div class="field inline">
          <label for="queue-department">{t.department}</label>
          <select
            id="queue-department"
            value={department}
            onChange={(e) => choose((e.currentTarget as HTMLSelectElement).value)}
          >
            <option value={everyDepartment}>{t.everyDepartment}</option>
            {departments.map((d) => (
              <option key={d.code} value={d.code}>
                {departmentName(d.code)}
              </option>
            ))}
          </select>
        </div>
      )}
      {department && <Queue department={department} />}
    </StaffOnly>
  );
};
