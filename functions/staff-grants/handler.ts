// Staff-grants function: administrators grant and revoke staff roles; each change is an entry of the
// account's hash-chained grant journal. Roles reach a token at the account's next token (sign-in or refresh).
import { validationFailed } from '../../shared/errors.ts';
import { verifyGrants } from '../../shared/staff-grants.ts';
import { clock } from '../lib/clock.ts';
import { dynamo } from '../lib/dynamo.ts';
import { jurisdiction, resource } from '../lib/env.ts';
import { grantJournal } from '../lib/grants.ts';
import { httpFunction } from '../lib/http.ts';
import { tablePrincipalDirectory } from '../lib/principals.ts';
import { staffGrantsRoutes } from './routes.ts';

const journal = grantJournal(dynamo(), resource('TABLE_NAME'));
const departments = new Set(jurisdiction.departments.map((d) => d.code));

export const handler = httpFunction(
  staffGrantsRoutes,
  {
    'GET /admin/staff': async () => ({ staff: await journal.staff() }),
    'GET /admin/accounts/{sub}/grants': async ({ params }) => {
      const { staff, head, entries } = await journal.read(params.sub);
      return { sub: params.sub, staff: staff ?? null, entries, intact: verifyGrants(entries, head) };
    },
    'POST /admin/accounts/{sub}/grants': async ({ params, body, principal }) => {
      if (!departments.has(body.department))
        throw validationFailed([
          { path: 'body.department', message: `no department ${body.department} here` },
        ]);
      return journal.record(
        params.sub,
        { by: { sub: principal.sub, name: principal.name }, action: 'grant', ...body },
        clock.now(),
      );
    },
    'POST /admin/accounts/{sub}/grants/revoke': async ({ params, body, principal }) =>
      journal.record(
        params.sub,
        {
          by: { sub: principal.sub, name: principal.name },
          action: 'revoke',
          roles: [],
          reason: body.reason,
        },
        clock.now(),
      ),
  },
  { principals: tablePrincipalDirectory(dynamo, () => resource('TABLE_NAME')) },
);
