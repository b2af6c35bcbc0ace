// A labelled form field with its hint and, when there is one, its error, tied to the control for screen
// readers (aria-describedby, aria-invalid). The error is text, not only colour; a required field says so in
// words beside its label.
import { type ComponentChildren, cloneElement, type VNode } from 'preact';
import { useStrings } from '../i18n.ts';

export const Field = ({
  id,
  label,
  hint,
  error,
  required,
  children,
}: {
  id: string;
  label: ComponentChildren;
  hint?: string;
  error?: string;
  required?: boolean;
  children: ComponentChildren;
}) => {
  const t = useStrings();
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  const control = cloneElement(children as VNode, {
    id,
    name: id,
    'aria-describedby': described || undefined,
    'aria-invalid': error ? 'true' : undefined,
    'aria-required': required ? 'true' : undefined,
  });
  return (
    <div class={error ? 'field invalid' : 'field'}>
      <label for={id}>
        {label}
        {required && <span class="required">{t.requiredMark}</span>}
      </label>
      {hint && (
        <p id={`${id}-hint`} class="hint">
          {hint}
        </p>
      )}
      {control}
      {error && (
        <p id={`${id}-error`} class="error">
          ⚠ {error}
        </p>
      )}
    </div>
  );
};
