// 授权 staff grants: staff sign in through their upstream like anyone, and an administrator grants each
// account its department and staff roles (window clerk, reviewer, supervisor, administrator) or revokes
// them. Every grant and revocation is one entry of the account's grant journal, hash-chained as a case's
// history is (who, when, why, what), so the record of who could act for which department is checkable.
import { createHash } from 'node:crypto';
import * as z from 'zod';
import { canonicalJson, GENESIS_HASH } from './cases/history.ts';

export const staffRoleSchema = z.enum(['clerk', 'reviewer', 'supervisor', 'admin']);
export type StaffRole = z.infer<typeof staffRoleSchema>;

const reason = z.string().trim().min(2, 'say why (at least 2 characters)').max(500);

export const grantInputSchema = z.strictObject({
  department: z.string().regex(/^[a-z][a-z0-9-]{1,31}$/, 'a department code of this jurisdiction'),
  roles: z
    .array(staffRoleSchema)
    .min(1)
    .max(4)
    .refine((roles) => new Set(roles).size === roles.length, 'each role once'),
  reason,
});
export type GrantInput = z.infer<typeof grantInputSchema>;
export const revokeInputSchema = z.strictObject({ reason });

export interface GrantActor {
  sub: string;
  name: string;
}

export interface GrantEntry {
  /** The account the entry is about. */
  sub: string;
  seq: number;
  at: string;
  by: GrantActor;
  action: 'grant' | 'revoke';
  /** What the account may do after this entry: none after a revocation. */
  department?: string;
  roles: StaffRole[];
  reason: string;
  prevHash: string;
  hash: string;
}

export type GrantHead = Pick<GrantEntry, 'seq' | 'hash'>;

const hashOf = (entry: Omit<GrantEntry, 'hash'>) =>
  createHash('sha256').update(canonicalJson(entry), 'utf8').digest('hex');

export const chainGrant = (
  previous: GrantHead | undefined,
  input: Omit<GrantEntry, 'seq' | 'prevHash' | 'hash'>,
): GrantEntry => {
  const body = {
    ...structuredClone(input),
    seq: previous ? previous.seq + 1 : 1,
    prevHash: previous ? previous.hash : GENESIS_HASH,
  };
  return { ...body, hash: hashOf(body) };
};

/** Whether the journal is intact: consecutive, each linked to the one before, each hash its content's. */
export const verifyGrants = (entries: readonly GrantEntry[], head: GrantHead | undefined) => {
  let previous: GrantHead | undefined;
  for (const entry of entries) {
    const { hash, ...body } = entry;
    if (entry.seq !== (previous ? previous.seq + 1 : 1)) return false;
    if (entry.prevHash !== (previous ? previous.hash : GENESIS_HASH)) return false;
    if (hashOf(body) !== hash) return false;
    previous = entry;
  }
  return previous?.seq === head?.seq && previous?.hash === head?.hash;
};
