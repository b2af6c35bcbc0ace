// 窗口服务评价: the window's clerk records a visit (a consultation, or a matter handled on the spot) and
// the person rates it once with the code the window's QR code carries. Table rows:
//   VISIT#<id> / VISIT            the visit: unit, clerk, service, item, codeHash, rateBy
//   VISIT#<id> / RATING           its rating (put once, never updated), with the counters in one transaction
import { createHash, randomInt } from 'node:crypto';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { toLocalDate } from '../../shared/calendar.ts';
import type { Clock } from '../../shared/clock.ts';
import { conflict, forbidden, notFound, validationFailed } from '../../shared/errors.ts';
import type { Principal } from '../../shared/identity.ts';
import type { Jurisdiction } from '../../shared/jurisdiction.ts';
import {
  type VisitRating,
  type VisitRatingInput,
  visitRatingDays,
  type WindowVisit,
  type WindowVisitInput,
} from '../../shared/ratings.ts';
import { createCatalogueStore } from '../catalogue/store.ts';
import { putRatingOnce, ratingCounters } from './counters.ts';

const alphabet = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ';
const randomText = (n: number) =>
  Array.from({ length: n }, () => alphabet[randomInt(alphabet.length)]).join('');
const hashCode = (code: string) => createHash('sha256').update(code.toUpperCase()).digest('base64url');
const visitKey = (id: string) => ({ pk: `VISIT#${id}`, sk: 'VISIT' });
const ratingKey = (id: string) => ({ pk: `VISIT#${id}`, sk: 'RATING' });

export const createWindowVisits = (deps: {
  db: DynamoDBDocumentClient;
  tableName: string;
  jurisdiction: Jurisdiction;
  clock: Clock;
}) => {
  const { db, tableName } = deps;
  const catalogue = createCatalogueStore(db, tableName);

  /** The clerk records the visit; the answer carries the code the QR code shows, never stored in clear. */
  const record = async (p: Principal, input: WindowVisitInput) => {
    if (!p.department) throw forbidden('Only a window clerk of a department records a visit.');
    let itemName: string | undefined;
    if (input.itemCode) {
      const summary = (await catalogue.getHead(input.itemCode))?.summary;
      if (!summary)
        throw validationFailed([{ path: 'body.itemCode', message: 'no published item with this code' }]);
      itemName = summary.name;
    }
    const now = deps.clock.now();
    const day = toLocalDate(now, deps.jurisdiction.timezone).replaceAll('-', '');
    const code = randomText(6);
    const visit: WindowVisit = {
      id: `W${day}-${randomText(10)}`,
      at: now.toISOString(),
      service: input.service,
      department: p.department,
      staff: { sub: p.sub, name: p.name },
      ...(input.itemCode ? { itemCode: input.itemCode } : {}),
      ...(itemName ? { itemName } : {}),
      rateBy: new Date(now.getTime() + visitRatingDays * 86_400_000).toISOString(),
    };
    await db.send(
      new PutCommand({
        TableName: tableName,
        Item: { ...visitKey(visit.id), visit, codeHash: hashCode(code) },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return { ...visit, code, path: `/rate/${visit.id}?code=${code}` };
  };

  /** The visit, for whoever holds its code: a wrong code is no visit at all. */
  const load = async (id: string, code: string) => {
    const { Item } = await db.send(
      new GetCommand({ TableName: tableName, Key: visitKey(id), ConsistentRead: true }),
    );
    if (!Item || Item.codeHash !== hashCode(code)) throw notFound(`No window visit ${id} with this code.`);
    return Item.visit as WindowVisit;
  };

  const readRating = async (id: string) =>
    (await db.send(new GetCommand({ TableName: tableName, Key: ratingKey(id), ConsistentRead: true }))).Item
      ?.rating as VisitRating | undefined;

  /** What the person is asked to rate: the unit, the service, the item, the clerk's name; whether it is done. */
  const show = async (id: string, code: string) => {
    const visit = await load(id, code);
    const rating = await readRating(id);
    const department = deps.jurisdiction.departments.find((d) => d.code === visit.department);
    return {
      id,
      at: visit.at,
      service: visit.service,
      department: visit.department,
      departmentName: department?.name ?? visit.department,
      ...(visit.itemName ? { itemName: visit.itemName } : {}),
      staffName: visit.staff.name,
      rateBy: visit.rateBy,
      rateable: !rating && deps.clock.now().toISOString() <= visit.rateBy,
      rating: rating ? { level: rating.level, aspects: rating.aspects, at: rating.at } : null,
    };
  };

  /** Rated once, within the days allowed; counted for the unit, the item and the window channel. */
  const rate = async (id: string, input: VisitRatingInput) => {
    const visit = await load(id, input.code);
    const now = deps.clock.now();
    if (now.toISOString() > visit.rateBy)
      throw conflict(`The visit ${id} could be rated until ${visit.rateBy}.`, [
        { path: 'visitId', message: `评价期已过 (rate within ${visitRatingDays} days)` },
      ]);
    const { code: _code, ...given } = input;
    const rating: VisitRating = {
      ...given,
      visitId: id,
      service: visit.service,
      ...(visit.itemCode ? { itemCode: visit.itemCode } : {}),
      department: visit.department,
      staff: [visit.staff],
      realName: false,
      at: now.toISOString(),
    };
    await putRatingOnce(
      db,
      tableName,
      ratingKey(id),
      rating,
      ratingCounters(
        tableName,
        { ...rating, itemName: visit.itemName, source: 'window' },
        { [`l${input.level}`]: 1 },
      ),
      `The visit ${id} has been rated already: a rating is given once.`,
    );
    return { rating };
  };

  return { record, show, rate };
};
