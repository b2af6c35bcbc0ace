// 事件投递 the delivery of domain events, from the manifest: the table's stream feeds the event relay (an
// event source mapping that passes only outbox inserts), and each subscription becomes an EventBridge rule
// whose target is a queue of its own in front of the subscribing function.
//
// Why a queue rather than the function as the rule's target: EventBridge hands a Lambda target over
// asynchronously, after which Lambda retries a failing function only twice within minutes. A consumer that
// waits for an engine to come back (the workflow follow-up) needs a day: its queue redelivers an event
// until it is handled, up to a day, and then moves it to the undelivered-events queue, which alarms.
// Everything here is plain Lambda, SQS and EventBridge, available in the China regions as elsewhere.
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsDlq, SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { eventSource, rulePattern } from '../../functions/lib/subscription.ts';
import { eventSubscriptions, type FunctionSpec } from '../../functions/manifest.ts';
import type { Jurisdiction } from '../../shared/jurisdiction.ts';
import { names } from '../naming.ts';
import { acknowledge } from './acknowledge.ts';
import type { TongbanFunction } from './tongban-function.ts';

/** How long an event is retried before it counts as undelivered: a day, as EventBridge itself retries. */
export const deliveryWindowSeconds = 24 * 3600;
/** SQS allows at most this many receives before a message moves to its dead-letter queue. */
const maxReceiveCountLimit = 1000;

export interface EventingProps {
  jurisdiction: Jurisdiction;
  eventBus: events.EventBus;
  table: dynamodb.Table;
  specs: readonly FunctionSpec[];
  functions: ReadonlyMap<string, TongbanFunction>;
  alarmTopic: sns.ITopic;
}

export class Eventing extends Construct {
  /** Events a subscription could not handle within the delivery window (or could not be queued at all). */
  readonly undelivered: sqs.Queue;
  /** Stream batches the relay could not put on the bus within its retries (their stream positions). */
  readonly relayFailures: sqs.Queue;
  readonly rules: events.Rule[] = [];
  readonly queues = new Map<string, sqs.Queue>();

  constructor(scope: Construct, id: string, props: EventingProps) {
    super(scope, id);
    const n = names(props.jurisdiction.id);

    // The queues are encrypted with SQS-managed keys (SSE-SQS): event details carry identifiers and
    // statuses only, EventBridge may send to such a queue without a key policy, and a customer-managed key
    // of their own would cost a key a month for nothing the queue policies do not already guard.
    this.undelivered = this.deadLetterQueue('Undelivered', `${n.stack}-undelivered-events`, props.alarmTopic);
    this.relayFailures = this.deadLetterQueue('RelayFailures', `${n.stack}-relay-failures`, props.alarmTopic);

    for (const spec of props.specs) {
      if (!spec.tableStream) continue;
      if (!spec.bindings.includes('stream:read'))
        throw new Error(`Function ${spec.name} is fed by the table stream and must bind stream:read`);
      const tf = this.functionOf(props.functions, spec.name);
      // In order per shard; a failing batch is halved until the failing record is alone, retried for as long
      // as the stream keeps it (a day), then its position goes to the relay-failures queue. The outbox item
      // itself stays in the table for a week, to be replayed from there.
      tf.fn.addEventSourceMapping('TableStream', {
        eventSourceArn: props.table.tableStreamArn!,
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: spec.tableStream.batchSize,
        maxBatchingWindow: Duration.seconds(0),
        bisectBatchOnError: true,
        retryAttempts: 10_000,
        maxRecordAge: Duration.days(1),
        parallelizationFactor: 1,
        onFailure: new SqsDlq(this.relayFailures),
        filters: [lambda.FilterCriteria.filter(spec.tableStream.filter)],
      });
    }

    for (const subscription of eventSubscriptions(props.specs)) {
      const tf = this.functionOf(props.functions, subscription.spec.name);
      const timeoutSeconds = tf.fn.timeout?.toSeconds() ?? 900;
      // AWS's advice: six times the function's timeout, so a batch in flight is never handed out twice.
      const visibilitySeconds = Math.max(6 * timeoutSeconds, 90);
      const queue = new sqs.Queue(this, `${subscription.name}-Queue`, {
        queueName: `${n.stack}-${subscription.name}`,
        encryption: sqs.QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        visibilityTimeout: Duration.seconds(visibilitySeconds),
        retentionPeriod: Duration.days(4),
        deadLetterQueue: {
          queue: this.undelivered,
          maxReceiveCount: Math.min(
            maxReceiveCountLimit,
            Math.ceil(deliveryWindowSeconds / visibilitySeconds),
          ),
        },
      });
      const rule = new events.Rule(this, `${subscription.name}-Rule`, {
        ruleName: `${n.stack}-${subscription.name}`,
        description: subscription.description,
        eventBus: props.eventBus,
        // Replaced below by the manifest's pattern as it is (EventBridge JSON, not CDK's camelCase form).
        eventPattern: { source: [eventSource(props.jurisdiction.id)] },
      });
      (rule.node.defaultChild as events.CfnRule).eventPattern = rulePattern(
        subscription.pattern,
        eventSource(props.jurisdiction.id),
      );
      rule.addTarget(
        new targets.SqsQueue(queue, {
          deadLetterQueue: this.undelivered,
          retryAttempts: 185,
          maxEventAge: Duration.hours(24),
        }),
      );
      tf.fn.addEventSource(
        new SqsEventSource(queue, {
          batchSize: 10,
          maxBatchingWindow: Duration.seconds(0),
          reportBatchItemFailures: true,
        }),
      );
      this.rules.push(rule);
      this.queues.set(subscription.name, queue);
    }

    // Schedules: a rule on the default bus (schedule rules live there) invoking the function directly; a
    // failed run is simply the next run's work.
    for (const spec of props.specs) {
      if (!spec.schedule) continue;
      const tf = this.functionOf(props.functions, spec.name);
      const rule = new events.Rule(this, `${spec.name}-Schedule`, {
        ruleName: `${n.stack}-${spec.name}-schedule`,
        description: spec.schedule.description,
        schedule: events.Schedule.expression(spec.schedule.rate),
      });
      rule.addTarget(new targets.LambdaFunction(tf.fn, { retryAttempts: 0 }));
      this.rules.push(rule);
    }
  }

  private functionOf(functions: ReadonlyMap<string, TongbanFunction>, name: string) {
    const tf = functions.get(name);
    if (!tf) throw new Error(`No function ${name} in the stack`);
    return tf;
  }

  /** A TLS-only queue, encrypted with SQS-managed keys, kept two weeks, alarming as soon as it holds anything. */
  private deadLetterQueue(id: string, queueName: string, alarmTopic: sns.ITopic) {
    const queue = new sqs.Queue(this, id, {
      queueName,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledge(queue, 'AwsSolutions-SQS3', 'This queue is itself a dead-letter queue.');
    new cloudwatch.Alarm(this, `${id}Alarm`, {
      alarmName: `${queueName}-waiting`,
      alarmDescription: `Messages waiting in ${queueName}: events that were not delivered`,
      metric: queue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: 'Maximum',
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    }).addAlarmAction(new actions.SnsAction(alarmTopic));
    return queue;
  }
}
