// What the API found wrong with a form, placed where the applicant can fix it: each field-level problem
// beside its field (`form.<name>` or `material.<id>`), and all of them at the top in a summary that takes
// the focus and links to each field (一次性告知: everything at once).
import { useEffect, useRef } from 'preact/hooks';
import type { ApiProblem } from '../api.ts';
import { type Strings, useStrings } from '../i18n.ts';

export interface Problem {
  /** `form.<name>`, `material.<id>`, or '' for the application as a whole. */
  field: string;
  message: string;
}

/**
 * The field of each problem the API reported. `materials.<i>…` names the i-th material sent; a problem
 * with the materials as a whole names the material whose id it mentions.
 */
export const problemsOf = (
  problem: ApiProblem,
  t: Strings,
  sent: readonly string[] = [],
  known: readonly string[] = [],
): Problem[] => {
  if (problem.details.length === 0)
    return [
      {
        field: '',
        message:
          problem.status === 0
            ? t.networkRetry
            : problem.status === 401
              ? t.signInAgain
              : (problem.message ?? t.loadFailed),
      },
    ];
  return problem.details.map(({ path, message }): Problem => {
    const at = path.replace(/^body\./, '');
    const form = /^form\.([^.]+)/.exec(at);
    if (form) return { field: `form.${form[1]}`, message };
    const material = /^materials\.(\d+)/.exec(at);
    if (material && sent[Number(material[1])])
      return { field: `material.${sent[Number(material[1])]}`, message };
    if (at === 'materials') {
      // 缺少必需材料「…」(id): said beside the material in the page's own words.
      const named = [...known].sort((a, b) => b.length - a.length).find((id) => message.includes(`(${id})`));
      if (named) return { field: `material.${named}`, message: t.provideMaterial };
    }
    return { field: '', message };
  });
};

/** The problems by field, for the fields to show. */
export const byField = (problems: readonly Problem[]) =>
  Object.fromEntries(problems.filter((p) => p.field).map((p) => [p.field, p.message]));

/** Focuses a field, or in a group of controls the one marked invalid. */
const focusField = (id: string) => {
  const element = document.getElementById(id);
  (element?.querySelector<HTMLElement>('[aria-invalid="true"]') ?? element)?.focus();
};

const targetOf = (field: string) => field.replace('.', '-');

/** The problems of the last attempt to send, focused after each attempt. */
export const ErrorSummary = ({
  id,
  problems,
  attempt,
  labelOf,
}: {
  id: string;
  problems: readonly Problem[];
  attempt: number;
  labelOf: (field: string) => string;
}) => {
  const t = useStrings();
  const summary = useRef<HTMLElement>(null);
  useEffect(() => summary.current?.focus(), [attempt]);
  return (
    <section class="summary" id={id} aria-labelledby={`${id}-title`} tabIndex={-1} ref={summary}>
      <h2 id={`${id}-title`}>{t.problemsTitle(problems.length)}</h2>
      <ul>
        {problems.map((p, i) => (
          <li key={`${p.field}${i}`}>
            {p.field ? (
              <a
                href={`#${targetOf(p.field)}`}
                onClick={(e) => {
                  e.preventDefault();
                  focusField(targetOf(p.field));
                }}
              >
                <span lang="zh-CN">{labelOf(p.field)}</span>
                {t.colon}
                {p.message}
              </a>
            ) : (
              p.message
            )}
          </li>
        ))}
      </ul>
    </section>
  );
};
