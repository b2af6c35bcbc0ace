// The CDK app: one tenant stack per jurisdiction config file, or only the one named by
// `-c jurisdiction=<id>`, all checked by cdk-nag's AwsSolutions pack and, in the China Regions, against what
// those Regions lack (china.ts). Each stack deploys to its config's Region (`-c region=<region>` moves every
// selected stack elsewhere, e.g. to a global Region for a demo); the account comes from the deploying
// credentials, so synth needs no AWS account. A bad config file or context value stops synth with the file
// and field named, not a stack trace.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { type Jurisdiction, jurisdictionSchema } from '../shared/jurisdiction.ts';
import { ChinaChecks } from './china.ts';
import { JurisdictionConfigError, loadAllJurisdictions, loadJurisdiction } from './jurisdictions/index.ts';
import { names } from './naming.ts';
import { TenantStack } from './tenant-stack.ts';

/** The jurisdictions to synthesize: the one from context `jurisdiction`, or all of them. */
const selectedJurisdictions = (app: App) => {
  const only: unknown = app.node.tryGetContext('jurisdiction');
  if (only === undefined) return loadAllJurisdictions();
  if (typeof only !== 'string' || only.trim() === '') {
    throw new JurisdictionConfigError(
      'Context jurisdiction must be a jurisdiction id, e.g. -c jurisdiction=dinghai',
    );
  }
  return [loadJurisdiction(only.trim())];
};

/**
 * The jurisdiction in the Region of context `region` when given, checked again as a whole: a Region may
 * rule out what the file asks for (a Cognito user pool in China).
 */
const inContextRegion = (app: App, jurisdiction: Jurisdiction): Jurisdiction => {
  const region: unknown = app.node.tryGetContext('region');
  if (region === undefined) return jurisdiction;
  const result = jurisdictionSchema.safeParse({ ...jurisdiction, region });
  if (result.success) return result.data;
  const lines = result.error.issues.map(
    (i) => `-c region=${String(region)}: ${jurisdiction.id}: ${i.path.join('.')}: ${i.message}`,
  );
  throw new JurisdictionConfigError(lines.join('\n'));
};

export const buildApp = (app = new App()) => {
  for (const jurisdiction of selectedJurisdictions(app).map((j) => inContextRegion(app, j))) {
    new TenantStack(app, names(jurisdiction.id).stack, {
      jurisdiction,
      account: process.env.CDK_DEFAULT_ACCOUNT,
      description: `tongban 一网通办 of ${jurisdiction.name.zh} (${jurisdiction.name.en}, ${jurisdiction.divisionCode})`,
    });
  }
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ChinaChecks());
  return app;
};

const isMain = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  try {
    buildApp().synth();
  } catch (error) {
    // Config mistakes are the operator's to fix: the message says where; a stack trace would bury it.
    if (error instanceof JurisdictionConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}
