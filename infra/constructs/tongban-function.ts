// The house defaults of every function, fixed once: the newest Node runtime on arm64, an ESM bundle with the
// AWS SDK inside and the jurisdiction's config baked in (the same esbuild options the bundle benchmark
// measures), a log group of its own with retention, a role that may only write to that log group and send
// traces (bindings add the rest). Its errors and throttles page through the account-wide alarms of
// function-alarms.ts. In the China Regions Lambda has no X-Ray integration, so functions there are not
// traced and their roles get no X-Ray permission.
import { join } from 'node:path';
import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { FunctionSpec } from '../../functions/manifest.ts';
import type { Jurisdiction } from '../../shared/jurisdiction.ts';
import { inChina } from '../china.ts';
import {
  chinaLambdaRuntimeName,
  defaultMemoryMb,
  defaultTimeoutSeconds,
  lambdaRuntimeName,
} from '../lambda-runtime.ts';
import { names } from '../naming.ts';
import { acknowledge } from './acknowledge.ts';
import { functionCode } from './function-code.ts';

export const projectRoot = join(import.meta.dirname, '..', '..');

/**
 * The Node.js runtime of `infra/lambda-runtime.ts`, named explicitly: `NODEJS_LATEST` lags behind the
 * newest runtime and moves silently when aws-cdk-lib is upgraded, and the local sandboxes follow this name.
 */
export const nodeRuntime = new lambda.Runtime(lambdaRuntimeName, lambda.RuntimeFamily.NODEJS, {
  supportsInlineCode: true,
});

/** The runtime the China Regions list (see `chinaLambdaRuntimeName`). */
export const chinaNodeRuntime =
  chinaLambdaRuntimeName === lambdaRuntimeName
    ? nodeRuntime
    : new lambda.Runtime(chinaLambdaRuntimeName, lambda.RuntimeFamily.NODEJS, { supportsInlineCode: true });

/** Six months: the minimum the Cybersecurity Law (网络安全法 art. 21) asks for network logs. */
export const logRetention = logs.RetentionDays.SIX_MONTHS;

export interface TongbanFunctionProps {
  spec: FunctionSpec;
  jurisdiction: Jurisdiction;
}

export class TongbanFunction extends Construct {
  readonly spec: FunctionSpec;
  readonly fn: lambda.Function;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: TongbanFunctionProps) {
    super(scope, id);
    const { spec, jurisdiction } = props;
    this.spec = spec;
    const functionName = names(jurisdiction.id).function(spec.name);

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      logGroupName: `/aws/lambda/${functionName}`,
      retention: logRetention,
    });
    // An own role instead of AWSLambdaBasicExecutionRole, whose log permissions cover every log group.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs ${functionName}`,
    });
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );
    const china = inChina(this);
    const runtime = china ? chinaNodeRuntime : nodeRuntime;
    this.fn = new lambda.Function(this, 'Function', {
      functionName,
      description: spec.description,
      code: functionCode(spec, jurisdiction, runtime),
      // The `handler` export of the bundle's index.mjs.
      handler: 'index.handler',
      runtime,
      architecture: lambda.Architecture.ARM_64,
      memorySize: spec.memoryMb ?? defaultMemoryMb,
      timeout: Duration.seconds(spec.timeoutSeconds ?? defaultTimeoutSeconds),
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
    });
    // "Amazon X-Ray integration with Lambda functions is not available in the China Regions" (Amazon Lambda -
    // Getting Started with Amazon Web Services in China): no tracing there, and no permission for it.
    if (!china) this.traceActively();
  }

  /**
   * Active tracing is sampled (1 request a second plus 5 %), so its cost stays small; it shows cold starts and
   * links Step Functions executions to the invocations they make. Set on the L1 resource because the L2
   * `tracing` prop would put the X-Ray wildcard into the role's default policy beside the bindings.
   */
  private traceActively() {
    // X-Ray writes take no resource ARN, so they live in a policy of their own: the one wildcard is
    // acknowledged there, and a wildcard slipping into the binding grants would still be reported.
    const tracing = new iam.Policy(this, 'TracingPolicy', {
      roles: [this.role],
      statements: [
        new iam.PolicyStatement({
          actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'],
          resources: ['*'],
        }),
      ],
    });
    acknowledge(
      tracing,
      'AwsSolutions-IAM5[Resource::*]',
      'X-Ray PutTraceSegments/PutTelemetryRecords support no resource-level permissions.',
    );
    (this.fn.node.defaultChild as lambda.CfnFunction).tracingConfig = { mode: lambda.Tracing.ACTIVE };
    // Lambda checks the X-Ray permission when the function is created.
    this.fn.node.addDependency(tracing);
  }

  private readonly variables = new Map<string, string>();

  /** Sets a variable of the function's environment (see `functionEnvironment` in the manifest), once. */
  setVariable(name: string, value: string) {
    if (this.variables.has(name)) throw new Error(`Function ${this.spec.name}: ${name} is set twice`);
    this.variables.set(name, value);
    this.fn.addEnvironment(name, value);
  }
}
