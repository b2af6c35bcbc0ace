// The house defaults of every function, fixed once: Node on arm64, an ESM bundle with the AWS SDK inside and
// the jurisdiction's config baked in, a log group of its own with retention, a role that may only write
// to that log group (bindings add the rest), and alarms on errors and throttles.

import { join } from 'node:path';
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { FunctionSpec } from '../../functions/manifest.ts';
import type { Jurisdiction } from '../../shared/jurisdiction.ts';
import { bundleDefine, esmRequireBanner } from '../bundling.ts';
import { names } from '../naming.ts';

export const projectRoot = join(import.meta.dirname, '..', '..');

/** The newest Node.js runtime this aws-cdk-lib offers. */
export const nodeRuntime = lambda.Runtime.NODEJS_24_X;

export interface TongbanFunctionProps {
  spec: FunctionSpec;
  jurisdiction: Jurisdiction;
  alarmTopic: sns.ITopic;
}

export class TongbanFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: TongbanFunctionProps) {
    super(scope, id);
    const { spec, jurisdiction } = props;
    const functionName = names(jurisdiction.id).function(spec.name);

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      logGroupName: `/aws/lambda/${functionName}`,
      retention: logs.RetentionDays.SIX_MONTHS,
    });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs ${functionName}`,
    });
    this.role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );

    this.fn = new NodejsFunction(this, 'Function', {
      functionName,
      description: spec.description,
      entry: join(projectRoot, spec.entry),
      handler: 'handler',
      projectRoot,
      depsLockFilePath: join(projectRoot, 'package-lock.json'),
      runtime: nodeRuntime,
      architecture: lambda.Architecture.ARM_64,
      memorySize: spec.memoryMb ?? 512,
      timeout: Duration.seconds(spec.timeoutSeconds ?? 10),
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      environment: {
        POWERTOOLS_SERVICE_NAME: 'tongban',
        POWERTOOLS_LOG_LEVEL: 'INFO',
        NODE_OPTIONS: '--enable-source-maps',
      },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node22',
        minify: true,
        sourceMap: true,
        mainFields: ['module', 'main'],
        banner: esmRequireBanner,
        bundleAwsSDK: true,
        define: bundleDefine(jurisdiction),
        externalModules: [],
      },
    });

    const alarm = (metricName: 'Errors' | 'Throttles', metric: cloudwatch.IMetric) => {
      const created = new cloudwatch.Alarm(this, `${metricName}Alarm`, {
        alarmName: `${functionName}-${metricName.toLowerCase()}`,
        alarmDescription: `${metricName} of ${functionName} in the last 5 minutes`,
        metric,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      created.addAlarmAction(new actions.SnsAction(props.alarmTopic));
    };
    alarm('Errors', this.fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }));
    alarm('Throttles', this.fn.metricThrottles({ period: Duration.minutes(5), statistic: 'Sum' }));
  }
}
