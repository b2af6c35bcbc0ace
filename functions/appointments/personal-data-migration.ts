// Appointments stored before home-visit addresses were sealed: each row whose address still holds its
// street, phone or note in clear is written again with them sealed (sealing.ts), guarded by the revision it
// was read at and moving it on, so a change that read the old row (a reschedule, a mark) retries on the new
// one; a row changed meanwhile is read again. Idempotent; one page at a time, resumable (see the cases').
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Appointment } from '../../shared/appointments.ts';
import { revisionGuard } from '../lib/dynamo.ts';
import { scanRows } from '../lib/row-scan.ts';
import { type AppointmentSealing, addressInClear } from './sealing.ts';
import { appointmentKey, appointmentRow } from './store.ts';

const attempts = 5;

export const sealKeptAppointments = async (deps: {
  db: DynamoDBDocumentClient;
  table: string;
  sealing: AppointmentSealing;
  start?: Record<string, unknown>;
  until?: number;
}) => {
  const { db, table, sealing } = deps;
  const report = { read: 0, sealed: 0, retried: 0 };

  const sealOne = async (first: Appointment) => {
    let a: Appointment | undefined = first;
    for (let attempt = 0; a && attempt < attempts; attempt++) {
      if (!addressInClear(a)) return;
      const sealed = await sealing.seal({ ...a, rev: a.rev + 1 });
      try {
        await db.send(
          new PutCommand({ TableName: table, Item: appointmentRow(sealed), ...revisionGuard(a.rev) }),
        );
        report.sealed++;
        return;
      } catch (error) {
        if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
        report.retried++;
        a = (
          await db.send(new GetCommand({ TableName: table, Key: appointmentKey(a.id), ConsistentRead: true }))
        ).Item?.appointment as Appointment | undefined;
      }
    }
    if (a) throw new Error(`Appointment ${a.id} kept changing while it was sealed`);
  };

  const { next } = await scanRows(
    db,
    { table, pkPrefix: 'APPT#', sk: appointmentKey('').sk, start: deps.start, until: deps.until },
    async (row) => {
      report.read++;
      await sealOne(row.appointment as Appointment);
    },
  );
  return { ...report, ...(next ? { next } : {}) };
};
