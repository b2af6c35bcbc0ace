// What a staff form says once it is sent: that it worked, or what went wrong that no field is to blame for
// (field errors stand beside their fields).
import type { ApiProblem } from '../api.ts';
import { type FormErrors, formErrors } from './problems.ts';
import type { Text } from './text.ts';

export type Done = { ok: true; message: string } | { ok: false; errors: FormErrors };

export const Outcome = ({ done }: { done?: Done }) =>
  !done ? null : done.ok ? (
    <output class="verdict ok">✓ {done.message}</output>
  ) : done.errors.general ? (
    <p role="alert" class="error">
      ⚠ {done.errors.general}
    </p>
  ) : null;

/** The error of the field at `path` (under the body), if the form's last answer named it. */
export const fieldError = (done: Done | undefined, path: string) =>
  done && !done.ok ? done.errors.fields[path] : undefined;

/** The form's outcome from the API's answer: `message` when it worked, else what went wrong. */
export const doneOf = (
  answer: { ok: true } | { ok: false; problem: ApiProblem },
  message: string,
  pick: <T>(text: Text<T>) => T,
): Done => (answer.ok ? { ok: true, message } : { ok: false, errors: formErrors(answer.problem, pick) });

/** The outcome of a form stopped before sending: its fields' errors. */
export const invalid = (fields: Record<string, string>): Done => ({ ok: false, errors: { fields } });
