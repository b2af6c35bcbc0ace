// The form that sends an item's form fields and materials: an application, or the answer to a correction
// (补正). It holds what is typed and chosen, waits for uploads to finish, sends once at a time, and places
// what the API finds wrong beside each field and in the summary at its top.
import { useState } from 'preact/hooks';
import type { ApiProblem, Item } from '../api.ts';
import { useStrings } from '../i18n.ts';
import {
  DeliveryPicker,
  type DeliveryValue,
  deliveryBody,
  deliveryField,
  emptyDelivery,
  useDeliveryLabel,
} from './delivery.tsx';
import {
  type Choice,
  type HeldLicence,
  MaterialInput,
  type MaterialSpec,
  type Submission,
  submissionOf,
  uploading,
} from './material-input.tsx';
import { byField, ErrorSummary, type Problem, problemsOf } from './problems.tsx';
import { type FormSchema, type FormValues, formData, SchemaFields } from './schema-form.tsx';

export type Answer<T> = { ok: true; value: T } | { ok: false; problem: ApiProblem };

export const CaseForm = <T,>({
  id,
  item,
  fields,
  materials,
  initial = {},
  licences = [],
  headings,
  submitLabel,
  post,
  done,
  delivery,
}: {
  id: string;
  item: Item;
  /** The form fields to show and send; all of the schema's when absent. */
  fields?: readonly string[];
  materials: readonly MaterialSpec[];
  initial?: FormValues;
  licences?: readonly HeldLicence[];
  /** Headings of the form's two parts, where the page has them. */
  headings?: { form: string; materials: string };
  submitLabel: string;
  post: (
    form: Record<string, unknown>,
    materials: Submission[],
    delivery?: ReturnType<typeof deliveryBody>,
  ) => Promise<Answer<T>>;
  done: (value: T) => void;
  /** 领取方式: offer pick-up or delivery by courier (an item that mails its result). */
  delivery?: boolean;
}) => {
  const t = useStrings();
  const schema = item.formSchema as FormSchema;
  const [values, setValues] = useState<FormValues>(initial);
  const [choices, setChoices] = useState<Record<string, Choice>>({});
  const [problems, setProblems] = useState<Problem[]>([]);
  const [attempt, setAttempt] = useState(0);
  const [busy, setBusy] = useState(false);
  const [receiving, setReceiving] = useState<DeliveryValue>(emptyDelivery);
  const deliveryLabel = useDeliveryLabel();
  const report = (found: Problem[]) => {
    setProblems(found);
    setAttempt((n) => n + 1);
  };
  /** A changed field is no longer wrong as far as the page knows: its error goes until the next attempt. */
  const changed = (field: string) => setProblems((ps) => ps.filter((p) => p.field !== field));

  const labelOf = (field: string) => {
    const [kind, name] = field.split('.') as [string, string];
    if (kind === 'delivery') return deliveryLabel(field);
    return kind === 'form'
      ? (schema.properties?.[name]?.title ?? name)
      : (item.materials.find((m) => m.id === name)?.name ?? name);
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    if (materials.some((m) => uploading(choices[m.id])))
      return report([{ field: '', message: t.waitForUploads }]);
    const given = materials.flatMap((m) => submissionOf(m.id, choices[m.id]) ?? []);
    setBusy(true);
    const answer = await post(
      formData(schema, values, fields),
      given,
      delivery ? deliveryBody(receiving) : undefined,
    );
    setBusy(false);
    if (answer.ok) return done(answer.value);
    const sent = given.map((s) => s.materialId);
    setProblems(
      problemsOf(
        answer.problem,
        t,
        sent,
        item.materials.map((m) => m.id),
      ).map((p, i) => {
        const field = deliveryField(answer.problem.details[i]?.path ?? '');
        return field ? { ...p, field } : p;
      }),
    );
  };

  const errors = byField(problems);
  return (
    <form class="form wide" onSubmit={submit} noValidate>
      {problems.length > 0 && (
        <ErrorSummary id={`${id}-problems`} problems={problems} attempt={attempt} labelOf={labelOf} />
      )}
      {headings && <h2>{headings.form}</h2>}
      <SchemaFields
        schema={schema}
        values={values}
        errors={errors}
        only={fields}
        onChange={(name, value) => {
          setValues((v) => ({ ...v, [name]: value }));
          changed(`form.${name}`);
        }}
      />
      {headings && <h2>{headings.materials}</h2>}
      {materials.map((m) => (
        <MaterialInput
          key={m.id}
          material={m}
          licences={licences}
          choice={choices[m.id]}
          onChange={(next) => {
            setChoices((c) => ({ ...c, [m.id]: next }));
            changed(`material.${m.id}`);
          }}
          error={errors[`material.${m.id}`]}
        />
      ))}
      {delivery && (
        <>
          <h2>{t.delivery.title}</h2>
          <DeliveryPicker
            id="delivery"
            value={receiving}
            errors={errors}
            onChange={(next, field) => {
              setReceiving(next);
              changed(field);
            }}
          />
        </>
      )}
      <button type="submit" disabled={busy}>
        {busy ? t.submitting : submitLabel}
      </button>
    </form>
  );
};
