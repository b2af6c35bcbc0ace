// The tenant stacks as CloudFormation: one per jurisdiction with its own names, every resource the platform
// relies on, least-privilege wiring from the manifest, and cdk-nag's AwsSolutions pack with nothing left
// open. The app is synthesized once with the project's feature flags (from cdk.json, as the CLI would pass
// them); only dinghai's functions are bundled, since bundling is the slow part and is the same for all.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, CfnOutput, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { outboxStreamFilter } from '../../functions/lib/outbox.ts';
import { tableDesign } from '../../functions/lib/table.ts';
import { licenceFontFiles, licenceFontPackage } from '../../functions/licences/font-files.ts';
import {
  type Binding,
  bindingVariables,
  eventSubscriptions,
  type FunctionSpec,
  functionSpecs,
  stateMachineSpecs,
} from '../../functions/manifest.ts';
import { buildApp } from '../../infra/app.ts';
import { ChinaChecks, chinaFindings, definitionReader, partitionLiterals } from '../../infra/china.ts';
import { acknowledge } from '../../infra/constructs/acknowledge.ts';
import {
  JurisdictionConfigError,
  listJurisdictionIds,
  loadJurisdiction,
  loadJurisdictionFile,
} from '../../infra/jurisdictions/index.ts';
import { chinaLambdaRuntimeName, lambdaRuntimeName } from '../../infra/lambda-runtime.ts';
import { names } from '../../infra/naming.ts';
import { TenantStack } from '../../infra/tenant-stack.ts';
import { roles } from '../../shared/identity.ts';
import { isChinaRegion } from '../../shared/jurisdiction.ts';
import { workflowFunctions, workflowStateMachines } from '../fixtures/cdk-workflow-specs.ts';
import { publicAccessBlocked } from '../support/cdk-template.ts';

const projectRoot = join(import.meta.dirname, '..', '..');
const cdkContext = JSON.parse(readFileSync(join(projectRoot, 'cdk.json'), 'utf8')).context;
const outdirs: string[] = [];
const newApp = (context: Record<string, unknown> = {}) => {
  const outdir = mkdtempSync(join(tmpdir(), 'tongban-cdk-'));
  outdirs.push(outdir);
  return new App({ outdir, context: { ...cdkContext, ...context } });
};
afterAll(() => {
  for (const dir of outdirs) rmSync(dir, { recursive: true, force: true });
});

type Resource = { Type: string; Properties: Record<string, any>; Metadata?: Record<string, any> };
type Statement = { Effect: string; Action: string | string[]; Resource: unknown };

const resourcesOf = (template: Template, type: string) =>
  Object.entries(template.findResources(type) as Record<string, Resource>);
const asList = <T>(value: T | T[]) => (Array.isArray(value) ? value : [value]);

/** The one resource of a type (that matches), as [logical id, resource]. */
const theResource = (template: Template, type: string, matches: (r: Resource) => boolean = () => true) => {
  const found = resourcesOf(template, type).filter(([, r]) => matches(r));
  expect(found.length, type).toBe(1);
  return found[0] as [string, Resource];
};

/** What every data bucket has: no public access, KMS encryption with a bucket key (`key` matches the key). */
const privateKmsBucket = (key: unknown) => ({
  PublicAccessBlockConfiguration: publicAccessBlocked,
  BucketEncryption: {
    ServerSideEncryptionConfiguration: [
      {
        BucketKeyEnabled: true,
        ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: key },
      },
    ],
  },
});

/** The Lambda function named `tongban-<id>-<name>`, with its logical id. */
const functionOf = (template: Template, jurisdictionId: string, name: string) => {
  const found = resourcesOf(template, 'AWS::Lambda::Function').find(
    ([, r]) => r.Properties.FunctionName === names(jurisdictionId).function(name),
  );
  if (!found) throw new Error(`no function ${name}`);
  return { logicalId: found[0], ...found[1] };
};

/** Every statement of every IAM policy attached to the role of a function. */
const statementsOf = (template: Template, fn: Resource) => {
  const roleId = fn.Properties.Role['Fn::GetAtt'][0] as string;
  return resourcesOf(template, 'AWS::IAM::Policy')
    .filter(([, p]) => (p.Properties.Roles as Array<{ Ref: string }>).some((r) => r.Ref === roleId))
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Statement[]);
};

/** The actions each binding may add to a role; anything else on a function's role is a leak. */
const actionsOfBinding: Record<Binding, RegExp> = {
  'table:read':
    /^(dynamodb:(BatchGetItem|ConditionCheckItem|DescribeTable|GetItem|GetRecords|GetShardIterator|Query|Scan)|kms:(Decrypt|DescribeKey))$/,
  'table:write':
    /^(dynamodb:(Batch(Get|Write)Item|ConditionCheckItem|DeleteItem|DescribeTable|GetItem|GetRecords|GetShardIterator|PutItem|Query|Scan|UpdateItem)|kms:(Decrypt|DescribeKey|Encrypt|GenerateDataKey\*?|ReEncrypt\*))$/,
  'licences:read': /^(s3:GetObject\*|s3:ListBucket|kms:Decrypt)$/,
  'licences:write':
    /^(s3:(GetObject\*|ListBucket|PutObject|AbortMultipartUpload)|kms:(Decrypt|GenerateDataKey))$/,
  'assets:read': /^(s3:GetObject\*|s3:ListBucket|kms:Decrypt)$/,
  'assets:write':
    /^(s3:(GetObject\*|ListBucket|PutObject|AbortMultipartUpload)|kms:(Decrypt|GenerateDataKey))$/,
  'materials:read': /^(s3:GetObject\*|s3:ListBucket|kms:Decrypt)$/,
  'materials:write':
    /^(s3:(GetObject\*|ListBucket|PutObject|AbortMultipartUpload)|kms:(Decrypt|GenerateDataKey))$/,
  'workflow:start': /^states:(Start|Stop)Execution$/,
  'ticket-workflow:start': /^states:(Start|Stop)Execution$/,
  'workflow:callback': /^states:SendTask(Success|Failure|Heartbeat)$/,
  'seal:sign': /^kms:(Sign|GetPublicKey)$/,
  'sm2-seal:sign': /^kms:(Sign|GetPublicKey)$/,
  'tokens:sign': /^kms:(Sign|GetPublicKey)$/,
  'personal-data:seal': /^kms:(GenerateDataKey|GenerateDataKeyWithoutPlaintext|Decrypt)$/,
  'personal-data:open': /^kms:(GenerateDataKey|GenerateDataKeyWithoutPlaintext|Decrypt)$/,
  'identity:secrets': /^ssm:GetParameter$/,
  'messaging:secrets': /^ssm:GetParameter$/,
  'courier:secrets': /^ssm:GetParameter$/,
  'payment:secrets': /^ssm:GetParameter$/,
  'events:put': /^events:PutEvents$/,
  'stream:read': /^(dynamodb:(DescribeStream|GetRecords|GetShardIterator|ListStreams)|kms:Decrypt)$/,
};
const houseActions = /^(logs:(CreateLogStream|PutLogEvents)|xray:(PutTraceSegments|PutTelemetryRecords))$/;
/** What feeding a function adds to its role: consuming its subscriptions' queues, or, for the stream's
 * consumer, sending failed batches to the relay-failures queue. */
const feedActions = (spec: FunctionSpec): RegExp[] => [
  ...(spec.subscriptions
    ? [
        /^(sqs:(ReceiveMessage|ChangeMessageVisibility|GetQueueUrl|DeleteMessage|GetQueueAttributes)|kms:Decrypt)$/,
      ]
    : []),
  ...(spec.tableStream
    ? [
        /^(sqs:(SendMessage|GetQueueAttributes|GetQueueUrl)|kms:(Decrypt|Encrypt|ReEncrypt\*|GenerateDataKey\*))$/,
      ]
    : []),
];

/** Checks a function's role against its spec: only house defaults and what the bindings explain. */
const expectLeastPrivilege = (template: Template, jurisdictionId: string, spec: FunctionSpec) => {
  const fn = functionOf(template, jurisdictionId, spec.name);
  const statements = statementsOf(template, fn);
  expect(statements.every((s) => s.Effect === 'Allow')).toBe(true);
  const actions = statements.flatMap((s) => asList(s.Action));
  const unexplained = actions.filter(
    (a) =>
      !houseActions.test(a) &&
      !spec.bindings.some((b) => actionsOfBinding[b].test(a)) &&
      !feedActions(spec).some((f) => f.test(a)),
  );
  expect(unexplained, spec.name).toEqual([]);
  // Deletes are never granted; the only wildcard resources are X-Ray's and listing streams.
  expect(
    actions.filter(
      (a) =>
        /Delete|PutObjectRetention|PutObjectLegalHold|Bypass/.test(a) &&
        !a.startsWith('dynamodb:') &&
        a !== 'sqs:DeleteMessage',
    ),
    spec.name,
  ).toEqual([]);
  for (const s of statements.filter((s) => s.Resource === '*')) {
    expect(
      asList(s.Action).every((a) => a.startsWith('xray:') || a === 'dynamodb:ListStreams'),
      spec.name,
    ).toBe(true);
  }
  // No managed policies (AWSLambdaBasicExecutionRole would allow writing to every log group).
  const role = template.toJSON().Resources[fn.Properties.Role['Fn::GetAtt'][0]] as Resource;
  expect(role.Properties.ManagedPolicyArns, spec.name).toBeUndefined();
  // Environment: the house variables plus exactly the variables the bindings name (the SM2 key's only
  // where the stack has one: in the China Regions).
  const expected = new Set(['POWERTOOLS_SERVICE_NAME', 'POWERTOOLS_LOG_LEVEL']);
  const sm2 = resourcesOf(template, 'AWS::KMS::Key').some(([, k]) => k.Properties.KeySpec === 'SM2');
  for (const binding of spec.bindings) {
    const variable = bindingVariables[binding];
    if (variable && (variable !== 'SM2_SIGNING_KEY_ID' || sm2)) expected.add(variable);
  }
  // The pages name the API's origin, where the stack serves a portal.
  if (spec.portalShell && Object.keys(template.findResources('AWS::CloudFront::Distribution')).length > 0)
    expected.add('API_ORIGIN');
  expect(Object.keys(fn.Properties.Environment?.Variables ?? {}).sort(), spec.name).toEqual(
    [...expected].sort(),
  );
  return { fn, statements };
};

const unacknowledgedFindings = (scope: App | Stack) =>
  new AwsSolutionsChecks()
    .validateScope(scope)
    .violations.flatMap((v) =>
      v.violatingResources.map((r) => `${v.severity} ${v.ruleName} at ${r.constructPath}`),
    );

let app: App;
let assembly: CloudAssembly;
let template: Template;
const ids = listJurisdictionIds();

beforeAll(() => {
  app = buildApp(
    newApp({ 'aws:cdk:bundling-stacks': [names('dinghai').stack], 'aws:cdk:enable-asset-metadata': true }),
  );
  assembly = app.synth();
  template = Template.fromJSON(assembly.getStackByName(names('dinghai').stack).template);
});

describe('the app', () => {
  it('synthesizes one stack per jurisdiction config, named by names(id).stack and tagged', () => {
    const stacks = assembly.stacks.map((s) => s.stackName).sort();
    expect(ids.length).toBeGreaterThanOrEqual(5);
    expect(stacks).toEqual(ids.map((id) => names(id).stack).sort());
    for (const id of ids) {
      const stack = assembly.getStackByName(names(id).stack);
      expect(stack.tags).toMatchObject({
        'tongban:jurisdiction': id,
        'tongban:division-code': loadJurisdiction(id).divisionCode,
      });
    }
  });

  it('namespaces every physical name by the jurisdiction, so no two stacks collide', () => {
    const nameKey: Record<string, string> = {
      'AWS::DynamoDB::Table': 'TableName',
      'AWS::Lambda::Function': 'FunctionName',
      'AWS::Cognito::UserPool': 'UserPoolName',
      'AWS::Cognito::UserPoolClient': 'ClientName',
      'AWS::ApiGatewayV2::Api': 'Name',
      'AWS::ApiGatewayV2::Authorizer': 'Name',
      'AWS::Events::EventBus': 'Name',
      'AWS::KMS::Alias': 'AliasName',
      'AWS::Logs::LogGroup': 'LogGroupName',
      'AWS::CloudWatch::Alarm': 'AlarmName',
      'AWS::SNS::Topic': 'TopicName',
      'AWS::StepFunctions::StateMachine': 'StateMachineName',
      'AWS::S3::Bucket': 'BucketName',
    };
    const seen = new Set<string>();
    for (const id of ids) {
      const t = assembly.getStackByName(names(id).stack).template as { Resources: Record<string, Resource> };
      for (const [logicalId, r] of Object.entries(t.Resources)) {
        const key = nameKey[r.Type];
        if (!key) continue;
        const value = r.Properties[key];
        // The access log bucket alone is named by CloudFormation (after the stack, so namespaced too).
        if (value === undefined && r.Type === 'AWS::S3::Bucket') continue;
        const name = typeof value === 'string' ? value : JSON.stringify(value);
        expect(name, `${id} ${logicalId}.${key}`).toContain(`tongban-${id}`);
        const physical = `${r.Type} ${name}`;
        expect(seen.has(physical), physical).toBe(false);
        seen.add(physical);
      }
    }
    expect(seen.size).toBeGreaterThan(ids.length * 20);
  });

  it('passes cdk-nag AwsSolutions with every finding acknowledged, errors and warnings alike', () => {
    expect(unacknowledgedFindings(app)).toEqual([]);
    // Nothing reaches the assembly as a warning or an error annotation either.
    const messages = assembly.stacks.flatMap((s) => s.messages).filter((m) => m.level !== 'info');
    expect(messages.map((m) => `${m.level} ${m.id}: ${m.entry.data}`)).toEqual([]);
    const report = JSON.parse(readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8'));
    expect(report.pluginReports.flatMap((r: { violations: unknown[] }) => r.violations)).toEqual([]);
  });

  it('reports an unacknowledged finding (the check is live)', () => {
    const probe = new Stack(new App(), 'probe');
    new s3.Bucket(probe, 'Careless');
    const findings = unacknowledgedFindings(probe).join('\n');
    expect(findings).toContain('AwsSolutions-S1');
    expect(findings).toContain('AwsSolutions-S10');
  });

  it('synthesizes each stack for its China Region, in partition aws-cn', () => {
    for (const id of ids) {
      const stack = assembly.getStackByName(names(id).stack);
      expect(stack.environment.region, id).toBe(loadJurisdiction(id).region);
      expect(isChinaRegion(stack.environment.region), id).toBe(true);
      expect(JSON.stringify(stack.template), id).toContain('arn:aws-cn:');
    }
  });

  it('writes no ARN or endpoint of the global partition into a China stack', () => {
    for (const stack of assembly.stacks) {
      const found = partitionLiterals(stack.template).map(
        (l) => `${stack.stackName} ${l.where} ${l.path}: ${l.value}`,
      );
      expect(found).toEqual([]);
      // The same, as plain text: an ARN of the global partition, or a host that ends in amazonaws.com
      // without .cn, other than a service principal (the same name in every partition).
      const text = JSON.stringify(stack.template);
      expect(text.includes('arn:aws:'), stack.stackName).toBe(false);
      const hosts = [...text.matchAll(/"([^"]*\.amazonaws\.com)"/g)].map((m) => m[1]);
      expect(
        hosts.filter((h) => !/^[a-z0-9-]+(\.[a-z0-9-]+)*\.amazonaws\.com$/.test(h ?? '')),
        stack.stackName,
      ).toEqual([]);
    }
  });

  it('keeps service principals in the form IAM takes in every partition, China included', () => {
    const principals = new Set<string>();
    for (const stack of assembly.stacks) {
      for (const m of JSON.stringify(stack.template).matchAll(/"([a-z0-9.-]+\.amazonaws\.com(?:\.cn)?)"/g))
        principals.add(m[1] ?? '');
    }
    expect([...principals].sort()).toEqual([
      'apigateway.amazonaws.com',
      'events.amazonaws.com',
      'lambda.amazonaws.com',
      'logging.s3.amazonaws.com',
      'states.amazonaws.com',
    ]);
  });

  it('uses nothing the China Regions lack, in any sample (checked against the list in infra/china.ts)', () => {
    for (const stack of assembly.stacks) {
      const region = stack.environment.region;
      if (!isChinaRegion(region)) throw new Error(`${stack.stackName} is not in a China Region`);
      const found = chinaFindings(stack.template, region, definitionReader(assembly.directory)).map(
        (f) => `${stack.stackName} ${f.logicalId} (${f.type}): ${f.feature} — "${f.page.title}"`,
      );
      expect(found).toEqual([]);
    }
    // The state machines' definitions were read, not skipped.
    const machines = Object.values(template.findResources('AWS::StepFunctions::StateMachine'));
    expect(machines.length).toBeGreaterThan(0);
    // (The migration provider's waiter, which CDK writes inline, calls its own two functions and nothing else.)
    for (const machine of machines.filter((m) => !JSON.stringify(m).includes('framework-isComplete-task')))
      expect(definitionReader(assembly.directory)(machine.Properties)).toContain('"States"');
  });

  it('bundles each function as minified ESM with the SDK inside and the jurisdiction baked in', () => {
    const fn = functionOf(template, 'dinghai', 'platform');
    const dir = join(assembly.directory, fn.Metadata?.['aws:asset:path'] as string);
    expect(readdirSync(dir)).toEqual(['index.mjs']);
    const code = readFileSync(join(dir, 'index.mjs'), 'utf8');
    // Plain booleans: a failing `toContain` would print the whole bundle.
    const dinghai = loadJurisdiction('dinghai');
    expect(code.startsWith('import { createRequire')).toBe(true);
    expect(code.includes('process.env.JURISDICTION_CONFIG')).toBe(false);
    // esbuild escapes non-ASCII characters, so the Chinese names appear as \u escapes.
    expect(code.includes(`JURISDICTION_CONFIG:\`{"id":"dinghai"`)).toBe(true);
    expect(code.includes(`"divisionCode":"${dinghai.divisionCode}"`)).toBe(true);
  });
});

describe('the case and licence functions', () => {
  it('ships the licence fonts beside the issuing function only, where Node resolves them', () => {
    const issuer = functionOf(template, 'dinghai', 'licence-issuer');
    const dir = join(assembly.directory, issuer.Metadata?.['aws:asset:path'] as string);
    for (const font of licenceFontFiles) {
      expect(statSync(join(dir, 'node_modules', font)).size).toBeGreaterThan(1_000_000);
    }
    expect(statSync(join(dir, 'node_modules', licenceFontPackage, 'package.json')).isFile()).toBe(true);
    const verifier = functionOf(template, 'dinghai', 'verification');
    expect(readdirSync(join(assembly.directory, verifier.Metadata?.['aws:asset:path'] as string))).toEqual([
      'index.mjs',
    ]);
  });

  it('runs the case-review machine with the workflow and issuer functions substituted', () => {
    const machineNamed = (name: string) =>
      theResource(
        template,
        'AWS::StepFunctions::StateMachine',
        (r) => r.Properties.StateMachineName === name,
      );
    const [, machine] = machineNamed('tongban-dinghai-case-review');
    const substitutions = machine.Properties.DefinitionSubstitutions as Record<string, unknown>;
    expect(Object.keys(substitutions).sort()).toEqual([
      'CaseWorkflowFunctionArn',
      'LicenceIssuerFunctionArn',
      'Partition',
      'PaymentsFunctionArn',
    ]);
    const definition = JSON.parse(
      readFileSync(join(projectRoot, 'statemachines/case-review.asl.json'), 'utf8'),
    );
    expect(Object.keys(definition.States)).toEqual([
      'Plan',
      'Stages',
      'Charge',
      'ClosedUnpaid',
      'Issue',
      'Complete',
      'Deny',
    ]);
    // 12345 tickets run on a machine of their own, started by the tickets function only.
    const [, tickets] = machineNamed('tongban-dinghai-ticket');
    expect(Object.keys(tickets.Properties.DefinitionSubstitutions as object).sort()).toEqual([
      'LicenceIssuerFunctionArn',
      'Partition',
      'TicketWorkflowFunctionArn',
    ]);
    const starter = functionOf(template, 'dinghai', 'tickets');
    expect(JSON.stringify(starter.Properties.Environment.Variables.TICKET_STATE_MACHINE_ARN)).toContain(
      'tongban-dinghai-ticket',
    );
    expect(starter.Properties.Environment.Variables.STATE_MACHINE_ARN).toBeUndefined();
  });
});

describe('the dinghai stack', () => {
  it('has an on-demand, encrypted, point-in-time-recoverable, protected table with TTL and the indexes', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        TableName: 'tongban-dinghai',
        KeySchema: [
          { AttributeName: tableDesign.partitionKey, KeyType: 'HASH' },
          { AttributeName: tableDesign.sortKey, KeyType: 'RANGE' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: Match.anyValue() },
        TimeToLiveSpecification: { AttributeName: tableDesign.timeToLiveAttribute, Enabled: true },
        DeletionProtectionEnabled: true,
        GlobalSecondaryIndexes: tableDesign.globalIndexes.map((index) =>
          Match.objectLike({
            IndexName: index.name,
            KeySchema: [
              { AttributeName: index.partitionKey, KeyType: 'HASH' },
              { AttributeName: index.sortKey, KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          }),
        ),
      }),
    });
  });

  it('keeps e-licences in a versioned, object-locked, private, KMS-encrypted, logged bucket', () => {
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        BucketName: {
          'Fn::Join': ['', ['tongban-dinghai-licences-', { Ref: 'AWS::AccountId' }, '-cn-north-1']],
        },
        VersioningConfiguration: { Status: 'Enabled' },
        ObjectLockEnabled: true,
        ObjectLockConfiguration: {
          ObjectLockEnabled: 'Enabled',
          Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 3650 } },
        },
        ...privateKmsBucket(Match.anyValue()),
        LoggingConfiguration: {
          DestinationBucketName: Match.anyValue(),
          LogFilePrefix: 'tongban-dinghai-licences/',
        },
      }),
    });
  });

  it('makes every bucket TLS-only and private, and logs the data buckets to an SSE-S3 log bucket', () => {
    const buckets = resourcesOf(template, 'AWS::S3::Bucket');
    expect(buckets.length).toBe(4);
    const tlsOnly = resourcesOf(template, 'AWS::S3::BucketPolicy').filter(([, p]) =>
      (p.Properties.PolicyDocument.Statement as any[]).some(
        (s) => s.Effect === 'Deny' && s.Condition?.Bool?.['aws:SecureTransport'] === 'false',
      ),
    );
    expect(tlsOnly.map(([, p]) => p.Properties.Bucket.Ref).sort()).toEqual(buckets.map(([id]) => id).sort());
    for (const [, b] of buckets) {
      expect(b.Properties.PublicAccessBlockConfiguration.RestrictPublicBuckets).toBe(true);
      expect(b.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    }
    const logBucket = buckets.find(([, b]) => !b.Properties.LoggingConfiguration);
    expect(logBucket?.[1].Properties.BucketEncryption.ServerSideEncryptionConfiguration[0]).toEqual({
      ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' },
    });
  });

  it("takes applicants' materials in a private, KMS-encrypted bucket that browsers may PUT to", () => {
    const [, bucket] = theResource(template, 'AWS::S3::Bucket', (b) =>
      JSON.stringify(b.Properties.BucketName ?? '').includes('tongban-dinghai-materials-'),
    );
    expect(bucket.Properties).toMatchObject({
      VersioningConfiguration: { Status: 'Enabled' },
      ...privateKmsBucket(expect.anything()),
      LoggingConfiguration: { LogFilePrefix: 'tongban-dinghai-materials/' },
    });
    // Encrypted with the data key, the one the table uses, not a key of its own.
    const [, table] = theResource(template, 'AWS::DynamoDB::Table');
    expect(
      bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault
        .KMSMasterKeyID,
    ).toEqual(table.Properties.SSESpecification.KMSMasterKeyId);
    const [rule, ...otherRules] = bucket.Properties.CorsConfiguration.CorsRules;
    expect(otherRules).toEqual([]);
    expect(rule.AllowedMethods.sort()).toEqual(['GET', 'PUT']);
    expect(rule.AllowedOrigins).toEqual(['*']);
    expect(rule.AllowedHeaders.sort()).toEqual(['content-length', 'content-type']);
    expect(bucket.Properties.LifecycleConfiguration.Rules).toEqual([
      {
        Status: 'Enabled',
        AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
        NoncurrentVersionExpiration: { NoncurrentDays: 30 },
      },
    ]);
  });

  it('has the electronic seal: an ECC P-256 signing key under the jurisdiction alias', () => {
    const [sealId] = theResource(
      template,
      'AWS::KMS::Key',
      (k) => k.Properties.KeySpec === 'ECC_NIST_P256' && k.Properties.KeyUsage === 'SIGN_VERIFY',
    );
    template.hasResourceProperties('AWS::KMS::Alias', {
      AliasName: 'alias/tongban-dinghai-seal',
      TargetKeyId: { 'Fn::GetAtt': [sealId, 'Arn'] },
    });
    template.hasResource('AWS::KMS::Key', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({ KeySpec: 'ECC_NIST_P256' }),
    });
  });

  it('has the OFD seal: an SM2 signing key under its alias, which the issuer and the seals function sign with', () => {
    const [sm2Id] = theResource(
      template,
      'AWS::KMS::Key',
      (k) => k.Properties.KeySpec === 'SM2' && k.Properties.KeyUsage === 'SIGN_VERIFY',
    );
    template.hasResourceProperties('AWS::KMS::Alias', {
      AliasName: 'alias/tongban-dinghai-seal-sm2',
      TargetKeyId: { 'Fn::GetAtt': [sm2Id, 'Arn'] },
    });
    const onSm2 = (name: string) =>
      statementsOf(template, functionOf(template, 'dinghai', name))
        .filter((s) => JSON.stringify(s.Resource).includes(sm2Id))
        .flatMap((s) => asList(s.Action))
        .sort();
    expect(onSm2('licence-issuer')).toEqual(['kms:GetPublicKey', 'kms:Sign']);
    expect(onSm2('seals')).toEqual(['kms:GetPublicKey', 'kms:Sign']);
    expect(onSm2('verification')).toEqual([]);
  });

  it('seals personal data under a rotating symmetric key; only the functions that must open a sealed field may decrypt one', () => {
    const [keyId, key] = theResource(template, 'AWS::KMS::Key', (k) =>
      String(k.Properties.Description).startsWith('Seals ID numbers'),
    );
    expect(key.Properties).toMatchObject({ EnableKeyRotation: true });
    expect(key.Properties.KeySpec ?? 'SYMMETRIC_DEFAULT').toBe('SYMMETRIC_DEFAULT');
    template.hasResourceProperties('AWS::KMS::Alias', {
      AliasName: 'alias/tongban-dinghai-personal-data',
      TargetKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
    });
    /** Each action on the key with the purpose its encryption context must name. */
    const onKey = (name: string) =>
      statementsOf(template, functionOf(template, 'dinghai', name))
        .filter((s) => JSON.stringify(s.Resource).includes(keyId))
        .flatMap((s) =>
          asList(s.Action).map(
            (a) =>
              `${a} ${(s as { Condition?: any }).Condition?.StringEquals?.['kms:EncryptionContext:purpose']}`,
          ),
        )
        .sort();
    expect(onKey('cases')).toEqual([
      'kms:Decrypt blind-index',
      'kms:GenerateDataKey personal-data',
      'kms:GenerateDataKeyWithoutPlaintext blind-index',
    ]);
    expect(onKey('licence-issuer')).toEqual([
      'kms:Decrypt blind-index',
      'kms:Decrypt personal-data',
      'kms:GenerateDataKey personal-data',
      'kms:GenerateDataKeyWithoutPlaintext blind-index',
    ]);
    // The hotline units call a caller back: the tickets function opens the caller's mobile. The courier's
    // waybill needs the delivery address; the visiting team a home visit's.
    for (const opening of ['tickets', 'delivery', 'appointments'])
      expect(onKey(opening), opening).toEqual(onKey('licence-issuer'));
    // Sealing and finding by the blind index, never opening: the wallet, and the migration on deploy.
    for (const sealing of ['licences', 'personal-data-migration'])
      expect(onKey(sealing), sealing).toEqual(onKey('cases'));
    for (const other of ['case-handling', 'notifier', 'platform', 'ticket-workflow', 'verification'])
      expect(onKey(other)).toEqual([]);
  });

  it('migrates personal data on every deploy: a provider invoking the migration function once it has its grants', () => {
    const [runId, run] = theResource(template, 'Custom::PersonalDataMigration', () => true);
    expect(run.Properties.run).toBeTypeOf('string');
    const fn = functionOf(template, 'dinghai', 'personal-data-migration');
    const dependsOn = (run as { DependsOn?: string[] }).DependsOn ?? [];
    // After the function and its role's policy (the table, the key): the migration can read and seal.
    expect(dependsOn).toContain(fn.logicalId);
    expect(dependsOn.some((d) => /personaldatamigrationRoleDefaultPolicy/i.test(d))).toBe(true);
    expect(fn.Properties.Timeout).toBe(900);
    // The provider polls every minute for up to two hours; its waiter logs every event.
    const waiters = Object.values(template.findResources('AWS::StepFunctions::StateMachine')).filter((m) =>
      JSON.stringify(m).includes('framework-isComplete-task'),
    );
    expect(waiters).toHaveLength(1);
    expect(waiters[0]!.Properties.LoggingConfiguration).toMatchObject({ Level: 'ALL' });
    expect(runId).toMatch(/^PersonalDataMigration/);
  });

  it('has no Cognito user pool: the China Regions have none', () => {
    expect(Object.keys(template.findResources('AWS::Cognito::UserPool'))).toEqual([]);
    expect(Object.keys(template.toJSON().Resources).filter((id) => id.startsWith('Identity'))).toEqual([]);
  });

  it("has an HTTP API whose JWT authorizer trusts tongban's issuer under the API's endpoint, audience the API", () => {
    const [apiId] = theResource(template, 'AWS::ApiGatewayV2::Api');
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Issuer: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [apiId, 'ApiEndpoint'] }, '/oidc']] },
        Audience: ['tongban-dinghai-api'],
      },
    });
    // The sample has no portal domain, so no portal and no origin that CORS would allow (portal.test.ts).
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      Name: 'tongban-dinghai-api',
      ProtocolType: 'HTTP',
      CorsConfiguration: Match.absent(),
    });
  });
  it('runs each scheduled function from a schedule rule; the notifier and ratings read the SMS key secret and no other', () => {
    const rules = resourcesOf(template, 'AWS::Events::Rule').filter(
      ([, r]) => r.Properties.ScheduleExpression,
    );
    const scheduled = functionSpecs.filter((s) => s.schedule);
    expect(rules.map(([, r]) => r.Properties.ScheduleExpression)).toEqual(
      scheduled.map((s) => s.schedule!.rate),
    );
    // Each scheduled function is the target of the rule with its rate.
    for (const spec of scheduled) {
      const fn = functionOf(template, 'dinghai', spec.name);
      const rule = rules.find(
        ([, r]) =>
          JSON.stringify(r.Properties.Targets[0].Arn) ===
          JSON.stringify({ 'Fn::GetAtt': [fn.logicalId, 'Arn'] }),
      );
      expect(rule?.[1].Properties.ScheduleExpression).toBe(spec.schedule!.rate);
    }
    const notifier = functionOf(template, 'dinghai', 'notifier');
    const reads = statementsOf(template, notifier).filter((st) =>
      [st.Action].flat().includes('ssm:GetParameter'),
    );
    expect(reads).toHaveLength(1);
    expect(JSON.stringify(reads[0]!.Resource)).toContain(
      ':parameter/tongban-dinghai/secrets/SMS_ACCESS_KEY_SECRET"',
    );
    // The ratings function checks the signature of a pushed SMS reply with the same secret, and no other.
    const ratings = functionOf(template, 'dinghai', 'ratings');
    const ratingsReads = statementsOf(template, ratings).filter((st) =>
      [st.Action].flat().includes('ssm:GetParameter'),
    );
    expect(ratingsReads).toHaveLength(1);
    expect(JSON.stringify(ratingsReads[0]!.Resource)).toContain(
      ':parameter/tongban-dinghai/secrets/SMS_ACCESS_KEY_SECRET"',
    );
    const signIn = functionOf(template, 'dinghai', 'sign-in');
    const signInReads = JSON.stringify(
      statementsOf(template, signIn).filter((st) => [st.Action].flat().includes('ssm:GetParameter')),
    );
    expect(signInReads).toContain('/secrets/ZJZWFW_ACCESS_CODE');
    expect(signInReads).not.toContain('SMS_ACCESS_KEY_SECRET');
  });

  it('routes every manifest route, public ones without the authorizer, plus $default', () => {
    const routes = resourcesOf(template, 'AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties);
    const manifestRoutes = functionSpecs.flatMap((spec) =>
      Object.entries(spec.routes ?? {}).map(([key, route]) => ({ key, route, spec })),
    );
    expect(routes.length).toBe(manifestRoutes.length + 1);
    const target = (spec: FunctionSpec) => {
      const fnId = functionOf(template, 'dinghai', spec.name).logicalId;
      const [integrationId] = resourcesOf(template, 'AWS::ApiGatewayV2::Integration').find(
        ([, i]) => i.Properties.IntegrationUri['Fn::GetAtt'][0] === fnId,
      ) ?? [''];
      return { 'Fn::Join': ['', ['integrations/', { Ref: integrationId }]] };
    };
    for (const { key, route, spec } of manifestRoutes) {
      const found = routes.find((r) => r.RouteKey === key);
      expect(found, key).toBeDefined();
      expect(found?.AuthorizationType ?? 'NONE', key).toBe(route.auth === 'public' ? 'NONE' : 'JWT');
      expect(found?.Target, key).toEqual(target(spec));
    }
    const defaultSpecs = functionSpecs.filter((s) => s.defaultRoute);
    expect(defaultSpecs.length).toBe(1);
    const fallback = routes.find((r) => r.RouteKey === '$default');
    expect(fallback?.AuthorizationType ?? 'NONE').toBe('NONE');
    expect(fallback?.Target).toEqual(target(defaultSpecs[0]!));
    // One invoke permission per HTTP function, not per route (the workflow-only function has none), and one
    // per schedule rule.
    expect(resourcesOf(template, 'AWS::Lambda::Permission').length).toBe(
      functionSpecs.filter((s) => s.routes || s.defaultRoute).length +
        functionSpecs.filter((s) => s.schedule).length,
    );
  });

  it('logs API access to a retained log group and throttles by default', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingBurstLimit: 400, ThrottlingRateLimit: 200 },
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('requestId') },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: '/aws/apigateway/tongban-dinghai-api',
      RetentionInDays: 180,
    });
  });

  it('runs every function on arm64 with the China runtime, its manifest sizes, JSON logs to its own group, untraced', () => {
    // The manifest's functions, and the three of the migration's provider (the CDK Provider framework's).
    const provider = /^tongban-dinghai-personal-data-migration-(start|poll|timeout)$/;
    const all = resourcesOf(template, 'AWS::Lambda::Function');
    expect(all.filter(([, f]) => provider.test(String(f.Properties.FunctionName)))).toHaveLength(3);
    expect(all.length).toBe(functionSpecs.length + 3);
    for (const spec of functionSpecs) {
      const fn = functionOf(template, 'dinghai', spec.name);
      expect(fn.Properties).toMatchObject({
        Architectures: ['arm64'],
        Runtime: chinaLambdaRuntimeName,
        Handler: 'index.handler',
        MemorySize: spec.memoryMb ?? 512,
        Timeout: spec.timeoutSeconds ?? 10,
        LoggingConfig: { LogFormat: 'JSON', LogGroup: expect.anything() },
      });
      // "Amazon X-Ray integration with Lambda functions is not available in the China Regions".
      expect(fn.Properties.TracingConfig, spec.name).toBeUndefined();
      expect(
        statementsOf(template, fn)
          .flatMap((s) => asList(s.Action))
          .filter((a) => a.startsWith('xray:')),
        spec.name,
      ).toEqual([]);
      template.hasResourceProperties('AWS::Logs::LogGroup', {
        LogGroupName: `/aws/lambda/tongban-dinghai-${spec.name}`,
        RetentionInDays: 180,
      });
    }
  });

  it('gives each function exactly the variables and permissions its bindings name', () => {
    for (const spec of functionSpecs) expectLeastPrivilege(template, 'dinghai', spec);
  });

  it('pages on any function error or throttle, API 5xx and failed executions, to a TLS-only topic', () => {
    const alarms = resourcesOf(template, 'AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);
    const [topicId] = theResource(template, 'AWS::SNS::Topic');
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
    const expected: Array<[string, string, string]> = [
      // Every function of the account, whoever invokes it: dimensionless, one metric each.
      ['tongban-dinghai-lambda-errors', 'AWS/Lambda', 'Errors'],
      ['tongban-dinghai-lambda-throttles', 'AWS/Lambda', 'Throttles'],
      ['tongban-dinghai-api-5xx', 'AWS/ApiGateway', '5xx'],
      ...stateMachineSpecs.map((m): [string, string, string] => [
        `tongban-dinghai-${m.name}-failed`,
        'AWS/States',
        'ExecutionsFailed',
      ]),
    ];
    for (const [alarmName, namespace, metricName] of expected) {
      const alarm = alarms.find((a) => a.AlarmName === alarmName);
      expect(alarm, alarmName).toMatchObject({
        Namespace: namespace,
        MetricName: metricName,
        Statistic: 'Sum',
        Period: 300,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        AlarmActions: [{ Ref: topicId }],
      });
    }
    for (const name of ['lambda-errors', 'lambda-throttles'])
      expect(alarms.find((a) => a.AlarmName === `tongban-dinghai-${name}`)?.Dimensions, name).toBeUndefined();
    // No machine sets an execution timeout, so none can time out: no alarm that could never fire.
    expect(alarms.filter((a) => String(a.AlarmName).endsWith('-timedout'))).toEqual([]);
    // Nothing else: the dead-letter queues' two, and no alarm per function.
    expect(alarms).toHaveLength(expected.length + 2);
  });

  it('outputs what a deployment hands over', () => {
    const outputs = Object.keys(template.toJSON().Outputs);
    expect(outputs).toEqual(
      expect.arrayContaining([
        'ApiUrl',
        'Issuer',
        'Audience',
        'TableName',
        'LicenceBucketName',
        'MaterialBucketName',
        'SigningKeyArn',
        'AlarmTopicArn',
      ]),
    );
    expect(outputs.filter((o) => o.startsWith('UserPool'))).toEqual([]);
  });
});

describe('the dinghai stack: domain events', () => {
  const logicalIdOf = (type: string, matches: (r: Resource) => boolean) =>
    theResource(template, type, matches)[0];
  const functionId = (name: string) => functionOf(template, 'dinghai', name).logicalId;
  const queueId = (name: string) =>
    logicalIdOf('AWS::SQS::Queue', (r) => r.Properties.QueueName === `tongban-dinghai-${name}`);

  it('streams the new image of every item of the table', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      TableName: 'tongban-dinghai',
      StreamSpecification: { StreamViewType: tableDesign.streamView },
    });
  });

  it('feeds the relay only outbox inserts, in order, bisecting and retrying a day, failures to a queue', () => {
    const [, mapping] = theResource(
      template,
      'AWS::Lambda::EventSourceMapping',
      (r) => r.Properties.FunctionName?.Ref === functionId('event-relay'),
    );
    expect(mapping.Properties).toMatchObject({
      EventSourceArn: { 'Fn::GetAtt': [expect.stringMatching(/^DataTable/), 'StreamArn'] },
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: 100,
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 10_000,
      MaximumRecordAgeInSeconds: 86_400,
      ParallelizationFactor: 1,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queueId('relay-failures'), 'Arn'] } } },
    });
    expect(
      mapping.Properties.FilterCriteria.Filters.map((f: { Pattern: string }) => JSON.parse(f.Pattern)),
    ).toEqual([outboxStreamFilter]);
  });

  it("makes a rule per subscription, with the manifest's pattern and the jurisdiction's source, into the subscriber's queue", () => {
    const subscriptions = eventSubscriptions();
    expect(subscriptions.map((s) => s.name)).toContain('workflow-follow-up');
    for (const subscription of subscriptions) {
      const [, rule] = theResource(
        template,
        'AWS::Events::Rule',
        (r) => r.Properties.Name === `tongban-dinghai-${subscription.name}`,
      );
      expect(rule.Properties.EventPattern).toEqual({ ...subscription.pattern, source: ['tongban.dinghai'] });
      expect(rule.Properties.Targets).toEqual([
        expect.objectContaining({
          Arn: { 'Fn::GetAtt': [queueId(subscription.name), 'Arn'] },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [queueId('undelivered-events'), 'Arn'] } },
          RetryPolicy: { MaximumEventAgeInSeconds: 86_400, MaximumRetryAttempts: 185 },
        }),
      ]);
      const [, mapping] = theResource(
        template,
        'AWS::Lambda::EventSourceMapping',
        (r) => r.Properties.EventSourceArn?.['Fn::GetAtt']?.[0] === queueId(subscription.name),
      );
      expect(mapping.Properties).toMatchObject({
        FunctionName: { Ref: functionId(subscription.spec.name) },
        BatchSize: 10,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      });
      // Redelivered for about a day, then moved to the undelivered-events queue.
      const [, queue] = theResource(
        template,
        'AWS::SQS::Queue',
        (r) => r.Properties.QueueName === `tongban-dinghai-${subscription.name}`,
      );
      const { maxReceiveCount, deadLetterTargetArn } = queue.Properties.RedrivePolicy;
      expect(deadLetterTargetArn).toEqual({ 'Fn::GetAtt': [queueId('undelivered-events'), 'Arn'] });
      expect(maxReceiveCount * queue.Properties.VisibilityTimeout).toBeGreaterThanOrEqual(86_400);
    }
  });

  it('encrypts every event queue with SQS-managed keys, TLS only, and alarms on the dead-letter queues', () => {
    for (const [id, queue] of resourcesOf(template, 'AWS::SQS::Queue')) {
      expect(queue.Properties.SqsManagedSseEnabled, id).toBe(true);
      expect(queue.Properties.KmsMasterKeyId, id).toBeUndefined();
      const policy = resourcesOf(template, 'AWS::SQS::QueuePolicy').find(([, p]) =>
        p.Properties.Queues.some((q: { Ref: string }) => q.Ref === id),
      );
      expect(
        policy?.[1].Properties.PolicyDocument.Statement.some(
          (s: { Effect: string; Condition?: Record<string, unknown> }) =>
            s.Effect === 'Deny' && JSON.stringify(s.Condition).includes('aws:SecureTransport'),
        ),
        id,
      ).toBe(true);
    }
    for (const name of ['undelivered-events', 'relay-failures']) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: `tongban-dinghai-${name}-waiting`,
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId(name), 'QueueName'] } }],
      });
    }
  });

  it('lets only the relay put events on the bus: the use-cases record theirs in the outbox', () => {
    expect(functionSpecs.filter((s) => s.bindings.includes('events:put')).map((s) => s.name)).toEqual([
      'event-relay',
    ]);
  });
});

describe('a tenant with a workflow', () => {
  let wfApp: App;
  let wf: Template;
  beforeAll(() => {
    wfApp = newApp();
    new TenantStack(wfApp, 'tongban-dinghai', {
      jurisdiction: loadJurisdiction('dinghai'),
      functions: workflowFunctions,
      stateMachines: workflowStateMachines,
    });
    Validations.of(wfApp).addPlugins(new AwsSolutionsChecks(wfApp));
    wf = Template.fromJSON(wfApp.synth().getStackByName('tongban-dinghai').template);
  });

  it('creates a logged, traced Standard state machine from the ASL file with ARNs substituted', () => {
    const review = functionOf(wf, 'dinghai', 'review');
    wf.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineName: 'tongban-dinghai-approval',
      StateMachineType: 'STANDARD',
      DefinitionS3Location: Match.anyValue(),
      DefinitionSubstitutions: {
        Partition: { Ref: 'AWS::Partition' },
        ReviewFunctionArn: { 'Fn::GetAtt': [review.logicalId, 'Arn'] },
      },
      LoggingConfiguration: Match.objectLike({ Level: 'ALL', IncludeExecutionData: false }),
      TracingConfiguration: { Enabled: true },
    });
    // The ASL file is uploaded as it is; CloudFormation fills in the placeholders.
    const [, machine] = theResource(wf, 'AWS::StepFunctions::StateMachine');
    const assetDir = wfApp.outdir;
    const definitions = readdirSync(assetDir)
      .filter((f) => f.startsWith('asset.') && f.endsWith('.json'))
      .map((f) => readFileSync(join(assetDir, f), 'utf8'));
    expect(definitions).toEqual([readFileSync(join(projectRoot, workflowStateMachines[0]!.file), 'utf8')]);
    const roleId = machine.Properties.RoleArn['Fn::GetAtt'][0];
    const invoke = resourcesOf(wf, 'AWS::IAM::Policy')
      .filter(([, p]) => p.Properties.Roles.some((r: { Ref: string }) => r.Ref === roleId))
      .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Statement[])
      .find((s) => asList(s.Action).includes('lambda:InvokeFunction'));
    expect(JSON.stringify(invoke?.Resource)).toContain(review.logicalId);
    wf.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'tongban-dinghai-approval-failed' });
  });

  it('wires every binding kind with exactly its grant and variable', () => {
    for (const spec of workflowFunctions) expectLeastPrivilege(wf, 'dinghai', spec);
    const intake = expectLeastPrivilege(wf, 'dinghai', workflowFunctions[0]!);
    expect(JSON.stringify(intake.fn.Properties.Environment.Variables.STATE_MACHINE_ARN)).toContain(
      ':stateMachine:tongban-dinghai-approval',
    );
    // The materials bindings name the materials bucket: writers may put, readers only get.
    const [materialsId] = theResource(wf, 'AWS::S3::Bucket', (b) =>
      JSON.stringify(b.Properties.BucketName ?? '').includes('tongban-dinghai-materials-'),
    );
    const onMaterials = (statements: Statement[]) =>
      statements
        .filter((s) => JSON.stringify(s.Resource).includes(materialsId))
        .flatMap((s) => asList(s.Action))
        .sort();
    expect(intake.fn.Properties.Environment.Variables.MATERIALS_BUCKET_NAME).toEqual({ Ref: materialsId });
    expect(onMaterials(intake.statements)).toEqual([
      's3:AbortMultipartUpload',
      's3:GetObject*',
      's3:ListBucket',
      's3:PutObject',
    ]);
    const review = expectLeastPrivilege(wf, 'dinghai', workflowFunctions[1]!);
    expect(review.fn.Properties.Environment.Variables.MATERIALS_BUCKET_NAME).toEqual({ Ref: materialsId });
    expect(onMaterials(review.statements)).toEqual(['s3:GetObject*', 's3:ListBucket']);
    const variables = review.fn.Properties.Environment.Variables;
    const aliasId = variables.SIGNING_KEY_ID.Ref as string;
    expect(wf.toJSON().Resources[aliasId].Properties.AliasName).toBe('alias/tongban-dinghai-seal');
    expect(variables.EVENT_BUS_NAME).toEqual({ Ref: expect.any(String) });
    const sign = review.statements.find((s) => asList(s.Action).includes('kms:Sign'));
    const [sealId] = theResource(wf, 'AWS::KMS::Key', (k) => k.Properties.KeySpec === 'ECC_NIST_P256');
    expect(sign?.Resource).toEqual({ 'Fn::GetAtt': [sealId, 'Arn'] });
  });

  it('passes cdk-nag with the workflow acknowledgements scoped to the state machine', () => {
    expect(unacknowledgedFindings(wfApp)).toEqual([]);
  });

  it('refuses a workflow binding it cannot resolve, naming the function', () => {
    const jurisdiction = loadJurisdiction('dinghai');
    const stack = (stateMachines: typeof workflowStateMachines) => () =>
      new TenantStack(newApp({ 'aws:cdk:bundling-stacks': [] }), 'probe', {
        jurisdiction,
        functions: workflowFunctions,
        stateMachines,
      });
    expect(stack([])).toThrowError(/intake binds workflow:start.*exactly one state machine/);
    const second = { ...workflowStateMachines[0]!, name: 'second' };
    expect(stack([...workflowStateMachines, second])).toThrowError(/intake binds workflow:start/);
    const unknown = { ...workflowStateMachines[0]!, functionArns: { ReviewFunctionArn: 'nobody' } };
    expect(stack([unknown])).toThrowError(/names nobody, which is not a function of the manifest/);
  });
});

describe('a demo stack in a global Region', () => {
  let demoApp: App;
  let demo: Template;
  let pooledApp: App;
  let pooled: Template;
  beforeAll(() => {
    demoApp = buildApp(
      newApp({ jurisdiction: 'dinghai', region: 'us-east-1', 'aws:cdk:bundling-stacks': [] }),
    );
    const stack = demoApp.synth().getStackByName(names('dinghai').stack);
    expect(stack.environment.region).toBe('us-east-1');
    demo = Template.fromJSON(stack.template);
    pooledApp = newApp({ 'aws:cdk:bundling-stacks': [] });
    new TenantStack(pooledApp, names('dinghai').stack, {
      jurisdiction: { ...loadJurisdiction('dinghai'), region: 'eu-west-1', cognitoUpstream: true },
    });
    Validations.of(pooledApp).addPlugins(new AwsSolutionsChecks(pooledApp), new ChinaChecks());
    pooled = Template.fromJSON(pooledApp.synth().getStackByName(names('dinghai').stack).template);
  });

  it('has no SM2 key there (KMS offers SM2 only in the China Regions), nor its variable', () => {
    expect(resourcesOf(demo, 'AWS::KMS::Key').filter(([, k]) => k.Properties.KeySpec === 'SM2')).toEqual([]);
    const issuer = functionOf(demo, 'dinghai', 'licence-issuer');
    expect(issuer.Properties.Environment.Variables.SM2_SIGNING_KEY_ID).toBeUndefined();
  });

  it('moves to the Region named by -c region, in partition aws', () => {
    const text = JSON.stringify(demo.toJSON());
    expect(text).toContain('arn:aws:');
    expect(text).not.toContain('arn:aws-cn:');
    expect(text).toContain('-us-east-1');
  });

  it('traces every function actively, with the X-Ray writes in a policy of their own', () => {
    for (const spec of functionSpecs) {
      const fn = functionOf(demo, 'dinghai', spec.name);
      expect(fn.Properties).toMatchObject({ Runtime: lambdaRuntimeName, TracingConfig: { Mode: 'Active' } });
      const { statements } = expectLeastPrivilege(demo, 'dinghai', spec);
      expect(statements.flatMap((s) => asList(s.Action))).toEqual(
        expect.arrayContaining(['xray:PutTraceSegments', 'xray:PutTelemetryRecords']),
      );
    }
  });

  it('has no user pool unless the config asks for a Cognito upstream', () => {
    expect(Object.keys(demo.findResources('AWS::Cognito::UserPool'))).toEqual([]);
    theResource(pooled, 'AWS::Cognito::UserPool');
  });

  it('has a user pool with MFA, a strong password policy, a group per role and the identity attributes', () => {
    pooled.hasResourceProperties('AWS::Cognito::UserPool', {
      UserPoolName: 'tongban-dinghai-users',
      MfaConfiguration: 'ON',
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
      Policies: {
        PasswordPolicy: Match.objectLike({
          MinimumLength: 12,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        }),
      },
      Schema: Match.arrayWith(
        ['idNumber', 'creditCode', 'department'].map((name) =>
          Match.objectLike({ Name: name, AttributeDataType: 'String' }),
        ),
      ),
    });
    const groups = resourcesOf(pooled, 'AWS::Cognito::UserPoolGroup').map(([, g]) => g.Properties.GroupName);
    expect(groups.sort()).toEqual([...roles].sort());
  });

  it('has an app client without a secret that cannot write the verified identity', () => {
    const [, client] = theResource(pooled, 'AWS::Cognito::UserPoolClient');
    expect(client.Properties.GenerateSecret).toBe(false);
    expect(client.Properties.AllowedOAuthFlows).toBeUndefined();
    expect(client.Properties.ReadAttributes).toEqual(
      expect.arrayContaining(['custom:idNumber', 'custom:creditCode', 'custom:department', 'name']),
    );
    expect(client.Properties.WriteAttributes.sort()).toEqual(['email', 'phone_number']);
  });

  it("keeps the authorizer on tongban's issuer, the pool being an upstream provider, and outputs the pool", () => {
    const [apiId] = theResource(pooled, 'AWS::ApiGatewayV2::Api');
    pooled.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      JwtConfiguration: {
        Issuer: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [apiId, 'ApiEndpoint'] }, '/oidc']] },
        Audience: ['tongban-dinghai-api'],
      },
    });
    expect(Object.keys(pooled.toJSON().Outputs)).toEqual(
      expect.arrayContaining(['Issuer', 'Audience', 'UserPoolId', 'UserPoolClientId', 'UserPoolIssuer']),
    );
  });

  it('passes cdk-nag AwsSolutions, with and without the user pool', () => {
    expect(unacknowledgedFindings(demoApp)).toEqual([]);
    expect(unacknowledgedFindings(pooledApp)).toEqual([]);
  });
});

describe('the China Regions', () => {
  it('refuse a Cognito upstream with a config error naming the jurisdiction and field', () => {
    const jurisdiction = { ...loadJurisdiction('dinghai'), cognitoUpstream: true };
    const stack = () => new TenantStack(newApp({ 'aws:cdk:bundling-stacks': [] }), 'probe', { jurisdiction });
    expect(stack).toThrowError(JurisdictionConfigError);
    expect(stack).toThrowError(
      /^dinghai: cognitoUpstream: Cognito user pools are not available in the China Regions \(cn-north-1\)/,
    );
  });

  it("take the deploying credentials' account, and the Region from the config", () => {
    vi.stubEnv('CDK_DEFAULT_ACCOUNT', '111122223333');
    try {
      const app = buildApp(newApp({ jurisdiction: 'ngari', 'aws:cdk:bundling-stacks': [] }));
      const stack = Stack.of(app.node.findChild(names('ngari').stack));
      expect([stack.account, stack.region, stack.partition]).toEqual([
        '111122223333',
        'cn-northwest-1',
        'aws-cn',
      ]);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('refuse a Region outside the list, given as context', () => {
    const build = () => buildApp(newApp({ jurisdiction: 'dinghai', region: 'cn-east-1' }));
    expect(build).toThrowError(JurisdictionConfigError);
    expect(build).toThrowError(
      /^-c region=cn-east-1: dinghai: region: an AWS Region tongban deploys to: cn-north-1/,
    );
  });

  /** A stack in Ningxia with one of everything the list names, as CloudFormation resources. */
  const careless = () => {
    const app = newApp();
    const probe = new Stack(app, 'careless', { env: { region: 'cn-northwest-1' } });
    // CDK's own template validation knows which resource types a Region has (not which properties): it
    // would stop this synth before the list of infra/china.ts is reached.
    acknowledge(probe, 'CloudFormation-Validate::F3006', 'Unavailable on purpose: the probe of the list.');
    const role = 'arn:aws-cn:iam::111122223333:role/probe';
    new cognito.CfnUserPool(probe, 'Pool', { smsConfiguration: { snsCallerArn: 'caller' } });
    new cognito.CfnIdentityPool(probe, 'Ids', { allowUnauthenticatedIdentities: false });
    const fn = new lambda.CfnFunction(probe, 'Fn', {
      code: { zipFile: 'export const handler = async () => 1;' },
      role,
      runtime: lambdaRuntimeName,
      handler: 'index.handler',
      tracingConfig: { mode: 'Active' },
    });
    new lambda.CfnUrl(probe, 'Url', { authType: 'AWS_IAM', targetFunctionArn: fn.attrArn });
    new sns.CfnSubscription(probe, 'Sms', { protocol: 'sms', endpoint: '+8613800000000', topicArn: 'topic' });
    new sfn.CfnStateMachine(probe, 'Http', {
      roleArn: role,
      definitionString: JSON.stringify({
        StartAt: 'Call',
        States: { Call: { Type: 'Task', Resource: 'arn:aws-cn:states:::http:invoke', End: true } },
      }),
    });
    new CfnOutput(probe, 'Literal', { value: 'arn:aws:s3:::somewhere' });
    new lambda.CfnPermission(probe, 'Invoke', {
      action: 'lambda:InvokeFunction',
      functionName: fn.ref,
      principal: 'apigateway.amazonaws.com',
      sourceArn: 'arn:aws:execute-api:cn-northwest-1:111122223333:abc/*',
    });
    new sqs.CfnQueuePolicy(probe, 'Hosts', {
      queues: [
        'https://sqs.cn-northwest-1.amazonaws.com.cn/111122223333/q',
        'https://sqs.us-east-1.amazonaws.com/1/q',
      ],
      policyDocument: {
        Statement: [
          { Effect: 'Allow', Principal: { AWS: '111122223333' }, Action: 'sqs:SendMessage', Resource: '*' },
        ],
      },
    });
    const assembly = app.synth();
    return { assembly, stack: assembly.getStackByName('careless') };
  };

  it('report what they lack, naming the resource and the documentation page (the check is live)', () => {
    const { assembly, stack } = careless();
    const found = chinaFindings(stack.template, 'cn-northwest-1', definitionReader(assembly.directory)).map(
      (f) => [f.logicalId, f.feature.split(' ').slice(0, 3).join(' '), f.page.title],
    );
    expect(found).toEqual([
      ['Pool', 'Amazon Cognito User', 'Amazon Cognito - Getting Started with Amazon Web Services in China'],
      [
        'Pool',
        'SMS messaging (a',
        'Amazon Simple Notification Service - Getting Started with Amazon Web Services in China',
      ],
      ['Ids', 'Amazon Cognito is', 'Amazon Cognito - Getting Started with Amazon Web Services in China'],
      ['Fn', 'Amazon X-Ray integration', 'Amazon Lambda - Getting Started with Amazon Web Services in China'],
      ['Url', 'Amazon Lambda Function', 'Amazon Lambda - Getting Started with Amazon Web Services in China'],
      [
        'Sms',
        'SMS messaging and',
        'Amazon Simple Notification Service - Getting Started with Amazon Web Services in China',
      ],
      [
        'Http',
        'Support to call',
        'Amazon Step Functions - Getting Started with Amazon Web Services in China',
      ],
    ]);
    // Identity pools exist in Beijing.
    expect(
      chinaFindings(stack.template, 'cn-north-1', definitionReader(assembly.directory)).map(
        (f) => f.logicalId,
      ),
    ).not.toContain('Ids');
  });

  it('report ARNs and hosts of the global partition, but not service principals', () => {
    const { stack } = careless();
    expect(partitionLiterals(stack.template).map((l) => `${l.where} ${l.path}`)).toEqual([
      'Resources.Invoke Properties.SourceArn',
      'Resources.Hosts Properties.Queues.1',
      'Outputs.Literal Value',
    ]);
  });

  it('fail synth through the validation plugin for a China stack only', () => {
    const { assembly, stack } = careless();
    const templatePath = join(assembly.directory, stack.templateFile);
    const report = (region: string) =>
      new ChinaChecks().validate({
        templatePaths: [templatePath],
        stackTemplates: [{ stackConstructPath: 'careless', templatePath, accountId: undefined, region }],
        appConstruct: new App(),
      });
    const china = report('cn-northwest-1');
    expect(china.success).toBe(false);
    expect(china.violations.map((v) => v.ruleName)).toEqual(
      expect.arrayContaining(['unavailable-in-china', 'global-partition-literal']),
    );
    expect(china.violations[0]?.description).toContain(
      '"Amazon Cognito - Getting Started with Amazon Web Services in China", https://docs.amazonaws.cn/',
    );
    expect(china.violations[0]?.violatingResources[0]?.resourceLogicalId).toBe('Pool');
    expect(report('us-east-1')).toEqual({ success: true, violations: [] });
  });
});

describe('a bad jurisdiction config', () => {
  it('fails with the file and the field named', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tongban-bad-'));
    outdirs.push(dir);
    const config = JSON.parse(readFileSync(join(projectRoot, 'infra/jurisdictions/ngari.json'), 'utf8'));
    config.divisionCode = '5425';
    const file = join(dir, 'ngari.json');
    writeFileSync(file, JSON.stringify(config));
    const load = () => loadJurisdictionFile(file);
    expect(load).toThrowError(JurisdictionConfigError);
    expect(load).toThrowError(/ngari\.json: divisionCode: .*6-digit/);
  });

  it('stops `cdk synth` with a one-line message, not a stack trace', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'tongban-cdk-'));
    outdirs.push(outdir);
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'infra/app.ts'], {
      cwd: projectRoot,
      encoding: 'utf8',
      env: {
        ...process.env,
        CDK_OUTDIR: outdir,
        CDK_CONTEXT_JSON: JSON.stringify({ jurisdiction: 'atlantis' }),
      },
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('Unknown jurisdiction "atlantis"');
    expect(run.stderr).toContain('dinghai');
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(existsSync(join(outdir, 'manifest.json'))).toBe(false);
  });
});
