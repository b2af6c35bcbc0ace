// The local cloud: DynamoDB Local, an S3 emulator, a Step Functions endpoint, an EventBridge endpoint, a
// KMS endpoint and the HTTP gateway, wired from the same manifest, table design and state machine files as
// the CDK stack. Functions run in sandboxes of their own (runtime/sandboxes.ts), each with the environment
// the stack gives it, and reach the emulators only through the standard AWS_ENDPOINT_URL_<SERVICE>
// variables; the gateway, the Step Functions endpoint and the bus invoke them only through that runtime.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { KMSClient } from '@aws-sdk/client-kms';
import { CreateBucketCommand, PutBucketCorsCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateStateMachineCommand, SFNClient } from '@aws-sdk/client-sfn';
import * as z from 'zod';
import { setTimeSource } from '../../functions/lib/clock.ts';
import { dynamo } from '../../functions/lib/dynamo.ts';
import { createSealStore } from '../../functions/licences/seal-store.ts';
import {
  type FunctionSpec,
  functionEnvironment,
  functionSpecs,
  partitionPlaceholder,
  stateMachineSpecs,
} from '../../functions/manifest.ts';
import type { Jurisdiction } from '../../shared/jurisdiction.ts';
import { loadJurisdiction } from '../jurisdictions/index.ts';
import { defaultMemoryMb, defaultTimeoutSeconds } from '../lambda-runtime.ts';
import { materialCors } from '../materials.ts';
import { names, resourceNames } from '../naming.ts';
import { type CourierSimulator, courierSettingsSchema, startCourierSimulator } from './courier.ts';
import { acquireDataLock } from './data-lock.ts';
import { demoCaPaths, provisionDemoSeals } from './demo-seals.ts';
import {
  createDevTokenMinter,
  createTokenCheck,
  type DevTokenRequest,
  devTokenRequestSchema,
} from './dev-identity.ts';
import { startDynamoDbLocal } from './dynamodb/index.ts';
import { startLocalEventing } from './eventing.ts';
import { startEventBridgeEndpoint } from './events.ts';
import { createGateway, type DevRoute } from './gateway.ts';
import { startKmsEndpoint } from './kms.ts';
import { createMetering, type Usage } from './metering.ts';
import { type PaymentSimulator, startPaymentSimulator } from './payment-provider.ts';
import { loopback } from './ports.ts';
import { type ProvinceSso, startProvinceSso } from './province-sso.ts';
import { createInProcessRuntime } from './runtime/in-process.ts';
import { createSandboxRuntime, type FunctionRuntime } from './runtime/sandboxes.ts';
import { startS3Local } from './s3.ts';
import { type SmsProvider, startSmsProvider } from './sms-provider.ts';
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
  /**
   * 'sandbox' (the default): each function in child processes of its own, as Lambda runs it. 'in-process':
   * every handler imported into this process, sharing one environment — only for the bench's baseline.
   */
  functions?: 'sandbox' | 'in-process';
  /** Instances per function at most (sandboxes); more invocations wait for a free one. */
  maxInstances?: number;
  /** Functions beyond the manifest's (test fixtures); invoked like any other. */
  extraFunctions?: readonly FunctionSpec[];
  /** What functions print, line by line; dropped when omitted. */
  functionLog?: (functionName: string, line: string) => void;
  /** The portal's built files (`buildPortal`), served at its page paths; the API alone when omitted. */
  portalDir?: string;
  /**
   * Meters DynamoDB request units, S3 and KMS requests (metering.ts) through proxies in front of the
   * emulators, read with `usage()`: for the cost bench.
   */
  metering?: boolean;
}

export interface LocalCloud {
  url: string;
  jurisdiction: Jurisdiction;
  endpoints: { dynamodb: string; s3: string; sfn: string; events: string; kms: string; province?: string };
  /** The issuer the gateway trusts: the sign-in function, `<url>/oidc`. */
  issuer: string;
  /** The API's audience in access tokens. */
  audience: string;
  /** The simulated provincial single sign-on (when the jurisdiction signs in through a ticket provider). */
  province?: ProvinceSso;
  /** The simulated SMS provider (when the jurisdiction sends SMS). */
  sms?: SmsProvider;
  /** The simulated courier (when the jurisdiction delivers results by courier). */
  courier?: CourierSimulator;
  /** The simulated non-tax payment platform (when the jurisdiction collects fees online). */
  payments?: PaymentSimulator;
  /** Signs a development token through the sign-in issuer's key, as `POST /dev/token` does. */
  issueToken: (request: DevTokenRequest) => Promise<string>;
  /** The gateway's token check (as the JWT authorizer's): the claims, or undefined for a refused token. */
  checkToken: (token: string) => Promise<Record<string, unknown> | undefined>;
  /** The local Lambda service: invoke a function by name, read its instances and cold starts. */
  functions: FunctionRuntime;
  /** What was asked of DynamoDB, S3 and KMS so far, when started with `metering`. */
  usage?: () => Usage;
  stop(): Promise<void>;
}

const lambdaArn = (functionName: string) => `arn:aws:lambda:${region}:${account}:function:${functionName}`;

/** The local value of every variable through which a binding names a resource. */
const localResources = (jurisdiction: Jurisdiction) => resourceNames(jurisdiction.id, region, account);

/**
 * What Lambda would provide (region, credentials) and the local cloud adds (the emulators' endpoints), on
 * top of each function's own environment. Also set in this process, for seeding and tests' own clients.
 */
const runtimeEnvironment = (endpoints: LocalCloud['endpoints']): Record<string, string> => ({
  AWS_REGION: region,
  AWS_DEFAULT_REGION: region,
  // s3rver accepts only this key id; DynamoDB Local (shared database) and the other endpoints accept any.
  AWS_ACCESS_KEY_ID: 'S3RVER',
  AWS_SECRET_ACCESS_KEY: 'S3RVER',
  AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
  AWS_ENDPOINT_URL_S3: endpoints.s3,
  AWS_ENDPOINT_URL_SFN: endpoints.sfn,
  AWS_ENDPOINT_URL_EVENTBRIDGE: endpoints.events,
  AWS_ENDPOINT_URL_KMS: endpoints.kms,
});

/** Locally functions log warnings and errors only, unless POWERTOOLS_LOG_LEVEL says otherwise. */
const localLogLevel = () => process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN';

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

/** `POST /dev/payments/hostility`: shares of the simulator's callbacks that misbehave, and the seed. */
const share = z.number().min(0).max(1);
const hostilityInput = z.strictObject({
  duplicate: share.optional(),
  late: share.optional(),
  lateMs: z.number().int().min(0).max(600_000).optional(),
  outOfOrder: share.optional(),
  fail: share.optional(),
  maxAttempts: z.number().int().min(1).max(20).optional(),
  retryMs: z.number().int().min(1).max(60_000).optional(),
  seed: z.number().int().optional(),
});

export const startLocalCloud = async (options: LocalCloudOptions): Promise<LocalCloud> => {
  const log = options.log ?? (() => undefined);
  const jurisdiction = loadJurisdiction(options.jurisdictionId);
  const n = names(jurisdiction.id);
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'tongban-'));
  const persistent = options.dataDir !== undefined;
  // A data folder serves one local cloud at a time; a second start is refused with the first one's address.
  const lock = persistent ? acquireDataLock(dataDir) : undefined;
  const stops: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const fn of stops.reverse()) await fn().catch((e: unknown) => log(`stop: ${String(e)}`));
    if (!persistent) rmSync(dataDir, { recursive: true, force: true });
    lock?.release();
  };

  // The movable clock (`/dev/clock`), shared by the handlers and by the events endpoint's timestamps.
  const since = performance.now();
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
        aliases: [n.signingKeyAlias, n.sm2SealKeyAlias, n.tokenKeyAlias, n.personalDataKeyAlias],
        keySpecs: {
          [n.tokenKeyAlias]: 'RSA_2048',
          [n.sm2SealKeyAlias]: 'SM2',
          [n.personalDataKeyAlias]: 'SYMMETRIC_DEFAULT',
        },
        region,
        accountId: account,
        log,
      }),
    ]);
    stops.push(dynamodb.stop, s3.stop, events.close, kms.close);
    const phase = (what: string) =>
      log(`local cloud: ${what} at ${Math.round(performance.now() - since)} ms`);
    phase('emulators up');

    // The province's single sign-on, simulated: the ticket provider's address is pointed at it, and its
    // access code is the secret the config names, given to the functions that read identity secrets.
    const ticketProvider = jurisdiction.identity?.providers.find((p) => p.kind === 'ticket');
    const province = ticketProvider
      ? await startProvinceSso({ appId: ticketProvider.appId, name: ticketProvider.name, log })
      : undefined;
    if (province) stops.push(province.close);
    const identityEnvironment: Record<string, string> =
      ticketProvider && province
        ? {
            [`IDP_ENDPOINT_URL_${ticketProvider.id.toUpperCase().replaceAll('-', '_')}`]: province.url,
            [ticketProvider.accessCodeSecret]: province.accessCode,
          }
        : {};

    // The SMS provider, simulated the same way: its access key secret is the one the config names.
    const smsConfig = jurisdiction.notifications.sms;
    const smsProvider = smsConfig
      ? await startSmsProvider({
          accessKeyId: smsConfig.accessKeyId,
          signName: smsConfig.signName,
          now: () => new Date(localNow()),
          log,
        })
      : undefined;
    if (smsProvider) stops.push(smsProvider.close);
    const messagingEnvironment: Record<string, string> =
      smsConfig && smsProvider
        ? { SMS_ENDPOINT_URL: smsProvider.url, [smsConfig.accessKeySecret]: smsProvider.accessKeySecret }
        : {};

    // The courier, simulated the same way: its app secret is the one the config names.
    const courierConfig = jurisdiction.delivery?.courier;
    const courier = courierConfig
      ? await startCourierSimulator({ appKey: courierConfig.appKey, now: () => new Date(localNow()), log })
      : undefined;
    if (courier) stops.push(courier.close);
    const courierEnvironment: Record<string, string> =
      courierConfig && courier
        ? { COURIER_ENDPOINT_URL: courier.url, [courierConfig.appSecret]: courier.appSecret }
        : {};

    // The non-tax payment platform, simulated: its address and public key replace the configured ones, and
    // the merchant key it checks requests with is the secret the config names.
    const paymentsConfig = jurisdiction.payments;
    const paymentSimulator = paymentsConfig
      ? await startPaymentSimulator({
          merchantId: paymentsConfig.merchantId,
          now: () => new Date(localNow()),
          timeZone: jurisdiction.timezone,
          log,
        })
      : undefined;
    if (paymentSimulator) stops.push(paymentSimulator.close);
    const paymentEnvironment: Record<string, string> =
      paymentsConfig && paymentSimulator
        ? {
            PAYMENT_ENDPOINT_URL: paymentSimulator.url,
            PAYMENT_PROVIDER_PUBLIC_KEY: paymentSimulator.publicKeyPem,
            [paymentsConfig.merchantKeySecret]: paymentSimulator.merchantSecret,
          }
        : {};

    const specs = [...functionSpecs, ...(options.extraFunctions ?? [])];
    const functionName = (spec: FunctionSpec) => n.function(spec.name);
    // Endpoints are known once the Step Functions endpoint listens; functions start only when invoked.
    let environment: Record<string, string> = {};
    const functions: FunctionRuntime =
      options.functions === 'in-process'
        ? createInProcessRuntime({ specs, functionName, defaultMemoryMb })
        : createSandboxRuntime({
            specs,
            jurisdiction,
            functionName,
            environment: (spec) => ({
              ...functionEnvironment(spec, localResources(jurisdiction)),
              ...environment,
              ...(spec.bindings.includes('identity:secrets') ? identityEnvironment : {}),
              ...(spec.bindings.includes('messaging:secrets') ? messagingEnvironment : {}),
              ...(spec.bindings.includes('courier:secrets') ? courierEnvironment : {}),
              ...(spec.bindings.includes('payment:secrets') ? paymentEnvironment : {}),
              POWERTOOLS_LOG_LEVEL: localLogLevel(),
            }),
            maxInstances: options.maxInstances,
            portalDir: options.portalDir,
            defaultTimeoutSeconds,
            defaultMemoryMb,
            clockOffsetMs: () => clockOffsetMs,
            log,
            functionLog: options.functionLog,
          });
    stops.push(functions.stop);
    const invokeLambda = (functionArn: string, payload: unknown) => functions.invoke(functionArn, payload);

    const sfn = await startStepFunctionsEndpoint({
      dataDir: persistent ? join(dataDir, 'stepfunctions') : undefined,
      region,
      accountId: account,
      invokeLambda,
      onEvents: (entries) => events.putEntries(entries),
      log,
    });
    stops.push(sfn.close);

    const metering = options.metering ? createMetering() : undefined;
    const metered = async (service: 'dynamodb' | 's3' | 'kms', endpoint: string) => {
      if (!metering) return endpoint;
      const proxy = await metering.proxy(service, endpoint);
      stops.push(proxy.close);
      return proxy.url;
    };
    const endpoints = {
      dynamodb: await metered('dynamodb', dynamodb.endpoint),
      s3: await metered('s3', s3.endpoint),
      sfn: sfn.url,
      events: events.url,
      kms: await metered('kms', kms.url),
      ...(province ? { province: province.url } : {}),
    };
    environment = runtimeEnvironment(endpoints);
    Object.assign(process.env, environment, { JURISDICTION_CONFIG: JSON.stringify(jurisdiction) });
    if (options.functions === 'in-process') {
      // One process for all: the union of every binding, as the local cloud once ran.
      Object.assign(process.env, localResources(jurisdiction), { POWERTOOLS_LOG_LEVEL: localLogLevel() });
    }

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
    // The departments' seals for the SM2 key, from the demo e-seal system (kept with the data).
    const demoCa = await provisionDemoSeals({
      dir: join(dataDir, 'demo-ca'),
      jurisdiction,
      kms: new KMSClient({}),
      keyId: n.sm2SealKeyAlias,
      store: createSealStore(dynamo(), n.table),
      now: new Date(localNow()),
      log,
    });
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

    // Schedules: EventBridge's Scheduled Event to each scheduled function at its rate.
    const runSchedule = (spec: FunctionSpec) =>
      invokeLambda(lambdaArn(functionName(spec)), {
        version: '0',
        id: randomUUID(),
        'detail-type': 'Scheduled Event',
        source: 'aws.events',
        account,
        time: new Date(localNow()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
        region,
        resources: [`arn:aws:events:${region}:${account}:rule/${functionName(spec)}-schedule`],
        detail: {},
      });
    for (const spec of specs) {
      if (!spec.schedule) continue;
      const minutes = Number(/rate\((\d+) minutes\)/.exec(spec.schedule.rate)?.[1]);
      const timer = setInterval(
        () =>
          void runSchedule(spec).catch((error: unknown) => log(`${spec.name} schedule: ${String(error)}`)),
        minutes * 60_000,
      );
      timer.unref();
      stops.push(async () => clearInterval(timer));
    }

    phase('resources ready');
    await options.prepare?.(jurisdiction);
    phase('prepared');

    // The issuer is the sign-in function behind this gateway, known once the gateway listens; development
    // tokens are minted with its KMS key. A movable clock: local-only, served under /dev.
    const port = options.port ?? 0;
    let tokenCheck: ReturnType<typeof createTokenCheck> | undefined;
    let minter: ReturnType<typeof createDevTokenMinter> | undefined;
    const kmsClient = new KMSClient({});
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
        return { status: 200, body: { token: await minter!.issue(input.data) } };
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
      // Renews the sign-in's token key the same way; the sign-in function signs with it within 30 s.
      if (path === '/dev/tokens/rotate' && method === 'POST') {
        const { keyId } = kms.rotate(n.tokenKeyAlias);
        return { status: 200, body: { keyId } };
      }
      if (path === '/dev/seal/rotate' && method === 'POST') {
        const { keyId } = kms.rotate(n.signingKeyAlias);
        return { status: 200, body: { keyId } };
      }
      // What the SMS provider delivered, oldest first: the phone's view of the notifier's messages.
      if (path === '/dev/outbox' && method === 'GET') {
        return { status: 200, body: { sms: smsProvider?.outbox() ?? [] } };
      }
      // The phone replies to one of those messages (上行短信): the provider pushes it to the platform.
      if (path === '/dev/sms/reply' && method === 'POST') {
        const input = z.object({ bizId: z.string().min(1), text: z.string().max(1000) }).safeParse(parse());
        if (!input.success)
          return bad(input.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
        const pushed = await smsProvider?.reply(input.data.bizId, input.data.text);
        if (!pushed)
          return {
            status: 404,
            body: { error: { code: 'NOT_FOUND', message: 'No such SMS in the outbox' } },
          };
        return { status: 200, body: pushed };
      }
      // The simulated courier: its waybills and the callbacks sent; the outcome and pace of the next ones.
      if (path === '/dev/courier' && method === 'GET') {
        return { status: 200, body: { waybills: courier?.waybills() ?? [] } };
      }
      if (path === '/dev/courier' && method === 'POST') {
        if (!courier)
          return { status: 404, body: { error: { code: 'NOT_FOUND', message: 'No courier here' } } };
        const input = courierSettingsSchema.safeParse(parse());
        if (!input.success)
          return bad(input.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
        return { status: 200, body: courier.configure(input.data) };
      }
      // The payment simulator: its orders and what its callbacks met; how hostile its callbacks are.
      if (path === '/dev/payments' && method === 'GET' && paymentSimulator) {
        const { answerMs: _answerMs, ...stats } = paymentSimulator.stats();
        return { status: 200, body: { orders: paymentSimulator.orders(), callbacks: stats } };
      }
      if (path === '/dev/payments/hostility' && method === 'POST' && paymentSimulator) {
        const input = hostilityInput.safeParse(parse());
        if (!input.success)
          return bad(input.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
        const { seed, ...hostility } = input.data;
        paymentSimulator.setHostility(hostility, seed);
        return { status: 200, body: { hostility: input.data } };
      }
      // A function's schedule, run now (as its rule fires every few minutes).
      const scheduled = /^\/dev\/schedules\/([a-z-]+)$/.exec(path);
      if (scheduled && method === 'POST') {
        const spec = specs.find((s) => s.name === scheduled[1] && s.schedule);
        if (!spec)
          return { status: 404, body: { error: { code: 'NOT_FOUND', message: 'No such schedule' } } };
        return { status: 200, body: { result: await runSchedule(spec) } };
      }
      // The local Lambda service: each function's instances, cold starts, invocations, errors and timeouts.
      if (path === '/dev/functions' && method === 'GET') {
        return { status: 200, body: { functions: functions.stats() } };
      }
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
      specs,
      invoke: (spec, event, requestId) => functions.invoke(functionName(spec), event, { requestId }),
      verifyToken: async (token) => tokenCheck!.verify(token),
      devRoutes,
      publicFiles: {
        [demoCaPaths.pem]: { contentType: 'application/x-pem-file', body: Buffer.from(demoCa.rootPem) },
        [demoCaPaths.der]: { contentType: 'application/pkix-cert', body: Buffer.from(demoCa.root) },
        ...(demoCa.crl
          ? { [demoCaPaths.crl]: { contentType: 'application/pkix-crl', body: Buffer.from(demoCa.crl) } }
          : {}),
      },
      portalDir: options.portalDir,
      portalConnectSources: [endpoints.s3],
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
    lock?.setUrl(url);
    const issuer = `${url}/oidc`;
    courier?.setCallbackUrl(`${url}/courier/tracking`);
    paymentSimulator?.setCallbackUrl(`${url}/payments/callback`);
    smsProvider?.setCallbackUrl(`${url}/sms/replies`);
    tokenCheck = createTokenCheck({ issuer, audience: n.api });
    minter = createDevTokenMinter({
      issuer,
      audience: n.api,
      kms: kmsClient,
      keyId: n.tokenKeyAlias,
      db: dynamo(),
      tableName: n.table,
    });
    // The sign-in function publishes the token key it signs with; starting it now keeps its cold start out
    // of the first request that carries a token.
    await fetch(`${issuer}/jwks`).catch((error: unknown) => log(`sign-in warm-up: ${String(error)}`));
    return {
      url,
      jurisdiction,
      endpoints,
      issuer,
      audience: n.api,
      ...(province ? { province } : {}),
      ...(smsProvider ? { sms: smsProvider } : {}),
      ...(courier ? { courier } : {}),
      ...(paymentSimulator ? { payments: paymentSimulator } : {}),
      issueToken: (request) => minter!.issue(request),
      checkToken: (token) => tokenCheck!.verify(token),
      functions,
      ...(metering ? { usage: metering.usage } : {}),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
};
