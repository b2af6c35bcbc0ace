// 办件详情 one case as the staff involved see it: status and deadline, the applicant's answers under the form's
// own titles, the materials and how each was given (an upload opens the file), the department tasks, the
// history with the check of its hash chain in words, and the actions the signed-in role may take now. After
// each action the page reads the case again and says what changed in a polite live region.
import { Fragment } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { type Item, useApi } from '../api.ts';
import { useStrings } from '../i18n.ts';
import { Status } from '../layout.tsx';
import { staffOf } from '../session.ts';
import { StaffOnly } from './app.tsx';
import { AcceptancePanel, type Missable, ReviewPanel } from './case-actions.tsx';
import {
  type CaseSummary,
  type Flag,
  localTime,
  Table,
  type Task,
  useCaseWords,
  useJurisdiction,
} from './cases.tsx';
import { DeliveryPanel } from './delivery.tsx';
import { News, useNews } from './news.tsx';
import { PaymentPanel } from './payment.tsx';
import { usePick, useText } from './text.ts';

const openTasks = new Set<Task['status']>(['pending', 'claimed', 'correction']);

interface MissingItem {
  materialId?: string;
  field?: string;
  reason: string;
}

interface CaseView extends Pick<CaseSummary, 'caseNumber' | 'status' | 'statusName' | 'submittedAt'> {
  kind?: 'single' | 'bundle' | 'child';
  item?: { code: string; version: number; name: string; promisedDays: number };
  bundle?: { name: string };
  applicant: { type: 'person' | 'enterprise'; name: string; idNumber?: string; creditCode?: string };
  agent?: { name: string };
  form: Record<string, unknown>;
  handlingDepartment: string;
  acceptedAt?: string;
  deadline?: { dueDate: string; limitDays: number; statutoryDueDate: string; provisional: boolean };
  correction?: { missing: MissingItem[]; requestedAt: string; by: { name: string } };
  result?: { outcome: string; reasons?: string; name?: string };
  tasks: Task[];
  actions: string[];
  flag?: Flag;
}

type Submitted =
  | { materialId: string; via: 'upload'; url: string; expiresAt: string }
  | { materialId: string; via: 'licence'; licenceId: string }
  | { materialId: string; via: 'commitment' }
  | { materialId: string; via: 'deferred'; dueDate: string };

interface HistoryEntry {
  seq: number;
  at: string;
  actor: { name: string; role: string; department?: string };
  action: string;
  opinion?: string;
}

interface ChainReport {
  intact: boolean;
  entries: number;
  brokenAt?: number;
}

const text = {
  zh: {
    title: (n: string) => `办件 ${n}`,
    item: '事项',
    status: '状态',
    applicant: '申请人',
    agent: '代办人',
    submittedAt: '提交时间',
    acceptedAt: '受理时间',
    dueDate: '承诺办结日期',
    provisional: '（暂定，待公布放假安排）',
    statutoryDueDate: '法定办结期限',
    limit: '承诺时限',
    flag: { 'on-time': '按期办理中', 'due-soon': '⚠ 即将到期', overdue: '⛔ 已超期' },
    result: '办理结果',
    correction: '待补正内容',
    correctionBy: (name: string, at: string) => `${name} 于 ${at} 一次性告知：`,
    form: '申请表',
    materials: '申请材料',
    materialsCaption: '申请材料及提交方式',
    material: '材料',
    way: '提交方式',
    openFile: (name: string) => `查看「${name}」文件`,
    licence: (id: string) => `电子证照免提交（${id}）`,
    commitment: '告知承诺',
    deferred: (date: string) => `容缺受理，${date} 前补交`,
    tasks: '办理环节',
    tasksCaption: '各部门的审查任务',
    stage: '环节',
    department: '部门',
    taskStatus: '状态',
    due: '期限',
    handler: '办理人',
    opinion: '意见',
    noTasks: '暂无部门审查任务：办件受理后才分派给各部门。',
    history: '办理记录',
    historyCaption: '办理记录（先发生的在前）',
    when: '时间',
    who: '办理人',
    role: '角色',
    action: '动作',
    chainIntact: (n: number) => `✓ 记录链完整：${n} 条记录环环相扣，未被改动。`,
    chainBroken: (at?: number) => `✗ 记录链已损坏${at ? `：自第 ${at} 条起对不上` : ''}，请报告管理员。`,
    roles: {
      citizen: '申请人',
      enterprise: '申请企业',
      agent: '代办人',
      clerk: '窗口受理',
      reviewer: '部门审批',
      supervisor: '电子监察',
      admin: '系统管理',
      system: '系统',
    } as Record<string, string>,
    acceptanceDone: {
      accept: '已受理，办件转入部门审查。',
      reject: '已作出不予受理决定。',
      correct: '已一次性告知申请人补正。',
    },
    reviewDone: {
      claim: '已认领任务，可以作出审查决定。',
      approve: '已提交：审查同意。',
      deny: '已提交：审查不同意。',
      correct: '已提交：要求申请人补正。',
    },
    updated: (status: string) => `办件当前状态：${status}。`,
    yes: '是',
    no: '否',
  },
  en: {
    title: (n: string) => `Case ${n}`,
    item: 'Item',
    status: 'Status',
    applicant: 'Applicant',
    agent: 'Agent',
    submittedAt: 'Submitted',
    acceptedAt: 'Accepted',
    dueDate: 'Promised by',
    provisional: ' (provisional until the holiday arrangement is published)',
    statutoryDueDate: 'Statutory limit',
    limit: 'Promised limit',
    flag: { 'on-time': 'On time', 'due-soon': '⚠ Due soon', overdue: '⛔ Overdue' },
    result: 'Result',
    correction: 'To be corrected',
    correctionBy: (name: string, at: string) => `${name} listed at ${at}:`,
    form: 'Application form',
    materials: 'Materials',
    materialsCaption: 'Materials and how each was given',
    material: 'Material',
    way: 'Given as',
    openFile: (name: string) => `Open the file of “${name}”`,
    licence: (id: string) => `E-licence instead (${id})`,
    commitment: 'Written commitment',
    deferred: (date: string) => `Deferred, due by ${date}`,
    tasks: 'Department tasks',
    tasksCaption: 'Review tasks of the departments',
    stage: 'Step',
    department: 'Department',
    taskStatus: 'Status',
    due: 'Due',
    handler: 'Handled by',
    opinion: 'Opinion',
    noTasks: 'No department task: tasks are assigned once a case is accepted.',
    history: 'History',
    historyCaption: 'History, earliest first',
    when: 'When',
    who: 'Who',
    role: 'Role',
    action: 'Action',
    chainIntact: (n: number) => `✓ The record is intact: ${n} chained entries, none changed.`,
    chainBroken: (at?: number) =>
      `✗ The record is broken${at ? ` from entry ${at} on` : ''}: tell the administrator.`,
    roles: {
      citizen: 'Applicant',
      enterprise: 'Enterprise',
      agent: 'Agent',
      clerk: 'Window',
      reviewer: 'Reviewer',
      supervisor: 'Supervision',
      admin: 'Administration',
      system: 'System',
    } as Record<string, string>,
    acceptanceDone: {
      accept: 'Accepted: the case goes to the departments.',
      reject: 'Not accepted.',
      correct: 'The applicant is asked for the correction.',
    },
    reviewDone: {
      claim: 'Task claimed: you can decide it now.',
      approve: 'Submitted: approved.',
      deny: 'Submitted: denied.',
      correct: 'Submitted: the applicant is asked for a correction.',
    },
    updated: (status: string) => `The case is now: ${status}.`,
    yes: 'Yes',
    no: 'No',
  },
};

type Words = (typeof text)['zh'];

const answer = (value: unknown, t: Words) =>
  typeof value === 'boolean' ? (value ? t.yes : t.no) : String(value ?? '');

/** The form schema's field titles, in its order. */
const formFields = (item?: Item & { formSchema?: { properties?: Record<string, { title?: string }> } }) =>
  Object.entries(item?.formSchema?.properties ?? {}).map(([key, p]) => ({ key, title: p.title ?? key }));

const Facts = ({ view, t }: { view: CaseView; t: Words }) => {
  const words = useCaseWords();
  const { timeZone } = useJurisdiction();
  return (
    <dl class="facts">
      <dt>{t.item}</dt>
      <dd lang="zh-CN">{(view.item ?? view.bundle)?.name}</dd>
      <dt>{t.status}</dt>
      <dd>
        <strong lang="zh-CN">{view.statusName}</strong>
        {view.flag && view.flag !== 'on-time' && <> · {t.flag[view.flag]}</>}
      </dd>
      <dt>{t.applicant}</dt>
      <dd>
        <span lang="zh-CN">{view.applicant.name}</span> ·{' '}
        {words.applicant({ applicantType: view.applicant.type, byAgent: !!view.agent })}
      </dd>
      {view.agent && (
        <>
          <dt>{t.agent}</dt>
          <dd lang="zh-CN">{view.agent.name}</dd>
        </>
      )}
      <dt>{t.submittedAt}</dt>
      <dd>{localTime(view.submittedAt, timeZone)}</dd>
      {view.item && (
        <>
          <dt>{t.limit}</dt>
          <dd>{words.days(view.item.promisedDays)}</dd>
        </>
      )}
      {view.acceptedAt && (
        <>
          <dt>{t.acceptedAt}</dt>
          <dd>{localTime(view.acceptedAt, timeZone)}</dd>
        </>
      )}
      {view.deadline && (
        <>
          <dt>{t.dueDate}</dt>
          <dd>
            {view.deadline.dueDate}
            {view.deadline.provisional ? t.provisional : ''}
          </dd>
          <dt>{t.statutoryDueDate}</dt>
          <dd>{view.deadline.statutoryDueDate}</dd>
        </>
      )}
      {view.result && (
        <>
          <dt>{t.result}</dt>
          <dd lang="zh-CN">{view.result.reasons ?? view.result.name ?? view.statusName}</dd>
        </>
      )}
    </dl>
  );
};

const Materials = ({ caseNumber, names, refresh, t }: CaseSection & { names: Map<string, string> }) => {
  const materials = useApi<{ materials: Submitted[] }>(`/cases/${caseNumber}/materials`, refresh);
  if (materials.state !== 'ready') return <Status of={materials} />;
  const way = (m: Submitted) => {
    const name = names.get(m.materialId) ?? m.materialId;
    if (m.via === 'upload')
      return (
        <a href={m.url} target="_blank" rel="noopener">
          {t.openFile(name)}
        </a>
      );
    if (m.via === 'licence') return t.licence(m.licenceId);
    if (m.via === 'deferred') return t.deferred(m.dueDate);
    return t.commitment;
  };
  return (
    <Table caption={t.materialsCaption} columns={[t.material, t.way]}>
      {materials.value.materials.map((m) => (
        <tr key={m.materialId}>
          <th scope="row" lang="zh-CN">
            {names.get(m.materialId) ?? m.materialId}
          </th>
          <td>{way(m)}</td>
        </tr>
      ))}
    </Table>
  );
};

const Tasks = ({ tasks, t }: { tasks: Task[]; t: Words }) => {
  const words = useCaseWords();
  const { departmentName } = useJurisdiction();
  if (tasks.length === 0) return <p>{t.noTasks}</p>;
  return (
    <Table
      caption={t.tasksCaption}
      columns={[t.stage, t.department, t.taskStatus, t.due, t.handler, t.opinion]}
    >
      {tasks.map((task) => (
        <tr key={task.taskId}>
          <th scope="row" lang="zh-CN">
            {task.stageName} · {task.name}
          </th>
          <td>{departmentName(task.department)}</td>
          <td>{words.taskStatus(task.status)}</td>
          <td>{task.dueDate}</td>
          <td lang="zh-CN">{(task.decidedBy ?? task.claimedBy)?.name}</td>
          <td lang="zh-CN">{task.opinion}</td>
        </tr>
      ))}
    </Table>
  );
};

interface CaseSection {
  caseNumber: string;
  refresh: number;
  t: Words;
}

const History = ({ caseNumber, refresh, t }: CaseSection) => {
  const { departmentName, timeZone } = useJurisdiction();
  const history = useApi<{ entries: HistoryEntry[] }>(`/cases/${caseNumber}/history`, refresh);
  const chain = useApi<ChainReport>(`/cases/${caseNumber}/history/verify`, refresh);
  // The same names the applicant reads on their own case page.
  const actionNames = useStrings().actions;
  if (history.state !== 'ready') return <Status of={history} />;
  return (
    <>
      <Table caption={t.historyCaption} columns={[t.when, t.who, t.role, t.action, t.opinion]}>
        {history.value.entries.map((e) => (
          <tr key={e.seq}>
            <td>{localTime(e.at, timeZone)}</td>
            <th scope="row" lang="zh-CN">
              {e.actor.name}
              {e.actor.department && <span class="meta">{departmentName(e.actor.department)}</span>}
            </th>
            <td>{t.roles[e.actor.role] ?? e.actor.role}</td>
            <td>{actionNames[e.action] ?? e.action}</td>
            <td lang="zh-CN">{e.opinion}</td>
          </tr>
        ))}
      </Table>
      {chain.state === 'ready' ? (
        <p class={chain.value.intact ? 'verdict ok' : 'verdict bad'}>
          {chain.value.intact ? t.chainIntact(chain.value.entries) : t.chainBroken(chain.value.brokenAt)}
        </p>
      ) : (
        <Status of={chain} />
      )}
    </>
  );
};

const CaseBody = ({ caseNumber }: { caseNumber: string }) => {
  const t = useText(text);
  const pick = usePick();
  const staff = staffOf();
  const [refresh, setRefresh] = useState(0);
  const [said, say] = useNews();
  const view = useApi<CaseView>(`/cases/${caseNumber}`, refresh);
  const ref = view.state === 'ready' ? view.value.item : undefined;
  const item = useApi<Item & { formSchema?: { properties?: Record<string, { title?: string }> } }>(
    ref ? `/items/${ref.code}/versions/${ref.version}` : undefined,
  );
  // After an acceptance or the last decision the workflow moves the case on by itself: read it again
  // (a few times at most) until it has, so the page shows where the action led.
  const moving =
    view.state === 'ready' &&
    (view.value.status === 'ACCEPTED' ||
      (view.value.status === 'IN_REVIEW' && !view.value.tasks.some((task) => openTasks.has(task.status))));
  const rereads = useRef(0);
  useEffect(() => {
    if (refresh === 0 || !moving || rereads.current >= 10) return;
    const timer = setTimeout(() => {
      rereads.current++;
      setRefresh((r) => r + 1);
    }, 1500);
    return () => clearTimeout(timer);
  }, [refresh, moving, view]);
  if (view.state !== 'ready') return <Status of={view} />;
  const c = view.value;
  const schema = item.state === 'ready' ? item.value : undefined;
  const fields = formFields(schema);
  const names = new Map((schema?.materials ?? []).map((m) => [m.id, m.name]));
  const missable: Missable[] = [
    ...(schema?.materials ?? []).map((m) => ({
      key: `material:${m.id}`,
      name: m.name,
      kind: 'material' as const,
    })),
    ...fields.map((f) => ({ key: `field:${f.key}`, name: f.title, kind: 'field' as const })),
  ];
  const done = (message: string) => {
    rereads.current = 0;
    say(message);
    setRefresh((r) => r + 1);
  };
  const myTask = c.tasks.find(
    (task) =>
      task.department === staff.department && (task.status === 'pending' || task.status === 'claimed'),
  );
  const title = (key: string) => fields.find((f) => f.key === key)?.title ?? key;
  // In the form's own order; answers to fields the schema no longer has come last.
  const order = (key: string) => {
    const at = fields.findIndex((f) => f.key === key);
    return at < 0 ? fields.length : at;
  };
  const answered = Object.entries(c.form).sort(([a], [b]) => order(a) - order(b));
  return (
    <>
      <News said={said}>
        {pick({ zh: '', en: ' ' })}
        {t.updated(c.statusName)}
      </News>
      <Facts view={c} t={t} />
      {c.correction && (
        <section aria-labelledby="correction-title">
          <h2 id="correction-title">{t.correction}</h2>
          <p>{t.correctionBy(c.correction.by.name, c.correction.requestedAt.slice(0, 10))}</p>
          <ul>
            {c.correction.missing.map((m) => (
              <li key={`${m.materialId ?? ''}${m.field ?? ''}`} lang="zh-CN">
                {m.materialId ? (names.get(m.materialId) ?? m.materialId) : title(m.field ?? '')}：{m.reason}
              </li>
            ))}
          </ul>
        </section>
      )}
      {staff.roles.includes('clerk') && c.actions.includes('accept') && (
        <AcceptancePanel caseNumber={caseNumber} missable={missable} done={done} words={t.acceptanceDone} />
      )}
      {staff.roles.includes('reviewer') && myTask && c.actions.includes('decide-task') && (
        <ReviewPanel
          key={`${myTask.taskId}-${myTask.status}`}
          task={myTask}
          mine={myTask.claimedBy?.sub === staff.sub}
          missable={missable}
          done={done}
          words={t.reviewDone}
        />
      )}
      <h2>{t.form}</h2>
      <dl class="facts">
        {answered.map(([key, value]) => (
          <Fragment key={key}>
            <dt lang="zh-CN">{title(key)}</dt>
            <dd lang="zh-CN">{answer(value, t)}</dd>
          </Fragment>
        ))}
      </dl>
      <h2>{t.materials}</h2>
      <Materials caseNumber={caseNumber} names={names} refresh={refresh} t={t} />
      {c.kind !== 'bundle' && <PaymentPanel caseNumber={caseNumber} refresh={refresh} done={done} />}
      {c.kind !== 'bundle' && (
        <DeliveryPanel
          caseNumber={caseNumber}
          actions={c.actions}
          materials={schema?.materials ?? []}
          refresh={refresh}
          done={done}
        />
      )}
      <h2>{t.tasks}</h2>
      <Tasks tasks={c.tasks} t={t} />
      <h2>{t.history}</h2>
      <History caseNumber={caseNumber} refresh={refresh} t={t} />
    </>
  );
};

export const CasePage = ({ caseNumber }: { caseNumber: string }) => {
  const t = useText(text);
  return (
    <StaffOnly title={t.title(caseNumber)}>
      <CaseBody key={caseNumber} caseNumber={caseNumber} />
    </StaffOnly>
  );
};
