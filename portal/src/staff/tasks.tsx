// 审批任务 a reviewer's queue: the department's open tasks, earliest deadline first, each with its working days
// left and a due-soon or overdue mark in words; a task is claimed from the list and decided on the case
// view. The tasks already decided follow in a section of their own.
import { useState } from 'preact/hooks';
import { send, useApi } from '../api.ts';
import { Status } from '../layout.tsx';
import { StaffOnly } from './app.tsx';
import { DueMark, localTime, Table, type Task, useCaseWords, useJurisdiction } from './cases.tsx';
import { News, useNews } from './news.tsx';
import { useText } from './text.ts';

const text = {
  zh: {
    title: '审批任务',
    pending: '待办',
    pendingCaption: '本部门待办任务（期限最早的在前）',
    done: '已办',
    doneCaption: '本部门已办任务（最近的在前）',
    caseNumber: '办件编号',
    item: '事项与环节',
    status: '状态',
    due: '期限',
    left: '剩余时间',
    action: '操作',
    claim: '认领',
    claimLabel: (n: string, task: string) => `认领 ${n} 的「${task}」`,
    claimed: (n: string) => `已认领 ${n}，请打开办件作出审查决定。`,
    claimFailed: '认领没有成功：任务可能已被他人认领。',
    claimedBy: (name: string) => `${name} 已认领`,
    decided: '决定',
    decidedAt: '办理时间',
    opinion: '意见',
    noPending: '没有待办任务。',
    noDone: '还没有已办任务。',
  },
  en: {
    title: 'Review tasks',
    pending: 'To do',
    pendingCaption: "My department's open tasks, earliest deadline first",
    done: 'Done',
    doneCaption: "My department's decided tasks, latest first",
    caseNumber: 'Case number',
    item: 'Item and step',
    status: 'Status',
    due: 'Due',
    left: 'Time left',
    action: 'Action',
    claim: 'Claim',
    claimLabel: (n: string, task: string) => `Claim “${task}” of ${n}`,
    claimed: (n: string) => `${n} claimed: open the case to decide it.`,
    claimFailed: 'Not claimed: someone else may have claimed the task.',
    claimedBy: (name: string) => `Claimed by ${name}`,
    decided: 'Decision',
    decidedAt: 'Decided',
    opinion: 'Opinion',
    noPending: 'No open task.',
    noDone: 'No decided task yet.',
  },
};

const caseLink = (n: string) => <a href={`/work/case/${n}`}>{n}</a>;

const ItemCell = ({ task }: { task: Task }) => (
  <td lang="zh-CN">
    {task.itemName}
    <span class="meta">{task.name}</span>
  </td>
);

const Pending = ({ refresh, claim }: { refresh: number; claim: (task: Task) => void }) => {
  const t = useText(text);
  const words = useCaseWords();
  const tasks = useApi<{ tasks: Task[] }>('/tasks?status=pending&limit=100', refresh);
  if (tasks.state !== 'ready') return <Status of={tasks} />;
  if (tasks.value.tasks.length === 0) return <p>{t.noPending}</p>;
  return (
    <Table caption={t.pendingCaption} columns={[t.caseNumber, t.item, t.status, t.due, t.left, t.action]}>
      {tasks.value.tasks.map((task) => (
        <tr key={task.taskId}>
          <th scope="row">{caseLink(task.caseNumber)}</th>
          <ItemCell task={task} />
          <td>
            {task.status === 'claimed' && task.claimedBy
              ? t.claimedBy(task.claimedBy.name)
              : words.taskStatus(task.status)}
          </td>
          <td>{task.dueDate}</td>
          <td>
            <DueMark flag={task.flag} left={task.workingDaysLeft} />
          </td>
          <td>
            {task.status === 'pending' && (
              <button
                type="button"
                class="small"
                aria-label={t.claimLabel(task.caseNumber, task.name)}
                onClick={() => claim(task)}
              >
                {t.claim}
              </button>
            )}
          </td>
        </tr>
      ))}
    </Table>
  );
};

const Done = ({ refresh }: { refresh: number }) => {
  const t = useText(text);
  const words = useCaseWords();
  const { timeZone } = useJurisdiction();
  const tasks = useApi<{ tasks: Task[] }>('/tasks?status=done&limit=50', refresh);
  if (tasks.state !== 'ready') return <Status of={tasks} />;
  if (tasks.value.tasks.length === 0) return <p>{t.noDone}</p>;
  return (
    <Table caption={t.doneCaption} columns={[t.caseNumber, t.item, t.decided, t.decidedAt, t.opinion]}>
      {tasks.value.tasks.map((task) => (
        <tr key={task.taskId}>
          <th scope="row">{caseLink(task.caseNumber)}</th>
          <ItemCell task={task} />
          <td>
            {words.taskStatus(task.status)}
            {task.decidedBy && (
              <span class="meta" lang="zh-CN">
                {task.decidedBy.name}
              </span>
            )}
          </td>
          <td>{task.decidedAt && localTime(task.decidedAt, timeZone)}</td>
          <td lang="zh-CN">{task.opinion}</td>
        </tr>
      ))}
    </Table>
  );
};

export const TasksPage = () => {
  const t = useText(text);
  const [refresh, setRefresh] = useState(0);
  const [said, say] = useNews();
  const claim = async (task: Task) => {
    const answer = await send('POST', `/tasks/${task.taskId}/claim`);
    say(answer.ok ? t.claimed(task.caseNumber) : t.claimFailed);
    setRefresh((r) => r + 1);
  };
  return (
    <StaffOnly title={t.title} roles={['reviewer']}>
      <News said={said} />
      <h2>{t.pending}</h2>
      <Pending refresh={refresh} claim={(task) => void claim(task)} />
      <h2>{t.done}</h2>
      <Done refresh={refresh} />
    </StaffOnly>
  );
};
