// The calendar source of a function, wired to the jurisdiction's table and config. Each function that counts
// working days builds one per container (in its own wiring) and reads it fresh at the start of a request.
import { dynamo } from '../lib/dynamo.ts';
import { jurisdiction } from '../lib/env.ts';
import { logger } from '../lib/logger.ts';
import { createCalendarSource } from './source.ts';
import { createArrangementStore } from './store.ts';

export const tableCalendarSource = (tableName: string) =>
  createCalendarSource(createArrangementStore(dynamo(), tableName), jurisdiction.calendar, {
    log: (message, details) => logger.warn(message, details),
  });
