// The shared context of the case use-cases, wired to its adapters once per container from the resources the
// function's bindings name. Each case function composes the use-cases it serves from it, so a function
// bundles only what it uses (the form validator and the S3 client only where applications arrive).
import { tableCalendarSource } from '../calendar/wiring.ts';
import { createCatalogueStore } from '../catalogue/store.ts';
import { clock } from '../lib/clock.ts';
import { dynamo } from '../lib/dynamo.ts';
import { isBound, jurisdiction, resource } from '../lib/env.ts';
import { kms } from '../lib/kms.ts';
import { logger } from '../lib/logger.ts';
import { createPersonalData } from '../lib/personal-data.ts';
import { sfn } from '../lib/sfn.ts';
import { type CaseContext, createContext } from './context.ts';
import { createItemSource } from './items.ts';
import { createCaseSealing } from './sealing.ts';
import { createCaseStore } from './store.ts';
import { createWorkflowEngine } from './workflow-engine.ts';

let context: CaseContext | undefined;

export const caseContext = () => {
  if (!context) {
    const table = resource('TABLE_NAME');
    context = createContext({
      store: createCaseStore(dynamo(), table),
      items: createItemSource(createCatalogueStore(dynamo(), table)),
      // Resolved at first use: not every case function may start executions.
      workflow: createWorkflowEngine(sfn(), () => resource('STATE_MACHINE_ARN')),
      clock,
      jurisdiction,
      calendars: tableCalendarSource(table),
      log: (message, details) => logger.warn(message, details),
      ...(isBound('PERSONAL_DATA_KEY_ID')
        ? {
            sealing: createCaseSealing(
              createPersonalData({
                kms: kms(),
                db: dynamo(),
                keyId: resource('PERSONAL_DATA_KEY_ID'),
                table,
              }),
              table,
            ),
          }
        : {}),
    });
  }
  return context;
};
