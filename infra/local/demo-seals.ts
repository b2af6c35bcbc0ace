// The local cloud's demo e-seal system, standing in for the province's: a demo root CA (SM2, self-signed)
// that certifies a seal maker and, per issuing department, the signer certificate of the platform's SM2 KMS
// key; and, per department, a v4 SESeal made by the demo maker, with its round red picture. The root is
// trusted by the jurisdiction (as an administrator would add the province's) and published by the gateway at
// `demoCaPaths` with its CRL (issued at every start from `revoked.json`, and held by the jurisdiction as an
// imported one would be), so an OFD licence sealed locally can be checked end to end with nothing but openssl.
//
// The CA's keys are kept with the local data (like the KMS keys), so seals and licences stay valid across
// restarts. None of this has legal force: these are development keys and must never seal anything real.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KMSClient } from '@aws-sdk/client-kms';
import * as z from 'zod';
import { type SealStore, sealCrlRecord } from '../../functions/licences/seal-store.ts';
import { createKmsSm2Signer } from '../../functions/licences/sm2-signer.ts';
import type { Jurisdiction } from '../../shared/jurisdiction.ts';
import { makeSeal, parseSeal } from '../../shared/licences/ses.ts';
import { sm2KeyPair, sm2PublicKeyOf, sm2Sign } from '../../shared/licences/sm2.ts';
import {
  issueSm2Certificate,
  parseSm2Certificate,
  pem,
  verifyChain,
} from '../../shared/licences/sm2-certificates.ts';
import { checkRevocation, issueSm2Crl, parseSm2Crl } from '../../shared/licences/sm2-crl.ts';
import { sealPicture } from './seal-picture.ts';

/** Where the gateway publishes the demo root (PEM and DER) and its current CRL (DER). */
export const demoCaPaths = {
  pem: '/.well-known/tongban/demo-seal-ca.pem',
  der: '/.well-known/tongban/demo-seal-ca.cer',
  crl: '/.well-known/tongban/demo-seal-ca.crl',
} as const;

/**
 * The certificates the demo CA has revoked, kept beside its keys as `revoked.json` (absent: none), e.g.
 * `[{"serialNumber": "0a1b…", "revokedAt": "2026-12-01T00:00:00Z", "reason": "keyCompromise"}]`; the CRL
 * is issued from it at every start.
 */
const revokedFileSchema = z.array(
  z.object({
    serialNumber: z.string().regex(/^[0-9a-f]{1,40}$/),
    revokedAt: z.iso.datetime({ offset: true }),
    reason: z
      .enum([
        'unspecified',
        'keyCompromise',
        'cACompromise',
        'affiliationChanged',
        'superseded',
        'cessationOfOperation',
      ])
      .optional(),
  }),
);
const crlValidity = 7 * 24 * 3600 * 1000;

/**
 * Issues the demo CA's CRL as of `now` (valid a week) from `revoked.json`, numbered one past the last
 * (`crl-number`), so each start publishes a newer list.
 */
export const issueDemoCrl = (dir: string, ca: DemoCa, now: Date): Uint8Array => {
  const revokedFile = join(dir, 'revoked.json');
  const numberFile = join(dir, 'crl-number');
  let revoked: z.infer<typeof revokedFileSchema> = [];
  if (existsSync(revokedFile)) {
    const parsed = revokedFileSchema.safeParse(JSON.parse(readFileSync(revokedFile, 'utf8')));
    if (!parsed.success) throw new Error(`Demo CA: ${revokedFile} is not a list of revoked certificates`);
    revoked = parsed.data;
  }
  const crlNumber = (existsSync(numberFile) ? Number(readFileSync(numberFile, 'utf8')) || 0 : 0) + 1;
  writeFileSync(numberFile, String(crlNumber));
  return issueSm2Crl(
    {
      thisUpdate: now,
      nextUpdate: new Date(now.getTime() + crlValidity),
      crlNumber,
      revoked: revoked.map((r) => ({ ...r, revokedAt: new Date(r.revokedAt) })),
    },
    { privateKey: ca.rootKey, issuer: ca.root },
  );
};

const caFileSchema = z.object({
  rootKey: z.string().regex(/^[0-9a-f]{64}$/),
  root: z.base64(),
  makerKey: z.string().regex(/^[0-9a-f]{64}$/),
  maker: z.base64(),
});

const day = 24 * 3600 * 1000;
const year = 365 * day;
/**
 * Demo certificates and seals start a year back and last long (root 30 years, maker 20, signers and seals
 * 10), so that `/dev/clock` may move well into the past or the future and licences still seal.
 */
const startOf = (now: Date) => new Date(now.getTime() - year);
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const unhex = (text: string) => new Uint8Array(Buffer.from(text, 'hex'));
const serial = () => new Uint8Array(randomBytes(16));

export interface DemoCa {
  root: Uint8Array;
  /** The CRL issued at this start (provisionDemoSeals), DER. */
  crl?: Uint8Array;
  rootPem: string;
  makerKey: Uint8Array;
  maker: Uint8Array;
  rootKey: Uint8Array;
}

/** The demo CA kept in `dir`, made on first use (and again once `now` is outside its root's validity). */
export const loadDemoCa = (dir: string, jurisdiction: Pick<Jurisdiction, 'name'>, now: Date): DemoCa => {
  const file = join(dir, 'demo-ca.json');
  const existing = existsSync(file) ? readDemoCa(file) : undefined;
  if (existing) {
    const { notBefore, notAfter } = parseSm2Certificate(existing.root);
    if (notBefore <= now && now.getTime() + year < notAfter.getTime()) return existing;
  }
  mkdirSync(dir, { recursive: true });
  const root = sm2KeyPair();
  const maker = sm2KeyPair();
  const notBefore = startOf(now);
  const rootCertificate = issueSm2Certificate(
    {
      subject: {
        commonName: 'tongban 演示电子印章根CA (development only)',
        organization: jurisdiction.name.zh,
        country: 'CN',
      },
      publicKey: root.publicKey,
      serialNumber: serial(),
      notBefore,
      notAfter: new Date(notBefore.getTime() + 30 * year),
      ca: true,
    },
    { privateKey: root.privateKey },
  );
  const makerCertificate = issueSm2Certificate(
    {
      subject: {
        commonName: '演示电子印章制作系统 (development only)',
        organization: jurisdiction.name.zh,
        country: 'CN',
      },
      publicKey: maker.publicKey,
      serialNumber: serial(),
      notBefore,
      notAfter: new Date(notBefore.getTime() + 20 * year),
      ca: false,
    },
    { privateKey: root.privateKey, issuer: rootCertificate },
  );
  const record = {
    rootKey: hex(root.privateKey),
    root: Buffer.from(rootCertificate).toString('base64'),
    makerKey: hex(maker.privateKey),
    maker: Buffer.from(makerCertificate).toString('base64'),
  };
  writeFileSync(`${file}.tmp`, JSON.stringify(record, null, 2), { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
  return readDemoCa(file);
};

const readDemoCa = (file: string): DemoCa => {
  let content: unknown;
  try {
    content = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    content = undefined;
  }
  const parsed = caFileSchema.safeParse(content);
  if (!parsed.success) throw new Error(`Demo CA: ${file} is not a demo CA file; delete it to make a new one`);
  const root = new Uint8Array(Buffer.from(parsed.data.root, 'base64'));
  return {
    root,
    rootPem: pem('CERTIFICATE', root),
    rootKey: unhex(parsed.data.rootKey),
    makerKey: unhex(parsed.data.makerKey),
    maker: new Uint8Array(Buffer.from(parsed.data.maker, 'base64')),
  };
};

/** A signer certificate for `department` over `publicKey`, and a v4 seal listing it, both from the demo CA. */
export const makeDemoSeal = (
  ca: DemoCa,
  department: { code: string; name: string },
  jurisdiction: Pick<Jurisdiction, 'name' | 'divisionCode'>,
  publicKey: Uint8Array,
  now: Date,
  index = 0,
) => {
  const notBefore = startOf(now);
  const notAfter = new Date(notBefore.getTime() + 10 * year);
  const certificate = issueSm2Certificate(
    {
      subject: {
        commonName: department.name,
        organizationalUnit: department.code,
        organization: jurisdiction.name.zh,
        country: 'CN',
      },
      publicKey,
      serialNumber: serial(),
      notBefore,
      notAfter,
      ca: false,
    },
    { privateKey: ca.rootKey, issuer: ca.root },
  );
  const seal = makeSeal(
    {
      // 电子印章编码: the division code, then a serial within it (development seals only).
      esId: `${jurisdiction.divisionCode}9${String(index + 1).padStart(7, '0')}`,
      vendorId: 'tongban-demo',
      type: 1,
      name: `${department.name}电子证照专用章`,
      signerCertificates: [certificate],
      createdAt: notBefore,
      validFrom: notBefore,
      validUntil: notAfter,
      picture: { type: 'png', data: sealPicture(department.name), widthMm: 40, heightMm: 40 },
    },
    { certificate: ca.maker, sign: (message) => sm2Sign(ca.makerKey, message) },
  );
  return { seal, certificate };
};

/**
 * Gives every department of the jurisdiction a demo seal for the SM2 KMS key, unless it has a seal for that
 * key valid a month from now already (seals survive restarts; a reset KMS key or a lapsing seal gets new
 * ones), and trusts the demo root. Returns the demo CA.
 */
export const provisionDemoSeals = async (options: {
  dir: string;
  jurisdiction: Jurisdiction;
  kms: KMSClient;
  keyId: string;
  store: SealStore;
  now: Date;
  log?: (line: string) => void;
}): Promise<DemoCa> => {
  const { jurisdiction, now } = options;
  const ca = loadDemoCa(options.dir, jurisdiction, now);
  const rootInfo = parseSm2Certificate(ca.root);
  if (!Buffer.from(sm2PublicKeyOf(ca.rootKey)).equals(Buffer.from(rootInfo.publicKey)))
    throw new Error('Demo CA: the root key does not match the root certificate');
  await options.store.addRoot({
    certificate: ca.root,
    subject: rootInfo.subject,
    notAfter: rootInfo.notAfter.toISOString(),
    addedAt: now.toISOString(),
  });
  // The CRL of this start, held by the jurisdiction as an administrator would import it.
  const crl = issueDemoCrl(options.dir, ca, now);
  await options.store.putCrl(sealCrlRecord(ca.root, crl, parseSm2Crl(crl), now));
  const publicKey = await createKmsSm2Signer(options.kms, options.keyId).publicKey();
  const soon = new Date(now.getTime() + 30 * day);
  const made = await Promise.all(
    jurisdiction.departments.map(async (department, index) => {
      const current = await options.store.current(department.code);
      if (current) {
        const certificate = parseSm2Certificate(current.certificate);
        const seal = parseSeal(current.seal);
        const sameKey = Buffer.from(certificate.publicKey).equals(Buffer.from(publicKey));
        // Kept only while it is this key's, under this CA, not revoked, and valid from now to a month ahead.
        const chain = verifyChain(certificate.der, { roots: [ca.root], at: now });
        const underCa = sameKey && chain.ok && checkRevocation(chain.certificates ?? [], [crl], now).ok;
        if (underCa && seal.validFrom <= now && seal.validUntil > soon && certificate.notAfter > soon)
          return false;
      }
      const { seal, certificate } = makeDemoSeal(ca, department, jurisdiction, publicKey, now, index);
      const parsed = parseSeal(seal);
      await options.store.put({
        department: department.code,
        seal,
        certificate,
        esId: parsed.esId,
        name: parsed.name,
        validFrom: parsed.validFrom.toISOString(),
        validUntil: parsed.validUntil.toISOString(),
        importedAt: now.toISOString(),
        importedBy: { sub: 'local-cloud', name: '演示电子印章系统' },
      });
      return true;
    }),
  ).then((results) => results.filter(Boolean).length);
  if (made > 0) options.log?.(`demo seals: made ${made} for the SM2 key ${options.keyId}`);
  return { ...ca, crl };
};
