// The local Step Functions endpoint as product code meets it: the real @aws-sdk/client-sfn over HTTP.
// Callback tasks in a parallel Map, failures, timeouts and heartbeats caught by the definition, the errors AWS
// names, history, and an execution that survives a restart of the endpoint with its task tokens still valid.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  type DescribeExecutionCommandOutput,
  DescribeStateMachineCommand,
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  GetExecutionHistoryCommand,
  type HistoryEvent,
  InvalidDefinition,
  InvalidToken,
  ListExecutionsCommand,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  StateMachineDoesNotExist,
  StopExecutionCommand,
  TaskTimedOut,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExecutionEngine } from '../../../infra/local/stepfunctions/executions.ts';
import {
  type StepFunctionsEndpoint,
  startStepFunctionsEndpoint,
} from '../../../infra/local/stepfunctions/server.ts';
import { openStore } from '../../../infra/local/stepfunctions/store.ts';

const fn = (name: string) => `arn:aws:lambda:us-east-1:000000000000:function:${name}`;
const roleArn = 'arn:aws:iam::000000000000:role/workflow';
const reviewDefinition = readFileSync(
  join(import.meta.dirname, '../../fixtures/sfn-review.asl.json'),
  'utf8',
);

/** What the fake functions saw, and the task tokens handed to them by department (or by caller tag). */
interface Fakes {
  calls: { arn: string; payload: any }[];
  tokens: Map<string, string>;
  events: unknown[];
}

const fakes = (): Fakes => ({ calls: [], tokens: new Map(), events: [] });

class Busy extends Error {
  override name = 'Busy';
}

const start = async (f: Fakes, dataDir?: string) => {
  const endpoint = await startStepFunctionsEndpoint({
    dataDir,
    onEvents: (entries) => {
      f.events.push(...entries);
    },
    invokeLambda: async (arn, payload: any) => {
      f.calls.push({ arn, payload });
      const name = arn.split(':').pop();
      if (name === 'intake') return { caseId: `case-${payload.applicant}` };
      if (name === 'review') f.tokens.set(payload.department, payload.taskToken);
      if (name === 'callback') f.tokens.set(payload.tag, payload.token);
      if (name === 'flaky' && f.calls.filter((c) => c.arn === arn).length === 1) throw new Busy('try later');
      if (name === 'broken') throw new TypeError('no such field');
      if (name === 'plain') return { seen: payload };
      return { accepted: true };
    },
  });
  const client = new SFNClient({
    endpoint: endpoint.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  return { endpoint, client };
};

const until = async (check: () => boolean | Promise<boolean>, what: string, timeoutMs = 5000) => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
};

const finished = async (
  client: SFNClient,
  executionArn: string | undefined,
): Promise<DescribeExecutionCommandOutput> => {
  let last: DescribeExecutionCommandOutput | undefined;
  await until(async () => {
    last = await client.send(new DescribeExecutionCommand({ executionArn }));
    return last.status !== 'RUNNING';
  }, `${executionArn} to finish`);
  return last!;
};

const history = async (client: SFNClient, executionArn: string | undefined) =>
  (await client.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }))).events ?? [];

const machine = async (client: SFNClient, name: string, definition: unknown) =>
  (
    await client.send(
      new CreateStateMachineCommand({
        name,
        roleArn,
        definition: typeof definition === 'string' ? definition : JSON.stringify(definition),
      }),
    )
  ).stateMachineArn!;

const callbackTask = (extra: Record<string, unknown>) => ({
  Type: 'Task',
  Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
  Parameters: { FunctionName: fn('callback'), Payload: { 'token.$': '$$.Task.Token', 'tag.$': '$.tag' } },
  ...extra,
});

describe('local Step Functions endpoint', () => {
  let endpoint: StepFunctionsEndpoint;
  let client: SFNClient;
  const f = fakes();
  beforeAll(async () => {
    ({ endpoint, client } = await start(f));
  });
  afterAll(() => endpoint.close());

  it('runs a Pass/Choice machine to success or to its Fail state', async () => {
    const arn = await machine(client, 'triage', {
      StartAt: 'Route',
      States: {
        Route: {
          Type: 'Choice',
          Choices: [{ Variable: '$.amount', NumericGreaterThan: 1000, Next: 'Reject' }],
          Default: 'Accept',
        },
        Accept: {
          Type: 'Pass',
          Parameters: { 'amount.$': '$.amount', route: 'fast', 'id.$': '$$.Execution.Name' },
          End: true,
        },
        Reject: { Type: 'Fail', Error: 'TooLarge', Cause: 'amount over the limit' },
      },
    });
    const small = await client.send(
      new StartExecutionCommand({ stateMachineArn: arn, name: 'small', input: '{"amount":5}' }),
    );
    const large = await client.send(
      new StartExecutionCommand({ stateMachineArn: arn, input: '{"amount":5000}' }),
    );

    const ok = await finished(client, small.executionArn);
    expect(ok.status).toBe('SUCCEEDED');
    expect(JSON.parse(ok.output!)).toEqual({ amount: 5, route: 'fast', id: 'small' });
    expect(ok.startDate).toBeInstanceOf(Date);
    expect(ok.stopDate!.getTime()).toBeGreaterThanOrEqual(ok.startDate!.getTime());
    const failed = await finished(client, large.executionArn);
    expect(failed).toMatchObject({ status: 'FAILED', error: 'TooLarge', cause: 'amount over the limit' });

    const described = await client.send(new DescribeStateMachineCommand({ stateMachineArn: arn }));
    expect(described).toMatchObject({ name: 'triage', roleArn, status: 'ACTIVE', type: 'STANDARD' });
    // Registering the same name again: same definition → the same state machine; another one → updated.
    const again = await client.send(
      new CreateStateMachineCommand({ name: 'triage', roleArn, definition: described.definition! }),
    );
    expect(again).toMatchObject({ stateMachineArn: arn, creationDate: described.creationDate });
    const edited = described.definition!.replace('"fast"', '"express"');
    await client.send(new CreateStateMachineCommand({ name: 'triage', roleArn, definition: edited }));
    expect((await client.send(new DescribeStateMachineCommand({ stateMachineArn: arn }))).definition).toBe(
      edited,
    );

    const listed = await client.send(
      new ListExecutionsCommand({ stateMachineArn: arn, statusFilter: 'FAILED' }),
    );
    expect(listed.executions?.map((e) => e.executionArn)).toEqual([large.executionArn]);
    expect((await history(client, small.executionArn)).map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'ChoiceStateEntered',
      'ChoiceStateExited',
      'PassStateEntered',
      'PassStateExited',
      'ExecutionSucceeded',
    ]);
  });

  it('runs callback tasks of a Map in parallel and combines what SendTaskSuccess/Failure report', async () => {
    const arn = await machine(client, 'review', reviewDefinition);
    const { executionArn } = await client.send(
      new StartExecutionCommand({
        stateMachineArn: arn,
        name: 'case-1',
        input: JSON.stringify({ applicant: '张三', departments: ['scjgj', 'zjj', 'wjj'] }),
      }),
    );
    // All three reviews wait at once: every token is out before any answer.
    await until(() => ['scjgj', 'zjj', 'wjj'].every((d) => f.tokens.has(d)), 'three review tokens');
    // Starting it again with the same name and input while it runs is idempotent, as on AWS.
    const repeated = await client.send(
      new StartExecutionCommand({
        stateMachineArn: arn,
        name: 'case-1',
        input: JSON.stringify({ applicant: '张三', departments: ['scjgj', 'zjj', 'wjj'] }),
      }),
    );
    expect(repeated.executionArn).toBe(executionArn);
    const reviews = f.calls.filter((c) => c.arn === fn('review')).map((c) => c.payload);
    expect(reviews).toHaveLength(3);
    expect(reviews[0]).toMatchObject({ caseId: 'case-张三', applicant: '张三' });
    expect(new Set(reviews.map((r) => r.taskToken)).size).toBe(3);

    await client.send(
      new SendTaskSuccessCommand({
        taskToken: f.tokens.get('zjj')!,
        output: '{"department":"zjj","decision":"approved"}',
      }),
    );
    await client.send(
      new SendTaskFailureCommand({ taskToken: f.tokens.get('wjj')!, error: 'Denied', cause: '材料不全' }),
    );
    await client.send(
      new SendTaskSuccessCommand({
        taskToken: f.tokens.get('scjgj')!,
        output: '{"department":"scjgj","decision":"approved"}',
      }),
    );

    const done = await finished(client, executionArn);
    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output!)).toEqual([
      { department: 'scjgj', decision: 'approved' },
      { department: 'zjj', decision: 'approved' },
      { department: 'wjj', decision: 'refused', reason: '材料不全' },
    ]);
    expect(f.events).toContainEqual({
      Source: 'tongban.workflow',
      DetailType: 'ReviewCompleted',
      Detail: JSON.stringify(JSON.parse(done.output!)),
    });

    // A token of a finished task, and one never issued, are refused the way AWS refuses them.
    await expect(
      client.send(new SendTaskSuccessCommand({ taskToken: f.tokens.get('zjj')!, output: '{}' })),
    ).rejects.toBeInstanceOf(TaskTimedOut);
    await expect(
      client.send(new SendTaskSuccessCommand({ taskToken: 'not-a-token', output: '{}' })),
    ).rejects.toBeInstanceOf(InvalidToken);
    await expect(
      client.send(new SendTaskHeartbeatCommand({ taskToken: 'not-a-token' })),
    ).rejects.toBeInstanceOf(InvalidToken);

    // Same name: a different input is refused; the same input while running would return the same execution.
    await expect(
      client.send(
        new StartExecutionCommand({ stateMachineArn: arn, name: 'case-1', input: '{"departments":[]}' }),
      ),
    ).rejects.toBeInstanceOf(ExecutionAlreadyExists);
  });

  it('refuses the calls that move executions while told to, and takes them again after', async () => {
    const arn = await machine(client, 'review-outage', reviewDefinition);
    const input = JSON.stringify({ applicant: '李四', departments: ['mzj'] });
    f.tokens.delete('mzj');
    const { executionArn } = await client.send(
      new StartExecutionCommand({ stateMachineArn: arn, name: 'case-outage', input }),
    );
    await until(() => f.tokens.has('mzj'), 'the review token');
    endpoint.refuse(true);
    try {
      expect(endpoint.refusing).toBe(true);
      const answer = new SendTaskSuccessCommand({
        taskToken: f.tokens.get('mzj')!,
        output: '{"department":"mzj","decision":"approved"}',
      });
      await expect(client.send(answer)).rejects.toMatchObject({ name: 'ServiceUnavailable' });
      await expect(
        client.send(new StartExecutionCommand({ stateMachineArn: arn, name: 'case-outage-2', input })),
      ).rejects.toMatchObject({ name: 'ServiceUnavailable' });
      // Reads still answer, and the execution waits on.
      expect((await client.send(new DescribeExecutionCommand({ executionArn }))).status).toBe('RUNNING');
    } finally {
      endpoint.refuse(false);
    }
    await client.send(
      new SendTaskSuccessCommand({
        taskToken: f.tokens.get('mzj')!,
        output: '{"department":"mzj","decision":"approved"}',
      }),
    );
    expect((await finished(client, executionArn)).status).toBe('SUCCEEDED');
  });

  it('keeps an ordered history with task details, paging and reverse order', async () => {
    const arn = await machine(client, 'review', reviewDefinition);
    const { executionArn } = await client.send(
      new StartExecutionCommand({
        stateMachineArn: arn,
        input: JSON.stringify({ applicant: '王五', departments: ['gaj', 'mzj', 'sfj'] }),
      }),
    );
    await until(() => ['gaj', 'mzj', 'sfj'].every((d) => f.tokens.has(d)), 'three review tokens');
    await client.send(new SendTaskSuccessCommand({ taskToken: f.tokens.get('gaj')!, output: '{}' }));
    await client.send(
      new SendTaskFailureCommand({ taskToken: f.tokens.get('mzj')!, error: 'Denied', cause: '材料不全' }),
    );
    await client.send(new SendTaskSuccessCommand({ taskToken: f.tokens.get('sfj')!, output: '{}' }));
    await finished(client, executionArn);

    const events = await history(client, executionArn);
    events.forEach((event, i) => {
      expect(event.id).toBe(i + 1);
      expect(event.previousEventId).toBeLessThan(event.id!);
      if (i > 0)
        expect(event.timestamp!.getTime()).toBeGreaterThanOrEqual(events[i - 1]?.timestamp?.getTime() ?? 0);
    });
    const types = events.map((e) => e.type);
    expect(types[0]).toBe('ExecutionStarted');
    expect(types.at(-1)).toBe('ExecutionSucceeded');
    const order = (type: string) => types.indexOf(type as HistoryEvent['type']);
    expect(order('TaskStateEntered')).toBeLessThan(order('TaskScheduled'));
    expect(order('TaskScheduled')).toBeLessThan(order('TaskStarted'));
    expect(order('MapStateEntered')).toBeLessThan(order('MapStateStarted'));
    expect(order('MapStateStarted')).toBeLessThan(order('MapIterationStarted'));
    expect(order('MapStateSucceeded')).toBeLessThan(order('MapStateExited'));
    expect(types.filter((t) => t === 'TaskSubmitted')).toHaveLength(3);
    expect(types.filter((t) => t === 'TaskSucceeded')).toHaveLength(4); // intake, two reviews, putEvents
    expect(types.filter((t) => t === 'TaskFailed')).toHaveLength(1);
    expect(types.filter((t) => t === 'MapIterationSucceeded')).toHaveLength(3);
    const failed = events.find((e) => e.type === 'TaskFailed')!;
    expect(failed.taskFailedEventDetails).toMatchObject({
      resourceType: 'lambda',
      resource: 'invoke.waitForTaskToken',
      error: 'Denied',
      cause: '材料不全',
    });
    const scheduled = events.find((e) => e.type === 'TaskScheduled')?.taskScheduledEventDetails;
    expect(JSON.parse(scheduled?.parameters ?? 'null')).toMatchObject({ FunctionName: fn('intake') });
    expect(events.find((e) => e.type === 'MapStateStarted')!.mapStateStartedEventDetails).toEqual({
      length: 3,
    });

    const first = await client.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 4 }));
    expect(first.events!.map((e) => e.id)).toEqual([1, 2, 3, 4]);
    const second = await client.send(
      new GetExecutionHistoryCommand({ executionArn, maxResults: 4, nextToken: first.nextToken }),
    );
    expect(second.events!.map((e) => e.id)).toEqual([5, 6, 7, 8]);
    const reversed = await client.send(
      new GetExecutionHistoryCommand({ executionArn, reverseOrder: true, maxResults: 2 }),
    );
    expect(reversed.events!.map((e) => e.id)).toEqual([events.length, events.length - 1]);
    await expect(
      client.send(new GetExecutionHistoryCommand({ executionArn: `${executionArn}-nope` })),
    ).rejects.toBeInstanceOf(ExecutionDoesNotExist);
  });

  it('retries and catches Lambda errors by name, runs Parallel branches, Wait and plain function ARNs', async () => {
    const arn = await machine(client, 'integrations', {
      StartAt: 'Both',
      States: {
        Both: {
          Type: 'Parallel',
          Branches: [
            {
              StartAt: 'Flaky',
              States: {
                Flaky: {
                  Type: 'Task',
                  Resource: 'arn:aws:states:::lambda:invoke',
                  Parameters: { FunctionName: 'flaky', 'Payload.$': '$' },
                  Retry: [{ ErrorEquals: ['Busy'], IntervalSeconds: 1, MaxAttempts: 2, BackoffRate: 1 }],
                  ResultSelector: { 'value.$': '$.Payload', 'status.$': '$.StatusCode' },
                  End: true,
                },
              },
            },
            {
              StartAt: 'Pause',
              States: {
                Pause: { Type: 'Wait', Seconds: 0, Next: 'Plain' },
                Plain: { Type: 'Task', Resource: fn('plain'), Next: 'Broken' },
                Broken: {
                  Type: 'Task',
                  Resource: fn('broken'),
                  Catch: [{ ErrorEquals: ['TypeError'], ResultPath: '$.caught', Next: 'Recovered' }],
                  End: true,
                },
                Recovered: { Type: 'Pass', End: true },
              },
            },
          ],
          End: true,
        },
      },
    });
    const { executionArn } = await client.send(
      new StartExecutionCommand({ stateMachineArn: arn, input: '{"n":1}' }),
    );
    const done = await finished(client, executionArn);
    expect(done.status).toBe('SUCCEEDED');
    const [flaky, plain] = JSON.parse(done.output!);
    expect(flaky).toEqual({ value: { accepted: true }, status: 200 });
    expect(plain.seen).toEqual({ n: 1 });
    expect(plain.caught.Error).toBe('TypeError');
    expect(JSON.parse(plain.caught.Cause)).toEqual({ errorType: 'TypeError', errorMessage: 'no such field' });
    expect(f.calls.filter((c) => c.arn === fn('flaky'))).toHaveLength(2);
    const types = (await history(client, executionArn)).map((e) => e.type);
    expect(types).toEqual(
      expect.arrayContaining(['ParallelStateStarted', 'WaitStateEntered', 'LambdaFunctionSucceeded']),
    );
    expect(types).toContain('LambdaFunctionFailed');
  });

  it('turns TimeoutSeconds and missed heartbeats into States.Timeout / States.HeartbeatTimeout', async () => {
    const arn = await machine(client, 'deadlines', {
      StartAt: 'Wait for answer',
      TimeoutSeconds: 30,
      States: {
        'Wait for answer': callbackTask({
          TimeoutSeconds: 1,
          Catch: [{ ErrorEquals: ['States.Timeout'], ResultPath: '$.error', Next: 'Lapsed' }],
          End: true,
        }),
        Lapsed: { Type: 'Pass', Parameters: { 'error.$': '$.error.Error' }, End: true },
      },
    });
    const hb = await machine(client, 'heartbeats', {
      StartAt: 'Work',
      States: {
        Work: callbackTask({
          HeartbeatSeconds: 1,
          TimeoutSeconds: 20,
          Catch: [{ ErrorEquals: ['States.TaskFailed'], ResultPath: '$.error', Next: 'Lapsed' }],
          End: true,
        }),
        Lapsed: { Type: 'Pass', Parameters: { 'error.$': '$.error.Error' }, End: true },
      },
    });
    const wholeRun = await machine(client, 'whole-run', {
      StartAt: 'Work',
      TimeoutSeconds: 1,
      States: { Work: callbackTask({ End: true }) },
    });
    const [late, alive, silent, overall] = await Promise.all([
      client.send(new StartExecutionCommand({ stateMachineArn: arn, input: '{"tag":"late"}' })),
      client.send(new StartExecutionCommand({ stateMachineArn: hb, input: '{"tag":"alive"}' })),
      client.send(new StartExecutionCommand({ stateMachineArn: hb, input: '{"tag":"silent"}' })),
      client.send(new StartExecutionCommand({ stateMachineArn: wholeRun, input: '{"tag":"overall"}' })),
    ]);
    await until(
      () => ['late', 'alive', 'silent', 'overall'].every((t) => f.tokens.has(t)),
      'callback tokens',
    );
    // Heartbeats every 400 ms keep a 1 s heartbeat alive for 1.6 s.
    for (let i = 0; i < 4; i++) {
      await new Promise((r) => setTimeout(r, 400));
      await client.send(new SendTaskHeartbeatCommand({ taskToken: f.tokens.get('alive')! }));
    }
    await client.send(new SendTaskSuccessCommand({ taskToken: f.tokens.get('alive')!, output: '"done"' }));

    expect(JSON.parse((await finished(client, alive.executionArn)).output!)).toBe('done');
    expect(JSON.parse((await finished(client, late.executionArn)).output!)).toEqual({
      error: 'States.Timeout',
    });
    expect(JSON.parse((await finished(client, silent.executionArn)).output!)).toEqual({
      error: 'States.HeartbeatTimeout',
    });
    expect(await finished(client, overall.executionArn)).toMatchObject({
      status: 'TIMED_OUT',
      error: 'States.Timeout',
    });
    expect((await history(client, late.executionArn)).map((e) => e.type)).toContain('TaskTimedOut');
    await expect(
      client.send(new SendTaskSuccessCommand({ taskToken: f.tokens.get('late')!, output: '{}' })),
    ).rejects.toBeInstanceOf(TaskTimedOut);
  });

  it('stops an execution: ABORTED, and its outstanding token is dead', async () => {
    const arn = await machine(client, 'stoppable', {
      StartAt: 'Work',
      States: { Work: callbackTask({ End: true }) },
    });
    const { executionArn } = await client.send(
      new StartExecutionCommand({ stateMachineArn: arn, input: '{"tag":"stop"}' }),
    );
    await until(() => f.tokens.has('stop'), 'the token');
    await client.send(new StopExecutionCommand({ executionArn, error: 'Withdrawn', cause: '申请人撤回' }));
    expect(await client.send(new DescribeExecutionCommand({ executionArn }))).toMatchObject({
      status: 'ABORTED',
      error: 'Withdrawn',
      cause: '申请人撤回',
    });
    expect((await history(client, executionArn)).at(-1)?.type).toBe('ExecutionAborted');
    await expect(
      client.send(new SendTaskSuccessCommand({ taskToken: f.tokens.get('stop')!, output: '{}' })),
    ).rejects.toBeInstanceOf(TaskTimedOut);
  });

  it('refuses invalid definitions, JSONata and unknown state machines', async () => {
    const create = (definition: string) =>
      client.send(new CreateStateMachineCommand({ name: 'bad', roleArn, definition }));
    await expect(create('{"StartAt":"A","States":{"A":{"Type":"Pasx","End":true}}}')).rejects.toBeInstanceOf(
      InvalidDefinition,
    );
    await expect(
      create('{"StartAt":"Missing","States":{"A":{"Type":"Pass","End":true}}}'),
    ).rejects.toBeInstanceOf(InvalidDefinition);
    await expect(
      create('{"QueryLanguage":"JSONata","StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}'),
    ).rejects.toBeInstanceOf(InvalidDefinition);
    await expect(create('not json')).rejects.toBeInstanceOf(InvalidDefinition);
    await expect(
      create(
        '{"StartAt":"A","States":{"A":{"Type":"Pass","Parameters":{"n.$":"$$.State.Name"},"End":true}}}',
      ),
    ).rejects.toBeInstanceOf(InvalidDefinition);
    await expect(
      create(
        JSON.stringify({
          StartAt: 'A',
          States: { A: { Type: 'Task', Resource: 'arn:aws:states:::dynamodb:putItem', End: true } },
        }),
      ),
    ).rejects.toThrow(/not available locally/);
    await expect(
      client.send(
        new StartExecutionCommand({
          stateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:none',
        }),
      ),
    ).rejects.toBeInstanceOf(StateMachineDoesNotExist);
  });
});

describe('local Step Functions endpoint across a restart', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'tongban-sfn-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('resumes a running execution: old tokens still work and finished tasks are not run again', async () => {
    const before = fakes();
    const first = await start(before, dataDir);
    const arn = await machine(first.client, 'review', reviewDefinition);
    const { executionArn } = await first.client.send(
      new StartExecutionCommand({
        stateMachineArn: arn,
        input: JSON.stringify({ applicant: '李四', departments: ['scjgj', 'zjj', 'wjj'] }),
      }),
    );
    await until(() => before.tokens.size === 3, 'three review tokens');
    await first.client.send(
      new SendTaskSuccessCommand({
        taskToken: before.tokens.get('scjgj')!,
        output: '{"by":"scjgj"}',
      }),
    );
    await until(
      async () =>
        (await history(first.client, executionArn)).some((e) =>
          e.taskSucceededEventDetails?.output?.includes('scjgj'),
        ),
      'the first review to be recorded',
    );
    await first.endpoint.close();

    const after = fakes();
    const second = await start(after, dataDir);
    try {
      expect((await second.client.send(new DescribeExecutionCommand({ executionArn }))).status).toBe(
        'RUNNING',
      );
      // The tokens handed out before the restart answer the resumed tasks.
      await second.client.send(
        new SendTaskSuccessCommand({
          taskToken: before.tokens.get('zjj')!,
          output: '{"by":"zjj"}',
        }),
      );
      await new Promise((r) => setTimeout(r, 100));
      await second.client.send(
        new SendTaskFailureCommand({
          taskToken: before.tokens.get('wjj')!,
          error: 'Denied',
          cause: '超出范围',
        }),
      );
      const done = await finished(second.client, executionArn);
      expect(done.status).toBe('SUCCEEDED');
      // Each recorded answer lands at its own Map index, whatever order the iterations resumed in.
      expect(JSON.parse(done.output!)).toEqual([
        { by: 'scjgj' },
        { by: 'zjj' },
        { department: 'wjj', decision: 'refused', reason: '超出范围' },
      ]);
      // Intake and all three review invocations happened before the restart only; the event went out once.
      expect(before.calls.map((c) => c.arn.split(':').pop()).sort()).toEqual([
        'intake',
        'review',
        'review',
        'review',
      ]);
      expect(after.calls).toEqual([]);
      expect(after.events).toHaveLength(1);
      await expect(
        second.client.send(
          new SendTaskSuccessCommand({ taskToken: before.tokens.get('scjgj')!, output: '{}' }),
        ),
      ).rejects.toBeInstanceOf(TaskTimedOut);

      const events = await history(second.client, executionArn);
      expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
      const count = (type: string) => events.filter((e) => e.type === type).length;
      expect(count('ExecutionStarted')).toBe(1);
      expect(count('TaskSubmitted')).toBe(3);
      expect(count('MapIterationStarted')).toBe(3);
      expect(count('TaskStateEntered')).toBe(5);
    } finally {
      await second.endpoint.close();
    }

    // Finished executions and the state machine are still there on the next start.
    const third = await start(fakes(), dataDir);
    try {
      expect((await third.client.send(new DescribeExecutionCommand({ executionArn }))).status).toBe(
        'SUCCEEDED',
      );
      expect(
        (await third.client.send(new ListExecutionsCommand({ stateMachineArn: arn }))).executions,
      ).toHaveLength(1);
    } finally {
      await third.endpoint.close();
    }
  });
  it('takes an answer for a resumed execution before its replay has reached the task', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tongban-sfn-'));
    try {
      const before = fakes();
      const first = await start(before, dir);
      const arn = await machine(first.client, 'review', reviewDefinition);
      const { executionArn } = await first.client.send(
        new StartExecutionCommand({
          stateMachineArn: arn,
          input: JSON.stringify({ applicant: '赵六', departments: ['gaj'] }),
        }),
      );
      await until(() => before.tokens.has('gaj'), 'the review token');
      await first.endpoint.close();

      // The engine is driven directly so the answer lands strictly before the replay starts.
      const store = openStore(dir);
      const records = new Map(store.executions.map((r) => [r.executionArn, r]));
      const after = fakes();
      const engine = await ExecutionEngine.create(
        {
          region: 'us-east-1',
          accountId: '000000000000',
          invokeLambda: async (functionArn, payload) => {
            after.calls.push({ arn: functionArn, payload });
            return null;
          },
          touch: (record) => store.touch(record),
        },
        records,
      );
      engine.succeed(before.tokens.get('gaj')!, { decision: 'approved' });
      const record = records.get(executionArn ?? '');
      if (!record) throw new Error('the execution was not persisted');
      engine.run(record);
      await until(() => record.status !== 'RUNNING', 'the execution to finish');
      engine.close();
      store.close();
      expect(record.status).toBe('SUCCEEDED');
      expect(JSON.parse(record.output!)).toEqual([{ decision: 'approved' }]);
      expect(after.calls).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
