// 核验 OFD 电子证照: verifying a licence file as another office receives it. The electronic seal's checks
// (every file's SM3 check value, the SM2 signature, the seal's validity at signing time, the signer's
// certificate chain to the jurisdiction's trusted roots) come from the seal port, each reported on its
// own; this adds what only the platform knows — whether the licence the file names was issued here and what
// the status lists say of it now (revoked, suspended), and its validity dates.

import type { Clock } from '../../shared/clock.ts';
import { toLocalDate } from '../../shared/dates.ts';
import type { Jurisdiction } from '../../shared/jurisdiction.ts';
import { maskIdNumber } from '../../shared/licences/credential.ts';
import { parseLicenceId } from '../../shared/licences/identifier.ts';
import { licenceStatusNames } from '../../shared/licences/licence.ts';
import { readOfdCustomData } from '../../shared/licences/ofd.ts';
import { type StatusPurpose, statusBit, statusPosition } from '../../shared/licences/status-list.ts';
import type { LicenceStore } from './store.ts';

export interface OfdCheckResult {
  ok: boolean;
  message: string;
}

/** What the seal reports of one OFD package (the shape of the electronic seal's verifyOfd). */
export interface OfdSealReport {
  ok: boolean;
  package: OfdCheckResult;
  signatures: ReadonlyArray<{
    signedAt?: string;
    seal?: { esId: string; name: string; validFrom: string; validUntil: string };
    signer?: { subject: string; issuer: string; serialNumber: string };
    files: ReadonlyArray<{ path: string; ok: boolean }>;
    checks: {
      digests: OfdCheckResult;
      signature: OfdCheckResult;
      seal: OfdCheckResult;
      chain: OfdCheckResult;
      revocation: OfdCheckResult;
    };
  }>;
}

export interface OfdVerificationDeps {
  /** The seal's checks of every signature, against the jurisdiction's trusted roots. */
  checkSeal: (ofd: Uint8Array) => Promise<OfdSealReport>;
  store: Pick<LicenceStore, 'get' | 'statusList'>;
  clock: Clock;
  jurisdiction: Jurisdiction;
}

export const OFD_CHECKS = [
  'package',
  'digests',
  'signature',
  'seal',
  'chain',
  'revocation',
  'status',
  'expiry',
] as const;
export type OfdCheckName = (typeof OFD_CHECKS)[number];

/**
 * Licences issued before the metadata took the names national systems use carry the shorter ones (发证机构,
 * 有效期起始日期 …); both are read, the current name first.
 */
const earlierNames: Readonly<Record<string, string>> = {
  证照颁发机构: '发证机构',
  证照颁发机构代码: '发证机构代码',
  证照颁发日期: '发证日期',
  证照有效期起始日期: '有效期起始日期',
  证照有效期截止日期: '有效期截止日期',
};
const metadata = (data: Record<string, string>, name: string): string | undefined =>
  data[name] ?? (earlierNames[name] ? data[earlierNames[name]] : undefined);

export const pass = (message: string): OfdCheckResult => ({ ok: true, message });
export const fail = (message: string): OfdCheckResult => ({ ok: false, message });

/**
 * The electronic seal's checks of a file, each on its own (package, digests, signature, seal, chain), the
 * files it covers and who signed when. Every signature must hold; the first one's messages are shown (a
 * licence or a receipt carries one seal).
 */
export const sealDetails = (report: OfdSealReport) => {
  const none = fail(
    report.package.ok ? 'The file carries no electronic seal' : 'Not checked: not an OFD package',
  );
  const sealChecks = report.signatures.length > 0 ? report.signatures : undefined;
  const worst = (name: keyof OfdSealReport['signatures'][number]['checks']) =>
    sealChecks?.map((s) => s.checks[name]).find((c) => !c.ok) ?? sealChecks?.[0]?.checks[name] ?? none;
  const signature = report.signatures[0];
  return {
    details: {
      package: report.package,
      digests: worst('digests'),
      signature: worst('signature'),
      seal: worst('seal'),
      chain: worst('chain'),
      revocation: worst('revocation'),
    },
    files: sealChecks?.flatMap((s) => s.files) ?? [],
    signature: signature
      ? {
          ...(signature.signedAt ? { signedAt: signature.signedAt } : {}),
          ...(signature.seal ? { seal: signature.seal } : {}),
          ...(signature.signer ? { signer: signature.signer } : {}),
        }
      : undefined,
  };
};

export const createOfdVerification = (deps: OfdVerificationDeps) => {
  const issuers = new Set(deps.jurisdiction.departments.map((d) => d.creditCode));

  /** The status lists' word on the licence: revoked and suspended show there the moment they are set. */
  const statusCheck = async (id: string | undefined, signedAt?: string): Promise<OfdCheckResult> => {
    if (!id) return fail('The file names no licence (no 证照标识 in its custom data)');
    if (!parseLicenceId(id)) return fail(`The file's 证照标识 is not a valid identifier: ${id}`);
    const stored = await deps.store.get(id);
    if (!stored) {
      const issuer = parseLicenceId(id)!.issuerCreditCode;
      return fail(
        issuers.has(issuer)
          ? `No licence ${id} was issued here`
          : `Licence ${id} was issued by ${issuer}, not by a department of ${deps.jurisdiction.name.zh}: ask its issuer`,
      );
    }
    // The seal's signing time is the platform's own statement: it must fall on the issue date recorded here.
    const signedOn = signedAt ? toLocalDate(new Date(signedAt), deps.jurisdiction.timezone) : undefined;
    if (signedOn && signedOn !== stored.record.issueDate)
      return fail(
        `Sealed on ${signedOn}, but licence ${id} was issued on ${stored.record.issueDate}: the file was not sealed at its issuance`,
      );
    const { list, index } = statusPosition(stored.record.statusListIndex);
    const on = async (purpose: StatusPurpose) =>
      statusBit((await deps.store.statusList(purpose, list)).bits, index);
    const [revoked, suspended] = await Promise.all([on('revocation'), on('suspension')]);
    const status = stored.record.status;
    if (revoked) return fail(`Revoked in the status list (${licenceStatusNames[status]}, ${status})`);
    if (suspended) return fail(`Suspended in the status list (${licenceStatusNames.suspended})`);
    return pass('Valid: neither revoked nor suspended in the status lists');
  };

  const expiryCheck = (data: Record<string, string> | undefined): OfdCheckResult => {
    const today = toLocalDate(deps.clock.now(), deps.jurisdiction.timezone);
    const from = data && metadata(data, '证照有效期起始日期');
    const until = data && metadata(data, '证照有效期截止日期');
    if (!from || !until) return fail('The file states no validity dates');
    if (from > today) return fail(`Not valid before ${from}`);
    if (until !== '长期' && until < today) return fail(`Expired on ${until}`);
    return pass(until === '长期' ? `Valid from ${from}, long-term (长期)` : `Valid from ${from} to ${until}`);
  };

  /** Every check of the file, each on its own; `valid` only when all pass. */
  const verifyOfd = async (ofd: Uint8Array) => {
    const report = await deps.checkSeal(ofd);
    const data = report.package.ok ? readOfdCustomData(ofd) : undefined;
    const sealed = sealDetails(report);
    const id = data?.证照标识;
    const details: Record<OfdCheckName, OfdCheckResult> = {
      ...sealed.details,
      status: report.package.ok
        ? await statusCheck(id, sealed.signature?.signedAt)
        : fail('Not checked: not an OFD package'),
      expiry: report.package.ok ? expiryCheck(data) : fail('Not checked: not an OFD package'),
    };
    const checks = Object.fromEntries(OFD_CHECKS.map((c) => [c, details[c].ok])) as Record<
      OfdCheckName,
      boolean
    >;
    const valid = OFD_CHECKS.every((c) => checks[c]);
    return {
      valid,
      checks,
      details,
      problems: OFD_CHECKS.filter((c) => !checks[c]).map((c) => ({ check: c, reason: details[c].message })),
      files: sealed.files,
      ...(sealed.signature ? { signature: sealed.signature } : {}),
      ...(data && id
        ? {
            licence: {
              id,
              name: data.证照名称 ?? null,
              typeCode: data.证照类型代码 ?? null,
              holder: { name: data.持证主体 ?? null, idNumber: maskIdNumber(data.持证主体代码 ?? '') },
              issuer: {
                name: metadata(data, '证照颁发机构') ?? null,
                creditCode: metadata(data, '证照颁发机构代码') ?? null,
              },
              issueDate: metadata(data, '证照颁发日期') ?? null,
              validFrom: metadata(data, '证照有效期起始日期') ?? null,
              validUntil: metadata(data, '证照有效期截止日期') ?? null,
            },
          }
        : {}),
    };
  };

  return { verifyOfd };
};
