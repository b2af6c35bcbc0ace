// One application material and the ways the item allows to satisfy it: upload a file (with a progress bar
// and its status in words), use a held e-licence of the right type (免提交), a written commitment (告知承诺),
// or supply it later by a date (容缺). Used by the application and by the answer to a correction (补正).
import { useStrings } from '../i18n.ts';
import { acceptedFiles, type UploadProblem, uploadFile } from '../upload.ts';

export interface MaterialSpec {
  id: string;
  name: string;
  required: boolean;
  licenceType?: string;
  commitmentAllowed?: boolean;
  deferrable?: boolean;
}

export interface HeldLicence {
  id: string;
  name: string;
  status: string;
  issuer: { name: string };
  validUntil?: string;
}

export type Choice =
  | { via: 'upload'; key?: string; file?: string; sent?: number; problem?: UploadProblem }
  | { via: 'licence'; licenceId: string }
  | { via: 'commitment' }
  | { via: 'deferred'; dueDate: string };
export type Way = Choice['via'];

/** The licences of the wallet that may stand in for `m`. */
const usable = (m: MaterialSpec, licences: readonly HeldLicence[]) =>
  licences.filter((l) => m.licenceType && l.name === m.licenceType && l.status === 'valid');

const waysOf = (m: MaterialSpec, licences: readonly HeldLicence[]): Way[] => [
  'upload',
  ...(usable(m, licences).length > 0 ? (['licence'] as const) : []),
  ...(m.commitmentAllowed ? (['commitment'] as const) : []),
  ...(m.deferrable ? (['deferred'] as const) : []),
];

export type Submission =
  | { materialId: string; via: 'upload'; key: string }
  | { materialId: string; via: 'licence'; licenceId: string }
  | { materialId: string; via: 'commitment' }
  | { materialId: string; via: 'deferred'; dueDate: string };

/** What the API is sent for a choice; undefined while nothing is given (or an upload is unfinished). */
export const submissionOf = (materialId: string, c: Choice | undefined): Submission | undefined => {
  if (!c) return undefined;
  switch (c.via) {
    case 'upload':
      return c.key ? { materialId, via: c.via, key: c.key } : undefined;
    case 'licence':
      return { materialId, via: c.via, licenceId: c.licenceId };
    case 'commitment':
      return { materialId, via: c.via };
    case 'deferred':
      return { materialId, via: c.via, dueDate: c.dueDate };
  }
};

/** Whether a file is still on its way. */
export const uploading = (c: Choice | undefined) =>
  c?.via === 'upload' && c.file !== undefined && !c.key && !c.problem;

export const MaterialInput = ({
  material: m,
  licences,
  choice,
  onChange,
  error,
}: {
  material: MaterialSpec;
  licences: readonly HeldLicence[];
  choice: Choice | undefined;
  onChange: (next: Choice) => void;
  error?: string;
}) => {
  const t = useStrings();
  const id = `material-${m.id}`;
  const current = choice ?? { via: 'upload' };
  const ways = waysOf(m, licences);
  const invalid = error ? { 'aria-invalid': 'true' as const, 'aria-describedby': `${id}-error` } : {};
  const choose = (via: Way) =>
    onChange(
      via === 'licence'
        ? { via, licenceId: usable(m, licences)[0]!.id }
        : via === 'deferred'
          ? { via, dueDate: '' }
          : { via },
    );
  const pick = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    if (!file) return;
    onChange({ via: 'upload', file: file.name, sent: 0 });
    const result = await uploadFile(file, (sent) => onChange({ via: 'upload', file: file.name, sent }));
    onChange({ via: 'upload', file: file.name, sent: 'key' in result ? 1 : 0, ...result });
  };
  return (
    <fieldset class={error ? 'material invalid' : 'material'} id={id} tabIndex={-1}>
      <legend>
        <span lang="zh-CN">{m.name}</span>
        <span class={m.required ? 'required' : 'hint'}>{m.required ? t.requiredMark : t.optionalMark}</span>
      </legend>
      {ways.length > 1 && (
        <div class="ways">
          {ways.map((way) => (
            <label key={way}>
              <input
                type="radio"
                name={`${id}-way`}
                checked={current.via === way}
                onChange={() => choose(way)}
              />{' '}
              {t.ways[way]}
            </label>
          ))}
        </div>
      )}
      {current.via === 'upload' && (
        <div class="upload">
          <label for={`${id}-file`}>{t.chooseFile}</label>
          <p class="hint" id={`${id}-hint`}>
            {t.fileHint}
          </p>
          <input
            type="file"
            id={`${id}-file`}
            accept={acceptedFiles}
            onChange={(e) => void pick(e.currentTarget as HTMLInputElement)}
            {...invalid}
            aria-describedby={[`${id}-hint`, error ? `${id}-error` : ''].join(' ').trim()}
          />
          {current.file !== undefined && (
            <div class="progress">
              <progress
                id={`${id}-progress`}
                max={100}
                value={Math.round((current.sent ?? 0) * 100)}
                aria-label={t.uploadProgress(m.name)}
              />
              <span aria-hidden="true">{Math.round((current.sent ?? 0) * 100)}%</span>
              <output class={current.problem ? 'error' : 'hint'}>
                {current.problem
                  ? t.uploadProblems[current.problem]
                  : current.key
                    ? t.uploaded(current.file)
                    : t.uploadingFile(current.file)}
              </output>
            </div>
          )}
        </div>
      )}
      {current.via === 'licence' && (
        <div class="field">
          <label for={`${id}-licence`}>{t.heldLicence}</label>
          <select
            id={`${id}-licence`}
            value={current.licenceId}
            onChange={(e) =>
              onChange({ via: 'licence', licenceId: (e.currentTarget as HTMLSelectElement).value })
            }
            {...invalid}
          >
            {usable(m, licences).map((l) => (
              <option key={l.id} value={l.id}>
                {l.name} · {l.issuer.name} · {l.validUntil ? `${t.validUntil} ${l.validUntil}` : t.longTerm}
              </option>
            ))}
          </select>
          <p class="hint">{t.licenceNote}</p>
        </div>
      )}
      {current.via === 'commitment' && <p class="note">{t.commitmentText}</p>}
      {current.via === 'deferred' && (
        <div class="field">
          <label for={`${id}-due`}>{t.deferredBy}</label>
          <p class="hint" id={`${id}-due-hint`}>
            {t.deferredHint}
          </p>
          <input
            type="date"
            id={`${id}-due`}
            value={current.dueDate}
            onInput={(e) =>
              onChange({ via: 'deferred', dueDate: (e.currentTarget as HTMLInputElement).value })
            }
            {...invalid}
            aria-describedby={[`${id}-due-hint`, error ? `${id}-error` : ''].join(' ').trim()}
          />
        </div>
      )}
      {error && (
        <p id={`${id}-error`} class="error">
          ⚠ {error}
        </p>
      )}
    </fieldset>
  );
};
