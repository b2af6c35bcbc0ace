// The API's answer to a staff form, as the form shows it: each field's error beside the field (by its path
// under `body.`), and a sentence for the rest (a refusal, a conflict, an error without a field).
import type { ApiProblem } from '../api.ts';
import type { Text } from './text.ts';

export interface FormErrors {
  /** Field errors by the field's path under the body, e.g. `days` or `materials.0.name`. */
  fields: Record<string, string>;
  /** What to say when no field is to blame. */
  general?: string;
}

const statusText: Record<number, Text<string>> = {
  0: { zh: '无法连接服务，请稍后再试。', en: 'The service cannot be reached. Try again later.' },
  403: { zh: '你的角色或部门不能做这项操作。', en: 'Your role or department may not do this.' },
  404: { zh: '没有找到。', en: 'Not found.' },
  409: {
    zh: '当前状态下不能这样操作，请刷新后再看。',
    en: 'This cannot be done in the current state. Reload and look again.',
  },
};
const otherwise: Text<string> = { zh: '操作没有成功。', en: 'That did not work.' };

/** The problem's field errors and, when none names a field of this form, a general sentence. */
export const formErrors = (
  problem: ApiProblem,
  pick: <T>(text: Text<T>) => T,
  prefix = 'body.',
): FormErrors => {
  const fields: Record<string, string> = {};
  let elsewhere = problem.details.length === 0;
  for (const d of problem.details) {
    if (d.path.startsWith(prefix)) fields[d.path.slice(prefix.length)] ??= d.message;
    else elsewhere = true;
  }
  if (!elsewhere) return { fields };
  const general = [pick(statusText[problem.status] ?? otherwise), problem.message ?? ''].join(' ').trim();
  return { fields, general };
};
