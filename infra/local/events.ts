// The local cloud's EventBridge: PutEvents over the EventBridge JSON protocol (`x-amz-target:
// AWSEvents.PutEvents`, application/x-amz-json-1.1), so product code's @aws-sdk/client-eventbridge runs
// unchanged once AWS_ENDPOINT_URL_EVENTBRIDGE points here. Accepted events are kept in memory (the most
// recent ones, a bounded ring) for `GET /dev/events` and for tests to read, each with its deliveries.
// Step Functions' `events:putEvents` tasks are recorded into the same log through `putEntries`.
// Signatures are not checked.
//
// Routing: `subscribe` gives the bus the manifest's subscriptions (rules). Every accepted event that
// matches a rule's pattern (EventBridge semantics, ./event-pattern.ts) is delivered to the rule's function
// as the stack delivers it — through the subscription's queue, so as an SQS batch of one whose body is the
// EventBridge event — asynchronously, retried with backoff while the function throws or reports the event
// failed, for a bounded time, then kept as dead-lettered. Each attempt is recorded on the event.
// `refuse` makes PutEvents fail (a local-only fault switch, for trying the outbox under a bus outage).
//
// One deliberate difference from AWS: an entry naming a bus that does not exist fails the whole request
// with ResourceNotFoundException, where AWS has at times accepted such events and dropped them silently.
// Locally a misnamed bus should be loud. Only the buses given at start exist (no implicit `default`).
import { createHash, randomUUID } from 'node:crypto';
import * as z from 'zod';
import { ServiceError, serveAwsJson } from './aws-json.ts';
import { compilePattern } from './event-pattern.ts';
import { loopback } from './ports.ts';

export interface RecordedEvent {
  /** ISO instant: the entry's `Time` when it gave one, else when the endpoint accepted it. */
  time: string;
  id: string;
  bus: string;
  source: string;
  detailType: string;
  detail: Record<string, unknown>;
  /** One per matching subscription: where the event went and how that went. */
  deliveries: Delivery[];
}

export interface Delivery {
  subscription: string;
  /** The function the subscription feeds. */
  target: string;
  status: 'pending' | 'delivered' | 'dead-lettered';
  attempts: number;
  lastError?: string;
  /** ISO instant of the last attempt. */
  lastAttemptAt?: string;
}

/** A rule: the events its pattern matches go to its function. */
export interface LocalSubscription {
  name: string;
  pattern: unknown;
  /** Function name, as the `deliver` callback takes it. */
  target: string;
}

/** How long a delivery is retried: backoff from `initialDelayMs`, doubling to `maxDelayMs`, within a bound. */
export interface DeliveryPolicy {
  initialDelayMs: number;
  maxDelayMs: number;
  maxAttempts: number;
  maxAgeMs: number;
}

/**
 * A minute of a dev machine stands for EventBridge's and the queue's day: retries come quickly, so a flow
 * resumes within two seconds of its consumer's engine coming back.
 */
export const localDeliveryPolicy: DeliveryPolicy = {
  initialDelayMs: 100,
  maxDelayMs: 2000,
  maxAttempts: 185,
  maxAgeMs: 10 * 60 * 1000,
};

export interface EventQuery {
  /** Only events of this DetailType. */
  type?: string;
  /** Only events at or after this instant (epoch milliseconds). */
  sinceMs?: number;
  /** The most recent this many of the matching events; all of them when omitted. */
  limit?: number;
}

export interface EventBridgeEndpointOptions {
  /** Names of the buses that exist. */
  buses: readonly string[];
  /** Interface to listen on; defaults to the loopback interface (never all interfaces). */
  host?: string;
  /** 0 or omitted → an ephemeral port. */
  port?: number;
  /** How many accepted events are kept (the oldest are dropped first); 10,000 by default. */
  capacity?: number;
  /** Time source for events that give no `Time` (the local cloud passes its movable clock). */
  now?: () => number;
  log?: (message: string) => void;
  /** Region and account in the events' envelopes and the queues' ARNs. */
  region?: string;
  accountId?: string;
}

export interface EventBridgeEndpoint {
  url: string;
  /** Accepted events that match, oldest first. */
  list(query?: EventQuery): RecordedEvent[];
  /**
   * Records the `Entries` of a Step Functions `events:putEvents` task (there `Detail` may be an object).
   * Throws as that task fails on AWS: `EventBridge.FailedEntry` when an entry is refused.
   */
  putEntries(entries: unknown[]): void;
  /**
   * Routes the events accepted from now on to these subscriptions; `deliver` invokes a function by name
   * with the payload and answers what it returned. Throws when a pattern is not one EventBridge accepts.
   */
  subscribe(
    subscriptions: readonly LocalSubscription[],
    deliver: (functionName: string, payload: unknown) => Promise<unknown>,
    policy?: DeliveryPolicy,
  ): void;
  /** While true, PutEvents (and events:putEvents tasks) fail with InternalException: an injected outage. */
  refuse(refusing: boolean): void;
  readonly refusing: boolean;
  /** Deliveries still pending (not yet delivered nor dead-lettered). */
  pendingDeliveries(): number;
  close(): Promise<void>;
}

/** AWS's limit on one PutEvents call. */
const maxEntriesPerCall = 10;
/** AWS accepts 256 KB of entries a call; this only bounds what the endpoint reads. */
const maxBodyBytes = 1024 * 1024;

/** Fields are checked one by one below, so each refusal names its field as AWS does. */
const anything = z.unknown().optional();
const entryShape = z.object({
  Source: anything,
  DetailType: anything,
  Detail: anything,
  EventBusName: anything,
  Time: anything,
});
const requestShape = z.object({ Entries: z.array(z.unknown()).min(1).max(maxEntriesPerCall) });

type Entry = z.infer<typeof entryShape>;
type ResultEntry = { EventId: string } | { ErrorCode: string; ErrorMessage: string };

/** A bus given by name or by ARN (`arn:<partition>:events:<region>:<account>:event-bus/<name>`). */
const busName = (value: unknown) => {
  if (typeof value !== 'string' || value === '') return 'default';
  return /^arn:[\w-]+:events:[^:]*:[^:]*:event-bus\/(.+)$/.exec(value)?.[1] ?? value;
};

const invalid = (field: string, reason: string): ResultEntry => ({
  ErrorCode: 'InvalidArgument',
  ErrorMessage: `Parameter ${field} is not valid. Reason: ${reason}`,
});

const parseObject = (text: string): Record<string, unknown> | undefined => {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
};

/** Epoch seconds as the SDK sends `Time`, or an ISO string as a Step Functions definition may. */
const instantOf = (value: unknown): number | undefined => {
  if (typeof value === 'number' && Number.isFinite(value)) return value * 1000;
  if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return Date.parse(value);
  return undefined;
};

/** The most recent `capacity` items; writing over the oldest keeps every insert O(1). */
class Ring<T> {
  private readonly slots: T[] = [];
  private next = 0;

  constructor(private readonly capacity: number) {}

  push(item: T) {
    if (this.slots.length < this.capacity) this.slots.push(item);
    else this.slots[this.next] = item;
    this.next = (this.next + 1) % this.capacity;
  }

  /** Oldest first. */
  items(): T[] {
    if (this.slots.length < this.capacity) return [...this.slots];
    return [...this.slots.slice(this.next), ...this.slots.slice(0, this.next)];
  }
}

export const startEventBridgeEndpoint = async (
  options: EventBridgeEndpointOptions,
): Promise<EventBridgeEndpoint> => {
  const host = options.host ?? loopback;
  const now = options.now ?? Date.now;
  const log = options.log ?? (() => undefined);
  const buses = new Set(options.buses);
  const recorded = new Ring<RecordedEvent & { timeMs: number }>(options.capacity ?? 10_000);
  const region = options.region ?? 'us-east-1';
  const accountId = options.accountId ?? '000000000000';
  let refusing = false;
  let closed = false;
  let rules: Array<LocalSubscription & { matches: (event: unknown) => boolean }> = [];
  let deliver: ((functionName: string, payload: unknown) => Promise<unknown>) | undefined;
  let policy = localDeliveryPolicy;
  const timers = new Set<NodeJS.Timeout>();
  let pending = 0;

  /** The event as EventBridge hands it to a rule's target. */
  const envelope = (event: RecordedEvent) => ({
    version: '0',
    id: event.id,
    'detail-type': event.detailType,
    source: event.source,
    account: accountId,
    time: event.time,
    region,
    resources: [],
    detail: event.detail,
  });

  /** The queue's SQS batch of one, as Lambda's event source mapping would invoke the function with it. */
  const sqsBatch = (subscription: string, body: string, attempt: number, sentAt: number) => ({
    Records: [
      {
        messageId: randomUUID(),
        receiptHandle: randomUUID(),
        body,
        attributes: {
          ApproximateReceiveCount: String(attempt),
          SentTimestamp: String(sentAt),
          ApproximateFirstReceiveTimestamp: String(sentAt),
          SenderId: 'events.amazonaws.com',
        },
        messageAttributes: {},
        md5OfBody: createHash('md5').update(body).digest('hex'),
        eventSource: 'aws:sqs',
        eventSourceARN: `arn:aws:sqs:${region}:${accountId}:${subscription}`,
        awsRegion: region,
      },
    ],
  });

  const failureOf = (result: unknown) => {
    const failures = (result as { batchItemFailures?: unknown[] } | undefined)?.batchItemFailures;
    return Array.isArray(failures) && failures.length > 0
      ? 'the function reported the event failed'
      : undefined;
  };

  /** Delivers one event to one rule's function, retrying with backoff; every attempt is recorded. */
  const route = (event: RecordedEvent) => {
    if (!deliver) return;
    const send = deliver;
    const body = JSON.stringify(envelope(event));
    for (const rule of rules) {
      if (!rule.matches(envelope(event))) continue;
      const delivery: Delivery = {
        subscription: rule.name,
        target: rule.target,
        status: 'pending',
        attempts: 0,
      };
      event.deliveries.push(delivery);
      const firstAt = Date.now();
      pending++;
      const attempt = async () => {
        if (closed) return;
        delivery.attempts++;
        delivery.lastAttemptAt = new Date().toISOString();
        let error: string | undefined;
        try {
          error = failureOf(await send(rule.target, sqsBatch(rule.name, body, delivery.attempts, firstAt)));
        } catch (e) {
          error = e instanceof Error ? e.message : String(e);
        }
        if (closed) return;
        if (error === undefined) {
          delivery.status = 'delivered';
          delete delivery.lastError;
          pending--;
          return;
        }
        delivery.lastError = error;
        const delay = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** (delivery.attempts - 1));
        if (delivery.attempts >= policy.maxAttempts || Date.now() + delay - firstAt > policy.maxAgeMs) {
          delivery.status = 'dead-lettered';
          pending--;
          log(`events: ${event.detailType} ${event.id} dead-lettered for ${rule.name}: ${error}`);
          return;
        }
        const timer = setTimeout(() => {
          timers.delete(timer);
          void attempt();
        }, delay);
        timers.add(timer);
      };
      setImmediate(() => void attempt());
    }
  };

  /** Checks one entry; a valid one is returned ready to record. `Detail` is JSON text unless `objects`. */
  const check = (raw: unknown, objects: boolean) => {
    const parsed = entryShape.safeParse(raw);
    if (!parsed.success) return { result: invalid('Entry', 'An entry must be an object.') };
    const entry: Entry = parsed.data;
    if (typeof entry.Source !== 'string' || entry.Source === '')
      return { result: invalid('Source', 'Source is a required argument.') };
    if (typeof entry.DetailType !== 'string' || entry.DetailType === '')
      return { result: invalid('DetailType', 'DetailType is a required argument.') };
    if (entry.Detail === undefined || entry.Detail === null)
      return { result: invalid('Detail', 'Detail is a required argument.') };
    // Through JSON text either way, so the log holds a copy the caller cannot change afterwards.
    const detail =
      typeof entry.Detail === 'string'
        ? parseObject(entry.Detail)
        : objects && typeof entry.Detail === 'object'
          ? parseObject(JSON.stringify(entry.Detail))
          : undefined;
    if (!detail) return { result: { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' } };
    const timeMs = entry.Time === undefined ? now() : instantOf(entry.Time);
    if (timeMs === undefined) return { result: invalid('Time', 'Time is not a valid timestamp.') };
    const event = {
      time: new Date(timeMs).toISOString(),
      timeMs,
      id: randomUUID(),
      bus: busName(entry.EventBusName),
      source: entry.Source,
      detailType: entry.DetailType,
      detail,
      deliveries: [] as Delivery[],
    };
    return { result: { EventId: event.id }, event };
  };

  /** PutEvents: every bus must exist before anything is recorded; then each entry stands on its own. */
  const put = (entries: readonly unknown[], objects: boolean) => {
    if (refusing)
      throw new ServiceError('InternalException', 'The bus is refusing events (a fault injected locally).');
    for (const entry of entries) {
      const parsed = entryShape.safeParse(entry);
      if (!parsed.success) continue; // refused on its own below
      const bus = busName(parsed.data.EventBusName);
      if (!buses.has(bus))
        throw new ServiceError('ResourceNotFoundException', `Event bus ${bus} does not exist.`);
    }
    const results = entries.map((entry) => check(entry, objects));
    for (const { event } of results) {
      if (!event) continue;
      recorded.push(event);
      route(event);
    }
    return {
      FailedEntryCount: results.filter(({ event }) => !event).length,
      Entries: results.map(({ result }) => result),
    };
  };

  const server = await serveAwsJson({
    name: 'eventbridge',
    protocolVersion: '1.1',
    host,
    port: options.port,
    maxBodyBytes,
    internalErrorType: 'InternalException',
    log,
    operation: (target) =>
      target === 'AWSEvents.PutEvents'
        ? (request) => {
            const body = requestShape.safeParse(request);
            if (!body.success) {
              throw new ServiceError(
                'ValidationException',
                `Entries must hold between 1 and ${maxEntriesPerCall} entries`,
              );
            }
            return put(body.data.Entries, false);
          }
        : undefined,
  });

  return {
    url: server.url,
    list: (query = {}) => {
      const matching = recorded
        .items()
        .filter(
          (event) =>
            (query.type === undefined || event.detailType === query.type) &&
            (query.sinceMs === undefined || event.timeMs >= query.sinceMs),
        );
      const kept = query.limit === undefined ? matching : matching.slice(-query.limit);
      return kept.map(({ timeMs: _, ...event }) => ({
        ...event,
        deliveries: event.deliveries.map((d) => ({ ...d })),
      }));
    },
    putEntries: (entries) => {
      let result: ReturnType<typeof put>;
      try {
        result = put(entries, true);
      } catch (error) {
        if (!(error instanceof ServiceError)) throw error;
        throw Object.assign(new Error(error.message), { name: `EventBridge.${error.type}` });
      }
      if (result.FailedEntryCount > 0) {
        const codes = [
          ...new Set(result.Entries.flatMap((entry) => ('ErrorCode' in entry ? entry.ErrorCode : []))),
        ];
        throw Object.assign(new Error(`${result.FailedEntryCount} entries failed: ${codes.join(', ')}`), {
          name: 'EventBridge.FailedEntry',
        });
      }
    },
    subscribe: (subscriptions, deliverTo, deliveryPolicy) => {
      rules = subscriptions.map((s) => {
        try {
          return { ...s, matches: compilePattern(s.pattern) };
        } catch (error) {
          throw new Error(`Subscription ${s.name}: ${(error as Error).message}`);
        }
      });
      deliver = deliverTo;
      policy = deliveryPolicy ?? localDeliveryPolicy;
    },
    refuse: (value) => {
      refusing = value;
    },
    get refusing() {
      return refusing;
    },
    pendingDeliveries: () => pending,
    close: async () => {
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await server.close();
    },
  };
};
