// 12345 诉求: ask the knowledge base first (智能问答) and, when it has no answer or did not help, hand the
// question to a person (人工: a 12345 enquiry); file a request or complaint (type, text, place, an optional
// attachment, an emergency mark; a report may be anonymous); list one's own tickets; follow any ticket with
// its number and query code.
import { useState } from 'preact/hooks';
import { type ApiProblem, send, useApi } from '../api.ts';
import { useStrings } from '../i18n.ts';
import { signedIn, signIn } from '../session.ts';
import { usePick } from '../staff/text.ts';
import { acceptedFiles, uploadFile } from '../upload.ts';
import { Field } from './field.tsx';

export const ticketTypes = {
  complaint: { zh: '投诉', en: 'Complaint' },
  enquiry: { zh: '咨询', en: 'Enquiry' },
  help: { zh: '求助', en: 'Request for help' },
  report: { zh: '举报', en: 'Report' },
  suggestion: { zh: '建议', en: 'Suggestion' },
  'data-dispute': { zh: '数据异议', en: 'Data dispute (a licence)' },
} as const;
type TicketType = keyof typeof ticketTypes;

const text = {
  zh: {
    title: '12345 诉求',
    intro:
      '咨询、求助、投诉、举报、建议，或对证照数据有异议，都可以在这里提出；政务服务中心派给负责的部门办理并回访。',
    askTitle: '先问问智能问答',
    question: '你的问题',
    ask: '提问',
    noAnswer: '没有找到可靠的答案。',
    answersFrom: '以下内容摘自办事指南：',
    notHelped: '没有帮到我，转人工',
    handOff: '转人工咨询',
    handedOff: (n: string) => `已转人工，工单编号 ${n}。`,
    signInToHandOff: '登录后可转人工咨询。',
    fileTitle: '提交诉求',
    type: '诉求类型',
    body: '诉求内容',
    bodyHint: '写明发生了什么、在哪里、希望怎么处理。',
    location: '事发地点（可不填）',
    licenceId: '有异议的证照编号',
    emergency: '紧急（涉及人身财产安全，1 小时内派单）',
    anonymous: '匿名举报（不登录，凭查询码查看办理情况）',
    attachment: '附件（可不填：PDF、OFD、JPEG、PNG，不超过 20 MB）',
    submit: '提交',
    filed: (n: string, code: string) =>
      `已提交，工单编号 ${n}，查询码 ${code}（请记下，匿名时只能凭它查询）。`,
    open: '查看工单',
    missing: '请填写这一项。',
    signInToFile: '提交诉求请先登录；只有举报可以匿名。',
    signIn: '登录',
    mineTitle: '我的诉求',
    none: '还没有诉求。',
    trackTitle: '凭查询码查询',
    number: '工单编号',
    queryCode: '查询码',
    track: '查询',
    notFound: '没有找到这个工单，请核对编号和查询码。',
    status: '状态',
    unit: '承办单位',
    due: '办理期限',
    reply: '答复',
    failed: '提交没有成功，请稍后再试。',
  },
  en: {
    title: '12345 requests and complaints',
    intro:
      'Ask, ask for help, complain, report, suggest, or dispute the data of a licence here; the service centre sends it to the department responsible and calls you back.',
    askTitle: 'Ask the knowledge base first',
    question: 'Your question',
    ask: 'Ask',
    noAnswer: 'No reliable answer was found.',
    answersFrom: 'From the service guides:',
    notHelped: 'This did not help: ask a person',
    handOff: 'Ask a person',
    handedOff: (n: string) => `Handed to a person: ticket ${n}.`,
    signInToHandOff: 'Sign in to ask a person.',
    fileTitle: 'File a request',
    type: 'Type',
    body: 'What happened',
    bodyHint: 'Say what happened, where, and what you would like done.',
    location: 'Where (optional)',
    licenceId: 'Number of the licence in dispute',
    emergency: 'Urgent (safety of people or property: dispatched within the hour)',
    anonymous: 'Anonymous report (no sign-in; follow it with the query code)',
    attachment: 'Attachment (optional: PDF, OFD, JPEG or PNG, up to 20 MB)',
    submit: 'Submit',
    filed: (n: string, code: string) =>
      `Submitted: ticket ${n}, query code ${code} (keep it: anonymous reports are followed with it).`,
    open: 'Open the ticket',
    missing: 'Please fill this in.',
    signInToFile: 'Sign in to file a request; only a report may be anonymous.',
    signIn: 'Sign in',
    mineTitle: 'My requests',
    none: 'No requests yet.',
    trackTitle: 'Follow with a query code',
    number: 'Ticket number',
    queryCode: 'Query code',
    track: 'Look up',
    notFound: 'No such ticket: check the number and the query code.',
    status: 'Status',
    unit: 'Handled by',
    due: 'Due by',
    reply: 'Reply',
    failed: 'It could not be sent; please try again later.',
  },
};

interface Hit {
  itemName: string;
  title: string;
  text: string;
}
interface Answer {
  answered: boolean;
  hits: Hit[];
  handOff?: { message: string; ticket: { path: string; body: Record<string, unknown> } };
}
export interface TicketSummary {
  ticketNumber: string;
  type: TicketType;
  typeName: string;
  status: string;
  statusName: string;
  filedAt: string;
  leadName?: string | null;
  dueDate?: string | null;
}

/** The message of the field at `path` in the API's answer. */
const fieldProblem = (problem: ApiProblem | undefined, path: string) =>
  problem?.details.find((d) => d.path === path)?.message;

const Ask = () => {
  const t = usePick()(text);
  const [question, setQuestion] = useState('');
  const [answer, setAnswer] = useState<Answer>();
  const [handed, setHanded] = useState<string>();
  const ask = async (e: Event) => {
    e.preventDefault();
    setHanded(undefined);
    const result = await send<Answer>('POST', '/answers', { question });
    if (result.ok) setAnswer(result.value);
  };
  const handOff = async () => {
    const body = answer?.handOff?.ticket.body ?? {
      type: 'enquiry',
      text: `智能问答未能解答：${question}`,
      question,
    };
    const result = await send<{ ticketNumber: string }>('POST', '/tickets', body);
    if (result.ok) setHanded(result.value.ticketNumber);
  };
  return (
    <section aria-labelledby="ask-title">
      <h2 id="ask-title">{t.askTitle}</h2>
      <form class="form" onSubmit={ask}>
        <label>
          <span>{t.question}</span>
          <input
            value={question}
            onInput={(e) => setQuestion(e.currentTarget.value)}
            minLength={2}
            required
          />
        </label>
        <button type="submit">{t.ask}</button>
      </form>
      {answer && (
        <div aria-live="polite">
          {answer.answered ? (
            <>
              <p>{t.answersFrom}</p>
              <ul>
                {answer.hits.map((h) => (
                  <li key={h.title}>
                    <strong lang="zh-CN">{h.title}</strong>
                    <p lang="zh-CN">{h.text}</p>
                  </li>
                ))}
              </ul>
            </>
          ) : (
            <p>{answer.handOff?.message ?? t.noAnswer}</p>
          )}
          {signedIn() ? (
            <button type="button" onClick={() => void handOff()}>
              {answer.answered ? t.notHelped : t.handOff}
            </button>
          ) : (
            <p>{t.signInToHandOff}</p>
          )}
          {handed && (
            <p class="note done">
              {t.handedOff(handed)} <a href={`/request/${handed}`}>{t.open}</a>
            </p>
          )}
        </div>
      )}
    </section>
  );
};

const FileForm = ({ onFiled }: { onFiled: () => void }) => {
  const t = usePick()(text);
  const pick = usePick();
  const [type, setType] = useState<TicketType>('complaint');
  const [body, setBody] = useState('');
  const [location, setLocation] = useState('');
  const [licenceId, setLicenceId] = useState('');
  const [emergency, setEmergency] = useState(false);
  const [anonymous, setAnonymous] = useState(false);
  const [file, setFile] = useState<File>();
  const [problem, setProblem] = useState<ApiProblem>();
  const [filed, setFiled] = useState<{ ticketNumber: string; queryCode: string }>();
  const mayFile = signedIn() || (type === 'report' && anonymous);
  const submit = async (e: Event) => {
    e.preventDefault();
    setFiled(undefined);
    if (body.trim().length === 0) {
      setProblem({ status: 400, details: [{ path: 'body.text', message: t.missing }] });
      return;
    }
    const attachments: string[] = [];
    if (file && !anonymous) {
      const uploaded = await uploadFile(file, () => undefined);
      if ('key' in uploaded) attachments.push(uploaded.key);
    }
    const payload = {
      type,
      text: body,
      ...(location.trim() ? { location } : {}),
      emergency,
      attachments,
      ...(type === 'data-dispute' ? { licenceId } : {}),
    };
    const anon = type === 'report' && anonymous;
    const result = await send<{ ticketNumber: string; queryCode: string }>(
      'POST',
      anon ? '/tickets/anonymous' : '/tickets',
      payload,
    );
    if (result.ok) {
      setProblem(undefined);
      setFiled(result.value);
      setBody('');
      onFiled();
    } else setProblem(result.problem);
  };
  const textError = fieldProblem(problem, 'body.text');
  const licenceError = fieldProblem(problem, 'body.licenceId');
  return (
    <section aria-labelledby="file-title">
      <h2 id="file-title">{t.fileTitle}</h2>
      <form class="form" noValidate onSubmit={submit}>
        <Field id="ticket-type" label={t.type}>
          <select value={type} onChange={(e) => setType(e.currentTarget.value as TicketType)}>
            {Object.entries(ticketTypes).map(([code, name]) => (
              <option key={code} value={code}>
                {pick(name)}
              </option>
            ))}
          </select>
        </Field>
        <Field
          id="ticket-text"
          label={t.body}
          hint={t.bodyHint}
          {...(textError ? { error: textError } : {})}
          required
        >
          <textarea rows={5} value={body} onInput={(e) => setBody(e.currentTarget.value)} />
        </Field>
        <Field id="ticket-location" label={t.location}>
          <input value={location} onInput={(e) => setLocation(e.currentTarget.value)} />
        </Field>
        {type === 'data-dispute' && (
          <Field
            id="ticket-licence"
            label={t.licenceId}
            {...(licenceError ? { error: licenceError } : {})}
            required
          >
            <input value={licenceId} onInput={(e) => setLicenceId(e.currentTarget.value)} />
          </Field>
        )}
        <label class="check">
          <input
            type="checkbox"
            checked={emergency}
            onChange={(e) => setEmergency(e.currentTarget.checked)}
          />
          <span>{t.emergency}</span>
        </label>
        {type === 'report' && (
          <label class="check">
            <input
              type="checkbox"
              checked={anonymous}
              onChange={(e) => setAnonymous(e.currentTarget.checked)}
            />
            <span>{t.anonymous}</span>
          </label>
        )}
        {signedIn() && !anonymous && (
          <Field id="ticket-attachment" label={t.attachment}>
            <input
              type="file"
              accept={acceptedFiles}
              onChange={(e) => setFile(e.currentTarget.files?.[0] ?? undefined)}
            />
          </Field>
        )}
        {mayFile ? (
          <button type="submit">{t.submit}</button>
        ) : (
          <p>
            {t.signInToFile}{' '}
            <button type="button" onClick={() => void signIn()}>
              {t.signIn}
            </button>
          </p>
        )}
        {problem && !textError && !licenceError && (
          <p role="alert" class="error">
            {problem.message ?? t.failed}
          </p>
        )}
        {filed && (
          <p class="note done" aria-live="polite">
            {t.filed(filed.ticketNumber, filed.queryCode)}{' '}
            {!anonymous && <a href={`/request/${filed.ticketNumber}`}>{t.open}</a>}
          </p>
        )}
      </form>
    </section>
  );
};

const Mine = ({ refresh }: { refresh: number }) => {
  const t = usePick()(text);
  const mine = useApi<{ tickets: TicketSummary[] }>(signedIn() ? '/tickets?status=open' : undefined, refresh);
  const closed = useApi<{ tickets: TicketSummary[] }>(
    signedIn() ? '/tickets?status=closed' : undefined,
    refresh,
  );
  if (!signedIn()) return null;
  const all = [
    ...(mine.state === 'ready' ? mine.value.tickets : []),
    ...(closed.state === 'ready' ? closed.value.tickets : []),
  ];
  return (
    <section aria-labelledby="mine-title">
      <h2 id="mine-title">{t.mineTitle}</h2>
      {all.length === 0 ? (
        <p>{t.none}</p>
      ) : (
        <ul class="cards">
          {all.map((x) => (
            <li key={x.ticketNumber}>
              <a href={`/request/${x.ticketNumber}`}>
                {x.ticketNumber} · {x.typeName} · {x.statusName}
              </a>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
};

const Track = () => {
  const t = usePick()(text);
  const [number, setNumber] = useState('');
  const [code, setCode] = useState('');
  const [found, setFound] = useState<(TicketSummary & { reply?: { text: string } | null }) | 'none'>();
  const look = async (e: Event) => {
    e.preventDefault();
    const result = await send<TicketSummary & { reply?: { text: string } | null }>(
      'GET',
      `/tickets/${encodeURIComponent(number.trim())}/progress?queryCode=${encodeURIComponent(code.trim())}`,
    );
    setFound(result.ok ? result.value : 'none');
  };
  return (
    <section aria-labelledby="track-title">
      <h2 id="track-title">{t.trackTitle}</h2>
      <form class="form" onSubmit={look}>
        <Field id="track-number" label={t.number}>
          <input value={number} onInput={(e) => setNumber(e.currentTarget.value)} />
        </Field>
        <Field id="track-code" label={t.queryCode}>
          <input value={code} onInput={(e) => setCode(e.currentTarget.value)} />
        </Field>
        <button type="submit">{t.track}</button>
      </form>
      <div aria-live="polite">
        {found === 'none' && <p class="error">{t.notFound}</p>}
        {found && found !== 'none' && (
          <dl class="facts">
            <dt>{t.status}</dt>
            <dd>{found.statusName}</dd>
            {found.leadName && (
              <>
                <dt>{t.unit}</dt>
                <dd>{found.leadName}</dd>
              </>
            )}
            {found.dueDate && (
              <>
                <dt>{t.due}</dt>
                <dd>{found.dueDate}</dd>
              </>
            )}
            {found.reply && (
              <>
                <dt>{t.reply}</dt>
                <dd lang="zh-CN">{found.reply.text}</dd>
              </>
            )}
          </dl>
        )}
      </div>
    </section>
  );
};

export const TicketsPage = () => {
  const t = usePick()(text);
  useStrings();
  const [refresh, setRefresh] = useState(0);
  return (
    <>
      <h1>{t.title}</h1>
      <p>{t.intro}</p>
      <Ask />
      <FileForm onFiled={() => setRefresh((n) => n + 1)} />
      <Mine refresh={refresh} />
      <Track />
    </>
  );
};
