// 申请表 the fields of an item's published form schema (JSON Schema), drawn as labelled inputs: strings,
// numbers and integers with their limits, yes/no, choices (enum) and dates, labels from `title` (Chinese, as
// the catalogue writes them) and hints from `description` and the limits. The API checks the form against
// the same schema and its field-level answer is shown beside each field.
import { type Strings, useStrings } from '../i18n.ts';
import { Field } from './field.tsx';

export interface PropertySchema {
  type?: string;
  title?: string;
  description?: string;
  enum?: unknown[];
  format?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
}

export interface FormSchema {
  properties?: Record<string, PropertySchema>;
  required?: string[];
}

/** What the inputs hold: text as typed, yes/no as a boolean. */
export type FormValues = Record<string, string | boolean>;

const numeric = (p: PropertySchema) => p.type === 'integer' || p.type === 'number';

/** The form as the API takes it: numbers as numbers, dates and times as ISO text, empty fields left out. */
export const formData = (schema: FormSchema, values: FormValues, only?: readonly string[]) =>
  Object.fromEntries(
    Object.entries(schema.properties ?? {}).flatMap(([name, p]): Array<[string, unknown]> => {
      if (only && !only.includes(name)) return [];
      const value = values[name];
      if (p.type === 'boolean') return [[name, value === true]];
      if (typeof value !== 'string' || value.trim() === '') return [];
      if (numeric(p)) return [[name, Number(value)]];
      if (p.format === 'date-time') return [[name, new Date(value).toISOString()]];
      return [[name, value.trim()]];
    }),
  );

/** The inputs' values from a form the case already holds. */
export const formValues = (form: Record<string, unknown>): FormValues =>
  Object.fromEntries(
    Object.entries(form).map(([k, v]) => [k, typeof v === 'boolean' ? v : v == null ? '' : String(v)]),
  );

const hintOf = (p: PropertySchema, t: Strings) =>
  [
    p.description,
    numeric(p) ? t.numberRange(p.minimum, p.maximum) : undefined,
    p.type === 'string' && p.maxLength ? t.lengthLimit(p.maxLength) : undefined,
  ]
    .filter(Boolean)
    .join(' ') || undefined;

/** Date-like formats get the browser's own pickers. */
const dateTypes = { date: 'date', 'date-time': 'datetime-local', time: 'time' } as const;

/** The input for one property: a plain element, so that Field can give it its id and descriptions. */
const controlOf = (
  name: string,
  p: PropertySchema,
  value: string | boolean | undefined,
  onChange: (name: string, value: string | boolean) => void,
  t: Strings,
) => {
  const text = typeof value === 'string' ? value : '';
  const input = (e: Event) => onChange(name, (e.currentTarget as HTMLInputElement).value);
  if (p.type === 'boolean')
    return (
      <input
        type="checkbox"
        checked={value === true}
        onChange={(e) => onChange(name, (e.currentTarget as HTMLInputElement).checked)}
      />
    );
  if (p.enum)
    return (
      <select value={text} onChange={input}>
        <option value="">{t.choose}</option>
        {p.enum.map((v) => (
          <option key={String(v)} value={String(v)} lang="zh-CN">
            {String(v)}
          </option>
        ))}
      </select>
    );
  if (p.type === 'string' && (p.maxLength ?? 0) > 200)
    return <textarea rows={4} value={text} onInput={input} />;
  if (numeric(p))
    return (
      <input
        type="number"
        inputMode={p.type === 'integer' ? 'numeric' : 'decimal'}
        step={p.type === 'integer' ? 1 : 'any'}
        min={p.minimum}
        max={p.maximum}
        value={text}
        onInput={input}
      />
    );
  const type = dateTypes[p.format as keyof typeof dateTypes];
  return type ? (
    <input type={type} value={text} onInput={input} />
  ) : (
    <input type="text" value={text} onInput={input} maxLength={p.maxLength} />
  );
};

/**
 * The properties in a stable order: JSON objects keep none once stored, the `required` list does, so the
 * required fields come in its order and the others after them.
 */
const ordered = (schema: FormSchema) => {
  const required = schema.required ?? [];
  const rank = (name: string) => (required.includes(name) ? required.indexOf(name) : required.length);
  return Object.entries(schema.properties ?? {}).sort(([a], [b]) => rank(a) - rank(b));
};

/** The fields of `schema` (or only those named), each with its error from `errors['form.<name>']`. */
export const SchemaFields = ({
  schema,
  values,
  errors,
  onChange,
  only,
}: {
  schema: FormSchema;
  values: FormValues;
  errors: Record<string, string>;
  onChange: (name: string, value: string | boolean) => void;
  only?: readonly string[];
}) => {
  const t = useStrings();
  const required = new Set(schema.required ?? []);
  return (
    <>
      {ordered(schema)
        .filter(([name]) => !only || only.includes(name))
        .map(([name, p]) => (
          <Field
            key={name}
            id={`form-${name}`}
            label={<span lang="zh-CN">{p.title ?? name}</span>}
            hint={hintOf(p, t)}
            error={errors[`form.${name}`]}
            required={required.has(name) && p.type !== 'boolean'}
          >
            {controlOf(name, p, values[name], onChange, t)}
          </Field>
        ))}
    </>
  );
};
