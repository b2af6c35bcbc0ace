// The domain event catalogue: every type builds from its schema with a stable id and its version; details
// carry no personal data; and what version 1 of each type said still parses (consumers rely on it).
import { describe, expect, it } from 'vitest';
import { formatCaseNumber } from '../../shared/cases/case-number.ts';
import {
  detailSchema,
  domainEvent,
  type EventData,
  EventType,
  eventCatalogue,
  isEventType,
} from '../../shared/events.ts';

const caseNumber = formatCaseNumber({ divisionCode: '330902', date: '2026-12-01', sequence: 123 });
const taskId = `${caseNumber}.1.1`;
const licenceId = '1.2.156.3005.2.11100000000000001X.91330902MA2A1B2C31.20261201000123.001.K';
const facts = { caseNumber, status: 'IN_REVIEW', department: 'zjj' } as const;
const ticket = {
  ticketNumber: `T${formatCaseNumber({ divisionCode: '330902', date: '2026-12-07', sequence: 4 })}`,
  type: 'complaint',
  status: 'handling',
  department: 'scjgj',
  anonymous: false,
} as const;

/** Version 1 of each event as producers wrote it: frozen here, so a change that breaks consumers fails. */
const appointment = {
  appointmentId: 'YY2612094F7K2Q',
  kind: 'hall',
  itemCode: '330902-QT-0001',
  department: 'gaj',
  date: '2026-12-09',
  start: '09:00',
  hall: 'main',
} as const;

const version1: { [T in EventType]: EventData<T> } = {
  CaseSubmitted: { ...facts, status: 'SUBMITTED', kind: 'single', item: '330902-JF-0084' },
  CaseAccepted: { ...facts, status: 'ACCEPTED', kind: 'child', promisedBy: '2026-12-15' },
  CaseNotAccepted: { ...facts, status: 'NOT_ACCEPTED' },
  CorrectionRequested: { ...facts, status: 'CORRECTION_REQUESTED', source: 'review', items: 2, taskId },
  CaseSupplemented: { ...facts, source: 'acceptance' },
  CaseExtended: { ...facts, days: 5, promisedBy: '2026-12-22' },
  CaseSuspended: { ...facts, status: 'SUSPENDED', kind: 'hearing' },
  CaseResumed: { ...facts, promisedBy: '2026-12-22' },
  CaseWithdrawn: { ...facts, status: 'WITHDRAWN', kind: 'bundle' },
  CaseOverdue: { caseNumber, dueDate: '2026-12-15', department: 'zjj' },
  CaseCompleted: { ...facts, status: 'COMPLETED', kind: 'single', licenceId },
  CaseDenied: { ...facts, status: 'DENIED', kind: 'single' },
  TaskAssigned: { caseNumber, taskId, department: 'zjj', status: 'pending', dueDate: '2026-12-15' },
  TaskDecided: {
    caseNumber,
    taskId,
    department: 'zjj',
    status: 'approved',
    decision: 'approve',
    closes: [`${caseNumber}.1.2`],
  },
  LicenceIssued: { licenceId, caseNumber, type: '11100000000000001X', department: 'scjgj' },
  LicenceStatusChanged: { licenceId, status: 'revoked', department: 'scjgj' },
  CaseRated: { caseNumber, department: 'zjj', level: 5 },
  RectificationOpened: { caseNumber, department: 'zjj', callBy: '2026-12-16', rectifyBy: '2027-01-06' },
  RectificationReplied: { caseNumber, department: 'zjj' },
  TicketFiled: { ...ticket, status: 'filed', department: 'zwfw', type: 'report', anonymous: true },
  TicketDispatched: { ...ticket, status: 'dispatched' },
  TicketSentBack: { ...ticket, status: 'dispatched' },
  TicketSigned: { ...ticket, dueDate: '2026-12-24' },
  TicketExtended: { ...ticket, dueDate: '2027-01-05' },
  TicketReplied: { ...ticket, status: 'replied', type: 'data-dispute' },
  TicketReminded: { ...ticket, dueDate: '2026-12-24' },
  TicketEscalated: { ...ticket, stage: 'handle' },
  TicketReopened: { ...ticket, dueDate: '2027-01-12' },
  TicketClosed: { ...ticket, status: 'closed' },
  AppointmentBooked: appointment,
  AppointmentRescheduled: { ...appointment, fromDate: '2026-12-08', fromStart: '14:30' },
  AppointmentCancelled: appointment,
  AppointmentReminderDue: appointment,
  AppointmentArrived: appointment,
  AppointmentMissed: { ...appointment, kind: 'home', hall: 'home', department: 'mzj' },
  DeliveryChosen: { ...facts, method: 'courier' },
  WaybillCreated: { ...facts, status: 'COMPLETED', courier: 'EMS' },
  ShipmentTracked: { ...facts, status: 'DELIVERED', tracking: 'delivered' },
  CasePickedUp: { ...facts, status: 'PICKED_UP' },
  MailedMaterialsReceived: { ...facts, materials: 2 },
  PaymentOrderIssued: {
    ...facts,
    status: 'AWAITING_PAYMENT',
    kind: 'single',
    orderId: facts.caseNumber,
    amountFen: 2000,
    dueBy: '2026-12-23T15:59:59.000Z',
  },
  PaymentReceived: {
    ...facts,
    status: 'IN_REVIEW',
    kind: 'single',
    orderId: facts.caseNumber,
    amountFen: 2000,
    late: false,
  },
  PaymentRefunded: {
    ...facts,
    status: 'COMPLETED',
    kind: 'single',
    orderId: facts.caseNumber,
    amountFen: 500,
    automatic: false,
  },
  CaseClosedUnpaid: { ...facts, status: 'CLOSED_UNPAID', kind: 'single' },
  CaseDueSoon: { caseNumber, dueDate: '2026-12-18', department: 'zjj' },
  RectificationOverdue: { caseNumber, department: 'zjj', step: 'rectify', dueDate: '2026-12-31' },
};

/** Field names that would carry personal data; none may appear in any detail. */
const personal = /name|idnumber|creditcode|phone|mobile|address|opinion|reason|form|applicant|holder|email/i;

const keysOf = (shape: Record<string, unknown>) => Object.keys(shape);

describe('the event catalogue', () => {
  it('names every type once, as its own constant', () => {
    for (const [key, value] of Object.entries(EventType)) expect(key).toBe(value);
    expect(Object.keys(eventCatalogue).sort()).toEqual(Object.values(EventType).sort());
    expect(isEventType('CaseAccepted')).toBe(true);
    expect(isEventType('toString')).toBe(false);
  });

  it('builds each type with a fresh eventId and its schema version, and parses it back', () => {
    for (const type of Object.values(EventType)) {
      const event = domainEvent(type, version1[type] as never);
      expect(event.type).toBe(type);
      expect(event.detail.eventId).toMatch(/^[0-9a-f-]{36}$/);
      expect(event.detail.schemaVersion).toBe(eventCatalogue[type].version);
      expect(detailSchema(type).parse(JSON.parse(JSON.stringify(event.detail)))).toEqual(event.detail);
    }
    const a = domainEvent(EventType.CaseOverdue, version1.CaseOverdue);
    const b = domainEvent(EventType.CaseOverdue, version1.CaseOverdue);
    expect(a.detail.eventId).not.toBe(b.detail.eventId);
  });

  it('refuses to build an event that breaks its schema', () => {
    expect(() =>
      domainEvent(EventType.CaseOverdue, { ...version1.CaseOverdue, caseNumber: 'nope' }),
    ).toThrow();
    expect(() =>
      domainEvent(EventType.TaskDecided, { ...version1.TaskDecided, decision: 'maybe' as 'approve' }),
    ).toThrow();
  });

  it('keeps version 1 details parseable, including with fields added later', () => {
    for (const type of Object.values(EventType)) {
      const detail = { ...version1[type], eventId: crypto.randomUUID(), schemaVersion: 1, addedLater: 'x' };
      expect(detailSchema(type).safeParse(detail).success, type).toBe(true);
    }
  });

  it('carries identifiers and statuses only, never personal data', () => {
    for (const type of Object.values(EventType)) {
      const fields = keysOf(eventCatalogue[type].data.shape);
      expect(
        fields.filter((f) => personal.test(f)),
        type,
      ).toEqual([]);
    }
  });
});
