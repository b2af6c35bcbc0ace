// `npm run migrate:personal-data -- --jurisdiction <id>`: seals the personal data of the cases a
// jurisdiction stored before it was sealed (functions/cases/personal-data-migration.ts), in the account and
// Region of the AWS credentials in the environment, with the table and personal-data key the stack names.
// Safe to run again at any time: rows already sealed are left alone. `npm start` runs the same on the
// local cloud's kept data.

import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createItemSource } from '../functions/cases/items.ts';
import { sealKeptCases } from '../functions/cases/personal-data-migration.ts';
import { createCaseSealing } from '../functions/cases/sealing.ts';
import { createCaseStore } from '../functions/cases/store.ts';
import { createCatalogueStore } from '../functions/catalogue/store.ts';
import { dynamo } from '../functions/lib/dynamo.ts';
import { kms } from '../functions/lib/kms.ts';
import { createPersonalData } from '../functions/lib/personal-data.ts';
import { names } from './naming.ts';

/** Seals the cases of `jurisdictionId` still holding personal data in clear; what it found and did. */
export const migratePersonalData = (jurisdictionId: string) => {
  const n = names(jurisdictionId);
  const db = dynamo();
  return sealKeptCases({
    db,
    table: n.table,
    store: createCaseStore(db, n.table),
    items: createItemSource(createCatalogueStore(db, n.table)),
    sealing: createCaseSealing(
      createPersonalData({ kms: kms(), db, keyId: n.personalDataKeyAlias, table: n.table }),
      n.table,
    ),
  });
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({ options: { jurisdiction: { type: 'string' } } });
  if (!values.jurisdiction) {
    console.error('Usage: npm run migrate:personal-data -- --jurisdiction <id>');
    process.exit(1);
  }
  const report = await migratePersonalData(values.jurisdiction);
  console.log(
    `${values.jurisdiction}: ${report.cases} cases read, ${report.sealed} sealed now, ${report.retried} read again after a concurrent change`,
  );
}
