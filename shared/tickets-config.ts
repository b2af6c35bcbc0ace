// The limits of 12345 tickets a jurisdiction may set in its config (`tickets`); every field has a default.
// Kept apart from shared/tickets.ts so the jurisdiction schema can include it without importing the
// calendar (which imports the jurisdiction schema).
import * as z from 'zod';

const types = ['enquiry', 'help', 'complaint', 'report', 'suggestion', 'data-dispute'] as const;
type Type = (typeof types)[number];
const departmentCode = z.string().regex(/^[a-z][a-z0-9-]{1,31}$/, 'a department code of this jurisdiction');

/** Limits a jurisdiction may set (`tickets` in its config); every field has the default below. */
export const ticketsConfigSchema = z.strictObject({
  /** 办理时限 per type, in working days from the sign-for. */
  limits: z
    .strictObject(
      Object.fromEntries(types.map((t) => [t, z.number().int().min(1).max(60).optional()])) as Record<
        Type,
        z.ZodOptional<z.ZodNumber>
      >,
    )
    .default({}),
  /** 派单时限: hours for emergencies; working days otherwise. */
  dispatchEmergencyHours: z.number().int().min(1).max(24).default(1),
  dispatchWorkingDays: z.number().int().min(1).max(5).default(1),
  /** 签收时限 (or send back), in working days from the dispatch. */
  signWorkingDays: z.number().int().min(1).max(5).default(1),
  /** 催办: working days before the handling limit. */
  remindWorkingDaysBefore: z.number().int().min(1).max(5).default(1),
  /** The reopen window after an unsatisfied return visit, in working days. */
  reopenWorkingDays: z.number().int().min(1).max(30).default(5),
  /** Most extension days the centre may approve in total for one ticket. */
  maxExtensionWorkingDays: z.number().int().min(1).max(60).default(15),
  /** Words added to a department's dispatch keywords (shared/ticket-keywords.ts). */
  keywords: z.record(departmentCode, z.array(z.string().min(1).max(20)).max(200)).default({}),
});
export type TicketsConfig = z.infer<typeof ticketsConfigSchema>;

export const defaultTicketLimits: Record<Type, number> = {
  enquiry: 3,
  help: 5,
  complaint: 13,
  report: 15,
  suggestion: 10,
  'data-dispute': 10,
};
