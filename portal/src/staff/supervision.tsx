// 电子监察: the cases near their deadline (黄牌 yellow card) and past it (红牌 red card), each card said in words
// and not by colour alone; a supervisor extends a case's limit (延期, never past the statutory limit — the API
// refuses more) or starts and ends a special procedure (特别程序), which stops the clock.
import { useState } from 'preact/hooks';
import { type JurisdictionProfile, send, useApi } from '../api.ts';
import { Status } from '../layout.tsx';
import { Field } from '../pages/field.tsx';
import { staffOf } from '../session.ts';
import { StaffOnly } from './app.tsx';
import { useFocusOnOpen } from './focus.ts';
import { type Done, doneOf, fieldError, invalid, Outcome } from './outcome.tsx';
import { ActionCell, Table } from './table.tsx';
import { usePick, useText } from './text.ts';
import { TextArea } from './text-area.tsx';
import { UnresolvedSummary } from './unresolved.tsx';

type Flag = 'due-soon' | 'overdue';
interface SupervisedCase {
  caseNumber: string;
  itemName?: string;
  status: string;
  statusName: string;
  dueDate: string;
  provisional?: boolean;
  workingDaysLeft: number;
  handlingDepartment: string;
}
interface Supervision {
  today: string;
  cases: SupervisedCase[];
}

const suspensionKinds = ['hearing', 'testing', 'expert-review', 'inspection', 'other'] as const;

const text = {
  zh: {
    title: '电子监察',
    intro: '黄牌：临近办结期限；红牌：已超过办结期限。按到期日先后排列。',
    department: '部门',
    allDepartments: '全部部门',
    card: { 'due-soon': '黄牌 · 临近期限', overdue: '红牌 · 已超期' },
    caption: (card: string, n: number) => `${card}：${n} 件`,
    none: '没有这类办件。',
    columns: ['办件编号', '事项', '状态', '到期日', '剩余工作日', '承办部门', '监察操作'],
    daysLeft: (n: number) => (n < 0 ? `超期 ${-n} 个工作日` : n === 0 ? '今天到期' : `剩 ${n} 个工作日`),
    provisional: '（暂定）',
    act: (n: string) => `处理 ${n}`,
    actShort: '处理',
    actionsFor: (n: string) => `对 ${n} 的监察操作`,
    extension: '延期',
    days: '延长工作日数',
    daysHint: '1 到 365 的整数；合计不能超过法定办结时限。',
    daysInvalid: '请填写 1 到 365 之间的整数。',
    reasons: '理由',
    reasonsMissing: '请写明理由。',
    extend: '批准延期',
    extended: (date: string) => `已延期，新的办结期限：${date}。`,
    suspension: '特别程序',
    suspensionHint: '听证、检验检测、专家评审、现场核查期间不计时。',
    kind: '程序类别',
    kinds: {
      hearing: '听证',
      testing: '检验检测',
      'expert-review': '专家评审',
      inspection: '现场核查',
      other: '其他',
    },
    suspend: '启动特别程序',
    suspended: '特别程序已启动，办件计时暂停。',
    resumeHint: '这个办件正在特别程序中。',
    note: '结束说明（可不填）',
    resume: '结束特别程序，恢复计时',
    resumed: '特别程序已结束，恢复计时。',
  },
  en: {
    title: 'Supervision',
    intro: 'Yellow card: due soon. Red card: past the deadline. Earliest deadline first.',
    department: 'Department',
    allDepartments: 'All departments',
    card: { 'due-soon': 'Yellow card · due soon', overdue: 'Red card · overdue' },
    caption: (card: string, n: number) => `${card}: ${n} case${n === 1 ? '' : 's'}`,
    none: 'No such cases.',
    columns: ['Case', 'Item', 'Status', 'Due', 'Working days left', 'Department', 'Supervision'],
    daysLeft: (n: number) =>
      n < 0 ? `${-n} working days overdue` : n === 0 ? 'due today' : `${n} working days left`,
    provisional: ' (provisional)',
    act: (n: string) => `Act on ${n}`,
    actShort: 'Act',
    actionsFor: (n: string) => `Supervising ${n}`,
    extension: 'Extension',
    days: 'Working days to add',
    daysHint: 'A whole number from 1 to 365; never past the statutory limit in all.',
    daysInvalid: 'Enter a whole number from 1 to 365.',
    reasons: 'Reasons',
    reasonsMissing: 'Give the reasons.',
    extend: 'Extend',
    extended: (date: string) => `Extended: the case is now due on ${date}.`,
    suspension: 'Special procedure',
    suspensionHint: 'Hearings, testing, expert review and inspection do not count towards the limit.',
    kind: 'Procedure',
    kinds: {
      hearing: 'Hearing',
      testing: 'Testing',
      'expert-review': 'Expert review',
      inspection: 'Inspection',
      other: 'Other',
    },
    suspend: 'Start the special procedure',
    suspended: 'The special procedure has started; the clock is stopped.',
    resumeHint: 'This case is in a special procedure.',
    note: 'Note (optional)',
    resume: 'End it and restart the clock',
    resumed: 'The special procedure has ended; the clock runs again.',
  },
};

type Strings = (typeof text)['zh'];
const CaseActions = ({ item, t, onChanged }: { item: SupervisedCase; t: Strings; onChanged: () => void }) => {
  const pick = usePick();
  const heading = useFocusOnOpen<HTMLHeadingElement>(item.caseNumber);
  const [days, setDays] = useState('');
  const [reasons, setReasons] = useState('');
  const [extension, setExtension] = useState<Done>();
  const [kind, setKind] = useState<(typeof suspensionKinds)[number]>('hearing');
  const [why, setWhy] = useState('');
  const [procedure, setProcedure] = useState<Done>();
  const [suspended, setSuspended] = useState(item.status === 'SUSPENDED');

  const extend = async (e: Event) => {
    e.preventDefault();
    const fields: Record<string, string> = {};
    if (!/^\d{1,3}$/.test(days.trim()) || Number(days) < 1 || Number(days) > 365) fields.days = t.daysInvalid;
    if (!reasons.trim()) fields.reasons = t.reasonsMissing;
    if (Object.keys(fields).length > 0) return setExtension(invalid(fields));
    const answer = await send<{ promisedBy: string }>('POST', `/cases/${item.caseNumber}/extensions`, {
      days: Number(days),
      reasons: reasons.trim(),
    });
    setExtension(doneOf(answer, answer.ok ? t.extended(answer.value.promisedBy) : '', pick));
    if (answer.ok) onChanged();
  };

  const changeProcedure = async (e: Event) => {
    e.preventDefault();
    if (!suspended && !why.trim()) return setProcedure(invalid({ reasons: t.reasonsMissing }));
    const answer = suspended
      ? await send('POST', `/cases/${item.caseNumber}/resumption`, why.trim() ? { note: why.trim() } : {})
      : await send('POST', `/cases/${item.caseNumber}/suspensions`, { kind, reasons: why.trim() });
    setProcedure(doneOf(answer, suspended ? t.resumed : t.suspended, pick));
    if (answer.ok) {
      setSuspended(!suspended);
      setWhy('');
      onChanged();
    }
  };

  return (
    <section class="panel" aria-labelledby="case-actions">
      <h2 id="case-actions" tabIndex={-1} ref={heading}>
        {t.actionsFor(item.caseNumber)}
      </h2>
      <div class="columns">
        <form class="form" noValidate onSubmit={extend}>
          <h3>{t.extension}</h3>
          <Field id="days" label={t.days} hint={t.daysHint} error={fieldError(extension, 'days')}>
            <input
              inputMode="numeric"
              value={days}
              onInput={(e) => setDays((e.currentTarget as HTMLInputElement).value)}
            />
          </Field>
          <TextArea
            id="reasons"
            label={t.reasons}
            error={fieldError(extension, 'reasons')}
            rows={3}
            value={reasons}
            onValue={setReasons}
          />
          <button type="submit">{t.extend}</button>
          <Outcome done={extension} />
        </form>
        <form class="form" noValidate onSubmit={changeProcedure}>
          <h3>{t.suspension}</h3>
          <p class="hint">{suspended ? t.resumeHint : t.suspensionHint}</p>
          {!suspended && (
            <Field id="kind" label={t.kind}>
              <select
                value={kind}
                onChange={(e) =>
                  setKind((e.currentTarget as HTMLSelectElement).value as (typeof suspensionKinds)[number])
                }
              >
                {suspensionKinds.map((k) => (
                  <option key={k} value={k}>
                    {t.kinds[k]}
                  </option>
                ))}
              </select>
            </Field>
          )}
          <TextArea
            id="procedure-reasons"
            label={suspended ? t.note : t.reasons}
            error={fieldError(procedure, suspended ? 'note' : 'reasons')}
            rows={3}
            value={why}
            onValue={setWhy}
          />
          <button type="submit">{suspended ? t.resume : t.suspend}</button>
          <Outcome done={procedure} />
        </form>
      </div>
    </section>
  );
};

const CardTable = ({
  flag,
  department,
  departmentName,
  onAct,
}: {
  flag: Flag;
  department: string;
  departmentName: (code: string) => string;
  /** Only supervisors act on cases; administrators read the lists. */
  onAct?: (c: SupervisedCase) => void;
}) => {
  const t = useText(text);
  const query = `flag=${flag}&limit=200${department ? `&department=${department}` : ''}`;
  const list = useApi<Supervision>(`/supervision/cases?${query}`);
  const columns = onAct ? t.columns : t.columns.slice(0, -1);
  if (list.state !== 'ready') return <Status of={list} />;
  const { cases } = list.value;
  return (
    <Table
      class={`supervision ${flag}`}
      caption={
        <>
          <span class="card-mark" aria-hidden="true" />
          {t.caption(t.card[flag], cases.length)}
        </>
      }
      columns={columns}
      empty={cases.length === 0 ? t.none : undefined}
    >
      {cases.map((c) => (
        <tr key={c.caseNumber}>
          <th scope="row">
            <a href={`/work/case/${c.caseNumber}`}>{c.caseNumber}</a>
          </th>
          <td lang="zh-CN">{c.itemName}</td>
          <td lang="zh-CN">{c.statusName}</td>
          <td>
            {c.dueDate}
            {c.provisional ? t.provisional : ''}
          </td>
          <td>{t.daysLeft(c.workingDaysLeft)}</td>
          <td lang="zh-CN">{departmentName(c.handlingDepartment)}</td>
          {onAct && (
            <ActionCell class="secondary" label={t.act(c.caseNumber)} onClick={() => onAct(c)}>
              {t.actShort}
            </ActionCell>
          )}
        </tr>
      ))}
    </Table>
  );
};

export const SupervisionPage = () => {
  const t = useText(text);
  const jurisdiction = useApi<JurisdictionProfile>('/jurisdiction');
  const departments = jurisdiction.state === 'ready' ? jurisdiction.value.departments : [];
  const departmentName = (code: string) => departments.find((d) => d.code === code)?.name ?? code;
  const [department, setDepartment] = useState('');
  const [acting, setActing] = useState<SupervisedCase>();
  const [version, setVersion] = useState(0);
  const supervisor = staffOf().roles.includes('supervisor');
  return (
    <StaffOnly title={t.title} roles={['supervisor', 'admin']}>
      <p>{t.intro}</p>
      <div class="field inline">
        <label for="department">{t.department}</label>
        <select
          id="department"
          value={department}
          onChange={(e) => setDepartment((e.currentTarget as HTMLSelectElement).value)}
        >
          <option value="">{t.allDepartments}</option>
          {departments.map((d) => (
            <option key={d.code} value={d.code}>
              {d.name}
            </option>
          ))}
        </select>
      </div>
      {(['overdue', 'due-soon'] as const).map((flag) => (
        <CardTable
          key={`${flag}-${version}`}
          flag={flag}
          department={department}
          departmentName={departmentName}
          onAct={supervisor ? setActing : undefined}
        />
      ))}
      {acting && (
        <CaseActions key={acting.caseNumber} item={acting} t={t} onChanged={() => setVersion((v) => v + 1)} />
      )}
      <UnresolvedSummary department={department} departmentName={departmentName} />
    </StaffOnly>
  );
};
