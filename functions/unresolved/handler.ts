// Unresolved function (办不成事): each refusal, denial, overdue case and bad review is written into the day's
// record, with the item, the department and the reasons on record, for the centre's daily summary and its
// weekly analysis (GET /unresolved, served by the ratings function). One row per case, kind and day, so a
// repeated delivery writes the same row again.
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { toLocalDate } from '../../shared/calendar.ts';
import { EventType } from '../../shared/events.ts';
import { isBadReview } from '../../shared/ratings.ts';
import type { UnresolvedEntry, UnresolvedKind } from '../../shared/unresolved.ts';
import { createCaseStore } from '../cases/store.ts';
import { dynamo } from '../lib/dynamo.ts';
import { jurisdiction, resource } from '../lib/env.ts';
import { eventFunction, subscribedEvents } from '../lib/event-function.ts';
import { unresolvedRowKey } from '../ratings/unresolved.ts';
import { unresolvedTypes } from './subscriptions.ts';

const db = dynamo();
const tableName = resource('TABLE_NAME');
const cases = createCaseStore(db, tableName);

const kinds: Record<(typeof unresolvedTypes)[number], UnresolvedKind> = {
  [EventType.CaseNotAccepted]: 'not-accepted',
  [EventType.CaseDenied]: 'denied',
  [EventType.CaseOverdue]: 'overdue',
  [EventType.CaseRated]: 'bad-review',
};

/** The reasons on record: the review's comment, or the opinion of the step that ended the case. */
const reasonOf = async (kind: UnresolvedKind, caseNumber: string): Promise<string | undefined> => {
  if (kind === 'bad-review') {
    const { Item } = await db.send(
      new GetCommand({ TableName: tableName, Key: { pk: `RATING#${caseNumber}`, sk: 'RATING' } }),
    );
    return (Item?.rating as { comment?: string } | undefined)?.comment;
  }
  if (kind === 'overdue') return undefined;
  const status = kind === 'denied' ? 'DENIED' : 'NOT_ACCEPTED';
  const ending = (await cases.history(caseNumber)).findLast((e) => e.statusAfter === status);
  const reasons = ending?.details?.reasons;
  return (
    ending?.opinion ??
    (Array.isArray(reasons) ? reasons.join('；') : typeof reasons === 'string' ? reasons : undefined)
  );
};

export const handler = eventFunction(
  { consumer: 'unresolved', schema: subscribedEvents(unresolvedTypes) },
  async (event) => {
    const kind = kinds[event.type];
    if (event.type === EventType.CaseRated && !isBadReview(event.detail.level)) return;
    const { caseNumber, department } = event.detail;
    const loaded = await cases.loadCase(caseNumber);
    const reason = await reasonOf(kind, caseNumber);
    const itemName = loaded?.record.item?.name ?? loaded?.record.bundle?.name;
    const entry: UnresolvedEntry = {
      date: toLocalDate(new Date(event.time), jurisdiction.timezone),
      kind,
      caseNumber,
      department,
      ...(itemName ? { itemName } : {}),
      ...(reason ? { reason: reason.slice(0, 500) } : {}),
      at: event.time,
    };
    await db.send(new PutCommand({ TableName: tableName, Item: { ...unresolvedRowKey(entry), entry } }));
  },
);
