// Staff grants: an administrator grants an account its department and staff roles, or revokes them; the
// account's grant journal shows every change (who, when, why) and whether the chain is intact.
import * as z from 'zod';
import { grantInputSchema, revokeInputSchema, staffRoleSchema } from '../../shared/staff-grants.ts';
import { defineRoutes } from '../lib/route.ts';

const params = z.object({ sub: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, 'an account subject') });

export const staffGrantsRoutes = defineRoutes({
  'GET /admin/staff': {
    summary: "The jurisdiction's staff: every account that holds a grant now, with its department and roles",
    tags: ['staff'],
    auth: ['admin'],
    response: z.object({
      staff: z.array(
        z.object({
          sub: z.string(),
          name: z.string(),
          department: z.string(),
          roles: z.array(staffRoleSchema),
        }),
      ),
    }),
  },
  'GET /admin/accounts/{sub}/grants': {
    summary:
      "An account's staff grant: its department and roles now, every grant and revocation, the chain's check",
    tags: ['staff'],
    auth: ['admin'],
    params,
  },
  'POST /admin/accounts/{sub}/grants': {
    summary: 'Grants the account a department and staff roles (replacing any earlier grant), with the reason',
    tags: ['staff'],
    auth: ['admin'],
    params,
    body: grantInputSchema,
    status: 201,
  },
  'POST /admin/accounts/{sub}/grants/revoke': {
    summary: "Revokes the account's staff grant, with the reason: it keeps no staff access",
    tags: ['staff'],
    auth: ['admin'],
    params,
    body: revokeInputSchema,
  },
});
