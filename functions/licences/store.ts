// DynamoDB adapter for e-licences: records with their status history and access log, the case → licence
// link that makes issuance idempotent, the status lists (their bits change in the same transaction as the
// licence's status, so a list never disagrees with the catalogue), and the seal keys that have signed.
// Issuance and status changes record their domain events in the same transaction (../lib/outbox.ts).
import { createHash, randomUUID } from 'node:crypto';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { conflict } from '../../shared/errors.ts';
import type { DomainEvent } from '../../shared/events.ts';
import type { LicenceRecord } from '../../shared/licences/licence.ts';
import { emptyStatusList, type StatusPurpose } from '../../shared/licences/status-list.ts';
import { decodeCursor, encodeCursor } from '../catalogue/keys.ts';
import { queryAll, revisionGuard, type TransactWrite } from '../lib/dynamo.ts';
import { outboxPut } from '../lib/outbox.ts';
import {
  accessKey,
  caseLicenceKey,
  holderIndex,
  licenceHistoryKey,
  licenceKey,
  statusAllocKey,
  statusListKey,
} from './keys.ts';
import { createSealKeyRegistry } from './seal-keys.ts';

export interface LicenceHistoryEntry {
  seq: number;
  at: string;
  action: 'issue' | 'status';
  statusBefore?: string;
  statusAfter: string;
  reason?: string;
  by: { sub: string; name: string; role: string; department?: string };
  caseNumber?: string;
}

export interface AccessEntry {
  at: string;
  by: { sub: string; name: string; role: string; department?: string };
  caseNumber: string;
  reason: string;
}

export interface StoredLicence {
  record: LicenceRecord;
  /**
   * SHA-256 (base64url) of the compact JWS of the credential. The credential itself names its holder in
   * clear, so it is kept only in the licence bucket (encrypted under the data key), at `credentialKey`.
   */
  credentialHash: string;
  credentialKey: string;
  pdfKey: string;
  /** The sealed OFD (GB/T 38540); absent on licences issued before the OFD form existed. */
  ofdKey?: string;
}

export interface StatusListRow {
  bits: Uint8Array;
  rev: number;
}

/** A status list change: the list's new bits, guarded by the revision they were read at. */
export interface ListWrite {
  purpose: StatusPurpose;
  list: number;
  bits: Uint8Array;
  expectedRev: number | 'new';
}

/** SHA-256 (base64url) of a compact credential. */
export const credentialDigest = (compact: string) => createHash('sha256').update(compact).digest('base64url');

const licenceRow = (stored: StoredLicence) => {
  const { holder } = stored.record;
  // Never a number in clear: a person's is sealed, and every holder is found by the blind index.
  if (!holder.idIndex || (holder.type === 'person' && !holder.sealed))
    throw new Error(`Licence ${stored.record.id} is stored only with its holder sealed and indexed`);
  return {
    ...licenceKey(stored.record.id),
    record: stored.record,
    credentialHash: stored.credentialHash,
    credentialKey: stored.credentialKey,
    pdfKey: stored.pdfKey,
    ...(stored.ofdKey ? { ofdKey: stored.ofdKey } : {}),
    rev: stored.record.rev,
    // Read by an application that cites the licence (functions/cases/store.ts getLicence).
    type: stored.record.name,
    holderIndex: holder.idIndex,
    status: stored.record.status,
    ...(stored.record.validUntil ? { validUntil: stored.record.validUntil } : {}),
    gsi1pk: holderIndex.pk(holder.idIndex),
    gsi1sk: `${stored.record.issueDate}#${stored.record.id}`,
  };
};

/** A change's domain events and when it happened, recorded with it. */
export interface Outbox {
  events: readonly DomainEvent[];
  at: Date;
}

export const createLicenceStore = (db: DynamoDBDocumentClient, tableName: string) => {
  const withOutbox = (writes: TransactWrite[], outbox: Outbox) => {
    const put = outboxPut(tableName, outbox.events, outbox.at);
    return put ? [...writes, put] : writes;
  };

  const get = async (id: string): Promise<StoredLicence | undefined> => {
    const row = (
      await db.send(new GetCommand({ TableName: tableName, Key: licenceKey(id), ConsistentRead: true }))
    ).Item;
    if (!row) return undefined;
    const { record, credentialKey, pdfKey, ofdKey } = row as StoredLicence;
    // A row stored before the credential left the table holds it: its digest is the same.
    const credentialHash =
      typeof row.credentialHash === 'string' ? row.credentialHash : credentialDigest(String(row.credential));
    return { record, credentialHash, credentialKey, pdfKey, ...(ofdKey ? { ofdKey } : {}) };
  };

  const forCase = async (caseNumber: string) => {
    const row = (
      await db.send(
        new GetCommand({ TableName: tableName, Key: caseLicenceKey(caseNumber), ConsistentRead: true }),
      )
    ).Item;
    return row?.id as string | undefined;
  };

  const statusList = async (purpose: StatusPurpose, list: number): Promise<StatusListRow> => {
    const row = (
      await db.send(
        new GetCommand({ TableName: tableName, Key: statusListKey(purpose, list), ConsistentRead: true }),
      )
    ).Item;
    return row
      ? { bits: new Uint8Array(row.bits as Uint8Array), rev: row.rev as number }
      : { bits: emptyStatusList(), rev: 0 };
  };

  /** A fresh position in the status lists; positions are never reused. */
  const allocateStatusIndex = async () => {
    const result = await db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: statusAllocKey,
        UpdateExpression: 'ADD #next :one',
        ExpressionAttributeNames: { '#next': 'next' },
        ExpressionAttributeValues: { ':one': 1 },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(result.Attributes?.next) - 1;
  };

  const listWrites = (lists: readonly ListWrite[]): TransactWrite[] =>
    lists.map((l) => ({
      Put: {
        TableName: tableName,
        Item: {
          ...statusListKey(l.purpose, l.list),
          bits: l.bits,
          rev: l.expectedRev === 'new' ? 1 : l.expectedRev + 1,
        },
        ...(l.expectedRev === 'new' || l.expectedRev === 0
          ? { ConditionExpression: 'attribute_not_exists(pk)' }
          : revisionGuard(l.expectedRev)),
      },
    }));

  const historyPut = (id: string, entry: LicenceHistoryEntry): TransactWrite => ({
    Put: {
      TableName: tableName,
      Item: { ...licenceHistoryKey(id, entry.seq), entry },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  });

  const transact = async (writes: TransactWrite[], what: string) => {
    try {
      await db.send(new TransactWriteCommand({ TransactItems: writes }));
    } catch (error) {
      if ((error as { name?: string }).name === 'TransactionCanceledException')
        throw conflict(`${what}: changed by someone else at the same moment; read it again and retry.`);
      throw error;
    }
  };

  /**
   * Records an issued licence and its case link in one transaction, with the previous licence's change when
   * it replaces one. Returns false when the case already issued a licence (the caller reads that one).
   */
  const putIssued = async (
    stored: StoredLicence,
    history: LicenceHistoryEntry,
    outbox: Outbox,
    replaced?: {
      stored: StoredLicence;
      expectedRev: number;
      history: LicenceHistoryEntry;
      lists: ListWrite[];
    },
  ) => {
    const writes: TransactWrite[] = [
      {
        Put: {
          TableName: tableName,
          Item: { ...caseLicenceKey(stored.record.caseNumber), id: stored.record.id },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Put: {
          TableName: tableName,
          Item: licenceRow(stored),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      historyPut(stored.record.id, history),
    ];
    if (replaced) {
      writes.push(
        {
          Put: {
            TableName: tableName,
            Item: licenceRow(replaced.stored),
            ...revisionGuard(replaced.expectedRev),
          },
        },
        historyPut(replaced.stored.record.id, replaced.history),
        ...listWrites(replaced.lists),
      );
    }
    try {
      await db.send(new TransactWriteCommand({ TransactItems: withOutbox(writes, outbox) }));
      return true;
    } catch (error) {
      const e = error as { name?: string; CancellationReasons?: Array<{ Code?: string }> };
      if (
        e.name === 'TransactionCanceledException' &&
        e.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed'
      )
        return false;
      if (e.name === 'TransactionCanceledException')
        throw conflict('Issuing the licence conflicted with another change; it will be retried.');
      throw error;
    }
  };

  /** A status change: the record, its history entry and the status lists, all or nothing. */
  const putStatus = (
    stored: StoredLicence,
    expectedRev: number,
    history: LicenceHistoryEntry,
    lists: ListWrite[],
    outbox: Outbox,
  ) =>
    transact(
      withOutbox(
        [
          { Put: { TableName: tableName, Item: licenceRow(stored), ...revisionGuard(expectedRev) } },
          historyPut(stored.record.id, history),
          ...listWrites(lists),
        ],
        outbox,
      ),
      'Changing the licence status',
    );

  /**
   * The licence row written again as it is stored now (holder sealed and indexed, the credential only in
   * the bucket), guarded by the revision it was read at. False when it changed meanwhile.
   */
  const putSealed = async (stored: StoredLicence, expectedRev: number) => {
    try {
      await db.send(
        new PutCommand({ TableName: tableName, Item: licenceRow(stored), ...revisionGuard(expectedRev) }),
      );
      return true;
    } catch (error) {
      if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  };

  /** Entries of one licence under a sort-key prefix, all pages. */
  const entriesOf = async <T>(id: string, prefix: string) =>
    (
      await queryAll(db, {
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': licenceKey(id).pk, ':prefix': prefix },
        ConsistentRead: true,
      })
    ).map((row) => row.entry as T);

  const history = (id: string) => entriesOf<LicenceHistoryEntry>(id, '~H#');

  const logAccess = (id: string, entry: AccessEntry) =>
    db.send(
      new PutCommand({ TableName: tableName, Item: { ...accessKey(id, entry.at, randomUUID()), entry } }),
    );

  const accessLog = (id: string) => entriesOf<AccessEntry>(id, '~A#');

  /** A holder's licences, newest first, by the blind index of their number. */
  const wallet = async (holderBlindIndex: string, limit: number, cursor?: string) => {
    const result = await db.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: holderIndex.name,
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': holderIndex.pk(holderBlindIndex) },
        ScanIndexForward: false,
        Limit: limit,
        ExclusiveStartKey: decodeCursor(cursor),
      }),
    );
    return {
      items: (result.Items ?? []).map((r) => r.record as LicenceRecord),
      cursor: encodeCursor(result.LastEvaluatedKey),
    };
  };

  /** The seal keys that have signed, with their periods of use: rotated keys stay published. */
  const sealKeyRegistry = createSealKeyRegistry(db, tableName);

  return {
    get,
    forCase,
    statusList,
    allocateStatusIndex,
    putIssued,
    putStatus,
    putSealed,
    history,
    logAccess,
    accessLog,
    wallet,
    registerSealKey: sealKeyRegistry.register,
    sealKeys: sealKeyRegistry.list,
    sealKey: sealKeyRegistry.get,
  };
};

export type LicenceStore = ReturnType<typeof createLicenceStore>;
