// Seeds a jurisdiction's local data with the demo catalogue, through the same use-cases the admin API
// runs, once: a restart keeps whatever is there (including the admin's own edits). The demo staff of the
// province's sign-in get their roles the way an administrator grants them (the grant journal), so a new
// user can sign in as a window clerk or a reviewer and work a queue at once.

import { ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { allItemsIndex } from '../../functions/catalogue/keys.ts';
import { publishCatalogueSnapshots } from '../../functions/catalogue/search-publisher.ts';
import { createCatalogueStore } from '../../functions/catalogue/store.ts';
import { createCatalogueAdmin } from '../../functions/catalogue-admin/service.ts';
import { clock } from '../../functions/lib/clock.ts';
import { dynamo } from '../../functions/lib/dynamo.ts';
import { grantJournal, staffIndex } from '../../functions/lib/grants.ts';
import { s3 } from '../../functions/lib/s3.ts';
import { dynamoAccountStore } from '../../functions/sign-in/accounts.ts';
import type { Jurisdiction } from '../../shared/jurisdiction.ts';
import { staffRoleSchema } from '../../shared/staff-grants.ts';
import { migratePersonalData } from '../migrate-personal-data.ts';
import { names } from '../naming.ts';
import { seedCatalogue } from '../seed/catalogue.ts';
import { provinceStaff } from './province-sso.ts';

const seeder = { sub: 'seed', name: '演示数据初始化' };

export const seedJurisdiction = async (jurisdiction: Jurisdiction): Promise<string> =>
  [
    await indexKeptData(jurisdiction),
    await sealKeptPersonalData(jurisdiction),
    await seedCatalogueOf(jurisdiction),
    await seedStaff(jurisdiction),
  ]
    .filter(Boolean)
    .join('; ');

/** Rows kept from before personal data was sealed are sealed now (the migration each deploy runs in AWS). */
const sealKeptPersonalData = async (jurisdiction: Jurisdiction): Promise<string> => {
  const report = await migratePersonalData(jurisdiction.id);
  return Object.entries(report)
    .filter(([, r]) => r.sealed > 0)
    .map(([kind, r]) => `${r.sealed} of ${r.read} kept ${kind} sealed`)
    .join('; ');
};

/**
 * Local data kept from before an index existed: every item head joins the administrators' list of all
 * items (gsi3 ITEMS), every account holding a grant the list of staff (gsi1 STAFF), as writes do now.
 */
const indexKeptData = async (jurisdiction: Jurisdiction): Promise<string> => {
  const table = names(jurisdiction.id).table;
  let indexed = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(
      new ScanCommand({
        TableName: table,
        FilterExpression:
          '(begins_with(pk, :item) AND sk = :head AND attribute_not_exists(gsi3pk)) OR (begins_with(pk, :account) AND attribute_exists(staff) AND attribute_not_exists(gsi1pk))',
        ExpressionAttributeValues: { ':item': 'ITEM#', ':head': 'HEAD', ':account': 'ACCOUNT#' },
        ExclusiveStartKey: start,
      }),
    );
    for (const row of page.Items ?? []) {
      const item = String(row.pk).startsWith('ITEM#');
      await dynamo().send(
        new UpdateCommand({
          TableName: table,
          Key: { pk: row.pk, sk: row.sk },
          UpdateExpression: item ? 'SET gsi3pk = :pk, gsi3sk = :sk' : 'SET gsi1pk = :pk, gsi1sk = :sk',
          ExpressionAttributeValues: item
            ? { ':pk': allItemsIndex.pk, ':sk': row.code }
            : { ':pk': staffIndex.pk, ':sk': row.sub },
        }),
      );
      indexed++;
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return indexed ? `${indexed} kept rows indexed` : '';
};

/** The demo staff's accounts under the province's sign-in, each granted its role once. */
export const seedStaff = async (jurisdiction: Jurisdiction): Promise<string> => {
  const provider = jurisdiction.identity?.providers.find((p) => p.kind === 'ticket');
  if (!provider) return '';
  const n = names(jurisdiction.id);
  const accounts = dynamoAccountStore(dynamo(), n.table);
  const grants = grantJournal(dynamo(), n.table);
  const granted: string[] = [];
  for (const staff of provinceStaff()) {
    const account = await accounts.signIn(provider.id, staff.identity, clock.now());
    if (account.roles.includes(staff.role)) continue;
    await grants.record(
      account.sub,
      {
        by: seeder,
        action: 'grant',
        department: staff.department,
        roles: [staffRoleSchema.parse(staff.role)],
        reason: 'Demo staff of the seeded jurisdiction',
      },
      clock.now(),
    );
    granted.push(staff.key);
  }
  return granted.length ? `demo staff granted: ${granted.join(', ')}` : '';
};

const seedCatalogueOf = async (jurisdiction: Jurisdiction): Promise<string> => {
  const n = names(jurisdiction.id);
  const store = createCatalogueStore(dynamo(), n.table);
  const { items, topics, bundles } = seedCatalogue(jurisdiction);
  if (await store.getHead(items[0]!.implementationCode)) return 'catalogue already present (kept)';
  const refreshSearch = async () => {
    await publishCatalogueSnapshots(s3(), n.assetBucket, store);
  };
  const admin = createCatalogueAdmin({
    store,
    clock,
    departments: new Set(jurisdiction.departments.map((d) => d.code)),
    refreshSearch,
  });
  for (const topic of topics) await store.putTopic(topic);
  for (const bundle of bundles) await store.putBundle(bundle);
  const result = await admin.importRows(
    items.map((value, i) => ({ row: i + 1, value })),
    seeder,
    { atomic: true, publishRows: true },
  );
  return `catalogue of ${result.landed} published items, ${topics.length} topics, ${bundles.length} bundles`;
};
