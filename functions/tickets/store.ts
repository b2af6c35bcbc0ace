// The tickets' rows and the access patterns they serve:
//   TICKET#<n> / TICKET        the ticket, its revision and the workflow's callback token;
//                              gsi1 TICKETS-OF#<sub> / <filedAt>#<n>      a filer's tickets, newest last
//                              gsi2 TICKETQ#<lead> / <filedAt>#<n>        the lead unit's queue, while open
//                              gsi3 TICKETS-OPEN / <filedAt>#<n>          the centre's board, while open
//   TICKET#<n> / ASSIST#<d>    an assisting unit's place in its queue: gsi2 TICKETQ#<d>, while open
//   TICKET#<n> / H#<seq>       the history, one hash-chained entry per step (shared/cases/history.ts)
//   TICKETSEQ#<date> / SEQ     the day's counter of ticket numbers (never reused)
// Every step is one transaction: the ticket (guarded by its revision and token), its history entries, the
// assisting rows it adds or ends, and the outbox item with its events.
import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { chainEntry, type HistoryEntry, type HistoryEntryInput } from '../../shared/cases/history.ts';
import type { DomainEvent } from '../../shared/events.ts';
import { openStatuses, type Ticket } from '../../shared/tickets.ts';
import type { TransactWrite } from '../lib/dynamo.ts';
import { outboxPut } from '../lib/outbox.ts';
import { ratingCounters } from '../ratings/counters.ts';

export const ticketKey = (n: string) => ({ pk: `TICKET#${n}`, sk: 'TICKET' });
const assistKey = (n: string, d: string) => ({ pk: `TICKET#${n}`, sk: `ASSIST#${d}` });
const historyKey = (n: string, seq: number) => ({
  pk: `TICKET#${n}`,
  sk: `H#${String(seq).padStart(6, '0')}`,
});
export const ticketIndexes = {
  filer: { name: 'gsi1', pk: (sub: string) => `TICKETS-OF#${sub}` },
  queue: { name: 'gsi2', pk: (department: string) => `TICKETQ#${department}` },
  board: { name: 'gsi3', pk: 'TICKETS-OPEN' },
} as const;

export interface StoredTicket {
  ticket: Ticket;
  token?: string;
  /** The ticket's revision when the workflow last planned its wait. */
  plannedRev?: number;
}

export class TicketConflict extends Error {
  override name = 'TicketConflict';
}

const sortKey = (t: Ticket) => `${t.filedAt}#${t.ticketNumber}`;

const ticketRow = (t: Ticket, token: string | undefined) => {
  const open = openStatuses.has(t.status);
  return {
    ...ticketKey(t.ticketNumber),
    ticket: t,
    ...(token ? { token } : {}),
    ...(t.filedBy ? { gsi1pk: ticketIndexes.filer.pk(t.filedBy), gsi1sk: sortKey(t) } : {}),
    ...(open && t.lead ? { gsi2pk: ticketIndexes.queue.pk(t.lead), gsi2sk: sortKey(t) } : {}),
    ...(open ? { gsi3pk: ticketIndexes.board.pk, gsi3sk: sortKey(t) } : {}),
  };
};

export interface TicketChange {
  ticket: Ticket;
  /** The revision read; 'new' for a filing. */
  expectedRev: number | 'new';
  /** The token read with it (a change may not overwrite a token the workflow registered meanwhile). */
  token?: string;
  history: Array<Omit<HistoryEntryInput, 'caseNumber'>>;
  events?: DomainEvent[];
  /** Assisting units whose queue rows the change writes (and those it ends). */
  assist?: { put: string[]; remove: string[] };
  /** The return visit's satisfaction, a 好差评 rating of this handling: kept once, and counted. */
  rating?: TicketRating;
}

/** 回访 satisfaction as a 好差评 rating: of one handling (the first, or the one after each reopening). */
export interface TicketRating {
  ticketNumber: string;
  handling: number;
  level: number;
  /** The lead unit that handled it, and who replied. */
  department: string;
  repliedBy?: string;
  /** The centre's return visit is a call: the hotline channel. */
  channel: 'hotline';
  realName: boolean;
  at: string;
}

export const createTicketStore = (db: DynamoDBDocumentClient, tableName: string) => {
  const load = async (n: string): Promise<StoredTicket | undefined> => {
    const { Item } = await db.send(
      new GetCommand({ TableName: tableName, Key: ticketKey(n), ConsistentRead: true }),
    );
    return Item
      ? {
          ticket: Item.ticket as Ticket,
          ...(Item.token ? { token: String(Item.token) } : {}),
          ...(typeof Item.plannedRev === 'number' ? { plannedRev: Item.plannedRev } : {}),
        }
      : undefined;
  };

  /** The next ticket sequence number of a local date. */
  const nextSequence = async (date: string) => {
    const { Attributes } = await db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: { pk: `TICKETSEQ#${date}`, sk: 'SEQ' },
        UpdateExpression: 'ADD #n :one',
        ExpressionAttributeNames: { '#n': 'n' },
        ExpressionAttributeValues: { ':one': 1 },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(Attributes?.n);
  };

  /** Writes one change; throws TicketConflict when the ticket moved (or got a new token) since it was read. */
  const write = async (change: TicketChange, at: Date) => {
    const t = change.ticket;
    let head =
      change.expectedRev === 'new'
        ? undefined
        : { caseNumber: t.ticketNumber, seq: t.historyLength, hash: t.lastHash };
    const entries: HistoryEntry[] = [];
    for (const input of change.history) {
      const entry = chainEntry(head, { ...input, caseNumber: t.ticketNumber });
      entries.push(entry);
      head = entry;
    }
    const next: Ticket = {
      ...t,
      rev: change.expectedRev === 'new' ? 1 : change.expectedRev + 1,
      historyLength: head?.seq ?? 0,
      lastHash: head?.hash ?? '',
    };
    const guard =
      change.expectedRev === 'new'
        ? { ConditionExpression: 'attribute_not_exists(pk)' }
        : change.token
          ? {
              ConditionExpression: 'ticket.rev = :rev AND #token = :token',
              ExpressionAttributeNames: { '#token': 'token' },
              ExpressionAttributeValues: { ':rev': change.expectedRev, ':token': change.token },
            }
          : {
              ConditionExpression: 'ticket.rev = :rev AND attribute_not_exists(#token)',
              ExpressionAttributeNames: { '#token': 'token' },
              ExpressionAttributeValues: { ':rev': change.expectedRev },
            };
    const open = openStatuses.has(next.status);
    const writes: TransactWrite[] = [
      { Put: { TableName: tableName, Item: ticketRow(next, change.token), ...guard } },
      ...entries.map((e) => ({
        Put: {
          TableName: tableName,
          Item: { ...historyKey(t.ticketNumber, e.seq), entry: e },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      })),
      ...(change.assist?.put ?? []).map((d) => ({
        Put: {
          TableName: tableName,
          Item: {
            ...assistKey(t.ticketNumber, d),
            ticketNumber: t.ticketNumber,
            ...(open ? { gsi2pk: ticketIndexes.queue.pk(d), gsi2sk: sortKey(next) } : {}),
          },
        },
      })),
      ...(change.assist?.remove ?? []).map((d) => ({
        Delete: { TableName: tableName, Key: assistKey(t.ticketNumber, d) },
      })),
    ];
    if (change.rating)
      writes.push(
        {
          Put: {
            TableName: tableName,
            Item: {
              pk: `RATING#${t.ticketNumber}`,
              sk: `HANDLING#${String(change.rating.handling).padStart(3, '0')}`,
              rating: change.rating,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        ...ratingCounters(
          tableName,
          { department: change.rating.department, source: 'ticket' },
          { [`l${change.rating.level}`]: 1 },
        ),
      );
    const outbox = outboxPut(tableName, change.events, at);
    if (outbox) writes.push(outbox);
    try {
      await db.send(new TransactWriteCommand({ TransactItems: writes }));
    } catch (error) {
      const reasons = (error as { CancellationReasons?: Array<{ Code?: string }> }).CancellationReasons;
      if (reasons?.[0]?.Code === 'ConditionalCheckFailed')
        throw new TicketConflict(`Ticket ${t.ticketNumber} changed meanwhile`);
      throw error;
    }
    return next;
  };

  /** The workflow's callback token, kept on the ticket row without touching the ticket itself. */
  /** Notes the revision the workflow planned its wait from. */
  const setPlannedRev = async (n: string, rev: number) => {
    await db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: ticketKey(n),
        UpdateExpression: 'SET plannedRev = :rev',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':rev': rev },
      }),
    );
  };

  const setToken = async (n: string, token: string) => {
    await db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: ticketKey(n),
        UpdateExpression: 'SET #token = :token',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#token': 'token' },
        ExpressionAttributeValues: { ':token': token },
      }),
    );
  };

  const history = async (n: string) => {
    const out: HistoryEntry[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await db.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :h)',
          ExpressionAttributeValues: { ':pk': ticketKey(n).pk, ':h': 'H#' },
          ConsistentRead: true,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      out.push(...(page.Items ?? []).map((i) => i.entry as HistoryEntry));
      start = page.LastEvaluatedKey;
    } while (start);
    return out;
  };

  const queryIndex = async (index: string, attribute: string, pk: string, limit: number) => {
    const { Items = [] } = await db.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: index,
        KeyConditionExpression: `${attribute} = :pk`,
        ExpressionAttributeValues: { ':pk': pk },
        Limit: limit,
      }),
    );
    return Items;
  };

  /** Tickets of rows found in an index: the ticket rows themselves, or those assisting rows point to. */
  const ticketsOf = async (rows: Record<string, unknown>[]) => {
    const direct = rows.filter((r) => r.sk === 'TICKET').map((r) => r.ticket as Ticket);
    const pointed = await Promise.all(
      rows.filter((r) => String(r.sk).startsWith('ASSIST#')).map((r) => load(String(r.ticketNumber))),
    );
    return [...direct, ...pointed.flatMap((s) => (s ? [s.ticket] : []))].sort((a, b) =>
      a.filedAt.localeCompare(b.filedAt),
    );
  };

  return {
    load,
    nextSequence,
    write,
    setToken,
    setPlannedRev,
    history,
    byFiler: async (sub: string) =>
      ticketsOf(await queryIndex(ticketIndexes.filer.name, 'gsi1pk', ticketIndexes.filer.pk(sub), 200)),
    queue: async (department: string) =>
      ticketsOf(
        await queryIndex(ticketIndexes.queue.name, 'gsi2pk', ticketIndexes.queue.pk(department), 300),
      ),
    open: async () =>
      ticketsOf(await queryIndex(ticketIndexes.board.name, 'gsi3pk', ticketIndexes.board.pk, 1000)),
  };
};
export type TicketStore = ReturnType<typeof createTicketStore>;
