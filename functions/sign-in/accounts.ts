// Accounts: tongban's opaque subject for each upstream account, and the verified identity behind it as the
// national platform defines it — a natural person (name, ID number, verified mobile) or a legal person
// (credit code, name, and the person acting with their authority) — with the assurance level the upstream
// vouched for at the latest sign-in. The identity stays here, server-side; tokens carry only the subject.
import { randomBytes } from 'node:crypto';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { AssuranceLevel, Role, VerifiedIdentity } from '../../shared/identity.ts';
import type { IdentityConfig } from '../../shared/jurisdiction.ts';
import { staffRoleSchema } from '../../shared/staff-grants.ts';
import { grantJournal } from '../lib/grants.ts';
import {
  type AccountProfile,
  accountKey,
  accountProfileSchema,
  readAccountProfile,
} from '../lib/principals.ts';
import { upstreamSubjectKey } from './keys.ts';

export interface Account {
  sub: string;
  roles: Role[];
  department?: string;
  level: AssuranceLevel;
}

/** People sign in for themselves, legal persons through the person acting for them. */
const rolesOf = (identity: VerifiedIdentity): Role[] => [
  identity.kind === 'person' ? 'citizen' : 'enterprise',
];

const newSubject = () => randomBytes(16).toString('base64url');

export interface AccountStore {
  /** The subject of an upstream account (made on its first sign-in) with its identity as verified now. */
  signIn(provider: string, identity: VerifiedIdentity, at: Date): Promise<Account>;
  find(sub: string): Promise<Account | undefined>;
}

const staffSchema = z.object({ department: z.string(), roles: z.array(staffRoleSchema).min(1) });

export const dynamoAccountStore = (
  db: DynamoDBDocumentClient,
  tableName: string,
  options: { firstAdministrator?: IdentityConfig['firstAdministrator'] } = {},
): AccountStore => {
  const grants = grantJournal(db, tableName);
  const subjectOf = async (provider: string, upstreamId: string) => {
    const key = upstreamSubjectKey(provider, upstreamId);
    const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }));
    if (typeof Item?.sub === 'string') return Item.sub;
    const sub = newSubject();
    try {
      await db.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...key, sub },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return sub;
    } catch (error) {
      // A concurrent first sign-in of the same account made the subject: use theirs.
      if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
      const again = await db.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }));
      return z.string().parse(again.Item?.sub);
    }
  };

  const accountOf = (profile: AccountProfile): Account => {
    const staff = staffSchema.safeParse(profile.staff);
    // Granted staff roles come first: a token's first known role is the one the API acts on.
    const roles = [...(staff.success ? staff.data.roles : []), ...profile.roles];
    const department = staff.success ? staff.data.department : profile.department;
    return {
      sub: profile.sub,
      roles,
      level: profile.identity?.level ?? 'L1',
      ...(department ? { department } : {}),
    };
  };

  return {
    signIn: async (provider, identity, at) => {
      const sub = await subjectOf(provider, identity.upstreamId);
      // The identity as verified now; staff grants on the profile stay as they are.
      const { Attributes } = await db.send(
        new UpdateCommand({
          TableName: tableName,
          Key: accountKey(sub),
          UpdateExpression:
            'SET #sub = :sub, #roles = :roles, #name = :name, #identity = :identity, #provider = :provider, #updatedAt = :at',
          ExpressionAttributeNames: {
            '#sub': 'sub',
            '#roles': 'roles',
            '#name': 'name',
            '#identity': 'identity',
            '#provider': 'provider',
            '#updatedAt': 'updatedAt',
          },
          ExpressionAttributeValues: {
            ':sub': sub,
            ':roles': rolesOf(identity),
            ':name': identity.name,
            ':identity': identity,
            ':provider': provider,
            ':at': at.toISOString(),
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      const first = options.firstAdministrator;
      if (
        first &&
        first.provider === provider &&
        first.upstreamId === identity.upstreamId &&
        Attributes?.grantHead === undefined
      ) {
        // The jurisdiction's first administrator, named in its config, is granted at their first sign-in.
        await grants
          .record(
            sub,
            {
              by: { sub: 'deployment', name: 'jurisdiction config (identity.firstAdministrator)' },
              action: 'grant',
              department: first.department,
              roles: ['admin'],
              reason: 'First administrator named in the jurisdiction config at deployment',
            },
            at,
          )
          .catch((error: { code?: string }) => {
            if (error.code !== 'CONFLICT') throw error;
          });
        return (await findAccount(sub))!;
      }
      return accountOf(accountProfileSchema.parse(Attributes));
    },
    find: (sub) => findAccount(sub),
  };

  async function findAccount(sub: string) {
    const profile = await readAccountProfile(db, tableName, sub);
    return profile ? accountOf(profile) : undefined;
  }
};
