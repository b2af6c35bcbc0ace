// 跨部门流程 multi-department workflows: one Standard state machine per `stateMachineSpecs` entry, its
// definition read from the ASL file as it is (the local cloud runs the same file) with each placeholder
// replaced by the ARN of the manifest function it names. Executions are logged and traced, and alarm on
// failure and timeout.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ArnFormat, Aws, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { type StartBinding, type StateMachineSpec, startBindings } from '../../functions/manifest.ts';
import type { Jurisdiction } from '../../shared/jurisdiction.ts';
import { names } from '../naming.ts';
import { acknowledge, nagArnRef } from './acknowledge.ts';
import { logRetention, projectRoot, type TongbanFunction } from './tongban-function.ts';

export { partitionPlaceholder } from '../../functions/manifest.ts';

import { partitionPlaceholder } from '../../functions/manifest.ts';

/** Whether a state machine's definition sets an execution timeout (top-level TimeoutSeconds). */
const definesTimeout = (file: string) =>
  (JSON.parse(readFileSync(join(projectRoot, file), 'utf8')) as { TimeoutSeconds?: number })
    .TimeoutSeconds !== undefined;

export interface WorkflowsProps {
  jurisdiction: Jurisdiction;
  specs: readonly StateMachineSpec[];
  functions: ReadonlyMap<string, TongbanFunction>;
  alarmTopic: sns.ITopic;
}

export class Workflows extends Construct {
  readonly stateMachines: sfn.StateMachine[] = [];
  /**
   * ARNs built from the (deterministic) names rather than taken from the resources: a function the machine
   * invokes and that also answers its task tokens would otherwise make a dependency cycle (function →
   * its policy → machine → machine's policy → function).
   */
  readonly stateMachineArns: string[] = [];
  /** The same ARNs by the binding that starts each machine's executions. */
  readonly startArns: Record<StartBinding, string[]> = Object.fromEntries(
    startBindings.map((b) => [b, []]),
  ) as unknown as Record<StartBinding, string[]>;

  constructor(scope: Construct, id: string, props: WorkflowsProps) {
    super(scope, id);
    const n = names(props.jurisdiction.id);

    for (const spec of props.specs) {
      const stateMachineName = n.stateMachine(spec.name);
      if (partitionPlaceholder in spec.functionArns) {
        throw new Error(
          `State machine ${spec.name}: \${${partitionPlaceholder}} is reserved for the partition`,
        );
      }
      const targets = Object.entries(spec.functionArns).map(([placeholder, functionName]) => {
        const target = props.functions.get(functionName);
        if (!target) {
          throw new Error(
            `State machine ${spec.name}: placeholder \${${placeholder}} names ${functionName}, ` +
              'which is not a function of the manifest',
          );
        }
        return { placeholder, target };
      });

      // vendedlogs: Step Functions delivers through CloudWatch Logs' vended-log path, whose resource policy
      // stays small however many machines log.
      const logGroup = new logs.LogGroup(this, `${spec.name}-Logs`, {
        logGroupName: `/aws/vendedlogs/states/${stateMachineName}`,
        retention: logRetention,
        removalPolicy: RemovalPolicy.RETAIN,
      });
      const machine = new sfn.StateMachine(this, spec.name, {
        stateMachineName,
        stateMachineType: sfn.StateMachineType.STANDARD,
        definitionBody: sfn.DefinitionBody.fromFile(join(projectRoot, spec.file)),
        definitionSubstitutions: {
          [partitionPlaceholder]: Aws.PARTITION,
          ...Object.fromEntries(
            targets.map(({ placeholder, target }) => [placeholder, target.fn.functionArn]),
          ),
        },
        // Every event, without state inputs and outputs: those carry applicants' personal data.
        logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
        tracingEnabled: true,
      });
      for (const { target } of targets) {
        target.fn.grantInvoke(machine);
        acknowledge(
          machine,
          `AwsSolutions-IAM5[Resource::${nagArnRef(target.fn)}:*]`,
          `Invokes the versions and aliases of ${target.spec.name} only.`,
        );
      }
      acknowledge(
        machine,
        'AwsSolutions-IAM5[Resource::*]',
        'Log delivery (logs:*LogDelivery, DescribeLogGroups, ...) and X-Ray writes support no resource-level permissions.',
      );
      this.stateMachines.push(machine);
      const arn = Stack.of(this).formatArn({
        service: 'states',
        resource: 'stateMachine',
        resourceName: stateMachineName,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      });
      this.stateMachineArns.push(arn);
      this.startArns[spec.startBinding ?? 'workflow:start'].push(arn);

      const alarm = (name: string, metric: cloudwatch.IMetric) =>
        new cloudwatch.Alarm(this, `${spec.name}-${name}Alarm`, {
          alarmName: `${stateMachineName}-${name.toLowerCase()}`,
          alarmDescription: `${name} executions of ${stateMachineName} in the last 5 minutes`,
          metric,
          threshold: 1,
          evaluationPeriods: 1,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        }).addAlarmAction(new actions.SnsAction(props.alarmTopic));
      alarm('Failed', machine.metricFailed({ period: Duration.minutes(5), statistic: 'Sum' }));
      // An execution times out only when its definition sets TimeoutSeconds; a state's own timeout is
      // handled in the definition (caught, or failing the execution, which the Failed alarm sees).
      if (definesTimeout(spec.file))
        alarm('TimedOut', machine.metricTimedOut({ period: Duration.minutes(5), statistic: 'Sum' }));
    }
  }
}
