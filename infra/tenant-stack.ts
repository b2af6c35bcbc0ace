// One jurisdiction's whole platform: data (table, licence, asset and materials buckets, keys), the HTTP API
// with its JWT authorizer trusting tongban's own OpenID Provider, every function of the manifest with exactly
// the permissions its bindings name, the workflow state machines, the domain event bus with the outbox relay
// and the subscriptions' rules and queues (eventing.ts), the alarms, and the portal on CloudFront
// (tenant-portal.ts) when the jurisdiction has a domain for it or the Region needs none; in a global Region,
// optionally, a Cognito user pool as an upstream sign-in provider. The stack deploys to its jurisdiction's Region, so CDK
// renders it for that partition (aws-cn in cn-north-1 and cn-northwest-1); what the China Regions lack is
// left out there (china.ts lists it).
import { Annotations, CfnOutput, Stack, type StackProps, Tags } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import {
  type FunctionSpec,
  functionSpecs,
  type StateMachineSpec,
  stateMachineSpecs,
} from '../functions/manifest.ts';
import {
  cognitoUpstreamProblem,
  configuredSecrets,
  type Jurisdiction,
  portalConfigProblem,
} from '../shared/jurisdiction.ts';
import { inChina } from './china.ts';
import { acknowledge } from './constructs/acknowledge.ts';
import { bindFunction } from './constructs/bindings.ts';
import { Eventing } from './constructs/eventing.ts';
import { FunctionAlarms } from './constructs/function-alarms.ts';
import { PersonalDataMigration } from './constructs/personal-data-migration.ts';
import { TenantApi } from './constructs/tenant-api.ts';
import { TenantData } from './constructs/tenant-data.ts';
import { TenantIdentity } from './constructs/tenant-identity.ts';
import { TenantPortal } from './constructs/tenant-portal.ts';
import { TongbanFunction } from './constructs/tongban-function.ts';
import { Workflows } from './constructs/workflows.ts';
import { JurisdictionConfigError } from './jurisdictions/index.ts';
import { names } from './naming.ts';

export interface TenantStackProps extends Omit<StackProps, 'env'> {
  /** The tenant; the stack deploys to its `region`. */
  jurisdiction: Jurisdiction;
  /** The account to deploy to; the deploying credentials' when absent. */
  account?: string;
  /** The functions to deploy; the manifest's by default (tests pass their own). */
  functions?: readonly FunctionSpec[];
  /** The state machines to deploy; the manifest's by default. */
  stateMachines?: readonly StateMachineSpec[];
  /** Origins the API allows by CORS; the portal's by default (none when the stack has no portal). */
  corsOrigins?: string[];
}

export const jurisdictionTags = (jurisdiction: Jurisdiction) => ({
  'tongban:jurisdiction': jurisdiction.id,
  'tongban:division-code': jurisdiction.divisionCode,
});

export class TenantStack extends Stack {
  constructor(scope: Construct, id: string, props: TenantStackProps) {
    const { jurisdiction } = props;
    // As stack tags, CloudFormation puts them on every resource that takes tags; rendered into the template
    // as well, they are visible in review and in the tests.
    super(scope, id, {
      ...props,
      env: { account: props.account, region: jurisdiction.region },
      tags: { ...jurisdictionTags(jurisdiction), ...props.tags },
    });
    // Event source mappings take no tags in the China Regions (china.ts).
    const tagging = inChina(this) ? { excludeResourceTypes: ['AWS::Lambda::EventSourceMapping'] } : {};
    for (const [key, value] of Object.entries(jurisdictionTags(jurisdiction)))
      Tags.of(this).add(key, value, tagging);
    const n = names(jurisdiction.id);

    const data = new TenantData(this, 'Data', { jurisdiction });
    const cognito = jurisdiction.cognitoUpstream ? cognitoUpstreamProblem(jurisdiction.region) : undefined;
    if (cognito) throw new JurisdictionConfigError(`${jurisdiction.id}: cognitoUpstream: ${cognito}`);
    const identity = jurisdiction.cognitoUpstream
      ? new TenantIdentity(this, 'Identity', { jurisdiction })
      : undefined;

    // Domain events (申请已受理, 证照已签发, ...) for subscribers such as notification or data sharing.
    const eventBus = new events.EventBus(this, 'EventBus', { eventBusName: n.eventBus });

    // Alarm notifications carry an alarm's name, description, metric and state, never personal or case data.
    // Encrypting them would take a customer-managed key of their own (CloudWatch cannot publish to a topic
    // under the AWS-managed SNS key, and the data key stays out of reach of any service principal): a key a
    // month for nothing the topic's TLS-only policy does not already protect.
    const alarmTopic = new sns.Topic(this, 'AlarmTopic', {
      topicName: `${n.stack}-alarms`,
      displayName: `tongban ${jurisdiction.id} alarms`,
      enforceSSL: true,
    });
    acknowledge(
      alarmTopic,
      'AwsSolutions-SNS2',
      "Alarm notifications carry alarm names, metrics and states only; a key of their own would cost a month's key for no data worth it.",
    );

    new FunctionAlarms(this, 'FunctionAlarms', { prefix: n.stack, alarmTopic });
    const functions = new Map<string, TongbanFunction>();
    for (const spec of props.functions ?? functionSpecs) {
      if (functions.has(spec.name)) throw new Error(`Two functions are named ${spec.name}`);
      functions.set(spec.name, new TongbanFunction(this, `Fn-${spec.name}`, { spec, jurisdiction }));
    }
    const workflows = new Workflows(this, 'Workflows', {
      jurisdiction,
      specs: props.stateMachines ?? stateMachineSpecs,
      functions,
      alarmTopic,
    });
    for (const tf of functions.values()) {
      bindFunction(tf, {
        table: data.table,
        licences: data.licences,
        assets: data.assets,
        materials: data.materials,
        sealKey: data.sealKey,
        sealAlias: data.sealAlias,
        sm2SealKey: data.sm2SealKey,
        sm2SealAlias: data.sm2SealAlias,
        tokenKey: data.tokenKey,
        tokenAlias: data.tokenAlias,
        personalDataKey: data.personalDataKey,
        personalDataAlias: data.personalDataAlias,
        secretParameterPrefix: names(jurisdiction.id).secretParameterPrefix,
        secretNames: configuredSecrets(jurisdiction),
        eventBus,
        stateMachineArns: workflows.stateMachineArns,
        startArns: workflows.startArns,
      });
    }

    // Personal data stored before it was sealed is sealed on every deploy (when the stack has the function).
    const migration = functions.get('personal-data-migration');
    if (migration)
      new PersonalDataMigration(this, 'PersonalDataMigration', {
        migration,
        jurisdictionId: jurisdiction.id,
      });

    const eventing = new Eventing(this, 'Eventing', {
      jurisdiction,
      eventBus,
      table: data.table,
      specs: props.functions ?? functionSpecs,
      functions,
      alarmTopic,
    });

    // The portal: on the jurisdiction's domain, or in a global Region on the distribution's own name. CloudFront
    // in China serves no content without an ICP-filed domain, so a China stack without one has no portal.
    const portalProblem =
      jurisdiction.portal && portalConfigProblem(jurisdiction.region, jurisdiction.portal);
    if (portalProblem)
      throw new JurisdictionConfigError(
        `${jurisdiction.id}: portal.${portalProblem[0]}: ${portalProblem[1]}`,
      );
    const portal =
      jurisdiction.portal || !inChina(this)
        ? new TenantPortal(this, 'Portal', { jurisdiction, accessLogs: data.accessLogs })
        : undefined;
    if (!portal) {
      Annotations.of(this).addInfo(
        `${jurisdiction.id}: no portal deployed: CloudFront in ${jurisdiction.region} needs an ICP-filed domain; set portal.domainName and portal.iamCertificateId in the config`,
      );
    }

    // On the jurisdiction's domain the API allows that origin alone. On the distribution's own name (global
    // Regions only: a China portal needs its ICP-filed domain) the distribution's pages come from the API,
    // so the API cannot name the distribution in turn: it allows any origin. Its callers prove themselves
    // with bearer tokens, never cookies, which a cross-origin page cannot borrow.
    const portalCorsOrigin = jurisdiction.portal ? (portal?.origin ?? '') : '*';
    const api = new TenantApi(this, 'Api', {
      jurisdiction,
      functions: [...functions.values()],
      alarmTopic,
      corsOrigins: props.corsOrigins ?? (portal ? [portalCorsOrigin] : []),
    });
    // The portal calls the API at its public address when it has one, and uploads to the materials bucket.
    const apiOrigin = jurisdiction.publicUrl ?? api.url;
    portal?.serveApi(apiOrigin, api.url, [`https://${data.materials.bucketRegionalDomainName}`]);
    // The pages name the API's origin for the portal's script.
    if (portal) functions.get('pages')?.setVariable('API_ORIGIN', apiOrigin);

    const output = (id: string, value: string, description: string) =>
      new CfnOutput(this, id, { value, description });
    output('ApiUrl', api.url, 'Base URL of the HTTP API');
    output('Issuer', api.issuer, "JWT issuer the API trusts: tongban's OpenID Provider");
    output('Audience', api.audience, 'Audience of the access tokens the API accepts');
    if (identity) {
      output('UserPoolId', identity.userPool.userPoolId, 'Cognito user pool (an upstream sign-in provider)');
      output('UserPoolClientId', identity.client.userPoolClientId, 'App client of the Cognito user pool');
      output('UserPoolIssuer', identity.issuer, 'Issuer of the Cognito user pool, as an upstream provider');
    }
    if (portal) {
      output('PortalUrl', portal.origin, "The portal's address");
      output(
        'PortalDistributionId',
        portal.distribution.distributionId,
        "The portal's CloudFront distribution",
      );
      output('PortalBucketName', portal.bucket.bucketName, "The portal's built files");
    }
    output('TableName', data.table.tableName, 'DynamoDB table');
    output('LicenceBucketName', data.licences.bucketName, 'E-licence bucket (object lock)');
    output('AssetBucketName', data.assets.bucketName, 'Asset bucket (search snapshot)');
    output('MaterialBucketName', data.materials.bucketName, "Applicants' uploaded materials (presigned PUT)");
    output('SigningKeyArn', data.sealKey.keyArn, 'Electronic seal (KMS ECC_NIST_P256 signing key)');
    if (data.sm2SealKey)
      output(
        'Sm2SigningKeyArn',
        data.sm2SealKey.keyArn,
        'Electronic seal of OFD licences (KMS SM2 signing key)',
      );
    output('EventBusName', eventBus.eventBusName, 'Domain event bus');
    output(
      'UndeliveredEventsQueueUrl',
      eventing.undelivered.queueUrl,
      'Events a subscriber could not handle within a day (redrive them once the cause is fixed)',
    );
    output(
      'RelayFailuresQueueUrl',
      eventing.relayFailures.queueUrl,
      'Stream positions the event relay could not put on the bus (replay their outbox items)',
    );
    output('AlarmTopicArn', alarmTopic.topicArn, 'Subscribe the on-call address to receive alarms');
  }
}
