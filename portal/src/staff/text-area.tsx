// A labelled text area with its hint and error: the reasons, notes and lists the staff forms ask for.
import { Field } from '../pages/field.tsx';

export const TextArea = ({
  id,
  label,
  hint,
  error,
  rows = 3,
  value,
  onValue,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  rows?: number;
  value: string;
  onValue: (value: string) => void;
}) => (
  <Field id={id} label={label} hint={hint} error={error}>
    <textarea
      rows={rows}
      value={value}
      onInput={(e) => onValue((e.currentTarget as HTMLTextAreaElement).value)}
    />
  </Field>
);
