// The local cloud's demo e-seal system: every department gets a seal for the SM2 KMS key, signed by the demo
// maker and chaining to the demo root; a restart with the same data makes none; a new SM2 key (as after a
// reset) gets new ones; the CA file is kept and refused when damaged.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KMSClient } from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  DepartmentSeal,
  SealCrl,
  SealStore,
  TrustedRoot,
} from '../../../functions/licences/seal-store.ts';
import { loadJurisdiction } from '../../../infra/jurisdictions/index.ts';
import { provisionDemoSeals } from '../../../infra/local/demo-seals.ts';
import { type KmsEndpoint, startKmsEndpoint } from '../../../infra/local/kms.ts';
import { checkSeal } from '../../../shared/licences/ofd-seal.ts';
import { parseSeal } from '../../../shared/licences/ses.ts';
import { parseSm2Certificate, verifyChain } from '../../../shared/licences/sm2-certificates.ts';

const alias = 'alias/tongban-test-seal-sm2';
const jurisdiction = loadJurisdiction('dinghai');
let dir: string;
let endpoint: KmsEndpoint;
let kms: KMSClient;

/** The store's contract in memory: what provisioning reads and writes. */
const memoryStore = () => {
  const seals = new Map<string, DepartmentSeal>();
  const roots = new Map<string, TrustedRoot>();
  const crls = new Map<string, SealCrl>();
  const store: Pick<SealStore, 'current' | 'put' | 'addRoot' | 'roots' | 'putCrl'> = {
    current: async (department) => seals.get(department),
    put: async (seal) => void seals.set(seal.department, seal),
    addRoot: async (root) => {
      const key = Buffer.from(root.certificate).toString('hex');
      if (roots.has(key)) return false;
      roots.set(key, root);
      return true;
    },
    roots: async () => [...roots.values()],
    // A newer CRL of a root replaces the one held; an older one changes nothing.
    putCrl: async (crl) => {
      const held = crls.get(crl.root);
      if (held && held.thisUpdate >= crl.thisUpdate) return false;
      crls.set(crl.root, crl);
      return true;
    },
  };
  return { store: store as SealStore, seals, roots, crls };
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tongban-demo-seals-'));
  endpoint = await startKmsEndpoint({
    dataDir: join(dir, 'kms'),
    aliases: [alias],
    keySpecs: { [alias]: 'SM2' },
  });
  kms = new KMSClient({
    endpoint: endpoint.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'l', secretAccessKey: 'l' },
  });
});
afterAll(async () => {
  await endpoint.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('provisionDemoSeals', () => {
  const memory = memoryStore();
  const run = (now = new Date()) =>
    provisionDemoSeals({ dir: join(dir, 'ca'), jurisdiction, kms, keyId: alias, store: memory.store, now });

  it('gives every department a seal for the KMS key, made by the demo maker under the trusted demo root', async () => {
    const ca = await run();
    expect(memory.seals.size).toBe(jurisdiction.departments.length);
    expect([...memory.roots.values()].map((r) => r.subject)).toEqual([parseSm2Certificate(ca.root).subject]);
    // The demo root's CRL of this start is held, so revocation is checked from the first licence on.
    expect(memory.crls.size).toBe(1);
    const { publicKey } = parseSm2Certificate(ca.root);
    expect(verifyChain(ca.root, { roots: [ca.root], at: new Date() }).ok).toBe(true);
    expect(publicKey).toHaveLength(65);
    const scjgj = memory.seals.get('scjgj')!;
    const seal = parseSeal(scjgj.seal);
    expect(seal).toMatchObject({ type: 1, name: '舟山市定海区市场监督管理局电子证照专用章', version: 4 });
    expect(seal.picture).toMatchObject({ type: 'png', widthMm: 40, heightMm: 40 });
    expect(Buffer.from(seal.picture.data.subarray(1, 4)).toString()).toBe('PNG');
    expect(checkSeal(seal, new Date(), scjgj.certificate, { roots: [ca.root] })).toMatchObject({ ok: true });
    const certificate = parseSm2Certificate(scjgj.certificate);
    expect(certificate.subject).toBe('CN=舟山市定海区市场监督管理局, OU=scjgj, O=定海区, C=CN');
  });

  it('makes none on a restart with the same data, and new ones for a new SM2 key', async () => {
    const before = memory.seals.get('scjgj');
    const ca = await run();
    expect(memory.seals.get('scjgj')).toBe(before);
    endpoint.rotate(alias);
    const again = await run();
    expect(again.root).toEqual(ca.root);
    expect(memory.seals.get('scjgj')).not.toBe(before);
    expect(memory.roots.size).toBe(1);
  });

  it('makes a CA and seals valid then when the clock is moved years back (and keeps the old root trusted)', async () => {
    const earlier = new Date(Date.now() - 3 * 365 * 24 * 3600 * 1000);
    const ca = await run(earlier);
    expect(parseSm2Certificate(ca.root).notBefore <= earlier).toBe(true);
    const scjgj = memory.seals.get('scjgj')!;
    expect(checkSeal(parseSeal(scjgj.seal), earlier, scjgj.certificate, { roots: [ca.root] })).toMatchObject({
      ok: true,
    });
    expect(memory.roots.size).toBe(2);
  });

  it('refuses a damaged CA file, naming it', async () => {
    writeFileSync(join(dir, 'ca', 'demo-ca.json'), '{"rootKey":"00"}');
    await expect(run()).rejects.toThrow(/demo-ca.json is not a demo CA file/);
    writeFileSync(join(dir, 'ca', 'demo-ca.json'), '{"rootKey":');
    await expect(run()).rejects.toThrow(/demo-ca.json is not a demo CA file/);
  });
});
