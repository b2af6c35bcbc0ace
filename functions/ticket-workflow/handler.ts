// Ticket-workflow function: the ticket state machine's side (statemachines/ticket.asl.json). Step Functions
// invokes it to plan the next wait (a step or the next timer on working days), to keep the callback token
// on the ticket, to fire the timers that fell due (催办 reminder, 督办 escalation, the close after the reopen
// window) and to record a corrected licence. Payloads carry ticket numbers and licence ids only.
import middy from '@middy/core';
import * as z from 'zod';
import { ticketNumberSchema } from '../../shared/tickets.ts';
import { logger } from '../lib/logger.ts';
import { ticketService } from '../tickets/wiring.ts';

export const ticketWorkflowPayload = z.discriminatedUnion('action', [
  z.object({ action: z.literal('plan'), ticketNumber: ticketNumberSchema }),
  z.object({ action: z.literal('await'), ticketNumber: ticketNumberSchema, taskToken: z.string().min(1) }),
  z.object({ action: z.literal('lapse'), ticketNumber: ticketNumberSchema }),
  z.object({
    action: z.literal('reissued'),
    ticketNumber: ticketNumberSchema,
    licenceId: z.string().min(10).max(120),
  }),
]);

const tickets = ticketService({ passages: false });

export const handler = middy(async (event: unknown) => {
  const parsed = ticketWorkflowPayload.safeParse(event);
  if (!parsed.success) {
    logger.error('malformed ticket workflow payload', {
      issues: parsed.error.issues.map((i) => i.path.join('.')),
    });
    throw new Error('Malformed ticket workflow payload');
  }
  const input = parsed.data;
  switch (input.action) {
    case 'plan':
      return tickets.plan(input.ticketNumber);
    case 'await':
      return tickets.registerToken(input.ticketNumber, input.taskToken);
    case 'lapse': {
      const result = await tickets.lapse(input.ticketNumber);
      logger.info('ticket timers', { ticketNumber: input.ticketNumber, fired: result.fired });
      return result;
    }
    case 'reissued':
      return tickets.reissued(input.ticketNumber, input.licenceId);
  }
});
