// Cases function: the applicant's side — uploads, applications, following, supplements, withdrawal — and
// reading a case, its materials, its history and the check of its chain. Public progress by query code.
import { dynamo } from '../lib/dynamo.ts';
import { resource } from '../lib/env.ts';
import { httpFunction, reply } from '../lib/http.ts';
import { tablePrincipalDirectory } from '../lib/principals.ts';
import { createApply } from './apply.ts';
import { createHandling } from './handling.ts';
import { createMaterials } from './materials.ts';
import { createReading } from './reading.ts';
import { casesRoutes } from './routes.ts';
import { caseContext } from './service.ts';
import { createSupplement } from './supplement.ts';
import { uploadStore } from './uploads.ts';

const ctx = caseContext();
const apply = createApply(ctx, uploadStore());
const supplement = createSupplement(ctx, uploadStore());
const { withdraw } = createHandling(ctx);
const read = createReading(ctx);
const materials = createMaterials(ctx, uploadStore());

export const handler = httpFunction(
  casesRoutes,
  {
    'POST /uploads': async ({ body, principal }) => ({
      method: 'PUT',
      ...(await uploadStore().presign(principal.sub, body.contentType, body.size)),
    }),

    'POST /cases': async ({ body, headers, principal }) => {
      const { created, view } = await apply(principal, body, headers['idempotency-key']);
      return reply(201, view, created ? {} : { 'idempotent-replayed': 'true' });
    },

    'GET /cases': async ({ query, principal }) => read.list(principal, query),
    'GET /cases/{caseNumber}': async ({ params, principal }) => read.get(params.caseNumber, principal),
    'GET /cases/{caseNumber}/history': async ({ params, principal }) =>
      read.history(params.caseNumber, principal),
    'GET /cases/{caseNumber}/materials': async ({ params, principal }) =>
      materials(params.caseNumber, principal),
    'GET /cases/{caseNumber}/history/verify': async ({ params, principal }) =>
      read.verify(params.caseNumber, principal),
    'POST /cases/{caseNumber}/supplements': async ({ params, body, principal }) =>
      supplement(params.caseNumber, principal, body),
    'POST /cases/{caseNumber}/withdraw': async ({ params, body, principal }) =>
      withdraw(params.caseNumber, principal, body),
    'GET /progress/{caseNumber}': async ({ params, query }) =>
      read.progress(params.caseNumber, query.queryCode),
  },
  { principals: tablePrincipalDirectory(dynamo, () => resource('TABLE_NAME')) },
).before(async () => {
  // Deadlines count with the holiday arrangements as published a few seconds ago at most.
  await ctx.deps.calendars.fresh();
});
