// One 12345 ticket as its filer follows it: status, the unit handling it and its limit, the reply, the
// return visit's satisfaction, reopening after an unsatisfied visit (within the window), and the history
// with the check of its hash chain.
import { useState } from 'preact/hooks';
import { type ApiProblem, send, useApi } from '../api.ts';
import { usePick } from '../staff/text.ts';
import { Field } from './field.tsx';
import { SignedInOnly } from './signed-in-only.tsx';

export const satisfaction = {
  1: { zh: '非常满意', en: 'Very satisfied' },
  2: { zh: '满意', en: 'Satisfied' },
  3: { zh: '基本满意', en: 'Fairly satisfied' },
  4: { zh: '不满意', en: 'Dissatisfied' },
  5: { zh: '非常不满意', en: 'Very dissatisfied' },
} as const;

const actions: Record<string, { zh: string; en: string }> = {
  file: { zh: '提交', en: 'filed' },
  dispatch: { zh: '派单', en: 'dispatched' },
  sign: { zh: '签收', en: 'signed for' },
  'send-back': { zh: '退单', en: 'sent back' },
  'request-extension': { zh: '申请延期', en: 'extension asked' },
  'decide-extension': { zh: '审批延期', en: 'extension decided' },
  reply: { zh: '答复', en: 'replied' },
  visit: { zh: '回访', en: 'return visit' },
  reopen: { zh: '重办', en: 'reopened' },
  close: { zh: '办结', en: 'closed' },
  remind: { zh: '催办', en: 'reminded' },
  escalate: { zh: '督办', en: 'escalated' },
  'licence-corrected': { zh: '证照已更正换发', en: 'licence corrected' },
  'assist-sign': { zh: '协办签收', en: 'signed for by an assisting unit' },
  contribute: { zh: '协办意见', en: 'assisting unit’s opinion' },
};

const text = {
  zh: {
    title: (n: string) => `工单 ${n}`,
    type: '类型',
    status: '状态',
    filedAt: '提交时间',
    content: '诉求内容',
    unit: '承办单位',
    due: '办理期限',
    reply: '答复',
    visit: '回访满意度',
    reopenUntil: '可申请重办至',
    reopenTitle: '不满意？申请重办',
    reason: '重办理由',
    reopen: '申请重办',
    reopened: '已申请重办，承办单位将重新办理。',
    history: '办理记录',
    intact: '记录完整，未被改动。',
    broken: '记录校验未通过。',
    notFound: '没有找到这个工单。',
    missing: '请填写这一项。',
  },
  en: {
    title: (n: string) => `Ticket ${n}`,
    type: 'Type',
    status: 'Status',
    filedAt: 'Filed',
    content: 'Request',
    unit: 'Handled by',
    due: 'Due by',
    reply: 'Reply',
    visit: 'Satisfaction at the return visit',
    reopenUntil: 'May be reopened until',
    reopenTitle: 'Not satisfied? Ask for it to be handled again',
    reason: 'Why',
    reopen: 'Reopen',
    reopened: 'Reopened: the unit will handle it again.',
    history: 'History',
    intact: 'The record is intact.',
    broken: 'The record failed its check.',
    notFound: 'No such ticket.',
    missing: 'Please fill this in.',
  },
};

export interface TicketView {
  ticketNumber: string;
  typeName: string;
  statusName: string;
  status: string;
  text: string;
  filedAt: string;
  leadName?: string;
  dueDate?: string;
  reply?: { at: string; text: string };
  visit?: { level: 1 | 2 | 3 | 4 | 5 };
  reopenUntil?: string;
  steps: string[];
}
interface History {
  entries: Array<{ seq: number; at: string; action: string; actor: { name: string }; opinion?: string }>;
  verification: { intact: boolean; matchesHead: boolean };
}

const when = (iso: string) =>
  new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }).slice(0, 16);

const Reopen = ({ n, onDone }: { n: string; onDone: () => void }) => {
  const t = usePick()(text);
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<ApiProblem>();
  const submit = async (e: Event) => {
    e.preventDefault();
    if (!reason.trim()) {
      setProblem({ status: 400, details: [{ path: 'body.reason', message: t.missing }] });
      return;
    }
    const result = await send('POST', `/tickets/${n}/reopen`, { reason });
    if (result.ok) onDone();
    else setProblem(result.problem);
  };
  const error = problem?.details.find((d) => d.path === 'body.reason')?.message ?? problem?.message;
  return (
    <section aria-labelledby="reopen-title">
      <h2 id="reopen-title">{t.reopenTitle}</h2>
      <form class="form" noValidate onSubmit={submit}>
        <Field id="reopen-reason" label={t.reason} {...(error ? { error } : {})} required>
          <textarea rows={3} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
        </Field>
        <button type="submit">{t.reopen}</button>
      </form>
    </section>
  );
};

const Ticket = ({ n }: { n: string }) => {
  const pick = usePick();
  const t = pick(text);
  const [refresh, setRefresh] = useState(0);
  // Said on the page, not in the form: once reopened, the ticket no longer offers the form.
  const [reopened, setReopened] = useState(false);
  const ticket = useApi<TicketView>(`/tickets/${n}`, refresh);
  const history = useApi<History>(`/tickets/${n}/history`, refresh);
  if (ticket.state === 'failed') return <p role="alert">{t.notFound}</p>;
  if (ticket.state !== 'ready') return null;
  const v = ticket.value;
  return (
    <>
      <dl class="facts">
        <dt>{t.type}</dt>
        <dd>{v.typeName}</dd>
        <dt>{t.status}</dt>
        <dd>{v.statusName}</dd>
        <dt>{t.filedAt}</dt>
        <dd>{when(v.filedAt)}</dd>
        <dt>{t.content}</dt>
        <dd lang="zh-CN">{v.text}</dd>
        {v.leadName && (
          <>
            <dt>{t.unit}</dt>
            <dd>{v.leadName}</dd>
          </>
        )}
        {v.dueDate && (
          <>
            <dt>{t.due}</dt>
            <dd>{v.dueDate}</dd>
          </>
        )}
        {v.reply && (
          <>
            <dt>{t.reply}</dt>
            <dd>
              <blockquote lang="zh-CN" class="reply">
                {v.reply.text}
              </blockquote>
            </dd>
          </>
        )}
        {v.visit && (
          <>
            <dt>{t.visit}</dt>
            <dd>{pick(satisfaction[v.visit.level])}</dd>
          </>
        )}
        {v.reopenUntil && v.steps.includes('reopen') && (
          <>
            <dt>{t.reopenUntil}</dt>
            <dd>{when(v.reopenUntil)}</dd>
          </>
        )}
      </dl>
      {v.steps.includes('reopen') && (
        <Reopen
          n={n}
          onDone={() => {
            setReopened(true);
            setRefresh((x) => x + 1);
          }}
        />
      )}
      <p class="live" aria-live="polite">
        {reopened && <span class="note done">{t.reopened}</span>}
      </p>
      {history.state === 'ready' && (
        <section aria-labelledby="history-title">
          <h2 id="history-title">{t.history}</h2>
          <p>
            {history.value.verification.intact && history.value.verification.matchesHead
              ? t.intact
              : t.broken}
          </p>
          <ol class="history">
            {history.value.entries.map((e) => (
              <li key={e.seq}>
                {when(e.at)} · {e.actor.name} · {actions[e.action] ? pick(actions[e.action]!) : e.action}
                {e.opinion && (
                  <>
                    {' '}
                    · <span lang="zh-CN">{e.opinion}</span>
                  </>
                )}
              </li>
            ))}
          </ol>
        </section>
      )}
    </>
  );
};

export const TicketPage = ({ ticketNumber }: { ticketNumber: string }) => {
  const t = usePick()(text);
  return (
    <SignedInOnly title={t.title(ticketNumber)} returnTo={`/request/${ticketNumber}`}>
      <Ticket n={ticketNumber} />
    </SignedInOnly>
  );
};
