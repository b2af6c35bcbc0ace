// 上门办 addresses sealed: the street, the phone the visitor calls and the note (which may say how someone
// is unwell) are sealed for the appointment's own row before it is stored; the row shows their masks. They
// are opened for the person who booked and for the clerks who arrange and make the visit (the visiting
// department's and the service centre's), and shown masked to everyone else who may see the appointment
// (supervisors, reviewers). Division codes stay readable: they route the visit and locate no one.
import type { Appointment } from '../../shared/appointments.ts';
import { mask, type PersonalKind, type SealedValue } from '../../shared/sealed.ts';
import type { PersonalData } from '../lib/personal-data.ts';
import { appointmentKey } from './store.ts';

const personalFields = [
  ['detail', 'text'],
  ['contactPhone', 'mobile'],
  ['note', 'text'],
] as const satisfies ReadonlyArray<readonly [string, PersonalKind]>;
type PersonalField = (typeof personalFields)[number][0];
const pathOf = (field: PersonalField) => `address.${field}` as const;

export interface AppointmentSealing {
  /** The appointment as stored: its address's personal fields sealed and masked. Idempotent. */
  seal(a: Appointment): Promise<Appointment>;
  /** The appointment with its address in clear, for those who may read it. */
  open(a: Appointment): Promise<Appointment>;
}

/** Whether an appointment's address still holds a personal field in clear. */
export const addressInClear = (a: Appointment) =>
  personalFields.some(([field]) => {
    const value = a.address?.[field];
    return typeof value === 'string' && value !== '' && !a.sealed?.[pathOf(field)];
  });

/** The appointment as a response shows it to whoever may not open it: masks, and no sealed values. */
export const maskedAppointment = (a: Appointment): Appointment => {
  const { sealed, ...rest } = a;
  if (!rest.address) return rest;
  const address = { ...rest.address };
  for (const [field, kind] of personalFields) {
    const value = address[field];
    // A row stored before addresses were sealed is masked here.
    if (typeof value === 'string' && !sealed?.[pathOf(field)]) address[field] = mask(kind, value);
  }
  return { ...rest, address };
};

export const createAppointmentSealing = (personal: PersonalData, table: string): AppointmentSealing => {
  const where = (a: Appointment, field: PersonalField) => ({
    table,
    row: appointmentKey(a.id).pk,
    field: pathOf(field),
  });
  return {
    seal: async (a) => {
      if (!a.address || !addressInClear(a)) return a;
      const address = { ...a.address };
      const sealed: Record<string, SealedValue> = { ...(a.sealed ?? {}) };
      await Promise.all(
        personalFields.map(async ([field, kind]) => {
          const value = address[field];
          if (typeof value !== 'string' || value === '' || sealed[pathOf(field)]) return;
          const s = await personal.seal(where(a, field), kind, value);
          sealed[pathOf(field)] = s;
          address[field] = s.mask;
        }),
      );
      return { ...a, address, sealed };
    },
    open: async (a) => {
      const { sealed, ...rest } = a;
      if (!rest.address || !sealed) return rest;
      const address = { ...rest.address };
      await Promise.all(
        personalFields.map(async ([field]) => {
          const s = sealed[pathOf(field)];
          if (s) address[field] = await personal.open(where(a, field), s);
        }),
      );
      return { ...rest, address };
    },
  };
};
