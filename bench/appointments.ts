// 预约 on the local cloud: a burst of concurrent bookings for one slot of capacity 5 (200 people, each with
// a token of their own, all at once through the gateway) must end with exactly 5 booked and the rest told
// the slot is full; then the time one booking takes through the gateway (slots spread out, 8 at a time),
// beside a baseline measured in the same run: the bare TransactWriteItems of a booking (the conditional
// counter and the booking row) sent straight to DynamoDB Local, and the same burst of bare conditional
// writes on a counter of capacity 5.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { startLocalCloud } from '../infra/local/cloud.ts';
import type { DevTokenRequest } from '../infra/local/dev-identity.ts';
import { seedJurisdiction } from '../infra/local/seed.ts';
import { names } from '../infra/naming.ts';
import { seedCatalogue } from '../infra/seed/catalogue.ts';
import { slotStarts } from '../shared/appointments.ts';
import { scaled } from './scale.ts';
import { summary } from './stats.ts';

const hall = 'main';
const window = 'c01';
const burstDate = '2026-12-10';

/** Runs `tasks` with at most `width` under way at once. */
const pooled = async <T>(tasks: Array<() => Promise<T>>, width: number) => {
  const results: T[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < tasks.length) {
        const i = next++;
        results[i] = await tasks[i]!();
      }
    }),
  );
  return results;
};

export const benchAppointments = async () => {
  const cloud = await startLocalCloud({ jurisdictionId: 'dinghai' });
  try {
    await seedJurisdiction(cloud.jurisdiction);
    const config = cloud.jurisdiction.appointments;
    const counter = config.halls.find((h) => h.id === hall)?.windows.find((w) => w.id === window);
    const capacity = counter?.capacity ?? config.capacity;
    if (capacity !== 5)
      throw new Error(`The bench needs window ${hall}.${window} of capacity 5, not ${capacity}`);
    const item = seedCatalogue(cloud.jurisdiction).items.find((i) => i.department === 'zrzyj')!;
    const post = (path: string, body: unknown, token?: string) =>
      fetch(`${cloud.url}${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify(body),
      });
    await post('/dev/clock', { now: '2026-12-08T10:00:00+08:00' });

    const people = scaled(200, 40);
    const person = (n: number): DevTokenRequest => ({
      sub: `bench-appt-${n}`,
      role: 'citizen',
      name: '预约测试',
      idNumber: '330902199203150025',
    });
    const tokens = await pooled(
      Array.from({ length: people }, (_, i) => () => cloud.issueToken(person(i))),
      8,
    );
    // Warm the function's instances (cold starts are not what this measures).
    await Promise.all(
      Array.from({ length: 8 }, () =>
        fetch(`${cloud.url}/items/${item.implementationCode}/appointment-slots`),
      ),
    );

    // The burst: every person at once, for one slot.
    const slotId = `${hall}.${window}.${burstDate}.0900`;
    const burstTimes: number[] = [];
    const statuses = await Promise.all(
      tokens.map(async (token) => {
        const started = performance.now();
        const res = await post('/appointments', { itemCode: item.implementationCode, slotId }, token);
        await res.text();
        burstTimes.push(performance.now() - started);
        return res.status;
      }),
    );
    const booked = statuses.filter((s) => s === 201).length;
    const full = statuses.filter((s) => s === 409).length;
    const other = statuses.filter((s) => s !== 201 && s !== 409);
    if (booked !== capacity || other.length > 0)
      throw new Error(`The burst booked ${booked} of ${capacity} places; other answers: ${other.join(', ')}`);
    const listed = (await (
      await fetch(
        `${cloud.url}/items/${item.implementationCode}/appointment-slots?from=${burstDate}&to=${burstDate}`,
      )
    ).json()) as { days: Array<{ slots: Array<{ id: string; remaining: number }> }> };
    const remaining = listed.days[0]?.slots.find((s) => s.id === slotId)?.remaining;
    if (remaining !== 0) throw new Error(`The full slot shows ${remaining} places left`);

    // One booking at a time per person, spread over the slots of the following days: no slot fills.
    const starts = slotStarts(config.hours, config.slotMinutes);
    const days = ['2026-12-11', '2026-12-14', '2026-12-15', '2026-12-16', '2026-12-17'];
    const spread = scaled(200, 40);
    const slotFor = (i: number) => {
      const k = Math.floor(i / capacity);
      return `${hall}.${window}.${days[Math.floor(k / starts.length) % days.length]}.${starts[k % starts.length]!.replace(':', '')}`;
    };
    const bookingTimes = await pooled(
      Array.from({ length: spread }, (_, i) => async () => {
        // The burst's people hold this item already; these are others.
        const token = await cloud.issueToken(person(10_000 + i));
        const started = performance.now();
        const res = await post(
          '/appointments',
          { itemCode: item.implementationCode, slotId: slotFor(i) },
          token,
        );
        const text = await res.text();
        if (res.status !== 201)
          throw new Error(`POST /appointments answered ${res.status}: ${text.slice(0, 300)}`);
        return performance.now() - started;
      }),
      8,
    );

    // The baseline: the same writes, bare, against DynamoDB Local.
    const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));
    const table = names('dinghai').table;
    const bareBooking = async (slot: string, n: number) => {
      const started = performance.now();
      try {
        await db.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName: table,
                  Key: { pk: `BENCHSLOT#${slot}`, sk: 'SLOT' },
                  UpdateExpression: 'ADD booked :one',
                  ConditionExpression: 'attribute_not_exists(booked) OR booked < :cap',
                  ExpressionAttributeValues: { ':one': 1, ':cap': capacity },
                },
              },
              {
                Put: {
                  TableName: table,
                  Item: { pk: `BENCHBOOKING#${slot}#${n}`, sk: 'BOOKING', slot },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
            ],
          }),
        );
        return { ok: true, ms: performance.now() - started };
      } catch (error) {
        if ((error as { name?: string }).name !== 'TransactionCanceledException') throw error;
        return { ok: false, ms: performance.now() - started };
      }
    };
    const bareBurst = await Promise.all(Array.from({ length: people }, (_, n) => bareBooking('burst', n)));
    const bareBooked = bareBurst.filter((r) => r.ok).length;
    const bareTimes = await pooled(
      Array.from({ length: spread }, (_, i) => async () => (await bareBooking(slotFor(i), i)).ms),
      8,
    );

    const fmt = (samples: number[]) => {
      const s = summary(samples);
      return `p50 ${s.p50} / p99 ${s.p99}`;
    };
    return [
      {
        figure: `${people} concurrent bookings for one slot of capacity ${capacity}: booked / told full`,
        value: `${booked} / ${full}`,
      },
      {
        figure: `baseline: ${people} concurrent bare conditional transactions on a counter of ${capacity}: succeeded`,
        value: String(bareBooked),
      },
      { figure: `booking through the gateway, 8 at a time (ms), n ${spread}`, value: fmt(bookingTimes) },
      {
        figure: `baseline: the bare TransactWriteItems, 8 at a time (ms), n ${spread}`,
        value: fmt(bareTimes),
      },
      { figure: `booking in the burst of ${people}, until answered (ms)`, value: fmt(burstTimes) },
      {
        figure: `baseline: bare transaction in the burst of ${people} (ms)`,
        value: fmt(bareBurst.map((r) => r.ms)),
      },
    ];
  } finally {
    await cloud.stop();
  }
};
