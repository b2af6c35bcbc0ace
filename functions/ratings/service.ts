// 好差评 and 整改: an applicant rates a concluded case once; a bad review opens the handling unit's
// rectification, which moves through the steps of shared/ratings.ts. Table rows:
//   RATING#<caseNumber> / RATING   the rating (append-only: put once, never updated)
//   RECT#<caseNumber> / RECT       the rectification; gsi2 RECTS#<department>#open|done / <openedAt>,
//                                  while open gsi3 RECT-OPEN / <callBy>#<caseNumber> for supervision
//   RATINGSTATS / ALL | DEPT#<d> | ITEM#<code> | SOURCE#<source>   counters (./counters.ts)
// The rating, its counters, its rectification and its events are one transaction.
import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { toLocalDate } from '../../shared/calendar.ts';
import type { Clock } from '../../shared/clock.ts';
import { conflict, forbidden, notFound } from '../../shared/errors.ts';
import { domainEvent, EventType } from '../../shared/events.ts';
import { type Principal, type Role, staffRoles } from '../../shared/identity.ts';
import type { Jurisdiction } from '../../shared/jurisdiction.ts';
import {
  emptyCounts,
  isBadReview,
  overdueOf,
  type Rating,
  type RatingCounts,
  type RatingInput,
  type RatingLevel,
  type Rectification,
  ratingFigures,
  rectificationDeadlines,
  rectificationSteps,
} from '../../shared/ratings.ts';
import type { CalendarSource } from '../calendar/source.ts';
import { createCaseStore } from '../cases/store.ts';
import { raiseOnce } from '../lib/detected.ts';
import { outboxPut } from '../lib/outbox.ts';
import { putRatingOnce, ratingCounters, statsPk } from './counters.ts';

const ratingKey = (n: string) => ({ pk: `RATING#${n}`, sk: 'RATING' });
const rectKey = (n: string) => ({ pk: `RECT#${n}`, sk: 'RECT' });
const queueIndex = { name: 'gsi2', pk: (d: string, open: boolean) => `RECTS#${d}#${open ? 'open' : 'done'}` };
const openIndex = { name: 'gsi3', pk: 'RECT-OPEN' };

/** Conclusions an applicant may rate. */
const rateable = new Set([
  'COMPLETED',
  'DENIED',
  'NOT_ACCEPTED',
  'DELIVERED',
  'AWAITING_PICKUP',
  'PICKED_UP',
]);

export const createRatings = (deps: {
  db: DynamoDBDocumentClient;
  tableName: string;
  jurisdiction: Jurisdiction;
  clock: Clock;
  calendars: CalendarSource;
}) => {
  const { db, tableName } = deps;
  const cases = createCaseStore(db, tableName);
  const today = () => toLocalDate(deps.clock.now(), deps.jurisdiction.timezone);

  const counters = (
    r: { department: string; itemCode?: string; itemName?: string },
    add: Record<string, number>,
  ) => ratingCounters(tableName, { ...r, source: 'case' }, add);

  const rectRow = (r: Rectification, itemCode?: string) => {
    const open = r.status !== 'closed' && r.status !== 'void';
    return {
      ...rectKey(r.caseNumber),
      rectification: r,
      ...(itemCode ? { itemCode } : {}),
      gsi2pk: queueIndex.pk(r.department, open),
      gsi2sk: `${r.openedAt}#${r.caseNumber}`,
      ...(open ? { gsi3pk: openIndex.pk, gsi3sk: `${r.callBy}#${r.caseNumber}` } : {}),
    };
  };

  /** 评价: the applicant (or their agent) rates a concluded case, once. */
  const rate = (caseNumber: string, p: Principal, input: RatingInput) => rateAs(caseNumber, p.sub, input);

  /** The rating of the applicant `sub`, signed in or replying to the invitation SMS. */
  const rateAs = async (caseNumber: string, sub: string, input: RatingInput) => {
    const loaded = await cases.loadCase(caseNumber);
    if (!loaded || loaded.record.submittedBy !== sub) throw notFound(`No case ${caseNumber}.`);
    const { record } = loaded;
    if (!rateable.has(record.status))
      throw conflict(`The case is ${record.status}: it can be rated once it is concluded.`, [
        { path: 'caseNumber', message: '办结后才能评价 (rate once the case is concluded)' },
      ]);
    const at = deps.clock.now();
    // The staff who acted on the case (the window, the reviewers), each once, from its history.
    const staff = [
      ...new Map(
        (await cases.history(caseNumber))
          .filter((e) => staffRoles.has(e.actor.role as Role))
          .map((e) => [e.actor.sub, { sub: e.actor.sub, name: e.actor.name }]),
      ).values(),
    ];
    const rating: Rating = {
      ...input,
      caseNumber,
      ...(record.item ? { itemCode: record.item.code } : {}),
      department: record.handlingDepartment,
      staff,
      realName: true,
      at: at.toISOString(),
    };
    const bad = isBadReview(input.level);
    const calendar = await deps.calendars.fresh();
    const rectification: Rectification | undefined = bad
      ? {
          id: caseNumber,
          caseNumber,
          department: rating.department,
          level: input.level as RatingLevel,
          status: 'awaiting-call',
          openedAt: rating.at,
          ...rectificationDeadlines(calendar, toLocalDate(at, deps.jurisdiction.timezone)),
        }
      : undefined;
    const events = [
      domainEvent(EventType.CaseRated, { caseNumber, department: rating.department, level: input.level }),
      ...(rectification
        ? [
            domainEvent(EventType.RectificationOpened, {
              caseNumber,
              department: rectification.department,
              callBy: rectification.callBy,
              rectifyBy: rectification.rectifyBy,
            }),
          ]
        : []),
    ];
    await putRatingOnce(
      db,
      tableName,
      ratingKey(caseNumber),
      rating,
      [
        ...counters(
          { ...rating, itemName: record.item?.name },
          { [`l${input.level}`]: 1, ...(bad ? { bad: 1 } : {}) },
        ),
        ...(rectification
          ? [{ Put: { TableName: tableName, Item: rectRow(rectification, rating.itemCode) } }]
          : []),
        outboxPut(tableName, events, at)!,
      ],
      `The case ${caseNumber} has been rated already: a rating is given once.`,
    );
    return { rating, ...(rectification ? { rectification } : {}) };
  };

  const readRating = async (caseNumber: string) =>
    (await db.send(new GetCommand({ TableName: tableName, Key: ratingKey(caseNumber) }))).Item?.rating as
      | Rating
      | undefined;
  const readRect = async (caseNumber: string) => {
    const { Item } = await db.send(
      new GetCommand({ TableName: tableName, Key: rectKey(caseNumber), ConsistentRead: true }),
    );
    return Item
      ? { rectification: Item.rectification as Rectification, itemCode: Item.itemCode as string | undefined }
      : undefined;
  };

  /** The rating of a case and its rectification, for the rater and the staff of the handling unit. */
  const ratingOf = async (caseNumber: string, p: Principal) => {
    const loaded = await cases.getCase(caseNumber);
    const mine = loaded?.submittedBy === p.sub;
    const staffOf =
      p.department !== undefined && (loaded?.departments.includes(p.department) || p.role === 'supervisor');
    if (!loaded || (!mine && !staffOf)) throw notFound(`No case ${caseNumber}.`);
    const rating = await readRating(caseNumber);
    const rect = await readRect(caseNumber);
    return {
      caseNumber,
      rateable: !rating && mine && rateable.has(loaded.status),
      rating: rating ?? null,
      rectification: rect ? view(rect.rectification) : null,
    };
  };

  const view = (r: Rectification) => ({ ...r, overdue: overdueOf(r, today()) });

  /** One step of a rectification by the unit's staff (or, for an appeal's decision, a supervisor). */
  const step = async (
    caseNumber: string,
    p: Principal,
    input:
      | { step: 'call'; reached: boolean; note: string }
      | { step: 'rectify'; measures: string }
      | { step: 'reply'; text: string }
      | { step: 'appeal'; reason: string }
      | { step: 'decide-appeal'; upheld: boolean; opinion: string },
  ) => {
    const found = await readRect(caseNumber);
    if (!found) throw notFound(`No rectification for ${caseNumber}.`);
    const r = found.rectification;
    if (input.step === 'decide-appeal' ? p.role !== 'supervisor' : p.department !== r.department)
      throw forbidden(
        input.step === 'decide-appeal'
          ? 'A supervisor decides an appeal.'
          : `The rectification belongs to ${r.department}.`,
      );
    const rule = rectificationSteps[input.step];
    if (!rule.from.includes(r.status))
      throw conflict(`The rectification is ${r.status}: it cannot take the step ${input.step} now.`);
    const at = deps.clock.now().toISOString();
    const by = p.name ?? p.sub;
    const next: Rectification = { ...r };
    const add: Record<string, number> = {};
    const events = [];
    switch (input.step) {
      case 'call':
        next.call = { at, by, reached: input.reached, note: input.note };
        next.status = rule.to;
        break;
      case 'rectify':
        next.rectified = { at, by, measures: input.measures };
        next.status = rule.to;
        break;
      case 'reply':
        next.reply = { at, by, text: input.text };
        next.status = rule.to;
        next.closedAt = at;
        add.rectified = 1;
        if (toLocalDate(new Date(next.rectified!.at), deps.jurisdiction.timezone) <= r.rectifyBy)
          add.onTime = 1;
        events.push(domainEvent(EventType.RectificationReplied, { caseNumber, department: r.department }));
        break;
      case 'appeal':
        next.appeal = { at, by, reason: input.reason };
        next.status = rule.to;
        break;
      case 'decide-appeal': {
        const decision = { at, by, upheld: input.upheld, opinion: input.opinion };
        next.appeal = { ...r.appeal!, decision };
        // Refused: back to the work the appeal interrupted.
        next.status = input.upheld ? 'void' : r.call ? 'rectifying' : 'awaiting-call';
        if (input.upheld) {
          next.closedAt = at;
          add.voided = 1;
        }
        break;
      }
    }
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: tableName,
              Item: rectRow(next, found.itemCode),
              ConditionExpression: 'rectification.#status = :was',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':was': r.status },
            },
          },
          ...(Object.keys(add).length
            ? counters({ department: r.department, itemCode: found.itemCode }, add)
            : []),
          ...(events.length ? [outboxPut(tableName, events, new Date(at))!] : []),
        ],
      }),
    );
    return view(next);
  };

  /** A unit's rectifications (open or done), or for supervisors every open one overdue or under appeal. */
  const list = async (
    query: { department: string; open: boolean } | { supervise: 'overdue' | 'appealed' },
  ) => {
    const rows =
      'supervise' in query
        ? await db.send(
            new QueryCommand({
              TableName: tableName,
              IndexName: openIndex.name,
              KeyConditionExpression: 'gsi3pk = :pk',
              ExpressionAttributeValues: { ':pk': openIndex.pk },
              Limit: 500,
            }),
          )
        : await db.send(
            new QueryCommand({
              TableName: tableName,
              IndexName: queueIndex.name,
              KeyConditionExpression: 'gsi2pk = :pk',
              ExpressionAttributeValues: { ':pk': queueIndex.pk(query.department, query.open) },
              Limit: 200,
            }),
          );
    const all = (rows.Items ?? []).map((i) => view(i.rectification as Rectification));
    return {
      today: today(),
      rectifications: !('supervise' in query)
        ? all
        : query.supervise === 'overdue'
          ? all.filter((r) => r.overdue.length > 0)
          : all.filter((r) => r.status === 'appealed'),
    };
  };

  /** 好差评 statistics, public: all, per department, and per item. */
  const stats = async () => {
    const { Items = [] } = await db.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': statsPk },
      }),
    );
    const countsOf = (item: Record<string, unknown>): RatingCounts => {
      const c = emptyCounts();
      for (const level of [1, 2, 3, 4, 5] as RatingLevel[]) c.levels[level] = Number(item[`l${level}`] ?? 0);
      for (const k of ['bad', 'rectified', 'onTime', 'voided'] as const) c[k] = Number(item[k] ?? 0);
      return c;
    };
    const entry = (item: Record<string, unknown>) => {
      const counts = countsOf(item);
      return { ...counts, ...ratingFigures(counts) };
    };
    const by = (prefix: string) =>
      Items.filter((i) => String(i.sk).startsWith(prefix)).map((i) => ({
        code: String(i.sk).slice(prefix.length),
        ...(typeof i.name === 'string' ? { name: i.name } : {}),
        ...entry(i),
      }));
    const all = Items.find((i) => i.sk === 'ALL');
    return {
      all: all ? entry(all) : { ...emptyCounts(), ...ratingFigures(emptyCounts()) },
      departments: by('DEPT#'),
      items: by('ITEM#'),
      sources: by('SOURCE#'),
    };
  };

  /**
   * The schedule: each open rectification past the deadline of a step it has not taken (the return call, the
   * rectification) raises RectificationOverdue once per step, which tells the unit's staff and supervisors.
   */
  const sweepOverdue = async () => {
    const on = today();
    const at = deps.clock.now();
    let raised = 0;
    let seen = 0;
    let start: Record<string, unknown> | undefined;
    do {
      const page = await db.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: openIndex.name,
          KeyConditionExpression: 'gsi3pk = :pk',
          ExpressionAttributeValues: { ':pk': openIndex.pk },
          Limit: 200,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      for (const item of page.Items ?? []) {
        const r = item.rectification as Rectification;
        for (const step of overdueOf(r, on)) {
          seen++;
          const event = domainEvent(EventType.RectificationOverdue, {
            caseNumber: r.caseNumber,
            department: r.department,
            step,
            dueDate: step === 'call' ? r.callBy : r.rectifyBy,
          });
          const fresh = await raiseOnce(
            db,
            tableName,
            { subject: `RECT#${r.caseNumber}`, what: `OVERDUE#${step}#${r.openedAt}`, keepDays: 400 },
            event,
            at,
          );
          if (fresh) raised++;
        }
      }
      start = page.LastEvaluatedKey;
    } while (start);
    return { overdue: seen, raised };
  };

  const rated = async (caseNumber: string) => (await readRating(caseNumber)) !== undefined;

  return { rate, rateAs, rated, ratingOf, step, list, stats, sweepOverdue };
};
