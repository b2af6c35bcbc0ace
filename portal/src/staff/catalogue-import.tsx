// 批量导入: a CSV or JSON file of items goes to the admin API under an import ID chosen here, so that the
// progress can be read while the import runs; the bar follows it, and each rejected row is listed with its
// fields' errors.
import { useState } from 'preact/hooks';
import { getJson, send } from '../api.ts';
import { Field } from '../pages/field.tsx';
import { formErrors } from './problems.ts';
import { Table } from './table.tsx';
import { usePick, useText } from './text.ts';

interface Progress {
  status: 'running' | 'done' | 'failed';
  total: number;
  processed: number;
}
interface Rejected {
  row: number;
  code?: string;
  errors?: Array<{ path: string; message: string }>;
}
interface Imported {
  landed: number;
  rejected: Rejected[];
}

const text = {
  zh: {
    title: '批量导入事项',
    file: '导入文件（CSV 或 JSON 数组）',
    fileHint: '每行（每个元素）一个事项；有效的行导入，有错误的行列出原因。',
    chooseFile: '请选择一个 .csv 或 .json 文件。',
    publish: '导入后直接发布',
    start: '开始导入',
    progress: '导入进度',
    count: (done: number, total: number) => `已处理 ${done} / ${total} 行`,
    landed: (n: number, rejected: number) => `导入完成：${n} 行已导入，${rejected} 行有错误。`,
    caption: '有错误的行',
    columns: ['行号', '实施编码', '问题'],
  },
  en: {
    title: 'Import items',
    file: 'File to import (CSV or a JSON array)',
    fileHint: 'One item per row (or element); valid rows land, rows with errors are listed with them.',
    chooseFile: 'Choose a .csv or .json file.',
    publish: 'Publish what lands',
    start: 'Import',
    progress: 'Import progress',
    count: (done: number, total: number) => `${done} of ${total} rows done`,
    landed: (n: number, rejected: number) => `Done: ${n} rows imported, ${rejected} with errors.`,
    caption: 'Rows with errors',
    columns: ['Row', 'Code', 'Problem'],
  },
};

/** Rows named in a 400's details (`rows.<n>.<path>`), when no row landed. */
const rowsOf = (details: Array<{ path: string; message: string }>): Rejected[] => {
  const rows = new Map<number, Rejected>();
  for (const d of details) {
    const match = /^rows\.(\d+)\.?(.*)$/.exec(d.path);
    if (!match) continue;
    const row = Number(match[1]);
    const entry = rows.get(row) ?? { row, errors: [] };
    entry.errors?.push({ path: match[2] ?? '', message: d.message });
    rows.set(row, entry);
  }
  return [...rows.values()];
};

/** Rejected rows with the code the file gives them, where the API could not read one (a JSON file). */
const withCodes = (rejected: Rejected[], json: string): Rejected[] => {
  let rows: unknown = [];
  try {
    rows = json ? JSON.parse(json) : [];
  } catch {
    return rejected;
  }
  const codeOf = (row: number) => {
    const value = Array.isArray(rows) ? (rows[row - 1] as { implementationCode?: unknown }) : undefined;
    return typeof value?.implementationCode === 'string' ? value.implementationCode : undefined;
  };
  return rejected.map((r) => ({ ...r, code: r.code ?? codeOf(r.row) }));
};

export const ImportSection = ({ onImported }: { onImported: () => void }) => {
  const t = useText(text);
  const pick = usePick();
  const [file, setFile] = useState<File>();
  const [publish, setPublish] = useState(true);
  const [error, setError] = useState<string>();
  const [progress, setProgress] = useState<Progress>();
  const [result, setResult] = useState<Imported>();
  const [busy, setBusy] = useState(false);

  const start = async (e: Event) => {
    e.preventDefault();
    if (!file) return setError(t.chooseFile);
    setError(undefined);
    setResult(undefined);
    setBusy(true);
    const id = `import-${crypto.randomUUID()}`;
    const json = file.name.endsWith('.json') || file.type.includes('json');
    const content = await file.text();
    const body = new Blob([content], { type: json ? 'application/json' : 'text/csv' });
    let finished = false;
    const sending = send<Imported>('POST', `/admin/items/import?publish=${publish}`, body, {
      'x-import-id': id,
    }).finally(() => {
      finished = true;
    });
    const poll = async () => {
      const now = await getJson<Progress>(`/admin/imports/${id}`).catch(() => undefined);
      if (now) setProgress(now);
    };
    while (!finished) {
      await poll();
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    await poll();
    const answer = await sending;
    setBusy(false);
    if (answer.ok) {
      setResult({ ...answer.value, rejected: withCodes(answer.value.rejected, json ? content : '') });
      onImported();
      return;
    }
    const rows = rowsOf(answer.problem.details);
    if (rows.length > 0) setResult({ landed: 0, rejected: rows });
    else setError(formErrors(answer.problem, pick, 'rows.').general);
  };

  return (
    <section aria-labelledby="import">
      <h2 id="import">{t.title}</h2>
      <form class="form" noValidate onSubmit={start}>
        <Field id="import-file" label={t.file} hint={t.fileHint} error={error}>
          <input
            type="file"
            accept=".csv,.json,text/csv,application/json"
            onChange={(e) => setFile((e.currentTarget as HTMLInputElement).files?.[0])}
          />
        </Field>
        <label class="choice">
          <input
            type="checkbox"
            checked={publish}
            onChange={(e) => setPublish((e.currentTarget as HTMLInputElement).checked)}
          />
          {t.publish}
        </label>
        <button type="submit" disabled={busy}>
          {t.start}
        </button>
      </form>
      {progress && (
        <div class="import-progress">
          <label for="import-progress">{t.progress}</label>
          <progress id="import-progress" max={progress.total} value={progress.processed} />
          <p aria-live="polite">{t.count(progress.processed, progress.total)}</p>
        </div>
      )}
      {result && (
        <>
          <output class="notice">{t.landed(result.landed, result.rejected.length)}</output>
          {result.rejected.length > 0 && (
            <Table caption={t.caption} columns={t.columns}>
              {result.rejected.map((r) => (
                <tr key={r.row}>
                  <th scope="row">{r.row}</th>
                  <td>{r.code ?? '—'}</td>
                  <td>
                    <ul class="plain">
                      {(r.errors ?? []).map((e) => (
                        <li key={e.path}>
                          <code>{e.path || '—'}</code>：{e.message}
                        </li>
                      ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </Table>
          )}
        </>
      )}
    </section>
  );
};
