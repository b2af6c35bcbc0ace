// Sealing through KMS as a function instance does it, against the local KMS endpoint: one GenerateDataKey
// per instance and hour (not per value), each encrypted data key decrypted once, the blind-index secret
// made once for the table and shared by every instance; SM4 data keys of 16 bytes where the cipher is SM4.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KMSClient } from '@aws-sdk/client-kms';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPersonalData, dataKeyLifetimeMs } from '../../../functions/lib/personal-data.ts';
import { type KmsEndpoint, startKmsEndpoint } from '../../../infra/local/kms.ts';

const alias = 'alias/tongban-test-personal-data';
const table = 'tongban-test';
let endpoint: KmsEndpoint;
let dir: string;
const calls: string[] = [];
let kms: KMSClient;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tongban-personal-'));
  endpoint = await startKmsEndpoint({
    dataDir: dir,
    aliases: [alias],
    keySpecs: { [alias]: 'SYMMETRIC_DEFAULT' },
  });
  kms = new KMSClient({
    endpoint: endpoint.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  kms.middlewareStack.add(
    (next, context) => (args) => {
      calls.push(context.commandName ?? '');
      return next(args);
    },
    { step: 'initialize', name: 'countKmsCalls' },
  );
});
afterAll(async () => {
  await endpoint.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A table of one row kind, as the conditional Put and the Get of the blind-index secret use it. */
const memoryTable = () => {
  const rows = new Map<string, Record<string, unknown>>();
  const keyOf = (key: { pk: string; sk: string }) => `${key.pk}|${key.sk}`;
  return {
    rows,
    db: {
      send: async (command: { constructor: { name: string }; input: Record<string, any> }) => {
        const { input } = command;
        if (command.constructor.name === 'GetCommand') return { Item: rows.get(keyOf(input.Key)) };
        if (command.constructor.name === 'PutCommand') {
          if (rows.has(keyOf(input.Item))) {
            const error = new Error('The conditional request failed');
            error.name = 'ConditionalCheckFailedException';
            throw error;
          }
          rows.set(keyOf(input.Item), input.Item);
          return {};
        }
        throw new Error(`unexpected ${command.constructor.name}`);
      },
    } as unknown as DynamoDBDocumentClient,
  };
};

const count = (name: string) => calls.filter((c) => c === name).length;
const where = (row: string) => ({ table, row, field: 'applicant.idNumber' });

describe('personal data through KMS', () => {
  it('asks KMS for a data key once an hour, and opens each encrypted data key once', async () => {
    calls.length = 0;
    let now = 1_000_000;
    const { db } = memoryTable();
    const personal = createPersonalData({ kms, db, keyId: alias, table, now: () => now });
    const sealed = await Promise.all(
      ['CASE#1', 'CASE#2', 'CASE#3'].map((row) =>
        personal.seal(where(row), 'id-number', '330902199001011238'),
      ),
    );
    expect(count('GenerateDataKeyCommand')).toBe(1);
    expect(new Set(sealed.map((s) => s.edk)).size).toBe(1);
    expect(sealed[0]).toMatchObject({ alg: 'AES-256-GCM', mask: '3309**********1238' });
    expect(sealed[0]!.kek).toMatch(/^arn:aws:kms:/);
    now += dataKeyLifetimeMs;
    const later = await personal.seal(where('CASE#4'), 'mobile', '13905807766');
    expect(count('GenerateDataKeyCommand')).toBe(2);
    expect(later.edk).not.toBe(sealed[0]!.edk);

    expect(await personal.open(where('CASE#2'), sealed[1]!)).toBe('330902199001011238');
    expect(await personal.open(where('CASE#3'), sealed[2]!)).toBe('330902199001011238');
    expect(await personal.open(where('CASE#4'), later)).toBe('13905807766');
    expect(count('DecryptCommand')).toBe(2);
    // In another row it does not open, even with its data key at hand.
    await expect(personal.open(where('CASE#1'), sealed[1]!)).rejects.toThrow(/does not open/);
  });

  it('makes the blind-index secret once per table; every instance finds values by the same index', async () => {
    calls.length = 0;
    const { db, rows } = memoryTable();
    const one = createPersonalData({ kms, db, keyId: alias, table });
    const two = createPersonalData({ kms, db, keyId: alias, table });
    const [a, b] = await Promise.all([
      one.index('id-number', '11010519491231002x'),
      one.index('id-number', '11010519491231002X'),
    ]);
    expect(a).toBe(b);
    expect(await two.index('id-number', '11010519491231002X')).toBe(a);
    expect(count('GenerateDataKeyWithoutPlaintextCommand')).toBe(1);
    expect(rows.size).toBe(1);
    expect(JSON.stringify([...rows.values()])).not.toContain('11010519491231002');
    // Another table's secret is another secret.
    const other = createPersonalData({ kms, db: memoryTable().db, keyId: alias, table: 'tongban-other' });
    expect(await other.index('id-number', '11010519491231002X')).not.toBe(a);
  });

  it('seals with SM4 data keys of 16 bytes where the cipher is SM4', async () => {
    calls.length = 0;
    const personal = createPersonalData({
      kms,
      db: memoryTable().db,
      keyId: alias,
      table,
      algorithm: 'SM4-GCM',
    });
    const sealed = await personal.seal(where('CASE#9'), 'id-number', '330902199001011238');
    expect(sealed.alg).toBe('SM4-GCM');
    expect(await personal.open(where('CASE#9'), sealed)).toBe('330902199001011238');
    expect((await personal.index('mobile', '13905807766')).startsWith('s3.')).toBe(true);
  });
});
