// One jurisdiction's whole platform: data (table, licence and asset buckets, keys), identity (Cognito),
// the HTTP API with its JWT authorizer, every function of the manifest with exactly the permissions its
// bindings name, the workflow state machines, the event bus and the alarms.

import { join } from 'node:path';
import {
  Aws,
  type CfnElement,
  CfnOutput,
  Duration,
  RemovalPolicy,
  Stack,
  type StackProps,
  Tags,
  Validations,
} from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { type RouteKey, splitRouteKey } from '../functions/lib/route.ts';
import { tableDesign } from '../functions/lib/table.ts';
import { type Binding, bindingVariables, functionSpecs, stateMachineSpecs } from '../functions/manifest.ts';
import { roles } from '../shared/identity.ts';
import type { Jurisdiction } from '../shared/jurisdiction.ts';
import { projectRoot, TongbanFunction } from './constructs/tongban-function.ts';
import { names } from './naming.ts';

export interface TenantStackProps extends StackProps {
  jurisdiction: Jurisdiction;
}

const acknowledge = (scope: Construct, id: string, reason: string) =>
  Validations.of(scope).acknowledge({ id, reason });

export class TenantStack extends Stack {
  constructor(scope: Construct, id: string, props: TenantStackProps) {
    super(scope, id, props);
    const { jurisdiction } = props;
    const n = names(jurisdiction.id);
    Tags.of(this).add('tongban:jurisdiction', jurisdiction.id);
    Tags.of(this).add('tongban:division-code', jurisdiction.divisionCode);

    // Data at rest is encrypted with the jurisdiction's own key, so it controls (and can audit) every use.
    const dataKey = new kms.Key(this, 'DataKey', {
      alias: `alias/${n.stack}-data`,
      description: `Encrypts the data of ${jurisdiction.name.zh}`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // 电子印章 electronic seal: an asymmetric key whose private half never leaves KMS.
    const sealKey = new kms.Key(this, 'SealKey', {
      alias: n.signingKeyAlias,
      description: `Electronic seal of ${jurisdiction.name.zh}: signs e-licences (ES256)`,
      keySpec: kms.KeySpec.ECC_NIST_P256,
      keyUsage: kms.KeyUsage.SIGN_VERIFY,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(
      sealKey,
      'AwsSolutions-KMS5',
      'KMS does not rotate asymmetric keys; seal keys are rotated by issuing a new key, old public keys stay published for verification.',
    );

    const table = new dynamodb.Table(this, 'Table', {
      tableName: n.table,
      partitionKey: { name: tableDesign.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: tableDesign.sortKey, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: dataKey,
      timeToLiveAttribute: tableDesign.timeToLiveAttribute,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of tableDesign.globalIndexes) {
      table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: dynamodb.AttributeType.STRING },
        sortKey: { name: index.sortKey, type: dynamodb.AttributeType.STRING },
      });
    }

    const accessLogs = new s3.Bucket(this, 'AccessLogBucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(365), noncurrentVersionExpiration: Duration.days(30) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(
      accessLogs,
      'AwsSolutions-S1',
      'This bucket is the server access log target; logging it into itself would loop.',
    );

    // Every data bucket: private, TLS only, versioned, encrypted with the jurisdiction's key and a bucket key,
    // access-logged, and named globally unique.
    const dataBucket = (id: string, name: string, props: s3.BucketProps) =>
      new s3.Bucket(this, id, {
        bucketName: `${name}-${Aws.ACCOUNT_ID}-${Aws.REGION}`,
        encryption: s3.BucketEncryption.KMS,
        encryptionKey: dataKey,
        bucketKeyEnabled: true,
        blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
        enforceSSL: true,
        versioned: true,
        serverAccessLogsBucket: accessLogs,
        serverAccessLogsPrefix: `${id}/`,
        ...props,
      });

    // E-licences are legal records: write-once for ten years (governance mode, so a court order can still be
    // executed by a privileged role), kept when the stack goes.
    const licences = dataBucket('LicenceBucket', n.licenceBucket, {
      objectLockEnabled: true,
      objectLockDefaultRetention: s3.ObjectLockRetention.governance(Duration.days(3650)),
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // Derived files the platform rebuilds at will (the catalogue search snapshot): no lock, old versions expire.
    const assets = dataBucket('AssetBucket', n.assetBucket, {
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(7) }],
      removalPolicy: RemovalPolicy.DESTROY,
    });

    const eventBus = new events.EventBus(this, 'EventBus', { eventBusName: n.eventBus });

    const alarmTopic = new sns.Topic(this, 'AlarmTopic', {
      topicName: `${n.stack}-alarms`,
      displayName: `tongban ${jurisdiction.id} alarms`,
      masterKey: dataKey,
      enforceSSL: true,
    });
    dataKey.grantEncryptDecrypt(new iam.ServicePrincipal('cloudwatch.amazonaws.com'));

    // Identity: one user pool per jurisdiction; roles are groups, verified attributes are custom attributes
    // only the platform (not the user) may write.
    const userPool = new cognito.UserPool(this, 'UserPool', {
      userPoolName: n.userPool,
      signInAliases: { username: true, phone: true, email: true },
      selfSignUpEnabled: true,
      autoVerify: { phone: true, email: true },
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { sms: true, otp: true },
      passwordPolicy: {
        minLength: 10,
        requireDigits: true,
        requireLowercase: true,
        requireUppercase: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      accountRecovery: cognito.AccountRecovery.PHONE_AND_EMAIL,
      customAttributes: {
        idNumber: new cognito.StringAttribute({ minLen: 15, maxLen: 18, mutable: true }),
        creditCode: new cognito.StringAttribute({ minLen: 18, maxLen: 18, mutable: true }),
        department: new cognito.StringAttribute({ minLen: 1, maxLen: 32, mutable: true }),
      },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(
      userPool,
      'AwsSolutions-IAM5[Resource::*]',
      'Cognito sends verification SMS with sns:Publish to phone numbers, which have no ARN to scope to.',
    );
    for (const role of roles) {
      new cognito.CfnUserPoolGroup(this, `Group-${role}`, {
        userPoolId: userPool.userPoolId,
        groupName: role,
        description: `tongban role ${role}`,
      });
    }
    const client = userPool.addClient('AppClient', {
      userPoolClientName: `${n.userPool}-app`,
      generateSecret: false,
      authFlows: { userSrp: true },
      preventUserExistenceErrors: true,
      readAttributes: new cognito.ClientAttributes()
        .withStandardAttributes({ fullname: true, phoneNumber: true, email: true })
        .withCustomAttributes('idNumber', 'creditCode', 'department'),
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes({
        fullname: true,
        phoneNumber: true,
        email: true,
      }),
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(7),
    });
    const issuer = `https://cognito-idp.${Aws.REGION}.${Aws.URL_SUFFIX}/${userPool.userPoolId}`;

    const apiLogs = new logs.LogGroup(this, 'ApiAccessLogs', {
      logGroupName: `/aws/apigateway/${n.api}`,
      retention: logs.RetentionDays.SIX_MONTHS,
    });
    const api = new apigw.HttpApi(this, 'HttpApi', {
      apiName: n.api,
      description: `tongban API of ${jurisdiction.name.zh}`,
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: ['*'],
        allowMethods: [apigw.CorsHttpMethod.ANY],
        allowHeaders: ['authorization', 'content-type', 'idempotency-key', 'x-import-id'],
        maxAge: Duration.hours(1),
      },
    });
    new apigw.HttpStage(this, 'DefaultStage', {
      httpApi: api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: 200, burstLimit: 400 },
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(apiLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            routeKey: '$context.routeKey',
            status: '$context.status',
            latency: '$context.responseLatency',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
          }),
        ),
      },
    });
    const authorizer = new HttpJwtAuthorizer('CognitoJwt', issuer, {
      authorizerName: `${n.api}-jwt`,
      jwtAudience: [client.userPoolClientId],
    });

    const stateMachines = stateMachineSpecs.map((machine) => ({
      machine,
      resource: undefined as sfn.StateMachine | undefined,
    }));

    const functions = new Map<string, TongbanFunction>();
    for (const spec of functionSpecs) {
      const tf = new TongbanFunction(this, `Fn-${spec.name}`, { spec, jurisdiction, alarmTopic });
      functions.set(spec.name, tf);
      this.bind(tf, spec.bindings, { table, licences, assets, sealKey, eventBus });
      const integration = new HttpLambdaIntegration(`${spec.name}-integration`, tf.fn);
      for (const [key, route] of Object.entries(spec.routes ?? {})) {
        const { method, path } = splitRouteKey(key as RouteKey);
        const [created] = api.addRoutes({
          path,
          methods: [method as apigw.HttpMethod],
          integration,
          ...(route.auth === 'public' ? {} : { authorizer }),
        });
        if (route.auth === 'public' && created) {
          acknowledge(created, 'AwsSolutions-APIG4', `${key} is public by design (${route.summary}).`);
        }
      }
      if (spec.defaultRoute) {
        const fallback = new apigw.HttpRoute(this, 'DefaultRoute', {
          httpApi: api,
          routeKey: apigw.HttpRouteKey.DEFAULT,
          integration,
        });
        acknowledge(
          fallback,
          'AwsSolutions-APIG4',
          '$default only answers unknown routes with a JSON 404; it serves no data.',
        );
      }
    }

    for (const entry of stateMachines) {
      const { machine } = entry;
      const substitutions: Record<string, string> = {};
      for (const [placeholder, fnName] of Object.entries(machine.functionArns)) {
        const target = functions.get(fnName);
        if (!target) throw new Error(`State machine ${machine.name} names unknown function ${fnName}`);
        substitutions[placeholder] = target.fn.functionArn;
      }
      const logGroup = new logs.LogGroup(this, `Sfn-${machine.name}-Logs`, {
        logGroupName: `/aws/vendedlogs/states/${n.stateMachine(machine.name)}`,
        retention: logs.RetentionDays.SIX_MONTHS,
      });
      const resource = new sfn.StateMachine(this, `Sfn-${machine.name}`, {
        stateMachineName: n.stateMachine(machine.name),
        stateMachineType: sfn.StateMachineType.STANDARD,
        definitionBody: sfn.DefinitionBody.fromFile(join(projectRoot, machine.file)),
        definitionSubstitutions: substitutions,
        logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
        tracingEnabled: true,
      });
      for (const fnName of Object.values(machine.functionArns))
        functions.get(fnName)!.fn.grantInvoke(resource);
      entry.resource = resource;
    }
    for (const spec of functionSpecs) {
      const tf = functions.get(spec.name)!;
      for (const { resource } of stateMachines) {
        if (!resource) continue;
        if (spec.bindings.includes('workflow:start')) {
          resource.grantStartExecution(tf.role);
          tf.fn.addEnvironment(bindingVariables['workflow:start']!, resource.stateMachineArn);
        }
        if (spec.bindings.includes('workflow:callback')) resource.grantTaskResponse(tf.role);
      }
    }

    new cloudwatch.Alarm(this, 'Api5xxAlarm', {
      alarmName: `${n.api}-5xx`,
      alarmDescription: 'The API answered with server errors in the last 5 minutes',
      metric: new cloudwatch.Metric({
        namespace: 'AWS/ApiGateway',
        metricName: '5xx',
        dimensionsMap: { ApiId: api.apiId, Stage: '$default' },
        period: Duration.minutes(5),
        statistic: 'Sum',
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    }).addAlarmAction(new actions.SnsAction(alarmTopic));

    new CfnOutput(this, 'ApiUrl', { value: api.apiEndpoint });
    new CfnOutput(this, 'UserPoolId', { value: userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: client.userPoolClientId });
    new CfnOutput(this, 'Issuer', { value: issuer });
    new CfnOutput(this, 'TableName', { value: table.tableName });
    new CfnOutput(this, 'LicenceBucketName', { value: licences.bucketName });
    new CfnOutput(this, 'SealKeyArn', { value: sealKey.keyArn });
    new CfnOutput(this, 'AlarmTopicArn', { value: alarmTopic.topicArn });
  }

  /** A binding is an environment variable and the matching grant, made together so they cannot drift. */
  private bind(
    tf: TongbanFunction,
    bindings: readonly Binding[],
    resources: {
      table: dynamodb.Table;
      licences: s3.Bucket;
      assets: s3.Bucket;
      sealKey: kms.Key;
      eventBus: events.EventBus;
    },
  ) {
    const arnOf = (resource: Construct) =>
      `<${this.getLogicalId(resource.node.defaultChild as CfnElement)}.Arn>`;
    // cdk-nag reports each wildcard separately; each is acknowledged with the reason it is bounded.
    const wildcards = (findings: string[], reason: string) => {
      for (const finding of findings) acknowledge(tf.role, `AwsSolutions-IAM5[${finding}]`, reason);
    };
    const bucketRead = (bucket: s3.Bucket) => {
      bucket.grantRead(tf.role);
      wildcards(
        [
          'Action::s3:GetBucket*',
          'Action::s3:GetObject*',
          'Action::s3:List*',
          `Resource::${arnOf(bucket)}/*`,
        ],
        'CDK read grant: object reads and listing limited to this one bucket of this jurisdiction.',
      );
      return bucket.bucketName;
    };
    const bucketWrite = (bucket: s3.Bucket) => {
      bucketRead(bucket);
      bucket.grantPut(tf.role);
      wildcards(
        ['Action::s3:Abort*', 'Action::kms:GenerateDataKey*', 'Action::kms:ReEncrypt*'],
        "CDK put grant: uploads (no deletes) into this one bucket, with data keys of this jurisdiction's own KMS key.",
      );
      return bucket.bucketName;
    };
    const { table } = resources;
    const tableGrant = (grant: (role: iam.IGrantable) => unknown) => {
      grant(tf.role);
      wildcards(
        [`Resource::${arnOf(table)}/index/*`],
        "Queries on the secondary indexes of this jurisdiction's own table only.",
      );
      return table.tableName;
    };
    // Each binding grants and returns the value of its environment variable (workflow bindings are
    // granted once the state machines exist, in the constructor).
    const grants: Record<Binding, () => string | undefined> = {
      'table:read': () => tableGrant((role) => table.grantReadData(role)),
      'table:write': () => tableGrant((role) => table.grantReadWriteData(role)),
      'licences:read': () => bucketRead(resources.licences),
      'licences:write': () => bucketWrite(resources.licences),
      'assets:read': () => bucketRead(resources.assets),
      'assets:write': () => bucketWrite(resources.assets),
      'seal:sign': () => {
        resources.sealKey.grant(tf.role, 'kms:Sign', 'kms:GetPublicKey');
        return resources.sealKey.keyArn;
      },
      'events:put': () => {
        resources.eventBus.grantPutEventsTo(tf.role);
        return resources.eventBus.eventBusName;
      },
      'workflow:start': () => undefined,
      'workflow:callback': () => undefined,
    };
    for (const binding of bindings) {
      const value = grants[binding]();
      const variable = bindingVariables[binding];
      if (value && variable) tf.fn.addEnvironment(variable, value);
    }
  }
}
