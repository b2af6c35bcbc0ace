// DynamoDB adapter for the departments' seals (电子印章, as the province's e-seal system issued them) with
// their signers' certificates, and the root CAs the jurisdiction trusts for them. A seal replaces the one
// before it and the import is journalled in the same transaction; both hold DER as binary attributes.
import { createHash } from 'node:crypto';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import type { ParsedCrl } from '../../shared/licences/sm2-crl.ts';
import { queryAll } from '../lib/dynamo.ts';
import {
  departmentSealKey,
  departmentSealsIndex,
  departmentSealVersionKey,
  sealCrlKey,
  sealCrlsIndex,
  sealRootKey,
  sealRootsIndex,
} from './keys.ts';

export interface DepartmentSeal {
  department: string;
  /** SESeal v4, DER. */
  seal: Uint8Array;
  /** The signer's X.509 certificate, DER. */
  certificate: Uint8Array;
  esId: string;
  name: string;
  validFrom: string;
  validUntil: string;
  importedAt: string;
  importedBy: { sub: string; name: string };
}

export interface TrustedRoot {
  certificate: Uint8Array;
  subject: string;
  notAfter: string;
  addedAt: string;
}

/** A trusted root's current certificate revocation list, as its CA published it. */
export interface SealCrl {
  /** SHA-256 (hex) of the root certificate that signed it. */
  root: string;
  crl: Uint8Array;
  issuer: string;
  thisUpdate: string;
  nextUpdate?: string;
  crlNumber?: number;
  revokedCount: number;
  importedAt: string;
}

/** SHA-256 (hex) of a DER certificate: how a root is named in the table. */
export const rootDigest = (certificate: Uint8Array) => createHash('sha256').update(certificate).digest('hex');

/** The record of `crl` (DER, as read into `parsed`), the CRL of the trusted root `rootCertificate`. */
export const sealCrlRecord = (
  rootCertificate: Uint8Array,
  crl: Uint8Array,
  parsed: ParsedCrl,
  importedAt: Date,
): SealCrl => ({
  root: rootDigest(rootCertificate),
  crl,
  issuer: parsed.issuer,
  thisUpdate: parsed.thisUpdate.toISOString(),
  ...(parsed.nextUpdate ? { nextUpdate: parsed.nextUpdate.toISOString() } : {}),
  ...(parsed.crlNumber !== undefined ? { crlNumber: parsed.crlNumber } : {}),
  revokedCount: parsed.revoked.length,
  importedAt: importedAt.toISOString(),
});

const bytes = (value: unknown) => (value instanceof Uint8Array ? new Uint8Array(value) : new Uint8Array());
const summary = ({ seal: _seal, certificate: _certificate, ...rest }: DepartmentSeal) => rest;
export type DepartmentSealSummary = ReturnType<typeof summary>;

const toSeal = (item: Record<string, unknown>): DepartmentSeal => ({
  department: String(item.department),
  seal: bytes(item.seal),
  certificate: bytes(item.certificate),
  esId: String(item.esId),
  name: String(item.name),
  validFrom: String(item.validFrom),
  validUntil: String(item.validUntil),
  importedAt: String(item.importedAt),
  importedBy: item.importedBy as DepartmentSeal['importedBy'],
});

export const createSealStore = (db: DynamoDBDocumentClient, tableName: string) => {
  const current = async (department: string): Promise<DepartmentSeal | undefined> => {
    const item = (await db.send(new GetCommand({ TableName: tableName, Key: departmentSealKey(department) })))
      .Item;
    return item ? toSeal(item) : undefined;
  };

  const put = async (seal: DepartmentSeal) => {
    const attributes = { ...seal };
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: tableName,
              Item: {
                ...departmentSealKey(seal.department),
                gsi1pk: departmentSealsIndex.pk,
                gsi1sk: seal.department,
                ...attributes,
              },
            },
          },
          {
            Put: {
              TableName: tableName,
              Item: {
                ...departmentSealVersionKey(seal.department, seal.importedAt, seal.esId),
                ...attributes,
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
        ],
      }),
    );
  };

  /** Every department's current seal, without the DER. */
  const list = async (): Promise<DepartmentSealSummary[]> =>
    (
      await queryAll(db, {
        TableName: tableName,
        IndexName: departmentSealsIndex.name,
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': departmentSealsIndex.pk },
      })
    ).map((item) => summary(toSeal(item)));

  const roots = async (): Promise<TrustedRoot[]> =>
    (
      await queryAll(db, {
        TableName: tableName,
        IndexName: sealRootsIndex.name,
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': sealRootsIndex.pk },
      })
    ).map((item) => ({
      certificate: bytes(item.certificate),
      subject: String(item.subject),
      notAfter: String(item.notAfter),
      addedAt: String(item.addedAt),
    }));

  /** Adds a trusted root; adding one already there changes nothing. Returns whether it was new. */
  const addRoot = async (root: TrustedRoot) => {
    const digest = rootDigest(root.certificate);
    try {
      await db.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...sealRootKey(digest), gsi1pk: sealRootsIndex.pk, gsi1sk: digest, ...root },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  };

  const crls = async (): Promise<SealCrl[]> =>
    (
      await queryAll(db, {
        TableName: tableName,
        IndexName: sealCrlsIndex.name,
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': sealCrlsIndex.pk },
      })
    ).map((item) => ({
      root: String(item.root),
      crl: bytes(item.crl),
      issuer: String(item.issuer),
      thisUpdate: String(item.thisUpdate),
      ...(item.nextUpdate ? { nextUpdate: String(item.nextUpdate) } : {}),
      ...(item.crlNumber !== undefined ? { crlNumber: Number(item.crlNumber) } : {}),
      revokedCount: Number(item.revokedCount),
      importedAt: String(item.importedAt),
    }));

  /**
   * Makes `crl` its root's current CRL unless the one held is as new or newer (by thisUpdate). Returns
   * whether it was taken.
   */
  const putCrl = async (crl: SealCrl) => {
    try {
      await db.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...sealCrlKey(crl.root), gsi1pk: sealCrlsIndex.pk, gsi1sk: crl.root, ...crl },
          ConditionExpression: 'attribute_not_exists(pk) OR thisUpdate < :thisUpdate',
          ExpressionAttributeValues: { ':thisUpdate': crl.thisUpdate },
        }),
      );
      return true;
    } catch (error) {
      if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  };

  return { current, put, list, roots, addRoot, crls, putCrl };
};

export type SealStore = ReturnType<typeof createSealStore>;
