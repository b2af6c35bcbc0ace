// Who a caller is, read server-side: a token carries an opaque subject, roles, a staff member's department
// and the assurance level; the name, ID number or credit code live in the caller's account profile
// (ACCOUNT#<sub>, written by the sign-in function at each sign-in). The HTTP middleware completes each
// principal from it, cached per instance for a short while, so handlers keep reading `principal.idNumber`
// without any token carrying it.
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { type Principal, roleSchema, verifiedIdentitySchema } from '../../shared/identity.ts';

/** ACCOUNT#<sub> / PROFILE: one subject's profile (see functions/sign-in/keys.ts for the sign-in's items). */
export const accountKey = (sub: string) => ({ pk: `ACCOUNT#${sub}`, sk: 'PROFILE' });

export const accountProfileSchema = z.looseObject({
  sub: z.string().min(1),
  roles: z.array(roleSchema),
  /** How the person is named in histories and logs of access; staff have no verified identity here. */
  name: z.string().min(1).max(128),
  department: z.string().optional(),
  identity: verifiedIdentitySchema.optional(),
  updatedAt: z.string(),
});
export type AccountProfile = z.infer<typeof accountProfileSchema>;

export const putAccountProfile = async (
  db: DynamoDBDocumentClient,
  tableName: string,
  profile: AccountProfile,
  extra: Record<string, unknown> = {},
) => {
  await db.send(
    new PutCommand({
      TableName: tableName,
      Item: { ...accountKey(profile.sub), ...accountProfileSchema.parse(profile), ...extra },
    }),
  );
};

export const readAccountProfile = async (db: DynamoDBDocumentClient, tableName: string, sub: string) => {
  const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: accountKey(sub) }));
  return Item ? accountProfileSchema.parse(Item) : undefined;
};

export interface PrincipalDirectory {
  /** The principal with its name and identifiers from its profile (as the token gave it when there is none). */
  complete(principal: Principal): Promise<Principal>;
}

export const tablePrincipalDirectory = (
  db: () => DynamoDBDocumentClient,
  tableName: () => string,
  options: { ttlMs?: number; now?: () => number; maxEntries?: number } = {},
): PrincipalDirectory => {
  const ttlMs = options.ttlMs ?? 60_000;
  const now = options.now ?? Date.now;
  const maxEntries = options.maxEntries ?? 1000;
  const cache = new Map<string, { at: number; profile: Promise<AccountProfile | undefined> }>();
  const profileOf = (sub: string) => {
    const hit = cache.get(sub);
    if (hit && now() - hit.at < ttlMs) return hit.profile;
    if (cache.size >= maxEntries) cache.delete(cache.keys().next().value!);
    const profile = readAccountProfile(db(), tableName(), sub);
    cache.set(sub, { at: now(), profile });
    profile.catch(() => cache.delete(sub));
    return profile;
  };
  return {
    complete: async (principal) => {
      const profile = await profileOf(principal.sub);
      if (!profile) return principal;
      const identity = profile.identity;
      const completed: Principal = { ...principal, name: profile.name };
      if (identity?.kind === 'person') completed.idNumber = identity.idNumber;
      if (identity?.kind === 'legal') completed.creditCode = identity.creditCode;
      return completed;
    },
  };
};
