// What pages the on-call team about the functions, for $0.10 a metric a month rather than two alarms a
// function. CloudWatch bills an alarm by the metrics it reads, so one metric-math alarm over every function's
// Errors would cost as much as an alarm each; Lambda also publishes Errors and Throttles without dimensions,
// for the whole account and Region, and those two alarms cover every function there is now or later:
// - Errors: any invocation that failed (a handler's exception, a timeout, running out of memory), whoever
//   invoked it — the API, a schedule, a queue, the table stream or a state machine. The page names no
//   function; the functions' own Errors metrics, published anyway and free to read, show which.
// - Throttles: concurrency is the account's, shared by every jurisdiction deployed in it; a throttle anywhere
//   delays this one's work too.
// Several jurisdictions in one account each get both alarms, on the same metrics: each tenant's operators
// are paged. What the account-wide alarms cannot tell is caught more precisely elsewhere: the API's server
// errors (tenant-api.ts), failed executions of each state machine (workflows.ts) and events no subscriber
// could take, or stream batches the relay could not publish (eventing.ts, its dead-letter queues).
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

export interface FunctionAlarmsProps {
  /** Prefix of the alarm names: the stack's (`tongban-<id>`). */
  prefix: string;
  alarmTopic: sns.ITopic;
}

export class FunctionAlarms extends Construct {
  constructor(scope: Construct, id: string, props: FunctionAlarmsProps) {
    super(scope, id);
    for (const metricName of ['Errors', 'Throttles'] as const) {
      new cloudwatch.Alarm(this, `${metricName}Alarm`, {
        alarmName: `${props.prefix}-lambda-${metricName.toLowerCase()}`,
        alarmDescription: `${metricName} of any Lambda function of the account in this Region in the last 5 minutes; each function's own ${metricName} metric shows which`,
        metric: new cloudwatch.Metric({
          namespace: 'AWS/Lambda',
          metricName,
          period: Duration.minutes(5),
          statistic: 'Sum',
        }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }).addAlarmAction(new actions.SnsAction(props.alarmTopic));
    }
  }
}
