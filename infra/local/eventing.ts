// The local cloud's event delivery, from the manifest as the stack's (../constructs/eventing.ts): the table's
// stream feeds its consumers (the event relay) through the stream poller, and the bus routes each event
// to the subscriptions whose pattern it matches, invoking the same functions through the local cloud's
// function runtime. Also the local-only routes to look at it and to inject outages:
//   GET  /dev/streams                    the stream consumers' shards, positions, retries and failures
//   GET  /dev/faults                     which endpoints are refusing
//   POST /dev/faults {bus?, workflow?}   true: the bus refuses PutEvents / the Step Functions endpoint
//                                        refuses the calls that move executions; false: they answer again
import { eventSource, rulePattern } from '../../functions/lib/subscription.ts';
import { eventSubscriptions, type FunctionSpec } from '../../functions/manifest.ts';
import type { EventBridgeEndpoint } from './events.ts';
import { type StreamPoller, startStreamPoller } from './streams.ts';

export interface LocalEventingOptions {
  jurisdictionId: string;
  tableName: string;
  specs: readonly FunctionSpec[];
  /** Deployed name of a manifest function (`tongban-<jurisdiction>-<name>`). */
  functionName: (spec: FunctionSpec) => string;
  /** Invokes a function by its deployed name (the local cloud's function runtime). */
  invoke: (functionName: string, payload: unknown) => Promise<unknown>;
  events: EventBridgeEndpoint;
  workflow: { refuse(refusing: boolean): void; readonly refusing: boolean };
  /** Keeps the stream positions across restarts; memory only when omitted. */
  checkpointFile?: string;
  log?: (message: string) => void;
}

export interface LocalEventing {
  streams: StreamPoller;
  devRoute(request: {
    method: string;
    path: string;
    body?: string;
  }): { status: number; body: unknown } | undefined;
  stop(): Promise<void>;
}

export const startLocalEventing = async (options: LocalEventingOptions): Promise<LocalEventing> => {
  const source = eventSource(options.jurisdictionId);
  options.events.subscribe(
    eventSubscriptions(options.specs).map((s) => ({
      name: s.name,
      pattern: rulePattern(s.pattern, source),
      target: options.functionName(s.spec),
    })),
    options.invoke,
  );
  const streams = await startStreamPoller({
    tableName: options.tableName,
    consumers: options.specs.flatMap((spec) =>
      spec.tableStream
        ? [
            {
              functionName: options.functionName(spec),
              filter: spec.tableStream.filter,
              batchSize: spec.tableStream.batchSize,
            },
          ]
        : [],
    ),
    invoke: options.invoke,
    checkpointFile: options.checkpointFile,
    log: options.log,
  });

  const faults = () => ({ bus: options.events.refusing, workflow: options.workflow.refusing });

  return {
    streams,
    devRoute: ({ method, path, body }) => {
      if (path === '/dev/streams' && method === 'GET') return { status: 200, body: streams.status() };
      if (path === '/dev/faults' && method === 'GET') return { status: 200, body: faults() };
      if (path === '/dev/faults' && method === 'POST') {
        let input: unknown;
        try {
          input = body ? JSON.parse(body) : {};
        } catch {
          input = undefined;
        }
        const { bus, workflow } = (input ?? {}) as { bus?: unknown; workflow?: unknown };
        const details = [
          ...(typeof input !== 'object' || input === null
            ? [{ path: '(root)', message: 'a JSON object' }]
            : []),
          ...(bus !== undefined && typeof bus !== 'boolean'
            ? [{ path: 'bus', message: 'true or false' }]
            : []),
          ...(workflow !== undefined && typeof workflow !== 'boolean'
            ? [{ path: 'workflow', message: 'true or false' }]
            : []),
        ];
        if (details.length > 0)
          return {
            status: 400,
            body: { error: { code: 'VALIDATION_FAILED', message: 'The request is not valid.', details } },
          };
        if (typeof bus === 'boolean') options.events.refuse(bus);
        if (typeof workflow === 'boolean') options.workflow.refuse(workflow);
        options.log?.(
          `faults: bus ${faults().bus ? 'refusing' : 'answering'}, workflow ${faults().workflow ? 'refusing' : 'answering'}`,
        );
        return { status: 200, body: faults() };
      }
      return undefined;
    },
    stop: () => streams.stop(),
  };
};
