// Accounts: tongban's opaque subject for each upstream account, and the verified identity behind it as the
// national platform defines it — a natural person (name, ID number, verified mobile) or a legal person
// (credit code, name, and the person acting with their authority) — with the assurance level the upstream
// vouched for at the latest sign-in. The identity stays here, server-side; tokens carry only the subject.
import { randomBytes } from 'node:crypto';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { AssuranceLevel, Role, VerifiedIdentity } from '../../shared/identity.ts';
import { putAccountProfile, readAccountProfile } from '../lib/principals.ts';
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

export const dynamoAccountStore = (db: DynamoDBDocumentClient, tableName: string): AccountStore => {
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

  return {
    signIn: async (provider, identity, at) => {
      const sub = await subjectOf(provider, identity.upstreamId);
      const roles = rolesOf(identity);
      await putAccountProfile(
        db,
        tableName,
        { sub, roles, name: identity.name, identity, updatedAt: at.toISOString() },
        { provider },
      );
      return { sub, roles, level: identity.level };
    },
    find: async (sub) => {
      const profile = await readAccountProfile(db, tableName, sub);
      if (!profile) return undefined;
      return {
        sub: profile.sub,
        roles: profile.roles,
        level: profile.identity?.level ?? 'L1',
        ...(profile.department ? { department: profile.department } : {}),
      };
    },
  };
};
