// A Step Functions endpoint for the local cloud: the SFN JSON protocol (`x-amz-target:
// AWSStepFunctions.<Op>`) over the aws-local-stepfunctions ASL interpreter, so @aws-sdk/client-sfn in
// product code runs unchanged. It adds what the interpreter lacks: Lambda task integrations resolved to
// the in-process handlers, `.waitForTaskToken` callbacks with task tokens, execution history, and
// persistence — a running execution resumes after a restart by replaying its recorded task results, and
// its outstanding task tokens stay valid.
import './polyfill.ts';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { loopback } from '../ports.ts';

export interface StepFunctionsEndpointOptions {
  host?: string;
  port?: number;
  dataDir?: string;
  region?: string;
  accountId?: string;
  invokeLambda: (functionArn: string, payload: unknown) => Promise<unknown>;
  onEvents?: (entries: unknown[]) => Promise<void> | void;
  log?: (message: string) => void;
}

interface MachineRecord {
  name: string;
  arn: string;
  definition: string;
  roleArn: string;
  type: string;
  createdAt: number;
}

interface HistoryEvent {
  id: number;
  previousEventId: number;
  timestamp: number;
  type: string;
  details?: Record<string, unknown>;
}

interface TaskRecord {
  token: string;
  output?: unknown;
  error?: { error: string; cause: string };
}

interface ExecutionRecord {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  input: string;
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';
  startDate: number;
  stopDate?: number;
  output?: string;
  error?: string;
  cause?: string;
  history: HistoryEvent[];
  /** Task results by replay key, so a restarted execution does not run finished tasks again. */
  tasks: Record<string, TaskRecord>;
}

interface Waiter {
  executionArn: string;
  key: string;
  resolve: (output: unknown) => void;
  reject: (error: Error) => void;
  heartbeatTimer?: NodeJS.Timeout;
  heartbeatSeconds?: number;
}

class SfnError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

const tokenMarker = '__tongban_task_token__';
const maxTimerSeconds = 2_147_483;

/** Rewrites `$$.Task.Token` references into a marker the task handler replaces with a fresh token. */
const prepareDefinition = (definition: Record<string, unknown>): Record<string, unknown> => {
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (!node || typeof node !== 'object') return node;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      if (key.endsWith('.$') && value === '$$.Task.Token') out[key.slice(0, -2)] = tokenMarker;
      else if (key === 'TimeoutSeconds' && typeof value === 'number')
        out[key] = Math.min(value, maxTimerSeconds);
      else out[key] = walk(value);
    }
    return out;
  };
  return walk(definition) as Record<string, unknown>;
};

/** Every Task state, at any depth (Map item processors, Parallel branches), by name. */
const taskStates = (definition: Record<string, unknown>) => {
  const found = new Map<string, Record<string, unknown>>();
  const visit = (machine: { States?: Record<string, Record<string, unknown>> }) => {
    for (const [name, state] of Object.entries(machine.States ?? {})) {
      if (state.Type === 'Task') found.set(name, state);
      const processor = (state.ItemProcessor ?? state.Iterator) as typeof machine | undefined;
      if (processor) visit(processor);
      for (const branch of (state.Branches as (typeof machine)[] | undefined) ?? []) visit(branch);
    }
  };
  visit(definition as { States?: Record<string, Record<string, unknown>> });
  return found;
};

const replaceMarker = (value: unknown, token: string): unknown => {
  if (value === tokenMarker) return token;
  if (Array.isArray(value)) return value.map((v) => replaceMarker(v, token));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceMarker(v, token)]));
  }
  return value;
};

const namedError = (name: string, message: string) => {
  const error = new Error(message);
  error.name = name;
  return error;
};

const validateDefinition = (text: string) => {
  let definition: Record<string, unknown>;
  try {
    definition = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new SfnError('InvalidDefinition', 'Definition is not valid JSON');
  }
  if (definition.QueryLanguage === 'JSONata') {
    throw new SfnError('InvalidDefinition', 'JSONata definitions are not supported locally: use JSONPath');
  }
  try {
    new StateMachine(prepareDefinition(definition) as unknown as StateMachineDefinition, {
      validationOptions: { checkArn: false },
    });
  } catch (error) {
    throw new SfnError('InvalidDefinition', (error as Error).message);
  }
  return definition;
};

export const startStepFunctionsEndpoint = async (options: StepFunctionsEndpointOptions) => {
  const region = options.region ?? 'us-east-1';
  const account = options.accountId ?? '000000000000';
  const log = options.log ?? (() => undefined);
  const machines = new Map<string, MachineRecord>();
  const executions = new Map<string, ExecutionRecord>();
  const waiters = new Map<string, Waiter>();
  const running = new Map<string, { abort: () => void }>();
  let closing = false;

  const machinesFile = options.dataDir ? join(options.dataDir, 'state-machines.json') : undefined;
  const executionsDir = options.dataDir ? join(options.dataDir, 'executions') : undefined;
  if (executionsDir) mkdirSync(executionsDir, { recursive: true });

  const saveMachines = () => {
    if (machinesFile) writeFileSync(machinesFile, JSON.stringify([...machines.values()], null, 1));
  };
  const saveExecution = (record: ExecutionRecord) => {
    if (!executionsDir || closing) return;
    const file = createHash('sha256').update(record.executionArn).digest('hex').slice(0, 32);
    writeFileSync(join(executionsDir, `${file}.json`), JSON.stringify(record));
  };

  const addEvent = (record: ExecutionRecord, type: string, details?: Record<string, unknown>) => {
    const id = record.history.length + 1;
    record.history.push({
      id,
      previousEventId: id - 1,
      timestamp: Date.now(),
      type,
      ...(details ? { details } : {}),
    });
  };

  const run = (record: ExecutionRecord, machine: MachineRecord) => {
    const definition = prepareDefinition(JSON.parse(machine.definition) as Record<string, unknown>);
    const occurrences = new Map<string, number>();
    const handlers: Record<string, (input: unknown) => Promise<unknown>> = {};
    for (const [stateName, state] of taskStates(definition)) {
      const resource = String(state.Resource);
      const waitsForToken = resource.endsWith('.waitForTaskToken');
      const heartbeatSeconds =
        typeof state.HeartbeatSeconds === 'number' ? state.HeartbeatSeconds : undefined;
      handlers[stateName] = async (input) => {
        // Replay key: which state, with which input, for the how-many-th time.
        const base = `${stateName}|${createHash('sha256').update(JSON.stringify(input)).digest('hex').slice(0, 16)}`;
        const n = (occurrences.get(base) ?? 0) + 1;
        occurrences.set(base, n);
        const key = `${base}|${n}`;
        const previous = record.tasks[key];
        if (previous?.output !== undefined) return previous.output;
        if (previous?.error) throw namedError(previous.error.error, previous.error.cause);

        const parameters = (input ?? {}) as { FunctionName?: string; Payload?: unknown };
        const isLambdaIntegration = resource.startsWith('arn:aws:states:::lambda:invoke');
        const functionArn = isLambdaIntegration ? String(parameters.FunctionName) : resource;
        const payload = isLambdaIntegration ? parameters.Payload : input;

        if (resource.startsWith('arn:aws:states:::events:putEvents')) {
          await options.onEvents?.(((input as { Entries?: unknown[] }).Entries ?? []) as unknown[]);
          const result = { Entries: [], FailedEntryCount: 0 };
          record.tasks[key] = { token: '', output: result };
          return result;
        }

        if (!waitsForToken) {
          addEvent(record, 'TaskScheduled', { resource, stateName });
          try {
            const returned = await options.invokeLambda(functionArn, payload);
            const output = isLambdaIntegration
              ? { Payload: returned ?? null, StatusCode: 200 }
              : (returned ?? null);
            record.tasks[key] = { token: '', output };
            addEvent(record, 'TaskSucceeded', { resource, stateName });
            saveExecution(record);
            return output;
          } catch (error) {
            const name =
              (error as Error).name && (error as Error).name !== 'Error'
                ? (error as Error).name
                : 'States.TaskFailed';
            addEvent(record, 'TaskFailed', {
              resource,
              stateName,
              error: name,
              cause: (error as Error).message,
            });
            throw namedError(name, (error as Error).message);
          }
        }

        // Callback task: keep the token across restarts, and call the function only once.
        const token = previous?.token ?? randomBytes(48).toString('base64url');
        const firstTime = !previous;
        record.tasks[key] = { token };
        saveExecution(record);
        const outcome = new Promise<unknown>((resolve, reject) => {
          const waiter: Waiter = {
            executionArn: record.executionArn,
            key,
            resolve,
            reject,
            heartbeatSeconds,
          };
          waiters.set(token, waiter);
          armHeartbeat(token);
        });
        if (firstTime) {
          addEvent(record, 'TaskScheduled', { resource, stateName });
          try {
            await options.invokeLambda(functionArn, replaceMarker(payload, token));
            addEvent(record, 'TaskSubmitted', { resource, stateName });
          } catch (error) {
            waiters.delete(token);
            delete record.tasks[key];
            throw namedError('States.TaskFailed', (error as Error).message);
          }
        }
        try {
          const output = await outcome;
          record.tasks[key] = { token, output };
          addEvent(record, 'TaskSucceeded', { resource, stateName });
          saveExecution(record);
          return output;
        } catch (error) {
          const err = error as Error;
          if (err.name === 'States.Timeout' || err.name === 'States.HeartbeatTimeout') {
            addEvent(record, 'TaskTimedOut', { resource, stateName, error: err.name });
          } else {
            record.tasks[key] = { token, error: { error: err.name, cause: err.message } };
            addEvent(record, 'TaskFailed', { resource, stateName, error: err.name, cause: err.message });
          }
          saveExecution(record);
          throw error;
        } finally {
          const waiter = waiters.get(token);
          if (waiter?.heartbeatTimer) clearTimeout(waiter.heartbeatTimer);
          waiters.delete(token);
        }
      };
    }

    const stateMachine = new StateMachine(definition as unknown as StateMachineDefinition, {
      validationOptions: { checkArn: false },
    });
    const execution = stateMachine.run(JSON.parse(record.input), {
      overrides: { taskResourceLocalHandlers: handlers as never },
      context: {
        Execution: {
          Id: record.executionArn,
          Name: record.name,
          Input: JSON.parse(record.input),
          StartTime: new Date(record.startDate).toISOString(),
        },
        StateMachine: { Id: machine.arn, Name: machine.name },
      },
    });
    running.set(record.executionArn, execution);
    // State events are recorded as they happen; the execution's own end is recorded after the last of them.
    const logging = (async () => {
      for await (const event of execution.eventLogs) {
        const e = event as { type: string; state?: { name: string; type: string } };
        if (e.type === 'StateEntered' && e.state)
          addEvent(record, `${e.state.type}StateEntered`, { name: e.state.name });
        if (e.type === 'StateExited' && e.state)
          addEvent(record, `${e.state.type}StateExited`, { name: e.state.name });
      }
    })().catch(() => undefined);
    const settled = <T>(value: T) => logging.then(() => value);
    execution.result
      .then(settled, (error: unknown) => logging.then(() => Promise.reject(error)))
      .then(
        (output) => {
          if (closing) return;
          record.status = 'SUCCEEDED';
          record.output = JSON.stringify(output ?? null);
          record.stopDate = Date.now();
          addEvent(record, 'ExecutionSucceeded', { output: record.output });
          running.delete(record.executionArn);
          saveExecution(record);
        },
        (error: Error & { cause?: unknown }) => {
          if (closing || record.status === 'ABORTED') return;
          const inner = (error.cause ?? error) as Error;
          record.status = inner.name === 'ExecutionTimeoutError' ? 'TIMED_OUT' : 'FAILED';
          record.error = inner.name;
          record.cause = inner.message;
          record.stopDate = Date.now();
          addEvent(record, 'ExecutionFailed', { error: record.error, cause: record.cause });
          running.delete(record.executionArn);
          saveExecution(record);
        },
      );
  };

  const armHeartbeat = (token: string) => {
    const waiter = waiters.get(token);
    if (!waiter?.heartbeatSeconds) return;
    if (waiter.heartbeatTimer) clearTimeout(waiter.heartbeatTimer);
    waiter.heartbeatTimer = setTimeout(
      () => waiter.reject(namedError('States.HeartbeatTimeout', 'No heartbeat in time')),
      Math.min(waiter.heartbeatSeconds, maxTimerSeconds) * 1000,
    );
  };

  // Restore persisted state machines and executions; resume those that were running.
  if (machinesFile && existsSync(machinesFile)) {
    for (const m of JSON.parse(readFileSync(machinesFile, 'utf8')) as MachineRecord[]) machines.set(m.arn, m);
  }
  if (executionsDir) {
    for (const file of readdirSync(executionsDir)) {
      const record = JSON.parse(readFileSync(join(executionsDir, file), 'utf8')) as ExecutionRecord;
      executions.set(record.executionArn, record);
    }
    for (const record of executions.values()) {
      const machine = machines.get(record.stateMachineArn);
      if (record.status === 'RUNNING' && machine) run(record, machine);
    }
  }

  const machineArn = (name: string) => `arn:aws:states:${region}:${account}:stateMachine:${name}`;
  const requireMachine = (arn: unknown) => {
    const machine = machines.get(String(arn));
    if (!machine)
      throw new SfnError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${String(arn)}'`);
    return machine;
  };
  const requireExecution = (arn: unknown) => {
    const record = executions.get(String(arn));
    if (!record) throw new SfnError('ExecutionDoesNotExist', `Execution Does Not Exist: '${String(arn)}'`);
    return record;
  };
  const describe = (r: ExecutionRecord) => ({
    executionArn: r.executionArn,
    stateMachineArn: r.stateMachineArn,
    name: r.name,
    status: r.status,
    startDate: r.startDate / 1000,
    ...(r.stopDate ? { stopDate: r.stopDate / 1000 } : {}),
    input: r.input,
    ...(r.output !== undefined ? { output: r.output } : {}),
    ...(r.error ? { error: r.error, cause: r.cause } : {}),
  });
  const waiterFor = (token: unknown) => {
    const waiter = waiters.get(String(token));
    if (waiter) return waiter;
    const known = [...executions.values()].some((r) => Object.values(r.tasks).some((t) => t.token === token));
    throw known
      ? new SfnError('TaskTimedOut', 'Task Timed Out: the task is no longer waiting for this token')
      : new SfnError('InvalidToken', 'Invalid Token');
  };

  const operations: Record<string, (body: Record<string, unknown>) => unknown> = {
    CreateStateMachine: (body) => {
      const name = String(body.name ?? '');
      if (!/^[A-Za-z0-9_-]{1,80}$/.test(name)) throw new SfnError('InvalidName', `Invalid Name: '${name}'`);
      const definition = String(body.definition ?? '');
      validateDefinition(definition);
      const arn = machineArn(name);
      const existing = machines.get(arn);
      // Local convenience: re-creating with another definition updates it, so a restart picks up edits.
      machines.set(arn, {
        name,
        arn,
        definition,
        roleArn: String(body.roleArn ?? ''),
        type: String(body.type ?? 'STANDARD'),
        createdAt: existing?.createdAt ?? Date.now(),
      });
      saveMachines();
      return { stateMachineArn: arn, creationDate: (existing?.createdAt ?? Date.now()) / 1000 };
    },
    UpdateStateMachine: (body) => {
      const machine = requireMachine(body.stateMachineArn);
      if (body.definition) {
        validateDefinition(String(body.definition));
        machine.definition = String(body.definition);
      }
      saveMachines();
      return { updateDate: Date.now() / 1000 };
    },
    DescribeStateMachine: (body) => {
      const m = requireMachine(body.stateMachineArn);
      return {
        stateMachineArn: m.arn,
        name: m.name,
        status: 'ACTIVE',
        definition: m.definition,
        roleArn: m.roleArn,
        type: m.type,
        creationDate: m.createdAt / 1000,
      };
    },
    ListStateMachines: () => ({
      stateMachines: [...machines.values()].map((m) => ({
        stateMachineArn: m.arn,
        name: m.name,
        type: m.type,
        creationDate: m.createdAt / 1000,
      })),
    }),
    DeleteStateMachine: (body) => {
      machines.delete(String(body.stateMachineArn));
      saveMachines();
      return {};
    },
    StartExecution: (body) => {
      const machine = requireMachine(body.stateMachineArn);
      const name = String(body.name ?? crypto.randomUUID());
      const input = String(body.input ?? '{}');
      try {
        JSON.parse(input);
      } catch {
        throw new SfnError('InvalidExecutionInput', 'Invalid execution input: not JSON');
      }
      const executionArn = `arn:aws:states:${region}:${account}:execution:${machine.name}:${name}`;
      const existing = executions.get(executionArn);
      if (existing) {
        if (existing.input === input && existing.status === 'RUNNING') {
          return { executionArn, startDate: existing.startDate / 1000 };
        }
        throw new SfnError('ExecutionAlreadyExists', `Execution Already Exists: '${executionArn}'`);
      }
      const record: ExecutionRecord = {
        executionArn,
        stateMachineArn: machine.arn,
        name,
        input,
        status: 'RUNNING',
        startDate: Date.now(),
        history: [],
        tasks: {},
      };
      addEvent(record, 'ExecutionStarted', { input, roleArn: machine.roleArn });
      executions.set(executionArn, record);
      saveExecution(record);
      run(record, machine);
      return { executionArn, startDate: record.startDate / 1000 };
    },
    DescribeExecution: (body) => describe(requireExecution(body.executionArn)),
    ListExecutions: (body) => {
      const arn = String(body.stateMachineArn ?? '');
      return {
        executions: [...executions.values()]
          .filter((r) => r.stateMachineArn === arn && (!body.statusFilter || r.status === body.statusFilter))
          .sort((a, b) => b.startDate - a.startDate)
          .map((r) => ({ ...describe(r), input: undefined, output: undefined })),
      };
    },
    GetExecutionHistory: (body) => {
      const record = requireExecution(body.executionArn);
      const all = body.reverseOrder ? [...record.history].reverse() : record.history;
      const start = body.nextToken ? Number(body.nextToken) : 0;
      const size = typeof body.maxResults === 'number' && body.maxResults > 0 ? body.maxResults : 1000;
      const page = all.slice(start, start + size).map((e) => ({
        id: e.id,
        previousEventId: e.previousEventId,
        timestamp: e.timestamp / 1000,
        type: e.type,
        ...(e.details
          ? { [`${e.type.charAt(0).toLowerCase()}${e.type.slice(1)}EventDetails`]: e.details }
          : {}),
      }));
      return { events: page, ...(start + size < all.length ? { nextToken: String(start + size) } : {}) };
    },
    StopExecution: (body) => {
      const record = requireExecution(body.executionArn);
      if (record.status === 'RUNNING') {
        record.status = 'ABORTED';
        record.stopDate = Date.now();
        record.error = body.error ? String(body.error) : undefined;
        record.cause = body.cause ? String(body.cause) : undefined;
        addEvent(record, 'ExecutionAborted');
        running.get(record.executionArn)?.abort();
        running.delete(record.executionArn);
        for (const [token, waiter] of waiters)
          if (waiter.executionArn === record.executionArn) waiters.delete(token);
        saveExecution(record);
      }
      return { stopDate: (record.stopDate ?? Date.now()) / 1000 };
    },
    SendTaskSuccess: (body) => {
      const waiter = waiterFor(body.taskToken);
      let output: unknown;
      try {
        output = JSON.parse(String(body.output ?? 'null'));
      } catch {
        throw new SfnError('InvalidOutput', 'Invalid output: not JSON');
      }
      waiters.delete(String(body.taskToken));
      waiter.resolve(output);
      return {};
    },
    SendTaskFailure: (body) => {
      const waiter = waiterFor(body.taskToken);
      waiters.delete(String(body.taskToken));
      waiter.reject(namedError(String(body.error ?? 'States.TaskFailed'), String(body.cause ?? '')));
      return {};
    },
    SendTaskHeartbeat: (body) => {
      waiterFor(body.taskToken);
      armHeartbeat(String(body.taskToken));
      return {};
    },
  };

  const respond = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' });
    res.end(JSON.stringify(body));
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const target = String(req.headers['x-amz-target'] ?? '');
    const operation = operations[target.replace(/^AWSStepFunctions\./, '')];
    if (!operation)
      return respond(res, 400, {
        __type: 'UnknownOperationException',
        message: `Unknown operation ${target}`,
      });
    try {
      const text = Buffer.concat(chunks).toString('utf8');
      respond(res, 200, await operation(text ? (JSON.parse(text) as Record<string, unknown>) : {}));
    } catch (error) {
      if (error instanceof SfnError) return respond(res, 400, { __type: error.type, message: error.message });
      log(`stepfunctions: ${(error as Error).stack ?? String(error)}`);
      respond(res, 500, { __type: 'InternalFailure', message: (error as Error).message });
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) =>
      respond(res, 500, { __type: 'InternalFailure', message: String(error) }),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? loopback, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  return {
    url: `http://${options.host ?? loopback}:${port}`,
    close: async () => {
      closing = true;
      for (const execution of running.values()) execution.abort();
      for (const waiter of waiters.values()) if (waiter.heartbeatTimer) clearTimeout(waiter.heartbeatTimer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};
