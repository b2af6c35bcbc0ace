// Domain events end to end on the local cloud: a change and its outbox item are one transaction on the
// table's stream; the relay puts every event on the bus; the bus delivers each to the subscriptions whose
// pattern it matches; an outage of the bus or of the workflow engine delays events and decisions but loses
// none and duplicates none at a consumer, and every decided case completes once the engine answers again.
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { describe, expect, it } from 'vitest';
import { ChangeConflict, createCaseStore } from '../../functions/cases/store.ts';
import { dynamo } from '../../functions/lib/dynamo.ts';
import { outboxPrefix } from '../../functions/lib/outbox.ts';
import { seedJurisdiction } from '../../infra/local/seed.ts';
import { names } from '../../infra/naming.ts';
import type { CaseRecord } from '../../shared/cases/case.ts';
import { formatCaseNumber } from '../../shared/cases/case-number.ts';
import { domainEvent, EventType } from '../../shared/events.ts';
import { outboxEvents, probeCounts, probeFunction } from '../support/event-probe.ts';
import { eventually, useLocalCloud } from '../support/local-cloud.ts';

const api = useLocalCloud(
  'dinghai',
  async (cloud) => {
    await seedJurisdiction(cloud.jurisdiction);
  },
  {
    extraFunctions: [probeFunction],
  },
);

const table = names('dinghai').table;
const housing = '330902-JF-0084';
const reviewers = {
  zjj: { sub: 'demo-reviewer-zjj', role: 'reviewer', name: '吴审核', department: 'zjj' },
  mzj: { sub: 'demo-reviewer-mzj', role: 'reviewer', name: '钱审核', department: 'mzj' },
} as const;
let keys = 0;

const faults = async (body: { bus?: boolean; workflow?: boolean }) => {
  const res = await api.request('POST', '/dev/faults', { body });
  expect(res.status).toBe(200);
};

const submit = async () => {
  const materials = [
    { materialId: 'application-form', via: 'upload', key: await api.upload('citizen') },
    { materialId: 'id-card', via: 'upload', key: await api.upload('citizen') },
    { materialId: 'hukou', via: 'upload', key: await api.upload('citizen') },
    { materialId: 'income-proof', via: 'commitment' },
  ];
  const res = await api.request('POST', '/cases', {
    as: 'citizen',
    body: { itemCode: housing, form: { householdSize: 3, currentHousing: '租住' }, materials },
    headers: { 'idempotency-key': `events-${Date.now()}-${++keys}` },
  });
  expect(res.status).toBe(201);
  return res.body.caseNumber as string;
};

const accept = async (n: string) => {
  const res = await api.request('POST', `/cases/${n}/acceptance`, {
    as: 'clerk',
    body: { decision: 'accept' },
  });
  expect(res.status).toBe(200);
};

const statusOf = async (n: string) =>
  (await api.request('GET', `/cases/${n}`, { as: 'citizen' })).body.status as string;

/** Both departments' tasks of the case, once the workflow has registered them. */
const tasksOf = async (n: string) => {
  const found = await eventually(
    async () => {
      const lists = await Promise.all(
        Object.values(reviewers).map(async (as) => {
          const res = await api.request('GET', '/tasks?status=pending&limit=100', { as });
          return (res.body.tasks as Array<{ taskId: string; caseNumber: string }>)
            .filter((t) => t.caseNumber === n)
            .map((t) => ({ ...t, as }));
        }),
      );
      return lists.flat();
    },
    (tasks) => tasks.length === 2,
    30_000,
  );
  expect(found).toHaveLength(2);
  return found;
};

const approveAll = async (n: string) => {
  for (const task of await tasksOf(n)) {
    const res = await api.request('POST', `/tasks/${task.taskId}/decision`, {
      as: task.as,
      body: { decision: 'approve', opinion: '同意' },
    });
    expect(res.status).toBe(200);
  }
};

/** Every record on the table's stream so far (read beside the relay, from the start of each shard). */
const streamRecords = async () => {
  const client = new DynamoDBStreamsClient({ endpoint: api.cloud.endpoints.dynamodb });
  const arn = (await new DynamoDBClient({}).send(new DescribeTableCommand({ TableName: table }))).Table
    ?.LatestStreamArn;
  const shards = (await client.send(new DescribeStreamCommand({ StreamArn: arn }))).StreamDescription?.Shards;
  const records = [];
  for (const shard of shards ?? []) {
    let iterator = (
      await client.send(
        new GetShardIteratorCommand({
          StreamArn: arn,
          ShardId: shard.ShardId,
          ShardIteratorType: 'TRIM_HORIZON',
        }),
      )
    ).ShardIterator;
    while (iterator) {
      const page = await client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
      records.push(...(page.Records ?? []));
      if ((page.Records ?? []).length === 0) break;
      iterator = page.NextShardIterator;
    }
  }
  return records;
};

const caseRecord = (caseNumber: string): CaseRecord =>
  ({
    caseNumber,
    queryCode: 'TEST',
    kind: 'single',
    status: 'SUBMITTED',
    applicant: { type: 'person', name: '测试', sub: 'test' },
    submittedBy: 'test',
    channel: 'test',
    form: {},
    materials: [],
    handlingDepartment: 'zjj',
    departments: ['zjj'],
    submittedAt: new Date().toISOString(),
    extensionDays: 0,
    extensions: [],
    pauses: [],
    rev: 0,
    historyLength: 0,
    historyHead: '',
    updatedAt: new Date().toISOString(),
  }) as CaseRecord;

describe('the outbox', () => {
  it('writes a change and its events in one transaction: both on the stream, or neither', async () => {
    const store = createCaseStore(dynamo(), table);
    const n = formatCaseNumber({ divisionCode: '330902', date: '2026-12-01', sequence: 900001 });
    const event = domainEvent(EventType.CaseSubmitted, {
      caseNumber: n,
      status: 'SUBMITTED',
      kind: 'single',
      department: 'zjj',
    });
    await store.commit({
      cases: [{ record: caseRecord(n), expectedRev: 'new' }],
      outbox: { events: [event], at: new Date() },
    });
    // The same change again: its guard fails, so its outbox item is not written either.
    const again = domainEvent(EventType.CaseSubmitted, {
      caseNumber: n,
      status: 'SUBMITTED',
      kind: 'single',
      department: 'zjj',
    });
    await expect(
      store.commit({
        cases: [{ record: caseRecord(n), expectedRev: 'new' }],
        outbox: { events: [again], at: new Date() },
      }),
    ).rejects.toBeInstanceOf(ChangeConflict);

    const records = await eventually(streamRecords, (rs) =>
      rs.some((r) => r.dynamodb?.NewImage?.events?.S?.includes(event.detail.eventId)),
    );
    const caseRow = records.find((r) => r.dynamodb?.Keys?.pk?.S === `CASE#${n}`);
    const outboxRow = records.find((r) => r.dynamodb?.NewImage?.events?.S?.includes(event.detail.eventId));
    expect(caseRow?.eventName).toBe('INSERT');
    expect(outboxRow?.eventName).toBe('INSERT');
    expect(outboxRow?.dynamodb?.Keys?.pk?.S?.startsWith(outboxPrefix)).toBe(true);
    expect(records.some((r) => r.dynamodb?.NewImage?.events?.S?.includes(again.detail.eventId))).toBe(false);

    // The relay put the event on the bus with its eventId, and the probe subscription received it.
    const bus = await eventually(
      async () => (await api.request('GET', '/dev/events?type=CaseSubmitted&limit=10000')).body.events,
      (
        events: Array<{
          detail: { eventId: string };
          deliveries: Array<{ subscription: string; status: string }>;
        }>,
      ) =>
        events.some(
          (e) =>
            e.detail.eventId === event.detail.eventId &&
            e.deliveries.some((d) => d.subscription === 'event-probe' && d.status === 'delivered'),
        ),
    );
    const onBus = bus.filter(
      (e: { detail: { eventId: string } }) => e.detail.eventId === event.detail.eventId,
    );
    expect(onBus).toHaveLength(1);
    // The probe's delivery, once (the notifier subscribes to applications too).
    expect(
      onBus[0]?.deliveries.filter((d: { subscription: string }) => d.subscription === 'event-probe'),
    ).toEqual([expect.objectContaining({ subscription: 'event-probe', status: 'delivered', attempts: 1 })]);
  });

  it('handles a replayed event once at a consumer', async () => {
    const event = domainEvent(EventType.CaseOverdue, {
      caseNumber: formatCaseNumber({ divisionCode: '330902', date: '2026-12-01', sequence: 900002 }),
      dueDate: '2026-12-31',
      department: 'zjj',
    });
    // As an operator's replay from the outbox would: the same event put on the bus twice.
    const entry = {
      EventBusName: names('dinghai').eventBus,
      Source: 'tongban.dinghai',
      DetailType: event.type,
      Detail: JSON.stringify(event.detail),
    };
    await new EventBridgeClient({}).send(new PutEventsCommand({ Entries: [entry, entry] }));
    const delivered = await eventually(
      async () => (await api.request('GET', '/dev/events?type=CaseOverdue&limit=10000')).body.events,
      (events: Array<{ detail: { eventId: string }; deliveries: Array<{ status: string }> }>) =>
        events.filter(
          (e) => e.detail.eventId === event.detail.eventId && e.deliveries[0]?.status === 'delivered',
        ).length === 2,
    );
    expect(
      delivered.filter((e: { detail: { eventId: string } }) => e.detail.eventId === event.detail.eventId),
    ).toHaveLength(2);
    expect((await probeCounts(table)).get(event.detail.eventId)).toBe(1);
  });
});

describe('outages', () => {
  it('delivers every event exactly once at a consumer when the bus refuses for a while', async () => {
    await faults({ bus: true });
    const numbers: string[] = [];
    try {
      // A burst of flows while the bus is down: applications, acceptances, the workflow's task assignments.
      numbers.push(...(await Promise.all(Array.from({ length: 6 }, () => submit()))));
      await Promise.all(numbers.map((n) => accept(n)));
      for (const n of numbers) await tasksOf(n);
      const streams = (await api.request('GET', '/dev/streams')).body;
      expect(streams.shards.some((s: { retrying?: unknown }) => s.retrying)).toBe(true);
    } finally {
      await faults({ bus: false });
    }
    const produced = await outboxEvents(table);
    const ofTheseCases = [...produced.values()].filter((e) => numbers.includes(String(e.detail.caseNumber)));
    // Per case: submitted, accepted, and a task assigned to each of the two departments.
    expect(ofTheseCases).toHaveLength(numbers.length * 4);
    const counts = await eventually(
      () => probeCounts(table),
      (c) => [...produced.keys()].every((id) => c.has(id)),
      30_000,
    );
    const missing = [...produced.keys()].filter((id) => !counts.has(id));
    const duplicated = [...counts.entries()].filter(([, n]) => n !== 1);
    expect(missing).toEqual([]);
    expect(duplicated).toEqual([]);
  });

  it('completes every decided case once the workflow engine answers again', async () => {
    // Applications accepted while the engine refuses: the follow-up starts their reviews when it is back.
    await faults({ workflow: true });
    const numbers = await Promise.all(Array.from({ length: 3 }, () => submit()));
    try {
      await Promise.all(numbers.map((n) => accept(n)));
      await new Promise((r) => setTimeout(r, 1000));
      expect(await Promise.all(numbers.map(statusOf))).toEqual(numbers.map(() => 'ACCEPTED'));
    } finally {
      await faults({ workflow: false });
    }
    for (const n of numbers) await tasksOf(n);

    // Decisions on record while the engine refuses: the reviewers are answered, the workflow waits.
    await faults({ workflow: true });
    try {
      await Promise.all(numbers.map((n) => approveAll(n)));
      await new Promise((r) => setTimeout(r, 1500));
      expect(await Promise.all(numbers.map(statusOf))).toEqual(numbers.map(() => 'IN_REVIEW'));
    } finally {
      await faults({ workflow: false });
    }
    const statuses = await eventually(
      () => Promise.all(numbers.map(statusOf)),
      (s) => s.every((status) => status === 'COMPLETED'),
      30_000,
    );
    expect(statuses).toEqual(numbers.map(() => 'COMPLETED'));

    // The decisions reached the engine through the follow-up's retries.
    const decided = (await api.request('GET', '/dev/events?type=TaskDecided&limit=10000')).body.events.filter(
      (e: { detail: { caseNumber: string } }) => numbers.includes(e.detail.caseNumber),
    );
    expect(decided).toHaveLength(numbers.length * 2);
    const followUps = decided.flatMap(
      (e: { deliveries: Array<{ subscription: string; attempts: number; status: string }> }) =>
        e.deliveries.filter((d) => d.subscription === 'workflow-follow-up'),
    );
    expect(followUps.every((d: { status: string }) => d.status === 'delivered')).toBe(true);
    expect(followUps.some((d: { attempts: number }) => d.attempts > 1)).toBe(true);
  });
});
