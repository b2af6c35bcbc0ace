// The local Step Functions endpoint through the real @aws-sdk/client-sfn: callbacks with task tokens in a
// parallel Map, failures and timeouts caught by the definition, errors AWS names, and executions that
// survive a restart of the endpoint with their tokens still valid.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  InvalidDefinition,
  InvalidToken,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterAll, describe, expect, it } from 'vitest';
import { startStepFunctionsEndpoint } from '../../../infra/local/stepfunctions/server.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'tongban-sfn-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const reviewFn = 'arn:aws:lambda:us-east-1:000000000000:function:review';
const definition = (timeoutSeconds = 30) =>
  JSON.stringify({
    StartAt: 'Departments',
    States: {
      Departments: {
        Type: 'Map',
        ItemsPath: '$.departments',
        ItemProcessor: {
          StartAt: 'Review',
          States: {
            Review: {
              Type: 'Task',
              Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
              Parameters: {
                FunctionName: reviewFn,
                Payload: { 'token.$': '$$.Task.Token', 'department.$': '$' },
              },
              TimeoutSeconds: timeoutSeconds,
              Catch: [{ ErrorEquals: ['Denied', 'States.Timeout'], Next: 'Refused' }],
              End: true,
            },
            Refused: { Type: 'Pass', Result: 'refused', End: true },
          },
        },
        End: true,
      },
    },
  });

const start = async (tokens: Map<string, string>, calls: string[]) => {
  const endpoint = await startStepFunctionsEndpoint({
    dataDir,
    invokeLambda: async (arn, payload) => {
      const { token, department } = payload as { token: string; department: string };
      calls.push(`${arn}:${department}`);
      tokens.set(department, token);
      return null;
    },
  });
  const client = new SFNClient({
    endpoint: endpoint.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  return { endpoint, client };
};

const until = async (check: () => boolean | Promise<boolean>) => {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('condition not met in time');
};

describe('local Step Functions endpoint', () => {
  it('runs parallel callback tasks to completion, catches failures and names bad tokens', async () => {
    const tokens = new Map<string, string>();
    const { endpoint, client } = await start(tokens, []);
    try {
      const { stateMachineArn } = await client.send(
        new CreateStateMachineCommand({
          name: 'review',
          definition: definition(),
          roleArn: 'arn:aws:iam::000000000000:role/x',
        }),
      );
      const { executionArn } = await client.send(
        new StartExecutionCommand({
          stateMachineArn,
          name: 'case-1',
          input: JSON.stringify({ departments: ['scjgj', 'zjj', 'wjj'] }),
        }),
      );
      await until(() => tokens.size === 3);
      await client.send(
        new SendTaskSuccessCommand({ taskToken: tokens.get('scjgj')!, output: '"approved"' }),
      );
      await client.send(new SendTaskSuccessCommand({ taskToken: tokens.get('zjj')!, output: '"approved"' }));
      await client.send(
        new SendTaskFailureCommand({ taskToken: tokens.get('wjj')!, error: 'Denied', cause: 'no' }),
      );
      await until(
        async () => (await client.send(new DescribeExecutionCommand({ executionArn }))).status !== 'RUNNING',
      );
      const done = await client.send(new DescribeExecutionCommand({ executionArn }));
      expect(done.status).toBe('SUCCEEDED');
      expect(JSON.parse(done.output!)).toEqual(['approved', 'approved', 'refused']);

      await expect(
        client.send(new SendTaskSuccessCommand({ taskToken: 'nope', output: '{}' })),
      ).rejects.toBeInstanceOf(InvalidToken);
      const history = await client.send(new GetExecutionHistoryCommand({ executionArn }));
      const types = history.events!.map((e) => e.type);
      expect(types[0]).toBe('ExecutionStarted');
      expect(types).toContain('TaskSubmitted');
      expect(types.at(-1)).toBe('ExecutionSucceeded');
      await expect(
        client.send(
          new StartExecutionCommand({ stateMachineArn, name: 'case-1', input: '{"departments":[]}' }),
        ),
      ).rejects.toMatchObject({ name: 'ExecutionAlreadyExists' });
      await expect(
        client.send(
          new CreateStateMachineCommand({
            name: 'bad',
            definition: '{"QueryLanguage":"JSONata","StartAt":"x","States":{}}',
            roleArn: 'r',
          }),
        ),
      ).rejects.toBeInstanceOf(InvalidDefinition);
    } finally {
      await endpoint.close();
    }
  });

  it('turns a task timeout into States.Timeout for the definition to catch', async () => {
    const tokens = new Map<string, string>();
    const { endpoint, client } = await start(tokens, []);
    try {
      const { stateMachineArn } = await client.send(
        new CreateStateMachineCommand({ name: 'quick', definition: definition(1), roleArn: 'r' }),
      );
      const { executionArn } = await client.send(
        new StartExecutionCommand({ stateMachineArn, input: JSON.stringify({ departments: ['gaj'] }) }),
      );
      await until(
        async () => (await client.send(new DescribeExecutionCommand({ executionArn }))).status !== 'RUNNING',
      );
      const done = await client.send(new DescribeExecutionCommand({ executionArn }));
      expect(JSON.parse(done.output!)).toEqual(['refused']);
    } finally {
      await endpoint.close();
    }
  });

  it('resumes a running execution after a restart; old tokens still work, finished tasks are not rerun', async () => {
    const tokens = new Map<string, string>();
    const calls: string[] = [];
    const first = await start(tokens, calls);
    const { stateMachineArn } = await first.client.send(
      new CreateStateMachineCommand({ name: 'durable', definition: definition(), roleArn: 'r' }),
    );
    const { executionArn } = await first.client.send(
      new StartExecutionCommand({
        stateMachineArn,
        input: JSON.stringify({ departments: ['scjgj', 'zjj'] }),
      }),
    );
    await until(() => tokens.size === 2);
    await first.client.send(
      new SendTaskSuccessCommand({ taskToken: tokens.get('scjgj')!, output: '"approved"' }),
    );
    await new Promise((r) => setTimeout(r, 100));
    await first.endpoint.close();

    const second = await start(new Map(), calls);
    try {
      await second.client.send(
        new SendTaskSuccessCommand({ taskToken: tokens.get('zjj')!, output: '"approved"' }),
      );
      await until(
        async () =>
          (await second.client.send(new DescribeExecutionCommand({ executionArn }))).status !== 'RUNNING',
      );
      const done = await second.client.send(new DescribeExecutionCommand({ executionArn }));
      expect(done.status).toBe('SUCCEEDED');
      expect(JSON.parse(done.output!)).toEqual(['approved', 'approved']);
      expect(calls.filter((c) => c.endsWith(':scjgj'))).toHaveLength(1);
      expect(calls.filter((c) => c.endsWith(':zjj'))).toHaveLength(1);
    } finally {
      await second.endpoint.close();
    }
  });
});
