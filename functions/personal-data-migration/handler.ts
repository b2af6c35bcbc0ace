// Personal-data-migration function: the stack's custom resource runs it on every deploy, after the table
// and the personal-data key exist (the CDK Provider framework calls it once to start and then every minute
// until it says it is complete). Each call seals rows for at most ten minutes — well within Lambda's
// fifteen — and keeps where it stopped in the table, so the next call of the same deploy goes on from there;
// a new deploy starts again from the beginning (every step is idempotent: sealed rows are only read). An
// error fails the call, and with it the deploy. Deleting the stack migrates nothing.
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import * as z from 'zod';
import { dynamo } from '../lib/dynamo.ts';
import { resource } from '../lib/env.ts';
import { kms } from '../lib/kms.ts';
import { logger } from '../lib/logger.ts';
import { createPersonalData } from '../lib/personal-data.ts';
import { createPersonalDataMigration, type MigrationPosition, migrationSteps } from './migration.ts';

/** MIGRATION#personal-data / STATE: the deploy being migrated and where its migration stopped. */
export const migrationStateKey = { pk: 'MIGRATION#personal-data', sk: 'STATE' } as const;
/** The custom resource's one physical id: there is one migration per stack. */
export const physicalResourceId = 'personal-data-migration';
/** A call stops starting pages after this long (and always a minute before its own timeout). */
const callBudgetMs = 600_000;

const request = z.looseObject({
  RequestType: z.enum(['Create', 'Update', 'Delete']),
  RequestId: z.string().min(1),
});
const stateSchema = z.object({
  requestId: z.string(),
  next: z
    .object({ step: z.enum(migrationSteps), start: z.record(z.string(), z.unknown()).optional() })
    .optional(),
  done: z.boolean(),
});

const table = resource('TABLE_NAME');
const db = dynamo();
const migration = createPersonalDataMigration({
  db,
  table,
  personal: createPersonalData({ kms: kms(), db, keyId: resource('PERSONAL_DATA_KEY_ID'), table }),
});

export const handler = middy(async (event: unknown, context: Context) => {
  const parsed = request.safeParse(event);
  if (!parsed.success) throw new Error('Not a custom resource request');
  const { RequestType, RequestId } = parsed.data;
  if (RequestType === 'Delete') return { PhysicalResourceId: physicalResourceId, IsComplete: true };

  const kept = stateSchema.safeParse(
    (await db.send(new GetCommand({ TableName: table, Key: migrationStateKey, ConsistentRead: true }))).Item,
  );
  const state = kept.success && kept.data.requestId === RequestId ? kept.data : undefined;
  if (state?.done) return { PhysicalResourceId: physicalResourceId, IsComplete: true };

  const until = Date.now() + Math.min(callBudgetMs, context.getRemainingTimeInMillis() - 60_000);
  const from: MigrationPosition | undefined = state?.next;
  const { report, next } = await migration.run({ ...(from ? { from } : {}), until });
  await db.send(
    new PutCommand({
      TableName: table,
      Item: { ...migrationStateKey, requestId: RequestId, ...(next ? { next } : {}), done: !next },
    }),
  );
  // Counts only: which rows were sealed is not logged.
  logger.info('personal data migrated', {
    report,
    complete: !next,
    ...(next ? { stoppedIn: next.step } : {}),
  });
  return { PhysicalResourceId: physicalResourceId, IsComplete: !next };
});
