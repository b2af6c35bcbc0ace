// Turns an import body into rows: a JSON array of items, or CSV with one item per line. CSV columns are
// field paths (`statutoryLimit.value`); a cell holding a JSON object or array (materials, workflow, form
// schema) is parsed as JSON, `true`/`false` become booleans, and whole numbers become numbers except in
// code columns (type codes such as `01` keep their leading zero).
import { parse } from 'csv-parse/sync';
import { DomainError, validationFailed } from '../../shared/errors.ts';

export interface ImportRow {
  /** 1-based position among the data rows. */
  row: number;
  value: unknown;
}

const isCodeColumn = (column: string) => /code$/i.test(column) || column === 'type';

const cellValue = (column: string, cell: string): unknown => {
  const text = cell.trim();
  if (text === '') return undefined;
  if (text.startsWith('{') || text.startsWith('[')) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  if (text === 'true' || text === 'false') return text === 'true';
  if (!isCodeColumn(column) && /^(0|[1-9]\d{0,9})$/.test(text)) return Number(text);
  return text;
};

const setPath = (target: Record<string, unknown>, path: string, value: unknown) => {
  const parts = path.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    node[part] ??= {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts.at(-1)!] = value;
};

export const parseImport = (rawBody: string | undefined, contentType: string): ImportRow[] => {
  const text = rawBody?.trim() ?? '';
  if (text === '')
    throw validationFailed([{ path: 'body', message: 'a JSON array of items or CSV rows is required' }]);
  if (contentType.includes('json') || text.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (cause) {
      throw new DomainError('MALFORMED_JSON', 'The request body is not valid JSON.', { cause });
    }
    if (!Array.isArray(parsed))
      throw validationFailed([{ path: 'body', message: 'expected a JSON array of items' }]);
    return parsed.map((value, i) => ({ row: i + 1, value }));
  }
  let records: Record<string, string>[];
  try {
    records = parse(text, { columns: true, bom: true, skip_empty_lines: true, relax_column_count: false });
  } catch (cause) {
    throw validationFailed([{ path: 'body', message: `not valid CSV: ${(cause as Error).message}` }]);
  }
  return records.map((record, i) => {
    const value: Record<string, unknown> = {};
    for (const [column, cell] of Object.entries(record)) {
      const parsed = cellValue(column, cell);
      if (parsed !== undefined) setPath(value, column, parsed);
    }
    return { row: i + 1, value };
  });
};
