// One jurisdiction's whole platform: data (table, licence, asset and materials buckets, keys), identity
// (Cognito), the HTTP API with its JWT authorizer, every function of the manifest with exactly the permissions
// its bindings name, the workflow state machines, the domain event bus with the outbox relay and the
// subscriptions' rules and queues (eventing.ts), and the alarms. Nothing here is
// specific to a partition or region, so the same stack deploys to cn-north-1 / cn-northwest-1 as elsewhere.
import { CfnOutput, RemovalPolicy, Stack, type StackProps, Tags } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import {
  type FunctionSpec,
  functionSpecs,
  type StateMachineSpec,
  stateMachineSpecs,
} from '../functions/manifest.ts';
import type { Jurisdiction } from '../shared/jurisdiction.ts';
import { bindFunction } from './constructs/bindings.ts';
import { Eventing } from './constructs/eventing.ts';
import { TenantApi } from './constructs/tenant-api.ts';
import { TenantData } from './constructs/tenant-data.ts';
import { TenantIdentity } from './constructs/tenant-identity.ts';
import { TongbanFunction } from './constructs/tongban-function.ts';
import { Workflows } from './constructs/workflows.ts';
import { names } from './naming.ts';

export interface TenantStackProps extends StackProps {
  jurisdiction: Jurisdiction;
  /** The functions to deploy; the manifest's by default (tests pass their own). */
  functions?: readonly FunctionSpec[];
  /** The state machines to deploy; the manifest's by default. */
  stateMachines?: readonly StateMachineSpec[];
  /** Origins the API allows by CORS; any by default. */
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
    super(scope, id, { ...props, tags: { ...jurisdictionTags(jurisdiction), ...props.tags } });
    for (const [key, value] of Object.entries(jurisdictionTags(jurisdiction))) Tags.of(this).add(key, value);
    const n = names(jurisdiction.id);

    const data = new TenantData(this, 'Data', { jurisdiction });
    const identity = new TenantIdentity(this, 'Identity', { jurisdiction });

    // Domain events (申请已受理, 证照已签发, ...) for subscribers such as notification or data sharing.
    const eventBus = new events.EventBus(this, 'EventBus', { eventBusName: n.eventBus });

    // Alarm notifications are encrypted with a key of their own, because CloudWatch must be allowed to use
    // it; the data key stays out of reach of any service principal.
    const alarmKey = new kms.Key(this, 'AlarmKey', {
      alias: `alias/${n.stack}-alarms`,
      description: `Encrypts the alarm notifications of ${jurisdiction.id}`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    alarmKey.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
      }),
    );
    const alarmTopic = new sns.Topic(this, 'AlarmTopic', {
      topicName: `${n.stack}-alarms`,
      displayName: `tongban ${jurisdiction.id} alarms`,
      masterKey: alarmKey,
      enforceSSL: true,
    });

    const functions = new Map<string, TongbanFunction>();
    for (const spec of props.functions ?? functionSpecs) {
      if (functions.has(spec.name)) throw new Error(`Two functions are named ${spec.name}`);
      functions.set(
        spec.name,
        new TongbanFunction(this, `Fn-${spec.name}`, { spec, jurisdiction, alarmTopic }),
      );
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
        tokenKey: data.tokenKey,
        tokenAlias: data.tokenAlias,
        secretParameterPrefix: names(jurisdiction.id).secretParameterPrefix,
        eventBus,
        stateMachineArns: workflows.stateMachineArns,
      });
    }

    const eventing = new Eventing(this, 'Eventing', {
      jurisdiction,
      eventBus,
      table: data.table,
      specs: props.functions ?? functionSpecs,
      functions,
      alarmTopic,
    });

    const api = new TenantApi(this, 'Api', {
      jurisdiction,
      issuer: identity.issuer,
      audience: identity.client.userPoolClientId,
      functions: [...functions.values()],
      alarmTopic,
      ...(props.corsOrigins ? { corsOrigins: props.corsOrigins } : {}),
    });

    const output = (id: string, value: string, description: string) =>
      new CfnOutput(this, id, { value, description });
    output('ApiUrl', api.url, 'Base URL of the HTTP API');
    output('UserPoolId', identity.userPool.userPoolId, 'Cognito user pool');
    output(
      'UserPoolClientId',
      identity.client.userPoolClientId,
      'App client of the portal and the mobile app',
    );
    output('Issuer', identity.issuer, 'JWT issuer the API trusts');
    output('TableName', data.table.tableName, 'DynamoDB table');
    output('LicenceBucketName', data.licences.bucketName, 'E-licence bucket (object lock)');
    output('AssetBucketName', data.assets.bucketName, 'Asset bucket (search snapshot)');
    output('MaterialBucketName', data.materials.bucketName, "Applicants' uploaded materials (presigned PUT)");
    output('SigningKeyArn', data.sealKey.keyArn, 'Electronic seal (KMS ECC_NIST_P256 signing key)');
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
