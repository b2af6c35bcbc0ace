// A workbench table: scrolls sideways on its own when narrow, is named by its caption, and heads each
// column; `empty` says so in words when there are no rows.
import type { ComponentChildren } from 'preact';

export const Table = ({
  caption,
  columns,
  empty,
  class: className,
  children,
}: {
  caption: ComponentChildren;
  columns: string[];
  /** Shown as the only row when there is none. */
  empty?: string;
  class?: string;
  children: ComponentChildren;
}) => (
  <div class="table-scroll">
    <table class={className}>
      <caption>{caption}</caption>
      <thead>
        <tr>
          {columns.map((c, i) => (
            <th key={c || i} scope="col">
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {empty && (
          <tr>
            <td colSpan={columns.length}>{empty}</td>
          </tr>
        )}
        {children}
      </tbody>
    </table>
  </div>
);

/** A row's action: a short button whose accessible name says which row it acts on. */
export const ActionCell = ({
  label,
  class: className,
  onClick,
  children,
}: {
  label: string;
  class: string;
  onClick: () => void;
  children: ComponentChildren;
}) => (
  <td>
    <button type="button" class={className} aria-label={label} onClick={onClick}>
      {children}
    </button>
  </td>
);
