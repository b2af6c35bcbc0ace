// Seeds a jurisdiction's local data with the demo catalogue, through the same use-cases the admin API
// runs, once: a restart keeps whatever is there (including the admin's own edits).

import { publishSnapshot } from '../../functions/catalogue/search-publisher.ts';
import { createCatalogueStore } from '../../functions/catalogue/store.ts';
import { createCatalogueAdmin } from '../../functions/catalogue-admin/service.ts';
import { clock } from '../../functions/lib/clock.ts';
import { dynamo } from '../../functions/lib/dynamo.ts';
import { s3 } from '../../functions/lib/s3.ts';
import type { Jurisdiction } from '../../shared/jurisdiction.ts';
import { names } from '../naming.ts';
import { seedCatalogue } from '../seed/catalogue.ts';

const seeder = { sub: 'seed', name: '目录初始化' };

export const seedJurisdiction = async (jurisdiction: Jurisdiction): Promise<string> => {
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
