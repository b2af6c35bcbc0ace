// The case use-cases wired to their adapters, once per container: every case function (applicants, staff,
// the workflow's callbacks) builds the same service from the resources its manifest bindings name.
import { WorkingCalendar } from '../../shared/calendar.ts';
import { createCatalogueStore } from '../catalogue/store.ts';
import { clock } from '../lib/clock.ts';
import { dynamo } from '../lib/dynamo.ts';
import { jurisdiction, resource } from '../lib/env.ts';
import { publishEvents } from '../lib/events.ts';
import { logger } from '../lib/logger.ts';
import { s3 } from '../lib/s3.ts';
import { sfn } from '../lib/sfn.ts';
import { createItemSource, createUploads, createWorkflowEngine } from './adapters.ts';
import { createApply } from './apply.ts';
import { type CaseDeps, createContext } from './context.ts';
import { createHandling } from './handling.ts';
import { createReading } from './reading.ts';
import { createReview } from './review.ts';
import { createCaseStore } from './store.ts';

export const createCaseService = (deps: CaseDeps) => {
  const ctx = createContext(deps);
  return {
    apply: createApply(ctx),
    ...createHandling(ctx),
    review: createReview(ctx),
    read: createReading(ctx),
  };
};
export type CaseService = ReturnType<typeof createCaseService>;

let service: CaseService | undefined;
let uploads: ReturnType<typeof createUploads> | undefined;

/** Materials bucket adapter of this container (presigned uploads). */
export const uploadStore = () => {
  uploads ??= createUploads(s3(), resource('MATERIALS_BUCKET_NAME'));
  return uploads;
};

/** The service of this container, from the bound resources. */
export const caseService = () => {
  if (!service) {
    const table = resource('TABLE_NAME');
    service = createCaseService({
      store: createCaseStore(dynamo(), table),
      items: createItemSource(createCatalogueStore(dynamo(), table)),
      // Resolved at first use: not every case function is bound to the bucket or may start executions.
      uploads: { head: (key) => uploadStore().head(key) },
      workflow: createWorkflowEngine(sfn(), () => resource('STATE_MACHINE_ARN')),
      publish: publishEvents,
      clock,
      jurisdiction,
      calendar: WorkingCalendar.forJurisdiction(jurisdiction.calendar),
      log: (message, details) => logger.warn(message, details),
    });
  }
  return service;
};
