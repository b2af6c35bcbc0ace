// The event consumers' stack on an in-memory record of handled events: SQS batches of EventBridge events,
// checked against the catalogue, handled once per eventId, failures reported one by one and retried.
import type { Context } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { memoryProcessedEvents } from '../../../functions/lib/processed-events.ts';
import { loadJurisdiction } from '../../../infra/jurisdictions/index.ts';
import { formatCaseNumber } from '../../../shared/cases/case-number.ts';
import { type DomainEvent, domainEvent, EventType } from '../../../shared/events.ts';

let lib: typeof import('../../../functions/lib/event-function.ts');
beforeAll(async () => {
  // The consumers' stack reads its configuration at import, as a function does at cold start.
  process.env.JURISDICTION_CONFIG ??= JSON.stringify(loadJurisdiction('dinghai'));
  lib = await import('../../../functions/lib/event-function.ts');
});

const caseNumber = formatCaseNumber({ divisionCode: '330902', date: '2026-12-01', sequence: 7 });
const decided = () =>
  domainEvent(EventType.TaskDecided, {
    caseNumber,
    taskId: `${caseNumber}.1.1`,
    department: 'zjj',
    status: 'approved',
    decision: 'approve',
    closes: [],
  });

let messages = 0;
const message = (event: DomainEvent | object, type = 'type' in event ? event.type : 'Unknown') => ({
  messageId: `m-${++messages}`,
  body: JSON.stringify({
    version: '0',
    id: `bus-${messages}`,
    'detail-type': type,
    source: 'tongban.dinghai',
    time: '2026-12-01T01:00:00Z',
    detail: 'detail' in event ? event.detail : event,
  }),
});
const context = {} as Context;

const consumer = (handle: (event: { type: string; detail: { eventId: string } }) => Promise<unknown>) => {
  const processed = memoryProcessedEvents();
  const handler = lib.eventFunction(
    { consumer: 'test', schema: lib.subscribedEvents([EventType.TaskDecided]), processed },
    handle,
  );
  return { processed, handler };
};

describe('eventFunction', () => {
  it('hands the handler typed events and runs it once per eventId, however often one arrives', async () => {
    const seen: string[] = [];
    const { handler } = consumer(async (event) => {
      seen.push(`${event.type}:${event.detail.eventId}`);
    });
    const a = decided();
    const b = decided();
    const first = await handler({ Records: [message(a), message(b), message(a)] }, context);
    const second = await handler({ Records: [message(b)] }, context);
    expect(first).toEqual({ batchItemFailures: [] });
    expect(second).toEqual({ batchItemFailures: [] });
    expect(seen).toEqual([`TaskDecided:${a.detail.eventId}`, `TaskDecided:${b.detail.eventId}`]);
  });

  it('reports a failed event alone, and runs it again on the retry', async () => {
    const event = decided();
    let failures = 1;
    const { handler, processed } = consumer(async ({ detail }) => {
      if (detail.eventId === event.detail.eventId && failures-- > 0) throw new Error('the engine is down');
    });
    const ok = message(decided());
    const failing = message(event);
    expect(await handler({ Records: [ok, failing] }, context)).toEqual({
      batchItemFailures: [{ itemIdentifier: failing.messageId }],
    });
    expect(processed.rows.get(`test#${event.detail.eventId}`)).toBeUndefined();
    expect(await handler({ Records: [message(event)] }, context)).toEqual({ batchItemFailures: [] });
    expect(processed.rows.get(`test#${event.detail.eventId}`)).toBe('done');
  });

  it('refuses what it does not subscribe to or what breaks its schema, without running the handler', async () => {
    let runs = 0;
    const { handler } = consumer(async () => {
      runs++;
    });
    const accepted = domainEvent(EventType.CaseOverdue, {
      caseNumber,
      dueDate: '2026-12-31',
      department: 'zjj',
    });
    const { closes: _, ...incomplete } = decided().detail;
    const result = await handler(
      {
        Records: [
          message(accepted),
          message(incomplete, EventType.TaskDecided),
          { messageId: 'not-json', body: '{' },
        ],
      },
      context,
    );
    expect(result.batchItemFailures.map((f) => f.itemIdentifier)).toHaveLength(3);
    expect(runs).toBe(0);
  });
});
