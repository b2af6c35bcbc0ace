// 申请表 the application form is checked against the item's published form schema (JSON Schema 2020-12),
// every bad, missing or unknown field reported under its own path. Kept apart from the other application
// rules because the schema validator is large and only the functions that take applications need it.
import type { ValidateFunction } from 'ajv/dist/2020.js';
import type { FieldIssue } from '../errors.ts';
import { formValidator } from '../form-validator.ts';

// Identifiers in forms are checked as at every other boundary (shared/id-number.ts).
const ajv = formValidator();

const formatMessages: Record<string, string> = {
  'cn-id-number': '公民身份号码有误 (not a valid identity number: check the birth date and check character)',
  'cn-credit-code': '统一社会信用代码有误 (not a valid unified social credit code)',
  'cn-mobile': '手机号码有误 (not an 11-digit mobile number)',
};

/** A published version never changes, so its compiled form validator is kept by code and version. */
const validators = new Map<string, ValidateFunction>();
const validatorOf = (key: string, schema: Record<string, unknown>) => {
  let validate = validators.get(key);
  if (!validate) {
    validate = ajv.compile(schema);
    validators.set(key, validate);
  }
  return validate;
};

/** Form problems as field issues under `prefix`, e.g. `body.form.address`. */
export const checkForm = (
  schemaKey: string,
  schema: Record<string, unknown>,
  form: Record<string, unknown>,
  prefix = 'body.form',
): FieldIssue[] => {
  const validate = validatorOf(schemaKey, schema);
  if (validate(form)) return [];
  return (validate.errors ?? []).map((e) => {
    const missing = e.keyword === 'required' ? String(e.params.missingProperty) : undefined;
    const extra = e.keyword === 'additionalProperties' ? String(e.params.additionalProperty) : undefined;
    const pointer = e.instancePath.split('/').filter(Boolean).join('.');
    const field = [pointer, missing ?? extra].filter(Boolean).join('.');
    const format = e.keyword === 'format' ? formatMessages[String(e.params.format)] : undefined;
    const message = missing
      ? '必填 (required)'
      : extra
        ? '表单没有此项 (not a field of this form)'
        : (format ?? e.message);
    return { path: field ? `${prefix}.${field}` : prefix, message: message ?? 'invalid' };
  });
};
