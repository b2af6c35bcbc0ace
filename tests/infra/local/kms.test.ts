// The local KMS as product code meets it: the real @aws-sdk/client-kms over HTTP, every way of naming a key,
// signatures that node:crypto verifies with the public key KMS hands out, the errors AWS names, rotation that
// leaves old keys verifying, and keys that outlive a restart with the same data folder; SM2 keys as the China
// Regions have them, their signatures checked by openssl with the conventional distinguishing ID; symmetric
// keys whose data keys decrypt only with the encryption context they were made with.
import { createHash, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateKeyCommand,
  DecryptCommand,
  DescribeKeyCommand,
  GenerateDataKeyCommand,
  GenerateDataKeyWithoutPlaintextCommand,
  GetPublicKeyCommand,
  InvalidKeyUsageException,
  KMSClient,
  KMSInvalidSignatureException,
  ListAliasesCommand,
  NotFoundException,
  SignCommand,
  type SigningAlgorithmSpec,
  VerifyCommand,
} from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KmsEndpoint, startKmsEndpoint } from '../../../infra/local/kms.ts';
import { sm2Digest, sm2Verify } from '../../../shared/licences/sm2.ts';
import { sm2PublicKeyFromSpki } from '../../../shared/licences/sm2-certificates.ts';
import { openssl, opensslSm2Verify } from '../../support/seals.ts';

const region = 'us-east-1';
const account = '000000000000';
const seal = 'alias/tongban-test-seal';
const other = 'alias/tongban-test-other';
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const algorithm = 'ECDSA_SHA_256';
const message = new TextEncoder().encode('eyJhbGciOiJFUzI1NiJ9.eyJubyI6IlpTLTIwMjYtMDAwMTIzIn0');

const dirs: string[] = [];
const newDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'tongban-kms-'));
  dirs.push(dir);
  return dir;
};
const started: KmsEndpoint[] = [];
const start = async (dataDir: string, aliases = [seal, other]) => {
  const endpoint = await startKmsEndpoint({ dataDir, aliases, region, accountId: account });
  started.push(endpoint);
  return {
    endpoint,
    client: new KMSClient({ endpoint: endpoint.url, region, credentials, maxAttempts: 1 }),
  };
};

let endpoint: KmsEndpoint;
let client: KMSClient;

beforeAll(async () => {
  ({ endpoint, client } = await start(newDir()));
});
afterAll(async () => {
  for (const e of started) await e.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const signWith = (KeyId: string, Message: Uint8Array = message) =>
  client.send(new SignCommand({ KeyId, Message, SigningAlgorithm: algorithm }));
const verifyWith = (KeyId: string, Signature: Uint8Array, Message: Uint8Array = message) =>
  client.send(new VerifyCommand({ KeyId, Message, Signature, SigningAlgorithm: algorithm }));
const publicKeyOf = async (KeyId: string) => {
  const out = await client.send(new GetPublicKeyCommand({ KeyId }));
  return createPublicKey({ key: Buffer.from(out.PublicKey!), format: 'der', type: 'spki' });
};
const describeKey = async (KeyId: string) =>
  (await client.send(new DescribeKeyCommand({ KeyId }))).KeyMetadata!;

describe('keys and aliases', () => {
  it('creates a P-256 signing key per alias and describes it as AWS does', async () => {
    const metadata = await describeKey(seal);
    expect(metadata).toMatchObject({
      AWSAccountId: account,
      KeyId: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
      Enabled: true,
      KeyState: 'Enabled',
      KeyUsage: 'SIGN_VERIFY',
      KeySpec: 'ECC_NIST_P256',
      SigningAlgorithms: [algorithm],
      KeyManager: 'CUSTOMER',
    });
    expect(metadata.Arn).toBe(`arn:aws:kms:${region}:${account}:key/${metadata.KeyId}`);
    expect(metadata.CreationDate).toBeInstanceOf(Date);
    expect(Math.abs(metadata.CreationDate!.getTime() - Date.now())).toBeLessThan(60_000);
    expect((await describeKey(other)).KeyId).not.toBe(metadata.KeyId);
  });

  it('lists the aliases with the keys they point to, paged', async () => {
    const all = await client.send(new ListAliasesCommand({}));
    expect(all.Truncated).toBe(false);
    expect(all.Aliases?.map((a) => a.AliasName)).toEqual([other, seal]);
    const sealAlias = (all.Aliases ?? []).find((a) => a.AliasName === seal)!;
    expect(sealAlias).toMatchObject({
      AliasArn: `arn:aws:kms:${region}:${account}:${seal}`,
      TargetKeyId: (await describeKey(seal)).KeyId,
    });
    const first = await client.send(new ListAliasesCommand({ Limit: 1 }));
    expect(first.Aliases?.map((a) => a.AliasName)).toEqual([other]);
    expect(first.Truncated).toBe(true);
    const second = await client.send(new ListAliasesCommand({ Limit: 1, Marker: first.NextMarker }));
    expect(second.Aliases?.map((a) => a.AliasName)).toEqual([seal]);
    expect(second.Truncated).toBe(false);
    const byKey = await client.send(new ListAliasesCommand({ KeyId: sealAlias.TargetKeyId }));
    expect(byKey.Aliases?.map((a) => a.AliasName)).toEqual([seal]);
  });
});

describe('Sign, Verify, GetPublicKey', () => {
  it('signs with the key named by alias, alias ARN, key id or key ARN; Verify accepts each', async () => {
    const { KeyId, Arn } = await describeKey(seal);
    const names = [seal, `arn:aws:kms:${region}:${account}:${seal}`, KeyId!, Arn!];
    for (const name of names) {
      const signed = await signWith(name);
      expect(signed.KeyId).toBe(Arn);
      expect(signed.SigningAlgorithm).toBe(algorithm);
      for (const verifier of names) {
        const verified = await verifyWith(verifier, signed.Signature!);
        expect(verified).toMatchObject({ KeyId: Arn, SignatureValid: true, SigningAlgorithm: algorithm });
      }
    }
  });

  it('hands out an SPKI public key that node:crypto verifies KMS’s DER signature with', async () => {
    const out = await client.send(new GetPublicKeyCommand({ KeyId: seal }));
    expect(out).toMatchObject({
      KeyId: (await describeKey(seal)).Arn,
      KeySpec: 'ECC_NIST_P256',
      KeyUsage: 'SIGN_VERIFY',
      SigningAlgorithms: [algorithm],
    });
    expect(out.PublicKey).toBeInstanceOf(Uint8Array);
    const publicKey = createPublicKey({ key: Buffer.from(out.PublicKey!), format: 'der', type: 'spki' });
    expect(publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    const { Signature } = await signWith(seal);
    expect(Signature?.[0]).toBe(0x30); // DER SEQUENCE, as AWS returns ECDSA signatures
    expect(verify('sha256', message, publicKey, Signature!)).toBe(true);
    expect(verify('sha256', Buffer.from('something else'), publicKey, Signature!)).toBe(false);
    expect(verify('sha256', message, await publicKeyOf(other), Signature!)).toBe(false);
  });

  it('signs and verifies DIGEST messages, interchangeably with RAW ones', async () => {
    const publicKey = await publicKeyOf(seal);
    const digest = createHash('sha256').update(message).digest();
    for (let i = 0; i < 5; i++) {
      const signed = await client.send(
        new SignCommand({ KeyId: seal, Message: digest, MessageType: 'DIGEST', SigningAlgorithm: algorithm }),
      );
      expect(verify('sha256', message, publicKey, signed.Signature!)).toBe(true);
      expect((await verifyWith(seal, signed.Signature!)).SignatureValid).toBe(true);
      const raw = await signWith(seal);
      const verified = await client.send(
        new VerifyCommand({
          KeyId: seal,
          Message: digest,
          MessageType: 'DIGEST',
          Signature: raw.Signature,
          SigningAlgorithm: algorithm,
        }),
      );
      expect(verified.SignatureValid).toBe(true);
    }
    const wrongDigest = createHash('sha256').update('another').digest();
    const { Signature } = await signWith(seal);
    await expect(
      client.send(
        new VerifyCommand({
          KeyId: seal,
          Message: wrongDigest,
          MessageType: 'DIGEST',
          Signature,
          SigningAlgorithm: algorithm,
        }),
      ),
    ).rejects.toBeInstanceOf(KMSInvalidSignatureException);
  });

  it('answers KMSInvalidSignatureException for a signature that does not verify', async () => {
    const { Signature } = await signWith(seal);
    await expect(verifyWith(seal, Signature!, new TextEncoder().encode('tampered'))).rejects.toBeInstanceOf(
      KMSInvalidSignatureException,
    );
    await expect(verifyWith(other, Signature!)).rejects.toBeInstanceOf(KMSInvalidSignatureException);
    await expect(verifyWith(seal, new Uint8Array([1, 2, 3]))).rejects.toBeInstanceOf(
      KMSInvalidSignatureException,
    );
    // A signature made outside KMS by another key.
    const stranger = sign('sha256', message, generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);
    await expect(verifyWith(seal, stranger)).rejects.toBeInstanceOf(KMSInvalidSignatureException);
  });
});

describe('errors AWS names', () => {
  const failure = async (promise: Promise<unknown>) => {
    try {
      await promise;
    } catch (error) {
      return error as Error & { $metadata?: { httpStatusCode?: number } };
    }
    throw new Error('expected the call to fail');
  };

  it('NotFoundException for an unknown alias, key id, key ARN or another account’s ARN', async () => {
    const { KeyId } = await describeKey(seal);
    for (const name of [
      'alias/tongban-nowhere-seal',
      `arn:aws:kms:${region}:${account}:alias/tongban-nowhere-seal`,
      '00000000-0000-4000-8000-000000000000',
      `arn:aws:kms:${region}:${account}:key/00000000-0000-4000-8000-000000000000`,
      `arn:aws:kms:${region}:111111111111:key/${KeyId}`,
      `arn:aws:kms:cn-north-1:${account}:${seal}`,
      'not-a-key',
    ]) {
      const error = await failure(signWith(name));
      expect(error, name).toBeInstanceOf(NotFoundException);
      expect(error.$metadata?.httpStatusCode).toBe(400);
    }
    expect((await failure(client.send(new GetPublicKeyCommand({ KeyId: 'alias/nope' })))).message).toBe(
      `Alias arn:aws:kms:${region}:${account}:alias/nope is not found.`,
    );
    expect(await failure(client.send(new DescribeKeyCommand({ KeyId: 'alias/nope' })))).toBeInstanceOf(
      NotFoundException,
    );
  });

  it('InvalidKeyUsageException for an algorithm the key cannot do, ValidationException for nonsense', async () => {
    for (const wrong of ['ECDSA_SHA_384', 'RSASSA_PSS_SHA_256', 'SM2DSA'] as SigningAlgorithmSpec[]) {
      const error = await failure(
        client.send(new SignCommand({ KeyId: seal, Message: message, SigningAlgorithm: wrong })),
      );
      expect(error, wrong).toBeInstanceOf(InvalidKeyUsageException);
    }
    const bogus = await failure(
      client.send(
        new SignCommand({ KeyId: seal, Message: message, SigningAlgorithm: 'ES256' as SigningAlgorithmSpec }),
      ),
    );
    expect(bogus.name).toBe('ValidationException');
    expect(bogus.message).toMatch(/signingAlgorithm/);
    const missing = await failure(client.send(new SignCommand({ KeyId: seal, Message: message } as never)));
    expect(missing.name).toBe('ValidationException');
    expect(missing.message).toMatch(/Value null at 'signingAlgorithm'/);
  });

  it('ValidationException for a wrong message type, an over-long RAW message or a digest of the wrong size', async () => {
    const sendSign = (Message: Uint8Array, MessageType?: string) =>
      failure(
        client.send(
          new SignCommand({
            KeyId: seal,
            Message,
            MessageType: MessageType as never,
            SigningAlgorithm: algorithm,
          }),
        ),
      );
    const wrongType = await sendSign(message, 'HASHED');
    expect(wrongType.name).toBe('ValidationException');
    expect(wrongType.message).toMatch(/messageType/);
    const tooLong = await sendSign(new Uint8Array(4097));
    expect(tooLong.name).toBe('ValidationException');
    expect(tooLong.message).toMatch(/4096/);
    expect((await signWith(seal, new Uint8Array(4096).fill(7))).Signature).toBeDefined();
    const shortDigest = await sendSign(new Uint8Array(20), 'DIGEST');
    expect(shortDigest.name).toBe('ValidationException');
    expect(shortDigest.message).toMatch(/Digest is invalid length/);
    expect(await sendSign(message, 'EXTERNAL_MU')).toBeInstanceOf(InvalidKeyUsageException);
  });

  it('UnknownOperationException for what the local KMS does not do', async () => {
    const response = await fetch(endpoint.url, {
      method: 'POST',
      headers: { 'x-amz-target': 'TrentService.ReEncrypt', 'content-type': 'application/x-amz-json-1.1' },
      body: '{}',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ __type: 'UnknownOperationException' });
  });
});

describe('rotation and persistence', () => {
  it('rotate points the alias at a new key; the old key still verifies what it signed', async () => {
    const dir = newDir();
    const local = await start(dir, [seal]);
    const send = local.client.send.bind(local.client);
    const before = (await send(new DescribeKeyCommand({ KeyId: seal }))).KeyMetadata!;
    const oldSigned = await send(
      new SignCommand({ KeyId: seal, Message: message, SigningAlgorithm: algorithm }),
    );
    const oldPublic = (await send(new GetPublicKeyCommand({ KeyId: seal }))).PublicKey!;

    const rotated = local.endpoint.rotate(seal);
    expect(rotated.keyId).not.toBe(before.KeyId);
    expect(rotated.keyArn).toBe(`arn:aws:kms:${region}:${account}:key/${rotated.keyId}`);

    const after = (await send(new DescribeKeyCommand({ KeyId: seal }))).KeyMetadata!;
    expect(after.KeyId).toBe(rotated.keyId);
    const newSigned = await send(
      new SignCommand({ KeyId: seal, Message: message, SigningAlgorithm: algorithm }),
    );
    expect(newSigned.KeyId).toBe(rotated.keyArn);
    expect((await send(new GetPublicKeyCommand({ KeyId: seal }))).PublicKey).not.toEqual(oldPublic);

    // The old key is still there, by id: it verifies its signature; the alias (new key) does not.
    const oldVerified = await send(
      new VerifyCommand({
        KeyId: before.KeyId,
        Message: message,
        Signature: oldSigned.Signature,
        SigningAlgorithm: algorithm,
      }),
    );
    expect(oldVerified.SignatureValid).toBe(true);
    await expect(
      send(
        new VerifyCommand({
          KeyId: seal,
          Message: message,
          Signature: oldSigned.Signature,
          SigningAlgorithm: algorithm,
        }),
      ),
    ).rejects.toBeInstanceOf(KMSInvalidSignatureException);
    expect((await send(new DescribeKeyCommand({ KeyId: before.KeyId }))).KeyMetadata?.Enabled).toBe(true);
    const oldKey = createPublicKey({ key: Buffer.from(oldPublic), format: 'der', type: 'spki' });
    expect(verify('sha256', message, oldKey, oldSigned.Signature!)).toBe(true);

    expect(() => local.endpoint.rotate('alias/unknown')).toThrow(/no alias/);
  });

  it('keeps keys and aliases in the data folder across a restart', async () => {
    const dir = newDir();
    const first = await start(dir, [seal]);
    const firstKey = (await first.client.send(new DescribeKeyCommand({ KeyId: seal }))).KeyMetadata!;
    const signedBefore = await first.client.send(
      new SignCommand({ KeyId: seal, Message: message, SigningAlgorithm: algorithm }),
    );
    const rotated = first.endpoint.rotate(seal);
    await first.endpoint.close();

    // One JSON file per key with its private JWK, and the alias table.
    const keyFiles = readdirSync(join(dir, 'keys')).sort();
    expect(keyFiles).toEqual([`${firstKey.KeyId}.json`, `${rotated.keyId}.json`].sort());
    const stored = JSON.parse(readFileSync(join(dir, 'keys', `${rotated.keyId}.json`), 'utf8'));
    expect(stored.privateKey).toMatchObject({ kty: 'EC', crv: 'P-256', d: expect.any(String) });
    expect(JSON.parse(readFileSync(join(dir, 'aliases.json'), 'utf8'))[seal].targetKeyId).toBe(rotated.keyId);

    const second = await start(dir, [seal]);
    const afterRestart = (await second.client.send(new DescribeKeyCommand({ KeyId: seal }))).KeyMetadata!;
    expect(afterRestart.KeyId).toBe(rotated.keyId);
    expect(afterRestart.CreationDate).toEqual(
      (await second.client.send(new DescribeKeyCommand({ KeyId: rotated.keyId }))).KeyMetadata?.CreationDate,
    );
    const verified = await second.client.send(
      new VerifyCommand({
        KeyId: firstKey.KeyId,
        Message: message,
        Signature: signedBefore.Signature,
        SigningAlgorithm: algorithm,
      }),
    );
    expect(verified.SignatureValid).toBe(true);
    expect(readdirSync(join(dir, 'keys'))).toHaveLength(2); // no key made at the second start
  });

  it('refuses to start on a damaged key file, naming it', async () => {
    const dir = newDir();
    const first = await start(dir, [seal]);
    const { KeyId } = (await first.client.send(new DescribeKeyCommand({ KeyId: seal }))).KeyMetadata!;
    await first.endpoint.close();
    writeFileSync(join(dir, 'keys', `${KeyId}.json`), '{"keyId":');
    await expect(startKmsEndpoint({ dataDir: dir, aliases: [seal] })).rejects.toThrow(`${KeyId}.json`);
  });
});

describe('RSA_2048 keys (the sign-in tokens)', () => {
  const tokens = 'alias/tongban-test-tokens';
  const rsa = 'RSASSA_PKCS1_V1_5_SHA_256';
  let rsaClient: KMSClient;
  let rsaEndpoint: KmsEndpoint;

  beforeAll(async () => {
    rsaEndpoint = await startKmsEndpoint({
      dataDir: newDir(),
      aliases: [tokens],
      keySpecs: { [tokens]: 'RSA_2048' },
      region,
      accountId: account,
    });
    started.push(rsaEndpoint);
    rsaClient = new KMSClient({ endpoint: rsaEndpoint.url, region, credentials, maxAttempts: 1 });
  });

  it('describes an RSA_2048 key with its one algorithm and refuses ECDSA on it', async () => {
    const out = await rsaClient.send(new GetPublicKeyCommand({ KeyId: tokens }));
    expect(out).toMatchObject({ KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY', SigningAlgorithms: [rsa] });
    await expect(
      rsaClient.send(new SignCommand({ KeyId: tokens, Message: message, SigningAlgorithm: algorithm })),
    ).rejects.toBeInstanceOf(InvalidKeyUsageException);
  });

  it('signs RAW messages and DIGESTs alike: PKCS #1 v1.5 signatures node:crypto verifies', async () => {
    const out = await rsaClient.send(new GetPublicKeyCommand({ KeyId: tokens }));
    const publicKey = createPublicKey({ key: Buffer.from(out.PublicKey!), format: 'der', type: 'spki' });
    const raw = await rsaClient.send(
      new SignCommand({ KeyId: tokens, Message: message, SigningAlgorithm: rsa }),
    );
    const digest = await rsaClient.send(
      new SignCommand({
        KeyId: tokens,
        Message: createHash('sha256').update(message).digest(),
        MessageType: 'DIGEST',
        SigningAlgorithm: rsa,
      }),
    );
    expect(raw.Signature).toHaveLength(256);
    // PKCS #1 v1.5 is deterministic: the two ways give the same signature.
    expect(Buffer.from(digest.Signature!).equals(Buffer.from(raw.Signature!))).toBe(true);
    expect(verify('sha256', message, publicKey, raw.Signature!)).toBe(true);
    const verified = await rsaClient.send(
      new VerifyCommand({
        KeyId: tokens,
        Message: message,
        Signature: raw.Signature!,
        SigningAlgorithm: rsa,
      }),
    );
    expect(verified.SignatureValid).toBe(true);
  });

  it('rotates to a new RSA key, the old one still verifying', async () => {
    const before = await rsaClient.send(new GetPublicKeyCommand({ KeyId: tokens }));
    const signed = await rsaClient.send(
      new SignCommand({ KeyId: tokens, Message: message, SigningAlgorithm: rsa }),
    );
    rsaEndpoint.rotate(tokens);
    const after = await rsaClient.send(new GetPublicKeyCommand({ KeyId: tokens }));
    expect(after.KeyId).not.toBe(before.KeyId);
    expect(after.KeySpec).toBe('RSA_2048');
    const old = await rsaClient.send(
      new VerifyCommand({
        KeyId: before.KeyId!,
        Message: message,
        Signature: signed.Signature!,
        SigningAlgorithm: rsa,
      }),
    );
    expect(old.SignatureValid).toBe(true);
  });
});

describe('SM2 keys (the OFD seal, as in the China Regions)', () => {
  const sm2Alias = 'alias/tongban-test-seal-sm2';
  let sm2Client: KMSClient;
  let dir: string;
  const der = (name: string, bytes: Uint8Array) => {
    writeFileSync(join(dir, name), bytes);
    return join(dir, name);
  };

  beforeAll(async () => {
    dir = newDir();
    const sm2Endpoint = await startKmsEndpoint({
      dataDir: newDir(),
      aliases: [sm2Alias],
      keySpecs: { [sm2Alias]: 'SM2' },
      region,
      accountId: account,
    });
    started.push(sm2Endpoint);
    sm2Client = new KMSClient({ endpoint: sm2Endpoint.url, region, credentials, maxAttempts: 1 });
  });

  const publicKeyOf = async (keyId: string) => {
    const out = await sm2Client.send(new GetPublicKeyCommand({ KeyId: keyId }));
    expect(out).toMatchObject({ KeySpec: 'SM2', KeyUsage: 'SIGN_VERIFY', SigningAlgorithms: ['SM2DSA'] });
    const spki = new Uint8Array(out.PublicKey!);
    const pem = join(dir, `${keyId.replace(/\W/g, '')}.pem`);
    openssl(['pkey', '-pubin', '-inform', 'der', '-in', der('spki.der', spki), '-out', pem]);
    return { spki, pem, point: sm2PublicKeyFromSpki(spki) };
  };

  it('hands out an SPKI on the SM2 curve; RAW signatures verify in openssl with the default ID', async () => {
    const { spki, pem } = await publicKeyOf(sm2Alias);
    expect(openssl(['asn1parse', '-inform', 'der', '-in', der('spki.der', spki)])).toContain(
      'OBJECT            :sm2',
    );
    const out = await sm2Client.send(
      new SignCommand({ KeyId: sm2Alias, Message: message, MessageType: 'RAW', SigningAlgorithm: 'SM2DSA' }),
    );
    expect(out.SigningAlgorithm).toBe('SM2DSA');
    expect(
      opensslSm2Verify(pem, der('m.bin', message), der('s.der', new Uint8Array(out.Signature!))),
    ).toContain('Verified Successfully');
  });

  it('signs a DIGEST SM3(ZA ‖ M) as the same SM2 signature of M; Verify takes either form', async () => {
    const { pem, point } = await publicKeyOf(sm2Alias);
    const long = new Uint8Array(9000).map((_, i) => i % 251);
    const out = await sm2Client.send(
      new SignCommand({
        KeyId: sm2Alias,
        Message: sm2Digest(point, long),
        MessageType: 'DIGEST',
        SigningAlgorithm: 'SM2DSA',
      }),
    );
    const signature = new Uint8Array(out.Signature!);
    expect(sm2Verify(point, long, signature)).toBe(true);
    expect(opensslSm2Verify(pem, der('long.bin', long), der('long.sig', signature))).toContain(
      'Verified Successfully',
    );
    const raw = await sm2Client.send(
      new SignCommand({ KeyId: sm2Alias, Message: message, SigningAlgorithm: 'SM2DSA' }),
    );
    await expect(
      sm2Client.send(
        new VerifyCommand({
          KeyId: sm2Alias,
          Message: sm2Digest(point, message),
          MessageType: 'DIGEST',
          Signature: raw.Signature!,
          SigningAlgorithm: 'SM2DSA',
        }),
      ),
    ).resolves.toMatchObject({ SignatureValid: true });
    await expect(
      sm2Client.send(
        new VerifyCommand({
          KeyId: sm2Alias,
          Message: long.subarray(0, 4000),
          Signature: signature,
          SigningAlgorithm: 'SM2DSA',
        }),
      ),
    ).rejects.toBeInstanceOf(KMSInvalidSignatureException);
  });

  it('refuses ECDSA on an SM2 key and SM2DSA on a P-256 key', async () => {
    await expect(
      sm2Client.send(
        new SignCommand({ KeyId: sm2Alias, Message: message, SigningAlgorithm: 'ECDSA_SHA_256' }),
      ),
    ).rejects.toBeInstanceOf(InvalidKeyUsageException);
    await expect(
      client.send(new SignCommand({ KeyId: seal, Message: message, SigningAlgorithm: 'SM2DSA' })),
    ).rejects.toBeInstanceOf(InvalidKeyUsageException);
  });

  it('CreateKey makes an SM2 signing key that signs at once, and refuses what it cannot make', async () => {
    const created = await sm2Client.send(
      new CreateKeyCommand({
        KeySpec: 'SM2',
        KeyUsage: 'SIGN_VERIFY',
        Description: 'seal of a test department',
      }),
    );
    expect(created.KeyMetadata).toMatchObject({
      KeySpec: 'SM2',
      KeyUsage: 'SIGN_VERIFY',
      SigningAlgorithms: ['SM2DSA'],
      Description: 'seal of a test department',
    });
    const keyId = created.KeyMetadata?.KeyId ?? '';
    const { point } = await publicKeyOf(keyId);
    const out = await sm2Client.send(
      new SignCommand({ KeyId: keyId, Message: message, SigningAlgorithm: 'SM2DSA' }),
    );
    expect(sm2Verify(point, message, new Uint8Array(out.Signature!))).toBe(true);
    await expect(
      sm2Client.send(new CreateKeyCommand({ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' })),
    ).rejects.toMatchObject({
      name: 'UnsupportedOperationException',
    });
  });
});

describe('SYMMETRIC_DEFAULT keys (envelope encryption of personal data)', () => {
  const personal = 'alias/tongban-test-personal-data';
  let symmetric: KMSClient;
  let symmetricEndpoint: KmsEndpoint;
  beforeAll(async () => {
    const dataDir = newDir();
    symmetricEndpoint = await startKmsEndpoint({
      dataDir,
      aliases: [personal, seal],
      keySpecs: { [personal]: 'SYMMETRIC_DEFAULT' },
      region,
      accountId: account,
    });
    started.push(symmetricEndpoint);
    symmetric = new KMSClient({ endpoint: symmetricEndpoint.url, region, credentials, maxAttempts: 1 });
  });
  const context = { purpose: 'personal-data', table: 'tongban-test' };

  it('GenerateDataKey gives a data key that Decrypt gives back only with the same context', async () => {
    const made = await symmetric.send(
      new GenerateDataKeyCommand({ KeyId: personal, KeySpec: 'AES_256', EncryptionContext: context }),
    );
    expect(made.Plaintext).toHaveLength(32);
    expect(made.KeyId).toMatch(/^arn:aws:kms:us-east-1:000000000000:key\//);
    const blob = made.CiphertextBlob!;
    const back = await symmetric.send(
      new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: context }),
    );
    expect(Buffer.from(back.Plaintext!).equals(Buffer.from(made.Plaintext!))).toBe(true);
    expect(back.KeyId).toBe(made.KeyId);
    // The context is part of the ciphertext: another one, none, or a changed blob does not decrypt.
    for (const EncryptionContext of [{ ...context, table: 'other' }, {}, { ...context, extra: 'x' }])
      await expect(
        symmetric.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext })),
      ).rejects.toMatchObject({ name: 'InvalidCiphertextException' });
    const altered = Buffer.from(blob);
    altered[altered.length - 1]! ^= 1;
    await expect(
      symmetric.send(new DecryptCommand({ CiphertextBlob: altered, EncryptionContext: context })),
    ).rejects.toMatchObject({ name: 'InvalidCiphertextException' });
    // Naming another key than the one the blob is under is refused.
    const other = await symmetric.send(new CreateKeyCommand({}));
    await expect(
      symmetric.send(
        new DecryptCommand({
          CiphertextBlob: blob,
          EncryptionContext: context,
          KeyId: other.KeyMetadata?.KeyId,
        }),
      ),
    ).rejects.toMatchObject({ name: 'IncorrectKeyException' });
  });

  it('GenerateDataKeyWithoutPlaintext and NumberOfBytes (a 16-byte SM4 key); usage is checked both ways', async () => {
    const made = await symmetric.send(
      new GenerateDataKeyWithoutPlaintextCommand({
        KeyId: personal,
        NumberOfBytes: 16,
        EncryptionContext: context,
      }),
    );
    expect(made).not.toHaveProperty('Plaintext');
    const back = await symmetric.send(
      new DecryptCommand({ CiphertextBlob: made.CiphertextBlob, EncryptionContext: context }),
    );
    expect(back.Plaintext).toHaveLength(16);
    await expect(
      symmetric.send(new GenerateDataKeyCommand({ KeyId: personal, EncryptionContext: context })),
    ).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(
      symmetric.send(new GenerateDataKeyCommand({ KeyId: seal, KeySpec: 'AES_256' })),
    ).rejects.toBeInstanceOf(InvalidKeyUsageException);
    await expect(
      symmetric.send(new SignCommand({ KeyId: personal, Message: message, SigningAlgorithm: algorithm })),
    ).rejects.toBeInstanceOf(InvalidKeyUsageException);
    expect((await symmetric.send(new DescribeKeyCommand({ KeyId: personal }))).KeyMetadata).toMatchObject({
      KeySpec: 'SYMMETRIC_DEFAULT',
      KeyUsage: 'ENCRYPT_DECRYPT',
      EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
    });
  });

  it('after rotation, data keys made under the old key still decrypt', async () => {
    const made = await symmetric.send(
      new GenerateDataKeyCommand({ KeyId: personal, KeySpec: 'AES_256', EncryptionContext: context }),
    );
    symmetricEndpoint.rotate(personal);
    const back = await symmetric.send(
      new DecryptCommand({ CiphertextBlob: made.CiphertextBlob, EncryptionContext: context }),
    );
    expect(Buffer.from(back.Plaintext!).equals(Buffer.from(made.Plaintext!))).toBe(true);
  });
});
