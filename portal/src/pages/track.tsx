// 办件进度查询: anyone with a case number and its query code sees the case's status, current step and promised
// date, without signing in. Fields are checked here first and the API's field-level errors shown beside them.
import { useState } from 'preact/hooks';
import { send } from '../api.ts';
import { useStrings } from '../i18n.ts';
import { Field } from './field.tsx';

interface Progress {
  caseNumber: string;
  itemName?: string;
  statusName: string;
  currentStep: string;
  submittedAt: string;
  promisedBy?: string;
  provisional?: boolean;
}

const caseNumberPattern = /^\d{6}-\d{8}-\d{6}-[A-Z]$/;
const queryCodePattern = /^[0-9A-Za-z]{8}$/;

export const TrackPage = () => {
  const t = useStrings();
  const [caseNumber, setCaseNumber] = useState('');
  const [queryCode, setQueryCode] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [result, setResult] = useState<Progress | 'none' | undefined>();
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    const n = caseNumber.trim().toUpperCase();
    const code = queryCode.trim();
    const found: Record<string, string> = {};
    if (!caseNumberPattern.test(n)) found.caseNumber = t.caseNumberHint;
    if (!queryCodePattern.test(code)) found.queryCode = t.queryCodeHint;
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    const answer = await send<Progress>(
      'GET',
      `/progress/${encodeURIComponent(n)}?queryCode=${encodeURIComponent(code)}`,
    );
    setBusy(false);
    if (answer.ok) return setResult(answer.value);
    const fields: Record<string, string> = {};
    for (const d of answer.problem.details) {
      const name = d.path.split('.').pop() ?? '';
      if (name === 'caseNumber' || name === 'queryCode') fields[name] = d.message;
    }
    setErrors(fields);
    setResult(Object.keys(fields).length > 0 ? undefined : 'none');
  };

  return (
    <>
      <h1>{t.trackTitle}</h1>
      <form class="form" onSubmit={submit} noValidate>
        <Field id="caseNumber" label={t.caseNumber} hint={t.caseNumberHint} error={errors.caseNumber}>
          <input
            value={caseNumber}
            onInput={(e) => setCaseNumber((e.currentTarget as HTMLInputElement).value)}
          />
        </Field>
        <Field id="queryCode" label={t.queryCode} hint={t.queryCodeHint} error={errors.queryCode}>
          <input
            value={queryCode}
            autocomplete="off"
            onInput={(e) => setQueryCode((e.currentTarget as HTMLInputElement).value)}
          />
        </Field>
        <button type="submit" disabled={busy}>
          {t.lookUp}
        </button>
      </form>
      <div aria-live="polite">
        {result === 'none' && <p role="alert">{t.noSuchCase}</p>}
        {result && result !== 'none' && (
          <section aria-labelledby="progress">
            <h2 id="progress">{result.caseNumber}</h2>
            <dl class="facts">
              {result.itemName && (
                <>
                  <dt>{t.itemType}</dt>
                  <dd lang="zh-CN">{result.itemName}</dd>
                </>
              )}
              <dt>{t.status}</dt>
              <dd lang="zh-CN">{result.statusName}</dd>
              <dt>{t.currentStep}</dt>
              <dd lang="zh-CN">{result.currentStep}</dd>
              <dt>{t.submittedAt}</dt>
              <dd>{result.submittedAt.slice(0, 10)}</dd>
              {result.promisedBy && (
                <>
                  <dt>{t.promisedBy}</dt>
                  <dd>
                    {result.promisedBy}
                    {result.provisional ? t.provisional : ''}
                  </dd>
                </>
              )}
            </dl>
          </section>
        )}
      </div>
    </>
  );
};
