// The CDK app: one tenant stack per jurisdiction config file, or only the one named by
// `-c jurisdiction=<id>`, all checked by cdk-nag's AwsSolutions pack. Stacks are environment-agnostic (the
// account and region come from the deploying credentials), so synth needs no AWS account. A bad config file
// stops synth with the file and field named, not a stack trace.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
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

export const buildApp = (app = new App()) => {
  for (const jurisdiction of selectedJurisdictions(app)) {
    new TenantStack(app, names(jurisdiction.id).stack, {
      jurisdiction,
      description: `tongban 一网通办 of ${jurisdiction.name.zh} (${jurisdiction.name.en}, ${jurisdiction.divisionCode})`,
    });
  }
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
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
