// A group of radio buttons or check boxes: named by its legend, each choice labelled in words, the group's
// error beside it and tied to it for screen readers.
import type { ComponentChildren } from 'preact';

export const Choices = ({
  id,
  legend,
  error,
  children,
}: {
  id: string;
  legend: ComponentChildren;
  error?: string;
  children: ComponentChildren;
}) => (
  <fieldset class={error ? 'invalid' : undefined} aria-describedby={error ? `${id}-error` : undefined}>
    <legend>{legend}</legend>
    {children}
    {error && (
      <p id={`${id}-error`} class="error">
        ⚠ {error}
      </p>
    )}
  </fieldset>
);

/** One choice of a group: its control and its words. */
export const Choice = ({
  type,
  name,
  checked,
  onCheck,
  children,
}: {
  type: 'radio' | 'checkbox';
  name: string;
  checked: boolean;
  onCheck: (checked: boolean) => void;
  children: ComponentChildren;
}) => (
  <label class="choice">
    <input
      type={type}
      name={name}
      checked={checked}
      onChange={(e) => onCheck((e.currentTarget as HTMLInputElement).checked)}
    />
    {children}
  </label>
);
