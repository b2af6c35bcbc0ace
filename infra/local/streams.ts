// The local cloud's DynamoDB Streams event source mapping: reads DynamoDB Local's stream of the table
// through @aws-sdk/client-dynamodb-streams and invokes each stream consumer of the manifest (the event
// relay) with Lambda-shaped DynamoDB stream events, as Lambda's mapping does in AWS:
//   - records pass the consumer's filter first (Lambda event filtering = EventBridge patterns), and only the
//     passing ones are batched, at most `batchSize` to an invocation;
//   - per shard, in order: a parent shard is read to its end before its children;
//   - a batch that fails (the function throws) is retried, the same batch, with backoff, and nothing after
//     it is read meanwhile; after `maxAttempts` it is set aside as failed (kept for `status()`) and reading
//     goes on. Unlike Lambda, a failing batch is not halved (bisected): the relay skips a malformed outbox
//     item itself, so only outages fail a batch, and those fail every half alike.
// Positions are checkpointed per consumer and shard, in memory or in a file when the cloud keeps its data.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  type GetRecordsCommandOutput,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams';
import { compilePattern } from './event-pattern.ts';

export interface StreamConsumer {
  /** Function name, as the `invoke` callback takes it. */
  functionName: string;
  filter: unknown;
  batchSize: number;
}

export interface RetryPolicy {
  initialDelayMs: number;
  maxDelayMs: number;
  maxAttempts: number;
}

export interface StreamPollerOptions {
  tableName: string;
  consumers: readonly StreamConsumer[];
  invoke: (functionName: string, payload: unknown) => Promise<unknown>;
  /** How often an idle shard is read again. */
  intervalMs?: number;
  retry?: RetryPolicy;
  /** Where positions are kept across restarts; memory only when omitted. */
  checkpointFile?: string;
  region?: string;
  log?: (message: string) => void;
  /** Clients to use; built from AWS_ENDPOINT_URL_DYNAMODB (and _DYNAMODB_STREAMS) otherwise. */
  dynamodb?: DynamoDBClient;
  streams?: DynamoDBStreamsClient;
}

export interface ShardStatus {
  consumer: string;
  shardId: string;
  checkpoint?: string;
  finished: boolean;
  /** The batch being retried, if any. */
  retrying?: { records: number; attempts: number; lastError: string; since: string };
}

export interface FailedBatch {
  consumer: string;
  shardId: string;
  firstSequenceNumber: string;
  lastSequenceNumber: string;
  records: number;
  attempts: number;
  lastError: string;
  at: string;
}

export interface StreamPoller {
  streamArn: string;
  status(): {
    shards: ShardStatus[];
    batches: { delivered: number; records: number };
    failed: FailedBatch[];
  };
  /** True when no shard has records read but not yet delivered. */
  idle(): boolean;
  stop(): Promise<void>;
}

/** A minute of retrying locally stands for Lambda's day: quickly, and then visibly given up. */
export const localStreamRetry: RetryPolicy = { initialDelayMs: 100, maxDelayMs: 2000, maxAttempts: 60 };

/** The stream record as Lambda hands it over (JSON: the creation time in epoch seconds). */
const lambdaRecord = (record: StreamRecord, streamArn: string, region: string) => ({
  eventID: record.eventID,
  eventName: record.eventName,
  eventVersion: record.eventVersion ?? '1.1',
  eventSource: 'aws:dynamodb',
  awsRegion: region,
  dynamodb: {
    ...record.dynamodb,
    ApproximateCreationDateTime:
      record.dynamodb?.ApproximateCreationDateTime instanceof Date
        ? Math.floor(record.dynamodb.ApproximateCreationDateTime.getTime() / 1000)
        : record.dynamodb?.ApproximateCreationDateTime,
  },
  eventSourceARN: streamArn,
});

type LambdaRecord = ReturnType<typeof lambdaRecord>;

interface Pending {
  batches: LambdaRecord[][];
  /** Where the shard stands once every batch is delivered (the last record read, filtered or not). */
  endSequenceNumber: string;
  attempts: number;
  nextAt: number;
  lastError?: string;
  since?: number;
}

interface ShardState {
  consumer: StreamConsumer & { matches: (record: unknown) => boolean };
  shardId: string;
  parentShardId?: string;
  iterator?: string;
  checkpoint?: string;
  finished: boolean;
  pending?: Pending;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const startStreamPoller = async (options: StreamPollerOptions): Promise<StreamPoller> => {
  const log = options.log ?? (() => undefined);
  const region = options.region ?? 'us-east-1';
  const intervalMs = options.intervalMs ?? 150;
  const retry = options.retry ?? localStreamRetry;
  const dynamodb = options.dynamodb ?? new DynamoDBClient({});
  // DynamoDB Local serves its streams on the DynamoDB endpoint.
  const streams =
    options.streams ??
    new DynamoDBStreamsClient({
      ...(process.env.AWS_ENDPOINT_URL_DYNAMODB_STREAMS || process.env.AWS_ENDPOINT_URL_DYNAMODB
        ? { endpoint: process.env.AWS_ENDPOINT_URL_DYNAMODB_STREAMS ?? process.env.AWS_ENDPOINT_URL_DYNAMODB }
        : {}),
    });

  const table = await dynamodb.send(new DescribeTableCommand({ TableName: options.tableName }));
  const streamArn = table.Table?.LatestStreamArn;
  if (!streamArn) throw new Error(`Table ${options.tableName} has no stream`);

  const consumers = options.consumers.map((c) => ({ ...c, matches: compilePattern(c.filter) }));
  const saved: Record<string, { checkpoint?: string; finished?: boolean }> =
    options.checkpointFile && existsSync(options.checkpointFile)
      ? JSON.parse(readFileSync(options.checkpointFile, 'utf8'))
      : {};
  const keyOf = (consumer: string, shardId: string) => `${streamArn}|${consumer}|${shardId}`;
  const save = () => {
    if (!options.checkpointFile) return;
    const out: typeof saved = {};
    for (const s of shards.values())
      out[keyOf(s.consumer.functionName, s.shardId)] = { checkpoint: s.checkpoint, finished: s.finished };
    writeFileSync(options.checkpointFile, JSON.stringify(out));
  };

  const shards = new Map<string, ShardState>();
  const failed: FailedBatch[] = [];
  const delivered = { delivered: 0, records: 0 };
  let stopped = false;

  const discover = async () => {
    let start: string | undefined;
    do {
      const page = await streams.send(
        new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: start }),
      );
      for (const shard of page.StreamDescription?.Shards ?? []) {
        if (!shard.ShardId) continue;
        for (const consumer of consumers) {
          const key = keyOf(consumer.functionName, shard.ShardId);
          if (shards.has(key)) continue;
          shards.set(key, {
            consumer,
            shardId: shard.ShardId,
            parentShardId: shard.ParentShardId,
            checkpoint: saved[key]?.checkpoint,
            finished: saved[key]?.finished ?? false,
          });
        }
      }
      start = page.StreamDescription?.LastEvaluatedShardId;
    } while (start);
  };

  /** A parent still being read holds its children back, so each key's records stay in order. */
  const ready = (s: ShardState) => {
    if (s.finished) return false;
    if (!s.parentShardId) return true;
    const parent = shards.get(keyOf(s.consumer.functionName, s.parentShardId));
    return !parent || parent.finished;
  };

  const iteratorOf = async (s: ShardState) => {
    const result = await streams.send(
      new GetShardIteratorCommand({
        StreamArn: streamArn,
        ShardId: s.shardId,
        ...(s.checkpoint
          ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: s.checkpoint }
          : { ShardIteratorType: 'TRIM_HORIZON' }),
      }),
    );
    return result.ShardIterator;
  };

  /** Delivers the pending batches in order; false while one is still failing. */
  const deliver = async (s: ShardState, p: Pending) => {
    while (p.batches.length > 0) {
      if (Date.now() < p.nextAt) return false;
      const batch = p.batches[0]!;
      try {
        await options.invoke(s.consumer.functionName, { Records: batch });
      } catch (error) {
        p.attempts++;
        p.lastError = error instanceof Error ? error.message : String(error);
        p.since ??= Date.now();
        if (p.attempts === 1)
          log(`streams: ${s.consumer.functionName} failed on ${s.shardId}, retrying: ${p.lastError}`);
        if (p.attempts < retry.maxAttempts) {
          p.nextAt = Date.now() + Math.min(retry.maxDelayMs, retry.initialDelayMs * 2 ** (p.attempts - 1));
          return false;
        }
        failed.push({
          consumer: s.consumer.functionName,
          shardId: s.shardId,
          firstSequenceNumber: String(batch[0]?.dynamodb.SequenceNumber),
          lastSequenceNumber: String(batch.at(-1)?.dynamodb.SequenceNumber),
          records: batch.length,
          attempts: p.attempts,
          lastError: p.lastError,
          at: new Date().toISOString(),
        });
        log(`streams: ${s.consumer.functionName} gave up a batch of ${batch.length} on ${s.shardId}`);
      }
      if (p.attempts > 0 && p.attempts < retry.maxAttempts)
        log(`streams: ${s.consumer.functionName} delivered on ${s.shardId} after ${p.attempts + 1} attempts`);
      if (p.attempts < retry.maxAttempts) {
        delivered.delivered++;
        delivered.records += batch.length;
      }
      p.batches.shift();
      p.attempts = 0;
      p.nextAt = 0;
      delete p.lastError;
      delete p.since;
      s.checkpoint = String(batch.at(-1)?.dynamodb.SequenceNumber ?? s.checkpoint);
    }
    s.checkpoint = p.endSequenceNumber;
    return true;
  };

  const poll = async (s: ShardState) => {
    if (s.pending) {
      if (!(await deliver(s, s.pending))) return;
      delete s.pending;
      save();
    }
    s.iterator ??= await iteratorOf(s);
    if (!s.iterator) {
      s.finished = true;
      save();
      return;
    }
    let result: GetRecordsCommandOutput;
    try {
      result = await streams.send(new GetRecordsCommand({ ShardIterator: s.iterator, Limit: 1000 }));
    } catch (error) {
      const name = (error as { name?: string }).name;
      if (name === 'ExpiredIteratorException' || name === 'TrimmedDataAccessException') {
        delete s.iterator;
        return;
      }
      throw error;
    }
    s.iterator = result.NextShardIterator;
    const records = (result.Records ?? []).map((r) => lambdaRecord(r, streamArn, region));
    const last = records.at(-1)?.dynamodb.SequenceNumber;
    if (last) {
      const passing = records.filter((r) => s.consumer.matches(r));
      const batches: LambdaRecord[][] = [];
      for (let i = 0; i < passing.length; i += s.consumer.batchSize)
        batches.push(passing.slice(i, i + s.consumer.batchSize));
      const pending: Pending = { batches, endSequenceNumber: last, attempts: 0, nextAt: 0 };
      if (await deliver(s, pending)) save();
      else s.pending = pending;
    }
    if (!s.iterator && !s.pending) {
      s.finished = true;
      save();
    }
  };

  let rounds = 0;
  const loop = (async () => {
    while (!stopped) {
      try {
        if (rounds++ % 20 === 0 || [...shards.values()].every((s) => s.finished)) await discover();
        for (const s of shards.values()) {
          if (stopped) break;
          if (ready(s)) await poll(s);
        }
      } catch (error) {
        if (!stopped) log(`streams: ${error instanceof Error ? error.message : String(error)}`);
      }
      await sleep(intervalMs);
    }
  })();

  return {
    streamArn,
    status: () => ({
      shards: [...shards.values()].map((s) => ({
        consumer: s.consumer.functionName,
        shardId: s.shardId,
        ...(s.checkpoint ? { checkpoint: s.checkpoint } : {}),
        finished: s.finished,
        ...(s.pending?.lastError
          ? {
              retrying: {
                records: s.pending.batches[0]?.length ?? 0,
                attempts: s.pending.attempts,
                lastError: s.pending.lastError,
                since: new Date(s.pending.since ?? Date.now()).toISOString(),
              },
            }
          : {}),
      })),
      batches: { ...delivered },
      failed: [...failed],
    }),
    idle: () => [...shards.values()].every((s) => !s.pending),
    stop: async () => {
      stopped = true;
      await loop;
    },
  };
};
