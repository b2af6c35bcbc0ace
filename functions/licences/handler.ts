// Licences function: holders' wallet and licences, offices' logged reads of a cited licence, status changes.
import { dynamo } from '../lib/dynamo.ts';
import { resource } from '../lib/env.ts';
import { httpFunction } from '../lib/http.ts';
import { tablePrincipalDirectory } from '../lib/principals.ts';
import { licencesRoutes } from './routes.ts';
import { licenceService } from './wiring.ts';

const licences = licenceService();

export const handler = httpFunction(
  licencesRoutes,
  {
    'GET /licences': async ({ query, principal }) => licences.wallet(principal, query.limit, query.cursor),
    'GET /licences/{id}': async ({ params, query, principal }) => licences.read(params.id, principal, query),
    'GET /licences/{id}/access-log': async ({ params, principal }) =>
      licences.accessLog(params.id, principal),
    'POST /licences/{id}/status': async ({ params, body, principal }) =>
      licences.changeStatus(params.id, principal, body),
  },
  { principals: tablePrincipalDirectory(dynamo, () => resource('TABLE_NAME')) },
);
