// Staff grants for the demo identities the tests sign in with (their tokens carry a department, but the
// notifier finds staff through the grant journal, as it does for accounts an administrator granted). A dev
// token writes its account's profile afresh, so the tokens are minted first and the grants recorded after.
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../../functions/lib/dynamo.ts';
import { grantJournal } from '../../functions/lib/grants.ts';
import { accountKey } from '../../functions/lib/principals.ts';
import { demoUsers } from '../../infra/local/demo-users.ts';
import { names } from '../../infra/naming.ts';
import { type StaffRole, staffRoleSchema } from '../../shared/staff-grants.ts';
import type { DemoUser, TestCloud } from './local-cloud.ts';

export interface StaffAccount {
  sub: string;
  name: string;
  role: string;
  department: string;
}

/** Each account's profile (when it has none yet) and a grant of its role in its department. */
export const grantStaff = async (jurisdictionId: string, accounts: readonly StaffAccount[]) => {
  const table = names(jurisdictionId).table;
  const journal = grantJournal(dynamo(), table);
  for (const account of accounts) {
    await dynamo()
      .send(
        new PutCommand({
          TableName: table,
          Item: { ...accountKey(account.sub), sub: account.sub, name: account.name },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      )
      .catch((error: { name?: string }) => {
        if (error.name !== 'ConditionalCheckFailedException') throw error;
      });
    const roles: StaffRole[] = [staffRoleSchema.parse(account.role)];
    await journal.record(
      account.sub,
      {
        by: { sub: 'test', name: 'test' },
        action: 'grant',
        department: account.department,
        roles,
        reason: 'staff of the test',
      },
      new Date(),
    );
  }
};

/** The demo identities that act for a department, signed in (their tokens minted) and granted their roles. */
export const grantDemoStaff = async (api: TestCloud, jurisdictionId = 'dinghai') => {
  const staff = (Object.keys(demoUsers) as DemoUser[]).flatMap((key) => {
    const u = demoUsers[key];
    return 'department' in u
      ? [{ key, sub: u.sub, name: u.name, role: u.role, department: u.department }]
      : [];
  });
  for (const s of staff) await api.token(s.key);
  await grantStaff(jurisdictionId, staff);
};
