// 预约 and 上门办 use-cases: the slots of an item with the places left, booking (never over the slot's
// capacity, whatever the concurrency: the counter's condition decides inside the transaction), moving and
// cancelling before their cut-offs, the person's own list, the window's day list with arrivals and
// no-shows, the no-show rule, and the sweep that sends the day-before reminders. Events carry identifiers,
// the item, the unit and the slot only; names, phones and addresses stay in the appointment row.
import { type DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import {
  type Appointment,
  type AppointmentKind,
  attendanceProblem,
  type BookableItem,
  barredUntil,
  bookableDates,
  countingSince,
  cutoffProblem,
  homeAddressSchema,
  type Slot,
  slotOf,
  slotStartsAt,
  slotsForItem,
  withinHorizon,
} from '../../shared/appointments.ts';
import { addCalendarDays, toLocalDate } from '../../shared/calendar.ts';
import type { Item } from '../../shared/catalogue/item.ts';
import type { Clock } from '../../shared/clock.ts';
import { conflict, DomainError, issuesToDetails, notFound, validationFailed } from '../../shared/errors.ts';
import { domainEvent, EventType } from '../../shared/events.ts';
import type { Principal } from '../../shared/identity.ts';
import type { Jurisdiction } from '../../shared/jurisdiction.ts';
import type { CalendarSource } from '../calendar/source.ts';
import type { TransactWrite } from '../lib/dynamo.ts';
import { outboxPut } from '../lib/outbox.ts';
import { type AppointmentSealing, maskedAppointment } from './sealing.ts';
import {
  type AppointmentStore,
  appointmentKey,
  appointmentRow,
  holdKey,
  noShowKey,
  slotKey,
  slotsIndex,
} from './store.ts';

export interface ItemReader {
  current(code: string): Promise<Item | undefined>;
}
export interface CaseReader {
  /** Who submitted the case, when there is one. */
  submitter(caseNumber: string): Promise<string | undefined>;
}

export interface BookingInput {
  itemCode: string;
  slotId: string;
  caseNumber?: string;
  address?: unknown;
}

/** The department whose window sees every department's appointments (the service centre). */
const serviceCentre = 'zwfw';
/** Attempts at a transaction that lost a race with another on the same rows (or was throttled). */
const attempts = 6;

const bookable = (item: Item): BookableItem => ({
  code: item.implementationCode,
  department: item.department,
  appointment: item.channels.appointment,
  homeVisit: item.channels.homeVisit === true,
});

const newId = (today: string) => {
  const alphabet = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ';
  const bytes = crypto.getRandomValues(new Uint8Array(6));
  return `YY${today.slice(2).replaceAll('-', '')}${[...bytes].map((b) => alphabet[b % alphabet.length]).join('')}`;
};

const reasonsOf = (error: unknown) =>
  (error as { name?: string }).name === 'TransactionCanceledException'
    ? ((error as { CancellationReasons?: Array<{ Code?: string }> }).CancellationReasons ?? []).map(
        (r) => r.Code ?? 'None',
      )
    : undefined;

export const createAppointments = (deps: {
  db: DynamoDBDocumentClient;
  tableName: string;
  jurisdiction: Jurisdiction;
  clock: Clock;
  calendars: CalendarSource;
  store: AppointmentStore;
  items: ItemReader;
  cases: CaseReader;
  /** A home visit's street, phone and note sealed before they are stored (personal-data:open). */
  sealing: AppointmentSealing;
}) => {
  const { db, tableName, jurisdiction, store } = deps;
  const config = jurisdiction.appointments;
  const tz = jurisdiction.timezone;
  const today = () => toLocalDate(deps.clock.now(), tz);
  const addressSchema = homeAddressSchema(jurisdiction);

  const facts = (a: Appointment) => ({
    appointmentId: a.id,
    kind: a.kind,
    itemCode: a.itemCode,
    department: a.department,
    date: a.slot.date,
    start: a.slot.start,
    hall: a.slot.hall,
  });

  const counter = (slot: Slot, delta: 1 | -1): TransactWrite =>
    delta === 1
      ? {
          Update: {
            TableName: tableName,
            Key: slotKey(slot.id),
            UpdateExpression: 'SET #capacity = :cap, gsi1pk = :gpk, gsi1sk = :gsk ADD booked :one',
            ConditionExpression: 'attribute_not_exists(booked) OR booked < :cap',
            ExpressionAttributeNames: { '#capacity': 'capacity' },
            ExpressionAttributeValues: {
              ':cap': slot.capacity,
              ':one': 1,
              ':gpk': slotsIndex.pk,
              ':gsk': `${slot.date}.${slot.id}`,
            },
          },
        }
      : {
          Update: {
            TableName: tableName,
            Key: slotKey(slot.id),
            UpdateExpression: 'ADD booked :minus',
            ConditionExpression: 'booked > :zero',
            ExpressionAttributeValues: { ':minus': -1, ':zero': 0 },
          },
        };

  const putAppointment = (a: Appointment, expectedRev: number | 'new'): TransactWrite => ({
    Put: {
      TableName: tableName,
      Item: appointmentRow(a),
      ...(expectedRev === 'new'
        ? { ConditionExpression: 'attribute_not_exists(pk)' }
        : {
            ConditionExpression: 'rev = :rev AND appointment.#status = :booked',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':rev': expectedRev, ':booked': 'booked' },
          }),
    },
  });

  /**
   * Runs a transaction, again after a race lost to another on the same rows; a refused condition is
   * answered by `refused` with the index of the item that refused it.
   */
  const transact = async (writes: TransactWrite[], refused: (index: number) => DomainError) => {
    for (let attempt = 1; ; attempt++) {
      try {
        await db.send(new TransactWriteCommand({ TransactItems: writes }));
        return;
      } catch (error) {
        const reasons = reasonsOf(error);
        if (!reasons) throw error;
        const failed = reasons.indexOf('ConditionalCheckFailed');
        if (failed >= 0) throw refused(failed);
        if (!reasons.includes('TransactionConflict') && !reasons.includes('ThrottlingError')) throw error;
        if (attempt >= attempts)
          throw conflict(
            '很多人正在预约同一时段，请稍后再试 (many people are booking this slot at once: please try again)',
          );
        await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * attempt));
      }
    }
  };

  const publishedItem = async (code: string) => {
    const item = await deps.items.current(code);
    if (!item) throw notFound(`No published item ${code}.`);
    return item;
  };

  const noShowBar = async (sub: string) =>
    barredUntil(config.noShow, await store.noShows(sub, countingSince(config.noShow, today())), today());

  /** The item's slots of one kind on the dates asked (within the horizon), with the places left. */
  const slots = async (code: string, query: { kind: AppointmentKind; from?: string; to?: string }) => {
    const item = await publishedItem(code);
    const calendar = await deps.calendars.fresh();
    const dates = bookableDates(config, calendar, today(), query);
    const all = slotsForItem(jurisdiction, bookable(item), query.kind, dates);
    const booked =
      dates.length > 0 ? await store.booked(dates[0]!, dates.at(-1)!) : new Map<string, number>();
    const now = deps.clock.now();
    const days = dates.map((date) => ({
      date,
      slots: all
        .filter((s) => s.date === date)
        .map((s) => ({
          ...s,
          remaining: Math.max(0, s.capacity - (booked.get(s.id) ?? 0)),
          open: !cutoffProblem(config, 'book', s, now, tz),
        })),
    }));
    return {
      item: { code: item.implementationCode, name: item.name, department: item.department },
      kind: query.kind,
      offered: query.kind === 'home' ? item.channels.homeVisit === true : item.channels.appointment,
      halls:
        query.kind === 'home'
          ? []
          : config.halls.map((h) => ({ id: h.id, name: h.name, address: h.address })),
      slotMinutes: query.kind === 'home' ? config.homeVisits.slotMinutes : config.slotMinutes,
      cutoffs: config.cutoffs,
      horizonDays: config.horizonDays,
      days,
    };
  };

  /** The slot an id names for the item, refused field by field when it cannot be booked now. */
  const bookableSlot = async (item: Item, slotId: string, action: 'book' | 'reschedule') => {
    const calendar = await deps.calendars.fresh();
    const slot = slotOf(jurisdiction, calendar, bookable(item), slotId);
    const path = action === 'book' ? 'body.slotId' : 'body.slotId';
    if (!slot)
      throw validationFailed([
        { path, message: `no slot ${slotId} for ${item.implementationCode}: pick one from the slot list` },
      ]);
    if (!withinHorizon(config, slot.date, today()))
      throw validationFailed([
        { path, message: `slots are offered for the next ${config.horizonDays} days, from today` },
      ]);
    const late = cutoffProblem(config, 'book', slot, deps.clock.now(), tz);
    if (late) throw validationFailed([{ path, message: late }]);
    return slot;
  };

  /** 预约: a signed-in person books a slot for an item (a home visit with the address to come to). */
  const book = async (p: Principal, input: BookingInput) => {
    const item = await publishedItem(input.itemCode);
    const slot = await bookableSlot(item, input.slotId, 'book');
    let address: Appointment['address'];
    if (slot.kind === 'home') {
      const parsed = addressSchema.safeParse(input.address);
      if (!parsed.success)
        throw validationFailed(
          issuesToDetails(parsed.error.issues).map((d) => ({
            path: d.path === '(root)' ? 'body.address' : `body.address.${d.path}`,
            message: d.message,
          })),
        );
      address = parsed.data;
    } else if (input.address !== undefined) {
      throw validationFailed([
        { path: 'body.address', message: 'an address is for home visits (上门办) only' },
      ]);
    }
    if (input.caseNumber && (await deps.cases.submitter(input.caseNumber)) !== p.sub)
      throw validationFailed([{ path: 'body.caseNumber', message: `no case ${input.caseNumber} of yours` }]);
    const barred = await noShowBar(p.sub);
    if (barred)
      throw conflict(
        `因多次预约未到，${barred} 前暂停预约 (booking is paused until ${barred} after repeated no-shows)`,
        [{ path: 'body.slotId', message: `booking is paused until ${barred}` }],
      );
    const at = deps.clock.now();
    const appointment: Appointment = {
      id: newId(today()),
      kind: slot.kind,
      status: 'booked',
      itemCode: item.implementationCode,
      itemName: item.name,
      department: item.department,
      slot,
      sub: p.sub,
      name: p.name ?? '',
      role: p.role,
      ...(input.caseNumber ? { caseNumber: input.caseNumber } : {}),
      ...(address ? { address } : {}),
      bookedAt: at.toISOString(),
      updatedAt: at.toISOString(),
      rev: 1,
    };
    const stored = await deps.sealing.seal(appointment);
    await transact(
      [
        counter(slot, 1),
        putAppointment(stored, 'new'),
        {
          Put: {
            TableName: tableName,
            Item: { ...holdKey(p.sub, item.implementationCode), appointmentId: appointment.id },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        outboxPut(tableName, [domainEvent(EventType.AppointmentBooked, facts(appointment))], at)!,
      ],
      (index) =>
        index === 0
          ? conflict(`该时段已约满 (the slot ${slot.date} ${slot.start} is full): please pick another`, [
              { path: 'body.slotId', message: '已约满 full' },
            ])
          : conflict(
              `您已有“${item.name}”的有效预约，请改约或先取消 (you already have an appointment for this item: reschedule or cancel it)`,
              [{ path: 'body.itemCode', message: 'one active appointment per item' }],
            ),
    );
    // The booker's own address, as they gave it.
    return appointment;
  };

  const own = async (p: Principal, id: string) => {
    const a = await store.get(id);
    if (!a || a.sub !== p.sub) throw notFound(`No appointment ${id}.`);
    return a;
  };

  const mustBeBooked = (a: Appointment) => {
    if (a.status !== 'booked')
      throw conflict(`The appointment is ${a.status}: only a booked one can be changed.`);
  };

  const tooLate = (a: Appointment, action: 'reschedule' | 'cancel') => {
    const late = cutoffProblem(config, action, a.slot, deps.clock.now(), tz);
    if (late) throw conflict(late, [{ path: 'params.id', message: late }]);
  };

  const changed = (index: number, full: DomainError) =>
    index === 0 ? full : conflict('The appointment changed meanwhile: read it again.');

  /** 改约: moves a booked appointment to another slot of the same item and kind. */
  const reschedule = async (p: Principal, id: string, slotId: string) => {
    const a = await own(p, id);
    mustBeBooked(a);
    tooLate(a, 'reschedule');
    if (slotId === a.slot.id)
      throw validationFailed([{ path: 'body.slotId', message: 'the appointment is in this slot already' }]);
    const item = await publishedItem(a.itemCode);
    const slot = await bookableSlot(item, slotId, 'reschedule');
    if (slot.kind !== a.kind)
      throw validationFailed([
        { path: 'body.slotId', message: `a ${a.kind === 'home' ? 'home-visit' : 'hall'} slot, as booked` },
      ]);
    const at = deps.clock.now();
    const moved: Appointment = {
      ...a,
      slot,
      rescheduledFrom: [...(a.rescheduledFrom ?? []), a.slot.id],
      updatedAt: at.toISOString(),
      rev: a.rev + 1,
    };
    delete moved.remindedAt;
    await transact(
      [
        counter(slot, 1),
        counter(a.slot, -1),
        putAppointment(moved, a.rev),
        outboxPut(
          tableName,
          [
            domainEvent(EventType.AppointmentRescheduled, {
              ...facts(moved),
              fromDate: a.slot.date,
              fromStart: a.slot.start,
            }),
          ],
          at,
        )!,
      ],
      (index) =>
        changed(
          index,
          conflict(`该时段已约满 (the slot ${slot.date} ${slot.start} is full): please pick another`, [
            { path: 'body.slotId', message: '已约满 full' },
          ]),
        ),
    );
    return present(p, moved);
  };

  /** 取消: frees the place before the cancel cut-off. */
  const cancel = async (p: Principal, id: string) => {
    const a = await own(p, id);
    mustBeBooked(a);
    tooLate(a, 'cancel');
    const at = deps.clock.now();
    const cancelled: Appointment = {
      ...a,
      status: 'cancelled',
      cancelledAt: at.toISOString(),
      updatedAt: at.toISOString(),
      rev: a.rev + 1,
    };
    await transact(
      [
        putAppointment(cancelled, a.rev),
        counter(a.slot, -1),
        { Delete: { TableName: tableName, Key: holdKey(a.sub, a.itemCode) } },
        outboxPut(tableName, [domainEvent(EventType.AppointmentCancelled, facts(cancelled))], at)!,
      ],
      () => conflict('The appointment changed meanwhile: read it again.'),
    );
    return present(p, cancelled);
  };

  /** The person's appointments, latest first, and whether booking is paused for them. */
  const mine = async (p: Principal) => {
    const appointments = await Promise.all((await store.mine(p.sub)).map((a) => present(p, a)));
    const barred = await noShowBar(p.sub);
    return { appointments, ...(barred ? { barredUntil: barred } : {}) };
  };

  /** Staff of the service centre see every department's appointments; other staff their department's. */
  const visibleTo = (p: Principal, a: Appointment) =>
    p.department === serviceCentre || p.department === a.department;

  /**
   * An appointment as `p` sees it: a home visit's address in clear for the person who booked it and for the
   * clerks who arrange and make the visit (the visiting department's and the service centre's); masked for
   * everyone else who may see the appointment (supervisors, reviewers).
   */
  const present = (p: Principal, a: Appointment): Promise<Appointment> | Appointment =>
    a.sub === p.sub || (p.role === 'clerk' && visibleTo(p, a)) ? deps.sealing.open(a) : maskedAppointment(a);

  const get = async (p: Principal, id: string) => {
    const a = await store.get(id);
    if (!a) throw notFound(`No appointment ${id}.`);
    if (a.sub === p.sub) return present(p, a);
    if (p.role === 'clerk' && visibleTo(p, a)) return present(p, a);
    throw notFound(`No appointment ${id}.`);
  };

  /** The window's day: a hall's (or the home visits') appointments of a date, in slot order. */
  const day = async (p: Principal, query: { hall?: string; date?: string; window?: string }) => {
    const date = query.date ?? today();
    const hall = query.hall ?? config.halls[0]?.id ?? 'home';
    if (hall !== 'home' && !config.halls.some((h) => h.id === hall))
      throw validationFailed([{ path: 'query.hall', message: `no hall ${hall} here` }]);
    const all = (await store.day(hall, date)).filter(
      (a) => visibleTo(p, a) && (!query.window || a.slot.window === query.window),
    );
    const counts = { booked: 0, arrived: 0, 'no-show': 0, cancelled: 0 };
    for (const a of all) counts[a.status]++;
    return {
      hall,
      date,
      /** The halls and their windows, for choosing; `home` lists the home visits. */
      halls: config.halls.map((h) => ({
        id: h.id,
        name: h.name,
        windows: h.windows.map((w) => ({ id: w.id, name: w.name })),
      })),
      counts,
      appointments: await Promise.all(
        all.map(async (a) => {
          const { sub: _sub, rev: _rev, ...shown } = await present(p, a);
          return shown;
        }),
      ),
    };
  };

  /** 到场 / 爽约: the window records whether the person came; a no-show counts towards the no-show rule. */
  const mark = async (p: Principal, id: string, mark: 'arrived' | 'no-show') => {
    const a = await store.get(id);
    if (!a || !visibleTo(p, a)) throw notFound(`No appointment ${id}.`);
    if (a.status !== 'booked')
      throw conflict(`The appointment is ${a.status} already.`, [
        { path: 'params.id', message: `${a.status} already` },
      ]);
    const problem = attendanceProblem(config, mark, a.slot, deps.clock.now(), today(), tz);
    if (problem) throw conflict(problem, [{ path: 'params.id', message: problem }]);
    const at = deps.clock.now();
    const marked: Appointment = {
      ...a,
      status: mark,
      markedAt: at.toISOString(),
      markedBy: { sub: p.sub, name: p.name ?? '' },
      updatedAt: at.toISOString(),
      rev: a.rev + 1,
    };
    await transact(
      [
        putAppointment(marked, a.rev),
        { Delete: { TableName: tableName, Key: holdKey(a.sub, a.itemCode) } },
        ...(mark === 'no-show'
          ? [
              {
                Put: {
                  TableName: tableName,
                  Item: { ...noShowKey(a.sub, a.slot.date, a.id), itemCode: a.itemCode },
                },
              },
            ]
          : []),
        outboxPut(
          tableName,
          [
            domainEvent(
              mark === 'arrived' ? EventType.AppointmentArrived : EventType.AppointmentMissed,
              facts(marked),
            ),
          ],
          at,
        )!,
      ],
      () => conflict('The appointment changed meanwhile: read it again.'),
    );
    return present(p, marked);
  };

  /**
   * The day-before reminders: each booked appointment of tomorrow not yet reminded gets its reminder
   * event, once (the appointment's revision guards it); earlier ones only leave the sweep's index.
   */
  const remind = async () => {
    const tomorrow = addCalendarDays(today(), 1);
    const outcomes = { reminded: 0, passed: 0, changed: 0 };
    for (const a of await store.toRemind(tomorrow)) {
      const at = deps.clock.now();
      const due = a.slot.date === tomorrow && slotStartsAt(a.slot, tz) > at;
      const next: Appointment = due ? { ...a, remindedAt: at.toISOString(), rev: a.rev + 1 } : a;
      try {
        await transact(
          [
            due
              ? putAppointment(next, a.rev)
              : {
                  Update: {
                    TableName: tableName,
                    Key: appointmentKey(a.id),
                    UpdateExpression: 'REMOVE gsi3pk, gsi3sk',
                    ConditionExpression: 'rev = :rev',
                    ExpressionAttributeValues: { ':rev': a.rev },
                  },
                },
            ...(due
              ? [outboxPut(tableName, [domainEvent(EventType.AppointmentReminderDue, facts(next))], at)!]
              : []),
          ],
          () => conflict('changed'),
        );
        outcomes[due ? 'reminded' : 'passed']++;
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        outcomes.changed++;
      }
    }
    return outcomes;
  };

  return { slots, book, reschedule, cancel, mine, get, day, mark, remind };
};
