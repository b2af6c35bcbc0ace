// Turns an ASL definition into what the interpreter (aws-local-stepfunctions) runs, plus a plan the endpoint
// keeps beside it. The interpreter only lets a host override Task states, per state name, and runs Map
// iterations and Parallel branches out of the host's reach; so every Task, Map, Parallel and Wait state
// becomes a Task the endpoint answers itself. That gives each state a stable path (state, Map index, visit)
// to record its result under, which is what lets an execution resume after a restart. Definitions the
// endpoint cannot run faithfully are refused up front rather than run wrongly.
import validateAsl from 'asl-validator';
import { ServiceError } from './errors.ts';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** The largest delay setTimeout accepts, in seconds (2^31 - 1 ms); longer waits are re-armed. */
export const maxTimerSeconds = 2_147_483;

/** `$$.Execution` is renamed to this context key: the interpreter overwrites `Execution` in every nested run. */
export const executionContextKey = 'TongbanExecution';

/** Stands in for `$$.Task.Token` until the task runs and a token is minted. */
export const taskTokenMarker = '@@tongban-task-token@@';

export interface Integration {
  /** lambda: the optimised `lambda:invoke`; function: a Lambda ARN as Resource; events: `events:putEvents`. */
  service: 'lambda' | 'function' | 'events';
  callback: boolean;
  /** As AWS reports it in history events, e.g. `lambda` / `invoke.waitForTaskToken`. */
  resourceType: string;
  resource: string;
}

export interface StatePlan {
  name: string;
  /** The state's type in the original definition (history events are named after it). */
  type: string;
  kind: 'task' | 'map' | 'parallel' | 'wait' | 'plain';
  /** Whether the interpreter hands the override a wrapper object (see `wrap*` below) rather than the input. */
  wrapped: boolean;
  integration?: Integration;
  timeoutSeconds?: number;
  heartbeatSeconds?: number;
  waitSeconds?: number;
  waitTimestamp?: string;
  maxConcurrency?: number;
  itemSelector?: Json;
  processor?: ScopePlan;
  branches?: ScopePlan[];
  retries: boolean;
}

/** One state list: the root, a Map item processor or a Parallel branch. */
export interface ScopePlan {
  definition: JsonObject;
  states: Map<string, StatePlan>;
}

export interface MachinePlan {
  root: ScopePlan;
  /** The execution's own `TimeoutSeconds`, enforced by the endpoint so it survives restarts. */
  timeoutSeconds?: number;
}

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const invalid = (message: string) =>
  new ServiceError('InvalidDefinition', `Invalid State Machine Definition: ${message}`);

const optimisedResource = /^arn:[\w-]+:states:::(lambda:invoke|events:putEvents)(\.waitForTaskToken)?$/;
const functionResource = /^arn:[\w-]+:lambda:[\w-]+:\d{12}:function:[^:\s]+(:[^:\s]+)?$/;

const integrationOf = (resource: unknown, at: string): Integration => {
  if (typeof resource === 'string') {
    const optimised = optimisedResource.exec(resource);
    if (optimised) {
      const [service, action] = optimised[1]!.split(':') as [string, string];
      const callback = optimised[2] !== undefined;
      return {
        service: service === 'lambda' ? 'lambda' : 'events',
        callback,
        resourceType: service,
        resource: `${action}${optimised[2] ?? ''}`,
      };
    }
    if (functionResource.test(resource)) {
      return { service: 'function', callback: false, resourceType: 'lambda', resource };
    }
  }
  throw invalid(
    `state '${at}': resource ${JSON.stringify(resource)} is not available locally (supported: lambda:invoke, ` +
      'lambda:invoke.waitForTaskToken, events:putEvents[.waitForTaskToken] and Lambda function ARNs)',
  );
};

/** Fields that belong to JSONata, variables or distributed Map, none of which the interpreter runs. */
const unsupportedFields = [
  'Arguments',
  'Output',
  'Assign',
  'Items',
  'ItemReader',
  'ItemBatcher',
  'ResultWriter',
  'ToleratedFailureCount',
  'ToleratedFailureCountPath',
  'ToleratedFailurePercentage',
  'ToleratedFailurePercentagePath',
];

const positiveSeconds = (value: Json | undefined, field: string, at: string) => {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw invalid(`state '${at}': ${field} must be a positive integer`);
  }
  return value;
};

/**
 * Renames `$$.Execution` in every path and template so nested runs see the real execution. `$$.State` would
 * need a context per state, which the interpreter does not have: refused here rather than failing mid-run.
 */
const renameExecutionContext = (node: Json, key = ''): Json => {
  if (typeof node === 'string') {
    const isPath = key.endsWith('.$') || key.endsWith('Path') || key === 'Variable';
    if (isPath && node.includes('$$.State.')) throw invalid(`'${node}': $$.State is not available locally`);
    return isPath ? node.replace(/\$\$\.Execution\b/g, `$$$$.${executionContextKey}`) : node;
  }
  if (Array.isArray(node)) return node.map((item) => renameExecutionContext(item, key));
  if (!isObject(node)) return node;
  return Object.fromEntries(
    Object.entries(node).map(([k, v]) => [k, k === 'Result' ? v : renameExecutionContext(v, k)]),
  );
};

const compileScope = (scope: JsonObject, where: string): ScopePlan => {
  if (!isObject(scope.States)) throw invalid(`${where || 'definition'}: States must be an object`);
  const states: JsonObject = {};
  const plans = new Map<string, StatePlan>();
  for (const [name, raw] of Object.entries(scope.States)) {
    if (!isObject(raw)) throw invalid(`state '${where}${name}' must be an object`);
    const at = `${where}${name}`;
    if (raw.QueryLanguage === 'JSONata')
      throw invalid(`state '${at}': JSONata is not supported locally, use JSONPath`);
    for (const field of unsupportedFields) {
      if (field in raw) throw invalid(`state '${at}': ${field} is not supported locally`);
    }
    const { QueryLanguage: _language, ...state } = raw;
    const type = String(state.Type);
    const base = { name, type, retries: Array.isArray(state.Retry) && state.Retry.length > 0 };
    // Every replaced state keeps its own paths, Retry and Catch; the interpreter's task timer is pushed out
    // of the way because the endpoint enforces timeouts itself (from the recorded start, across restarts).
    const asTask = (rest: JsonObject, parameters?: Json): JsonObject => ({
      ...rest,
      Type: 'Task',
      Resource: `tongban:${type.toLowerCase()}`,
      ...(parameters === undefined ? {} : { Parameters: parameters }),
      TimeoutSeconds: maxTimerSeconds,
    });

    if (type === 'Task') {
      const {
        Resource,
        Parameters,
        TimeoutSeconds,
        TimeoutSecondsPath,
        HeartbeatSeconds,
        HeartbeatSecondsPath,
        Credentials: _credentials,
        ...rest
      } = state;
      const integration = integrationOf(Resource, at);
      // A wrapper carries the dynamic timeouts next to the parameters; without any, the input goes as it is
      // (a wrapper would fail on a null input, which `$` cannot select).
      const wrapped =
        Parameters !== undefined || TimeoutSecondsPath !== undefined || HeartbeatSecondsPath !== undefined;
      const wrapper: JsonObject =
        Parameters === undefined ? { 'parameters.$': '$' } : { parameters: Parameters };
      if (typeof TimeoutSecondsPath === 'string') wrapper['timeout.$'] = TimeoutSecondsPath;
      if (typeof HeartbeatSecondsPath === 'string') wrapper['heartbeat.$'] = HeartbeatSecondsPath;
      states[name] = asTask(rest, wrapped ? wrapper : undefined);
      plans.set(name, {
        ...base,
        kind: 'task',
        wrapped,
        integration,
        timeoutSeconds: positiveSeconds(TimeoutSeconds, 'TimeoutSeconds', at),
        heartbeatSeconds: positiveSeconds(HeartbeatSeconds, 'HeartbeatSeconds', at),
      });
    } else if (type === 'Map') {
      const {
        ItemProcessor,
        Iterator,
        ItemSelector,
        Parameters,
        ItemsPath,
        MaxConcurrency,
        MaxConcurrencyPath,
        ...rest
      } = state;
      const processor = ItemProcessor ?? Iterator;
      if (!isObject(processor)) throw invalid(`state '${at}': ItemProcessor must be an object`);
      if (isObject(processor.ProcessorConfig) && processor.ProcessorConfig.Mode === 'DISTRIBUTED') {
        throw invalid(`state '${at}': distributed Map is not supported locally`);
      }
      const wrapped = ItemsPath !== undefined || MaxConcurrencyPath !== undefined;
      const wrapper: JsonObject = {
        'input.$': '$',
        'items.$': typeof ItemsPath === 'string' ? ItemsPath : '$',
      };
      if (typeof MaxConcurrencyPath === 'string') wrapper['maxConcurrency.$'] = MaxConcurrencyPath;
      states[name] = asTask(rest, wrapped ? wrapper : undefined);
      plans.set(name, {
        ...base,
        kind: 'map',
        wrapped,
        itemSelector: ItemSelector ?? Parameters,
        maxConcurrency: typeof MaxConcurrency === 'number' ? MaxConcurrency : undefined,
        processor: compileScope(processor, `${at}/`),
      });
    } else if (type === 'Parallel') {
      const { Branches, Parameters, ...rest } = state;
      if (!Array.isArray(Branches)) throw invalid(`state '${at}': Branches must be an array`);
      states[name] = asTask(rest, Parameters);
      plans.set(name, {
        ...base,
        kind: 'parallel',
        wrapped: false,
        branches: Branches.map((branch, i) => {
          if (!isObject(branch)) throw invalid(`state '${at}': branch ${i} must be an object`);
          return compileScope(branch, `${at}{${i}}/`);
        }),
      });
    } else if (type === 'Wait') {
      const { Seconds, Timestamp, SecondsPath, TimestampPath, ...rest } = state;
      const path = SecondsPath ?? TimestampPath;
      const wrapper: JsonObject = { 'input.$': '$' };
      if (typeof SecondsPath === 'string') wrapper['seconds.$'] = SecondsPath;
      if (typeof TimestampPath === 'string') wrapper['timestamp.$'] = TimestampPath;
      states[name] = asTask(rest, path === undefined ? undefined : wrapper);
      plans.set(name, {
        ...base,
        kind: 'wait',
        wrapped: path !== undefined,
        waitSeconds: typeof Seconds === 'number' ? Seconds : undefined,
        waitTimestamp: typeof Timestamp === 'string' ? Timestamp : undefined,
      });
    } else {
      states[name] = state;
      plans.set(name, { ...base, kind: 'plain', wrapped: false });
    }
  }
  return { definition: { StartAt: scope.StartAt ?? null, States: states }, states: plans };
};

/** asl-validator rebuilds its JSON schemas on every call (a few hundred ms), so each text is compiled once. */
const compiled = new Map<string, MachinePlan>();

/** Validates a definition as CreateStateMachine would and compiles it; throws `InvalidDefinition`. */
export const compileDefinition = (text: string): MachinePlan => {
  let plan = compiled.get(text);
  if (!plan) {
    plan = compile(text);
    compiled.set(text, plan);
  }
  return plan;
};

const compile = (text: string): MachinePlan => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw invalid('the definition is not valid JSON');
  }
  if (!isObject(parsed)) throw invalid('the definition must be a JSON object');
  if (parsed.QueryLanguage === 'JSONata') throw invalid('JSONata is not supported locally, use JSONPath');
  // The validator writes defaults into what it is given, so it checks a copy.
  const result = validateAsl(structuredClone(parsed), { checkArn: true, checkPaths: true });
  if (!result.isValid) throw invalid(result.errorsText('; '));
  const renamed = renameExecutionContext(parsed);
  if (!isObject(renamed)) throw invalid('the definition must be a JSON object');
  return {
    root: compileScope(renamed, ''),
    timeoutSeconds: positiveSeconds(renamed.TimeoutSeconds, 'TimeoutSeconds', '(top level)'),
  };
};
