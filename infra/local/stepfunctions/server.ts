// The local cloud's Step Functions: the SFN JSON protocol (`x-amz-target: AWSStepFunctions.<Operation>`,
// application/x-amz-json-1.0) over HTTP, so product code's @aws-sdk/client-sfn runs unchanged once
// AWS_ENDPOINT_URL_SFN points here. Errors carry AWS's codes, which the SDK turns into its named exceptions.
// Signatures are not checked. Executions run in executions.ts; state machines and executions persist in
// `dataDir` (store.ts), and executions that were running when the endpoint stopped resume on the next start.
//
// One deliberate difference from AWS: CreateStateMachine with the name of an existing state machine and a
// different definition or role updates it (AWS answers StateMachineAlreadyExists). The local cloud registers
// its ASL files on every start, so an edited file takes effect on restart; executions already running keep
// the definition they started with, as on AWS.
//
// `refuse` is a local-only fault switch: while on, the calls by which product code moves executions
// (StartExecution, StopExecution, SendTaskSuccess/Failure/Heartbeat) fail with ServiceUnavailable, as when
// the service cannot be reached; executions already running go on, and reads still answer.
import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import { serveAwsJson } from '../aws-json.ts';
import { loopback } from '../ports.ts';
import { compileDefinition, type Json } from './definition.ts';
import { ServiceError } from './errors.ts';
import { ExecutionEngine } from './executions.ts';
import {
  type ExecutionRecord,
  executionStatuses,
  type HistoryEvent,
  type MachineRecord,
  openStore,
} from './store.ts';

export interface StepFunctionsEndpointOptions {
  /** Interface to listen on; defaults to the loopback interface (never all interfaces). */
  host?: string;
  /** 0 or omitted → an ephemeral port. */
  port?: number;
  /** Folder where state machines and executions are kept as JSON; omitted → memory only. */
  dataDir?: string;
  region?: string;
  accountId?: string;
  /** How Task states reach function handlers (`lambda:invoke` and Lambda ARN resources). */
  invokeLambda: (functionArn: string, payload: unknown) => Promise<unknown>;
  /** Receives the `Entries` of every `events:putEvents` task. */
  onEvents?: (entries: unknown[]) => Promise<void> | void;
  log?: (message: string) => void;
}

export interface StepFunctionsEndpoint {
  url: string;
  /** Injects an outage of the calls that move executions (see the module's header). */
  refuse(refusing: boolean): void;
  readonly refusing: boolean;
  close(): Promise<void>;
}

/** The operations `refuse` makes fail. */
const movingOperations = new Set([
  'StartExecution',
  'StopExecution',
  'SendTaskSuccess',
  'SendTaskFailure',
  'SendTaskHeartbeat',
]);

const maxBodyBytes = 10 * 1024 * 1024;
const seconds = (ms: number) => ms / 1000;

const nameField = z.string();
const arn = z.string().min(1);
const maxResults = z.number().int().min(0).max(1000).optional();
const nextToken = z.string().optional();

/** AWS's rule for state machine and execution names: 1-80 characters, none of these. */
const validName = /^[^\s<>{}[\]?*"#%\\^|~`$&,;:/\p{Cc}]{1,80}$/u;

const parseJsonOrUndefined = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

/** Opaque paging tokens: the offset into the (sorted) list. */
const pageToken = {
  encode: (offset: number) => Buffer.from(JSON.stringify({ offset })).toString('base64url'),
  decode: (token: string | undefined) => {
    if (!token) return 0;
    const parsed = z
      .object({ offset: z.number().int().min(0) })
      .safeParse(parseJsonOrUndefined(Buffer.from(token, 'base64url').toString('utf8')));
    if (!parsed.success) throw new ServiceError('InvalidToken', 'Invalid Token: the nextToken is not valid');
    return parsed.data.offset;
  },
};

const page = <T>(items: T[], body: { maxResults?: number; nextToken?: string }, defaultSize = 100) => {
  const start = pageToken.decode(body.nextToken);
  const size = body.maxResults ? body.maxResults : defaultSize;
  const slice = items.slice(start, start + size);
  return { slice, ...(start + size < items.length ? { nextToken: pageToken.encode(start + size) } : {}) };
};

/** History events as the API returns them: details under `<type>EventDetails`, times in epoch seconds. */
const renderEvent = (event: HistoryEvent, includeData: boolean) => {
  const detailsKey = event.type.endsWith('StateEntered')
    ? 'stateEnteredEventDetails'
    : event.type.endsWith('StateExited')
      ? 'stateExitedEventDetails'
      : `${event.type.charAt(0).toLowerCase()}${event.type.slice(1)}EventDetails`;
  const details =
    event.details && !includeData
      ? Object.fromEntries(
          Object.entries(event.details).filter(([key]) => !['input', 'output', 'parameters'].includes(key)),
        )
      : event.details;
  return {
    id: event.id,
    previousEventId: event.previousEventId,
    timestamp: seconds(event.timestamp),
    type: event.type,
    ...(details ? { [detailsKey]: details } : {}),
  };
};

export const startStepFunctionsEndpoint = async (
  options: StepFunctionsEndpointOptions,
): Promise<StepFunctionsEndpoint> => {
  const region = options.region ?? 'us-east-1';
  const accountId = options.accountId ?? '000000000000';
  const host = options.host ?? loopback;
  const log = options.log ?? (() => undefined);

  const store = openStore(options.dataDir);
  let refusing = false;
  const machines = new Map(store.machines.map((machine) => [machine.arn, machine]));
  const executions = new Map(store.executions.map((record) => [record.executionArn, record]));
  const saveMachines = () => store.saveMachines(machines.values());
  const engine = await ExecutionEngine.create(
    {
      region,
      accountId,
      invokeLambda: options.invokeLambda,
      onEvents: options.onEvents,
      touch: (record) => store.touch(record),
    },
    executions,
  );

  const resuming = [...executions.values()].filter((record) => record.status === 'RUNNING');
  for (const record of resuming) {
    try {
      engine.run(record);
    } catch (error) {
      // Its definition no longer compiles here (a newer endpoint refuses something it used): end it visibly.
      Object.assign(record, {
        status: 'FAILED',
        stopDate: Date.now(),
        error: 'States.Runtime',
        cause: `The execution could not be resumed: ${(error as Error).message}`,
      });
      store.touch(record);
    }
  }
  if (resuming.length > 0) log(`stepfunctions: resumed ${resuming.length} running execution(s)`);

  const machineArn = (machineName: string) =>
    `arn:aws:states:${region}:${accountId}:stateMachine:${machineName}`;
  const requireName = (value: string) => {
    if (!validName.test(value)) throw new ServiceError('InvalidName', `Invalid Name: '${value}'`);
    return value;
  };
  const requireMachine = (stateMachineArn: string) => {
    const machine = machines.get(stateMachineArn);
    if (!machine) {
      throw new ServiceError(
        'StateMachineDoesNotExist',
        `State Machine Does Not Exist: '${stateMachineArn}'`,
      );
    }
    return machine;
  };
  const requireExecution = (executionArn: string) => {
    const record = executions.get(executionArn);
    if (!record)
      throw new ServiceError('ExecutionDoesNotExist', `Execution Does Not Exist: '${executionArn}'`);
    return record;
  };
  const requireRoleArn = (roleArn: string) => {
    if (!roleArn.startsWith('arn:')) throw new ServiceError('InvalidArn', `Invalid Arn: '${roleArn}'`);
    return roleArn;
  };
  const executionSummary = (record: ExecutionRecord) => ({
    executionArn: record.executionArn,
    stateMachineArn: record.stateMachineArn,
    name: record.name,
    status: record.status,
    startDate: seconds(record.startDate),
    ...(record.stopDate !== undefined ? { stopDate: seconds(record.stopDate) } : {}),
  });
  const describeMachine = (machine: MachineRecord) => ({
    stateMachineArn: machine.arn,
    name: machine.name,
    status: 'ACTIVE',
    definition: machine.definition,
    roleArn: machine.roleArn,
    type: machine.type,
    creationDate: seconds(machine.createdAt),
  });

  // Each operation: the fields it reads (validated, unknown ones ignored) and what it answers.
  const operation =
    <S extends z.ZodType>(schema: S, run: (body: z.infer<S>) => unknown) =>
    (body: unknown) => {
      const parsed = schema.safeParse(body);
      if (!parsed.success) throw new ServiceError('ValidationException', z.prettifyError(parsed.error));
      return run(parsed.data);
    };

  const operations: Record<string, (body: unknown) => unknown> = {
    CreateStateMachine: operation(
      z.object({
        name: nameField,
        definition: z.string(),
        roleArn: z.string(),
        type: z.enum(['STANDARD', 'EXPRESS']).optional(),
      }),
      (body) => {
        requireName(body.name);
        compileDefinition(body.definition);
        const stateMachineArn = machineArn(body.name);
        const existing = machines.get(stateMachineArn);
        const now = Date.now();
        if (!existing || existing.definition !== body.definition || existing.roleArn !== body.roleArn) {
          machines.set(stateMachineArn, {
            name: body.name,
            arn: stateMachineArn,
            definition: body.definition,
            roleArn: requireRoleArn(body.roleArn),
            type: body.type ?? existing?.type ?? 'STANDARD',
            createdAt: existing?.createdAt ?? now,
            ...(existing ? { updatedAt: now } : {}),
          });
          saveMachines();
        }
        return { stateMachineArn, creationDate: seconds(existing?.createdAt ?? now) };
      },
    ),
    UpdateStateMachine: operation(
      z.object({ stateMachineArn: arn, definition: z.string().optional(), roleArn: z.string().optional() }),
      (body) => {
        const machine = requireMachine(body.stateMachineArn);
        if (body.definition === undefined && body.roleArn === undefined) {
          throw new ServiceError(
            'MissingRequiredParameter',
            'Either the definition or the roleArn must be specified',
          );
        }
        if (body.definition !== undefined) {
          compileDefinition(body.definition);
          machine.definition = body.definition;
        }
        if (body.roleArn !== undefined) machine.roleArn = requireRoleArn(body.roleArn);
        machine.updatedAt = Date.now();
        saveMachines();
        return { updateDate: seconds(machine.updatedAt) };
      },
    ),
    DescribeStateMachine: operation(z.object({ stateMachineArn: arn }), (body) =>
      describeMachine(requireMachine(body.stateMachineArn)),
    ),
    DescribeStateMachineForExecution: operation(z.object({ executionArn: arn }), (body) => {
      const record = requireExecution(body.executionArn);
      const machine = machines.get(record.stateMachineArn);
      return {
        stateMachineArn: record.stateMachineArn,
        name: record.stateMachineName,
        definition: record.definition,
        roleArn: record.roleArn,
        updateDate: seconds(machine?.updatedAt ?? machine?.createdAt ?? record.startDate),
      };
    }),
    ListStateMachines: operation(z.object({ maxResults, nextToken }), (body) => {
      const sorted = [...machines.values()].sort((a, b) => a.name.localeCompare(b.name));
      const { slice, ...rest } = page(sorted, body);
      return {
        stateMachines: slice.map((m) => ({
          stateMachineArn: m.arn,
          name: m.name,
          type: m.type,
          creationDate: seconds(m.createdAt),
        })),
        ...rest,
      };
    }),
    DeleteStateMachine: operation(z.object({ stateMachineArn: arn }), (body) => {
      // Executions keep running and stay describable, as on AWS.
      if (machines.delete(body.stateMachineArn)) saveMachines();
      return {};
    }),
    StartExecution: operation(
      z.object({ stateMachineArn: arn, name: nameField.optional(), input: z.string().optional() }),
      (body) => {
        const machine = requireMachine(body.stateMachineArn);
        const executionName = requireName(body.name ?? randomUUID());
        const input = body.input ?? '{}';
        try {
          JSON.parse(input);
        } catch {
          throw new ServiceError('InvalidExecutionInput', 'Invalid execution input: it is not JSON');
        }
        const executionArn = `arn:aws:states:${region}:${accountId}:execution:${machine.name}:${executionName}`;
        const existing = executions.get(executionArn);
        if (existing) {
          // Idempotent like AWS Standard workflows: same name and input while running → the same execution.
          if (existing.status === 'RUNNING' && existing.input === input) {
            return { executionArn, startDate: seconds(existing.startDate) };
          }
          throw new ServiceError('ExecutionAlreadyExists', `Execution Already Exists: '${executionArn}'`);
        }
        const record: ExecutionRecord = {
          executionArn,
          stateMachineArn: machine.arn,
          stateMachineName: machine.name,
          name: executionName,
          input,
          definition: machine.definition,
          roleArn: machine.roleArn,
          status: 'RUNNING',
          startDate: Date.now(),
          history: [],
          tasks: {},
        };
        executions.set(executionArn, record);
        engine.run(record);
        store.touch(record);
        return { executionArn, startDate: seconds(record.startDate) };
      },
    ),
    DescribeExecution: operation(z.object({ executionArn: arn }), (body) => {
      const record = requireExecution(body.executionArn);
      return {
        ...executionSummary(record),
        input: record.input,
        inputDetails: { included: true },
        ...(record.output !== undefined ? { output: record.output, outputDetails: { included: true } } : {}),
        ...(record.error !== undefined ? { error: record.error } : {}),
        ...(record.cause !== undefined ? { cause: record.cause } : {}),
      };
    }),
    ListExecutions: operation(
      z.object({
        stateMachineArn: arn,
        statusFilter: z.enum(executionStatuses).optional(),
        maxResults,
        nextToken,
      }),
      (body) => {
        const all = [...executions.values()].filter((r) => r.stateMachineArn === body.stateMachineArn);
        if (all.length === 0) requireMachine(body.stateMachineArn);
        const matching = all
          .filter((r) => !body.statusFilter || r.status === body.statusFilter)
          .sort((a, b) => b.startDate - a.startDate);
        const { slice, ...rest } = page(matching, body);
        return { executions: slice.map(executionSummary), ...rest };
      },
    ),
    GetExecutionHistory: operation(
      z.object({
        executionArn: arn,
        maxResults,
        nextToken,
        reverseOrder: z.boolean().optional(),
        includeExecutionData: z.boolean().optional(),
      }),
      (body) => {
        const record = requireExecution(body.executionArn);
        const ordered = body.reverseOrder ? [...record.history].reverse() : record.history;
        const { slice, ...rest } = page(ordered, body);
        return { events: slice.map((e) => renderEvent(e, body.includeExecutionData ?? true)), ...rest };
      },
    ),
    StopExecution: operation(
      z.object({ executionArn: arn, error: z.string().optional(), cause: z.string().optional() }),
      (body) => {
        const record = requireExecution(body.executionArn);
        engine.stop(record.executionArn, body.error, body.cause);
        return { stopDate: seconds(record.stopDate ?? Date.now()) };
      },
    ),
    SendTaskSuccess: operation(z.object({ taskToken: z.string().min(1), output: z.string() }), (body) => {
      let output: Json;
      try {
        output = JSON.parse(body.output) as Json;
      } catch {
        throw new ServiceError('InvalidOutput', 'Invalid output: it is not JSON');
      }
      engine.succeed(body.taskToken, output);
      return {};
    }),
    SendTaskFailure: operation(
      z.object({ taskToken: z.string().min(1), error: z.string().optional(), cause: z.string().optional() }),
      (body) => {
        engine.fail(body.taskToken, body.error ?? '', body.cause ?? '');
        return {};
      },
    ),
    SendTaskHeartbeat: operation(z.object({ taskToken: z.string().min(1) }), (body) => {
      engine.heartbeat(body.taskToken);
      return {};
    }),
  };

  const server = await serveAwsJson({
    name: 'stepfunctions',
    protocolVersion: '1.0',
    host,
    port: options.port,
    maxBodyBytes,
    internalErrorType: 'InternalFailure',
    log,
    operation: (target) => {
      const name = target.startsWith('AWSStepFunctions.') ? target.slice('AWSStepFunctions.'.length) : '';
      const run = operations[name];
      if (!run) return undefined;
      return (body) => {
        if (refusing && movingOperations.has(name))
          throw new ServiceError('ServiceUnavailable', 'Service unavailable (a fault injected locally).');
        const result = run(body);
        // What was accepted is on disk before the caller hears so (a task result must survive a crash).
        store.flush();
        return result;
      };
    },
  });

  return {
    url: server.url,
    refuse: (value) => {
      refusing = value;
    },
    get refusing() {
      return refusing;
    },
    close: async () => {
      engine.close();
      store.close();
      await server.close();
    },
  };
};
