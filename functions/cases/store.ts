// DynamoDB adapter for cases: the case row, its department tasks and its hash-chained history, written
// together. Every change is one TransactWriteItems guarded by the revisions that were read, so two writers
// cannot both win, and a failed change leaves nothing behind. Which guard failed is reported, so the
// use-cases can tell "somebody else decided this task" (409) from "the case moved on, try again". The
// change's domain events are written in the same transaction, as its outbox item (../lib/outbox.ts).
import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { LicenceFact } from '../../shared/cases/application.ts';
import type { CaseRecord, TaskRecord } from '../../shared/cases/case.ts';
import type { HistoryEntry } from '../../shared/cases/history.ts';
import { clockRunning, concludedStatuses } from '../../shared/cases/lifecycle.ts';
import type { DomainEvent } from '../../shared/events.ts';
import { decodeCursor, encodeCursor, itemKey } from '../catalogue/keys.ts';
import { queryAll, revisionGuard, type TransactWrite } from '../lib/dynamo.ts';
import { outboxPut } from '../lib/outbox.ts';
import {
  caseKey,
  historyKey,
  historyPrefix,
  idempotencyKey,
  licenceKey,
  noDueDate,
  openIndex,
  queueIndex,
  sequenceKey,
  submitterIndex,
  taskIndex,
  taskKey,
} from './keys.ts';

/** Case numbers one instance takes from the day's counter at once. */
export const sequenceBlock = 16;

export interface IdempotencyRecord {
  caseNumber: string;
  /** Hash of the request body: the same key with another body is a client error, not a replay. */
  requestHash: string;
}

/** A change of one case: the rows to write and the revisions they were read at ('new' = must not exist). */
export interface CaseChange {
  cases: Array<{ record: CaseRecord; expectedRev: number | 'new' }>;
  tasks?: Array<{ task: TaskRecord; expectedRev: number | 'new' }>;
  history?: HistoryEntry[];
  idempotency?: { sub: string; key: string; record: IdempotencyRecord; expiresAt: number };
  /** The domain events of the change and when it happened: recorded with it, or not at all. */
  outbox?: { events: readonly DomainEvent[]; at: Date };
  /** Published item versions the change was checked against: still current when it commits, or no change. */
  items?: ReadonlyArray<{ code: string; version: number }>;
  /** Rows of another capability written with the change (a payment order), each with its own guard. */
  also?: TransactWrite[];
}

type ChangePart = 'case' | 'task' | 'history' | 'idempotency' | 'outbox' | 'item' | 'also';

/** Which guard of a change failed; the use-case decides what that means. */
export class ChangeConflict extends Error {
  constructor(readonly failed: ReadonlyArray<ChangePart>) {
    super(`Concurrent change: ${failed.join(', ')}`);
    this.name = 'ChangeConflict';
  }
}

/** Index attributes derived again on every write, so a row is always listed where its state says. */
const caseRow = (record: CaseRecord) => {
  const row: Record<string, unknown> = { ...caseKey(record.caseNumber), rev: record.rev, record };
  if (record.kind !== 'child') {
    row.gsi1pk = submitterIndex.pk(record.submittedBy);
    row.gsi1sk = `${record.submittedAt}#${record.caseNumber}`;
  }
  if (record.kind !== 'child' || record.status !== 'SUBMITTED') {
    row.gsi2pk = queueIndex.pk(record.handlingDepartment, record.status);
    row.gsi2sk = `${record.submittedAt}#${record.caseNumber}`;
  }
  const supervised =
    record.kind !== 'bundle' &&
    !concludedStatuses.has(record.status) &&
    record.deadline !== undefined &&
    (clockRunning.has(record.status) || record.status === 'SUSPENDED' || record.acceptedAt !== undefined);
  if (supervised) {
    row.gsi3pk = openIndex.pk;
    row.gsi3sk = `${record.deadline?.dueDate}#${record.caseNumber}`;
  }
  return row;
};

const taskRow = (task: TaskRecord) => {
  const open = task.status === 'pending' || task.status === 'claimed' || task.status === 'correction';
  return {
    ...taskKey(task.caseNumber, task.stage, task.index),
    rev: task.rev,
    task,
    gsi1pk: taskIndex.pk(task.department, open),
    gsi1sk: `${open ? (task.dueDate ?? noDueDate) : (task.decidedAt ?? '')}#${task.taskId}`,
  };
};

export interface Page<T> {
  items: T[];
  cursor?: string;
}

export const createCaseStore = (db: DynamoDBDocumentClient, tableName: string) => {
  const page = async <T>(
    input: QueryCommandInput,
    pick: (row: Record<string, unknown>) => T,
    cursor?: string,
  ) => {
    const result = await db.send(new QueryCommand({ ...input, ExclusiveStartKey: decodeCursor(cursor) }));
    return { items: (result.Items ?? []).map(pick), cursor: encodeCursor(result.LastEvaluatedKey) };
  };

  const getCase = async (caseNumber: string): Promise<CaseRecord | undefined> => {
    const row = (
      await db.send(new GetCommand({ TableName: tableName, Key: caseKey(caseNumber), ConsistentRead: true }))
    ).Item;
    return row?.record as CaseRecord | undefined;
  };

  /** The case with its tasks, in one consistent query (the history sorts after them and is not read). */
  const loadCase = async (caseNumber: string) => {
    const rows = await queryAll(db, {
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND sk < :history',
      ExpressionAttributeValues: { ':pk': caseKey(caseNumber).pk, ':history': historyPrefix },
      ConsistentRead: true,
    });
    const record = rows.find((r) => r.sk === 'C')?.record as CaseRecord | undefined;
    if (!record) return undefined;
    const tasks = rows.filter((r) => r.sk !== 'C').map((r) => r.task as TaskRecord);
    return { record, tasks };
  };

  const history = async (caseNumber: string): Promise<HistoryEntry[]> =>
    (
      await queryAll(db, {
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :history)',
        ExpressionAttributeValues: { ':pk': caseKey(caseNumber).pk, ':history': historyPrefix },
        ConsistentRead: true,
      })
    ).map((row) => row.entry as HistoryEntry);

  const getIdempotency = async (sub: string, key: string) => {
    const row = (
      await db.send(
        new GetCommand({ TableName: tableName, Key: idempotencyKey(sub, key), ConsistentRead: true }),
      )
    ).Item;
    return row ? (row.value as IdempotencyRecord) : undefined;
  };

  /**
   * The day's numbers are taken from its counter a block at a time and handed out by this instance one by
   * one, so a submission rarely pays a round trip for its number. Numbers stay unique (every block is the
   * counter's alone); a number taken by a change that then fails, or left in the block of an instance that
   * ends, is never reused; across instances numbers are unique but not in submission order.
   */
  const blocks = new Map<string, { next: number; last: number }>();
  let taking: Promise<unknown> = Promise.resolve();
  const takeSequence = async (divisionCode: string, date: string): Promise<number> => {
    const day = `${divisionCode}#${date}`;
    const block = blocks.get(day);
    if (block && block.next <= block.last) return block.next++;
    const result = await db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: sequenceKey(divisionCode, date),
        UpdateExpression: 'ADD #value :block',
        ExpressionAttributeNames: { '#value': 'value' },
        ExpressionAttributeValues: { ':block': sequenceBlock },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    const last = Number(result.Attributes?.value);
    blocks.clear();
    blocks.set(day, { next: last - sequenceBlock + 2, last });
    return last - sequenceBlock + 1;
  };
  /** One taker at a time, so a bundle's numbers come from one block rather than a block each. */
  const nextSequence = (divisionCode: string, date: string): Promise<number> => {
    const taken = taking.then(() => takeSequence(divisionCode, date));
    taking = taken.catch(() => undefined);
    return taken;
  };

  const getLicence = async (id: string): Promise<LicenceFact | undefined> => {
    const row = (await db.send(new GetCommand({ TableName: tableName, Key: licenceKey(id) }))).Item;
    if (!row) return undefined;
    const { type, holderId, holderIndex, status, validUntil } = row as Record<string, unknown>;
    if (typeof type !== 'string' || typeof status !== 'string') return undefined;
    // The holder's blind index (a row stored before holders were sealed: their number).
    const holder =
      typeof holderIndex === 'string'
        ? { holderId: holderIndex, holderIndexed: true }
        : typeof holderId === 'string'
          ? { holderId }
          : undefined;
    if (!holder) return undefined;
    return { type, ...holder, status, ...(typeof validUntil === 'string' ? { validUntil } : {}) };
  };

  const commit = async (change: CaseChange) => {
    const writes: TransactWrite[] = [];
    const labels: ChangePart[] = [];
    if (change.idempotency) {
      const { sub, key, record, expiresAt } = change.idempotency;
      writes.push({
        Put: {
          TableName: tableName,
          Item: { ...idempotencyKey(sub, key), value: record, expiresAt },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      });
      labels.push('idempotency');
    }
    for (const { record, expectedRev } of change.cases) {
      writes.push({
        Put: {
          TableName: tableName,
          Item: caseRow({ ...record, rev: expectedRev === 'new' ? 1 : expectedRev + 1 }),
          ...revisionGuard(expectedRev),
        },
      });
      labels.push('case');
    }
    for (const { task, expectedRev } of change.tasks ?? []) {
      writes.push({
        Put: {
          TableName: tableName,
          Item: taskRow({ ...task, rev: expectedRev === 'new' ? 1 : expectedRev + 1 }),
          ...revisionGuard(expectedRev),
        },
      });
      labels.push('task');
    }
    for (const entry of change.history ?? []) {
      writes.push({
        Put: {
          TableName: tableName,
          Item: { ...historyKey(entry.caseNumber, entry.seq), entry },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      });
      labels.push('history');
    }
    for (const write of change.also ?? []) {
      writes.push(write);
      labels.push('also');
    }
    // A plan may find nothing to change (a repeated callback, a case already concluded).
    if (writes.length === 0) return;
    for (const { code, version } of change.items ?? []) {
      writes.push({
        ConditionCheck: {
          TableName: tableName,
          Key: itemKey(code),
          ConditionExpression: '#current = :version AND #status = :published',
          ExpressionAttributeNames: { '#current': 'current', '#status': 'status' },
          ExpressionAttributeValues: { ':version': version, ':published': 'published' },
        },
      });
      labels.push('item');
    }
    const outbox = outboxPut(tableName, change.outbox?.events, change.outbox?.at ?? new Date());
    if (outbox) {
      writes.push(outbox);
      labels.push('outbox');
    }
    try {
      await db.send(new TransactWriteCommand({ TransactItems: writes }));
    } catch (error) {
      const e = error as { name?: string; CancellationReasons?: Array<{ Code?: string }> };
      if (e.name === 'TransactionCanceledException') {
        const failed = (e.CancellationReasons ?? []).flatMap((reason, i) =>
          reason.Code === 'ConditionalCheckFailed' ? [labels[i]!] : [],
        );
        // Cancelled for another reason (a conflicting transaction in flight): a conflict on the case.
        throw new ChangeConflict(failed.length > 0 ? failed : ['case']);
      }
      throw error;
    }
  };

  const mine = (sub: string, limit: number, cursor?: string) =>
    page(
      {
        TableName: tableName,
        IndexName: submitterIndex.name,
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': submitterIndex.pk(sub) },
        ScanIndexForward: false,
        Limit: limit,
      },
      (row) => row.record as CaseRecord,
      cursor,
    );

  const queue = (department: string, status: string, limit: number, cursor?: string) =>
    page(
      {
        TableName: tableName,
        IndexName: queueIndex.name,
        KeyConditionExpression: 'gsi2pk = :pk',
        ExpressionAttributeValues: { ':pk': queueIndex.pk(department, status) },
        Limit: limit,
      },
      (row) => row.record as CaseRecord,
      cursor,
    );

  /** Supervised cases with a due date up to `dueBy` (inclusive), earliest first. */
  const openCases = (dueBy: string, limit: number, cursor?: string) =>
    page(
      {
        TableName: tableName,
        IndexName: openIndex.name,
        KeyConditionExpression: 'gsi3pk = :pk AND gsi3sk <= :due',
        ExpressionAttributeValues: { ':pk': openIndex.pk, ':due': `${dueBy}#~` },
        Limit: limit,
      },
      (row) => row.record as CaseRecord,
      cursor,
    );

  const tasks = (department: string, open: boolean, limit: number, cursor?: string) =>
    page(
      {
        TableName: tableName,
        IndexName: taskIndex.name,
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': taskIndex.pk(department, open) },
        ScanIndexForward: open,
        Limit: limit,
      },
      (row) => row.task as TaskRecord,
      cursor,
    );

  return {
    getCase,
    loadCase,
    history,
    getIdempotency,
    nextSequence,
    getLicence,
    commit,
    mine,
    queue,
    openCases,
    tasks,
  };
};

export type CaseStore = ReturnType<typeof createCaseStore>;
