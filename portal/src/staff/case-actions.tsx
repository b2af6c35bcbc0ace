// What staff do on the case view: the window's acceptance (受理 / 不予受理 with reasons / 补正 with everything
// missing listed at once) and a reviewer's claim and decision (同意 / 不同意 / 补正, always with an opinion).
// The API decides; the fields it finds wrong are marked beside themselves, worded here.
import { useState } from 'preact/hooks';
import { type ApiProblem, send } from '../api.ts';
import { Field } from '../pages/field.tsx';
import type { Task } from './cases.tsx';
import { useText } from './text.ts';

/** A material or form field that may be named as missing. */
export interface Missable {
  key: string;
  name: string;
  kind: 'material' | 'field';
}

const text = {
  zh: {
    acceptance: '受理',
    decision: '决定',
    acceptChoices: { accept: '受理', reject: '不予受理', correct: '补正：一次性告知需补正的内容' },
    reasons: '理由',
    reasonsHint: '不予受理须写明理由；受理时可留空。',
    reasonsError: '不予受理须写明理由。',
    missing: '需补正的材料和表单项',
    missingHint: '勾选所有需补正的内容，每项写明原因。',
    missingError: '至少勾选一项，并写明原因。',
    materials: '材料',
    fields: '表单项',
    reasonFor: (name: string) => `「${name}」的补正原因`,
    reasonError: '请写明原因。',
    submitAcceptance: '提交受理决定',
    review: '审查',
    claim: '认领此任务',
    claimedBy: (name: string) => `此任务已由 ${name} 认领。`,
    reviewChoices: { approve: '同意', deny: '不同意', correct: '要求申请人补正' },
    opinion: '审查意见（必填）',
    opinionError: '请填写审查意见（必填）。',
    submitDecision: '提交审查决定',
    failed: (status: number): string =>
      status === 409 ? '办件已被他人办理，请看更新后的状态。' : '没有提交成功，请检查后再试。',
  },
  en: {
    acceptance: 'Acceptance',
    decision: 'Decision',
    acceptChoices: {
      accept: 'Accept',
      reject: 'Do not accept',
      correct: 'Correction: list everything missing at once',
    },
    reasons: 'Reasons',
    reasonsHint: 'Required when not accepting; may stay empty when accepting.',
    reasonsError: 'Give the reasons for not accepting.',
    missing: 'Materials and form fields to correct',
    missingHint: 'Tick everything to correct and give a reason for each.',
    missingError: 'Tick at least one and give its reason.',
    materials: 'Materials',
    fields: 'Form fields',
    reasonFor: (name: string) => `Reason for “${name}”`,
    reasonError: 'Give a reason.',
    submitAcceptance: 'Submit the acceptance decision',
    review: 'Review',
    claim: 'Claim this task',
    claimedBy: (name: string) => `${name} has claimed this task.`,
    reviewChoices: { approve: 'Approve', deny: 'Deny', correct: 'Ask the applicant for a correction' },
    opinion: 'Opinion (required)',
    opinionError: 'Write an opinion (required).',
    submitDecision: 'Submit the review decision',
    failed: (status: number): string =>
      status === 409
        ? 'Someone else has acted on the case: see its updated state.'
        : 'Not submitted: check and try again.',
  },
};

/** The API's field problems by the names the forms here use: reasons, opinion, missing, missing:<key>. */
const fieldErrors = (problem: ApiProblem, chosen: string[]) => {
  const errors: Record<string, true> = {};
  for (const { path } of problem.details) {
    const [, name, index] = path.split('.');
    if (name === 'missing' && index !== undefined && chosen[Number(index)])
      errors[`missing:${chosen[Number(index)]}`] = true;
    else if (name) errors[name] = true;
  }
  return errors;
};

const RadioGroup = <T extends string>({
  legend,
  name,
  value,
  options,
  onChange,
}: {
  legend: string;
  name: string;
  value: T;
  options: Array<[T, string]>;
  onChange: (value: T) => void;
}) => (
  <fieldset class="choices">
    <legend>{legend}</legend>
    {options.map(([v, label]) => (
      <label key={v}>
        <input type="radio" name={name} value={v} checked={value === v} onChange={() => onChange(v)} />{' '}
        {label}
      </label>
    ))}
  </fieldset>
);

/** Ticks for every material and field that may be missing, each with its reason once ticked. */
const MissingPicker = ({
  id,
  missable,
  reasons,
  setReasons,
  errors,
}: {
  id: string;
  missable: Missable[];
  reasons: Map<string, string>;
  setReasons: (next: Map<string, string>) => void;
  errors: Record<string, true>;
}) => {
  const t = useText(text);
  const toggle = (key: string, on: boolean) => {
    const next = new Map(reasons);
    if (on) next.set(key, '');
    else next.delete(key);
    setReasons(next);
  };
  const group = (kind: Missable['kind'], legend: string) => {
    const rows = missable.filter((m) => m.kind === kind);
    if (rows.length === 0) return null;
    return (
      <fieldset class="missing-group">
        <legend>{legend}</legend>
        {rows.map((m) => (
          <div key={m.key} class="missing-row">
            <label>
              <input
                type="checkbox"
                checked={reasons.has(m.key)}
                onChange={(e) => toggle(m.key, (e.currentTarget as HTMLInputElement).checked)}
              />{' '}
              <span lang="zh-CN">{m.name}</span>
            </label>
            {reasons.has(m.key) && (
              <Field
                id={`${id}-${m.key.replace(':', '-')}`}
                label={t.reasonFor(m.name)}
                error={errors[`missing:${m.key}`] ? t.reasonError : undefined}
              >
                <input
                  value={reasons.get(m.key)}
                  onInput={(e) =>
                    setReasons(new Map(reasons).set(m.key, (e.currentTarget as HTMLInputElement).value))
                  }
                />
              </Field>
            )}
          </div>
        ))}
      </fieldset>
    );
  };
  return (
    <fieldset class="missing" aria-describedby={`${id}-hint${errors.missing ? ` ${id}-error` : ''}`}>
      <legend>{t.missing}</legend>
      <p id={`${id}-hint`} class="hint">
        {t.missingHint}
      </p>
      {errors.missing && (
        <p id={`${id}-error`} class="error">
          ⚠ {t.missingError}
        </p>
      )}
      {group('material', t.materials)}
      {group('field', t.fields)}
    </fieldset>
  );
};

const missingOf = (reasons: Map<string, string>) =>
  [...reasons].map(([key, reason]) => {
    const [kind, name] = key.split(':') as [string, string];
    return kind === 'material' ? { materialId: name, reason } : { field: name, reason };
  });

/** Sends a panel's request: the answer, or the problem with the fields named (and the panel's alert). */
const useSubmit = (chosen: string[], done: (message: string) => void) => {
  const t = useText(text);
  const [errors, setErrors] = useState<Record<string, true>>({});
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async (path: string, body: unknown, message: string) => {
    setBusy(true);
    const answer = await send('POST', path, body);
    setBusy(false);
    if (answer.ok) {
      setErrors({});
      setFailure(undefined);
      return done(message);
    }
    const found = fieldErrors(answer.problem, chosen);
    setErrors(found);
    setFailure(Object.keys(found).length > 0 ? undefined : t.failed(answer.problem.status));
    if (answer.problem.status === 409) done('');
  };
  return { errors, failure, busy, submit };
};

/**
 * A decision among `options`, its text (reasons or opinion) and, for a correction, the ticks of everything
 * missing; `request` says where it goes and what to announce once done.
 */
const DecisionForm = <D extends string>({
  id,
  choices,
  announce,
  field,
  submitLabel,
  missable,
  request,
  done,
}: {
  id: string;
  choices: Record<D, string>;
  /** What to say once each decision is taken. */
  announce: Record<NoInfer<D>, string>;
  field: { name: 'reasons' | 'opinion'; label: string; hint?: string; error: string };
  submitLabel: string;
  missable: Missable[];
  request: (
    decision: D,
    text: string,
    missing?: ReturnType<typeof missingOf>,
  ) => { path: string; body: unknown };
  done: (message: string) => void;
}) => {
  const t = useText(text);
  const options = Object.entries(choices) as Array<[D, string]>;
  const [decision, setDecision] = useState<D>(options[0]![0]);
  const [value, setValue] = useState('');
  const [missing, setMissing] = useState(new Map<string, string>());
  const { errors, failure, busy, submit } = useSubmit([...missing.keys()], done);
  const correcting = decision === 'correct';
  const onSubmit = (e: Event) => {
    e.preventDefault();
    const { path, body } = request(decision, value, correcting ? missingOf(missing) : undefined);
    void submit(path, body, announce[decision]);
  };
  return (
    <form class="form" onSubmit={onSubmit} noValidate>
      <RadioGroup
        legend={t.decision}
        name={`${id}-decision`}
        value={decision}
        onChange={setDecision}
        options={options}
      />
      <Field
        id={`${id}-${field.name}`}
        label={field.label}
        hint={field.hint}
        error={errors[field.name] ? field.error : undefined}
      >
        <textarea rows={3} value={value} onInput={(e) => setValue(e.currentTarget.value)} />
      </Field>
      {correcting && (
        <MissingPicker
          id={`${id}-missing`}
          missable={missable}
          reasons={missing}
          setReasons={setMissing}
          errors={errors}
        />
      )}
      {failure && <p role="alert">{failure}</p>}
      <button type="submit" disabled={busy}>
        {submitLabel}
      </button>
    </form>
  );
};

export const AcceptancePanel = ({
  caseNumber,
  missable,
  done,
  words,
}: {
  caseNumber: string;
  missable: Missable[];
  done: (message: string) => void;
  words: Record<'accept' | 'reject' | 'correct', string>;
}) => {
  const t = useText(text);
  return (
    <section class="panel" aria-labelledby="acceptance-title">
      <h2 id="acceptance-title">{t.acceptance}</h2>
      <DecisionForm
        id="acceptance"
        choices={t.acceptChoices}
        announce={words}
        field={{ name: 'reasons', label: t.reasons, hint: t.reasonsHint, error: t.reasonsError }}
        submitLabel={t.submitAcceptance}
        missable={missable}
        done={done}
        request={(decision, reasons, missing) => ({
          path: `/cases/${caseNumber}/acceptance`,
          body: { decision, ...(reasons.trim() ? { reasons } : {}), ...(missing ? { missing } : {}) },
        })}
      />
    </section>
  );
};

export const ReviewPanel = ({
  task,
  mine,
  missable,
  done,
  words,
}: {
  task: Task;
  /** Whether the signed-in reviewer holds the claim. */
  mine: boolean;
  missable: Missable[];
  done: (message: string) => void;
  words: Record<'approve' | 'deny' | 'correct' | 'claim', string>;
}) => {
  const t = useText(text);
  const claim = useSubmit([], done);
  return (
    <section class="panel" aria-labelledby="review-title">
      <h2 id="review-title">
        {t.review}：<span lang="zh-CN">{task.name}</span>
      </h2>
      {task.status === 'pending' ? (
        <>
          <button
            type="button"
            disabled={claim.busy}
            onClick={() => void claim.submit(`/tasks/${task.taskId}/claim`, undefined, words.claim)}
          >
            {t.claim}
          </button>
          {claim.failure && <p role="alert">{claim.failure}</p>}
        </>
      ) : !mine ? (
        <p>{t.claimedBy(task.claimedBy?.name ?? '')}</p>
      ) : (
        <DecisionForm
          id="review"
          choices={t.reviewChoices}
          announce={words}
          field={{ name: 'opinion', label: t.opinion, error: t.opinionError }}
          submitLabel={t.submitDecision}
          missable={missable}
          done={done}
          request={(decision, opinion, missing) => ({
            path: `/tasks/${task.taskId}/decision`,
            body: { decision, opinion, ...(missing ? { missing } : {}) },
          })}
        />
      )}
    </section>
  );
};
