// Case-workflow function: the review state machine's side of the cases (statemachines/case-review.asl.json).
// Step Functions invokes it to plan the stages, register each department task with its callback token,
// flag a late case, and complete the case when the workflow ends. Payloads carry case numbers and task
// ids only, and are validated like any other input: a malformed one is a bug in the definition.
import middy from '@middy/core';
import * as z from 'zod';
import { caseNumberSchema } from '../../shared/cases/case-number.ts';
import { createReview } from '../cases/review.ts';
import { caseContext } from '../cases/service.ts';
import { logger } from '../lib/logger.ts';

const taskId = z.string().min(1).max(60);

export const workflowPayload = z.discriminatedUnion('action', [
  z.object({ action: z.literal('plan'), caseNumber: caseNumberSchema }),
  z.object({
    action: z.literal('await'),
    caseNumber: caseNumberSchema,
    taskId,
    taskToken: z.string().min(1),
  }),
  z.object({ action: z.literal('overdue'), caseNumber: caseNumberSchema, taskId }),
  z.object({
    action: z.literal('complete'),
    caseNumber: caseNumberSchema,
    outcome: z.enum(['approved', 'denied']),
    taskId: taskId.optional(),
    licenceId: z.string().min(1).max(120).nullable().optional(),
  }),
]);

const ctx = caseContext();
const review = createReview(ctx);

export const handler = middy(async (event: unknown) => {
  const parsed = workflowPayload.safeParse(event);
  if (!parsed.success) {
    logger.error('malformed workflow payload', { issues: parsed.error.issues.map((i) => i.path.join('.')) });
    throw new Error('Malformed workflow payload');
  }
  const input = parsed.data;
  switch (input.action) {
    case 'plan':
      return review.plan(input.caseNumber);
    case 'await':
      await review.awaitDecision(input.caseNumber, input.taskId, input.taskToken);
      return { registered: input.taskId };
    case 'overdue':
      return review.overdue(input.caseNumber, input.taskId);
    case 'complete':
      return review.complete(input.caseNumber, input.outcome, {
        ...(input.taskId ? { deniedTask: input.taskId } : {}),
        ...(input.licenceId ? { licenceId: input.licenceId } : {}),
      });
  }
}).before(async () => {
  // Overdue checks count with the holiday arrangements as published a few seconds ago at most.
  await ctx.deps.calendars.fresh();
});
