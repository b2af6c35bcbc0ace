// `npm run migrate:personal-data -- --jurisdiction <id>`: seals the personal data a jurisdiction stored
// before it was sealed (functions/personal-data-migration/migration.ts: cases, licences), in the account
// and Region of the AWS credentials in the environment, with the table and personal-data key the stack
// names. Safe to run again at any time: rows already sealed are left alone. Each deploy runs the same in
// the stack (its custom resource), and `npm start` on the local cloud's kept data.

import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { dynamo } from '../functions/lib/dynamo.ts';
import { kms } from '../functions/lib/kms.ts';
import { createPersonalData } from '../functions/lib/personal-data.ts';
import {
  createPersonalDataMigration,
  migrationSteps,
} from '../functions/personal-data-migration/migration.ts';
import { names } from './naming.ts';

/** Seals the rows of `jurisdictionId` still holding personal data in clear; what it found and did, by kind. */
export const migratePersonalData = async (jurisdictionId: string) => {
  const n = names(jurisdictionId);
  const db = dynamo();
  const migration = createPersonalDataMigration({
    db,
    table: n.table,
    personal: createPersonalData({ kms: kms(), db, keyId: n.personalDataKeyAlias, table: n.table }),
  });
  return (await migration.run()).report;
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({ options: { jurisdiction: { type: 'string' } } });
  if (!values.jurisdiction) {
    console.error('Usage: npm run migrate:personal-data -- --jurisdiction <id>');
    process.exit(1);
  }
  const report = await migratePersonalData(values.jurisdiction);
  for (const step of migrationSteps) {
    const r = report[step];
    if (r)
      console.log(
        `${values.jurisdiction} ${step}: ${r.read} read, ${r.sealed} sealed now, ${r.retried} read again after a concurrent change`,
      );
  }
}
