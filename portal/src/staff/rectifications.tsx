// 差评整改 the handling unit's rectifications of bad reviews: the open ones with their return-call and
// rectification deadlines and an overdue mark in words, then those done; a panel per rectification takes the
// next step (回访 the return call, 整改 the measures, 答复 the reply, or 申诉 an appeal with reasons).
// Supervisors also see every overdue rectification and decide the units' appeals (成立 upheld voids the
// review, 不成立 refused resumes the work).
import { Fragment } from 'preact';
import { useState } from 'preact/hooks';
import { type JurisdictionProfile, send, useApi } from '../api.ts';
import { useStrings } from '../i18n.ts';
import { Status } from '../layout.tsx';
import { Choice, Choices } from '../pages/choices.tsx';
import { dayOf, type RatingView, type RectificationView } from '../pages/rating.tsx';
import { staffOf } from '../session.ts';
import { StaffOnly } from './app.tsx';
import { useFocusOnOpen } from './focus.ts';
import { News, useNews } from './news.tsx';
import { type Done, doneOf, fieldError, invalid, Outcome } from './outcome.tsx';
import { ActionCell, Table } from './table.tsx';
import { usePick, useText } from './text.ts';
import { TextArea } from './text-area.tsx';

type ListStatus = 'open' | 'done' | 'overdue' | 'appealed';

const text = {
  zh: {
    title: '差评整改',
    intro:
      '差评须在 1 个工作日内回访、15 个工作日内整改并答复评价人；误评、恶意差评可以申诉，由监察人员裁决。',
    lists: {
      open: '本部门待整改的差评',
      done: '本部门已办结的差评',
      overdue: '超期未整改的差评（全部部门）',
      appealed: '待裁决的申诉（全部部门）',
    },
    empty: '没有这类差评。',
    caption: (name: string, n: number) => `${name}：${n} 件`,
    columns: ['办件编号', '评价', '状态', '回访期限', '整改期限', '超期情况', '操作'],
    department: '部门',
    status: {
      'awaiting-call': '待回访',
      rectifying: '整改中',
      'awaiting-reply': '待答复',
      closed: '已办结',
      appealed: '申诉中',
      void: '申诉成立',
    } as Record<string, string>,
    late: { call: '回访已超期', rectify: '整改已超期' },
    onTime: '未超期',
    open: '处理',
    openLabel: (n: string) => `处理 ${n} 的差评`,
    decide: '裁决',
    decideLabel: (n: string) => `裁决 ${n} 的申诉`,
    panel: (n: string) => `${n} 的差评`,
    rating: '评价',
    aspects: '评价的方面',
    comment: '评价人的意见',
    noComment: '（没有写意见）',
    steps: '已办步骤',
    call: '回访',
    reachedWords: (yes: boolean): string => (yes ? '已联系到评价人' : '未联系到评价人'),
    measures: '整改措施',
    reply: '答复',
    appeal: '申诉理由',
    decision: '裁决',
    decisionWords: (upheld: boolean): string => (upheld ? '申诉成立' : '申诉不成立'),
    recordCall: '记录回访',
    reached: '是否联系到评价人',
    yes: '已联系到',
    no: '未联系到',
    reachedMissing: '请选择是否联系到评价人。',
    note: '回访情况',
    callDone: '已记录回访，转入整改。',
    recordMeasures: '记录整改措施',
    measuresDone: '已记录整改措施，请答复评价人。',
    replyTitle: '答复评价人',
    replyText: '答复内容（评价人会看到全文）',
    replyDone: '已答复评价人，差评整改办结。',
    appealTitle: '申诉',
    appealHint: '评价人误评或恶意差评时提出，写明理由；由监察人员裁决。',
    appealReason: '申诉理由',
    appealSend: '提出申诉',
    appealDone: '已提出申诉，等待监察人员裁决。',
    appealWaiting: '申诉中，等待监察人员裁决。',
    decideTitle: '裁决申诉',
    upheld: '裁决结果',
    upheldYes: '申诉成立（这条差评作废，不计入统计）',
    upheldNo: '申诉不成立（继续整改）',
    upheldMissing: '请选择裁决结果。',
    opinion: '裁决意见',
    decideSend: '作出裁决',
    decidedUpheld: '申诉成立，这条差评已作废。',
    decidedRefused: '申诉不成立，部门继续整改。',
    textMissing: '请填写这一项。',
    called: (date: string) => `${date} 已回访`,
  },
  en: {
    title: 'Bad reviews',
    intro:
      'A bad review gets a call back within 1 working day, and is put right and replied to within 15; a mistaken or malicious one may be appealed, for a supervisor to decide.',
    lists: {
      open: "My department's open bad reviews",
      done: "My department's closed bad reviews",
      overdue: 'Overdue bad reviews (all departments)',
      appealed: 'Appeals to decide (all departments)',
    },
    empty: 'None.',
    caption: (name: string, n: number) => `${name}: ${n}`,
    columns: ['Case', 'Rating', 'Status', 'Call back by', 'Put right by', 'Overdue', 'Action'],
    department: 'Department',
    status: {
      'awaiting-call': 'Call back due',
      rectifying: 'Being put right',
      'awaiting-reply': 'Reply due',
      closed: 'Closed',
      appealed: 'Appealed',
      void: 'Appeal upheld',
    } as Record<string, string>,
    late: { call: 'call back overdue', rectify: 'putting right overdue' },
    onTime: 'on time',
    open: 'Act',
    openLabel: (n: string) => `Act on the bad review of ${n}`,
    decide: 'Decide',
    decideLabel: (n: string) => `Decide the appeal of ${n}`,
    panel: (n: string) => `The bad review of ${n}`,
    rating: 'Rating',
    aspects: 'What was rated',
    comment: "The rater's comment",
    noComment: '(no comment)',
    steps: 'Steps taken',
    call: 'Call back',
    reachedWords: (yes: boolean): string =>
      yes ? 'the rater was reached' : 'the rater could not be reached',
    measures: 'Measures',
    reply: 'Reply',
    appeal: 'Appeal',
    decision: 'Decision',
    decisionWords: (upheld: boolean): string => (upheld ? 'appeal upheld' : 'appeal refused'),
    recordCall: 'Record the call back',
    reached: 'Was the rater reached?',
    yes: 'Reached',
    no: 'Not reached',
    reachedMissing: 'Say whether the rater was reached.',
    note: 'What was said',
    callDone: 'Call back recorded; now put it right.',
    recordMeasures: 'Record the measures',
    measuresDone: 'Measures recorded; now reply to the rater.',
    replyTitle: 'Reply to the rater',
    replyText: 'Reply (the rater reads it in full)',
    replyDone: 'Replied; the bad review is closed.',
    appealTitle: 'Appeal',
    appealHint: 'For a mistaken or malicious review, with the reasons; a supervisor decides.',
    appealReason: 'Reasons',
    appealSend: 'Appeal',
    appealDone: 'Appealed; a supervisor will decide.',
    appealWaiting: 'Appealed; waiting for a supervisor to decide.',
    decideTitle: 'Decide the appeal',
    upheld: 'Decision',
    upheldYes: 'Upheld (the review is void and not counted)',
    upheldNo: 'Refused (the department goes on putting it right)',
    upheldMissing: 'Choose the decision.',
    opinion: 'Opinion',
    decideSend: 'Decide',
    decidedUpheld: 'Appeal upheld: the review is void.',
    decidedRefused: 'Appeal refused: the department goes on.',
    textMissing: 'Fill this in.',
    called: (date: string) => `called back on ${date}`,
  },
};
type Strings = (typeof text)['zh'];

/**
 * One step's form: an optional yes/no (sent as `choice.key`), a text (sent as `field`), POSTed to the
 * rectification's `step`; field errors beside their fields, the news above the panel.
 */
const StepForm = ({
  caseNumber,
  step,
  title,
  hint,
  choice,
  field,
  label,
  submit,
  said,
  onDone,
}: {
  caseNumber: string;
  step: 'call' | 'rectify' | 'reply' | 'appeal' | 'appeal-decision';
  title: string;
  hint?: string;
  choice?: { key: string; legend: string; yes: string; no: string; missing: string };
  field: string;
  label: string;
  submit: string;
  said: (yes: boolean | undefined) => string;
  onDone: (message: string) => void;
}) => {
  const t = useText(text);
  const pick = usePick();
  const [yes, setYes] = useState<boolean>();
  const [value, setValue] = useState('');
  const [done, setDone] = useState<Done>();
  const id = `${step}-${field}`;
  const post = async (e: Event) => {
    e.preventDefault();
    const fields: Record<string, string> = {};
    if (choice && yes === undefined) fields[choice.key] = choice.missing;
    if (!value.trim()) fields[field] = t.textMissing;
    if (Object.keys(fields).length > 0) return setDone(invalid(fields));
    const answer = await send('POST', `/cases/${caseNumber}/rectification/${step}`, {
      ...(choice ? { [choice.key]: yes } : {}),
      [field]: value.trim(),
    });
    const message = said(yes);
    setDone(doneOf(answer, message, pick));
    if (answer.ok) onDone(message);
  };
  return (
    <form class="form" noValidate onSubmit={post}>
      <h3>{title}</h3>
      {hint && <p class="hint">{hint}</p>}
      {choice && (
        <Choices id={`${step}-${choice.key}`} legend={choice.legend} error={fieldError(done, choice.key)}>
          {[true, false].map((v) => (
            <Choice
              key={String(v)}
              type="radio"
              name={`${step}-${choice.key}`}
              checked={yes === v}
              onCheck={() => setYes(v)}
            >
              {v ? choice.yes : choice.no}
            </Choice>
          ))}
        </Choices>
      )}
      <TextArea id={id} label={label} error={fieldError(done, field)} value={value} onValue={setValue} />
      <button type="submit">{submit}</button>
      <Outcome done={done} />
    </form>
  );
};

interface RatingAnswer {
  rating: (RatingView & { department: string }) | null;
  rectification: RectificationView | null;
}

/** What has been done so far, each step with its date. */
const Steps = ({ r, t }: { r: RectificationView; t: Strings }) => {
  const decision = r.appeal?.decision;
  const steps: Array<[string, { at: string } | undefined, string, string?]> = [
    [t.call, r.call, r.call?.note ?? '', r.call && t.reachedWords(r.call.reached)],
    [t.measures, r.rectified, r.rectified?.measures ?? ''],
    [t.reply, r.reply, r.reply?.text ?? ''],
    [t.appeal, r.appeal, r.appeal?.reason ?? ''],
    [t.decision, decision, decision?.opinion ?? '', decision && t.decisionWords(decision.upheld)],
  ];
  if (!steps.some(([, done]) => done)) return null;
  return (
    <>
      <h3>{t.steps}</h3>
      <dl class="facts">
        {steps.map(([name, done, said, words]) =>
          done ? (
            <Fragment key={name}>
              <dt>{name}</dt>
              <dd>
                {dayOf(done.at)} · {words && `${words} · `}
                <span lang="zh-CN">{said}</span>
              </dd>
            </Fragment>
          ) : null,
        )}
      </dl>
    </>
  );
};

type StepProps = Omit<Parameters<typeof StepForm>[0], 'caseNumber' | 'onDone'>;

/** The form of each step and the statuses it follows (as shared/ratings.ts's table has them). */
const stepForms = (t: Strings): Array<StepProps & { from: string[] }> => [
  {
    from: ['awaiting-call'],
    step: 'call',
    title: t.recordCall,
    choice: { key: 'reached', legend: t.reached, yes: t.yes, no: t.no, missing: t.reachedMissing },
    field: 'note',
    label: t.note,
    submit: t.recordCall,
    said: () => t.callDone,
  },
  {
    from: ['rectifying'],
    step: 'rectify',
    title: t.recordMeasures,
    field: 'measures',
    label: t.measures,
    submit: t.recordMeasures,
    said: () => t.measuresDone,
  },
  {
    from: ['awaiting-reply'],
    step: 'reply',
    title: t.replyTitle,
    field: 'text',
    label: t.replyText,
    submit: t.replyTitle,
    said: () => t.replyDone,
  },
  {
    from: ['awaiting-call', 'rectifying'],
    step: 'appeal',
    title: t.appealTitle,
    hint: t.appealHint,
    field: 'reason',
    label: t.appealReason,
    submit: t.appealSend,
    said: () => t.appealDone,
  },
  {
    from: ['appealed'],
    step: 'appeal-decision',
    title: t.decideTitle,
    choice: { key: 'upheld', legend: t.upheld, yes: t.upheldYes, no: t.upheldNo, missing: t.upheldMissing },
    field: 'opinion',
    label: t.opinion,
    submit: t.decideSend,
    said: (upheld) => (upheld ? t.decidedUpheld : t.decidedRefused),
  },
];

/** The panel of one rectification: the rating, the steps so far, and the form(s) for what comes next. */
const Panel = ({
  caseNumber,
  deciding,
  onChanged,
}: {
  caseNumber: string;
  deciding: boolean;
  onChanged: (message: string) => void;
}) => {
  const t = useText(text);
  const words = useStrings();
  const levels = words.ratingLevels;
  const heading = useFocusOnOpen<HTMLHeadingElement>(caseNumber);
  const [version, setVersion] = useState(0);
  const answer = useApi<RatingAnswer>(`/cases/${caseNumber}/rating`, version);
  const changed = (message: string) => {
    setVersion((v) => v + 1);
    onChanged(message);
  };
  const r = answer.state === 'ready' ? answer.value.rectification : null;
  const rating = answer.state === 'ready' ? answer.value.rating : null;
  return (
    <section class="panel" aria-labelledby="rect-panel">
      <h2 id="rect-panel" tabIndex={-1} ref={heading}>
        {t.panel(caseNumber)}
      </h2>
      {answer.state !== 'ready' ? (
        <Status of={answer} />
      ) : (
        r &&
        rating && (
          <>
            <dl class="facts">
              <dt>{t.rating}</dt>
              <dd>
                <strong>{levels[rating.level]}</strong> · {t.status[r.status]}
              </dd>
              {rating.aspects.length > 0 && (
                <>
                  <dt>{t.aspects}</dt>
                  <dd>{rating.aspects.map((a) => words.ratingAspects[a] ?? a).join('、')}</dd>
                </>
              )}
              <dt>{t.comment}</dt>
              <dd lang="zh-CN">{rating.comment ?? t.noComment}</dd>
            </dl>
            <Steps r={r} t={t} />
            <div class="columns">
              {stepForms(t)
                .filter((f) => f.from.includes(r.status) && (f.step === 'appeal-decision') === deciding)
                .map(({ from: _, ...form }) => (
                  <StepForm key={form.step} {...form} caseNumber={caseNumber} onDone={changed} />
                ))}
              {r.status === 'appealed' && !deciding && <p>{t.appealWaiting}</p>}
            </div>
          </>
        )
      )}
    </section>
  );
};

const List = ({
  status,
  refresh,
  departmentName,
  onAct,
}: {
  status: ListStatus;
  refresh: number;
  departmentName?: (code: string) => string;
  onAct?: (r: RectificationView) => void;
}) => {
  const t = useText(text);
  const levels = useStrings().ratingLevels;
  const list = useApi<{ rectifications: RectificationView[] }>(`/rectifications?status=${status}`, refresh);
  if (list.state !== 'ready') return <Status of={list} />;
  const rows = list.value.rectifications;
  const columns = [
    ...t.columns.slice(0, 1),
    ...(departmentName ? [t.department] : []),
    ...t.columns.slice(1, onAct ? 7 : 6),
  ];
  const decide = status === 'appealed';
  return (
    <Table
      caption={t.caption(t.lists[status], rows.length)}
      columns={columns}
      empty={rows.length === 0 ? t.empty : undefined}
    >
      {rows.map((r) => (
        <tr key={r.caseNumber}>
          <th scope="row">
            <a href={`/work/case/${r.caseNumber}`}>{r.caseNumber}</a>
          </th>
          {departmentName && <td lang="zh-CN">{departmentName(r.department)}</td>}
          <td>{levels[r.level]}</td>
          <td>{t.status[r.status] ?? r.status}</td>
          <td>
            {r.callBy}
            {r.call && <span class="meta">{t.called(dayOf(r.call.at))}</span>}
          </td>
          <td>{r.rectifyBy}</td>
          <td>
            {r.overdue.length === 0 ? t.onTime : `⚠ ${r.overdue.map((late) => t.late[late]).join('；')}`}
          </td>
          {onAct && (
            <ActionCell
              class="small"
              label={decide ? t.decideLabel(r.caseNumber) : t.openLabel(r.caseNumber)}
              onClick={() => onAct(r)}
            >
              {decide ? t.decide : t.open}
            </ActionCell>
          )}
        </tr>
      ))}
    </Table>
  );
};

export const RectificationsPage = () => {
  const t = useText(text);
  const staff = staffOf();
  const supervisor = staff.roles.includes('supervisor');
  const overseer = supervisor || staff.roles.includes('admin');
  const jurisdiction = useApi<JurisdictionProfile>('/jurisdiction');
  const departmentName = (code: string) =>
    (jurisdiction.state === 'ready'
      ? jurisdiction.value.departments.find((d) => d.code === code)?.name
      : '') || code;
  const [refresh, setRefresh] = useState(0);
  const [acting, setActing] = useState<{ caseNumber: string; deciding: boolean }>();
  const [said, say] = useNews();
  const changed = (message: string) => {
    say(message);
    setRefresh((n) => n + 1);
  };
  return (
    <StaffOnly title={t.title}>
      <p>{t.intro}</p>
      <News said={said} />
      {overseer && (
        <>
          <List status="overdue" refresh={refresh} departmentName={departmentName} />
          <List
            status="appealed"
            refresh={refresh}
            departmentName={departmentName}
            onAct={supervisor ? (r) => setActing({ caseNumber: r.caseNumber, deciding: true }) : undefined}
          />
        </>
      )}
      {/* Supervisors and administrators oversee every unit's; the units' own staff work on theirs. */}
      {staff.department && !overseer && (
        <>
          <List
            status="open"
            refresh={refresh}
            onAct={(r) => setActing({ caseNumber: r.caseNumber, deciding: false })}
          />
          <List status="done" refresh={refresh} />
        </>
      )}
      {acting && (
        <Panel
          key={`${acting.caseNumber}-${acting.deciding}`}
          caseNumber={acting.caseNumber}
          deciding={acting.deciding}
          onChanged={changed}
        />
      )}
    </StaffOnly>
  );
};
