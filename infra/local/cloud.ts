// The local cloud: DynamoDB Local, an S3 emulator, a Step Functions endpoint, an EventBridge endpoint and
// the HTTP gateway, wired from the same manifest, table design and state machine files as the CDK stack.
// Handlers run in this process and reach the emulators only through the standard AWS_ENDPOINT_URL_<SERVICE>
// variables.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CreateBucketCommand, PutBucketCorsCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateStateMachineCommand, SFNClient } from '@aws-sdk/client-sfn';
import type { Context } from 'aws-lambda';
import * as z from 'zod';
import { setTimeSource } from '../../functions/lib/clock.ts';
import {
  bindingVariables,
  type FunctionSpec,
  functionSpecs,
  partitionPlaceholder,
  stateMachineSpecs,
} from '../../functions/manifest.ts';
import type { Jurisdiction } from '../../shared/jurisdiction.ts';
import { loadJurisdiction } from '../jurisdictions/index.ts';
import { materialCors } from '../materials.ts';
import { names } from '../naming.ts';
import { createDevIdentity, devTokenRequestSchema } from './dev-identity.ts';
import { startDynamoDbLocal } from './dynamodb/index.ts';
import { startLocalEventing } from './eventing.ts';
import { startEventBridgeEndpoint } from './events.ts';
import { createGateway, type DevRoute, type LambdaHandler } from './gateway.ts';
import { startKmsEndpoint } from './kms.ts';
import { loopback } from './ports.ts';
import { startS3Local } from './s3.ts';
import { startStepFunctionsEndpoint } from './stepfunctions/server.ts';
import { ensureTable } from './table.ts';

export const projectRoot = resolve(import.meta.dirname, '..', '..');
const region = 'us-east-1';
const account = '000000000000';

export interface LocalCloudOptions {
  jurisdictionId: string;
  /** Folder for persisted data; omitted → in-memory DynamoDB and a temporary folder removed on stop. */
  dataDir?: string;
  /** Gateway port; 0 picks a free one. */
  port?: number;
  log?: (line: string) => void;
  /** Runs once the emulators and resources exist, before the gateway accepts requests (seeding). */
  prepare?: (jurisdiction: Jurisdiction) => Promise<void>;
  /** Functions beyond the manifest's (test fixtures); invoked like any other. */
  extraFunctions?: readonly FunctionSpec[];
}

export interface LocalCloud {
  url: string;
  jurisdiction: Jurisdiction;
  endpoints: { dynamodb: string; s3: string; sfn: string; events: string; kms: string };
  /** Signs a development token, as `POST /dev/token` does. */
  issueToken: (
    request: Parameters<Awaited<ReturnType<typeof createDevIdentity>>['issue']>[0],
  ) => Promise<string>;
  stop(): Promise<void>;
}

const lambdaArn = (functionName: string) => `arn:aws:lambda:${region}:${account}:function:${functionName}`;

/** Environment every function sees locally: the union of all bindings (they all name the same resources). */
const functionEnvironment = (jurisdiction: Jurisdiction, endpoints: LocalCloud['endpoints']) => {
  const n = names(jurisdiction.id);
  const values: Record<string, string> = {
    TABLE_NAME: n.table,
    LICENCE_BUCKET_NAME: n.licenceBucket,
    ASSET_BUCKET_NAME: n.assetBucket,
    MATERIALS_BUCKET_NAME: n.materialBucket,
    EVENT_BUS_NAME: n.eventBus,
    SIGNING_KEY_ID: n.signingKeyAlias,
  };
  const env: Record<string, string> = {
    JURISDICTION_CONFIG: JSON.stringify(jurisdiction),
    AWS_REGION: region,
    // s3rver accepts only this key id; DynamoDB Local (shared database) and the SFN endpoint accept any.
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
    AWS_ENDPOINT_URL_S3: endpoints.s3,
    AWS_ENDPOINT_URL_SFN: endpoints.sfn,
    AWS_ENDPOINT_URL_EVENTBRIDGE: endpoints.events,
    AWS_ENDPOINT_URL_KMS: endpoints.kms,
    POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
  };
  for (const variable of new Set(Object.values(bindingVariables))) {
    if (variable && values[variable]) env[variable] = values[variable];
  }
  if (stateMachineSpecs[0]) {
    env.STATE_MACHINE_ARN = `arn:aws:states:${region}:${account}:stateMachine:${n.stateMachine(stateMachineSpecs[0].name)}`;
  }
  return env;
};

/** `GET /dev/events?type=&since=&limit=`: the query, checked. */
const eventsQuery = z.object({
  type: z.string().min(1).optional(),
  // A `+` offset sent unencoded arrives as a space; no ISO instant contains one, so it is put back.
  since: z
    .string()
    .transform((value) => value.replaceAll(' ', '+'))
    .pipe(z.iso.datetime({ offset: true, error: 'an ISO 8601 instant, e.g. 2026-12-01T09:00:00Z' }))
    .optional(),
  limit: z.coerce.number().int().min(1).max(10_000).default(100),
});

export const startLocalCloud = async (options: LocalCloudOptions): Promise<LocalCloud> => {
  const log = options.log ?? (() => undefined);
  const jurisdiction = loadJurisdiction(options.jurisdictionId);
  const n = names(jurisdiction.id);
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'tongban-'));
  const persistent = options.dataDir !== undefined;
  const stops: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const fn of stops.reverse()) await fn().catch((e: unknown) => log(`stop: ${String(e)}`));
    if (!persistent) rmSync(dataDir, { recursive: true, force: true });
  };

  // The movable clock (`/dev/clock`), shared by the handlers and by the events endpoint's timestamps.
  let clockOffsetMs = 0;
  const localNow = () => Date.now() + clockOffsetMs;

  try {
    const [dynamodb, s3, events, kms] = await Promise.all([
      startDynamoDbLocal(persistent ? { dataDir: join(dataDir, 'dynamodb') } : {}),
      startS3Local({ dataDir: join(dataDir, 's3') }),
      startEventBridgeEndpoint({ buses: [n.eventBus], now: localNow, log }),
      // The seal's key is made on first start and kept with the data, so licences verify after a restart.
      startKmsEndpoint({
        dataDir: join(dataDir, 'kms'),
        aliases: [n.signingKeyAlias],
        region,
        accountId: account,
        log,
      }),
    ]);
    stops.push(dynamodb.stop, s3.stop, events.close, kms.close);

    const handlers = new Map<string, Promise<LambdaHandler>>();
    const specs = [...functionSpecs, ...(options.extraFunctions ?? [])];
    const byFunctionName = new Map(specs.map((spec) => [n.function(spec.name), spec]));
    const handlerOf = (spec: FunctionSpec) => {
      let handler = handlers.get(spec.name);
      if (!handler) {
        const url = pathToFileURL(join(projectRoot, spec.entry)).href;
        handler = import(url).then((module: { handler: LambdaHandler }) => module.handler);
        handlers.set(spec.name, handler);
      }
      return handler;
    };
    const invokeLambda = async (functionArn: string, payload: unknown) => {
      const functionName = functionArn.split(':').pop() ?? functionArn;
      const spec = byFunctionName.get(functionName);
      if (!spec) throw new Error(`No function ${functionName} in the manifest`);
      const context = { functionName, awsRequestId: crypto.randomUUID() } as Context;
      return (await handlerOf(spec))(payload, context);
    };

    const sfn = await startStepFunctionsEndpoint({
      dataDir: persistent ? join(dataDir, 'stepfunctions') : undefined,
      region,
      accountId: account,
      invokeLambda,
      onEvents: (entries) => events.putEntries(entries),
      log,
    });
    stops.push(sfn.close);

    const endpoints = {
      dynamodb: dynamodb.endpoint,
      s3: s3.endpoint,
      sfn: sfn.url,
      events: events.url,
      kms: kms.url,
    };
    Object.assign(process.env, functionEnvironment(jurisdiction, endpoints));

    await ensureTable(n.table);
    const s3Client = new S3Client({});
    for (const bucket of [n.licenceBucket, n.assetBucket, n.materialBucket]) {
      await s3Client.send(new CreateBucketCommand({ Bucket: bucket })).catch((error: { name?: string }) => {
        if (error.name !== 'BucketAlreadyOwnedByYou' && error.name !== 'BucketAlreadyExists') throw error;
      });
    }
    // The stack's CORS rule, so a browser can try presigned uploads locally as it would in AWS.
    await s3Client.send(
      new PutBucketCorsCommand({
        Bucket: n.materialBucket,
        CORSConfiguration: {
          CORSRules: [
            {
              AllowedMethods: [...materialCors.allowedMethods],
              AllowedOrigins: [...materialCors.allowedOrigins],
              AllowedHeaders: [...materialCors.allowedHeaders],
              MaxAgeSeconds: materialCors.maxAgeSeconds,
            },
          ],
        },
      }),
    );
    const sfnClient = new SFNClient({});
    for (const machine of stateMachineSpecs) {
      // As CDK's substitutions do: the partition, then each function's ARN.
      let definition = readFileSync(join(projectRoot, machine.file), 'utf8').replaceAll(
        `\${${partitionPlaceholder}}`,
        'aws',
      );
      for (const [placeholder, fn] of Object.entries(machine.functionArns)) {
        definition = definition.replaceAll(`\${${placeholder}}`, lambdaArn(n.function(fn)));
      }
      await sfnClient.send(
        new CreateStateMachineCommand({
          name: n.stateMachine(machine.name),
          definition,
          roleArn: `arn:aws:iam::${account}:role/${n.stateMachine(machine.name)}`,
          type: 'STANDARD',
        }),
      );
    }

    // Domain events: the table's stream feeds the event relay, the bus routes to the subscriptions (both as
    // the manifest declares them); /dev/streams and /dev/faults look at them and inject outages.
    const eventing = await startLocalEventing({
      jurisdictionId: jurisdiction.id,
      tableName: n.table,
      specs,
      functionName: (spec) => n.function(spec.name),
      invoke: (name, payload) => invokeLambda(lambdaArn(name), payload),
      events,
      workflow: sfn,
      checkpointFile: persistent ? join(dataDir, 'streams.json') : undefined,
      log,
    });
    stops.push(eventing.stop);

    await options.prepare?.(jurisdiction);

    // Development identity and a movable clock: local-only, served under /dev.
    const port = options.port ?? 0;
    const identity = await createDevIdentity({
      issuer: `urn:tongban:dev-issuer:${jurisdiction.id}`,
      audience: `${n.userPool}-client`,
      keyFile: join(dataDir, 'dev-identity.jwk.json'),
    });
    setTimeSource(localNow);

    const devRoutes: DevRoute = async ({ method, path, query, body }) => {
      const parse = (): unknown => {
        try {
          return body ? JSON.parse(body) : {};
        } catch {
          return Symbol.for('malformed');
        }
      };
      const bad = (details: unknown) => ({
        status: 400,
        body: { error: { code: 'VALIDATION_FAILED', message: 'The request is not valid.', details } },
      });
      if (method === 'POST' && path === '/dev/token') {
        const input = devTokenRequestSchema.safeParse(parse());
        if (!input.success)
          return bad(input.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
        return { status: 200, body: { token: await identity.issue(input.data) } };
      }
      if (path === '/dev/clock' && method === 'GET') {
        return {
          status: 200,
          body: { now: new Date(Date.now() + clockOffsetMs).toISOString(), offsetMs: clockOffsetMs },
        };
      }
      if (path === '/dev/clock' && method === 'POST') {
        const input = parse() as { now?: unknown; reset?: unknown };
        if (input && typeof input === 'object' && input.reset === true) clockOffsetMs = 0;
        else {
          const at = typeof input?.now === 'string' ? Date.parse(input.now) : Number.NaN;
          if (Number.isNaN(at))
            return bad([{ path: 'now', message: 'an ISO 8601 date-time, e.g. 2026-12-01T09:00:00+08:00' }]);
          clockOffsetMs = at - Date.now();
          // Answer with the instant that was set, not a re-read that may already be a millisecond later.
          return { status: 200, body: { now: new Date(at).toISOString(), offsetMs: clockOffsetMs } };
        }
        return { status: 200, body: { now: new Date().toISOString(), offsetMs: 0 } };
      }
      // Renews the seal as an operator would in AWS: a new key behind the alias, the old one kept.
      if (path === '/dev/seal/rotate' && method === 'POST') {
        const { keyId } = kms.rotate(n.signingKeyAlias);
        return { status: 200, body: { keyId } };
      }
      if (path === '/dev/.well-known/jwks.json' && method === 'GET')
        return { status: 200, body: identity.jwks };
      const eventingRoute = eventing.devRoute({ method, path, body });
      if (eventingRoute) return eventingRoute;
      // Domain events the relay and the state machines put on the bus, newest last, with their deliveries.
      if (path === '/dev/events' && method === 'GET') {
        const input = eventsQuery.safeParse(Object.fromEntries(query));
        if (!input.success)
          return bad(
            input.error.issues.map((i) => ({ path: `query.${i.path.join('.')}`, message: i.message })),
          );
        const { type, since, limit } = input.data;
        return {
          status: 200,
          body: { events: events.list({ type, sinceMs: since ? Date.parse(since) : undefined, limit }) },
        };
      }
      return undefined;
    };

    const server = createGateway({
      specs: functionSpecs,
      functionName: (spec) => n.function(spec.name),
      handlerOf,
      verifyToken: async (token) => identity.verify(token),
      devRoutes,
      log,
    });
    await new Promise<void>((resolveListen, reject) => {
      server.once('error', reject);
      server.listen(port, loopback, () => resolveListen());
    });
    stops.push(
      () =>
        new Promise<void>((resolveClose) => {
          server.closeAllConnections();
          server.close(() => resolveClose());
        }),
    );
    const address = server.address();
    const url = `http://${loopback}:${typeof address === 'object' && address ? address.port : port}`;
    return { url, jurisdiction, endpoints, issueToken: (request) => identity.issue(request), stop };
  } catch (error) {
    await stop();
    throw error;
  }
};
