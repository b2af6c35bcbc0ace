// A labelled form field with its hint and, when there is one, its error, tied to the control for screen
// readers (aria-describedby, aria-invalid). The error is text, not only colour.
import { type ComponentChildren, cloneElement, type VNode } from 'preact';

export const Field = ({
  id,
  label,
  hint,
  error,
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  children: ComponentChildren;
}) => {
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  const control = cloneElement(children as VNode, {
    id,
    name: id,
    'aria-describedby': described || undefined,
    'aria-invalid': error ? 'true' : undefined,
  });
  return (
    <div class={error ? 'field invalid' : 'field'}>
      <label for={id}>{label}</label>
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
