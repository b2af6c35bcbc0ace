// 12345 工单 in the workbench. A unit's queue (/work/tickets): the tickets it leads or assists, oldest first,
// each opened in a panel to sign for it (签收), send it back with reasons (退单), ask for an extension (延期)
// or reply (答复; a data dispute says whether the licence is confirmed or corrected). The centre's board
// (/work/tickets/board): every open ticket by age in working days with its deadline and overdue mark, opened
// to dispatch it (派单) with the suggestion and the words that matched, decide an extension, make the return
// visit (回访) or close it.
import { useState } from 'preact/hooks';
import { type ApiProblem, type JurisdictionProfile, send, useApi } from '../api.ts';
import { Field } from '../pages/field.tsx';
import { satisfaction, type TicketView } from '../pages/ticket.tsx';
import { staffOf } from '../session.ts';
import { StaffOnly } from './app.tsx';
import { useJurisdiction } from './cases.tsx';
import { Table } from './table.tsx';
import { usePick } from './text.ts';

const text = {
  zh: {
    queueTitle: '12345 工单',
    boardTitle: '工单看板',
    queueIntro: '本部门主办和协办的工单，先到先办：1 个工作日内签收或退单，按期限答复。',
    boardIntro: '全部未办结工单，按已过工作日排列；派单时参考智能派单建议。',
    toBoard: '工单看板（政务服务中心）',
    caption: (n: number) => `工单：${n} 件`,
    columns: ['工单编号', '类型', '状态', '承办单位', '已过工作日', '期限', '超期', '操作'],
    queueColumns: ['工单编号', '类型', '状态', '期限', '操作'],
    none: '没有工单。',
    open: '办理',
    openLabel: (n: string) => `办理工单 ${n}`,
    late: { dispatch: '派单超期', sign: '签收超期', handle: '办理超期' } as Record<string, string>,
    onTime: '未超期',
    escalated: '已督办',
    panel: (n: string) => `工单 ${n}`,
    content: '诉求内容',
    location: '地点',
    caller: '来电人',
    suggestion: '智能派单建议',
    matched: (source: string, words: string) => `${source}：${words}`,
    lead: '主办单位',
    assisting: '协办单位（可多选）',
    opinion: '意见',
    reasons: '理由',
    days: '延长工作日数',
    approved: '审批结果',
    approve: '同意延期',
    refuse: '不同意',
    reply: '答复内容',
    outcome: '核实结果',
    confirmed: '数据无误，维持原证照',
    corrected: '数据有误，更正并换发',
    fieldKey: '更正的字段（如 after）',
    fieldValue: '更正后的内容',
    level: '满意度',
    note: '回访情况（可不填）',
    steps: {
      dispatch: '派单',
      sign: '签收',
      'send-back': '退单',
      'request-extension': '申请延期',
      'decide-extension': '审批延期',
      reply: '答复',
      visit: '回访',
      reopen: '重办',
      close: '办结',
      'assist-sign': '协办签收',
      contribute: '提交协办意见',
    } as Record<string, string>,
    contribution: '协办意见（送主办单位）',
    assistance: '协办单位',
    assistSigned: (name: string, at: string) => `${name} 于 ${at} 签收`,
    noOpinion: '尚未提交意见',
    done: (step: string) => `已${step}。`,
    missing: '请填写这一项。',
    failed: '没有成功，请稍后再试。',
  },
  en: {
    queueTitle: '12345 tickets',
    boardTitle: 'Ticket board',
    queueIntro:
      'Tickets my department leads or assists, oldest first: sign for or send back within 1 working day, reply by the limit.',
    boardIntro: 'Every open ticket by working days since filing; dispatch with the suggestion at hand.',
    toBoard: 'Ticket board (service centre)',
    caption: (n: number) => `Tickets: ${n}`,
    columns: ['Ticket', 'Type', 'Status', 'Unit', 'Working days', 'Deadline', 'Overdue', 'Action'],
    queueColumns: ['Ticket', 'Type', 'Status', 'Deadline', 'Action'],
    none: 'No tickets.',
    open: 'Act',
    openLabel: (n: string) => `Act on ticket ${n}`,
    late: { dispatch: 'dispatch overdue', sign: 'sign-for overdue', handle: 'handling overdue' } as Record<
      string,
      string
    >,
    onTime: 'on time',
    escalated: 'escalated',
    panel: (n: string) => `Ticket ${n}`,
    content: 'Request',
    location: 'Where',
    caller: 'Caller',
    suggestion: 'Dispatch suggestion',
    matched: (source: string, words: string) => `${source}: ${words}`,
    lead: 'Lead unit',
    assisting: 'Assisting units (any)',
    opinion: 'Opinion',
    reasons: 'Reasons',
    days: 'Working days more',
    approved: 'Decision',
    approve: 'Approve',
    refuse: 'Refuse',
    reply: 'Reply',
    outcome: 'Finding',
    confirmed: 'The data is right: the licence stands',
    corrected: 'The data is wrong: correct and re-issue',
    fieldKey: 'Field to correct (e.g. after)',
    fieldValue: 'Corrected value',
    level: 'Satisfaction',
    note: 'Notes of the call (optional)',
    steps: {
      dispatch: 'Dispatch',
      sign: 'Sign for',
      'send-back': 'Send back',
      'request-extension': 'Ask for an extension',
      'decide-extension': 'Decide the extension',
      reply: 'Reply',
      visit: 'Return visit',
      reopen: 'Reopen',
      close: 'Close',
      'assist-sign': 'Sign for our part',
      contribute: 'Send our opinion',
    } as Record<string, string>,
    contribution: 'Our opinion (to the lead unit)',
    assistance: 'Assisting units',
    assistSigned: (name: string, at: string) => `Signed by ${name}, ${at}`,
    noOpinion: 'No opinion yet',
    done: (step: string) => `${step}: done.`,
    missing: 'Please fill this in.',
    failed: 'It did not work; please try again.',
  },
};

type Strings = (typeof text)['zh'];

interface BoardRow {
  ticketNumber: string;
  typeName: string;
  statusName: string;
  leadName: string | null;
  ageWorkingDays: number;
  deadline: string | null;
  overdue: string | null;
  escalated: boolean;
}
interface FullTicket extends TicketView {
  type: string;
  assistance?: Record<
    string,
    { signedAt: string; signedBy: string; opinion?: { at: string; by: string; text: string } }
  >;
  location?: string;
  caller?: { name: string; mobile: string };
  suggestion?: {
    departments: Array<{
      department: string;
      name: string;
      reasons: Array<{ source: string; matched: string[] }>;
    }>;
  };
  dispatchBy?: string;
  signBy?: string;
  handleBy?: string;
}

const stepPaths: Record<string, string> = {
  dispatch: 'dispatch',
  sign: 'sign',
  'send-back': 'send-back',
  'request-extension': 'extension',
  'decide-extension': 'extension/decision',
  reply: 'reply',
  visit: 'visit',
  reopen: 'reopen',
  close: 'close',
  'assist-sign': 'assist-sign',
  contribute: 'contribution',
};

const when = (iso: string | null | undefined) =>
  iso
    ? new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }).slice(0, 16)
    : '—';

/** One step's form: its fields, sent to the step's route; the API's field errors beside the fields. */
const StepForm = ({
  n,
  step,
  ticket,
  t,
  onDone,
}: {
  n: string;
  step: string;
  ticket: FullTicket;
  t: Strings;
  onDone: (message: string) => void;
}) => {
  const pick = usePick();
  const jurisdiction = useApi<JurisdictionProfile>(step === 'dispatch' ? '/jurisdiction' : undefined);
  const suggested = ticket.suggestion?.departments[0]?.department ?? '';
  const [values, setValues] = useState<Record<string, string>>({
    lead: suggested,
    outcome: 'confirmed',
    level: '',
    approved: '',
  });
  const [assisting, setAssisting] = useState<string[]>([]);
  const [problem, setProblem] = useState<ApiProblem>();
  const set = (k: string) => (e: Event) =>
    setValues({ ...values, [k]: (e.currentTarget as HTMLInputElement).value });
  const id = (k: string) => `${step}-${k}`;
  const error = (k: string) => problem?.details.find((d) => d.path === `body.${k}`)?.message;
  const errorProp = (k: string) => (error(k) ? { error: error(k)! } : {});
  const body = (): Record<string, unknown> => {
    switch (step) {
      case 'dispatch':
        return { lead: values.lead, assisting, ...(values.opinion ? { opinion: values.opinion } : {}) };
      case 'send-back':
        return { reasons: values.reasons ?? '' };
      case 'request-extension':
        return { days: Number(values.days), reasons: values.reasons ?? '' };
      case 'decide-extension':
        return { approved: values.approved === 'yes', opinion: values.opinion ?? '' };
      case 'reply':
        return {
          text: values.reply ?? '',
          ...(ticket.type === 'data-dispute'
            ? {
                resolution:
                  values.outcome === 'corrected'
                    ? {
                        outcome: 'corrected',
                        fields: [{ key: values.fieldKey ?? '', value: values.fieldValue ?? '' }],
                      }
                    : { outcome: 'confirmed' },
              }
            : {}),
        };
      case 'visit':
        return { level: Number(values.level), ...(values.note ? { note: values.note } : {}) };
      case 'reopen':
        return { reason: values.reasons ?? '' };
      case 'close':
        return { opinion: values.opinion ?? '' };
      case 'contribute':
        return { text: values.contribution ?? '' };
      default:
        return {};
    }
  };
  const submit = async (e: Event) => {
    e.preventDefault();
    const result = await send('POST', `/tickets/${n}/${stepPaths[step]}`, body());
    if (result.ok) {
      setProblem(undefined);
      onDone(t.done(t.steps[step] ?? step));
    } else setProblem(result.problem);
  };
  const textArea = (k: string, label: string, path = k) => (
    <Field id={id(k)} label={label} {...errorProp(path)}>
      <textarea rows={3} value={values[k] ?? ''} onInput={set(k)} />
    </Field>
  );
  const departments = jurisdiction.state === 'ready' ? jurisdiction.value.departments : [];
  return (
    <form class="form" noValidate onSubmit={submit} aria-labelledby={`${id('title')}`}>
      <h3 id={id('title')}>{t.steps[step]}</h3>
      {step === 'dispatch' && (
        <>
          {ticket.suggestion && ticket.suggestion.departments.length > 0 && (
            <div>
              <p>{t.suggestion}</p>
              <ol>
                {ticket.suggestion.departments.map((d) => (
                  <li key={d.department}>
                    {d.name}
                    <ul>
                      {d.reasons.map((r) => (
                        <li key={r.source} lang="zh-CN">
                          {t.matched(r.source, r.matched.join('、'))}
                        </li>
                      ))}
                    </ul>
                  </li>
                ))}
              </ol>
            </div>
          )}
          <Field id={id('lead')} label={t.lead} {...errorProp('lead')}>
            <select value={values.lead} onChange={set('lead')}>
              {departments
                .filter((d) => d.code !== 'zwfw')
                .map((d) => (
                  <option key={d.code} value={d.code}>
                    {d.name}
                  </option>
                ))}
            </select>
          </Field>
          <fieldset>
            <legend>{t.assisting}</legend>
            {departments
              .filter((d) => d.code !== 'zwfw' && d.code !== values.lead)
              .map((d) => (
                <label key={d.code} class="check">
                  <input
                    type="checkbox"
                    checked={assisting.includes(d.code)}
                    onChange={(e) =>
                      setAssisting(
                        e.currentTarget.checked
                          ? [...assisting, d.code]
                          : assisting.filter((x) => x !== d.code),
                      )
                    }
                  />
                  <span>{d.name}</span>
                </label>
              ))}
          </fieldset>
          {textArea('opinion', t.opinion)}
        </>
      )}
      {step === 'send-back' && textArea('reasons', t.reasons)}
      {step === 'reopen' && textArea('reasons', t.reasons, 'reason')}
      {step === 'request-extension' && (
        <>
          <Field id={id('days')} label={t.days} {...errorProp('days')}>
            <input type="number" min={1} max={30} value={values.days ?? ''} onInput={set('days')} />
          </Field>
          {textArea('reasons', t.reasons)}
        </>
      )}
      {step === 'decide-extension' && (
        <>
          <fieldset>
            <legend>{t.approved}</legend>
            <label class="check">
              <input
                type="radio"
                name={id('approved')}
                value="yes"
                checked={values.approved === 'yes'}
                onChange={set('approved')}
              />
              <span>{t.approve}</span>
            </label>
            <label class="check">
              <input
                type="radio"
                name={id('approved')}
                value="no"
                checked={values.approved === 'no'}
                onChange={set('approved')}
              />
              <span>{t.refuse}</span>
            </label>
          </fieldset>
          {textArea('opinion', t.opinion)}
        </>
      )}
      {step === 'reply' && (
        <>
          {ticket.type === 'data-dispute' && (
            <>
              <fieldset>
                <legend>{t.outcome}</legend>
                {(['confirmed', 'corrected'] as const).map((o) => (
                  <label key={o} class="check">
                    <input
                      type="radio"
                      name={id('outcome')}
                      value={o}
                      checked={values.outcome === o}
                      onChange={set('outcome')}
                    />
                    <span>{t[o]}</span>
                  </label>
                ))}
              </fieldset>
              {values.outcome === 'corrected' && (
                <>
                  <Field id={id('fieldKey')} label={t.fieldKey}>
                    <input value={values.fieldKey ?? ''} onInput={set('fieldKey')} />
                  </Field>
                  <Field id={id('fieldValue')} label={t.fieldValue}>
                    <input value={values.fieldValue ?? ''} onInput={set('fieldValue')} />
                  </Field>
                </>
              )}
            </>
          )}
          {textArea('reply', t.reply, 'text')}
        </>
      )}
      {step === 'visit' && (
        <>
          <Field id={id('level')} label={t.level} {...errorProp('level')}>
            <select value={values.level} onChange={set('level')}>
              <option value="">—</option>
              {Object.entries(satisfaction).map(([level, name]) => (
                <option key={level} value={level}>
                  {pick(name)}
                </option>
              ))}
            </select>
          </Field>
          {textArea('note', t.note)}
        </>
      )}
      {step === 'close' && textArea('opinion', t.opinion)}
      {step === 'contribute' && textArea('contribution', t.contribution, 'text')}
      <button type="submit">{t.steps[step]}</button>
      {problem && problem.details.length === 0 && (
        <p role="alert" class="error">
          {problem.message ?? t.failed}
        </p>
      )}
    </form>
  );
};

const Panel = ({ n, t, onChanged }: { n: string; t: Strings; onChanged: (said: string) => void }) => {
  const [refresh, setRefresh] = useState(0);
  const ticket = useApi<FullTicket>(`/tickets/${n}`, refresh);
  const { departmentName } = useJurisdiction();
  if (ticket.state !== 'ready') return null;
  const v = ticket.value;
  return (
    <section class="panel" aria-labelledby="ticket-panel-title">
      <h2 id="ticket-panel-title">{t.panel(n)}</h2>
      <dl class="facts">
        <dt>{t.columns[1]}</dt>
        <dd>{v.typeName}</dd>
        <dt>{t.columns[2]}</dt>
        <dd>{v.statusName}</dd>
        <dt>{t.content}</dt>
        <dd lang="zh-CN">{v.text}</dd>
        {v.location && (
          <>
            <dt>{t.location}</dt>
            <dd lang="zh-CN">{v.location}</dd>
          </>
        )}
        {v.caller && (
          <>
            <dt>{t.caller}</dt>
            <dd>
              {v.caller.name} {v.caller.mobile}
            </dd>
          </>
        )}
        {v.dueDate && (
          <>
            <dt>{t.columns[5]}</dt>
            <dd>{v.dueDate}</dd>
          </>
        )}
        {v.assistance && Object.keys(v.assistance).length > 0 && (
          <>
            <dt>{t.assistance}</dt>
            <dd>
              <ul class="plain">
                {Object.entries(v.assistance).map(([code, part]) => (
                  <li key={code}>
                    {departmentName(code)}：{t.assistSigned(part.signedBy, when(part.signedAt))}
                    {' · '}
                    {part.opinion ? <span lang="zh-CN">{part.opinion.text}</span> : t.noOpinion}
                  </li>
                ))}
              </ul>
            </dd>
          </>
        )}
      </dl>
      {v.steps.map((step) => (
        <StepForm
          key={`${step}-${refresh}`}
          n={n}
          step={step}
          ticket={v}
          t={t}
          onDone={(message) => {
            setRefresh((x) => x + 1);
            onChanged(message);
          }}
        />
      ))}
    </section>
  );
};

/** A row's first cells: number, type, status. */
const SummaryCells = ({ r }: { r: { ticketNumber: string; typeName: string; statusName: string } }) => (
  <>
    <td>{r.ticketNumber}</td>
    <td>{r.typeName}</td>
    <td>{r.statusName}</td>
  </>
);

/** A row's button that opens its ticket in the panel. */
const OpenCell = ({ n, t, open }: { n: string; t: Strings; open: (n: string) => void }) => (
  <td>
    <button type="button" aria-label={t.openLabel(n)} onClick={() => open(n)}>
      {t.open}
    </button>
  </td>
);

/** The page's live region and the open ticket's panel: what a step did stays said after the panel goes. */
const OpenTicket = ({ n, t, onChanged }: { n?: string; t: Strings; onChanged: () => void }) => {
  const [said, setSaid] = useState('');
  return (
    <>
      <p class="live" aria-live="polite">
        {said}
      </p>
      {n && (
        <Panel
          key={n}
          n={n}
          t={t}
          onChanged={(message) => {
            setSaid(message);
            onChanged();
          }}
        />
      )}
    </>
  );
};

export const TicketQueuePage = () => {
  const t = usePick()(text);
  const [refresh, setRefresh] = useState(0);
  const [open, setOpen] = useState<string>();
  const staff = staffOf();
  const queue = useApi<{ tickets: Array<FullTicket & { ticketNumber: string }> }>('/tickets', refresh);
  const rows = queue.state === 'ready' ? queue.value.tickets : [];
  const centre = staff.department === 'zwfw' || staff.roles.includes('supervisor');
  return (
    <StaffOnly title={t.queueTitle}>
      <p>{t.queueIntro}</p>
      {centre && (
        <p>
          <a href="/work/tickets/board">{t.toBoard}</a>
        </p>
      )}
      <Table
        caption={t.caption(rows.length)}
        columns={t.queueColumns}
        {...(rows.length ? {} : { empty: t.none })}
      >
        {rows.map((r) => (
          <tr key={r.ticketNumber}>
            <SummaryCells r={r} />
            <td>{r.dueDate ?? when(r.signBy)}</td>
            <OpenCell n={r.ticketNumber} t={t} open={setOpen} />
          </tr>
        ))}
      </Table>
      <OpenTicket {...(open ? { n: open } : {})} t={t} onChanged={() => setRefresh((x) => x + 1)} />
    </StaffOnly>
  );
};

export const TicketBoardPage = () => {
  const t = usePick()(text);
  const [refresh, setRefresh] = useState(0);
  const [open, setOpen] = useState<string>();
  const board = useApi<{ tickets: BoardRow[] }>('/tickets/board', refresh);
  const rows =
    board.state === 'ready'
      ? [...board.value.tickets].sort((a, b) => b.ageWorkingDays - a.ageWorkingDays)
      : [];
  return (
    <StaffOnly title={t.boardTitle} roles={['clerk', 'supervisor', 'admin']}>
      <p>{t.boardIntro}</p>
      <Table caption={t.caption(rows.length)} columns={t.columns} {...(rows.length ? {} : { empty: t.none })}>
        {rows.map((r) => (
          <tr key={r.ticketNumber}>
            <SummaryCells r={r} />
            <td>{r.leadName ?? '—'}</td>
            <td>{r.ageWorkingDays}</td>
            <td>{when(r.deadline)}</td>
            <td>
              {r.overdue ? t.late[r.overdue] : t.onTime}
              {r.escalated && ` · ${t.escalated}`}
            </td>
            <OpenCell n={r.ticketNumber} t={t} open={setOpen} />
          </tr>
        ))}
      </Table>
      <OpenTicket {...(open ? { n: open } : {})} t={t} onChanged={() => setRefresh((x) => x + 1)} />
    </StaffOnly>
  );
};
