// Ratings function: 好差评 of concluded cases and window visits, the rectification of bad reviews, public statistics, and the
// 办不成事 record the unresolved function keeps.
import { toLocalDate } from '../../shared/calendar.ts';
import { validationFailed } from '../../shared/errors.ts';
import { tableCalendarSource } from '../calendar/wiring.ts';
import { clock } from '../lib/clock.ts';
import { dynamo } from '../lib/dynamo.ts';
import { jurisdiction, resource } from '../lib/env.ts';
import { httpFunction } from '../lib/http.ts';
import { tablePrincipalDirectory } from '../lib/principals.ts';
import { ratingsRoutes } from './routes.ts';
import { createRatings } from './service.ts';
import { readUnresolved } from './unresolved.ts';
import { createWindowVisits } from './window-visits.ts';

const tableName = resource('TABLE_NAME');
const db = dynamo();
const ratings = createRatings({
  db,
  tableName,
  jurisdiction,
  clock,
  calendars: tableCalendarSource(tableName),
});
const visits = createWindowVisits({ db, tableName, jurisdiction, clock });

export const handler = httpFunction(
  ratingsRoutes,
  {
    'POST /cases/{caseNumber}/rating': ({ params, principal, body }) =>
      ratings.rate(params.caseNumber, principal, body),
    'GET /cases/{caseNumber}/rating': ({ params, principal }) =>
      ratings.ratingOf(params.caseNumber, principal),
    'GET /rectifications': ({ principal, query }) => {
      if (query.status === 'overdue' || query.status === 'appealed') {
        if (principal.role !== 'supervisor' && principal.role !== 'admin')
          throw validationFailed([
            { path: 'query.status', message: `${query.status}: for supervisors and administrators` },
          ]);
        return ratings.list({ supervise: query.status });
      }
      return ratings.list({ department: principal.department ?? '', open: query.status === 'open' });
    },
    'POST /cases/{caseNumber}/rectification/call': ({ params, principal, body }) =>
      ratings.step(params.caseNumber, principal, { step: 'call', ...body }),
    'POST /cases/{caseNumber}/rectification/rectify': ({ params, principal, body }) =>
      ratings.step(params.caseNumber, principal, { step: 'rectify', ...body }),
    'POST /cases/{caseNumber}/rectification/reply': ({ params, principal, body }) =>
      ratings.step(params.caseNumber, principal, { step: 'reply', ...body }),
    'POST /cases/{caseNumber}/rectification/appeal': ({ params, principal, body }) =>
      ratings.step(params.caseNumber, principal, { step: 'appeal', ...body }),
    'POST /cases/{caseNumber}/rectification/appeal-decision': ({ params, principal, body }) =>
      ratings.step(params.caseNumber, principal, { step: 'decide-appeal', ...body }),
    'POST /window-visits': ({ principal, body }) => visits.record(principal, body),
    'GET /window-visits/{visitId}': ({ params, query }) => visits.show(params.visitId, query.code),
    'POST /window-visits/{visitId}/rating': ({ params, body }) => visits.rate(params.visitId, body),
    'GET /ratings/stats': () => ratings.stats(),
    'GET /unresolved': ({ principal, query }) => {
      const today = toLocalDate(clock.now(), jurisdiction.timezone);
      return readUnresolved(db, tableName, principal, { ...query, from: query.from ?? today });
    },
  },
  { principals: tablePrincipalDirectory(dynamo, () => resource('TABLE_NAME')) },
);
