// The local EventBridge endpoint as product code meets it: the real @aws-sdk/client-eventbridge over HTTP,
// the errors AWS names, per-entry failures, the in-memory log and its filters, Step Functions'
// events:putEvents tasks recorded into the same log, and publishEvents from functions/lib/events.ts.
import {
  EventBridgeClient,
  PutEventsCommand,
  type PutEventsRequestEntry,
  ResourceNotFoundException,
} from '@aws-sdk/client-eventbridge';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadJurisdiction } from '../../../infra/jurisdictions/index.ts';
import { type EventBridgeEndpoint, startEventBridgeEndpoint } from '../../../infra/local/events.ts';
import { startStepFunctionsEndpoint } from '../../../infra/local/stepfunctions/server.ts';

const bus = 'tongban-test';
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

const entry = (detailType: string, detail: unknown, extra: Partial<PutEventsRequestEntry> = {}) => ({
  EventBusName: bus,
  Source: 'tongban.test',
  DetailType: detailType,
  Detail: typeof detail === 'string' ? detail : JSON.stringify(detail),
  ...extra,
});

let endpoint: EventBridgeEndpoint;
let client: EventBridgeClient;

beforeAll(async () => {
  endpoint = await startEventBridgeEndpoint({ buses: [bus] });
  client = new EventBridgeClient({ endpoint: endpoint.url, region: 'us-east-1', credentials });
});
afterAll(async () => {
  await endpoint?.close();
});

describe('PutEvents', () => {
  it('accepts events, answers an id per entry and records them with the detail parsed', async () => {
    const result = await client.send(
      new PutEventsCommand({
        Entries: [
          entry('CaseAccepted', { caseId: 'c-1', status: 'accepted' }),
          entry(
            'CaseAccepted',
            { caseId: 'c-2', status: 'accepted' },
            { EventBusName: `arn:aws:events:us-east-1:000000000000:event-bus/${bus}` },
          ),
        ],
      }),
    );
    expect(result.FailedEntryCount).toBe(0);
    const ids = result.Entries?.map((e) => e.EventId);
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(2);
    const recorded = endpoint.list().filter((e) => ids?.includes(e.id));
    expect(recorded).toEqual([
      {
        time: expect.any(String),
        id: ids?.[0],
        bus,
        source: 'tongban.test',
        detailType: 'CaseAccepted',
        detail: { caseId: 'c-1', status: 'accepted' },
        deliveries: [],
      },
      expect.objectContaining({ id: ids?.[1], bus, detail: { caseId: 'c-2', status: 'accepted' } }),
    ]);
    expect(Math.abs(Date.parse(recorded[0]!.time) - Date.now())).toBeLessThan(5000);
  });

  it('keeps the Time an entry gives', async () => {
    const at = new Date('2026-12-31T01:00:00.000Z');
    const result = await client.send(
      new PutEventsCommand({ Entries: [entry('ClockedEvent', { n: 1 }, { Time: at })] }),
    );
    expect(endpoint.list({ type: 'ClockedEvent' })).toEqual([
      expect.objectContaining({ id: result.Entries?.[0]?.EventId, time: at.toISOString() }),
    ]);
  });

  it('refuses an unknown bus with ResourceNotFoundException and records none of the request', async () => {
    const before = endpoint.list().length;
    const put = client.send(
      new PutEventsCommand({
        Entries: [
          entry('CaseAccepted', { caseId: 'c-3' }),
          entry('CaseAccepted', { caseId: 'c-4' }, { EventBusName: 'nobody' }),
        ],
      }),
    );
    await expect(put).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(put).rejects.toThrow('Event bus nobody does not exist.');
    // No EventBusName is the default bus, which exists only when given at start.
    const { EventBusName: _, ...withoutBus } = entry('CaseAccepted', { caseId: 'c-5' });
    await expect(client.send(new PutEventsCommand({ Entries: [withoutBus] }))).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    );
    expect(endpoint.list().length).toBe(before);
  });

  it('fails a malformed entry on its own and accepts the others', async () => {
    const result = await client.send(
      new PutEventsCommand({
        Entries: [
          entry('Malformed', '{"caseId": '),
          entry('Malformed', '["not", "an object"]'),
          entry('Malformed', { caseId: 'ok' }),
          entry('Malformed', { caseId: 'no source' }, { Source: '' }),
          entry('', { caseId: 'no type' }),
        ],
      }),
    );
    expect(result.FailedEntryCount).toBe(4);
    expect(result.Entries?.map((e) => e.ErrorCode ?? 'ok')).toEqual([
      'MalformedDetail',
      'MalformedDetail',
      'ok',
      'InvalidArgument',
      'InvalidArgument',
    ]);
    expect(result.Entries?.[3]?.ErrorMessage).toMatch(/Source/);
    expect(result.Entries?.[4]?.ErrorMessage).toMatch(/DetailType/);
    expect(endpoint.list({ type: 'Malformed' }).map((e) => e.detail)).toEqual([{ caseId: 'ok' }]);
  });

  it('refuses more than ten entries, or none, as AWS does', async () => {
    const eleven = Array.from({ length: 11 }, (_, i) => entry('TooMany', { i }));
    await expect(client.send(new PutEventsCommand({ Entries: eleven }))).rejects.toMatchObject({
      name: 'ValidationException',
    });
    await expect(client.send(new PutEventsCommand({ Entries: [] }))).rejects.toMatchObject({
      name: 'ValidationException',
    });
    expect(endpoint.list({ type: 'TooMany' })).toEqual([]);
  });
});

describe('the event log', () => {
  it('filters by type and time and keeps the newest of a limit, newest last', async () => {
    const times = ['2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z', '2026-01-03T00:00:00Z'].map(
      (t) => new Date(t),
    );
    await client.send(
      new PutEventsCommand({
        Entries: [
          ...times.map((Time, i) => entry('Listed', { i }, { Time })),
          entry('Unlisted', { i: 9 }, { Time: times[2] }),
        ],
      }),
    );
    expect(endpoint.list({ type: 'Listed' }).map((e) => e.detail.i)).toEqual([0, 1, 2]);
    expect(endpoint.list({ type: 'Listed', limit: 2 }).map((e) => e.detail.i)).toEqual([1, 2]);
    expect(endpoint.list({ type: 'Listed', sinceMs: times[1]!.getTime() }).map((e) => e.detail.i)).toEqual([
      1, 2,
    ]);
  });

  it('keeps only the most recent events once full', async () => {
    const small = await startEventBridgeEndpoint({ buses: [bus], capacity: 3 });
    try {
      const smallClient = new EventBridgeClient({ endpoint: small.url, region: 'us-east-1', credentials });
      for (const i of [1, 2, 3, 4, 5])
        await smallClient.send(new PutEventsCommand({ Entries: [entry('Ring', { i })] }));
      expect(small.list().map((e) => e.detail.i)).toEqual([3, 4, 5]);
    } finally {
      await small.close();
    }
  });
});

describe('Step Functions events:putEvents tasks', () => {
  it('are recorded in the same log, and a refused entry fails the task as on AWS', async () => {
    const sfn = await startStepFunctionsEndpoint({
      invokeLambda: async () => ({}),
      onEvents: (entries) => endpoint.putEntries(entries),
    });
    try {
      const sfnClient = new SFNClient({ endpoint: sfn.url, region: 'us-east-1', credentials });
      const definition = (eventBusName: string) =>
        JSON.stringify({
          StartAt: 'Announce',
          States: {
            Announce: {
              Type: 'Task',
              Resource: 'arn:aws:states:::events:putEvents',
              Parameters: {
                Entries: [
                  {
                    EventBusName: eventBusName,
                    Source: 'tongban.test',
                    DetailType: 'WorkflowAnnounced',
                    Detail: { 'caseId.$': '$.caseId' },
                  },
                ],
              },
              End: true,
            },
          },
        });
      const run = async (name: string, eventBusName: string) => {
        const { stateMachineArn } = await sfnClient.send(
          new CreateStateMachineCommand({
            name,
            definition: definition(eventBusName),
            roleArn: 'arn:aws:iam::000000000000:role/workflow',
          }),
        );
        const { executionArn } = await sfnClient.send(
          new StartExecutionCommand({ stateMachineArn, input: JSON.stringify({ caseId: name }) }),
        );
        for (;;) {
          const execution = await sfnClient.send(new DescribeExecutionCommand({ executionArn }));
          if (execution.status !== 'RUNNING') return execution;
          await new Promise((r) => setTimeout(r, 20));
        }
      };

      expect((await run('announce', bus)).status).toBe('SUCCEEDED');
      expect(endpoint.list({ type: 'WorkflowAnnounced' })).toEqual([
        expect.objectContaining({ bus, source: 'tongban.test', detail: { caseId: 'announce' } }),
      ]);
      const failed = await run('astray', 'nobody');
      expect(failed).toMatchObject({ status: 'FAILED', error: 'EventBridge.ResourceNotFoundException' });
      expect(endpoint.list({ type: 'WorkflowAnnounced' })).toHaveLength(1);
    } finally {
      await sfn.close();
    }
  });
});

describe('publishEvents', () => {
  let publishEvents: typeof import('../../../functions/lib/events.ts').publishEvents;
  beforeAll(async () => {
    // What the stack's `events:put` binding and the local cloud set; read once, at the module's first import.
    Object.assign(process.env, {
      JURISDICTION_CONFIG: JSON.stringify(loadJurisdiction('dinghai')),
      EVENT_BUS_NAME: bus,
      AWS_ENDPOINT_URL_EVENTBRIDGE: endpoint.url,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
    });
    ({ publishEvents } = await import('../../../functions/lib/events.ts'));
  });

  it('puts every event, ten to a call, from the jurisdiction as source, in order', async () => {
    const events = Array.from({ length: 23 }, (_, i) => ({
      type: 'Published',
      detail: { caseId: `c-${i}` },
    }));
    await publishEvents(events);
    const recorded = endpoint.list({ type: 'Published' });
    expect(recorded.map((e) => e.detail.caseId)).toEqual(events.map((e) => e.detail.caseId));
    expect(new Set(recorded.map((e) => `${e.bus} ${e.source}`))).toEqual(new Set([`${bus} tongban.dinghai`]));
  });

  it('makes no call for no events (an empty PutEvents would be refused)', async () => {
    await expect(publishEvents([])).resolves.toBeUndefined();
  });

  it('throws on a refused entry, naming the error code and not the detail', async () => {
    const error = await publishEvents([{ type: '', detail: { caseId: 'secret-c-99' } }]).catch(
      (e: Error) => e,
    );
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/refused 1 of 1 events .*InvalidArgument/);
    expect((error as Error).message).not.toContain('secret-c-99');
  });
});

describe('routing to subscriptions', () => {
  const fast = { initialDelayMs: 10, maxDelayMs: 40, maxAttempts: 5, maxAgeMs: 60_000 };
  let routed: EventBridgeEndpoint;
  let routedClient: EventBridgeClient;
  const calls: Array<{ target: string; payload: { Records: Array<{ body: string }> } }> = [];
  let failuresLeft = 0;

  beforeAll(async () => {
    routed = await startEventBridgeEndpoint({ buses: [bus] });
    routedClient = new EventBridgeClient({ endpoint: routed.url, region: 'us-east-1', credentials });
    routed.subscribe(
      [
        { name: 'decisions', pattern: { 'detail-type': ['TaskDecided'] }, target: 'follow-up' },
        {
          name: 'approvals-elsewhere',
          pattern: { detail: { decision: ['approve'], department: [{ 'anything-but': 'zjj' }] } },
          target: 'notifier',
        },
        { name: 'poison', pattern: { detail: { poison: [true] } }, target: 'broken' },
      ],
      async (target, payload) => {
        calls.push({ target, payload: payload as (typeof calls)[number]['payload'] });
        if (target === 'broken') throw new Error('always fails');
        if (target === 'follow-up' && failuresLeft > 0) {
          failuresLeft--;
          return { batchItemFailures: [{ itemIdentifier: 'x' }] };
        }
        return { batchItemFailures: [] };
      },
      fast,
    );
  });
  afterAll(async () => {
    await routed?.close();
  });

  const settled = async () => {
    for (let i = 0; i < 100 && routed.pendingDeliveries() > 0; i++)
      await new Promise((r) => setTimeout(r, 10));
  };

  it('delivers a matching event to each matching subscription as an SQS batch of the EventBridge event', async () => {
    await routedClient.send(
      new PutEventsCommand({
        Entries: [entry('TaskDecided', { decision: 'approve', department: 'mzj', eventId: 'e-1' })],
      }),
    );
    await settled();
    const [event] = routed.list({ type: 'TaskDecided' });
    expect(event?.deliveries.map((d) => [d.subscription, d.target, d.status, d.attempts])).toEqual([
      ['decisions', 'follow-up', 'delivered', 1],
      ['approvals-elsewhere', 'notifier', 'delivered', 1],
    ]);
    const body = JSON.parse(calls.find((c) => c.target === 'follow-up')?.payload.Records[0]?.body ?? '{}');
    expect(body).toMatchObject({
      version: '0',
      id: event?.id,
      'detail-type': 'TaskDecided',
      source: 'tongban.test',
      detail: { eventId: 'e-1' },
    });
  });

  it('does not deliver what no pattern matches', async () => {
    await routedClient.send(
      new PutEventsCommand({ Entries: [entry('CaseAccepted', { decision: 'approve', department: 'zjj' })] }),
    );
    await settled();
    expect(routed.list({ type: 'CaseAccepted' })[0]?.deliveries).toEqual([]);
  });

  it('retries a failing delivery with backoff, and dead-letters it after the last attempt', async () => {
    failuresLeft = 2;
    await routedClient.send(new PutEventsCommand({ Entries: [entry('TaskDecided', { decision: 'deny' })] }));
    await routedClient.send(new PutEventsCommand({ Entries: [entry('Poisoned', { poison: true })] }));
    await settled();
    expect(routed.list({ type: 'TaskDecided' }).at(-1)?.deliveries).toEqual([
      expect.objectContaining({ subscription: 'decisions', status: 'delivered', attempts: 3 }),
    ]);
    expect(routed.list({ type: 'Poisoned' })[0]?.deliveries).toEqual([
      expect.objectContaining({
        subscription: 'poison',
        status: 'dead-lettered',
        attempts: 5,
        lastError: 'always fails',
      }),
    ]);
  });

  it('refuses PutEvents while told to, recording nothing, and accepts again after', async () => {
    routed.refuse(true);
    const before = routed.list().length;
    await expect(
      routedClient.send(new PutEventsCommand({ Entries: [entry('TaskDecided', { n: 1 })] })),
    ).rejects.toMatchObject({ name: 'InternalException' });
    expect(() => routed.putEntries([entry('TaskDecided', { n: 2 })])).toThrow(/refusing/);
    expect(routed.list().length).toBe(before);
    routed.refuse(false);
    const ok = await routedClient.send(new PutEventsCommand({ Entries: [entry('TaskDecided', { n: 3 })] }));
    expect(ok.FailedEntryCount).toBe(0);
  });

  it('refuses a pattern EventBridge would not accept, naming the subscription', () => {
    expect(() =>
      routed.subscribe(
        [{ name: 'bad', pattern: { detail: { n: [{ cidr: '10.0.0.0/8' }] } }, target: 'x' }],
        async () => undefined,
      ),
    ).toThrow(/Subscription bad: Unsupported filter cidr/);
  });
});
