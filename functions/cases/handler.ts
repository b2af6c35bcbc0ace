// Cases function: the applicant's side — uploads, applications, following, supplements, withdrawal — and
// reading a case, its history and the check of its chain. Public progress by query code.
import { httpFunction, reply } from '../lib/http.ts';
import { casesRoutes } from './routes.ts';
import { caseService, uploadStore } from './service.ts';

const cases = caseService();

export const handler = httpFunction(casesRoutes, {
  'POST /uploads': async ({ body, principal }) => ({
    method: 'PUT',
    ...(await uploadStore().presign(principal.sub, body.contentType, body.size)),
  }),

  'POST /cases': async ({ body, headers, principal }) => {
    const { created, view } = await cases.apply(principal, body, headers['idempotency-key']);
    return reply(201, view, created ? {} : { 'idempotent-replayed': 'true' });
  },

  'GET /cases': async ({ query, principal }) => cases.read.list(principal, query),
  'GET /cases/{caseNumber}': async ({ params, principal }) => cases.read.get(params.caseNumber, principal),
  'GET /cases/{caseNumber}/history': async ({ params, principal }) =>
    cases.read.history(params.caseNumber, principal),
  'GET /cases/{caseNumber}/history/verify': async ({ params, principal }) =>
    cases.read.verify(params.caseNumber, principal),
  'POST /cases/{caseNumber}/supplements': async ({ params, body, principal }) =>
    cases.supplement(params.caseNumber, principal, body),
  'POST /cases/{caseNumber}/withdraw': async ({ params, body, principal }) =>
    cases.withdraw(params.caseNumber, principal, body),
  'GET /progress/{caseNumber}': async ({ params, query }) =>
    cases.read.progress(params.caseNumber, query.queryCode),
});
