// The CDK app: one tenant stack per jurisdiction config (or only `-c jurisdiction=<id>`), checked by
// cdk-nag's AwsSolutions pack. A bad config file stops synth with the file and field named.
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { JurisdictionConfigError, loadAllJurisdictions, loadJurisdiction } from './jurisdictions/index.ts';
import { names } from './naming.ts';
import { TenantStack } from './tenant-stack.ts';

export const buildApp = (app = new App()) => {
  const only = app.node.tryGetContext('jurisdiction') as string | undefined;
  const jurisdictions = only ? [loadJurisdiction(only)] : loadAllJurisdictions();
  for (const jurisdiction of jurisdictions) {
    new TenantStack(app, names(jurisdiction.id).stack, {
      jurisdiction,
      description: `tongban 一网通办 for ${jurisdiction.name.zh} (${jurisdiction.name.en})`,
    });
  }
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return app;
};

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop() ?? '')) {
  try {
    buildApp().synth();
  } catch (error) {
    if (error instanceof JurisdictionConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}
