// The local Lambda service: every function of the manifest runs in sandboxes of its own, as in AWS. A
// sandbox is a child process on the Lambda runtime's Node.js major, with the function's bundle (built as the
// stack builds it) and exactly the environment the stack gives that function, so a resource the manifest
// does not bind is absent and module-level state never crosses from one function to another.
//
// Like Lambda: an instance handles one invocation at a time; concurrent invocations start more instances,
// up to a cap per function (past it, invocations wait for a free instance where Lambda would throttle);
// the first invocation of an instance is a cold start (its init is logged, as INIT_START and the REPORT's
// Init Duration); an invocation that outlives the function's timeout ends its instance and fails as
// `Sandbox.Timedout`; an instance idle for a while is retired.
import { type ChildProcess, fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { FunctionSpec } from '../../../functions/manifest.ts';
import type { Jurisdiction } from '../../../shared/jurisdiction.ts';
import { lambdaNodeMajor, lambdaRuntimeName } from '../../lambda-runtime.ts';
import { buildFunction, type FunctionBuild } from './build.ts';

/** The error of a failed invocation, named as Lambda names it (Step Functions matches on the name). */
export class FunctionError extends Error {
  constructor(
    readonly errorType: string,
    message: string,
  ) {
    super(message);
    this.name = errorType;
  }
}

export interface InvokeOptions {
  /** The request id the function sees (`context.awsRequestId`); a new one when omitted. */
  requestId?: string;
}

export interface FunctionStats {
  name: string;
  instances: number;
  busy: number;
  coldStarts: number;
  invocations: number;
  errors: number;
  timeouts: number;
  /** The memory the function is configured with (MB). */
  memoryMb: number;
  /** Invocation durations rounded up to the millisecond, summed: what Lambda bills, with the memory. */
  billedMs: number;
}

/** A function's counters before its first invocation. */
export const newStats = (spec: FunctionSpec, defaultMemoryMb: number): FunctionStats => ({
  name: spec.name,
  instances: 0,
  busy: 0,
  coldStarts: 0,
  invocations: 0,
  errors: 0,
  timeouts: 0,
  memoryMb: spec.memoryMb ?? defaultMemoryMb,
  billedMs: 0,
});

/** How the local cloud invokes functions, whichever way they run. */
export interface FunctionRuntime {
  /** Invokes a function by name (or ARN) and resolves with its result; a function error rejects. */
  invoke(functionName: string, payload: unknown, options?: InvokeOptions): Promise<unknown>;
  stats(): FunctionStats[];
  stop(): Promise<void>;
}

export interface SandboxOptions {
  specs: readonly FunctionSpec[];
  jurisdiction: Jurisdiction;
  /** Deployed name of a function, e.g. `tongban-dinghai-cases`. */
  functionName: (spec: FunctionSpec) => string;
  /** The function's own environment (the manifest's `functionEnvironment`) plus the local cloud's runtime. */
  environment: (spec: FunctionSpec) => Record<string, string>;
  /** Instances per function at most; 8 when omitted. */
  maxInstances?: number;
  /** An idle instance is retired after this long; 10 minutes when omitted. */
  idleMs?: number;
  defaultTimeoutSeconds: number;
  defaultMemoryMb: number;
  /** The local clock's offset from real time, handed to each invocation. */
  clockOffsetMs?: () => number;
  buildCacheDir?: string;
  /** The portal build the pages function draws with (portal/dist when omitted). */
  portalDir?: string;
  /** Platform lines (INIT_START, REPORT, timeouts). */
  log?: (line: string) => void;
  /** What a function prints, line by line. */
  functionLog?: (functionName: string, line: string) => void;
}

/**
 * The Node.js binary of the `node` package, which package.json pins to the Lambda runtime's major; a binary
 * of another major fails the local cloud's start rather than letting a function run on it.
 */
export const sandboxNode = () => {
  const packageJson = createRequire(import.meta.url).resolve('node/package.json');
  const { version } = JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string };
  if (Number(version.split('.')[0]) !== lambdaNodeMajor) {
    throw new Error(
      `The sandboxes would run on Node.js ${version}, but the functions deploy on ${lambdaRuntimeName}: ` +
        `install the \`node@${lambdaNodeMajor}\` package (npm ci does).`,
    );
  }
  return { path: join(packageJson, '..', 'bin', 'node'), version };
};

const bootstrap = join(import.meta.dirname, 'bootstrap.ts');
/** Lambda allows 10 s for a function's init phase. */
const initLimitMs = 10_000;

type ResultMessage =
  | { kind: 'result'; id: string; ok: true; value: unknown; maxMemoryMb: number }
  | {
      kind: 'result';
      id: string;
      ok: false;
      error: { errorType: string; errorMessage: string };
      maxMemoryMb: number;
    };
type ChildMessage =
  | { kind: 'ready'; initMs: number }
  | { kind: 'init-error'; error: { errorType: string; errorMessage: string } }
  | ResultMessage;

interface Instance {
  id: number;
  child: ChildProcess;
  ready: Promise<number>;
  /** Init duration, reported with the instance's first invocation. */
  initMs?: number;
  idleTimer?: NodeJS.Timeout;
  pending?: { id: string; settle: (message: ResultMessage | FunctionError) => void };
  gone: boolean;
}

interface Pool {
  spec: FunctionSpec;
  name: string;
  idle: Instance[];
  all: Set<Instance>;
  /** Instances being started (their bundle built, their process forked). */
  starting: number;
  waiting: Array<(instance: Instance | undefined) => void>;
  stats: FunctionStats;
}

export const createSandboxRuntime = (options: SandboxOptions): FunctionRuntime => {
  const log = options.log ?? (() => undefined);
  const functionLog = options.functionLog ?? (() => undefined);
  const maxInstances = options.maxInstances ?? 8;
  const idleMs = options.idleMs ?? 10 * 60_000;
  const node = sandboxNode().path;
  const pools = new Map<string, Pool>();
  for (const spec of options.specs) {
    const name = options.functionName(spec);
    pools.set(name, {
      spec,
      name,
      idle: [],
      all: new Set(),
      starting: 0,
      waiting: [],
      stats: newStats(spec, options.defaultMemoryMb),
    });
  }
  const builds = new Map<string, Promise<FunctionBuild>>();
  let nextInstance = 1;
  let stopped = false;

  /**
   * The function's build for a new instance: checked at every cold start (cheap when nothing changed), so
   * an edited handler runs in the next new instance; concurrent cold starts share one check.
   */
  const buildOf = (pool: Pool) => {
    let made = builds.get(pool.name);
    if (!made) {
      made = buildFunction(pool.spec, options.jurisdiction, options.buildCacheDir, options.portalDir);
      const done = () => builds.delete(pool.name);
      made.then(done, done);
      builds.set(pool.name, made);
    }
    return made;
  };

  const retire = (pool: Pool, instance: Instance) => {
    if (instance.gone) return;
    instance.gone = true;
    clearTimeout(instance.idleTimer);
    pool.all.delete(instance);
    pool.idle = pool.idle.filter((i) => i !== instance);
    pool.stats.instances = pool.all.size;
    instance.child.kill('SIGKILL');
    // A waiting invocation may now start an instance of its own.
    const next = pool.waiting.shift();
    next?.(undefined);
  };

  const spawnInstance = async (pool: Pool): Promise<Instance> => {
    const { dir, entry } = await buildOf(pool);
    const spec = pool.spec;
    const memoryMb = spec.memoryMb ?? options.defaultMemoryMb;
    const child = fork(bootstrap, [entry, 'handler'], {
      execPath: node,
      execArgv: [`--max-old-space-size=${memoryMb}`],
      cwd: dir,
      env: {
        ...options.environment(spec),
        // What Lambda itself sets in every function's environment.
        AWS_LAMBDA_FUNCTION_NAME: pool.name,
        AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(memoryMb),
        AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
        AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${pool.name}`,
        AWS_EXECUTION_ENV: `AWS_Lambda_${lambdaRuntimeName}`,
        LAMBDA_TASK_ROOT: dir,
        TZ: ':UTC',
        LANG: 'en_US.UTF-8',
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        // Not Lambda's: the AWS SDK puts it in each request's user agent (`app/<name>`), so the local
        // cloud's metering can tell which function asked.
        AWS_SDK_UA_APP_ID: spec.name,
      },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'json',
    });
    const id = nextInstance++;
    for (const stream of [child.stdout, child.stderr]) {
      if (stream) createInterface({ input: stream }).on('line', (line) => functionLog(pool.spec.name, line));
    }
    let settleReady: (initMs: number) => void = () => undefined;
    let failReady: (error: FunctionError) => void = () => undefined;
    const ready = new Promise<number>((resolve, reject) => {
      settleReady = resolve;
      failReady = reject;
    });
    const instance: Instance = { id, child, ready, gone: false };
    const initTimer = setTimeout(() => {
      failReady(new FunctionError('Sandbox.Timedout', `INIT timed out after ${initLimitMs / 1000} seconds`));
      retire(pool, instance);
    }, initLimitMs);
    child.on('message', (message: ChildMessage) => {
      if (message.kind === 'ready') {
        clearTimeout(initTimer);
        instance.initMs = message.initMs;
        settleReady(message.initMs);
      } else if (message.kind === 'init-error') {
        clearTimeout(initTimer);
        failReady(new FunctionError(message.error.errorType, message.error.errorMessage));
      } else if (message.kind === 'result' && instance.pending?.id === message.id) {
        instance.pending.settle(message);
      }
    });
    child.on('exit', (code, signal) => {
      clearTimeout(initTimer);
      const exited = new FunctionError(
        'Runtime.ExitError',
        `Runtime exited ${signal ? `with signal: ${signal}` : `with error: exit status ${code}`}`,
      );
      failReady(exited);
      instance.pending?.settle(exited);
      retire(pool, instance);
    });
    pool.all.add(instance);
    pool.stats.instances = pool.all.size;
    pool.stats.coldStarts++;
    log(`INIT_START ${pool.name} instance ${id} Runtime Version: nodejs:${lambdaNodeMajor}`);
    return instance;
  };

  /** An idle instance, a new one if under the cap, or the next one freed. */
  const acquire = async (pool: Pool): Promise<Instance> => {
    for (;;) {
      if (stopped) throw new FunctionError('ServiceException', 'The local cloud is stopping');
      const warm = pool.idle.pop();
      if (warm) {
        clearTimeout(warm.idleTimer);
        return warm;
      }
      if (pool.all.size + pool.starting < maxInstances) {
        // Counted from now: a concurrent invocation must not start one past the cap while this one builds.
        pool.starting++;
        try {
          return await spawnInstance(pool);
        } finally {
          pool.starting--;
        }
      }
      const freed = await new Promise<Instance | undefined>((resolve) => pool.waiting.push(resolve));
      if (freed && !freed.gone) return freed;
    }
  };

  const release = (pool: Pool, instance: Instance) => {
    if (instance.gone) return;
    const next = pool.waiting.shift();
    if (next) return next(instance);
    pool.idle.push(instance);
    instance.idleTimer = setTimeout(() => retire(pool, instance), idleMs);
    instance.idleTimer.unref();
  };

  const invoke = async (functionName: string, payload: unknown, invokeOptions: InvokeOptions = {}) => {
    const name = functionName.split(':').pop() ?? functionName;
    const pool = pools.get(name);
    if (!pool) {
      throw new FunctionError('ResourceNotFoundException', `Function not found: ${name}`);
    }
    const requestId = invokeOptions.requestId ?? randomUUID();
    const instance = await acquire(pool);
    const firstUse = instance.initMs === undefined;
    pool.stats.busy++;
    pool.stats.invocations++;
    try {
      await instance.ready;
    } catch (error) {
      pool.stats.busy--;
      pool.stats.errors++;
      retire(pool, instance);
      log(`INIT_REPORT ${pool.name} instance ${instance.id} Status: error (${String(error)})`);
      throw error;
    }
    const timeoutSeconds = pool.spec.timeoutSeconds ?? options.defaultTimeoutSeconds;
    const memoryMb = pool.spec.memoryMb ?? options.defaultMemoryMb;
    const started = performance.now();
    const outcome = await new Promise<ResultMessage | FunctionError>((resolve) => {
      const timer = setTimeout(() => {
        pool.stats.timeouts++;
        resolve(
          new FunctionError(
            'Sandbox.Timedout',
            `RequestId: ${requestId} Error: Task timed out after ${timeoutSeconds.toFixed(2)} seconds`,
          ),
        );
        retire(pool, instance);
      }, timeoutSeconds * 1000);
      instance.pending = {
        id: requestId,
        settle: (message) => {
          clearTimeout(timer);
          resolve(message);
        },
      };
      instance.child.send({
        kind: 'invoke',
        id: requestId,
        payload,
        clockOffsetMs: options.clockOffsetMs?.() ?? 0,
        context: {
          functionName: pool.name,
          functionVersion: '$LATEST',
          invokedFunctionArn: functionName.startsWith('arn:') ? functionName : pool.name,
          memoryLimitInMB: String(memoryMb),
          awsRequestId: requestId,
          logGroupName: `/aws/lambda/${pool.name}`,
          logStreamName: `local/${instance.id}`,
          deadlineMs: Date.now() + timeoutSeconds * 1000,
        },
      });
    });
    instance.pending = undefined;
    pool.stats.busy--;
    const duration = performance.now() - started;
    pool.stats.billedMs += Math.ceil(duration);
    const memoryUsed = outcome instanceof FunctionError ? '' : ` Max Memory Used: ${outcome.maxMemoryMb} MB`;
    log(
      `REPORT ${pool.name} RequestId: ${requestId} Duration: ${duration.toFixed(2)} ms` +
        ` Memory Size: ${memoryMb} MB${memoryUsed}` +
        (firstUse ? ` Init Duration: ${(instance.initMs ?? 0).toFixed(2)} ms` : ''),
    );
    if (outcome instanceof FunctionError) {
      pool.stats.errors++;
      log(`${pool.name} ${outcome.name}: ${outcome.message}`);
      throw outcome;
    }
    release(pool, instance);
    if (!outcome.ok) {
      pool.stats.errors++;
      throw new FunctionError(outcome.error.errorType, outcome.error.errorMessage);
    }
    return outcome.value;
  };

  return {
    invoke,
    stats: () => [...pools.values()].map((pool) => ({ ...pool.stats })),
    stop: async () => {
      stopped = true;
      for (const pool of pools.values()) {
        for (const waiter of pool.waiting.splice(0)) waiter(undefined);
        for (const instance of [...pool.all]) retire(pool, instance);
      }
    },
  };
};
