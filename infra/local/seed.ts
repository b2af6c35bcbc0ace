// Seeds a jurisdiction's local data with the demo catalogue, through the same use-cases the admin API
// runs, once: a restart keeps whatever is there (including the admin's own edits). The demo staff of the
// province's sign-in get their roles the way an administrator grants them (the grant journal), so a new
// user can sign in as a window clerk or a reviewer and work a queue at once.

import { publishSnapshot } from '../../functions/catalogue/search-publisher.ts';
import { createCatalogueStore } from '../../functions/catalogue/store.ts';
import { createCatalogueAdmin } from '../../functions/catalogue-admin/service.ts';
import { clock } from '../../functions/lib/clock.ts';
import { dynamo } from '../../functions/lib/dynamo.ts';
import { grantJournal } from '../../functions/lib/grants.ts';
import { s3 } from '../../functions/lib/s3.ts';
import { dynamoAccountStore } from '../../functions/sign-in/accounts.ts';
import type { Jurisdiction } from '../../shared/jurisdiction.ts';
import { staffRoleSchema } from '../../shared/staff-grants.ts';
import { names } from '../naming.ts';
import { seedCatalogue } from '../seed/catalogue.ts';
import { provinceStaff } from './province-sso.ts';

const seeder = { sub: 'seed', name: '演示数据初始化' };

export const seedJurisdiction = async (jurisdiction: Jurisdiction): Promise<string> =>
  [await seedCatalogueOf(jurisdiction), await seedStaff(jurisdiction)].filter(Boolean).join('; ');

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
    await publishSnapshot(s3(), n.assetBucket, await store.searchDocs());
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
