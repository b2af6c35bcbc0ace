// 我的办件 one case as its applicant follows it: the status in words, the promised date, each department's
// tasks, a correction request listed in full (一次性告知) with the form that answers it (补正), withdrawal
// (撤回) after a confirmation, the rating once it is concluded (好差评), and the history with the check of
// its hash chain.
import { useContext, useEffect, useRef, useState } from 'preact/hooks';
import { useRoute } from 'preact-iso';
import { type Item, type JurisdictionProfile, send, useApi } from '../api.ts';
import { LanguageContext, useStrings } from '../i18n.ts';
import { Status } from '../layout.tsx';
import { CaseForm } from './case-form.tsx';
import { DeliverySection } from './delivery.tsx';
import { Field } from './field.tsx';
import { PaymentSection } from './payment.tsx';
import { problemsOf } from './problems.tsx';
import { RatingSection } from './rating.tsx';
import { type FormSchema, formValues } from './schema-form.tsx';
import { SignedInOnly } from './signed-in-only.tsx';

interface Task {
  taskId: string;
  stageName: string;
  name: string;
  department: string;
  status: string;
  dueDate?: string;
  decidedAt?: string;
  opinion?: string;
}

interface Missing {
  materialId?: string;
  field?: string;
  reason: string;
}

interface CaseView {
  caseNumber: string;
  kind?: 'single' | 'bundle' | 'child';
  queryCode?: string;
  item?: { code: string; name: string };
  bundle?: { name: string };
  status: string;
  submittedAt: string;
  promisedBy?: string;
  provisional?: boolean;
  tasks: Task[];
  actions: string[];
  form: Record<string, unknown>;
  correction?: { missing: Missing[]; requestedAt: string; by: { name: string } };
}

interface HistoryEntry {
  seq: number;
  at: string;
  actor: { name: string; role: string; department?: string };
  action: string;
  opinion?: string;
  statusAfter: string;
}

interface ChainReport {
  intact: boolean;
  entries: number;
  brokenAt?: number;
}

/** A moment as the jurisdiction tells the time: Beijing time (that of every Chinese jurisdiction), to the minute. */
const beijingTime = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Asia/Shanghai',
  dateStyle: 'short',
  timeStyle: 'short',
});
const when = (iso: string) => beijingTime.format(new Date(iso));

const Tasks = ({ tasks }: { tasks: Task[] }) => {
  const t = useStrings();
  const { language } = useContext(LanguageContext);
  const jurisdiction = useApi<JurisdictionProfile>('/jurisdiction');
  const departmentOf = (code: string) =>
    jurisdiction.state === 'ready' ? jurisdiction.value.departments.find((d) => d.code === code) : undefined;
  const nameOf = (code: string) => {
    const d = departmentOf(code);
    return (language === 'en' && d?.nameEn) || d?.name || code;
  };
  const departments = [...new Set(tasks.map((task) => task.department))];
  if (departments.length === 0) return <p>{t.noTasksYet}</p>;
  return (
    <>
      {departments.map((d) => (
        <section key={d} aria-labelledby={`dept-${d}`}>
          <h3 id={`dept-${d}`} lang={language === 'en' && departmentOf(d)?.nameEn ? 'en' : 'zh-CN'}>
            {nameOf(d)}
          </h3>
          <ul class="items">
            {tasks
              .filter((task) => task.department === d)
              .map((task) => (
                <li key={task.taskId}>
                  <span class="title" lang="zh-CN">
                    {task.stageName} · {task.name}
                  </span>
                  <span class="meta">
                    {t.taskStatus[task.status] ?? task.status}
                    {task.dueDate ? ` · ${t.dueBy(task.dueDate)}` : ''}
                    {task.opinion ? ' · ' : ''}
                    {task.opinion && <span lang="zh-CN">{task.opinion}</span>}
                  </span>
                </li>
              ))}
          </ul>
        </section>
      ))}
    </>
  );
};

const Correction = ({ view, item, done }: { view: CaseView; item: Item; done: () => void }) => {
  const t = useStrings();
  const correction = view.correction!;
  const schema = item.formSchema as FormSchema;
  const nameOf = (m: Missing) =>
    m.materialId
      ? (item.materials.find((x) => x.id === m.materialId)?.name ?? m.materialId)
      : (schema.properties?.[m.field ?? '']?.title ?? m.field);
  return (
    <section aria-labelledby="correction-title" class="correction">
      <h2 id="correction-title">{t.correctionTitle}</h2>
      <p>{t.correctionIntro(correction.by.name, when(correction.requestedAt))}</p>
      <ul>
        {correction.missing.map((m) => (
          <li key={`${m.materialId ?? ''}${m.field ?? ''}`}>
            <strong lang="zh-CN">{nameOf(m)}</strong>
            {m.materialId ? ` (${t.materialWord})` : ` (${t.formField})`}
            {t.colon}
            <span lang="zh-CN">{m.reason}</span>
          </li>
        ))}
      </ul>
      <h3 id="supplement-title">{t.supplementTitle}</h3>
      <CaseForm
        id="supplement"
        item={item}
        fields={correction.missing.flatMap((m) => (m.field ? [m.field] : []))}
        materials={item.materials.filter((m) => correction.missing.some((x) => x.materialId === m.id))}
        initial={formValues(view.form)}
        submitLabel={t.sendSupplement}
        post={(form, materials) =>
          send('POST', `/cases/${encodeURIComponent(view.caseNumber)}/supplements`, {
            materials,
            ...(Object.keys(form).length > 0 ? { form } : {}),
          })
        }
        done={done}
      />
    </section>
  );
};

/** 撤回: asked once more before it is done, with an optional reason. */
const Withdraw = ({ caseNumber, done }: { caseNumber: string; done: () => void }) => {
  const t = useStrings();
  const [confirming, setConfirming] = useState(false);
  const [reasons, setReasons] = useState('');
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);
  const question = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (confirming) question.current?.focus();
  }, [confirming]);
  const confirm = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    const answer = await send('POST', `/cases/${encodeURIComponent(caseNumber)}/withdraw`, {
      ...(reasons.trim() ? { reasons: reasons.trim() } : {}),
    });
    setBusy(false);
    if (answer.ok) return done();
    setProblem(problemsOf(answer.problem, t)[0]?.message);
  };
  return (
    <section aria-labelledby="withdraw-title">
      <h2 id="withdraw-title">{t.withdrawTitle}</h2>
      {!confirming ? (
        <button type="button" class="secondary" onClick={() => setConfirming(true)}>
          {t.withdraw}
        </button>
      ) : (
        <form class="form" onSubmit={confirm} noValidate>
          <p ref={question} id="withdraw-question" tabIndex={-1} class="note">
            {t.withdrawQuestion}
          </p>
          <Field id="withdraw-reasons" label={t.withdrawReasons} error={problem}>
            <textarea
              rows={3}
              maxLength={500}
              value={reasons}
              onInput={(e) => setReasons((e.currentTarget as HTMLTextAreaElement).value)}
            />
          </Field>
          <div class="buttons">
            <button type="submit" disabled={busy}>
              {t.confirmWithdraw}
            </button>
            <button type="button" class="secondary" onClick={() => setConfirming(false)}>
              {t.cancel}
            </button>
          </div>
        </form>
      )}
    </section>
  );
};

const History = ({ caseNumber, version }: { caseNumber: string; version: number }) => {
  const t = useStrings();
  const history = useApi<{ entries: HistoryEntry[] }>(
    `/cases/${encodeURIComponent(caseNumber)}/history`,
    version,
  );
  const chain = useApi<ChainReport>(`/cases/${encodeURIComponent(caseNumber)}/history/verify`, version);
  return (
    <section aria-labelledby="history-title">
      <h2 id="history-title">{t.history}</h2>
      {chain.state === 'ready' ? (
        <p class={chain.value.intact ? 'verdict ok' : 'verdict bad'}>
          {chain.value.intact
            ? `✓ ${t.chainIntact(chain.value.entries)}`
            : `✗ ${t.chainBroken(chain.value.brokenAt)}`}
        </p>
      ) : (
        <Status of={chain} />
      )}
      {history.state !== 'ready' ? (
        <Status of={history} />
      ) : (
        <ol class="history">
          {history.value.entries.map((e) => (
            <li key={e.seq}>
              <time dateTime={e.at}>{when(e.at)}</time> <strong>{t.actions[e.action] ?? e.action}</strong>
              <span class="meta">
                <span lang="zh-CN">{e.actor.name}</span> · {t.roles[e.actor.role] ?? e.actor.role} ·{' '}
                {t.caseStatus[e.statusAfter] ?? e.statusAfter}
              </span>
              {e.opinion && (
                <span class="meta">
                  {t.opinion}
                  {t.colon}
                  <span lang="zh-CN">{e.opinion}</span>
                </span>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
};

const CaseDetail = ({ caseNumber, submitted }: { caseNumber: string; submitted: boolean }) => {
  const t = useStrings();
  const [version, setVersion] = useState(0);
  const [notice, setNotice] = useState<'submitted' | 'supplemented' | 'withdrawn' | undefined>(
    submitted ? 'submitted' : undefined,
  );
  const view = useApi<CaseView>(`/cases/${encodeURIComponent(caseNumber)}`, version);
  const code = view.state === 'ready' ? view.value.item?.code : undefined;
  const item = useApi<Item>(code ? `/items/${encodeURIComponent(code)}` : undefined);
  const announcement = useRef<HTMLDivElement>(null);
  const ready = view.state === 'ready';
  useEffect(() => {
    if (notice && ready) announcement.current?.focus();
  }, [notice, ready]);
  if (view.state !== 'ready') return <Status of={view} />;
  const c = view.value;
  const after = (message: 'supplemented' | 'withdrawn') => () => {
    setNotice(message);
    setVersion((v) => v + 1);
  };
  return (
    <>
      {notice && (
        <div class="note done" id="case-notice" aria-live="polite" tabIndex={-1} ref={announcement}>
          {notice === 'submitted' ? (
            <>
              <p>
                <strong>{t.submitted}</strong>
              </p>
              <p>
                {t.caseNumber}
                {t.colon}
                <strong>{c.caseNumber}</strong>
                {c.queryCode && (
                  <>
                    {' '}
                    · {t.queryCode}
                    {t.colon}
                    <strong>{c.queryCode}</strong>
                  </>
                )}
              </p>
              <p class="hint">{t.keepCodes}</p>
            </>
          ) : (
            <p>{t[notice]}</p>
          )}
        </div>
      )}
      <dl class="facts">
        <dt>{t.itemName}</dt>
        <dd lang="zh-CN">
          {c.item ? <a href={`/guide/${encodeURIComponent(c.item.code)}`}>{c.item.name}</a> : c.bundle?.name}
        </dd>
        <dt>{t.status}</dt>
        <dd>
          <strong>{t.caseStatus[c.status] ?? c.status}</strong>
        </dd>
        <dt>{t.submittedAt}</dt>
        <dd>{when(c.submittedAt)}</dd>
        <dt>{t.promisedBy}</dt>
        <dd>{c.promisedBy ? `${c.promisedBy}${c.provisional ? t.provisional : ''}` : t.afterAcceptance}</dd>
        {c.queryCode && (
          <>
            <dt>{t.queryCode}</dt>
            <dd>{c.queryCode}</dd>
          </>
        )}
      </dl>
      <h2>{t.tasks}</h2>
      <Tasks tasks={c.tasks} />
      <PaymentSection caseNumber={c.caseNumber} version={version} />
      {c.correction &&
        (item.state === 'ready' ? (
          <Correction view={c} item={item.value} done={after('supplemented')} />
        ) : (
          <Status of={item} />
        ))}
      {c.kind !== 'bundle' && (
        <DeliverySection caseNumber={c.caseNumber} version={version} done={() => setVersion((v) => v + 1)} />
      )}
      {c.actions.includes('withdraw') && <Withdraw caseNumber={c.caseNumber} done={after('withdrawn')} />}
      <RatingSection caseNumber={c.caseNumber} />
      <History caseNumber={c.caseNumber} version={version} />
    </>
  );
};

export const CasePage = () => {
  const t = useStrings();
  const { params, query } = useRoute();
  const caseNumber = params.caseNumber ?? '';
  return (
    <SignedInOnly
      title={t.caseTitle(caseNumber)}
      returnTo={`/case/${encodeURIComponent(caseNumber)}`}
      prompt={t.mustSignIn}
    >
      <CaseDetail key={caseNumber} caseNumber={caseNumber} submitted={query.submitted === '1'} />
    </SignedInOnly>
  );
};
