// 电子证照核验: anyone pastes the text of a licence's QR code, uploads a picture of it, scans it with the
// camera where the browser allows, or uploads the licence's OFD file (or a payment receipt's, 票据查验), and sees each check the API made
// (for a QR code: seal signature, issuer, status, validity; for an OFD: its structure, every file's SM3
// digest, the SM2 seal signature, the seal and the signer's certificate chain, status, validity) as text. Pictures and camera frames are read in the browser: with the platform's BarcodeDetector
// where there is one, else with jsQR, loaded only when needed.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { send } from '../api.ts';
import { useStrings } from '../i18n.ts';
import { Field } from './field.tsx';

interface Verification {
  valid: boolean;
  checks: Record<string, boolean>;
  problems: Array<{ check: string; reason: string }>;
  /** An OFD's checks in words, and the files whose digests were checked. */
  details?: Record<string, { ok: boolean; message: string }>;
  files?: Array<{ path: string; ok: boolean }>;
  signature?: { signedAt?: string; seal?: { name: string } };
  /** The licence as the API shows it, the holder's number masked. */
  licence?: {
    name?: string;
    issuer?: { name?: string };
    holder?: { name?: string };
    validFrom?: string;
    validUntil?: string | null;
  };
  /** A payment receipt's OFD: what it states, the payer masked, and whether it was refunded since. */
  receipt?: {
    number?: string;
    paymentCode?: string;
    amountYuan?: string;
    paidOn?: string;
    collector?: { name?: string };
    status?: 'valid' | 'partly-refunded' | 'refunded' | null;
  };
}

type Picture = ImageBitmap | HTMLVideoElement;
type Detector = new (o: unknown) => { detect: (i: Picture) => Promise<Array<{ rawValue: string }>> };

/** The text of the first QR code in a picture or a video's current frame, if any. */
const readQr = async (picture: Picture, width: number, height: number): Promise<string | undefined> => {
  const Native = (globalThis as { BarcodeDetector?: Detector }).BarcodeDetector;
  if (Native) {
    const found = await new Native({ formats: ['qr_code'] }).detect(picture).catch(() => []);
    if (found[0]) return found[0].rawValue;
  }
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context || width === 0) return undefined;
  context.drawImage(picture, 0, 0);
  const pixels = context.getImageData(0, 0, width, height);
  // The package's CommonJS typing reads differently under the server's module resolution: name its shape.
  const { default: jsQR } = (await import('jsqr')) as unknown as {
    default: (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null;
  };
  return jsQR(pixels.data, width, height)?.data;
};

const readQrFile = async (file: File) => {
  const bitmap = await createImageBitmap(file);
  return readQr(bitmap, bitmap.width, bitmap.height);
};

/** An OFD licence file is a few hundred kB at most; the API takes 1 MB of JSON. */
const maxOfdBytes = 700 * 1024;

const base64Of = (file: File) =>
  new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });

const canScan = () => typeof navigator !== 'undefined' && Boolean(navigator.mediaDevices?.getUserMedia);

/** 扫码: the camera's frames, read a few times a second until one holds a QR code. */
const Scanner = ({ onFound, onFail }: { onFound: (text: string) => void; onFail: () => void }) => {
  const t = useStrings();
  const video = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    let stream: MediaStream | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const look = async () => {
      const v = video.current;
      if (stopped || !v) return;
      const text = v.videoWidth
        ? await readQr(v, v.videoWidth, v.videoHeight).catch(() => undefined)
        : undefined;
      if (stopped) return;
      if (text) return onFound(text);
      timer = setTimeout(() => void look(), 250);
    };
    navigator.mediaDevices
      .getUserMedia({ video: { facingMode: 'environment' }, audio: false })
      .then(async (s) => {
        stream = s;
        if (stopped || !video.current) return;
        video.current.srcObject = s;
        await video.current.play();
        void look();
      })
      .catch(() => !stopped && onFail());
    return () => {
      stopped = true;
      clearTimeout(timer);
      for (const track of stream?.getTracks() ?? []) track.stop();
    };
  }, [onFound, onFail]);
  return (
    <>
      <p aria-live="polite">{t.scanning}</p>
      <video ref={video} class="camera" muted playsInline aria-label={t.camera} />
    </>
  );
};

export const CheckPage = () => {
  const t = useStrings();
  const [qr, setQr] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [result, setResult] = useState<Verification | undefined>();
  const [busy, setBusy] = useState(false);
  const [scanning, setScanning] = useState(false);

  const [ofdError, setOfdError] = useState<string | undefined>();

  const ask = async (body: object, fail: (message: string) => void) => {
    setBusy(true);
    const answer = await send<Verification>('POST', '/verify', body);
    setBusy(false);
    if (answer.ok) return setResult(answer.value);
    fail(answer.problem.details[0]?.message ?? t.loadFailed);
  };

  const verify = async (text: string) => {
    setResult(undefined);
    if (text.trim().length < 10) return setError(t.qrText);
    setError(undefined);
    await ask({ qr: text.trim() }, setError);
  };

  const verifyOfd = async (file: File) => {
    setResult(undefined);
    setError(undefined);
    if (file.size > maxOfdBytes) return setOfdError(t.ofdTooLarge);
    setOfdError(undefined);
    await ask({ ofd: await base64Of(file) }, setOfdError);
  };

  const found = useCallback((text: string) => {
    setScanning(false);
    setQr(text);
    void verify(text);
  }, []);
  const cameraFailed = useCallback(() => {
    setScanning(false);
    setError(t.cameraUnavailable);
  }, [t]);

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
              const text = await readQrFile(file).catch(() => undefined);
              if (!text) return setError(t.noQrFound);
              setQr(text);
              await verify(text);
            }}
          />
        </Field>
        <Field id="ofd-file" label={t.ofdFile} error={ofdError}>
          <input
            type="file"
            accept=".ofd,application/ofd"
            onChange={(e) => {
              const file = (e.currentTarget as HTMLInputElement).files?.[0];
              if (file) void verifyOfd(file);
            }}
          />
        </Field>
      </form>
      {canScan() && (
        <div class="scan">
          <button type="button" aria-pressed={scanning} onClick={() => setScanning(!scanning)}>
            {scanning ? t.stopScan : t.scan}
          </button>
          {scanning && <Scanner onFound={found} onFail={cameraFailed} />}
        </div>
      )}
      <div aria-live="polite">
        {result && (
          <section aria-labelledby="verdict">
            <h2 id="verdict" class={result.valid ? 'verdict ok' : 'verdict bad'}>
              {result.receipt
                ? result.valid
                  ? `✓ ${t.pay.receiptValid}`
                  : `✗ ${t.pay.receiptInvalid}`
                : result.valid
                  ? `✓ ${t.validLicence}`
                  : `✗ ${t.invalidLicence}`}
            </h2>
            <ul class="checks">
              {Object.entries(result.checks).map(([check, ok]) => (
                <li key={check}>
                  {ok ? '✓' : '✗'} {t.checkNames[check] ?? check}：{ok ? t.passed : t.failed}
                  {result.details?.[check] ? (
                    <span class="meta">{result.details[check].message}</span>
                  ) : (
                    result.problems
                      .filter((p) => p.check === check)
                      .map((p) => (
                        <span key={p.reason} class="meta">
                          {p.reason}
                        </span>
                      ))
                  )}
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
                {result.signature?.signedAt && (
                  <>
                    <dt>{t.signedAt}</dt>
                    <dd>{result.signature.signedAt}</dd>
                  </>
                )}
              </dl>
            )}
            {result.receipt && (
              <dl class="facts">
                <dt>{t.pay.receiptNumber}</dt>
                <dd>{result.receipt.number}</dd>
                <dt>{t.pay.code}</dt>
                <dd>{result.receipt.paymentCode}</dd>
                <dt>{t.pay.paid}</dt>
                <dd>
                  ¥{result.receipt.amountYuan}
                  {result.receipt.status && result.receipt.status !== 'valid' ? t.pay.receiptRefunded : ''}
                </dd>
                <dt>{t.issuedBy}</dt>
                <dd lang="zh-CN">{result.receipt.collector?.name}</dd>
                <dt>{t.pay.paidAt}</dt>
                <dd>{result.receipt.paidOn}</dd>
              </dl>
            )}
            {result.files && result.files.length > 0 && (
              <details>
                <summary>{t.ofdChecked(result.files.length)}</summary>
                <ul class="checks">
                  {result.files.map((f) => (
                    <li key={f.path}>
                      {f.ok ? '✓' : '✗'} <code>{f.path}</code>
                    </li>
                  ))}
                </ul>
              </details>
            )}
          </section>
        )}
      </div>
    </>
  );
};
