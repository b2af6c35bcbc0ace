// 领域事件 the catalogue of domain events: one name and one zod schema per event type, versioned. Producers
// build events only through `domainEvent` (which checks the detail against its schema), consumers parse
// them with the same schemas, and the event names are the constants below, never literals at call sites.
//
// Every detail carries `eventId` (a UUID fixed when the change is planned, so a relayed or redelivered event
// keeps it: consumers are idempotent by it) and `schemaVersion`. EventBridge's own envelope id is not stable
// (a retried PutEvents makes a new one), which is why the stable id lives in the detail.
//
// A bus, its archive and every subscriber see the detail: identifiers, statuses, dates and counts only,
// never personal data (no names, ID numbers, opinions, reasons or form fields).
//
// Compatibility rule: within a version, fields are only ever added as optional, and consumers ignore fields
// they do not know (the schemas are not strict). Removing or retyping a field is a new version.
import * as z from 'zod';
import { TASK_STATUSES } from './cases/case.ts';
import { caseNumberSchema } from './cases/case-number.ts';
import { CASE_STATUSES } from './cases/lifecycle.ts';
import { DELIVERY_METHODS, TRACKING_KINDS } from './delivery.ts';
import { LICENCE_STATUSES } from './licences/licence.ts';
import { TICKET_STATUSES, TICKET_TYPES, ticketNumberSchema } from './tickets.ts';

export const EventType = {
  CaseSubmitted: 'CaseSubmitted',
  CaseAccepted: 'CaseAccepted',
  CaseNotAccepted: 'CaseNotAccepted',
  CorrectionRequested: 'CorrectionRequested',
  CaseSupplemented: 'CaseSupplemented',
  CaseExtended: 'CaseExtended',
  CaseSuspended: 'CaseSuspended',
  CaseResumed: 'CaseResumed',
  CaseWithdrawn: 'CaseWithdrawn',
  CaseOverdue: 'CaseOverdue',
  CaseCompleted: 'CaseCompleted',
  CaseDenied: 'CaseDenied',
  TaskAssigned: 'TaskAssigned',
  TaskDecided: 'TaskDecided',
  LicenceIssued: 'LicenceIssued',
  LicenceStatusChanged: 'LicenceStatusChanged',
  CaseRated: 'CaseRated',
  RectificationOpened: 'RectificationOpened',
  RectificationReplied: 'RectificationReplied',
  TicketFiled: 'TicketFiled',
  TicketDispatched: 'TicketDispatched',
  TicketSentBack: 'TicketSentBack',
  TicketSigned: 'TicketSigned',
  TicketExtended: 'TicketExtended',
  TicketReplied: 'TicketReplied',
  TicketReminded: 'TicketReminded',
  TicketEscalated: 'TicketEscalated',
  TicketReopened: 'TicketReopened',
  TicketClosed: 'TicketClosed',
  AppointmentBooked: 'AppointmentBooked',
  AppointmentRescheduled: 'AppointmentRescheduled',
  AppointmentCancelled: 'AppointmentCancelled',
  AppointmentReminderDue: 'AppointmentReminderDue',
  AppointmentArrived: 'AppointmentArrived',
  AppointmentMissed: 'AppointmentMissed',
  DeliveryChosen: 'DeliveryChosen',
  WaybillCreated: 'WaybillCreated',
  ShipmentTracked: 'ShipmentTracked',
  CasePickedUp: 'CasePickedUp',
  MailedMaterialsReceived: 'MailedMaterialsReceived',
  PaymentOrderIssued: 'PaymentOrderIssued',
  PaymentReceived: 'PaymentReceived',
  PaymentRefunded: 'PaymentRefunded',
  CaseClosedUnpaid: 'CaseClosedUnpaid',
  CaseDueSoon: 'CaseDueSoon',
  RectificationOverdue: 'RectificationOverdue',
} as const;
export type EventType = (typeof EventType)[keyof typeof EventType];

const department = z.string().min(1).max(40);
const caseStatus = z.enum(CASE_STATUSES);
const taskId = z.string().min(1).max(60);
const date = z.iso.date();
const licenceId = z.string().min(1).max(120);
const caseKind = z.enum(['single', 'bundle', 'child']);

/** What every case event says: which case, where it now stands, which department answers for it. */
const caseFacts = { caseNumber: caseNumberSchema, status: caseStatus, department };
const taskFacts = {
  caseNumber: caseNumberSchema,
  taskId,
  department,
  status: z.enum(TASK_STATUSES),
};
const concluded = z.object({ ...caseFacts, kind: caseKind, licenceId: licenceId.optional() });

/** What every payment event says: the case, its order and the amount in fen (an amount is no personal data). */
const paymentFacts = {
  ...caseFacts,
  kind: caseKind,
  orderId: z.string().min(1).max(60),
  amountFen: z.number().int().min(0),
};

/** What every ticket event says: which ticket, its type and status, the unit answering for it. */
const ticketFacts = z.object({
  ticketNumber: ticketNumberSchema,
  type: z.enum(TICKET_TYPES),
  status: z.enum(TICKET_STATUSES),
  department,
  anonymous: z.boolean(),
  dueDate: date.optional(),
  stage: z.enum(['dispatch', 'sign', 'handle']).optional(),
});

/** What every appointment event says: which appointment, for which item and unit, when and where. */
const appointmentFacts = z.object({
  appointmentId: z.string().regex(/^YY\d{6}[0-9A-Z]{6}$/),
  kind: z.enum(['hall', 'home']),
  itemCode: z.string().min(1).max(40),
  department,
  date,
  start: z.string().regex(/^\d{2}:\d{2}$/),
  /** The hall's id, or `home`. */
  hall: z.string().min(1).max(16),
});

/** The detail fields of each event type, without the envelope fields every detail carries. */
export const eventCatalogue = {
  [EventType.CaseSubmitted]: {
    version: 1,
    data: z.object({ ...caseFacts, kind: caseKind, item: z.string().min(1).max(40).optional() }),
  },
  [EventType.CaseAccepted]: {
    version: 1,
    data: z.object({ ...caseFacts, kind: caseKind, promisedBy: date.optional() }),
  },
  [EventType.CaseNotAccepted]: { version: 1, data: z.object(caseFacts) },
  [EventType.CorrectionRequested]: {
    version: 1,
    data: z.object({
      ...caseFacts,
      source: z.enum(['acceptance', 'review']),
      items: z.number().int().min(1),
      taskId: taskId.optional(),
    }),
  },
  [EventType.CaseSupplemented]: {
    version: 1,
    data: z.object({ ...caseFacts, source: z.enum(['acceptance', 'review']) }),
  },
  [EventType.CaseExtended]: {
    version: 1,
    data: z.object({ ...caseFacts, days: z.number().int().min(1), promisedBy: date.optional() }),
  },
  [EventType.CaseSuspended]: {
    version: 1,
    data: z.object({
      ...caseFacts,
      kind: z.enum(['hearing', 'testing', 'expert-review', 'inspection', 'other']),
    }),
  },
  [EventType.CaseResumed]: { version: 1, data: z.object({ ...caseFacts, promisedBy: date.optional() }) },
  [EventType.CaseWithdrawn]: { version: 1, data: z.object({ ...caseFacts, kind: caseKind }) },
  [EventType.CaseOverdue]: {
    version: 1,
    data: z.object({ caseNumber: caseNumberSchema, dueDate: date, department }),
  },
  [EventType.CaseCompleted]: { version: 1, data: concluded },
  [EventType.CaseDenied]: { version: 1, data: concluded },
  [EventType.TaskAssigned]: { version: 1, data: z.object({ ...taskFacts, dueDate: date.optional() }) },
  [EventType.TaskDecided]: {
    version: 1,
    data: z.object({
      ...taskFacts,
      decision: z.enum(['approve', 'deny']),
      /** Tasks of the case this decision closed (under "any" completion, or all others on a denial). */
      closes: z.array(taskId).max(100),
    }),
  },
  [EventType.LicenceIssued]: {
    version: 1,
    data: z.object({
      licenceId,
      caseNumber: caseNumberSchema,
      type: z.string().min(1).max(40),
      department,
      replaces: licenceId.optional(),
    }),
  },
  [EventType.LicenceStatusChanged]: {
    version: 1,
    data: z.object({ licenceId, status: z.enum(LICENCE_STATUSES), department }),
  },
  [EventType.CaseRated]: {
    version: 1,
    data: z.object({ caseNumber: caseNumberSchema, department, level: z.number().int().min(1).max(5) }),
  },
  [EventType.RectificationOpened]: {
    version: 1,
    data: z.object({ caseNumber: caseNumberSchema, department, callBy: date, rectifyBy: date }),
  },
  [EventType.RectificationReplied]: {
    version: 1,
    data: z.object({ caseNumber: caseNumberSchema, department }),
  },
  /** 黄牌: an open case is a few working days from its due date, seen once per due date by the schedule. */
  [EventType.CaseDueSoon]: {
    version: 1,
    data: z.object({ caseNumber: caseNumberSchema, dueDate: date, department }),
  },
  /** A rectification past the deadline of a step (the return call, the rectification), seen once per step. */
  [EventType.RectificationOverdue]: {
    version: 1,
    data: z.object({
      caseNumber: caseNumberSchema,
      department,
      step: z.enum(['call', 'rectify']),
      dueDate: date,
    }),
  },
  [EventType.TicketFiled]: { version: 1, data: ticketFacts },
  [EventType.TicketDispatched]: { version: 1, data: ticketFacts },
  [EventType.TicketSentBack]: { version: 1, data: ticketFacts },
  [EventType.TicketSigned]: { version: 1, data: ticketFacts },
  [EventType.TicketExtended]: { version: 1, data: ticketFacts },
  [EventType.TicketReplied]: { version: 1, data: ticketFacts },
  [EventType.TicketReminded]: { version: 1, data: ticketFacts },
  [EventType.TicketEscalated]: { version: 1, data: ticketFacts },
  [EventType.TicketReopened]: { version: 1, data: ticketFacts },
  [EventType.TicketClosed]: { version: 1, data: ticketFacts },
  [EventType.AppointmentBooked]: { version: 1, data: appointmentFacts },
  [EventType.AppointmentRescheduled]: {
    version: 1,
    data: appointmentFacts.extend({ fromDate: date, fromStart: z.string().regex(/^\d{2}:\d{2}$/) }),
  },
  [EventType.AppointmentCancelled]: { version: 1, data: appointmentFacts },
  [EventType.AppointmentReminderDue]: { version: 1, data: appointmentFacts },
  [EventType.AppointmentArrived]: { version: 1, data: appointmentFacts },
  [EventType.AppointmentMissed]: { version: 1, data: appointmentFacts },
  // 物流寄递: the method only, never the address or the recipient; the waybill number stays on the case.
  [EventType.DeliveryChosen]: {
    version: 1,
    data: z.object({ ...caseFacts, method: z.enum(DELIVERY_METHODS) }),
  },
  [EventType.WaybillCreated]: {
    version: 1,
    data: z.object({ ...caseFacts, courier: z.string().min(1).max(20) }),
  },
  [EventType.ShipmentTracked]: {
    version: 1,
    data: z.object({ ...caseFacts, tracking: z.enum(TRACKING_KINDS) }),
  },
  [EventType.CasePickedUp]: { version: 1, data: z.object(caseFacts) },
  [EventType.MailedMaterialsReceived]: {
    version: 1,
    data: z.object({ ...caseFacts, materials: z.number().int().min(1) }),
  },
  [EventType.PaymentOrderIssued]: {
    version: 1,
    data: z.object({ ...paymentFacts, dueBy: z.iso.datetime({ offset: true }) }),
  },
  [EventType.PaymentReceived]: {
    version: 1,
    data: z.object({ ...paymentFacts, late: z.boolean() }),
  },
  [EventType.PaymentRefunded]: {
    version: 1,
    data: z.object({ ...paymentFacts, automatic: z.boolean() }),
  },
  [EventType.CaseClosedUnpaid]: { version: 1, data: z.object({ ...caseFacts, kind: caseKind }) },
} as const satisfies Record<EventType, { version: number; data: z.ZodObject }>;

type Catalogue = typeof eventCatalogue;
export type EventData<T extends EventType> = z.input<Catalogue[T]['data']>;

/** Fields every detail carries besides its type's own. */
export const eventEnvelopeFields = z.object({
  eventId: z.uuid(),
  schemaVersion: z.number().int().min(1),
});

export type EventDetail<T extends EventType = EventType> = z.output<Catalogue[T]['data']> &
  z.output<typeof eventEnvelopeFields>;

/** The detail schema of one event type: its envelope fields and its data. */
export const detailSchema = <T extends EventType>(type: T): z.ZodType<EventDetail<T>> =>
  eventEnvelopeFields.extend(eventCatalogue[type].data.shape) as unknown as z.ZodType<EventDetail<T>>;

/** One domain event as it is recorded with the change that caused it and put on the bus. */
export interface DomainEvent<T extends EventType = EventType> {
  type: T;
  detail: EventDetail<T>;
}

/**
 * A new event of `type`: a fresh `eventId`, the type's schema version, the data checked against its schema
 * (a producer that builds a wrong event fails in its tests, not at a subscriber).
 */
export const domainEvent = <T extends EventType>(type: T, data: EventData<T>): DomainEvent<T> => ({
  type,
  detail: detailSchema(type).parse({
    ...data,
    eventId: crypto.randomUUID(),
    schemaVersion: eventCatalogue[type].version,
  }),
});

export const isEventType = (value: string): value is EventType => Object.hasOwn(eventCatalogue, value);
