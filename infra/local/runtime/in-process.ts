// Every function's handler imported into the local cloud's own process, sharing its module graph and its
// environment (the union of all bindings). Not how Lambda runs functions, and not the default: it exists so
// the bench can measure the sandboxes' cost beside it in the same run.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import type { FunctionSpec } from '../../../functions/manifest.ts';
import { projectRoot } from './build.ts';
import { FunctionError, type FunctionRuntime, type FunctionStats, newStats } from './sandboxes.ts';

type Handler = (event: unknown, context: Context) => Promise<unknown>;

export const createInProcessRuntime = (options: {
  specs: readonly FunctionSpec[];
  functionName: (spec: FunctionSpec) => string;
  defaultMemoryMb: number;
}): FunctionRuntime => {
  const byName = new Map(options.specs.map((spec) => [options.functionName(spec), spec]));
  const handlers = new Map<string, Promise<Handler>>();
  const stats = new Map(
    options.specs.map((spec): [string, FunctionStats] => [
      spec.name,
      newStats(spec, options.defaultMemoryMb),
    ]),
  );
  return {
    invoke: async (functionName, payload, invokeOptions = {}) => {
      const name = functionName.split(':').pop() ?? functionName;
      const spec = byName.get(name);
      if (!spec) throw new FunctionError('ResourceNotFoundException', `Function not found: ${name}`);
      const stat = stats.get(spec.name)!;
      let handler = handlers.get(spec.name);
      if (!handler) {
        stat.coldStarts++;
        stat.instances = 1;
        handler = import(pathToFileURL(join(projectRoot, spec.entry)).href).then(
          (module: { handler: Handler }) => module.handler,
        );
        handlers.set(spec.name, handler);
      }
      stat.invocations++;
      const context = {
        functionName: name,
        awsRequestId: invokeOptions.requestId ?? crypto.randomUUID(),
        getRemainingTimeInMillis: () => 29_000,
      } as Context;
      const run = await handler;
      const started = performance.now();
      try {
        return await run(payload, context);
      } catch (error) {
        stat.errors++;
        throw error;
      } finally {
        stat.billedMs += Math.ceil(performance.now() - started);
      }
    },
    stats: () => [...stats.values()].map((s) => ({ ...s })),
    stop: async () => undefined,
  };
};
