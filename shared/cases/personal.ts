// 个人信息 in a case: which values of a case record are personal — the applicant's and the agent's ID
// numbers, the applicant's mobile, the form fields an item's schema marks (`"x-sensitive": true`, or an
// identity-number or mobile format), and the mobile and street address a result is mailed to (the
// recipient's name stays readable, as the applicant's does: it is how the window and the courier's
// hand-over are checked, and alone it locates no one) — and where each sits, so they are sealed before the record is stored
// (functions/cases/sealing.ts) and opened only where a clear value is needed.
import type { PersonalKind } from '../sealed.ts';
import type { CaseRecord } from './case.ts';

/** The form keyword that marks a field personal. */
export const sensitiveKeyword = 'x-sensitive';

interface FieldSchema {
  format?: unknown;
  [sensitiveKeyword]?: unknown;
}

/** The sensitive top-level fields of a form schema, each with the kind its mask and index follow. */
export const sensitiveFields = (schema: Record<string, unknown>): Map<string, PersonalKind> => {
  const properties = (schema.properties ?? {}) as Record<string, FieldSchema>;
  const out = new Map<string, PersonalKind>();
  for (const [name, field] of Object.entries(properties)) {
    if (typeof field !== 'object' || field === null) continue;
    if (field.format === 'cn-id-number') out.set(name, 'id-number');
    else if (field.format === 'cn-mobile') out.set(name, 'mobile');
    else if (field[sensitiveKeyword] === true) out.set(name, 'text');
  }
  return out;
};

export interface PersonalValue {
  /** Path in the record, as sealed values are keyed. */
  path: string;
  kind: PersonalKind;
  value: string;
}

/** The personal values of `record` still in clear (not yet sealed), given its items' sensitive fields. */
export const clearPersonalValues = (
  record: CaseRecord,
  sensitive: ReadonlyMap<string, PersonalKind>,
): PersonalValue[] => {
  const sealed = record.sealed ?? {};
  const out: PersonalValue[] = [];
  const add = (path: string, kind: PersonalKind, value: unknown) => {
    if (typeof value === 'string' && value !== '' && !sealed[path]) out.push({ path, kind, value });
  };
  add('applicant.idNumber', 'id-number', record.applicant.idNumber);
  add('applicant.mobile', 'mobile', record.applicant.mobile);
  add('agent.idNumber', 'id-number', record.agent?.idNumber);
  for (const [name, kind] of sensitive) add(`form.${name}`, kind, record.form[name]);
  if (record.delivery?.method === 'courier') {
    add('delivery.address.mobile', 'mobile', record.delivery.address.mobile);
    add('delivery.address.detail', 'text', record.delivery.address.detail);
  }
  return out;
};

/** Puts `value` at `path` (one of the paths clearPersonalValues names) of `record`. */
export const setAt = (record: CaseRecord, path: string, value: string) => {
  const [head, name] = path.split('.') as [string, string];
  if (head === 'applicant') (record.applicant as unknown as Record<string, unknown>)[name] = value;
  else if (head === 'agent' && record.agent)
    (record.agent as unknown as Record<string, unknown>)[name] = value;
  else if (head === 'form') record.form = { ...record.form, [name]: value };
  else if (head === 'delivery' && record.delivery?.method === 'courier') {
    const field = path.split('.')[2];
    if (field !== 'mobile' && field !== 'detail') throw new Error(`No personal value at ${path}`);
    record.delivery.address = { ...record.delivery.address, [field]: value };
  } else throw new Error(`No personal value at ${path}`);
};
