// 证照夹: the signed-in holder's e-licences with their status and validity, each with its OFD licence file
// and its PDF (short-lived links), its QR code to show at a window, and the record of every office that read it.
import { useApi } from '../api.ts';
import { useStrings } from '../i18n.ts';
import { Status } from '../layout.tsx';
import { QrCode } from './qr-code.tsx';
import { SignedInOnly } from './signed-in-only.tsx';

interface LicenceSummary {
  id: string;
  name: string;
  status: string;
  issueDate: string;
  validUntil?: string;
  issuer: { name: string };
}

interface LicenceDetail {
  qr: string;
  pdf: { url: string };
  /** The sealed OFD; null for licences issued before the OFD form. */
  ofd: { url: string } | null;
}

interface AccessLog {
  entries: Array<{ at: string; by: { name: string; department?: string }; caseNumber: string }>;
}

const Licence = ({ licence }: { licence: LicenceSummary }) => {
  const t = useStrings();
  const detail = useApi<LicenceDetail>(`/licences/${encodeURIComponent(licence.id)}`);
  const log = useApi<AccessLog>(`/licences/${encodeURIComponent(licence.id)}/access-log`);
  return (
    <li>
      <h2 lang="zh-CN">{licence.name}</h2>
      <dl class="facts">
        <dt>{t.licenceState}</dt>
        <dd>{t.licenceStatus[licence.status] ?? licence.status}</dd>
        <dt>{t.issuedBy}</dt>
        <dd lang="zh-CN">{licence.issuer.name}</dd>
        <dt>{t.validUntil}</dt>
        <dd>{licence.validUntil ?? t.longTerm}</dd>
      </dl>
      <p class="meta">{licence.id}</p>
      {detail.state === 'ready' ? (
        <>
          <ul class="downloads">
            {detail.value.ofd && (
              <li>
                <a href={detail.value.ofd.url}>{t.downloadOfd(licence.name)}</a>
              </li>
            )}
            <li>
              <a href={detail.value.pdf.url}>{t.downloadPdf(licence.name)}</a>
            </li>
          </ul>
          <details class="qr-box">
            <summary>{t.showQr}</summary>
            <QrCode text={detail.value.qr} label={t.licenceQr(licence.name)} />
          </details>
        </>
      ) : (
        <Status of={detail} />
      )}
      <h3>{t.accessLog}</h3>
      {log.state !== 'ready' ? (
        <Status of={log} />
      ) : log.value.entries.length === 0 ? (
        <p>{t.noAccess}</p>
      ) : (
        <ul>
          {log.value.entries.map((e) => (
            <li key={`${e.at}${e.caseNumber}`}>
              {e.at.slice(0, 10)}{' '}
              <span lang="zh-CN">{t.readBy(e.by.name, e.by.department ?? '', e.caseNumber)}</span>
            </li>
          ))}
        </ul>
      )}
    </li>
  );
};

const Licences = () => {
  const t = useStrings();
  const wallet = useApi<{ licences: LicenceSummary[] }>('/licences?limit=50');
  if (wallet.state !== 'ready') return <Status of={wallet} />;
  if (wallet.value.licences.length === 0) return <p>{t.noLicences}</p>;
  return (
    <ul class="cards">
      {wallet.value.licences.map((licence) => (
        <Licence key={licence.id} licence={licence} />
      ))}
    </ul>
  );
};

export const WalletPage = () => {
  const t = useStrings();
  return (
    <SignedInOnly title={t.wallet} returnTo="/wallet">
      <Licences />
    </SignedInOnly>
  );
};
