// The tickets use cases wired once per container from the function's bindings: the table, the calendar,
// the ticket workflow, the knowledge base's passages (for the dispatch suggestion) and the licences a data
// dispute names. The workflow-only function builds the same service without the passages.
import type { Passage } from '../../shared/answers.ts';
import {
  buildDispatchIndex,
  type DispatchIndex,
  dispatchDocumentsOf,
  dispatchKeywords,
} from '../../shared/ticket-dispatch.ts';
import { tableCalendarSource } from '../calendar/wiring.ts';
import { createWorkflowEngine } from '../cases/workflow-engine.ts';
import { answersKey, createObjectReader } from '../catalogue/search-snapshot.ts';
import { clock } from '../lib/clock.ts';
import { dynamo } from '../lib/dynamo.ts';
import { isBound, jurisdiction, resource } from '../lib/env.ts';
import { kms } from '../lib/kms.ts';
import { logger } from '../lib/logger.ts';
import { createPersonalData } from '../lib/personal-data.ts';
import { s3 } from '../lib/s3.ts';
import { sfn } from '../lib/sfn.ts';
import { createLicenceHolders } from '../licences/holders.ts';
import { createLicenceStore } from '../licences/store.ts';
import { createTickets } from './service.ts';
import { createTicketStore } from './store.ts';

export const ticketService = (options: { passages: boolean }) => {
  const tableName = resource('TABLE_NAME');
  const keywords = dispatchKeywords(jurisdiction.tickets.keywords);
  const departmentNames = Object.fromEntries(jurisdiction.departments.map((d) => [d.code, d.name]));
  const dispatchIndex: () => Promise<DispatchIndex> = options.passages
    ? createObjectReader<DispatchIndex>(
        s3(),
        resource('ASSET_BUCKET_NAME'),
        answersKey,
        (bytes) =>
          buildDispatchIndex(
            dispatchDocumentsOf(JSON.parse(Buffer.from(bytes).toString('utf8')) as Passage[]),
            keywords,
            { departmentNames },
          ),
        () => buildDispatchIndex([], keywords, { departmentNames }),
      )
    : async () => buildDispatchIndex([], keywords, { departmentNames });
  const licences = createLicenceStore(dynamo(), tableName);
  const personal = isBound('PERSONAL_DATA_KEY_ID')
    ? createPersonalData({
        kms: kms(),
        db: dynamo(),
        keyId: resource('PERSONAL_DATA_KEY_ID'),
        table: tableName,
      })
    : undefined;
  const holders = personal ? createLicenceHolders(personal, tableName) : undefined;
  return createTickets({
    store: createTicketStore(dynamo(), tableName),
    jurisdiction,
    clock,
    calendars: tableCalendarSource(tableName),
    ...(personal ? { personal } : {}),
    engine: createWorkflowEngine(
      sfn(),
      () => resource('TICKET_STATE_MACHINE_ARN'),
      (ticketNumber) => ({ ticketNumber }),
    ),
    dispatchIndex,
    licence: async (id) => {
      const stored = await licences.get(id);
      return stored
        ? {
            id,
            name: stored.record.name,
            issuerDepartment: stored.record.issuer.department,
            // A data dispute is filed by the holder: their number opened (or, unsealed, as stored).
            holderId: holders ? (await holders.open(stored.record)).idNumber : stored.record.holder.idNumber,
          }
        : undefined;
    },
    log: (message, details) => logger.warn(message, details),
  });
};
