// The runtime inside one local function sandbox: a child process on the Lambda runtime's Node.js major,
// started with exactly the function's environment, in the folder holding its bundle (as /var/task). Like
// the Lambda runtime interface it loads the handler module once (the init phase), then answers one
// invocation at a time for the parent over the IPC channel. It runs as is (Node strips the types) and
// imports nothing but Node's own modules, so nothing of the local cloud leaks into the function.
//
// The local cloud's movable clock (`POST /dev/clock`) reaches the function through a time source installed
// on globalThis before the bundle loads; functions/lib/clock.ts picks it up, and nothing else changes.
import { pathToFileURL } from 'node:url';

type Send = (message: unknown) => void;
const send: Send = (message) => process.send?.(message);

interface InvokeMessage {
  kind: 'invoke';
  id: string;
  payload: unknown;
  clockOffsetMs: number;
  context: {
    functionName: string;
    functionVersion: string;
    invokedFunctionArn: string;
    memoryLimitInMB: string;
    awsRequestId: string;
    logGroupName: string;
    logStreamName: string;
    deadlineMs: number;
  };
}

type Handler = (event: unknown, context: unknown) => unknown;

let clockOffsetMs = 0;
(globalThis as Record<symbol, unknown>)[Symbol.for('tongban.timeSource')] = () => Date.now() + clockOffsetMs;

/** An error as Lambda reports it: the type is the error's name, which Step Functions' Retry/Catch match. */
const describe = (error: unknown) =>
  error instanceof Error
    ? {
        errorType: error.name || 'Error',
        errorMessage: error.message,
        stackTrace: (error.stack ?? '').split('\n').slice(1, 11),
      }
    : { errorType: 'Error', errorMessage: String(error), stackTrace: [] };

const [entry, handlerName = 'handler'] = process.argv.slice(2);
const started = performance.now();
let handler: Handler;
try {
  if (!entry) throw new Error('The sandbox was started without a handler module');
  const module = (await import(pathToFileURL(entry).href)) as Record<string, unknown>;
  const exported = module[handlerName];
  if (typeof exported !== 'function') {
    throw Object.assign(new Error(`${entry} does not export a function named ${handlerName}`), {
      name: 'Runtime.HandlerNotFound',
    });
  }
  handler = exported as Handler;
} catch (error) {
  send({ kind: 'init-error', error: describe(error) });
  process.exitCode = 1;
  process.disconnect?.();
  throw error;
}
send({ kind: 'ready', initMs: performance.now() - started });

process.on('message', async (raw: InvokeMessage) => {
  if (raw?.kind !== 'invoke') return;
  clockOffsetMs = raw.clockOffsetMs;
  const { deadlineMs, ...fields } = raw.context;
  const context = {
    ...fields,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadlineMs - Date.now()),
  };
  try {
    const value = await handler(raw.payload, context);
    send({ kind: 'result', id: raw.id, ok: true, value: value === undefined ? null : value, ...usage() });
  } catch (error) {
    console.error(JSON.stringify({ level: 'ERROR', message: 'Invoke Error', ...describe(error) }));
    send({ kind: 'result', id: raw.id, ok: false, error: describe(error), ...usage() });
  }
});

function usage() {
  return { maxMemoryMb: Math.ceil(process.resourceUsage().maxRSS / 1024) };
}
