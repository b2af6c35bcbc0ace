// Licences stored before their holders were sealed: a row whose holder's ID number is in clear, or that is
// not yet found by the blind index, or that still holds the credential (which names the holder in full),
// is written again as licences are stored now — the number sealed and masked, the wallet keyed by the blind
// index, the credential left only in the licence bucket where issuance filed it (the row keeps its digest).
// Re-runnable and idempotent; each row is written guarded by the revision it was read at and moves it on,
// so a status change that read the old row retries on the new one; a row changed meanwhile is read again.
// One page at a time, from where the last run stopped, so a caller with a time limit can resume.
import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { LicenceRecord } from '../../shared/licences/licence.ts';
import { scanRows } from '../lib/row-scan.ts';
import type { LicenceHolders } from './holders.ts';
import { licenceKey } from './keys.ts';
import { credentialDigest, type LicenceStore, type StoredLicence } from './store.ts';

export interface LicenceMigrationReport {
  /** Licence rows read. */
  licences: number;
  /** Rows that held personal data in clear (or were not indexed) and now are sealed. */
  sealed: number;
  /** Rows that changed while being sealed and were read again. */
  retried: number;
}

const attempts = 5;

/** Whether a stored licence row still needs sealing. */
export const licenceRowInClear = (row: Record<string, unknown>) => {
  const holder = (row.record as LicenceRecord | undefined)?.holder;
  return (
    row.credential !== undefined ||
    row.holderId !== undefined ||
    !holder?.idIndex ||
    (holder.type === 'person' && !holder.sealed)
  );
};

export const sealKeptLicences = async (deps: {
  db: DynamoDBDocumentClient;
  table: string;
  store: LicenceStore;
  holders: LicenceHolders;
  /** Where to start (a previous call's `next`); from the beginning when absent. */
  start?: Record<string, unknown>;
  /** Stop after the page that ends past this time (ms since the epoch); `next` says where to go on. */
  until?: number;
}): Promise<LicenceMigrationReport & { next?: Record<string, unknown> }> => {
  const { db, table, store, holders } = deps;
  const report: LicenceMigrationReport = { licences: 0, sealed: 0, retried: 0 };

  const read = async (id: string) =>
    (await db.send(new GetCommand({ TableName: table, Key: licenceKey(id), ConsistentRead: true }))).Item;

  const sealOne = async (first: Record<string, unknown>) => {
    let row: Record<string, unknown> | undefined = first;
    for (let attempt = 0; row && attempt < attempts; attempt++) {
      if (!licenceRowInClear(row)) return;
      const record = row.record as LicenceRecord;
      const sealed = await holders.seal({ ...record, rev: record.rev + 1 });
      const stored: StoredLicence = {
        record: sealed,
        credentialHash:
          typeof row.credentialHash === 'string'
            ? row.credentialHash
            : credentialDigest(String(row.credential)),
        credentialKey: String(row.credentialKey),
        pdfKey: String(row.pdfKey),
        ...(typeof row.ofdKey === 'string' ? { ofdKey: row.ofdKey } : {}),
      };
      if (await store.putSealed(stored, record.rev)) {
        report.sealed++;
        return;
      }
      report.retried++;
      row = await read(record.id);
    }
    if (row) throw new Error(`Licence ${(row.record as LicenceRecord).id} kept changing while it was sealed`);
  };

  const { next } = await scanRows(
    db,
    { table, pkPrefix: 'LICENCE#', sk: licenceKey('').sk, start: deps.start, until: deps.until },
    async (row) => {
      report.licences++;
      await sealOne(row);
    },
  );
  return { ...report, ...(next ? { next } : {}) };
};
