// The personal-data migration on every deploy: a custom resource whose provider (the CDK Provider
// framework) invokes the personal-data-migration function once the table, the personal-data key and the
// function's grants exist, then every minute until the function says it is done. The function keeps its
// place in the table and works at most ten minutes a call, so a table of any size is migrated within the
// provider's two hours, resumed where it stopped; past them (an enormous backlog) the deploy fails and the
// next deploy starts the scan again (sealed rows are only read, so it moves on quickly to what is left).
// The function failing fails the deploy. Its run property changes with every synthesis, so every deploy
// runs it; deleting the stack runs nothing.
import { CustomResource, Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { names } from '../naming.ts';
import { acknowledge, nagArnRef } from './acknowledge.ts';
import { logRetention, type TongbanFunction } from './tongban-function.ts';

export interface PersonalDataMigrationProps {
  /** The personal-data-migration function (bound to the table and personal-data:seal). */
  migration: TongbanFunction;
  jurisdictionId: string;
}

export class PersonalDataMigration extends Construct {
  readonly resource: CustomResource;

  constructor(scope: Construct, id: string, props: PersonalDataMigrationProps) {
    super(scope, id);
    const { migration } = props;
    // Every physical name namespaced by the jurisdiction, like the rest of the stack's.
    const name = (part: string) =>
      `${names(props.jurisdictionId).function('personal-data-migration')}-${part}`;
    const logGroup = new logs.LogGroup(this, 'ProviderLogs', {
      logGroupName: `/aws/lambda/${name('provider')}`,
      retention: logRetention,
    });
    // The framework's own functions: roles that may write to this log group, and what the framework adds
    // (invoking the migration function, starting and answering its waiter); no AWSLambdaBasicExecutionRole,
    // which covers every log group. One for starting, one for polling: a shared role would make the waiter
    // depend on itself.
    const frameworkRole = (name: string) => {
      const role = new iam.Role(this, name, {
        assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
        description: 'Runs the provider of the personal-data migration',
      });
      role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          resources: [logGroup.logGroupArn],
        }),
      );
      acknowledge(
        role,
        `AwsSolutions-IAM5[Resource::${nagArnRef(migration.fn)}:*]`,
        'The Provider framework invokes any version of the one migration function it is given.',
      );
      return role;
    };
    const onEventRole = frameworkRole('StartRole');
    const completeRole = frameworkRole('PollRole');
    const provider = new cr.Provider(this, 'Provider', {
      onEventHandler: migration.fn,
      isCompleteHandler: migration.fn,
      queryInterval: Duration.minutes(1),
      totalTimeout: Duration.hours(2),
      providerFunctionName: name('start'),
      frameworkOnEventRole: onEventRole,
      frameworkCompleteAndTimeoutRole: completeRole,
      logGroup,
      disableWaiterStateMachineLogging: false,
      waiterStateMachineLogOptions: {
        destination: new logs.LogGroup(this, 'WaiterLogs', {
          logGroupName: `/aws/vendedlogs/states/${name('waiter')}`,
          retention: logRetention,
        }),
        level: sfn.LogLevel.ALL,
      },
    });
    this.resource = new CustomResource(this, 'Run', {
      serviceToken: provider.serviceToken,
      resourceType: 'Custom::PersonalDataMigration',
      // A new value each synthesis: CloudFormation updates the resource, and so migrates, on every deploy.
      properties: { run: new Date().toISOString() },
    });
    // After the function's role has its grants (the table, the key).
    this.resource.node.addDependency(migration);

    const waiter = provider.node.findChild('waiter-state-machine');
    (waiter.node.defaultChild as sfn.CfnStateMachine).stateMachineName = name('waiter');
    for (const [fn, part] of [
      ['isComplete', 'poll'],
      ['onTimeout', 'timeout'],
    ] as const)
      (provider.node.findChild(`framework-${fn}`).node.defaultChild as lambda.CfnFunction).functionName =
        name(part);
    for (const fn of ['isComplete', 'onTimeout'])
      acknowledge(
        waiter,
        `AwsSolutions-IAM5[Resource::${nagArnRef(provider.node.findChild(`framework-${fn}`))}:*]`,
        "The waiter invokes any version of the framework's own polling and timeout functions.",
      );
    acknowledge(
      waiter,
      'AwsSolutions-IAM5[Resource::*]',
      'Step Functions log delivery (logs:CreateLogDelivery and the rest) supports no resource-level permissions.',
    );
    acknowledge(
      waiter,
      'AwsSolutions-SF2',
      "The framework's waiter only calls the polling function once a minute; CDK offers no tracing for it, and X-Ray is not available in the China Regions.",
    );
  }
}
