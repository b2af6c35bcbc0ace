// The seal's KMS adapter against the local KMS endpoint: tokens it makes verify with jose against the key it
// publishes; the public key is cached and re-read after refreshMs; a rotated seal is picked up at the next
// refresh or, sooner, by the first signature the new key makes.

import type { JsonWebKey } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KMSClient, NotFoundException } from '@aws-sdk/client-kms';
import * as jose from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createKmsSigner, signJws } from '../../../functions/licences/signer.ts';
import { type KmsEndpoint, startKmsEndpoint } from '../../../infra/local/kms.ts';
import { parseCompactJws, verifyEs256 } from '../../../shared/licences/jws.ts';

const seal = 'alias/tongban-test-seal';
const refreshMs = 60_000;
const licence = { no: 'ZS-2026-000123', holder: '舟山市定海区某某有限公司', type: '营业执照' };

let dir: string;
let endpoint: KmsEndpoint;
let kms: KMSClient;
/** Operation names the client sent, in order. */
const calls: string[] = [];
let clock = 0;
const now = () => clock;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tongban-signer-'));
  endpoint = await startKmsEndpoint({ dataDir: dir, aliases: [seal] });
  kms = new KMSClient({
    endpoint: endpoint.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  kms.middlewareStack.add(
    (next, context) => (args) => {
      calls.push(String(context.commandName).replace(/Command$/, ''));
      return next(args);
    },
    { step: 'initialize' },
  );
});
afterAll(async () => {
  await endpoint?.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  calls.length = 0;
  clock = 1_000_000;
});

const verifyWithJose = async (jws: string, jwk: JsonWebKey) =>
  jose.compactVerify(jws, await jose.importJWK(jwk as jose.JWK, 'ES256'));

describe('createKmsSigner', () => {
  it('makes JWS that jose verifies against current().jwk, with the key’s thumbprint as kid', async () => {
    const signer = createKmsSigner(kms, seal, { refreshMs, now });
    const { jws, kid } = await signJws(signer, licence, { typ: 'vc+jwt' });
    const key = await signer.current();
    expect(kid).toBe(key.kid);
    expect(key.kid).toBe(await jose.calculateJwkThumbprint(key.jwk as jose.JWK, 'sha256'));
    expect(key.jwk).toEqual({
      kty: 'EC',
      crv: 'P-256',
      x: expect.any(String),
      y: expect.any(String),
      kid: key.kid,
      alg: 'ES256',
      use: 'sig',
    });
    const { payload, protectedHeader } = await verifyWithJose(jws, key.jwk);
    expect(JSON.parse(new TextDecoder().decode(payload))).toEqual(licence);
    expect(protectedHeader).toEqual({ alg: 'ES256', kid: key.kid, typ: 'vc+jwt' });
    const parsed = parseCompactJws(jws)!;
    expect(verifyEs256(key.jwk, parsed.signingInput, parsed.signature)).toBe(true);
  });

  it('signs inputs longer than KMS’s 4096-byte RAW limit as a digest, with the same result', async () => {
    const signer = createKmsSigner(kms, seal, { refreshMs, now });
    const large = { ...licence, fields: 'x'.repeat(6000) };
    const { jws } = await signJws(signer, large);
    expect(jws.length).toBeGreaterThan(8000);
    const { payload } = await verifyWithJose(jws, (await signer.current()).jwk);
    expect(JSON.parse(new TextDecoder().decode(payload))).toEqual(large);
  });

  it('reads the public key once per refreshMs, once for concurrent cold callers', async () => {
    const signer = createKmsSigner(kms, seal, { refreshMs, now });
    const [a, b] = await Promise.all([signer.current(), signer.current()]);
    expect(a).toBe(b);
    await signer.current();
    await signer.sign('eyJhbGciOiJFUzI1NiJ9.e30');
    expect(calls).toEqual(['GetPublicKey', 'Sign']);
    clock += refreshMs - 1;
    await signer.current();
    expect(calls).toEqual(['GetPublicKey', 'Sign']);
    clock += 1;
    await signer.current();
    expect(calls).toEqual(['GetPublicKey', 'Sign', 'GetPublicKey']);
  });

  it('picks up a rotated seal at the next refresh; old tokens still verify with the old key', async () => {
    const signer = createKmsSigner(kms, seal, { refreshMs, now });
    const before = await signer.current();
    const { jws: oldJws } = await signJws(signer, licence);

    endpoint.rotate(seal);
    expect((await signer.current()).kid).toBe(before.kid); // cached, as a warm container would be
    clock += refreshMs;
    const after = await signer.current();
    expect(after.kid).not.toBe(before.kid);

    const { jws: newJws, kid } = await signJws(signer, licence);
    expect(kid).toBe(after.kid);
    await verifyWithJose(newJws, after.jwk);
    await expect(verifyWithJose(newJws, before.jwk)).rejects.toThrow(
      jose.errors.JWSSignatureVerificationFailed,
    );
    await verifyWithJose(oldJws, before.jwk);
  });

  it('learns of a rotation from the signature itself, before any refresh, and signJws re-signs', async () => {
    const signer = createKmsSigner(kms, seal, { refreshMs, now });
    const before = await signer.current();
    endpoint.rotate(seal);
    calls.length = 0;

    const signed = await signer.sign('eyJhbGciOiJFUzI1NiJ9.e30');
    expect(signed.kid).not.toBe(before.kid);
    // The key that signed is read by its ARN (not the alias, which could move again) and becomes current.
    expect(calls).toEqual(['Sign', 'GetPublicKey']);
    const after = await signer.current();
    expect(after.kid).toBe(signed.kid);
    expect(verifyEs256(after.jwk, 'eyJhbGciOiJFUzI1NiJ9.e30', signed.signature)).toBe(true);

    // A signer still holding the old kid: the header it built named the old key, so it signs again.
    const stale = createKmsSigner(kms, seal, { refreshMs, now });
    await stale.current();
    endpoint.rotate(seal);
    calls.length = 0;
    const { jws, kid } = await signJws(stale, licence);
    expect(calls).toEqual(['Sign', 'GetPublicKey', 'Sign']);
    const current = await stale.current();
    expect(kid).toBe(current.kid);
    const { protectedHeader } = await verifyWithJose(jws, current.jwk);
    expect(protectedHeader.kid).toBe(current.kid);
  });

  it('fails loudly for a key that does not exist, and does not cache the failure', async () => {
    const signer = createKmsSigner(kms, 'alias/tongban-missing-seal', { refreshMs, now });
    await expect(signer.current()).rejects.toBeInstanceOf(NotFoundException);
    await expect(signer.current()).rejects.toBeInstanceOf(NotFoundException);
    await expect(signer.sign('eyJhbGciOiJFUzI1NiJ9.e30')).rejects.toBeInstanceOf(NotFoundException);
    expect(calls).toEqual(['GetPublicKey', 'GetPublicKey', 'Sign']);
  });
});
