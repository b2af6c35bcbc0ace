// A binding in the manifest becomes the environment variable *and* the IAM grant, made here in one call so
// the two cannot drift. Grants are as narrow as the binding's name: read bindings never write, write
// bindings never delete, the seal binding may sign and read the public key and nothing else.

import { Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import {
  type Binding,
  functionEnvironment,
  type ResourceVariable,
  type StartBinding,
} from '../../functions/manifest.ts';
import { acknowledge, nagArnRef, nagStringRef } from './acknowledge.ts';
import type { TongbanFunction } from './tongban-function.ts';

export interface BindableResources {
  table: dynamodb.Table;
  licences: s3.Bucket;
  assets: s3.Bucket;
  materials: s3.Bucket;
  sealKey: kms.Key;
  sealAlias: kms.Alias;
  /** Only in the China Regions (KMS has no SM2 keys elsewhere). */
  sm2SealKey?: kms.Key;
  sm2SealAlias?: kms.Alias;
  tokenKey: kms.Key;
  tokenAlias: kms.Alias;
  personalDataKey: kms.Key;
  personalDataAlias: kms.Alias;
  /** Where the deployment's secrets are kept (SSM parameter names start with it). */
  secretParameterPrefix: string;
  /** The secrets the config names: the identity providers' and the SMS provider's. */
  secretNames: {
    identity: readonly string[];
    messaging: readonly string[];
    courier: readonly string[];
    payment: readonly string[];
  };
  eventBus: events.EventBus;
  /** ARNs of the state machines (built from their names, see Workflows). */
  stateMachineArns: readonly string[];
  /** The same, by the binding that starts each one's executions. */
  startArns: Readonly<Record<StartBinding, readonly string[]>>;
}

/** The one state machine a start binding refers to (a machine names its start binding in the manifest). */
const theStateMachine = (tf: TongbanFunction, binding: StartBinding, arns: readonly string[]) => {
  const [only, ...others] = arns;
  if (!only || others.length > 0) {
    throw new Error(
      `Function ${tf.spec.name} binds ${binding}, which needs exactly one state machine in the manifest ` +
        `started by it (found ${arns.length}); with several, the binding must say which.`,
    );
  }
  return only;
};

/** StartExecution on the binding's machine, StopExecution on its executions, nothing else. */
const startGrant = (binding: StartBinding) => (tf: TongbanFunction, r: BindableResources) => {
  const arn = theStateMachine(tf, binding, r.startArns[binding]);
  tf.role.addToPrincipalPolicy(
    new iam.PolicyStatement({ actions: ['states:StartExecution'], resources: [arn] }),
  );
  // A withdrawn case stops its own review: the executions of this one machine, nothing else.
  const executions = `${arn.replace(':stateMachine:', ':execution:')}:*`;
  tf.role.addToPrincipalPolicy(
    new iam.PolicyStatement({ actions: ['states:StopExecution'], resources: [executions] }),
  );
  acknowledge(
    tf.role,
    `AwsSolutions-IAM5[Resource::${nagStringRef(tf.role, executions)}]`,
    'Stops executions of this one state machine of the jurisdiction only (executions are named by case or ticket number).',
  );
};

const bucketRead = (tf: TongbanFunction, bucket: s3.Bucket) => {
  tf.role.addToPrincipalPolicy(
    new iam.PolicyStatement({ actions: ['s3:GetObject*'], resources: [bucket.arnForObjects('*')] }),
  );
  // Listing makes a missing key a 404 rather than a 403, which readers rely on.
  tf.role.addToPrincipalPolicy(
    new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucket.bucketArn] }),
  );
  bucket.encryptionKey?.grant(tf.role, 'kms:Decrypt');
  acknowledge(
    tf.role,
    'AwsSolutions-IAM5[Action::s3:GetObject*]',
    's3:GetObject* only reads objects and their metadata (versions, attributes, tags, retention), in this one bucket.',
  );
  acknowledge(
    tf.role,
    `AwsSolutions-IAM5[Resource::${nagArnRef(bucket)}/*]`,
    "Objects of this one bucket of this jurisdiction; keys are the application's to choose.",
  );
};

// No delete, no retention or legal-hold changes: on the licence bucket those belong to privileged operators.
const bucketWrite = (tf: TongbanFunction, bucket: s3.Bucket) => {
  bucketRead(tf, bucket);
  tf.role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: ['s3:PutObject', 's3:AbortMultipartUpload'],
      resources: [bucket.arnForObjects('*')],
    }),
  );
  bucket.encryptionKey?.grant(tf.role, 'kms:GenerateDataKey');
};

// DynamoDB's own read and read/write grants: the item-level actions the repositories use, on the table and
// its indexes; the KMS actions are those DynamoDB needs for the table's customer-managed key.
const tableGrant = (tf: TongbanFunction, table: dynamodb.Table, write: boolean) => {
  if (write) {
    table.grantReadWriteData(tf.role);
    acknowledge(
      tf.role,
      'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
      "DynamoDB's write grant: data keys of this jurisdiction's data key only.",
    );
    acknowledge(
      tf.role,
      'AwsSolutions-IAM5[Action::kms:ReEncrypt*]',
      "DynamoDB's write grant: re-encryption under this jurisdiction's data key only.",
    );
  } else {
    table.grantReadData(tf.role);
  }
  acknowledge(
    tf.role,
    `AwsSolutions-IAM5[Resource::${nagArnRef(table)}/index/*]`,
    "Queries on the secondary indexes of this jurisdiction's own table.",
  );
};

const secretRead = (tf: TongbanFunction, r: BindableResources, names: readonly string[]) => {
  if (names.length === 0) return;
  tf.role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: ['ssm:GetParameter'],
      resources: names.map((name) =>
        Stack.of(tf).formatArn({
          service: 'ssm',
          resource: 'parameter',
          resourceName: `${r.secretParameterPrefix.replace(/^\//, '')}${name}`,
        }),
      ),
    }),
  );
};

/**
 * The personal-data key, narrowed by the encryption context (functions/lib/personal-data.ts sets it): every
 * sealing function may make field data keys and make and read the blind-index secret; only an opening
 * function may decrypt a field's data key. No other operation, no other context.
 */
const personalDataGrant = (tf: TongbanFunction, r: BindableResources, open: boolean) => {
  const purpose = (value: string) => ({
    StringEquals: {
      'kms:EncryptionContext:purpose': value,
      'kms:EncryptionContext:table': r.table.tableName,
    },
  });
  tf.role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: ['kms:GenerateDataKey'],
      resources: [r.personalDataKey.keyArn],
      conditions: purpose('personal-data'),
    }),
  );
  tf.role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: ['kms:GenerateDataKeyWithoutPlaintext', 'kms:Decrypt'],
      resources: [r.personalDataKey.keyArn],
      conditions: purpose('blind-index'),
    }),
  );
  if (open)
    tf.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['kms:Decrypt'],
        resources: [r.personalDataKey.keyArn],
        conditions: purpose('personal-data'),
      }),
    );
};

const grants: Record<Binding, (tf: TongbanFunction, r: BindableResources) => void> = {
  'table:read': (tf, r) => tableGrant(tf, r.table, false),
  'table:write': (tf, r) => tableGrant(tf, r.table, true),
  'licences:read': (tf, r) => bucketRead(tf, r.licences),
  'licences:write': (tf, r) => bucketWrite(tf, r.licences),
  'assets:read': (tf, r) => bucketRead(tf, r.assets),
  'assets:write': (tf, r) => bucketWrite(tf, r.assets),
  'materials:read': (tf, r) => bucketRead(tf, r.materials),
  'materials:write': (tf, r) => bucketWrite(tf, r.materials),
  'seal:sign': (tf, r) => {
    r.sealKey.grant(tf.role, 'kms:Sign', 'kms:GetPublicKey');
  },
  // The SM2 seal key: sign (OFD seals, certificate requests) and read the public key; nothing else.
  'sm2-seal:sign': (tf, r) => {
    r.sm2SealKey?.grant(tf.role, 'kms:Sign', 'kms:GetPublicKey');
  },
  // The token key: sign, and read the public key for the JWKS; nothing else.
  'tokens:sign': (tf, r) => {
    r.tokenKey.grant(tf.role, 'kms:Sign', 'kms:GetPublicKey');
  },
  'personal-data:seal': (tf, r) => personalDataGrant(tf, r, false),
  'personal-data:open': (tf, r) => personalDataGrant(tf, r, true),
  // Reading secrets: GetParameter on exactly the parameters the config names for that use.
  'identity:secrets': (tf, r) => secretRead(tf, r, r.secretNames.identity),
  'messaging:secrets': (tf, r) => secretRead(tf, r, r.secretNames.messaging),
  'courier:secrets': (tf, r) => secretRead(tf, r, r.secretNames.courier),
  'payment:secrets': (tf, r) => secretRead(tf, r, r.secretNames.payment),
  'events:put': (tf, r) => {
    r.eventBus.grantPutEventsTo(tf.role);
  },
  // Reading the table's stream (and decrypting its records with the data key); the event source mapping
  // that feeds the function is made from its `tableStream` (see eventing.ts). Not `grantStreamRead`, which
  // puts ListStreams on "*" into the role's policy beside the other grants.
  'stream:read': (tf, r) => {
    tf.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'],
        resources: [r.table.tableStreamArn!],
      }),
    );
    r.table.encryptionKey?.grant(tf.role, 'kms:Decrypt');
    const listing = new iam.Policy(tf, 'StreamListingPolicy', {
      roles: [tf.role],
      statements: [new iam.PolicyStatement({ actions: ['dynamodb:ListStreams'], resources: ['*'] })],
    });
    acknowledge(
      listing,
      'AwsSolutions-IAM5[Resource::*]',
      'dynamodb:ListStreams supports no resource-level permissions; the stream read itself is on this table only.',
    );
  },
  'workflow:start': startGrant('workflow:start'),
  'ticket-workflow:start': startGrant('ticket-workflow:start'),
  // A task token names no state machine, so a callback function may answer the tasks of any of them.
  'workflow:callback': (tf, r) => {
    if (r.stateMachineArns.length === 0) {
      throw new Error(
        `Function ${tf.spec.name} binds workflow:callback, but the manifest has no state machine`,
      );
    }
    tf.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['states:SendTaskSuccess', 'states:SendTaskFailure', 'states:SendTaskHeartbeat'],
        resources: [...r.stateMachineArns],
      }),
    );
  },
};

/** The value of each resource variable in this stack (CloudFormation references). */
const resourceVariables = (r: BindableResources): Record<ResourceVariable, string> => ({
  TABLE_NAME: r.table.tableName,
  LICENCE_BUCKET_NAME: r.licences.bucketName,
  ASSET_BUCKET_NAME: r.assets.bucketName,
  MATERIALS_BUCKET_NAME: r.materials.bucketName,
  // Only read for functions binding the start binding, whose grant has already checked there is exactly one.
  STATE_MACHINE_ARN: r.startArns['workflow:start'][0] ?? '',
  TICKET_STATE_MACHINE_ARN: r.startArns['ticket-workflow:start'][0] ?? '',
  // The alias, as the local cloud uses: KMS authorises the call against the key it points to.
  SIGNING_KEY_ID: r.sealAlias.aliasName,
  // Empty outside the China Regions: the variable is then left out (see functionEnvironment).
  SM2_SIGNING_KEY_ID: r.sm2SealAlias?.aliasName ?? '',
  TOKEN_KEY_ID: r.tokenAlias.aliasName,
  PERSONAL_DATA_KEY_ID: r.personalDataAlias.aliasName,
  SECRET_PARAMETER_PREFIX: r.secretParameterPrefix,
  EVENT_BUS_NAME: r.eventBus.eventBusName,
});

/** Grants every binding of the function and sets the environment the manifest derives from them. */
export const bindFunction = (tf: TongbanFunction, resources: BindableResources) => {
  for (const binding of new Set(tf.spec.bindings)) grants[binding](tf, resources);
  for (const [name, value] of Object.entries(functionEnvironment(tf.spec, resourceVariables(resources)))) {
    tf.setVariable(name, value);
  }
};
