// 预约 and 上门办 on the local cloud: a person books a slot at the hall and is told by SMS, moves it and
// cancels it before the cut-offs (and not after), a burst of concurrent bookings fills a slot to exactly its
// capacity, the day-before reminder goes out from the schedule, the window sees its day and records
// arrivals and no-shows, repeated no-shows pause booking, and a home visit is booked with an address that
// never reaches an event or an SMS.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { dynamo } from '../../functions/lib/dynamo.ts';
import { loadJurisdiction } from '../../infra/jurisdictions/index.ts';
import type { DevTokenRequest } from '../../infra/local/dev-identity.ts';
import { seedJurisdiction } from '../../infra/local/seed.ts';
import { names } from '../../infra/naming.ts';
import { seedCatalogue } from '../../infra/seed/catalogue.ts';
import { eventually, useLocalCloud } from '../support/local-cloud.ts';

const api = useLocalCloud('dinghai', async (cloud) => void (await seedJurisdiction(cloud.jurisdiction)));

const { items } = seedCatalogue(loadJurisdiction('dinghai'));
const codeOf = (name: string) => items.find((i) => i.name === name)!.implementationCode;
const idCard = codeOf('居民身份证换领');
const allowance = codeOf('高龄津贴申领');

const person = (n: number, mobile = true): DevTokenRequest => ({
  sub: `appt-person-${n}`,
  role: 'citizen',
  name: '林预约',
  idNumber: '330902199203150025',
  ...(mobile ? { mobile: `1380000${String(1000 + n).slice(-4)}` } : {}),
});

interface Sms {
  to: string;
  templateCode: string;
  text: string;
}
const smsWith = async (code: string) =>
  ((await api.request('GET', '/dev/outbox')).body.sms as Sms[]).filter((s) => s.text.includes(code));
const setClock = (now: string) => api.request('POST', '/dev/clock', { body: { now } });
const slots = async (code: string, query = '') =>
  (await api.request('GET', `/items/${code}/appointment-slots${query}`)).body;
const book = (who: DevTokenRequest, body: Record<string, unknown>) =>
  api.request('POST', '/appointments', { as: who, body });

afterAll(async () => {
  await api.request('POST', '/dev/clock', { body: { reset: true } });
});

describe('预约 at the hall', () => {
  it('books, tells by SMS, moves and cancels before the cut-offs, and refuses after them', async () => {
    // Tuesday morning; Thursday's slots are offered.
    await setClock('2026-12-08T10:00:00+08:00');
    const list = await slots(idCard, '?from=2026-12-10&to=2026-12-10');
    expect(list.days).toHaveLength(1);
    const thursday = list.days[0].slots as Array<{ id: string; window: string; remaining: number }>;
    expect([...new Set(thursday.map((s) => s.window))].sort()).toEqual(['a01', 'a02', 'b01']);
    expect(thursday.find((s) => s.id === 'main.b01.2026-12-10.0900')).toMatchObject({
      remaining: 3,
      capacity: 3,
      open: true,
      windowName: '户政窗口',
    });
    // Weekends are never offered.
    expect((await slots(idCard, '?from=2026-12-12&to=2026-12-13')).days).toEqual([]);

    const who = person(1);
    const booked = await book(who, { itemCode: idCard, slotId: 'main.b01.2026-12-10.0900' });
    expect(booked.status).toBe(201);
    expect(booked.body).toMatchObject({ status: 'booked', kind: 'hall', itemName: '居民身份证换领' });
    const id = booked.body.id as string;
    const told = await eventually(
      () => smsWith(id),
      (s) => s.length === 1,
    );
    expect(told[0]!.text).toBe(
      `【定海政务服务】您已预约2026-12-10 09:00在定海区行政服务中心户政窗口办理“居民身份证换领”，预约号${id}。`,
    );
    expect((await slots(idCard, '?from=2026-12-10&to=2026-12-10')).days[0].slots).toContainEqual(
      expect.objectContaining({ id: 'main.b01.2026-12-10.0900', remaining: 2 }),
    );

    // One active appointment per item.
    const twice = await book(who, { itemCode: idCard, slotId: 'main.a01.2026-12-10.1000' });
    expect(twice.status).toBe(409);
    expect(twice.body.error.details[0].path).toBe('body.itemCode');

    const mine = await api.request('GET', '/appointments', { as: who });
    expect(mine.body.appointments.map((a: { id: string }) => a.id)).toEqual([id]);
    expect(mine.body.barredUntil).toBeUndefined();
    expect((await api.request('GET', `/appointments/${id}`, { as: person(2) })).status).toBe(404);

    const moved = await api.request('POST', `/appointments/${id}/reschedule`, {
      as: who,
      body: { slotId: 'main.a02.2026-12-11.1430' },
    });
    expect(moved.status).toBe(200);
    expect(moved.body.slot).toMatchObject({ date: '2026-12-11', start: '14:30', window: 'a02' });
    expect(moved.body.rescheduledFrom).toEqual(['main.b01.2026-12-10.0900']);
    await eventually(
      () => smsWith(id),
      (s) => s.length === 2,
    );
    const after = (await slots(idCard, '?from=2026-12-10&to=2026-12-11')).days.flatMap(
      (d: { slots: unknown[] }) => d.slots,
    );
    expect(after).toContainEqual(expect.objectContaining({ id: 'main.b01.2026-12-10.0900', remaining: 3 }));
    expect(after).toContainEqual(expect.objectContaining({ id: 'main.a02.2026-12-11.1430', remaining: 2 }));

    // Friday 13:45: the cancel cut-off (60 minutes before 14:30) has passed.
    await setClock('2026-12-11T13:45:00+08:00');
    const late = await api.request('POST', `/appointments/${id}/cancel`, { as: who });
    expect(late.status).toBe(409);
    expect(late.body.error.message).toMatch(/60 分钟/);
    const lateMove = await api.request('POST', `/appointments/${id}/reschedule`, {
      as: who,
      body: { slotId: 'main.a02.2026-12-14.0900' },
    });
    expect(lateMove.status).toBe(409);

    await setClock('2026-12-11T13:00:00+08:00');
    const cancelled = await api.request('POST', `/appointments/${id}/cancel`, { as: who });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    const cancelSms = await eventually(
      () => smsWith(id),
      (s) => s.length === 3,
    );
    expect(cancelSms[2]!.templateCode).toBe('TB_APPOINTMENT_CANCELLED_V1');
    expect((await api.request('POST', `/appointments/${id}/cancel`, { as: who })).status).toBe(409);
    // Cancelled, the item may be booked again.
    const again = await book(who, { itemCode: idCard, slotId: 'main.b01.2026-12-14.0900' });
    expect(again.status).toBe(201);
  });

  it('answers bad input field by field, and unknown things with 404', async () => {
    await setClock('2026-12-08T10:00:00+08:00');
    const who = person(3);
    const bad = await book(who, { itemCode: idCard, slotId: 'tomorrow', caseNumber: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'body.caseNumber',
      'body.slotId',
    ]);
    const wrongWindow = await book(who, { itemCode: idCard, slotId: 'main.c01.2026-12-10.0900' });
    expect(wrongWindow.status).toBe(400);
    expect(wrongWindow.body.error.details[0].path).toBe('body.slotId');
    const past = await book(who, { itemCode: idCard, slotId: 'main.b01.2026-12-08.1000' });
    expect(past.status).toBe(400);
    expect(past.body.error.details[0].message).toMatch(/截止/);
    const far = await book(who, { itemCode: idCard, slotId: 'main.b01.2026-12-31.0900' });
    expect(far.status).toBe(400);
    const address = await book(who, {
      itemCode: idCard,
      slotId: 'main.b01.2026-12-10.0930',
      address: { divisionCode: '330902' },
    });
    expect(address.status).toBe(400);
    expect(address.body.error.details[0].path).toBe('body.address');
    expect((await book(who, { itemCode: '330902-XK-9999', slotId: 'main.a01.2026-12-10.0900' })).status).toBe(
      404,
    );
    expect((await api.request('GET', '/items/330902-XK-9999/appointment-slots')).status).toBe(404);
    expect((await api.request('POST', '/appointments', { body: {} })).status).toBe(401);
    expect((await api.request('GET', '/window/appointments?hall=main', { as: who })).status).toBe(403);
    expect((await api.request('GET', '/window/appointments?hall=nope', { as: 'clerk' })).status).toBe(400);
  });
});

describe('a burst of bookings', () => {
  it('fills a slot to exactly its capacity, the rest told it is full, with nothing half-written', async () => {
    await setClock('2026-12-08T10:00:00+08:00');
    const slotId = 'main.b01.2026-12-15.1000';
    const answers = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        book(person(100 + i, false), { itemCode: idCard, slotId }).then((r) => ({ ...r, who: 100 + i })),
      ),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(3);
    // Everyone else is told the slot is full (each answer kept whole, to read if one is not).
    expect(
      answers.filter((a) => a.status !== 201 && a.status !== 409).map((a) => [a.status, a.body]),
    ).toEqual([]);
    expect(statuses.filter((s) => s === 409)).toHaveLength(21);
    const refused = answers.find((a) => a.status === 409)!;
    expect(refused.body.error.message).toMatch(/已约满|try again/);
    const slot = (await slots(idCard, '?from=2026-12-15&to=2026-12-15')).days[0].slots.find(
      (s: { id: string }) => s.id === slotId,
    );
    expect(slot.remaining).toBe(0);
    const day = await api.request('GET', '/window/appointments?hall=main&date=2026-12-15&window=b01', {
      as: 'clerk',
    });
    expect(day.body.appointments).toHaveLength(3);
    // A refused person has no appointment and may book another slot.
    const loser = answers.find((a) => a.status === 409)!.who;
    expect(
      (await api.request('GET', '/appointments', { as: person(loser, false) })).body.appointments,
    ).toEqual([]);
    expect(
      (await book(person(loser, false), { itemCode: idCard, slotId: 'main.b01.2026-12-15.1030' })).status,
    ).toBe(201);
  });
});

describe('the day before, and on the day', () => {
  it('reminds by SMS the day before, once', async () => {
    await setClock('2026-12-08T10:00:00+08:00');
    const who = person(4);
    const booked = await book(who, { itemCode: idCard, slotId: 'main.a01.2026-12-10.1100' });
    expect(booked.status).toBe(201);
    const id = booked.body.id as string;
    await eventually(
      () => smsWith(id),
      (s) => s.length === 1,
    );
    // Two days before: nothing yet.
    await api.request('POST', '/dev/schedules/appointments');
    await setClock('2026-12-09T10:00:00+08:00');
    const run = await api.request('POST', '/dev/schedules/appointments');
    expect(run.status).toBe(200);
    const reminded = await eventually(
      () => smsWith(id),
      (s) => s.length === 2,
    );
    expect(reminded[1]).toMatchObject({ templateCode: 'TB_APPOINTMENT_REMINDER_V1' });
    expect(reminded[1]!.text).toContain('明天2026-12-10 11:00在定海区行政服务中心综合受理1号窗口');
    await api.request('POST', '/dev/schedules/appointments');
    await new Promise((r) => setTimeout(r, 1500));
    expect(await smsWith(id)).toHaveLength(2);
    const events = (await api.request('GET', '/dev/events?type=AppointmentReminderDue')).body.events;
    expect(JSON.stringify(events)).not.toMatch(/林预约|1380000/);
  });

  it('shows the window its day and records arrivals and no-shows at their times', async () => {
    await setClock('2026-12-09T10:00:00+08:00');
    const [a, b] = [person(5), person(6)];
    const first = (await book(a, { itemCode: idCard, slotId: 'main.b01.2026-12-10.1400' })).body.id as string;
    const second = (await book(b, { itemCode: idCard, slotId: 'main.b01.2026-12-10.1430' })).body
      .id as string;
    expect((await api.request('POST', `/appointments/${first}/arrival`, { as: 'clerk' })).status).toBe(409);
    expect((await api.request('POST', `/appointments/${first}/arrival`, { as: a })).status).toBe(403);

    await setClock('2026-12-10T14:05:00+08:00');
    const day = await api.request('GET', '/window/appointments?hall=main&window=b01', { as: 'clerk' });
    expect(day.status).toBe(200);
    expect(day.body.date).toBe('2026-12-10');
    const listed = day.body.appointments.filter((x: { id: string }) => x.id === first || x.id === second);
    expect(listed.map((x: { name: string; slot: { start: string } }) => [x.slot.start, x.name])).toEqual([
      ['14:00', '林预约'],
      ['14:30', '林预约'],
    ]);
    expect(listed[0].sub).toBeUndefined();
    const arrived = await api.request('POST', `/appointments/${first}/arrival`, { as: 'clerk' });
    expect(arrived.status).toBe(200);
    expect(arrived.body).toMatchObject({ status: 'arrived', markedBy: { name: '陈窗口' } });
    expect((await api.request('POST', `/appointments/${first}/no-show`, { as: 'clerk' })).status).toBe(409);
    // Too early for a no-show of 14:30 (15 minutes' grace).
    expect((await api.request('POST', `/appointments/${second}/no-show`, { as: 'clerk' })).status).toBe(409);
    await setClock('2026-12-10T14:46:00+08:00');
    const missed = await api.request('POST', `/appointments/${second}/no-show`, { as: 'clerk' });
    expect(missed.status).toBe(200);
    expect(missed.body.status).toBe('no-show');
    const counts = (await api.request('GET', '/window/appointments?hall=main', { as: 'clerk' })).body.counts;
    expect(counts.arrived).toBeGreaterThanOrEqual(1);
    expect(counts['no-show']).toBeGreaterThanOrEqual(1);
    // A reviewer of another department is not the window.
    expect((await api.request('POST', `/appointments/${second}/arrival`, { as: 'reviewer' })).status).toBe(
      403,
    );
  });

  it('pauses booking after three no-shows within 90 days', async () => {
    const who = person(7);
    const day = ['2026-12-14', '2026-12-15', '2026-12-16'];
    for (const date of day) {
      await setClock(`${date}T08:00:00+08:00`);
      const booked = await book(who, { itemCode: idCard, slotId: `main.a02.${date}.0900` });
      expect(booked.status).toBe(201);
      await setClock(`${date}T09:20:00+08:00`);
      expect(
        (await api.request('POST', `/appointments/${booked.body.id}/no-show`, { as: 'clerk' })).status,
      ).toBe(200);
    }
    const paused = await book(who, { itemCode: idCard, slotId: 'main.a02.2026-12-17.0900' });
    expect(paused.status).toBe(409);
    expect(paused.body.error.message).toContain('2027-01-14');
    expect((await api.request('GET', '/appointments', { as: who })).body.barredUntil).toBe('2027-01-14');
    // The pause ends after its 30 days.
    await setClock('2027-01-15T08:00:00+08:00');
    expect((await book(who, { itemCode: idCard, slotId: 'main.a02.2027-01-15.0900' })).status).toBe(201);
  });
});

describe('上门办', () => {
  it('books a home visit with an address the SMS and events never carry', async () => {
    await setClock('2026-12-08T10:00:00+08:00');
    expect(
      (await slots(idCard, '?kind=home')).days.every((d: { slots: unknown[] }) => d.slots.length === 0),
    ).toBe(true);
    const home = await slots(allowance, '?kind=home&from=2026-12-10&to=2026-12-10');
    expect(home.offered).toBe(true);
    expect(home.days[0].slots[0]).toMatchObject({
      id: 'home.mzj.2026-12-10.0900',
      capacity: 1,
      remaining: 1,
    });
    const who = person(8);
    const noAddress = await book(who, { itemCode: allowance, slotId: 'home.mzj.2026-12-10.0900' });
    expect(noAddress.status).toBe(400);
    const wrong = await book(who, {
      itemCode: allowance,
      slotId: 'home.mzj.2026-12-10.0900',
      address: { divisionCode: '110101', detail: '门', contactPhone: '12' },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'body.address.contactPhone',
      'body.address.detail',
      'body.address.divisionCode',
    ]);
    const address = {
      divisionCode: '330902',
      detail: '定海区环城南路 88 号 3 幢 201 室',
      contactPhone: '13900000088',
      note: '老人行动不便，请提前电话联系',
    };
    const booked = await book(who, { itemCode: allowance, slotId: 'home.mzj.2026-12-10.0900', address });
    expect(booked.status).toBe(201);
    expect(booked.body).toMatchObject({ kind: 'home', address });
    const id = booked.body.id as string;
    const sms = await eventually(
      () => smsWith(id),
      (s) => s.length === 1,
    );
    expect(sms[0]!.text).toContain('上门服务（舟山市定海区民政局）');
    expect(sms[0]!.text).not.toContain('环城南路');
    // One visit per slot: the team is booked.
    const full = await book(person(9), { itemCode: allowance, slotId: 'home.mzj.2026-12-10.0900', address });
    expect(full.status).toBe(409);
    const visits = await api.request('GET', '/window/appointments?hall=home&date=2026-12-10', {
      as: 'clerk',
    });
    expect(visits.body.appointments[0]).toMatchObject({ id, address: { contactPhone: '13900000088' } });
    expect(visits.body.appointments[0].sealed).toBeUndefined();
    // Stored sealed: the row holds the masks and sealed values, never the street, the phone or the note.
    const row = (
      await dynamo().send(
        new GetCommand({ TableName: names('dinghai').table, Key: { pk: `APPT#${id}`, sk: 'APPT' } }),
      )
    ).Item!;
    expect(JSON.stringify(row)).not.toMatch(/环城南路|13900000088|行动不便/);
    expect(row.appointment.address).toMatchObject({ divisionCode: '330902', contactPhone: '139****0088' });
    expect(Object.keys(row.appointment.sealed).sort()).toEqual([
      'address.contactPhone',
      'address.detail',
      'address.note',
    ]);
    // The booker reads their own address back in full.
    const mine = await api.request('GET', `/appointments/${id}`, { as: who });
    expect(mine.body.address).toEqual(address);
    const events = (await api.request('GET', '/dev/events?type=AppointmentBooked')).body.events;
    expect(JSON.stringify(events)).not.toMatch(/环城南路|13900000088|林预约/);
  });
});
