// 电子证照核验: anyone pastes the text of a licence's QR code, or uploads a picture of it, and sees each check
// the API made (seal signature, issuer, status, validity) as text. The picture is read in the browser: with
// the platform's BarcodeDetector where there is one, else with jsQR, loaded only when needed.
import { useState } from 'preact/hooks';
import { send } from '../api.ts';
import { useStrings } from '../i18n.ts';
import { Field } from './field.tsx';

interface Verification {
  valid: boolean;
  checks: Record<string, boolean>;
  problems: Array<{ check: string; reason: string }>;
  /** The licence as the API shows it, the holder's number masked. */
  licence?: {
    name?: string;
    issuer?: { name?: string };
    holder?: { name?: string };
    validFrom?: string;
    validUntil?: string | null;
  };
}

/** The text of the first QR code in a picture, if any. */
const readQr = async (file: File): Promise<string | undefined> => {
  const bitmap = await createImageBitmap(file);
  const Detector = (
    globalThis as {
      BarcodeDetector?: new (o: unknown) => { detect: (i: unknown) => Promise<Array<{ rawValue: string }>> };
    }
  ).BarcodeDetector;
  if (Detector) {
    const found = await new Detector({ formats: ['qr_code'] }).detect(bitmap).catch(() => []);
    if (found[0]) return found[0].rawValue;
  }
  const canvas = document.createElement('canvas');
  canvas.width = bitmap.width;
  canvas.height = bitmap.height;
  const context = canvas.getContext('2d');
  if (!context) return undefined;
  context.drawImage(bitmap, 0, 0);
  const pixels = context.getImageData(0, 0, bitmap.width, bitmap.height);
  const { default: jsQR } = await import('jsqr');
  return jsQR(pixels.data, pixels.width, pixels.height)?.data;
};

export const CheckPage = () => {
  const t = useStrings();
  const [qr, setQr] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [result, setResult] = useState<Verification | undefined>();
  const [busy, setBusy] = useState(false);

  const verify = async (text: string) => {
    setResult(undefined);
    if (text.trim().length < 10) return setError(t.qrText);
    setError(undefined);
    setBusy(true);
    const answer = await send<Verification>('POST', '/verify', { qr: text.trim() });
    setBusy(false);
    if (answer.ok) return setResult(answer.value);
    setError(answer.problem.details[0]?.message ?? t.loadFailed);
  };

  return (
    <>
      <h1>{t.checkTitle}</h1>
      <p>{t.checkIntro}</p>
      <form
        class="form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void verify(qr);
        }}
      >
        <Field id="qr" label={t.qrText} error={error}>
          <textarea
            rows={4}
            value={qr}
            onInput={(e) => setQr((e.currentTarget as HTMLTextAreaElement).value)}
          />
        </Field>
        <button type="submit" disabled={busy}>
          {t.verify}
        </button>
        <Field id="qr-image" label={t.qrImage}>
          <input
            type="file"
            accept="image/*"
            onChange={async (e) => {
              const file = (e.currentTarget as HTMLInputElement).files?.[0];
              if (!file) return;
              const text = await readQr(file).catch(() => undefined);
              if (!text) return setError(t.noQrFound);
              setQr(text);
              await verify(text);
            }}
          />
        </Field>
      </form>
      <div aria-live="polite">
        {result && (
          <section aria-labelledby="verdict">
            <h2 id="verdict" class={result.valid ? 'verdict ok' : 'verdict bad'}>
              {result.valid ? `✓ ${t.validLicence}` : `✗ ${t.invalidLicence}`}
            </h2>
            <ul class="checks">
              {Object.entries(result.checks).map(([check, ok]) => (
                <li key={check}>
                  {ok ? '✓' : '✗'} {t.checkNames[check] ?? check}：{ok ? t.passed : t.failed}
                  {result.problems
                    .filter((p) => p.check === check)
                    .map((p) => (
                      <span key={p.reason} class="meta">
                        {p.reason}
                      </span>
                    ))}
                </li>
              ))}
            </ul>
            {result.licence && (
              <dl class="facts">
                <dt>{t.licenceName}</dt>
                <dd lang="zh-CN">{result.licence.name}</dd>
                <dt>{t.holder}</dt>
                <dd lang="zh-CN">{result.licence.holder?.name}</dd>
                <dt>{t.issuedBy}</dt>
                <dd lang="zh-CN">{result.licence.issuer?.name}</dd>
              </dl>
            )}
          </section>
        )}
      </div>
    </>
  );
};
