// 12345 诉求工单 use cases: filing, reading, queues and board, the steps of shared/tickets.ts, the dispatch
// suggestion, and the workflow's side (plan the next timer, keep its callback token, fire reminders,
// escalations and the automatic close, record a corrected licence). Every step is one transaction of the
// ticket, its history and its events (store.ts); a step that changes the ticket's timers wakes the
// ticket's workflow through the token it registered, so the next wait is planned at once.
import { createHash, randomInt } from 'node:crypto';
import { toLocalDate } from '../../shared/calendar.ts';
import { verifyChain } from '../../shared/cases/history.ts';
import type { Clock } from '../../shared/clock.ts';
import { conflict, forbidden, notFound, validationFailed } from '../../shared/errors.ts';
import { type DomainEvent, domainEvent, EventType } from '../../shared/events.ts';
import type { Principal } from '../../shared/identity.ts';
import type { Jurisdiction } from '../../shared/jurisdiction.ts';
import type { DispatchIndex } from '../../shared/ticket-dispatch.ts';
import {
  type AnonymousInput,
  actorsOf,
  addWorkingDaysAt,
  ageInWorkingDays,
  dispatchDeadline,
  formatTicketNumber,
  handlingDue,
  isUnsatisfied,
  openStatuses,
  overdueStage,
  pendingTimers,
  type Resolution,
  SERVICE_CENTRE,
  stepProblem,
  type Ticket,
  type TicketInput,
  type TicketStep,
  ticketStatusNames,
  ticketSteps,
  ticketTypes,
} from '../../shared/tickets.ts';
import type { CalendarSource } from '../calendar/source.ts';
import type { PersonalData } from '../lib/personal-data.ts';
import {
  type StoredTicket,
  type TicketChange,
  TicketConflict,
  type TicketRating,
  type TicketStore,
  ticketKey,
} from './store.ts';

/** The workflow engine as the tickets see it: start a ticket's flow, answer its callback token. */
export interface TicketEngine {
  start(ticketNumber: string): Promise<void>;
  /** false when the engine no longer waits for that token. */
  succeed(token: string, output: Record<string, unknown>): Promise<boolean>;
}

/** What the tickets need to know of a licence a data dispute names. */
export interface LicenceFacts {
  id: string;
  name: string;
  issuerDepartment: string;
  holderId: string;
}

const queryAlphabet = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const newQueryCode = () =>
  Array.from({ length: 8 }, () => queryAlphabet[randomInt(queryAlphabet.length)]).join('');
const hashCode = (code: string) => createHash('sha256').update(code.toUpperCase()).digest('base64url');

/** The longest a workflow waits before it looks again, whatever the timers say. */
const maxWaitSeconds = 7 * 86_400;
const system = { sub: 'ticket-workflow', name: '工单流程', role: 'system' };

export const createTickets = (deps: {
  store: TicketStore;
  jurisdiction: Jurisdiction;
  clock: Clock;
  calendars: CalendarSource;
  engine: TicketEngine;
  dispatchIndex: () => Promise<DispatchIndex>;
  licence: (id: string) => Promise<LicenceFacts | undefined>;
  log: (message: string, details: Record<string, unknown>) => void;
  /** Seals a caller's mobile when filed and opens it for the units that call back (personal-data:open). */
  personal?: PersonalData;
}) => {
  const { store, jurisdiction } = deps;
  const tz = jurisdiction.timezone;
  const config = jurisdiction.tickets;
  const departments = new Set(jurisdiction.departments.map((d) => d.code));
  const departmentName = (code: string) =>
    jurisdiction.departments.find((d) => d.code === code)?.name ?? code;

  const callerField = (ticketNumber: string) => ({
    table: deps.personal?.table ?? '',
    row: ticketKey(ticketNumber).pk,
    field: 'caller.mobile',
  });

  const actor = (p: Principal) => ({
    sub: p.sub,
    name: p.name,
    role: p.role,
    ...(p.department ? { department: p.department } : {}),
  });
  const eventOf = (
    type: EventType,
    t: Ticket,
    extra: { dueDate?: string; stage?: 'dispatch' | 'sign' | 'handle' } = {},
  ) =>
    domainEvent(type as typeof EventType.TicketFiled, {
      ticketNumber: t.ticketNumber,
      type: t.type,
      status: t.status,
      department: t.lead ?? SERVICE_CENTRE,
      anonymous: t.anonymous,
      ...extra,
    });

  /** Loads, changes and writes a ticket, again from the top when it moved meanwhile; wakes its workflow. */
  const mutate = async (
    n: string,
    change: (
      s: StoredTicket,
    ) => Promise<Omit<TicketChange, 'expectedRev' | 'token'>> | Omit<TicketChange, 'expectedRev' | 'token'>,
  ) => {
    for (let attempt = 0; ; attempt++) {
      const loaded = await store.load(n);
      if (!loaded) throw notFound(`No ticket ${n}.`);
      const planned = await change(loaded);
      try {
        const written = await store.write(
          { ...planned, expectedRev: loaded.ticket.rev, ...(loaded.token ? { token: loaded.token } : {}) },
          deps.clock.now(),
        );
        if (loaded.token) await wake(n, loaded.token);
        return written;
      } catch (error) {
        if (!(error instanceof TicketConflict) || attempt >= 3) {
          if (error instanceof TicketConflict) throw conflict(`Ticket ${n} changed meanwhile; try again.`);
          throw error;
        }
      }
    }
  };

  /** Tells the workflow the ticket moved; if the engine cannot hear it, the next timer replans anyway. */
  const wake = async (n: string, token: string) => {
    try {
      await deps.engine.succeed(token, {});
    } catch (error) {
      deps.log('the ticket workflow could not be woken; it replans at its next timer', {
        ticketNumber: n,
        error: (error as Error).name,
      });
    }
  };

  // --- filing -------------------------------------------------------------------------------------------

  const suggestFor = async (text: string) => {
    const index = await deps.dispatchIndex();
    return {
      departments: index
        .suggest(text, 3)
        .filter((s) => departments.has(s.department))
        .map((s) => ({ ...s, name: departmentName(s.department) })),
    };
  };

  const file = async (
    p: Principal | undefined,
    input: (TicketInput & { anonymous?: false }) | (AnonymousInput & { anonymous: true }),
  ) => {
    const now = deps.clock.now();
    const calendar = await deps.calendars.fresh();
    const anonymous = input.anonymous === true;
    let licence: LicenceFacts | undefined;
    let caller: Ticket['caller'];
    if (!anonymous) {
      if (!p) throw forbidden('Sign in to file a ticket.');
      const operator = p.role === 'clerk';
      if (operator && p.department !== SERVICE_CENTRE)
        throw forbidden('Only the service centre’s hotline operators file tickets for callers.');
      if (operator && !input.onBehalfOf)
        throw validationFailed([
          { path: 'body.onBehalfOf', message: '热线代填须写明来电人 (name the caller)' },
        ]);
      if (!operator && input.onBehalfOf)
        throw validationFailed([
          { path: 'body.onBehalfOf', message: 'only a hotline operator files for a caller' },
        ]);
      if (operator && input.onBehalfOf) caller = input.onBehalfOf;
      if (input.licenceId) {
        licence = await deps.licence(input.licenceId);
        const own = p.idNumber ?? p.creditCode;
        if (!licence || (!operator && licence.holderId !== own))
          throw validationFailed([
            { path: 'body.licenceId', message: '没有这张证照 (no such licence of yours)' },
          ]);
      }
    }
    const date = toLocalDate(now, tz);
    const ticketNumber = formatTicketNumber(jurisdiction.divisionCode, date, await store.nextSequence(date));
    const queryCode = newQueryCode();
    if (caller) {
      if (!deps.personal) throw new Error('Filing for a caller needs the personal-data:open binding');
      const sealed = await deps.personal.seal(callerField(ticketNumber), 'mobile', caller.mobile);
      caller = { name: caller.name, mobile: sealed.mask, sealed };
    }
    const suggestion = licence
      ? {
          departments: [
            {
              department: licence.issuerDepartment,
              name: departmentName(licence.issuerDepartment),
              score: 100,
              reasons: [{ source: '证照签发部门 the licence’s issuer', matched: [licence.name] }],
            },
          ],
        }
      : await suggestFor(input.text);
    const ticket: Ticket = {
      ticketNumber,
      type: input.type,
      text: input.text,
      ...(input.location ? { location: input.location } : {}),
      emergency: input.emergency,
      attachments: input.attachments,
      channel: !anonymous && caller ? 'hotline' : input.channel,
      anonymous,
      ...(!anonymous && p ? { filedBy: p.sub } : {}),
      ...(caller ? { caller } : {}),
      queryCodeHash: hashCode(queryCode),
      ...(!anonymous && input.question ? { question: input.question } : {}),
      ...(licence ? { licenceId: licence.id } : {}),
      status: 'filed',
      filedAt: now.toISOString(),
      suggestion,
      assisting: [],
      sendBacks: [],
      dispatchBy: dispatchDeadline(calendar, config, now, input.emergency, tz).toISOString(),
      extensions: [],
      escalations: [],
      reopens: [],
      rev: 0,
      historyLength: 0,
      lastHash: '',
    };
    const history: TicketChange['history'] = [
      {
        at: ticket.filedAt,
        actor: anonymous || !p ? { sub: 'anonymous', name: '匿名', role: 'public' } : actor(p),
        action: 'file',
        statusAfter: 'filed',
        details: {
          type: ticket.type,
          channel: ticket.channel,
          ...(ticket.question ? { handOff: true } : {}),
          ...(caller ? { onBehalf: true } : {}),
        },
      },
    ];
    const events = [eventOf(EventType.TicketFiled, ticket)];
    // 数据异议 goes straight to the department that issued the licence: there is nothing to classify.
    if (licence && departments.has(licence.issuerDepartment)) {
      ticket.lead = licence.issuerDepartment;
      ticket.status = 'dispatched';
      ticket.dispatchedAt = ticket.filedAt;
      ticket.signBy = addWorkingDaysAt(calendar, now, config.signWorkingDays, tz).toISOString();
      history.push({
        at: ticket.filedAt,
        actor: system,
        action: 'dispatch',
        statusBefore: 'filed',
        statusAfter: 'dispatched',
        details: {
          lead: ticket.lead,
          assisting: [],
          asSuggested: true,
          reason: 'licence issuer',
          signBy: ticket.signBy,
        },
      });
      events.push(eventOf(EventType.TicketDispatched, ticket));
    }
    const written = await store.write(
      {
        ticket,
        expectedRev: 'new',
        history,
        events,
      },
      now,
    );
    await startFlow(ticketNumber);
    return { ticketNumber, queryCode, status: written.status, dispatchBy: written.dispatchBy, suggestion };
  };

  const startFlow = async (n: string) => {
    try {
      await deps.engine.start(n);
    } catch (error) {
      // The ticket stands; its deadlines still show on the board. Starting again is harmless (named by number).
      deps.log('the ticket workflow did not start', { ticketNumber: n, error: (error as Error).name });
    }
  };

  // --- reading ------------------------------------------------------------------------------------------

  const mayRead = (t: Ticket, p: Principal) =>
    actorsOf(t, p).size > 0 ||
    (p.department !== undefined && t.assisting.includes(p.department)) ||
    p.role === 'admin';

  const view = (t: Ticket, p: Principal | undefined) => {
    const now = deps.clock.now();
    const actors = p ? actorsOf(t, p) : new Set();
    const staffView =
      actors.has('centre') ||
      actors.has('lead') ||
      (p?.department !== undefined && t.assisting.includes(p.department));
    const steps = p
      ? (Object.keys(ticketSteps) as TicketStep[]).filter((s) => !stepProblem(t, s, p, now))
      : [];
    const { queryCodeHash: _hidden, caller, ...rest } = t;
    return {
      ...rest,
      typeName: ticketTypes[t.type],
      statusName: ticketStatusNames[t.status],
      leadName: t.lead ? departmentName(t.lead) : undefined,
      // The caller's contact is for the units that must call back, not for anyone else (`get` opens it).
      ...(staffView && caller ? { caller: { name: caller.name, mobile: caller.mobile } } : {}),
      ...(staffView ? {} : { suggestion: undefined }),
      overdue: overdueStage(t, now) ?? null,
      steps,
    };
  };

  const get = async (n: string, p: Principal) => {
    const s = await store.load(n);
    if (!s || !mayRead(s.ticket, p)) throw notFound(`No ticket ${n}.`);
    const shown = view(s.ticket, p);
    const sealed = s.ticket.caller?.sealed;
    if (!shown.caller || !sealed || !deps.personal) return shown;
    return {
      ...shown,
      caller: { ...shown.caller, mobile: await deps.personal.open(callerField(n), sealed) },
    };
  };

  /** What a ticket is and where it stands, in every listing. */
  const summaryOf = (t: Ticket) => ({
    ticketNumber: t.ticketNumber,
    type: t.type,
    typeName: ticketTypes[t.type],
    status: t.status,
    statusName: ticketStatusNames[t.status],
    filedAt: t.filedAt,
    leadName: t.lead ? departmentName(t.lead) : null,
  });

  const progress = async (n: string, queryCode: string) => {
    const s = await store.load(n);
    if (!s || s.ticket.queryCodeHash !== hashCode(queryCode))
      throw notFound(`No ticket ${n} with that query code.`);
    const t = s.ticket;
    return {
      ...summaryOf(t),
      dueDate: t.dueDate ?? null,
      reply: t.reply ? { at: t.reply.at, text: t.reply.text } : null,
      closedAt: t.closedAt ?? null,
    };
  };

  const history = async (n: string, p: Principal) => {
    const s = await store.load(n);
    if (!s || !mayRead(s.ticket, p)) throw notFound(`No ticket ${n}.`);
    const entries = await store.history(n);
    const check = verifyChain(entries);
    return {
      ticketNumber: n,
      entries,
      verification: {
        ...check,
        matchesHead: check.lastHash === s.ticket.lastHash && check.entries === s.ticket.historyLength,
      },
    };
  };

  const list = async (p: Principal, status: string) => {
    const staff =
      p.department !== undefined && p.role !== 'citizen' && p.role !== 'enterprise' && p.role !== 'agent';
    const now = deps.clock.now();
    if (status === 'overdue') {
      if (p.role !== 'supervisor' && p.role !== 'admin')
        throw validationFailed([
          { path: 'query.status', message: 'overdue: for supervisors and administrators' },
        ]);
      const open = await store.open();
      return { tickets: open.filter((t) => overdueStage(t, now)).map((t) => view(t, p)) };
    }
    const all = staff ? await store.queue(p.department!) : await store.byFiler(p.sub);
    const picked = all.filter((t) => (status === 'open' ? openStatuses.has(t.status) : t.status === status));
    return { tickets: picked.map((t) => view(t, p)) };
  };

  const board = async (p: Principal) => {
    if (!(p.department === SERVICE_CENTRE || p.role === 'supervisor' || p.role === 'admin'))
      throw forbidden('The board is for the service centre and supervisors.');
    const now = deps.clock.now();
    const calendar = await deps.calendars.fresh();
    const tickets = (await store.open()).map((t) => ({
      ...summaryOf(t),
      emergency: t.emergency,
      lead: t.lead ?? null,
      ageWorkingDays: ageInWorkingDays(calendar, t, now, tz),
      deadline:
        t.status === 'filed'
          ? t.dispatchBy
          : t.status === 'dispatched'
            ? t.signBy
            : t.status === 'handling'
              ? t.handleBy
              : null,
      overdue: overdueStage(t, now) ?? null,
      escalated: t.escalations.length > 0,
      extensionPending: t.extensions.some((e) => !e.decision),
    }));
    const buckets = { '0': 0, '1-2': 0, '3-5': 0, '6-10': 0, '11+': 0 };
    for (const t of tickets) {
      const a = t.ageWorkingDays;
      buckets[a === 0 ? '0' : a <= 2 ? '1-2' : a <= 5 ? '3-5' : a <= 10 ? '6-10' : '11+']++;
    }
    return { today: toLocalDate(now, tz), ages: buckets, tickets };
  };

  // --- steps --------------------------------------------------------------------------------------------

  type StepInput =
    | { step: 'dispatch'; lead: string; assisting: string[]; opinion?: string }
    | { step: 'sign' }
    | { step: 'send-back'; reasons: string }
    | { step: 'request-extension'; days: number; reasons: string }
    | { step: 'decide-extension'; approved: boolean; opinion: string }
    | { step: 'reply'; text: string; resolution?: Resolution }
    | { step: 'visit'; level: number; note?: string }
    | { step: 'reopen'; reason: string }
    | { step: 'close'; opinion: string }
    | { step: 'assist-sign' }
    | { step: 'contribute'; text: string };

  const step = async (n: string, p: Principal, input: StepInput) => {
    const written = await mutate(n, async ({ ticket: was }) => {
      const now = deps.clock.now();
      const at = now.toISOString();
      const problem = stepProblem(was, input.step, p, now);
      if (problem?.kind === 'actor') {
        if (!mayRead(was, p)) throw notFound(`No ticket ${n}.`);
        throw forbidden(problem.message);
      }
      if (problem) throw conflict(problem.message);
      const calendar = await deps.calendars.fresh();
      const t: Ticket = structuredClone(was);
      const events: DomainEvent[] = [];
      let opinion: string | undefined;
      const details: Record<string, unknown> = {};
      let assist: TicketChange['assist'];
      let rating: TicketRating | undefined;
      switch (input.step) {
        case 'dispatch': {
          const unknown = [input.lead, ...input.assisting].filter(
            (d) => !departments.has(d) || d === SERVICE_CENTRE,
          );
          if (unknown.length)
            throw validationFailed([
              { path: 'body.lead', message: `not a unit this centre dispatches to: ${unknown.join(', ')}` },
            ]);
          const assisting = [...new Set(input.assisting.filter((d) => d !== input.lead))];
          assist = { put: assisting, remove: t.assisting.filter((d) => !assisting.includes(d)) };
          t.lead = input.lead;
          t.assisting = assisting;
          // A new dispatch asks the assisting units afresh.
          delete t.assistance;
          t.dispatchedAt = at;
          t.signBy = addWorkingDaysAt(calendar, now, config.signWorkingDays, tz).toISOString();
          t.status = 'dispatched';
          opinion = input.opinion;
          const suggested = t.suggestion?.departments[0]?.department;
          Object.assign(details, {
            lead: t.lead,
            assisting,
            asSuggested: suggested === t.lead,
            signBy: t.signBy,
          });
          events.push(eventOf(EventType.TicketDispatched, t));
          break;
        }
        case 'sign': {
          t.signedAt = at;
          t.status = 'handling';
          Object.assign(t, handlingDue(calendar, config, t, now, tz));
          Object.assign(details, { dueDate: t.dueDate });
          events.push(eventOf(EventType.TicketSigned, t, { dueDate: t.dueDate! }));
          break;
        }
        case 'send-back': {
          t.sendBacks.push({ at, department: t.lead!, reasons: input.reasons });
          assist = { put: [], remove: t.assisting };
          Object.assign(details, { department: t.lead });
          events.push(eventOf(EventType.TicketSentBack, t));
          delete t.lead;
          t.assisting = [];
          delete t.dispatchedAt;
          delete t.signBy;
          t.status = 'filed';
          // Re-dispatch within the same limit again, from the send-back.
          t.dispatchBy = dispatchDeadline(calendar, config, now, t.emergency, tz).toISOString();
          opinion = input.reasons;
          break;
        }
        case 'request-extension': {
          const granted = t.extensions.reduce((s, e) => s + (e.decision?.approved ? e.days : 0), 0);
          if (granted + input.days > config.maxExtensionWorkingDays)
            throw validationFailed([
              {
                path: 'body.days',
                message: `at most ${config.maxExtensionWorkingDays - granted} more working days`,
              },
            ]);
          t.extensions.push({ requestedAt: at, days: input.days, reasons: input.reasons, by: p.name });
          opinion = input.reasons;
          Object.assign(details, { days: input.days });
          break;
        }
        case 'decide-extension': {
          const pending = t.extensions.at(-1)!;
          pending.decision = { at, approved: input.approved, opinion: input.opinion, by: p.name };
          opinion = input.opinion;
          Object.assign(details, { approved: input.approved, days: pending.days });
          if (input.approved) {
            const since = t.reopens.at(-1)?.at ?? t.signedAt!;
            Object.assign(t, handlingDue(calendar, config, t, new Date(since), tz));
            Object.assign(details, { dueDate: t.dueDate });
            events.push(eventOf(EventType.TicketExtended, t, { dueDate: t.dueDate! }));
          }
          break;
        }
        case 'reply': {
          if (t.type === 'data-dispute' && !input.resolution)
            throw validationFailed([
              { path: 'body.resolution', message: '数据异议须答复核实结果 (confirmed or corrected)' },
            ]);
          if (t.type !== 'data-dispute' && input.resolution)
            throw validationFailed([
              { path: 'body.resolution', message: 'only a data dispute has a resolution' },
            ]);
          t.reply = { at, by: p.name, department: p.department!, text: input.text };
          if (input.resolution) t.resolution = input.resolution;
          t.status = 'replied';
          opinion = input.text;
          if (input.resolution) Object.assign(details, { resolution: input.resolution.outcome });
          events.push(eventOf(EventType.TicketReplied, t));
          break;
        }
        case 'visit': {
          t.visit = { at, by: p.name, level: input.level, ...(input.note ? { note: input.note } : {}) };
          rating = {
            ticketNumber: t.ticketNumber,
            handling: t.reopens.length + 1,
            level: input.level,
            department: t.lead ?? SERVICE_CENTRE,
            ...(t.reply ? { repliedBy: t.reply.by } : {}),
            channel: 'hotline',
            realName: !t.anonymous,
            at,
          };
          Object.assign(details, { level: input.level });
          opinion = input.note;
          if (isUnsatisfied(input.level)) {
            t.status = 'visited';
            t.reopenUntil = addWorkingDaysAt(calendar, now, config.reopenWorkingDays, tz).toISOString();
            Object.assign(details, { reopenUntil: t.reopenUntil });
          } else {
            t.status = 'closed';
            t.closedAt = at;
            events.push(eventOf(EventType.TicketClosed, t));
            assist = { put: [], remove: t.assisting };
          }
          break;
        }
        case 'reopen': {
          t.reopens.push({ at, reason: input.reason });
          t.status = 'handling';
          delete t.reply;
          delete t.visit;
          delete t.reopenUntil;
          Object.assign(t, handlingDue(calendar, config, t, now, tz));
          opinion = input.reason;
          Object.assign(details, { dueDate: t.dueDate });
          events.push(eventOf(EventType.TicketReopened, t, { dueDate: t.dueDate! }));
          break;
        }
        case 'assist-sign': {
          const department = p.department ?? '';
          t.assistance = { ...t.assistance, [department]: { signedAt: at, signedBy: p.name } };
          Object.assign(details, { department });
          break;
        }
        case 'contribute': {
          const department = p.department ?? '';
          const part = t.assistance?.[department];
          if (!part) throw conflict('Sign for your part first (协办签收).');
          const given = { at, by: p.name, text: input.text };
          t.assistance = { ...t.assistance, [department]: { ...part, opinion: given } };
          opinion = input.text;
          Object.assign(details, { department });
          break;
        }
        case 'close': {
          t.status = 'closed';
          t.closedAt = at;
          opinion = input.opinion;
          events.push(eventOf(EventType.TicketClosed, t));
          assist = { put: [], remove: t.assisting };
          break;
        }
      }
      return {
        ticket: t,
        history: [
          {
            at,
            actor: actor(p),
            action: input.step,
            statusBefore: was.status,
            statusAfter: t.status,
            ...(opinion ? { opinion } : {}),
            ...(Object.keys(details).length ? { details } : {}),
          },
        ],
        events,
        ...(assist ? { assist } : {}),
        ...(rating ? { rating } : {}),
      };
    });
    return view(written, p);
  };

  // --- the workflow's side ------------------------------------------------------------------------------

  /**
   * What the workflow does next: end, re-issue a corrected licence, or wait for a step or the next timer (the
   * instant on working days, and the seconds until it).
   */
  const plan = async (n: string) => {
    const s = await store.load(n);
    if (!s) throw notFound(`No ticket ${n}.`);
    const t = s.ticket;
    const r = t.resolution;
    const now = deps.clock.now().getTime();
    const none = { waitSeconds: 0, wakeAt: new Date(now).toISOString() };
    if (r?.outcome === 'corrected' && !r.licenceId && t.licenceId)
      return { next: 'reissue' as const, ...none };
    if (t.status === 'closed') return { next: 'done' as const, ...none };
    const calendar = await deps.calendars.fresh();
    const [first] = pendingTimers(t, calendar, config, tz);
    // A step taken before the workflow waits again finds no token to wake it; the wait's registration then
    // sees the ticket moved past this revision and wakes it at once.
    await store.setPlannedRev(n, t.rev);
    // The Wait counts seconds from now, so the timer keeps its place whatever clock the engine keeps.
    const seconds = first ? Math.ceil((Date.parse(first.at) - now) / 1000) : maxWaitSeconds;
    const waitSeconds = Math.min(maxWaitSeconds, Math.max(1, seconds));
    return {
      next: 'await' as const,
      waitSeconds,
      wakeAt: first?.at ?? new Date(now + waitSeconds * 1000).toISOString(),
      ...(first ? { timer: first } : {}),
    };
  };

  const registerToken = async (n: string, token: string) => {
    await store.setToken(n, token);
    // A step taken between the plan and this registration (the ticket moved past the planned revision), or a
    // timer already due: wake at once so the plan is made again.
    const s = await store.load(n);
    const [first] = s ? pendingTimers(s.ticket, await deps.calendars.fresh(), config, tz) : [];
    // Every step rewrites the ticket's row, which drops the planned revision the plan noted.
    const moved = s !== undefined && s.ticket.rev !== s.plannedRev;
    if (
      s &&
      (moved || s.ticket.status === 'closed' || (first && Date.parse(first.at) <= deps.clock.now().getTime()))
    )
      await wake(n, token);
    return { registered: true };
  };

  /** A wait timed out: fire each timer that is due (催办, 督办, the automatic close), once. */
  const lapse = async (n: string) => {
    const fired: string[] = [];
    await mutate(n, async ({ ticket: was }) => {
      fired.length = 0;
      const now = deps.clock.now();
      const at = now.toISOString();
      const calendar = await deps.calendars.fresh();
      const due = pendingTimers(was, calendar, config, tz).filter((x) => x.at <= at);
      const t: Ticket = structuredClone(was);
      const history: TicketChange['history'] = [];
      const events: DomainEvent[] = [];
      let assist: TicketChange['assist'];
      for (const timer of due) {
        fired.push(timer.kind === 'escalate' ? `escalate:${timer.stage}` : timer.kind);
        if (timer.kind === 'remind') {
          t.remindedAt = at;
          history.push({
            at,
            actor: system,
            action: 'remind',
            statusBefore: t.status,
            statusAfter: t.status,
            details: { dueDate: t.dueDate },
          });
          events.push(eventOf(EventType.TicketReminded, t, { dueDate: t.dueDate! }));
        } else if (timer.kind === 'escalate') {
          t.escalations.push({ at, stage: timer.stage });
          history.push({
            at,
            actor: system,
            action: 'escalate',
            statusBefore: t.status,
            statusAfter: t.status,
            details: { stage: timer.stage, deadline: timer.at },
          });
          events.push(eventOf(EventType.TicketEscalated, t, { stage: timer.stage }));
        } else {
          const before = t.status;
          t.status = 'closed';
          t.closedAt = at;
          assist = { put: [], remove: t.assisting };
          history.push({
            at,
            actor: system,
            action: 'close',
            statusBefore: before,
            statusAfter: 'closed',
            details: { reason: 'reopen window ended' },
          });
          events.push(eventOf(EventType.TicketClosed, t));
        }
      }
      return { ticket: t, history, events, ...(assist ? { assist } : {}) };
    });
    return { ticketNumber: n, fired };
  };

  /** The corrected licence was issued: it is recorded on the ticket's resolution. */
  const reissued = async (n: string, licenceId: string) => {
    await mutate(n, ({ ticket: was }) => {
      const t: Ticket = structuredClone(was);
      if (!t.resolution || t.resolution.outcome !== 'corrected' || t.resolution.licenceId === licenceId)
        return { ticket: t, history: [] };
      t.resolution = { ...t.resolution, licenceId };
      const at = deps.clock.now().toISOString();
      return {
        ticket: t,
        history: [
          {
            at,
            actor: system,
            action: 'licence-corrected',
            statusBefore: t.status,
            statusAfter: t.status,
            details: { replaces: t.licenceId, licenceId },
          },
        ],
      };
    });
    return { ticketNumber: n, licenceId };
  };

  return {
    file,
    get,
    progress,
    history,
    list,
    board,
    step,
    suggest: suggestFor,
    plan,
    registerToken,
    lapse,
    reissued,
  };
};
