// Ratings function: 好差评 of concluded cases and window visits, the rectification of bad reviews, public
// statistics, and the 办不成事 record the unresolved function keeps; ratings by reply to the invitation SMS
// (the provider's signed push), and on its schedule the rectifications that have become overdue.
import type { Context } from 'aws-lambda';
import * as z from 'zod';
import { toLocalDate } from '../../shared/calendar.ts';
import { issuesToDetails, unauthenticated, validationFailed } from '../../shared/errors.ts';
import { tableCalendarSource } from '../calendar/wiring.ts';
import { clock } from '../lib/clock.ts';
import { dynamo } from '../lib/dynamo.ts';
import { jurisdiction, resource } from '../lib/env.ts';
import { httpFunction } from '../lib/http.ts';
import { logger } from '../lib/logger.ts';
import { tablePrincipalDirectory } from '../lib/principals.ts';
import { rpcSmsMessenger } from '../notifier/messenger.ts';
import { secretSource } from '../sign-in/secrets.ts';
import { ratingsRoutes } from './routes.ts';
import { createRatings } from './service.ts';
import { createSmsReplies, replySignatureValid, smsReplyPushSchema } from './sms-replies.ts';
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
const sms = jurisdiction.notifications.sms;
const secrets = secretSource(() => resource('SECRET_PARAMETER_PREFIX'));
const accessKeySecret = () => secrets(sms!.accessKeySecret);
const replies = createSmsReplies({
  db,
  tableName,
  clock,
  rate: ratings.rateAs,
  rated: ratings.rated,
  ...(sms
    ? {
        messenger: rpcSmsMessenger({
          // The local cloud points the provider's address at its own (as a test double of the network).
          endpoint: process.env.SMS_ENDPOINT_URL ?? sms.endpoint,
          accessKeyId: sms.accessKeyId,
          accessKeySecret,
          signName: sms.signName,
          now: () => clock.now(),
        }),
      }
    : {}),
});

const http = httpFunction(
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
    'POST /sms/replies': async ({ headers, rawBody }) => {
      const body = rawBody ?? '';
      if (
        !sms ||
        !replySignatureValid(
          headers,
          body,
          { accessKeyId: sms.accessKeyId, secret: await accessKeySecret() },
          clock.now(),
        )
      )
        throw unauthenticated('The push is not signed by the SMS provider.');
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch {
        throw validationFailed([{ path: 'body', message: 'JSON' }]);
      }
      const parsed = smsReplyPushSchema.safeParse(json);
      if (!parsed.success)
        throw validationFailed(
          issuesToDetails(parsed.error.issues).map((d) => ({ ...d, path: `body.${d.path}` })),
        );
      const taken = await replies.take(parsed.data);
      // The outcome only: never the number or what it said.
      logger.info('sms reply', { outcome: taken.outcome, answer: taken.answer ?? 'none' });
      return taken;
    },
    'GET /ratings/stats': () => ratings.stats(),
    'GET /unresolved': ({ principal, query }) => {
      const today = toLocalDate(clock.now(), jurisdiction.timezone);
      return readUnresolved(db, tableName, principal, { ...query, from: query.from ?? today });
    },
  },
  { principals: tablePrincipalDirectory(dynamo, () => resource('TABLE_NAME')) },
);

const scheduled = z.object({ 'detail-type': z.literal('Scheduled Event'), source: z.literal('aws.events') });

/** Requests through the gateway; on the schedule, the rectifications that have become overdue. */
export const handler = async (event: unknown, context: Context) => {
  if (scheduled.safeParse(event).success) {
    const outcome = await ratings.sweepOverdue();
    logger.info('overdue rectifications swept', outcome);
    return outcome;
  }
  return http(event as Parameters<typeof http>[0], context);
};
