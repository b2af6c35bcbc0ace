// 预约 in the table:
//   APPT#<id> / APPT                  the appointment (`appointment` — a home visit's street, phone and note
//                                     sealed, see sealing.ts — and `rev`); gsi1 APPTS#<sub> / <date>T<start>#<id>
//                                     (the person's own), gsi2 APPTDAY#<hall>#<date> / <start>#<window>#<id>
//                                     (the window's day list), while booked and not yet reminded gsi3
//                                     APPT-REMIND / <date>#<start>#<id> (the day-before reminder's sweep)
//   APPTSLOT#<slotId> / SLOT          a slot's counter: `booked`, and the `capacity` it was last booked
//                                     against; gsi1 APPTSLOTS / <date>.<slotId> for the slot lists
//   APPTHOLD#<sub>#<itemCode> / HOLD  the person's one active appointment for the item
//   APPTNOSHOW#<sub> / <date>#<id>    a no-show, for the no-show rule
// A booking is one transaction of the counter (conditional on its capacity), the appointment, the hold and
// the outbox: all of it or nothing.
import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Appointment } from '../../shared/appointments.ts';
import { queryAll } from '../lib/dynamo.ts';

export const appointmentKey = (id: string) => ({ pk: `APPT#${id}`, sk: 'APPT' });
export const slotKey = (slotId: string) => ({ pk: `APPTSLOT#${slotId}`, sk: 'SLOT' });
export const holdKey = (sub: string, itemCode: string) => ({ pk: `APPTHOLD#${sub}#${itemCode}`, sk: 'HOLD' });
export const noShowKey = (sub: string, date: string, id: string) => ({
  pk: `APPTNOSHOW#${sub}`,
  sk: `${date}#${id}`,
});
export const mineIndex = { name: 'gsi1', pk: (sub: string) => `APPTS#${sub}` } as const;
export const dayIndex = {
  name: 'gsi2',
  pk: (hall: string, date: string) => `APPTDAY#${hall}#${date}`,
} as const;
export const remindIndex = { name: 'gsi3', pk: 'APPT-REMIND' } as const;
export const slotsIndex = { name: 'gsi1', pk: 'APPTSLOTS' } as const;

/** The row of an appointment with the index attributes its status calls for. */
export const appointmentRow = (a: Appointment) => ({
  ...appointmentKey(a.id),
  appointment: a,
  rev: a.rev,
  gsi1pk: mineIndex.pk(a.sub),
  gsi1sk: `${a.slot.date}T${a.slot.start}#${a.id}`,
  gsi2pk: dayIndex.pk(a.slot.hall, a.slot.date),
  gsi2sk: `${a.slot.start}#${a.slot.window}#${a.id}`,
  ...(a.status === 'booked' && !a.remindedAt
    ? { gsi3pk: remindIndex.pk, gsi3sk: `${a.slot.date}#${a.slot.start}#${a.id}` }
    : {}),
});

export const createAppointmentStore = (db: DynamoDBDocumentClient, tableName: string) => ({
  get: async (id: string) => {
    const { Item } = await db.send(
      new GetCommand({ TableName: tableName, Key: appointmentKey(id), ConsistentRead: true }),
    );
    return Item?.appointment as Appointment | undefined;
  },
  /** The person's appointments, latest slot first. */
  mine: async (sub: string, limit = 100) =>
    (
      await queryAll(db, {
        TableName: tableName,
        IndexName: mineIndex.name,
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': mineIndex.pk(sub) },
        ScanIndexForward: false,
        Limit: limit,
      })
    )
      .slice(0, limit)
      .map((row) => row.appointment as Appointment),
  day: async (hall: string, date: string) =>
    (
      await queryAll(db, {
        TableName: tableName,
        IndexName: dayIndex.name,
        KeyConditionExpression: 'gsi2pk = :pk',
        ExpressionAttributeValues: { ':pk': dayIndex.pk(hall, date) },
      })
    ).map((row) => row.appointment as Appointment),
  /** Places taken per slot id, for the slots of [from, to]. */
  booked: async (from: string, to: string) => {
    const rows = await queryAll(db, {
      TableName: tableName,
      IndexName: slotsIndex.name,
      KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': slotsIndex.pk, ':from': from, ':to': `${to}~` },
    });
    return new Map(rows.map((row) => [String(row.pk).slice('APPTSLOT#'.length), Number(row.booked ?? 0)]));
  },
  noShows: async (sub: string, since: string) =>
    (
      await queryAll(db, {
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND sk >= :since',
        ExpressionAttributeValues: { ':pk': `APPTNOSHOW#${sub}`, ':since': since },
        ConsistentRead: true,
      })
    ).map((row) => String(row.sk).slice(0, 10)),
  /** Booked appointments not yet reminded whose day is `through` or earlier. */
  toRemind: async (through: string) =>
    (
      await queryAll(db, {
        TableName: tableName,
        IndexName: remindIndex.name,
        KeyConditionExpression: 'gsi3pk = :pk AND gsi3sk <= :through',
        ExpressionAttributeValues: { ':pk': remindIndex.pk, ':through': `${through}~` },
      })
    ).map((row) => row.appointment as Appointment),
});
export type AppointmentStore = ReturnType<typeof createAppointmentStore>;
