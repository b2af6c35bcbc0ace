// Cases stored before personal data was sealed: every case row whose ID numbers, mobile or sensitive form
// fields (by its own item version's schema) are still in clear is sealed in place, as an application is
// now. Re-runnable and idempotent: a row with nothing in clear is left alone, so a second run writes
// nothing. One page at a time from where the last call stopped, so a caller with a time limit can resume.
// Each row is written guarded by the revision it was read at (and moves it on, so a writer that
// read the clear row retries on the sealed one); a row changed meanwhile is read again and sealed then.

import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CaseRecord } from '../../shared/cases/case.ts';
import { clearPersonalValues, sensitiveFields } from '../../shared/cases/personal.ts';
import type { PersonalKind } from '../../shared/sealed.ts';
import { scanRows } from '../lib/row-scan.ts';
import type { ItemSource } from './context.ts';
import { caseKey } from './keys.ts';
import type { CaseSealing } from './sealing.ts';
import { type CaseStore, ChangeConflict } from './store.ts';

export interface MigrationReport {
  /** Case rows read. */
  cases: number;
  /** Rows that held personal data in clear and now hold it sealed. */
  sealed: number;
  /** Rows that changed while being sealed and were read again. */
  retried: number;
}

const attempts = 5;

export const sealKeptCases = async (deps: {
  db: DynamoDBDocumentClient;
  table: string;
  store: CaseStore;
  items: Pick<ItemSource, 'version'>;
  sealing: CaseSealing;
  /** Where to start (a previous call's `next`); from the beginning when absent. */
  start?: Record<string, unknown>;
  /** Stop after the page that ends past this time (ms since the epoch); `next` says where to go on. */
  until?: number;
}): Promise<MigrationReport & { next?: Record<string, unknown> }> => {
  const { db, table, store, items, sealing } = deps;
  const report: MigrationReport = { cases: 0, sealed: 0, retried: 0 };

  const sensitiveOf = async (record: CaseRecord) => {
    const refs = record.item ? [record.item] : (record.items ?? []);
    const versions = await Promise.all(refs.map((r) => items.version(r.code, r.version)));
    return new Map<string, PersonalKind>(
      versions.flatMap((v) => (v ? [...sensitiveFields(v.formSchema)] : [])),
    );
  };

  const sealOne = async (first: CaseRecord) => {
    let record: CaseRecord | undefined = first;
    for (let attempt = 0; record && attempt < attempts; attempt++) {
      const sensitive = await sensitiveOf(record);
      if (clearPersonalValues(record, sensitive).length === 0) return;
      const rev = record.rev;
      await sealing.seal(record, sensitive);
      try {
        await store.commit({ cases: [{ record, expectedRev: rev }] });
        report.sealed++;
        return;
      } catch (error) {
        if (!(error instanceof ChangeConflict)) throw error;
        report.retried++;
        record = await store.getCase(record.caseNumber);
      }
    }
    if (record) throw new Error(`Case ${record.caseNumber} kept changing while it was being sealed`);
  };

  const { next } = await scanRows(
    db,
    { table, pkPrefix: 'CASE#', sk: caseKey('').sk, start: deps.start, until: deps.until },
    async (row) => {
      report.cases++;
      await sealOne(row.record as CaseRecord);
    },
  );
  return { ...report, ...(next ? { next } : {}) };
};
