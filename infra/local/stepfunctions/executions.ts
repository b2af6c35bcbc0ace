// Runs executions on the aws-local-stepfunctions interpreter and answers every Task, Map, Parallel and
// Wait state itself (see definition.ts). Each answer is recorded under the state's path: the scope it runs
// in (root, `Map#1[2]/`, `Parallel#1{0}/`), the state name and which visit of that state it is (loops and
// retries count up). A resumed execution is the same definition run again over the same input: states
// whose record holds a result get it back at once, a callback still waiting gets its old task token back,
// and history events carry the same keys, so nothing is invoked or logged twice. Within one scope states run
// one after another, so these paths do not depend on how concurrent iterations interleave.
import './polyfill.ts';
import { randomBytes, randomUUID } from 'node:crypto';
import {
  ExecutionAbortedError,
  ExecutionError,
  StateMachine,
  type StateMachineDefinition,
} from 'aws-local-stepfunctions';
import {
  compileDefinition,
  executionContextKey,
  type Integration,
  type Json,
  type JsonObject,
  type MachinePlan,
  maxTimerSeconds,
  type ScopePlan,
  type StatePlan,
  taskTokenMarker,
} from './definition.ts';
import { ServiceError } from './errors.ts';
import type { ExecutionRecord, Outcome, TaskRecord } from './store.ts';

export interface EngineOptions {
  region: string;
  accountId: string;
  invokeLambda: (functionArn: string, payload: unknown) => Promise<unknown>;
  onEvents?: (entries: unknown[]) => Promise<void> | void;
  /** Called after every change to an execution record, so it can be persisted. */
  touch: (record: ExecutionRecord) => void;
}

/** Ends a run that is being stopped (StopExecution, a failed sibling, shutdown): no Retry, no Catch. */
class Halt extends Error {
  readonly isRetryable = false;
  readonly isCatchable = false;
  constructor() {
    super('Execution halted');
    this.name = 'Tongban.Halted';
  }
}

/** Like the interpreter's own States.Runtime: a broken definition or input, not a task failure. */
class StatesRuntimeError extends Error {
  readonly isRetryable = false;
  readonly isCatchable = false;
  constructor(message: string) {
    super(message);
    this.name = 'States.Runtime';
  }
}

class TaskFailure extends Error {
  constructor(name: string, cause: string) {
    super(cause);
    this.name = name;
  }
}

type Library = { run: StateMachine['run'] };
const interpreterFor = (definition: JsonObject): Library =>
  new StateMachine(definition as unknown as StateMachineDefinition, {
    validationOptions: { noValidate: true },
  });

/**
 * The interpreter exempts only its own timeout error class from the `States.TaskFailed` wildcard, and does
 * not export it; one 1 ms run of a throwaway machine yields the class, so endpoint-enforced timeouts are
 * matched by Retry and Catch exactly like the interpreter's.
 */
const timeoutErrorClass = async (): Promise<new () => Error> => {
  const probe = interpreterFor({
    StartAt: 'Probe',
    States: { Probe: { Type: 'Task', Resource: 'tongban:probe', TimeoutSeconds: 0.001, End: true } },
  }).run(null, { overrides: { taskResourceLocalHandlers: { Probe: () => new Promise<never>(() => {}) } } });
  try {
    await probe.result;
  } catch (error) {
    const cause = (error as Error).cause;
    if (cause instanceof Error && cause.name === 'States.Timeout')
      return cause.constructor as new () => Error;
  }
  return class extends Error {
    override name = 'States.Timeout';
  };
};

const unwrapRunError = (error: unknown): unknown => {
  if (error instanceof ExecutionAbortedError) return new Halt();
  if (error instanceof ExecutionError && error.cause instanceof Error) return error.cause;
  return error;
};

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** What a handler returns, as it would arrive through JSON (undefined → null, dates → strings). */
const toJson = (value: unknown): Json => {
  const text = JSON.stringify(value);
  return text === undefined ? null : (JSON.parse(text) as Json);
};

const replaceMarker = (value: Json, token: string): Json => {
  if (typeof value === 'string')
    return value.includes(taskTokenMarker) ? value.split(taskTokenMarker).join(token) : value;
  if (Array.isArray(value)) return value.map((item) => replaceMarker(item, token));
  if (isObject(value))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceMarker(v, token)]));
  return value;
};

/** setTimeout that copes with delays beyond its 24.8-day limit by re-arming. Returns a canceller. */
const schedule = (at: number, fire: () => void) => {
  const maxMs = maxTimerSeconds * 1000;
  let timer: NodeJS.Timeout;
  const arm = () => {
    const left = at - Date.now();
    if (left <= 0) fire();
    else timer = setTimeout(arm, Math.min(left, maxMs));
  };
  timer = setTimeout(arm, Math.max(0, Math.min(at - Date.now(), maxMs)));
  return () => clearTimeout(timer);
};

interface Pending {
  promise: Promise<Outcome>;
  done: boolean;
  settle(outcome: Outcome): void;
  halt(abandon: boolean): void;
  rearm(): void;
}

/** One running state list with its own visit counters; cancelling it halts everything below it. */
class Scope {
  readonly visits = new Map<string, number>();
  readonly logged = new Map<string, number>();
  readonly pending = new Set<Pending>();
  readonly children = new Set<Scope>();
  cancelled = false;
  abort?: () => void;
  constructor(
    readonly path: string,
    public lastEventId: number,
    readonly parent?: Scope,
  ) {}
  get halted(): boolean {
    return this.cancelled || (this.parent?.halted ?? false);
  }
  child(path: string) {
    const scope = new Scope(path, this.lastEventId, this);
    this.children.add(scope);
    return scope;
  }
  cancel(abandon: boolean) {
    this.cancelled = true;
    this.abort?.();
    for (const pending of [...this.pending]) pending.halt(abandon);
    for (const child of this.children) child.cancel(abandon);
  }
}

interface LiveExecution {
  record: ExecutionRecord;
  plan: MachinePlan;
  root: Scope;
  eventIds: Map<string, number>;
  context: JsonObject;
  cancelTimeout?: () => void;
}

const eventNames = (integration: Integration) =>
  integration.service === 'function'
    ? {
        scheduled: 'LambdaFunctionScheduled',
        started: 'LambdaFunctionStarted',
        succeeded: 'LambdaFunctionSucceeded',
        failed: 'LambdaFunctionFailed',
        timedOut: 'LambdaFunctionTimedOut',
      }
    : {
        scheduled: 'TaskScheduled',
        started: 'TaskStarted',
        succeeded: 'TaskSucceeded',
        failed: 'TaskFailed',
        timedOut: 'TaskTimedOut',
      };

const finalEvent = {
  SUCCEEDED: 'ExecutionSucceeded',
  FAILED: 'ExecutionFailed',
  ABORTED: 'ExecutionAborted',
  TIMED_OUT: 'ExecutionTimedOut',
} as const;

/** Inline Map runs at most this many iterations at once, as on AWS. */
const inlineMapConcurrency = 40;

export class ExecutionEngine {
  private readonly live = new Map<string, LiveExecution>();
  private readonly tokens = new Map<string, { executionArn: string; key: string }>();
  private readonly waiters = new Map<string, Pending>();
  private closed = false;

  private constructor(
    private readonly options: EngineOptions,
    private readonly records: ReadonlyMap<string, ExecutionRecord>,
    private readonly TimeoutError: new () => Error,
  ) {
    for (const record of records.values()) {
      for (const [key, task] of Object.entries(record.tasks)) {
        if (task.token) this.tokens.set(task.token, { executionArn: record.executionArn, key });
      }
    }
  }

  static async create(options: EngineOptions, records: ReadonlyMap<string, ExecutionRecord>) {
    return new ExecutionEngine(options, records, await timeoutErrorClass());
  }

  /** Starts a new execution, or resumes a RUNNING one read back from disk. */
  run(record: ExecutionRecord) {
    const plan = compileDefinition(record.definition);
    const live: LiveExecution = {
      record,
      plan,
      root: new Scope('', 0),
      eventIds: new Map(record.history.map((event) => [event.key, event.id])),
      context: {
        [executionContextKey]: {
          Id: record.executionArn,
          Name: record.name,
          Input: JSON.parse(record.input) as Json,
          RoleArn: record.roleArn,
          StartTime: new Date(record.startDate).toISOString(),
          RedriveCount: 0,
        },
        StateMachine: { Id: record.stateMachineArn, Name: record.stateMachineName },
        Task: { Token: taskTokenMarker },
      },
    };
    this.live.set(record.executionArn, live);
    this.emit(live, live.root, 'execution', 'ExecutionStarted', {
      input: record.input,
      roleArn: record.roleArn,
    });
    if (plan.timeoutSeconds !== undefined) {
      live.cancelTimeout = schedule(record.startDate + plan.timeoutSeconds * 1000, () =>
        this.finish(live, 'TIMED_OUT', {
          error: 'States.Timeout',
          cause: 'The execution exceeded its TimeoutSeconds',
        }),
      );
    }
    this.runScope(live, live.root, plan.root, JSON.parse(record.input) as Json).then(
      (output) => this.finish(live, 'SUCCEEDED', { output: JSON.stringify(output) }),
      (error: unknown) => {
        // Stopped, timed out or shut down: that path has recorded (or deliberately not recorded) the end.
        if (live.root.halted || this.closed) return;
        const failure = error instanceof Error ? error : new Error(String(error));
        this.finish(live, 'FAILED', { error: failure.name, cause: failure.message });
      },
    );
  }

  stop(executionArn: string, error?: string, cause?: string) {
    const live = this.live.get(executionArn);
    if (live) this.finish(live, 'ABORTED', { error, cause });
  }

  succeed(token: string, output: Json) {
    this.complete(token, { ok: true, output });
  }

  fail(token: string, error: string, cause: string) {
    this.complete(token, { ok: false, error, cause });
  }

  heartbeat(token: string) {
    const { record, task } = this.openTask(token);
    task.heartbeatAt = Date.now();
    this.options.touch(record);
    this.waiters.get(token)?.rearm();
  }

  /** Halts every run without recording anything, so the executions resume on the next start. */
  close() {
    this.closed = true;
    for (const live of this.live.values()) {
      live.cancelTimeout?.();
      live.root.cancel(false);
    }
    this.live.clear();
  }

  private openTask(token: string) {
    const ref = this.tokens.get(token);
    if (!ref)
      throw new ServiceError('InvalidToken', 'Invalid Token: the task token is not one this endpoint issued');
    const record = this.records.get(ref.executionArn);
    const task = record?.tasks[ref.key];
    const now = Date.now();
    const heartbeatExpired =
      task?.heartbeatSeconds !== undefined &&
      (task.heartbeatAt ?? task.startedAt) + task.heartbeatSeconds * 1000 <= now;
    if (
      !record ||
      !task ||
      record.status !== 'RUNNING' ||
      task.outcome ||
      task.abandoned ||
      (task.deadline !== undefined && task.deadline <= now) ||
      heartbeatExpired
    ) {
      throw new ServiceError('TaskTimedOut', "Task Timed Out: 'Provided task does not exist anymore'");
    }
    return { record, task };
  }

  private complete(token: string, outcome: Outcome) {
    const { record, task } = this.openTask(token);
    const waiter = this.waiters.get(token);
    if (waiter) {
      waiter.settle(outcome);
    } else {
      // A resumed execution has not reached this task yet: it finds the result when it does.
      task.outcome = outcome;
      this.options.touch(record);
    }
  }

  private finish(
    live: LiveExecution,
    status: keyof typeof finalEvent,
    fields: Record<string, string | undefined>,
  ) {
    const { record } = live;
    if (record.status !== 'RUNNING' || this.closed) return;
    const details = Object.fromEntries(
      Object.entries(fields).filter(([, v]) => v !== undefined),
    ) as JsonObject;
    this.emit(live, live.root, `execution|${status}`, finalEvent[status], details);
    record.status = status;
    record.stopDate = Date.now();
    if (fields.output !== undefined) record.output = fields.output;
    if (fields.error !== undefined) record.error = fields.error;
    if (fields.cause !== undefined) record.cause = fields.cause;
    live.cancelTimeout?.();
    this.live.delete(record.executionArn);
    live.root.cancel(true);
    this.options.touch(record);
  }

  /** Appends a history event unless one with the same key exists (it was logged before a restart). */
  private emit(live: LiveExecution, scope: Scope, key: string, type: string, details?: JsonObject) {
    if (this.closed || live.record.status !== 'RUNNING') return;
    const known = live.eventIds.get(key);
    if (known !== undefined) {
      scope.lastEventId = known;
      return;
    }
    const id = live.record.history.length + 1;
    live.record.history.push({
      id,
      previousEventId: scope.lastEventId,
      timestamp: Date.now(),
      type,
      key,
      ...(details ? { details } : {}),
    });
    live.eventIds.set(key, id);
    scope.lastEventId = id;
    this.options.touch(live.record);
  }

  private async runScope(live: LiveExecution, scope: Scope, plan: ScopePlan, input: Json): Promise<Json> {
    const handlers: Record<string, (value: Json) => Promise<Json>> = {};
    // While replaying, a retry that already happened is not waited for again.
    const retryIntervals: Record<string, number> = {};
    for (const [name, state] of plan.states) {
      if (state.kind !== 'plain') handlers[name] = (value) => this.visit(live, scope, state, value);
      if (state.retries) {
        Object.defineProperty(retryIntervals, name, {
          enumerable: true,
          get: () =>
            live.record.tasks[`${scope.path}${name}#${(scope.visits.get(name) ?? 0) + 1}`] ? 0 : undefined,
        });
      }
    }
    const run = interpreterFor(plan.definition).run(input, {
      overrides: { taskResourceLocalHandlers: handlers, retryIntervalOverrides: retryIntervals },
      context: live.context as Record<string, unknown>,
    });
    scope.abort = run.abort;
    if (scope.halted) run.abort();
    const logged = this.logStates(live, scope, plan, run.eventLogs);
    try {
      return (await run.result) as Json;
    } catch (error) {
      throw unwrapRunError(error);
    } finally {
      await logged;
    }
  }

  /** Turns the interpreter's state events into AWS history events named after the original state type. */
  private async logStates(
    live: LiveExecution,
    scope: Scope,
    plan: ScopePlan,
    events: ReturnType<StateMachine['run']>['eventLogs'],
  ) {
    for await (const event of events) {
      if (event.type !== 'StateEntered' && event.type !== 'StateExited') continue;
      const { name } = event.state;
      const type = plan.states.get(name)?.type ?? event.state.type;
      const phase = event.type === 'StateEntered' ? 'Entered' : 'Exited';
      const n = (scope.logged.get(`${phase}|${name}`) ?? 0) + 1;
      scope.logged.set(`${phase}|${name}`, n);
      const details: JsonObject =
        phase === 'Entered'
          ? { name, input: JSON.stringify(event.state.input ?? null) }
          : { name, output: JSON.stringify(event.state.output ?? null) };
      this.emit(live, scope, `${scope.path}${name}#${n}|${phase}`, `${type}State${phase}`, details);
    }
  }

  private async visit(live: LiveExecution, scope: Scope, state: StatePlan, input: Json): Promise<Json> {
    // The interpreter hands out its state events asynchronously; let them be logged before the task's own.
    await new Promise((resolve) => setImmediate(resolve));
    if (scope.halted || this.closed) throw new Halt();
    const visit = (scope.visits.get(state.name) ?? 0) + 1;
    scope.visits.set(state.name, visit);
    const key = `${scope.path}${state.name}#${visit}`;
    switch (state.kind) {
      case 'map':
        return this.runMap(live, scope, state, key, input);
      case 'parallel':
        return this.runParallel(live, scope, state, key, input);
      case 'wait':
        return this.runWait(live, scope, state, key, input);
      default:
        return this.runTask(live, scope, state, key, input);
    }
  }

  private taskRecord(live: LiveExecution, key: string, create: () => TaskRecord) {
    let task = live.record.tasks[key];
    if (!task) {
      task = create();
      live.record.tasks[key] = task;
      this.options.touch(live.record);
    }
    return task;
  }

  /** Waits for a task's outcome: its own result, a callback, a timeout — or a halt, which rejects. */
  private pend(
    live: LiveExecution,
    scope: Scope,
    task: TaskRecord,
    expiry: () => { at: number; outcome: Outcome } | undefined,
  ): Pending {
    let resolve!: (outcome: Outcome) => void;
    let reject!: (error: Error) => void;
    const promise = new Promise<Outcome>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    promise.catch(() => undefined);
    let cancelTimer: (() => void) | undefined;
    const cleanup = () => {
      cancelTimer?.();
      scope.pending.delete(pending);
      if (task.token && this.waiters.get(task.token) === pending) this.waiters.delete(task.token);
    };
    const pending: Pending = {
      promise,
      done: false,
      settle: (outcome) => {
        if (pending.done) return;
        pending.done = true;
        task.outcome = outcome;
        this.options.touch(live.record);
        cleanup();
        resolve(outcome);
      },
      halt: (abandon) => {
        if (pending.done) return;
        pending.done = true;
        if (abandon && !this.closed) {
          task.abandoned = true;
          this.options.touch(live.record);
        }
        cleanup();
        reject(new Halt());
      },
      rearm: () => {
        cancelTimer?.();
        const next = expiry();
        if (!next) return;
        cancelTimer = schedule(next.at, () => {
          const due = expiry();
          if (due && due.at <= Date.now()) pending.settle(due.outcome);
          else pending.rearm();
        });
      },
    };
    scope.pending.add(pending);
    if (task.token) this.waiters.set(task.token, pending);
    pending.rearm();
    return pending;
  }

  private async runTask(live: LiveExecution, scope: Scope, state: StatePlan, key: string, input: Json) {
    const integration = state.integration!;
    const args: JsonObject = state.wrapped && isObject(input) ? input : { parameters: input };
    const seconds = (value: Json | undefined, field: string) => {
      if (value === undefined) return undefined;
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
        throw new StatesRuntimeError(`${field} of state '${state.name}' must select a positive integer`);
      }
      return value;
    };
    const task = this.taskRecord(live, key, () => {
      const now = Date.now();
      const timeoutSeconds = state.timeoutSeconds ?? seconds(args.timeout, 'TimeoutSecondsPath');
      const heartbeatSeconds = state.heartbeatSeconds ?? seconds(args.heartbeat, 'HeartbeatSecondsPath');
      return {
        startedAt: now,
        ...(timeoutSeconds !== undefined ? { deadline: now + timeoutSeconds * 1000 } : {}),
        ...(integration.callback
          ? {
              token: randomBytes(48).toString('base64url'),
              ...(heartbeatSeconds ? { heartbeatSeconds } : {}),
            }
          : {}),
      };
    });
    if (task.abandoned) throw new Halt();
    if (task.token) this.tokens.set(task.token, { executionArn: live.record.executionArn, key });
    const parameters = replaceMarker(args.parameters ?? null, task.token ?? '');
    const names = eventNames(integration);
    const resource: JsonObject =
      integration.service === 'function'
        ? {}
        : { resourceType: integration.resourceType, resource: integration.resource };
    const timeoutInSeconds: JsonObject =
      task.deadline !== undefined
        ? { timeoutInSeconds: Math.round((task.deadline - task.startedAt) / 1000) }
        : {};
    this.emit(
      live,
      scope,
      `${key}|scheduled`,
      names.scheduled,
      integration.service === 'function'
        ? { resource: integration.resource, input: JSON.stringify(parameters), ...timeoutInSeconds }
        : {
            ...resource,
            region: this.options.region,
            parameters: JSON.stringify(parameters),
            ...timeoutInSeconds,
            ...(task.heartbeatSeconds ? { heartbeatInSeconds: task.heartbeatSeconds } : {}),
          },
    );
    this.emit(
      live,
      scope,
      `${key}|started`,
      names.started,
      integration.service === 'function' ? undefined : resource,
    );

    const outcome = task.outcome ?? (await this.perform(live, scope, key, task, integration, parameters));
    if (scope.halted) throw new Halt();
    if (outcome.ok) {
      this.emit(live, scope, `${key}|succeeded`, names.succeeded, {
        ...resource,
        output: JSON.stringify(outcome.output),
      });
      return outcome.output;
    }
    const timedOut = outcome.error === 'States.Timeout' || outcome.error === 'States.HeartbeatTimeout';
    this.emit(live, scope, `${key}|failed`, timedOut ? names.timedOut : names.failed, {
      ...resource,
      error: outcome.error,
      cause: outcome.cause,
    });
    if (outcome.error === 'States.Timeout') {
      const error = new this.TimeoutError();
      error.message = outcome.cause;
      throw error;
    }
    throw new TaskFailure(outcome.error, outcome.cause);
  }

  private async perform(
    live: LiveExecution,
    scope: Scope,
    key: string,
    task: TaskRecord,
    integration: Integration,
    parameters: Json,
  ): Promise<Outcome> {
    const pending = this.pend(live, scope, task, () => {
      const candidates: { at: number; outcome: Outcome }[] = [];
      if (task.deadline !== undefined) {
        candidates.push({
          at: task.deadline,
          outcome: {
            ok: false,
            error: 'States.Timeout',
            cause: 'The task did not finish within its TimeoutSeconds',
          },
        });
      }
      if (task.heartbeatSeconds !== undefined) {
        candidates.push({
          at: (task.heartbeatAt ?? task.startedAt) + task.heartbeatSeconds * 1000,
          outcome: {
            ok: false,
            error: 'States.HeartbeatTimeout',
            cause: 'No heartbeat within HeartbeatSeconds',
          },
        });
      }
      return candidates.sort((a, b) => a.at - b.at)[0];
    });
    const failure = (error: unknown): Outcome => {
      const name = error instanceof Error ? error.name : 'Error';
      const message = error instanceof Error ? error.message : String(error);
      const cause =
        integration.service === 'events'
          ? message
          : JSON.stringify({ errorType: name, errorMessage: message });
      return { ok: false, error: name, cause };
    };
    if (!integration.callback) {
      this.dispatch(integration, parameters).then(
        (output) => pending.settle({ ok: true, output }),
        (error: unknown) => pending.settle(failure(error)),
      );
    } else if (!task.submitted) {
      try {
        const submitted = await this.dispatch(integration, parameters);
        if (!scope.halted && !this.closed) {
          task.submitted = true;
          this.options.touch(live.record);
          this.emit(live, scope, `${key}|submitted`, 'TaskSubmitted', {
            resourceType: integration.resourceType,
            resource: integration.resource,
            output: JSON.stringify(submitted),
          });
        }
      } catch (error) {
        pending.settle(failure(error));
      }
    }
    return pending.promise;
  }

  /** Calls the integration a Task state names: the local function, or the events callback. */
  private async dispatch(integration: Integration, parameters: Json): Promise<Json> {
    const { invokeLambda, onEvents, region, accountId } = this.options;
    if (integration.service === 'function')
      return toJson(await invokeLambda(integration.resource, parameters));
    const args = isObject(parameters) ? parameters : {};
    if (integration.service === 'events') {
      if (!Array.isArray(args.Entries))
        throw new StatesRuntimeError('events:putEvents needs Parameters.Entries');
      await onEvents?.(args.Entries);
      return { Entries: args.Entries.map(() => ({ EventId: randomUUID() })), FailedEntryCount: 0 };
    }
    const name = args.FunctionName;
    if (typeof name !== 'string') throw new StatesRuntimeError('lambda:invoke needs Parameters.FunctionName');
    const functionArn = name.startsWith('arn:')
      ? name
      : `arn:aws:lambda:${region}:${accountId}:function:${name}`;
    const payload = await invokeLambda(functionArn, args.Payload === undefined ? {} : args.Payload);
    return { ExecutedVersion: '$LATEST', Payload: toJson(payload), StatusCode: 200 };
  }

  private async runWait(live: LiveExecution, scope: Scope, state: StatePlan, key: string, input: Json) {
    const args: JsonObject = state.wrapped && isObject(input) ? input : { input };
    const task = this.taskRecord(live, key, () => {
      const now = Date.now();
      const seconds = state.waitSeconds ?? args.seconds;
      const timestamp = state.waitTimestamp ?? args.timestamp;
      let dueAt: number;
      if (typeof seconds === 'number' && Number.isInteger(seconds) && seconds >= 0)
        dueAt = now + seconds * 1000;
      else if (typeof timestamp === 'string' && !Number.isNaN(Date.parse(timestamp)))
        dueAt = Date.parse(timestamp);
      else throw new StatesRuntimeError(`Wait state '${state.name}' needs whole seconds or an ISO timestamp`);
      return { startedAt: now, dueAt };
    });
    if (!task.outcome) {
      const dueAt = task.dueAt ?? task.startedAt;
      await this.pend(live, scope, task, () => ({ at: dueAt, outcome: { ok: true, output: null } })).promise;
    }
    if (scope.halted) throw new Halt();
    return args.input ?? null;
  }

  private async runMap(live: LiveExecution, scope: Scope, state: StatePlan, key: string, input: Json) {
    const args: JsonObject = state.wrapped && isObject(input) ? input : { input, items: input };
    const items = args.items;
    if (!Array.isArray(items)) {
      throw new StatesRuntimeError(`Map state '${state.name}' needs an array of items (check ItemsPath)`);
    }
    this.taskRecord(live, key, () => ({ startedAt: Date.now() }));
    const requested = state.maxConcurrency ?? args.maxConcurrency;
    const limit =
      typeof requested === 'number' && requested > 0
        ? Math.min(requested, inlineMapConcurrency)
        : inlineMapConcurrency;
    this.emit(live, scope, `${key}|started`, 'MapStateStarted', { length: items.length });

    const results: Json[] = items.map(() => null);
    const children: Scope[] = [];
    let failure: unknown;
    let halted = false;
    let next = 0;
    const worker = async () => {
      while (next < items.length && failure === undefined && !scope.halted) {
        const index = next++;
        const child = scope.child(`${key}[${index}]/`);
        children.push(child);
        const iteration = `${key}[${index}]`;
        const details = { name: state.name, index };
        try {
          const item = items[index] ?? null;
          const value =
            state.itemSelector === undefined
              ? item
              : await this.select(state.itemSelector, args.input ?? null, {
                  ...live.context,
                  Map: { Item: { Index: index, Value: item } },
                });
          this.emit(live, scope, `${iteration}|started`, 'MapIterationStarted', details);
          child.lastEventId = scope.lastEventId;
          results[index] = await this.runScope(live, child, state.processor!, value);
          this.emit(live, scope, `${iteration}|succeeded`, 'MapIterationSucceeded', details);
        } catch (error) {
          if (error instanceof Halt) {
            halted = true;
            if (!scope.halted) this.emit(live, scope, `${iteration}|aborted`, 'MapIterationAborted', details);
          } else {
            this.emit(live, scope, `${iteration}|failed`, 'MapIterationFailed', details);
            if (failure === undefined) {
              failure = error;
              for (const other of children) if (other !== child) other.cancel(true);
            }
          }
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, () => worker()));
    return this.concludeBranches(live, scope, key, 'Map', results, failure, halted);
  }

  private async runParallel(live: LiveExecution, scope: Scope, state: StatePlan, key: string, input: Json) {
    this.taskRecord(live, key, () => ({ startedAt: Date.now() }));
    this.emit(live, scope, `${key}|started`, 'ParallelStateStarted');
    const branches = state.branches ?? [];
    const children = branches.map((_, index) => scope.child(`${key}{${index}}/`));
    let failure: unknown;
    let halted = false;
    const results = await Promise.all(
      branches.map(async (branch, index) => {
        const child = children[index]!;
        try {
          return await this.runScope(live, child, branch, input);
        } catch (error) {
          if (error instanceof Halt) halted = true;
          else if (failure === undefined) {
            failure = error;
            for (const other of children) if (other !== child) other.cancel(true);
          }
          return null;
        }
      }),
    );
    return this.concludeBranches(live, scope, key, 'Parallel', results, failure, halted);
  }

  private concludeBranches(
    live: LiveExecution,
    scope: Scope,
    key: string,
    type: 'Map' | 'Parallel',
    results: Json[],
    failure: unknown,
    halted: boolean,
  ): Json {
    if (scope.halted) throw new Halt();
    if (failure !== undefined) {
      this.emit(live, scope, `${key}|failed`, `${type}StateFailed`);
      throw failure;
    }
    if (halted) throw new Halt();
    this.emit(live, scope, `${key}|succeeded`, `${type}StateSucceeded`);
    return results;
  }

  /** Evaluates a payload template (a Map's ItemSelector) with the interpreter's own path and intrinsic rules. */
  private async select(template: Json, input: Json, context: JsonObject): Promise<Json> {
    const run = interpreterFor({
      StartAt: 'Select',
      States: { Select: { Type: 'Pass', Parameters: template, End: true } },
    }).run(input, { context: context as Record<string, unknown> });
    try {
      return (await run.result) as Json;
    } catch (error) {
      throw unwrapRunError(error);
    }
  }
}
