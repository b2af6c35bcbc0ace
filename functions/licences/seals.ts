// The departments' 电子印章: the certificate request for the platform's SM2 key that a department takes to the
// province's CA, importing the seal the province's unified e-seal system issued to it with the certificate
// of that key (checked before anything is stored), the roots the jurisdiction trusts, and sealing an issued
// licence's OFD with the issuing department's seal.

import type { Clock } from '../../shared/clock.ts';
import { conflict, type DomainError, notFound, validationFailed } from '../../shared/errors.ts';
import type { Principal } from '../../shared/identity.ts';
import type { Jurisdiction } from '../../shared/jurisdiction.ts';
import {
  checkSeal,
  type OfdTrust,
  type Sm2Signer,
  type StampPosition,
  signOfd,
} from '../../shared/licences/ofd-seal.ts';
import { parseSeal } from '../../shared/licences/ses.ts';
import {
  parseSm2Certificate,
  pem,
  sm2CertificationRequest,
  verifyChain,
} from '../../shared/licences/sm2-certificates.ts';
import { checkRevocation, crlSignedBy, type ParsedCrl, parseSm2Crl } from '../../shared/licences/sm2-crl.ts';
import { type DepartmentSealSummary, type SealStore, sealCrlRecord } from './seal-store.ts';

export interface SealDeps {
  store: SealStore;
  /** The SM2 key the departments' certificates certify (KMS). */
  signer: Sm2Signer;
  clock: Clock;
  jurisdiction: Pick<Jurisdiction, 'departments' | 'name'>;
}

export interface SealImport {
  department: string;
  /** SESeal v4, DER. */
  seal: Uint8Array;
  /** The signer's X.509 certificate (SM2), DER. */
  certificate: Uint8Array;
}

const refuse = (path: string, message: string): DomainError =>
  validationFailed([{ path, message }], `The seal was refused: ${message}`);

export const createSeals = (deps: SealDeps) => {
  const trust = async (): Promise<OfdTrust> => {
    const [roots, crls] = await Promise.all([deps.store.roots(), deps.store.crls()]);
    return { roots: roots.map((root) => root.certificate), crls: crls.map((c) => c.crl) };
  };

  const departmentOf = (code: string) => {
    const department = deps.jurisdiction.departments.find((d) => d.code === code);
    if (!department) throw refuse('department', `${code} is not a department of this jurisdiction`);
    return department;
  };

  /**
   * A PKCS #10 request (PEM) for the platform's SM2 key in the department's name, signed by KMS: the
   * province's CA issues the signer's certificate from it, which is then imported with the seal.
   */
  const certificateRequest = async (code: string) => {
    const department = departmentOf(code);
    const subject = {
      commonName: department.name,
      organizationalUnit: department.code,
      organization: deps.jurisdiction.name.zh,
      country: 'CN',
    };
    const csr = await sm2CertificationRequest(subject, await deps.signer.publicKey(), deps.signer.sign);
    return {
      department: department.code,
      subject: `CN=${subject.commonName}, OU=${subject.organizationalUnit}, O=${subject.organization}, C=CN`,
      csr: pem('CERTIFICATE REQUEST', csr),
    };
  };

  /** Checks a seal and certificate for a department; stores them only when every check passes. */
  const importSeal = async (input: SealImport, by: Principal): Promise<DepartmentSealSummary> => {
    const department = departmentOf(input.department);
    const now = new Date(deps.clock.now());
    let seal: ReturnType<typeof parseSeal>;
    try {
      seal = parseSeal(input.seal);
    } catch (error) {
      throw refuse('seal', (error as Error).message);
    }
    let certificate: ReturnType<typeof parseSm2Certificate>;
    try {
      certificate = parseSm2Certificate(input.certificate);
    } catch (error) {
      throw refuse('certificate', (error as Error).message);
    }
    if (seal.validFrom >= seal.validUntil) throw refuse('seal', 'its validity ends before it starts');
    if (seal.validUntil <= now) throw refuse('seal', `it expired on ${seal.validUntil.toISOString()}`);
    if (certificate.notAfter <= now)
      throw refuse('certificate', `it expired on ${certificate.notAfter.toISOString()}`);
    if (certificate.notBefore > now)
      throw refuse('certificate', `it is valid only from ${certificate.notBefore.toISOString()}`);
    if (certificate.isCa) throw refuse('certificate', 'it is a CA certificate, not a signer’s');
    const usage = certificate.keyUsage;
    if (usage && !usage.includes('digitalSignature') && !usage.includes('nonRepudiation'))
      throw refuse('certificate', `its key usage (${usage.join(', ')}) does not allow signing`);
    const roots = await trust();
    if (roots.roots.length === 0)
      throw refuse('certificate', 'the jurisdiction trusts no root CA yet: add the province’s root first');
    const chain = verifyChain(input.certificate, { ...roots, at: now });
    if (!chain.ok) throw refuse('certificate', chain.reason ?? 'it does not chain to a trusted root');
    const revocation = checkRevocation(chain.certificates ?? [], roots.crls ?? [], now);
    if (!revocation.ok) throw refuse('certificate', revocation.message);
    // Maker's signature, maker trusted, the seal valid now and listing this certificate.
    const sealCheck = checkSeal(seal, seal.validFrom > now ? seal.validFrom : now, input.certificate, roots);
    if (!sealCheck.ok) throw refuse('seal', sealCheck.message);
    const key = await deps.signer.publicKey();
    if (!Buffer.from(key).equals(Buffer.from(certificate.publicKey)))
      throw refuse('certificate', 'it does not certify the platform’s SM2 signing key (KMS)');
    const stored = {
      department: department.code,
      seal: input.seal,
      certificate: input.certificate,
      esId: seal.esId,
      name: seal.name,
      validFrom: seal.validFrom.toISOString(),
      validUntil: seal.validUntil.toISOString(),
      importedAt: now.toISOString(),
      importedBy: { sub: by.sub, name: by.name },
    };
    await deps.store.put(stored);
    const { seal: _seal, certificate: _certificate, ...summary } = stored;
    return summary;
  };

  /** Adds a root CA (DER, SM2, self-signed, a CA) the jurisdiction trusts for seals and signers. */
  const addRoot = async (der: Uint8Array) => {
    let root: ReturnType<typeof parseSm2Certificate>;
    try {
      root = parseSm2Certificate(der);
    } catch (error) {
      throw refuse('certificate', (error as Error).message);
    }
    const check = verifyChain(der, { roots: [der], at: new Date(deps.clock.now()) });
    if (!check.ok) throw refuse('certificate', check.reason ?? 'it is not a valid root');
    if (!root.isCa || root.subject !== root.issuer)
      throw refuse('certificate', 'it is not a self-signed CA certificate');
    const added = await deps.store.addRoot({
      certificate: der,
      subject: root.subject,
      notAfter: root.notAfter.toISOString(),
      addedAt: new Date(deps.clock.now()).toISOString(),
    });
    return { subject: root.subject, notAfter: root.notAfter.toISOString(), added };
  };

  /**
   * Takes a trusted root's CRL (DER): signed by that root, newer than the one held, it replaces it — this is
   * how a CRL is first imported and then refreshed from the CA's distribution point. An older or equal one
   * changes nothing (`taken: false`).
   */
  const importCrl = async (der: Uint8Array) => {
    let crl: ParsedCrl;
    try {
      crl = parseSm2Crl(der);
    } catch (error) {
      throw validationFailed([{ path: 'crl', message: (error as Error).message }], 'The CRL was refused');
    }
    const refuseCrl = (message: string) =>
      validationFailed([{ path: 'crl', message }], `The CRL was refused: ${message}`);
    const roots = await deps.store.roots();
    const root = roots.find((r) => {
      const certificate = parseSm2Certificate(r.certificate);
      return certificate.subject === crl.issuer && crlSignedBy(crl, certificate.publicKey);
    });
    if (!root)
      throw refuseCrl(
        roots.some((r) => r.subject === crl.issuer)
          ? `it is not signed by the trusted root ${crl.issuer}`
          : `its issuer ${crl.issuer} is not a root the jurisdiction trusts`,
      );
    const now = new Date(deps.clock.now());
    if (crl.thisUpdate > now) throw refuseCrl(`it is dated ${crl.thisUpdate.toISOString()}, in the future`);
    const record = sealCrlRecord(root.certificate, der, crl, now);
    const taken = await deps.store.putCrl(record);
    const { crl: _crl, ...summary } = record;
    return { ...summary, taken };
  };

  /**
   * Seals an unsigned OFD with the issuing department's seal, signed by KMS. Fails (nothing is issued then)
   * when the department has no seal or its seal or certificate is not valid at `time`, or the certificate
   * has been revoked.
   */
  const sealOfd = async (
    ofd: Uint8Array,
    input: { department: string; stamp: StampPosition; time: Date },
  ): Promise<Uint8Array> => {
    const seal = await deps.store.current(input.department);
    if (!seal) throw notFound(`No seal has been imported for department ${input.department}`);
    const held = await trust();
    const chain = verifyChain(seal.certificate, { ...held, at: input.time });
    const revocation = checkRevocation(chain.certificates ?? [], held.crls ?? [], input.time);
    if (!revocation.ok)
      throw conflict(
        `The seal certificate of department ${input.department} is revoked: import a new one (${revocation.message})`,
      );
    return signOfd(ofd, {
      stamp: input.stamp,
      seal: seal.seal,
      certificate: seal.certificate,
      signer: deps.signer,
      time: input.time,
    });
  };

  return {
    certificateRequest,
    importSeal,
    addRoot,
    importCrl,
    sealOfd,
    trust,
    list: deps.store.list,
    roots: deps.store.roots,
    crls: async () => (await deps.store.crls()).map(({ crl: _crl, ...summary }) => summary),
  };
};

export type Seals = ReturnType<typeof createSeals>;
