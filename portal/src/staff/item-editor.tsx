// The draft of a service item as an administrator edits it: the guide's main fields (name, limits, case
// type, conditions, materials, fees, venue and phones) in a form and the application form's JSON Schema as
// text. Everything else of the item is kept as it was (a new draft starts from a template item). The API
// checks every rule; its errors stand beside their fields and, linked, in a summary at the top.
import { useRef, useState } from 'preact/hooks';
import { type Department, send } from '../api.ts';
import { Field } from '../pages/field.tsx';
import { useFocusOnOpen } from './focus.ts';
import { type Done, doneOf, invalid, Outcome } from './outcome.tsx';
import { Table } from './table.tsx';
import { usePick, useText } from './text.ts';
import { TextArea } from './text-area.tsx';

interface Limit {
  value: number;
  unit: 'working-day' | 'natural-day' | 'hour';
}
interface MaterialInput {
  id: string;
  name: string;
  required: boolean;
  originals: number;
  copies: number;
  form: 'paper' | 'electronic' | 'both';
  [other: string]: unknown;
}
interface Fee {
  name: string;
  standard: string;
  basis: string;
  reducible: boolean;
}
/** An item as the admin API takes it; the fields this form does not show ride along untouched. */
export interface ItemInput {
  basicCode: string;
  implementationCode: string;
  name: string;
  department: string;
  statutoryLimit: Limit;
  promisedLimit: Limit;
  caseType: 1 | 2;
  acceptanceConditions: string[];
  materials: MaterialInput[];
  fees: { free: true } | { free: false; items: Fee[] };
  venue: string;
  officeHours: string;
  consultationPhone: string;
  complaintPhone: string;
  formSchema: Record<string, unknown>;
  [other: string]: unknown;
}

/** The audit fields of a stored version, which are not input. */
const auditFields = [
  'version',
  'status',
  'createdAt',
  'createdBy',
  'updatedAt',
  'updatedBy',
  'publishedAt',
  'publishedBy',
  'retiredAt',
  'retiredBy',
  'retiredReason',
];
export const inputOf = (item: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(item).filter(([k]) => !auditFields.includes(k))) as ItemInput;

const units = ['working-day', 'natural-day', 'hour'] as const;
const materialForms = ['paper', 'electronic', 'both'] as const;

const text = {
  zh: {
    newTitle: '新建事项草稿',
    editTitle: (code: string) => `编辑 ${code} 的草稿`,
    summary: '请修正以下问题：',
    implementationCode: '实施编码',
    basicCode: '基本编码',
    name: '事项名称',
    department: '实施部门',
    statutoryLimit: '法定办结时限',
    promisedLimit: '承诺办结时限',
    amount: '数值',
    unit: '单位',
    units: { 'working-day': '工作日', 'natural-day': '自然日', hour: '小时' },
    caseType: '办件类型',
    caseTypes: { 1: '即办件', 2: '承诺件' },
    conditions: '受理条件',
    onePerLine: '每行一条。',
    materials: '申请材料',
    materialColumns: ['材料名称', '必需', '原件', '复印件', '形式', ''],
    materialLabel: (i: number, what: string) => `材料 ${i + 1}：${what}`,
    forms: { paper: '纸质', electronic: '电子', both: '纸质或电子' },
    addMaterial: '添加材料',
    removeMaterial: (i: number) => `删除材料 ${i + 1}`,
    fees: '收费项目',
    feesHint: '每行一项：名称｜收费标准｜依据；不收费请留空。',
    venue: '办理地点',
    officeHours: '办理时间',
    consultationPhone: '咨询电话',
    complaintPhone: '监督投诉电话',
    formSchema: '申请表（JSON Schema）',
    formSchemaHint: '申请人填写的表单，JSON Schema 2020-12，type 须为 object。',
    badJson: (m: string) => `不是有效的 JSON：${m}`,
    save: '保存草稿',
    cancel: '关闭',
  },
  en: {
    newTitle: 'New item draft',
    editTitle: (code: string) => `Editing the draft of ${code}`,
    summary: 'Please correct these:',
    implementationCode: 'Implementation code',
    basicCode: 'Basic code',
    name: 'Name',
    department: 'Department',
    statutoryLimit: 'Statutory limit',
    promisedLimit: 'Promised limit',
    amount: 'Amount',
    unit: 'Unit',
    units: { 'working-day': 'working days', 'natural-day': 'days', hour: 'hours' },
    caseType: 'Case type',
    caseTypes: { 1: 'On the spot', 2: 'Promised' },
    conditions: 'Acceptance conditions',
    onePerLine: 'One per line.',
    materials: 'Materials',
    materialColumns: ['Material', 'Required', 'Originals', 'Copies', 'Form', ''],
    materialLabel: (i: number, what: string) => `Material ${i + 1}: ${what}`,
    forms: { paper: 'paper', electronic: 'electronic', both: 'paper or electronic' },
    addMaterial: 'Add a material',
    removeMaterial: (i: number) => `Remove material ${i + 1}`,
    fees: 'Fees',
    feesHint: 'One per line: name｜standard｜basis; leave empty when free.',
    venue: 'Venue',
    officeHours: 'Office hours',
    consultationPhone: 'Consultation phone',
    complaintPhone: 'Complaints phone',
    formSchema: 'Application form (JSON Schema)',
    formSchemaHint: 'What applicants fill in: JSON Schema 2020-12 of type object.',
    badJson: (m: string) => `Not valid JSON: ${m}`,
    save: 'Save the draft',
    cancel: 'Close',
  },
};

/** The fields the summary links to: the form's field IDs by the first part of the API's path. */
const fieldIds: Record<string, string> = {
  implementationCode: 'implementationCode',
  basicCode: 'basicCode',
  name: 'name',
  department: 'department',
  caseType: 'caseType',
  statutoryLimit: 'statutoryLimit-value',
  promisedLimit: 'promisedLimit-value',
  acceptanceConditions: 'acceptanceConditions',
  fees: 'fees',
  venue: 'venue',
  officeHours: 'officeHours',
  consultationPhone: 'consultationPhone',
  complaintPhone: 'complaintPhone',
  formSchema: 'formSchema',
};

/** A summary entry: a link to the field by its label where the form shows one, else the API's path. */
const SummaryEntry = ({ path, labels }: { path: string; labels: Record<string, unknown> }) => {
  const top = path.split('.')[0] ?? path;
  const id = fieldIds[top];
  const label = top === 'acceptanceConditions' ? labels.conditions : labels[top];
  return id && typeof label === 'string' ? <a href={`#${id}`}>{label}</a> : <code>{path}</code>;
};

const feeLines = (fees: ItemInput['fees']) =>
  fees.free ? '' : fees.items.map((f) => [f.name, f.standard, f.basis].join('｜')).join('\n');
const linesOf = (value: string) =>
  value
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

export const ItemEditor = ({
  initial,
  isNew,
  departments,
  onSaved,
  onClose,
}: {
  initial: ItemInput;
  isNew: boolean;
  departments: Department[];
  onSaved: (code: string) => void;
  onClose: () => void;
}) => {
  const t = useText(text);
  const pick = usePick();
  const [item, setItem] = useState(initial);
  const [conditions, setConditions] = useState(initial.acceptanceConditions.join('\n'));
  const [fees, setFees] = useState(feeLines(initial.fees));
  const [schema, setSchema] = useState(JSON.stringify(initial.formSchema, null, 2));
  const [done, setDone] = useState<Done>();
  const summary = useRef<HTMLDivElement>(null);
  const heading = useFocusOnOpen<HTMLHeadingElement>(initial.implementationCode);
  const fields = done && !done.ok ? done.errors.fields : {};
  /** The first error at `path` or under it. */
  const err = (...paths: string[]) => {
    for (const path of paths) {
      const key = Object.keys(fields).find((k) => k === path || k.startsWith(`${path}.`));
      if (key) return fields[key];
    }
    return undefined;
  };
  const set = (changes: Partial<ItemInput>) => setItem({ ...item, ...changes });
  const setMaterial = (i: number, changes: Partial<MaterialInput>) =>
    set({ materials: item.materials.map((m, j) => (j === i ? { ...m, ...changes } : m)) });
  const value = (e: Event) => (e.currentTarget as HTMLInputElement).value;

  const save = async (e: Event) => {
    e.preventDefault();
    let formSchema: Record<string, unknown>;
    try {
      formSchema = JSON.parse(schema) as Record<string, unknown>;
    } catch (error) {
      setDone(invalid({ formSchema: t.badJson((error as Error).message) }));
      summary.current?.focus();
      return;
    }
    const body: ItemInput = {
      ...item,
      acceptanceConditions: linesOf(conditions),
      fees: linesOf(fees).length
        ? {
            free: false,
            items: linesOf(fees).map((line) => {
              const [name = '', standard = '', basis = ''] = line.split(/[｜|]/).map((p) => p.trim());
              return { name, standard, basis, reducible: false };
            }),
          }
        : { free: true },
      formSchema,
    };
    const answer = isNew
      ? await send('POST', '/admin/items', body)
      : await send('PUT', `/admin/items/${item.implementationCode}`, body);
    if (answer.ok) return onSaved(item.implementationCode);
    setDone(doneOf(answer, '', pick));
    requestAnimationFrame(() => summary.current?.focus());
  };

  const limit = (key: 'statutoryLimit' | 'promisedLimit') => (
    <fieldset class="limit">
      <legend>{t[key]}</legend>
      <Field id={`${key}-value`} label={t.amount} error={err(`${key}.value`, key)}>
        <input
          type="number"
          min={0}
          value={item[key].value}
          onInput={(e) => set({ [key]: { ...item[key], value: Number(value(e)) } })}
        />
      </Field>
      <Field id={`${key}-unit`} label={t.unit}>
        <select
          value={item[key].unit}
          onChange={(e) => set({ [key]: { ...item[key], unit: value(e) as Limit['unit'] } })}
        >
          {units.map((u) => (
            <option key={u} value={u}>
              {t.units[u]}
            </option>
          ))}
        </select>
      </Field>
    </fieldset>
  );

  const errorList = Object.entries(fields);
  return (
    <section class="panel" aria-labelledby="editor">
      <h2 id="editor" tabIndex={-1} ref={heading}>
        {isNew ? t.newTitle : t.editTitle(item.implementationCode)}
      </h2>
      <div ref={summary} tabIndex={-1} aria-live="polite">
        {errorList.length > 0 && (
          <div role="alert" class="error-summary">
            <p>{t.summary}</p>
            <ul>
              {errorList.map(([path, message]) => (
                <li key={path}>
                  <SummaryEntry path={path} labels={t} />：{message}
                </li>
              ))}
            </ul>
          </div>
        )}
        <Outcome done={done} />
      </div>
      <form class="form wide" noValidate onSubmit={save}>
        <div class="columns">
          <Field id="implementationCode" label={t.implementationCode} error={err('implementationCode')}>
            <input
              value={item.implementationCode}
              readOnly={!isNew}
              onInput={(e) => set({ implementationCode: value(e) })}
            />
          </Field>
          <Field id="basicCode" label={t.basicCode} error={err('basicCode')}>
            <input value={item.basicCode} onInput={(e) => set({ basicCode: value(e) })} />
          </Field>
        </div>
        <Field id="name" label={t.name} error={err('name')}>
          <input value={item.name} onInput={(e) => set({ name: value(e) })} />
        </Field>
        <div class="columns">
          <Field id="department" label={t.department} error={err('department')}>
            <select value={item.department} onChange={(e) => set({ department: value(e) })}>
              {departments.map((d) => (
                <option key={d.code} value={d.code}>
                  {d.name}
                </option>
              ))}
            </select>
          </Field>
          <Field id="caseType" label={t.caseType} error={err('caseType')}>
            <select value={item.caseType} onChange={(e) => set({ caseType: value(e) === '1' ? 1 : 2 })}>
              <option value="1">{t.caseTypes[1]}</option>
              <option value="2">{t.caseTypes[2]}</option>
            </select>
          </Field>
        </div>
        <div class="columns">
          {limit('statutoryLimit')}
          {limit('promisedLimit')}
        </div>
        <TextArea
          id="acceptanceConditions"
          label={t.conditions}
          hint={t.onePerLine}
          error={err('acceptanceConditions')}
          value={conditions}
          onValue={setConditions}
        />
        <Table caption={t.materials} columns={t.materialColumns} class="edit">
          {item.materials.map((m, i) => {
            const problem = err(`materials.${i}`);
            return (
              <tr key={m.id}>
                <td>
                  <input
                    aria-label={t.materialLabel(i, t.materialColumns[0]!)}
                    aria-invalid={problem ? 'true' : undefined}
                    aria-describedby={problem ? `material-${i}-error` : undefined}
                    value={m.name}
                    onInput={(e) => setMaterial(i, { name: value(e) })}
                  />
                  {problem && (
                    <p id={`material-${i}-error`} class="error">
                      ⚠ {problem}
                    </p>
                  )}
                </td>
                <td>
                  <input
                    type="checkbox"
                    aria-label={t.materialLabel(i, t.materialColumns[1]!)}
                    checked={m.required}
                    onChange={(e) =>
                      setMaterial(i, { required: (e.currentTarget as HTMLInputElement).checked })
                    }
                  />
                </td>
                {(['originals', 'copies'] as const).map((k, j) => (
                  <td key={k}>
                    <input
                      type="number"
                      min={0}
                      max={10}
                      class="count"
                      aria-label={t.materialLabel(i, t.materialColumns[2 + j]!)}
                      value={m[k]}
                      onInput={(e) => setMaterial(i, { [k]: Number(value(e)) })}
                    />
                  </td>
                ))}
                <td>
                  <select
                    aria-label={t.materialLabel(i, t.materialColumns[4]!)}
                    value={m.form}
                    onChange={(e) => setMaterial(i, { form: value(e) as MaterialInput['form'] })}
                  >
                    {materialForms.map((f) => (
                      <option key={f} value={f}>
                        {t.forms[f]}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  <button
                    type="button"
                    class="secondary"
                    onClick={() => set({ materials: item.materials.filter((_, j) => j !== i) })}
                  >
                    {t.removeMaterial(i)}
                  </button>
                </td>
              </tr>
            );
          })}
        </Table>
        <button
          type="button"
          class="secondary"
          onClick={() =>
            set({
              materials: [
                ...item.materials,
                {
                  id: `material-${Date.now().toString(36)}`,
                  name: '',
                  required: true,
                  originals: 1,
                  copies: 0,
                  form: 'both',
                  source: 'applicant',
                  deferrable: false,
                  commitmentAllowed: false,
                },
              ],
            })
          }
        >
          {t.addMaterial}
        </button>
        <TextArea
          id="fees"
          label={t.fees}
          hint={t.feesHint}
          error={err('fees')}
          rows={2}
          value={fees}
          onValue={setFees}
        />
        <div class="columns">
          <Field id="venue" label={t.venue} error={err('venue')}>
            <input value={item.venue} onInput={(e) => set({ venue: value(e) })} />
          </Field>
          <Field id="officeHours" label={t.officeHours} error={err('officeHours')}>
            <input value={item.officeHours} onInput={(e) => set({ officeHours: value(e) })} />
          </Field>
          <Field id="consultationPhone" label={t.consultationPhone} error={err('consultationPhone')}>
            <input
              type="tel"
              value={item.consultationPhone}
              onInput={(e) => set({ consultationPhone: value(e) })}
            />
          </Field>
          <Field id="complaintPhone" label={t.complaintPhone} error={err('complaintPhone')}>
            <input
              type="tel"
              value={item.complaintPhone}
              onInput={(e) => set({ complaintPhone: value(e) })}
            />
          </Field>
        </div>
        <Field id="formSchema" label={t.formSchema} hint={t.formSchemaHint} error={err('formSchema')}>
          <textarea
            rows={8}
            class="code"
            spellcheck={false}
            value={schema}
            onInput={(e) => setSchema(value(e))}
          />
        </Field>
        <div class="buttons">
          <button type="submit">{t.save}</button>
          <button type="button" class="secondary" onClick={onClose}>
            {t.cancel}
          </button>
        </div>
      </form>
    </section>
  );
};
