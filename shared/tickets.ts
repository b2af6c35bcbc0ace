// 12345 诉求工单 requests and complaints: a citizen (web, app) or a hotline operator on someone's behalf
// files a ticket of one of six types; the service centre dispatches it to a lead unit (主办) and assisting
// units (协办) within the dispatch limit (emergencies 1 hour, otherwise 1 working day); the lead unit signs
// for it or sends it back with reasons within 1 working day; it handles it within the type's limit (working
// days, per the jurisdiction's config), asking the centre for a formal extension when needed; it replies;
// the centre makes the return visit (回访) and records satisfaction; an unsatisfied filer may reopen the
// ticket within a window; then it is closed. Near a limit the platform reminds the unit (催办); past it,
// the ticket is escalated to the supervisors (督办). One table of steps says which step may follow which
// status and who may take it, as the case lifecycle does.
import * as z from 'zod';
import type { WorkingCalendar } from './calendar.ts';
import { formatCaseNumber, parseCaseNumber } from './cases/case-number.ts';
import { addCalendarDays, toLocalDate } from './dates.ts';
import type { Principal } from './identity.ts';
import type { SealedValue } from './sealed.ts';
import { defaultTicketLimits, type TicketsConfig } from './tickets-config.ts';

/** The service centre (政务服务中心) that runs the 12345 desk, dispatches and visits. */
export const SERVICE_CENTRE = 'zwfw';

export const ticketTypes = {
  enquiry: '咨询',
  help: '求助',
  complaint: '投诉',
  report: '举报',
  suggestion: '建议',
  'data-dispute': '数据异议',
} as const;
export type TicketType = keyof typeof ticketTypes;
export const TICKET_TYPES = Object.keys(ticketTypes) as [TicketType, ...TicketType[]];
export { defaultTicketLimits, type TicketsConfig, ticketsConfigSchema } from './tickets-config.ts';

export const ticketChannels = { web: '网站', app: '移动端', hotline: '12345 热线' } as const;
export type TicketChannel = keyof typeof ticketChannels;

export const TICKET_STATUSES = [
  'filed', // 待派单: awaiting dispatch by the centre (again, after a send-back)
  'dispatched', // 待签收: awaiting the lead unit's sign-for
  'handling', // 办理中
  'replied', // 待回访: answered, awaiting the return visit
  'visited', // 已回访 unsatisfied: the filer may reopen within the window
  'closed', // 已办结
] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];
export const openStatuses: ReadonlySet<TicketStatus> = new Set(TICKET_STATUSES.filter((s) => s !== 'closed'));

export const ticketStatusNames: Record<TicketStatus, string> = {
  filed: '待派单',
  dispatched: '待签收',
  handling: '办理中',
  replied: '待回访',
  visited: '已回访',
  closed: '已办结',
};

export const handlingLimitOf = (config: TicketsConfig, type: TicketType) =>
  config.limits[type] ?? defaultTicketLimits[type];

/** 满意度 of the return visit: the five levels of 好差评 (shared/ratings.ts); 4 and 5 are unsatisfied. */
export const isUnsatisfied = (level: number) => level >= 4;

// --- input --------------------------------------------------------------------------------------------

const text = (min: number, max: number) => z.string().trim().min(min).max(max);
const departmentCode = z.string().regex(/^[a-z][a-z0-9-]{1,31}$/, 'a department code of this jurisdiction');
const uploadKey = z
  .string()
  .regex(/^uploads\/[A-Za-z0-9_-]{1,64}\/[A-Za-z0-9._-]{1,200}$/, 'the key POST /uploads returned');

export const ticketInputSchema = z
  .object({
    type: z.enum(TICKET_TYPES, { error: `one of ${TICKET_TYPES.join(', ')}` }),
    text: text(5, 2000).describe('诉求内容: what happened, what you ask for'),
    location: text(2, 200).optional().describe('事发地点'),
    emergency: z.boolean().default(false),
    attachments: z.array(uploadKey).max(5).default([]),
    /** 数据异议: the licence the data dispute is about. */
    licenceId: z.string().min(10).max(120).optional(),
    channel: z.enum(['web', 'app', 'hotline']).default('web'),
    /** A hotline operator files for a caller: who they are and how to reach them. */
    onBehalfOf: z
      .object({ name: text(1, 64), mobile: z.string().regex(/^1\d{10}$/, 'an 11-digit mobile number') })
      .optional(),
    /** Filed from a question the knowledge base could not answer (人工 hand-off). */
    question: text(2, 200).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.type === 'data-dispute' && !v.licenceId)
      ctx.addIssue({ code: 'custom', path: ['licenceId'], message: '数据异议须指明证照 (name the licence)' });
    if (v.type !== 'data-dispute' && v.licenceId)
      ctx.addIssue({ code: 'custom', path: ['licenceId'], message: 'only a data dispute names a licence' });
  });
export type TicketInput = z.infer<typeof ticketInputSchema>;

/** 匿名举报: only a report may be filed without signing in. */
export const anonymousInputSchema = z.object({
  type: z.literal('report', { error: '只有举报可以匿名 (only a report may be anonymous)' }),
  text: text(10, 2000),
  location: text(2, 200).optional(),
  emergency: z.boolean().default(false),
  attachments: z.array(uploadKey).max(5).default([]),
  channel: z.enum(['web', 'app']).default('web'),
});
export type AnonymousInput = z.infer<typeof anonymousInputSchema>;

export const dispatchInputSchema = z.object({
  lead: departmentCode,
  assisting: z.array(departmentCode).max(5).default([]),
  opinion: text(2, 500).optional(),
});
export const resolutionSchema = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('confirmed') }),
  z.object({
    outcome: z.literal('corrected'),
    fields: z
      .array(z.object({ key: z.string().min(1).max(40), value: z.string().trim().min(1).max(200) }))
      .min(1)
      .max(20),
  }),
]);
export type Resolution = z.infer<typeof resolutionSchema>;

// --- the ticket -----------------------------------------------------------------------------------------

export interface TicketActor {
  sub: string;
  name: string;
  role: string;
  department?: string;
}

export interface Ticket {
  ticketNumber: string;
  type: TicketType;
  text: string;
  location?: string;
  emergency: boolean;
  attachments: string[];
  channel: TicketChannel;
  anonymous: boolean;
  /** The signed-in filer (or the operator who filed on someone's behalf); absent when anonymous. */
  filedBy?: string;
  /** A caller a hotline operator filed for (name and mobile stay on the ticket, never in events or logs). */
  caller?: {
    name: string;
    /** Stored: the mask of the sealed mobile; shown opened to the units that call back. */
    mobile: string;
    sealed?: SealedValue;
  };
  /** sha256 of the query code (查询码) that lets the filer (anonymous too) follow it. */
  queryCodeHash: string;
  question?: string;
  licenceId?: string;
  status: TicketStatus;
  filedAt: string;
  /** The dispatch suggestion made at filing, shown to the centre. */
  suggestion?: DispatchSuggestionView;
  lead?: string;
  assisting: string[];
  dispatchedAt?: string;
  signedAt?: string;
  /** Every send-back, with its reasons (the centre re-dispatches). */
  sendBacks: Array<{ at: string; department: string; reasons: string }>;
  /** Deadlines as ISO instants, on working days of the jurisdiction's calendar. */
  dispatchBy?: string;
  signBy?: string;
  /** The handling limit: the last local date, and its instant (the end of that day). */
  dueDate?: string;
  handleBy?: string;
  extensions: Array<{
    requestedAt: string;
    days: number;
    reasons: string;
    by: string;
    decision?: { at: string; approved: boolean; opinion: string; by: string };
  }>;
  remindedAt?: string;
  escalations: Array<{ at: string; stage: 'dispatch' | 'sign' | 'handle' }>;
  reply?: { at: string; by: string; department: string; text: string };
  resolution?: Resolution & { licenceId?: string };
  visit?: { at: string; by: string; level: number; note?: string };
  reopenUntil?: string;
  reopens: Array<{ at: string; reason: string }>;
  /** 协办: each assisting unit's signature for its part and its opinion to the lead unit, by department. */
  assistance?: Record<
    string,
    { signedAt: string; signedBy: string; opinion?: { at: string; by: string; text: string } }
  >;
  closedAt?: string;
  /** Revision for optimistic concurrency; entries in the hash-chained history. */
  rev: number;
  historyLength: number;
  lastHash: string;
}

export interface DispatchSuggestionView {
  departments: Array<{
    department: string;
    score: number;
    reasons: Array<{ source: string; matched: string[] }>;
  }>;
}

// --- ticket numbers -------------------------------------------------------------------------------------

/** 工单编号: `T` and the shape of a case number (division, date, the day's sequence, check character). */
export const formatTicketNumber = (divisionCode: string, date: string, sequence: number) =>
  `T${formatCaseNumber({ divisionCode, date, sequence })}`;
export const isTicketNumber = (text: string) =>
  text.startsWith('T') && parseCaseNumber(text.slice(1)) !== undefined;
export const ticketNumberSchema = z
  .string()
  .max(51)
  .refine(isTicketNumber, '不是有效的工单编号 (not a valid ticket number)');

// --- steps ----------------------------------------------------------------------------------------------

export type TicketStep =
  | 'dispatch'
  | 'sign'
  | 'send-back'
  | 'request-extension'
  | 'decide-extension'
  | 'reply'
  | 'visit'
  | 'reopen'
  | 'close'
  | 'assist-sign'
  | 'contribute';

/**
 * Who takes a step: the centre (its staff, or a supervisor), the lead unit's staff, an assisting unit's staff
 * (协办), or the filer.
 */
export type StepActor = 'centre' | 'lead' | 'assisting' | 'filer';

/** Which step may follow which status, who takes it, and the status after (undefined: as the step says). */
export const ticketSteps: Record<
  TicketStep,
  { from: readonly TicketStatus[]; by: readonly StepActor[]; to?: TicketStatus }
> = {
  dispatch: { from: ['filed'], by: ['centre'], to: 'dispatched' },
  sign: { from: ['dispatched'], by: ['lead'], to: 'handling' },
  'send-back': { from: ['dispatched'], by: ['lead'], to: 'filed' },
  'request-extension': { from: ['handling'], by: ['lead'], to: 'handling' },
  'decide-extension': { from: ['handling'], by: ['centre'], to: 'handling' },
  reply: { from: ['handling'], by: ['lead'], to: 'replied' },
  // Satisfied: closed at once; unsatisfied: the reopen window opens.
  visit: { from: ['replied'], by: ['centre'] },
  reopen: { from: ['visited'], by: ['filer', 'centre'], to: 'handling' },
  close: { from: ['visited', 'replied'], by: ['centre'], to: 'closed' },
  // 协办: an assisting unit signs for its part, then gives its opinion to the lead unit, which reads it before
  // it replies (the status stays the lead's).
  'assist-sign': { from: ['dispatched', 'handling'], by: ['assisting'] },
  contribute: { from: ['handling'], by: ['assisting'] },
};

/** The roles a principal acts in on a ticket. */
export const actorsOf = (
  t: Pick<Ticket, 'lead' | 'filedBy'> & Partial<Pick<Ticket, 'assisting'>>,
  p: Principal,
): Set<StepActor> => {
  const out = new Set<StepActor>();
  if (
    (p.department === SERVICE_CENTRE && (p.role === 'clerk' || p.role === 'supervisor')) ||
    p.role === 'supervisor'
  )
    out.add('centre');
  if (t.lead && p.department === t.lead && p.role !== 'admin') out.add('lead');
  if (p.department && t.assisting?.includes(p.department) && p.role !== 'admin') out.add('assisting');
  if (t.filedBy && p.sub === t.filedBy) out.add('filer');
  return out;
};

export type StepProblem = { kind: 'status'; message: string } | { kind: 'actor'; message: string };

/** Why a step cannot be taken now by this principal, or undefined when it can. */
export const stepProblem = (
  t: Ticket,
  step: TicketStep,
  p: Principal,
  now: Date,
): StepProblem | undefined => {
  const rule = ticketSteps[step];
  const actors = actorsOf(t, p);
  if (!rule.by.some((a) => actors.has(a)))
    return { kind: 'actor', message: `${step}: for ${rule.by.join(' or ')} of ticket ${t.ticketNumber}` };
  if (!rule.from.includes(t.status))
    return { kind: 'status', message: `The ticket is ${t.status}: ${step} is not possible now.` };
  const pending = t.extensions.some((e) => !e.decision);
  if (step === 'request-extension' && pending)
    return { kind: 'status', message: 'An extension request is awaiting the centre’s decision.' };
  if (step === 'decide-extension' && !pending)
    return { kind: 'status', message: 'There is no extension request to decide.' };
  if (step === 'reopen') {
    if (!t.visit || !isUnsatisfied(t.visit.level))
      return { kind: 'status', message: 'Only a ticket whose return visit was unsatisfied may be reopened.' };
    if (t.reopenUntil && now.toISOString() > t.reopenUntil)
      return { kind: 'status', message: `The reopen window ended at ${t.reopenUntil}.` };
  }
  const assisted = p.department ? t.assistance?.[p.department] : undefined;
  if (step === 'assist-sign' && assisted)
    return { kind: 'status', message: 'Your unit has signed for its part already.' };
  if (step === 'contribute' && !assisted)
    return { kind: 'status', message: 'Sign for your part first (协办签收).' };
  if (step === 'contribute' && assisted?.opinion)
    return { kind: 'status', message: 'Your unit has given its opinion already.' };
  if (step === 'close' && t.status === 'replied')
    return { kind: 'status', message: 'A replied ticket is closed by its return visit.' };
  return undefined;
};

// --- deadlines on working days --------------------------------------------------------------------------

/** The zone's offset from UTC at an instant, in minutes (480 in Beijing). */
const offsetMinutes = (at: Date, timeZone: string) => {
  const name =
    new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
      .formatToParts(at)
      .find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
};

/** The instant of a local date and time ('HH:MM:SS') in the jurisdiction's zone. */
export const zonedInstant = (date: string, time: string, timeZone: string): Date => {
  const guess = new Date(`${date}T${time}Z`);
  return new Date(guess.getTime() - offsetMinutes(guess, timeZone) * 60_000);
};

/** The local wall-clock time 'HH:MM:SS' of an instant. */
const localTime = (at: Date, timeZone: string) =>
  new Date(at.getTime() + offsetMinutes(at, timeZone) * 60_000).toISOString().slice(11, 19);

/**
 * `days` working days after an instant, at the same local time: what "within 1 working day" means for
 * dispatch and sign-for. From a day off the count starts at the next working day's opening (09:00).
 */
export const addWorkingDaysAt = (
  calendar: WorkingCalendar,
  at: Date,
  days: number,
  timeZone: string,
): Date => {
  const date = toLocalDate(at, timeZone);
  if (!calendar.isWorkingDay(date)) {
    const next = calendar.addWorkingDays(date, 0);
    return zonedInstant(calendar.addWorkingDays(next, days - 1), '17:00:00', timeZone);
  }
  const day = zonedInstant(calendar.addWorkingDays(date, days), localTime(at, timeZone), timeZone);
  return new Date(day.getTime() + at.getUTCMilliseconds());
};

/** The end of a local date (the first instant of the next day), when a limit "by that date" has passed. */
export const endOfLocalDay = (date: string, timeZone: string) => {
  return zonedInstant(addCalendarDays(date, 1), '00:00:00', timeZone);
};

export const dispatchDeadline = (
  calendar: WorkingCalendar,
  config: TicketsConfig,
  filedAt: Date,
  emergency: boolean,
  timeZone: string,
) =>
  emergency
    ? new Date(filedAt.getTime() + config.dispatchEmergencyHours * 3_600_000)
    : addWorkingDaysAt(calendar, filedAt, config.dispatchWorkingDays, timeZone);

/** The handling limit from the sign-for (or a reopen): the type's working days plus approved extensions. */
export const handlingDue = (
  calendar: WorkingCalendar,
  config: TicketsConfig,
  t: Pick<Ticket, 'type' | 'extensions'>,
  from: Date,
  timeZone: string,
) => {
  const extra = t.extensions.reduce((s, e) => s + (e.decision?.approved ? e.days : 0), 0);
  const dueDate = calendar.addWorkingDays(
    toLocalDate(from, timeZone),
    handlingLimitOf(config, t.type) + extra,
  );
  return { dueDate, handleBy: endOfLocalDay(dueDate, timeZone).toISOString() };
};

/** The 催办 day: `remindWorkingDaysBefore` working days before the due date (not before the sign-for). */
export const reminderDate = (
  calendar: WorkingCalendar,
  config: TicketsConfig,
  signedOn: string,
  dueDate: string,
) => {
  const left = calendar.workingDaysBetween(signedOn, dueDate);
  const back = Math.min(config.remindWorkingDaysBefore, Math.max(0, left - 1));
  return calendar.addWorkingDays(signedOn, left - back);
};

export type Timer =
  | { kind: 'escalate'; stage: 'dispatch' | 'sign' | 'handle'; at: string }
  | { kind: 'remind'; at: string }
  | { kind: 'auto-close'; at: string };

/**
 * The timers of the ticket's current status that have not fired yet, earliest first: what the state
 * machine waits for. Escalation fires once per stage; the reminder once per handling period.
 */
export const pendingTimers = (
  t: Ticket,
  calendar: WorkingCalendar,
  config: TicketsConfig,
  timeZone: string,
): Timer[] => {
  const escalated = (stage: 'dispatch' | 'sign' | 'handle', since?: string) =>
    t.escalations.some((e) => e.stage === stage && (!since || e.at >= since));
  const timers: Timer[] = [];
  switch (t.status) {
    case 'filed':
      if (t.dispatchBy && !escalated('dispatch', lastReturnAt(t)))
        timers.push({ kind: 'escalate', stage: 'dispatch', at: t.dispatchBy });
      break;
    case 'dispatched':
      if (t.signBy && !escalated('sign', t.dispatchedAt))
        timers.push({ kind: 'escalate', stage: 'sign', at: t.signBy });
      break;
    case 'handling': {
      const since = handlingSince(t);
      if (t.dueDate && since && !(t.remindedAt && t.remindedAt >= since)) {
        const day = reminderDate(calendar, config, toLocalDate(new Date(since), timeZone), t.dueDate);
        timers.push({ kind: 'remind', at: zonedInstant(day, '09:00:00', timeZone).toISOString() });
      }
      if (t.handleBy && !escalated('handle', since))
        timers.push({ kind: 'escalate', stage: 'handle', at: t.handleBy });
      break;
    }
    case 'visited':
      if (t.reopenUntil) timers.push({ kind: 'auto-close', at: t.reopenUntil });
      break;
    default:
      break;
  }
  return timers.sort((a, b) => a.at.localeCompare(b.at));
};

/** When the ticket last came back to the centre (a send-back), if ever. */
const lastReturnAt = (t: Ticket) => t.sendBacks.at(-1)?.at;
/** When the current handling period began: the sign-for, or the last reopen. */
export const handlingSince = (t: Ticket) => t.reopens.at(-1)?.at ?? t.signedAt;

/** Whether a ticket is past the deadline of its current stage on `now`. */
export const overdueStage = (t: Ticket, now: Date): 'dispatch' | 'sign' | 'handle' | undefined => {
  const iso = now.toISOString();
  if (t.status === 'filed' && t.dispatchBy && iso > t.dispatchBy) return 'dispatch';
  if (t.status === 'dispatched' && t.signBy && iso > t.signBy) return 'sign';
  if (t.status === 'handling' && t.handleBy && iso > t.handleBy) return 'handle';
  return undefined;
};

/** Age in working days since filing (the centre's board sorts and groups by it). */
export const ageInWorkingDays = (
  calendar: WorkingCalendar,
  t: Pick<Ticket, 'filedAt'>,
  now: Date,
  timeZone: string,
) => calendar.workingDaysBetween(toLocalDate(new Date(t.filedAt), timeZone), toLocalDate(now, timeZone));
