// The migration of personal data stored before it was sealed, one kind of row after another: cases (with
// their sensitive form fields and delivery addresses), licences, appointments (home-visit addresses). Each step scans its rows a page at a time and seals those still
// in clear, guarded by each row's revision (see each step's module); each is idempotent, so running the
// whole migration again — on every deploy, by the operator's command, by `npm start` — changes nothing
// that is already sealed. With a time limit it stops after the page that ends past it and says where it
// stopped, so a caller that must return in time (a Lambda function) resumes there on its next call.
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { sealKeptAppointments } from '../appointments/personal-data-migration.ts';
import { createAppointmentSealing } from '../appointments/sealing.ts';
import { createItemSource } from '../cases/items.ts';
import { sealKeptCases } from '../cases/personal-data-migration.ts';
import { createCaseSealing } from '../cases/sealing.ts';
import { createCaseStore } from '../cases/store.ts';
import { createCatalogueStore } from '../catalogue/store.ts';
import type { PersonalData } from '../lib/personal-data.ts';
import { createLicenceHolders } from '../licences/holders.ts';
import { sealKeptLicences } from '../licences/personal-data-migration.ts';
import { createLicenceStore } from '../licences/store.ts';

export interface StepReport {
  /** Rows of the step's kind read. */
  read: number;
  /** Rows that held personal data in clear and now hold it sealed. */
  sealed: number;
  /** Rows that changed while being sealed and were read again. */
  retried: number;
}

export const migrationSteps = ['cases', 'licences', 'appointments'] as const;
export type MigrationStep = (typeof migrationSteps)[number];

/** Where a migration stopped: the step it was in and the scan's next key in it. */
export interface MigrationPosition {
  step: MigrationStep;
  start?: Record<string, unknown>;
}

export interface MigrationRun {
  /** What each step read and sealed in this call. */
  report: Partial<Record<MigrationStep, StepReport>>;
  /** Where to go on from; absent when every step has finished. */
  next?: MigrationPosition;
}

type Step = (
  start: Record<string, unknown> | undefined,
  until: number | undefined,
) => Promise<StepReport & { next?: Record<string, unknown> }>;

export const createPersonalDataMigration = (deps: {
  db: DynamoDBDocumentClient;
  table: string;
  personal: PersonalData;
}) => {
  const { db, table, personal } = deps;
  const steps: Record<MigrationStep, Step> = {
    cases: async (start, until) => {
      const { cases, ...rest } = await sealKeptCases({
        db,
        table,
        store: createCaseStore(db, table),
        items: createItemSource(createCatalogueStore(db, table)),
        sealing: createCaseSealing(personal, table),
        ...(start ? { start } : {}),
        ...(until !== undefined ? { until } : {}),
      });
      return { read: cases, ...rest };
    },
    licences: async (start, until) => {
      const { licences, ...rest } = await sealKeptLicences({
        db,
        table,
        store: createLicenceStore(db, table),
        holders: createLicenceHolders(personal, table),
        ...(start ? { start } : {}),
        ...(until !== undefined ? { until } : {}),
      });
      return { read: licences, ...rest };
    },
    appointments: (start, until) =>
      sealKeptAppointments({
        db,
        table,
        sealing: createAppointmentSealing(personal, table),
        ...(start ? { start } : {}),
        ...(until !== undefined ? { until } : {}),
      }),
  };

  /** Runs from `from` (the beginning when absent) until every step is done or `until` has passed. */
  const run = async (options: { from?: MigrationPosition; until?: number } = {}): Promise<MigrationRun> => {
    const report: MigrationRun['report'] = {};
    const first = options.from ? migrationSteps.indexOf(options.from.step) : 0;
    for (let i = Math.max(first, 0); i < migrationSteps.length; i++) {
      const step = migrationSteps[i]!;
      const start = i === first ? options.from?.start : undefined;
      const { next, ...done } = await steps[step](start, options.until);
      report[step] = done;
      if (next) return { report, next: { step, start: next } };
      if (options.until !== undefined && Date.now() >= options.until && i + 1 < migrationSteps.length)
        return { report, next: { step: migrationSteps[i + 1]! } };
    }
    return { report };
  };

  return { run };
};
