// What the platform costs, measured: one two-department case from submission to licence (不动产转移登记:
// 自然资源局 and 税务局 in parallel, a 不动产权证书 issued) driven through the local cloud as the people
// involved would, counting what AWS bills — Lambda invocations and GB-seconds (each function's configured
// memory × its measured, rounded-up duration), Step Functions state transitions (from the executions'
// histories), DynamoDB read and write request units (ReturnConsumedCapacity, through the metering proxy; the
// write units also by function, operation, item kinds and table or index), EventBridge events, S3 and KMS requests, API requests — priced per 1,000 cases at the list prices of
// bench/prices.ts; and the monthly cost of an idle tenant stack, from the resources its synthesized template
// declares and the seeded jurisdiction's storage. The baseline beside each: the aims of the issue. Durations are the local machine's, not Lambda's.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { GetExecutionHistoryCommand, ListExecutionsCommand, SFNClient } from '@aws-sdk/client-sfn';
import * as z from 'zod';
import { stateMachineSpecs } from '../functions/manifest.ts';
import { type LocalCloud, startLocalCloud } from '../infra/local/cloud.ts';
import { demoUsers } from '../infra/local/demo-users.ts';
import { usageSince } from '../infra/local/metering.ts';
import type { FunctionStats } from '../infra/local/runtime/sandboxes.ts';
import { seedJurisdiction } from '../infra/local/seed.ts';
import { names } from '../infra/naming.ts';
import { seedCatalogue } from '../infra/seed/catalogue.ts';
import { anySchema, createClient } from './client.ts';
import { checkedCount, cnyEstimated, cost, type PriceName, priceDate, prices } from './prices.ts';
import { scaled } from './scale.ts';

const root = join(import.meta.dirname, '..');
/** 不动产转移登记（二手房买卖）: 自然资源局 registers and 税务局 assesses the tax in parallel; issues 不动产权证书. */
const itemName = '不动产转移登记（二手房买卖）';
const departments = ['zrzyj', 'swj'] as const;
const flowTimeoutMs = 60_000;
const aims = { perThousandUsd: 0.3, idleUsd: 5 };

/** The demo applicant, the window's clerk and the two departments' demo reviewers. */
const people = {
  citizen: demoUsers.citizen,
  clerk: demoUsers.clerk,
  zrzyj: demoUsers.reviewer4,
  swj: demoUsers.reviewer5,
};

const itemSchema = z.object({
  materials: z.array(z.object({ id: z.string(), required: z.boolean().optional() })),
});
const grantSchema = z.object({ key: z.string(), url: z.string(), headers: z.record(z.string(), z.string()) });
const eventsSchema = z.object({
  events: z.array(
    z.object({
      detailType: z.string(),
      detail: z.record(z.string(), z.unknown()),
      deliveries: z.array(z.object({ status: z.string() })),
    }),
  ),
});
const caseSchema = z.object({ caseNumber: z.string() });
const caseViewSchema = z.object({
  status: z.string(),
  result: z.object({ licenceId: z.string().optional() }).optional(),
});
const licenceSchema = z.object({ pdf: z.object({ url: z.string() }) });

interface Window {
  stats: FunctionStats[];
  usage: ReturnType<NonNullable<LocalCloud['usage']>>;
  eventsSince: string;
  startedMs: number;
}

/** One case from submission to licence; every request goes through the gateway or to S3 as a client's. */
const runCase = async (cloud: LocalCloud, tokens: Record<keyof typeof people, string>, itemCode: string) => {
  let apiRequests = 0;
  const client = createClient(cloud.url);
  const call: typeof client = (...args) => {
    apiRequests++;
    return client(...args);
  };
  const devEvents = async (type: string) =>
    eventsSchema.parse(await (await fetch(`${cloud.url}/dev/events?type=${type}&limit=10000`)).json()).events;
  const until = async <T>(what: string, read: () => Promise<T | undefined>) => {
    const deadline = Date.now() + flowTimeoutMs;
    for (;;) {
      const value = await read();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`no ${what} within ${flowTimeoutMs / 1000} s`);
      await sleep(50);
    }
  };

  const item = await call(itemSchema, 'GET', `/items/${itemCode}`, tokens.citizen);
  const materials = [];
  const content = Buffer.from('%PDF-1.4 cost bench application material');
  for (const material of item.materials.filter((m) => m.required !== false)) {
    const grant = await call(grantSchema, 'POST', '/uploads', tokens.citizen, {
      contentType: 'application/pdf',
      size: content.length,
    });
    const put = await fetch(grant.url, { method: 'PUT', headers: grant.headers, body: content });
    if (put.status !== 200) throw new Error(`upload: ${put.status} ${await put.text()}`);
    materials.push({ materialId: material.id, via: 'upload', key: grant.key });
  }
  const { caseNumber } = await call(
    caseSchema,
    'POST',
    '/cases',
    tokens.citizen,
    {
      itemCode,
      form: { location: '定海区环城南路1号', price: 1_200_000, buyerName: '李买房' },
      materials,
    },
    { 'idempotency-key': `cost-${Date.now()}-${Math.random().toString(36).slice(2)}` },
  );
  await call(anySchema, 'POST', `/cases/${caseNumber}/acceptance`, tokens.clerk, { decision: 'accept' });
  const tasks = await until('two department tasks', async () => {
    const assigned = (await devEvents('TaskAssigned')).filter((e) => e.detail.caseNumber === caseNumber);
    return assigned.length >= departments.length ? assigned : undefined;
  });
  for (const task of tasks) {
    const department = String(task.detail.department) as (typeof departments)[number];
    await call(
      anySchema,
      'POST',
      `/tasks/${encodeURIComponent(String(task.detail.taskId))}/decision`,
      tokens[department],
      { decision: 'approve', opinion: '同意' },
    );
  }
  await until('completion', async () =>
    (await devEvents('CaseCompleted')).some((e) => e.detail.caseNumber === caseNumber) ? true : undefined,
  );
  // The applicant sees the result and opens the licence, downloading its PDF.
  const view = await call(caseViewSchema, 'GET', `/cases/${caseNumber}`, tokens.citizen);
  const licenceId = view.result?.licenceId;
  if (!licenceId) throw new Error(`${caseNumber} completed without a licence (status ${view.status})`);
  const licence = await call(licenceSchema, 'GET', `/licences/${licenceId}`, tokens.citizen);
  const pdf = await fetch(licence.pdf.url);
  if (pdf.status !== 200) throw new Error(`licence PDF: ${pdf.status}`);
  await pdf.arrayBuffer();
  return apiRequests;
};

/** Waits until no function is busy, no delivery is pending and the invocation counts hold still. */
const settle = async (cloud: LocalCloud) => {
  let last = '';
  let stillSince = Date.now();
  for (;;) {
    const stats = cloud.functions.stats();
    const { events } = eventsSchema.parse(await (await fetch(`${cloud.url}/dev/events?limit=10000`)).json());
    const pending = events.some((e) => e.deliveries.some((d) => d.status === 'pending'));
    const key = JSON.stringify(stats.map((s) => s.invocations));
    if (key !== last || pending || stats.some((s) => s.busy > 0)) {
      last = key;
      stillSince = Date.now();
    } else if (Date.now() - stillSince > 1_500) return;
    await sleep(100);
  }
};

const openWindow = async (cloud: LocalCloud): Promise<Window> => {
  const clock = (await (await fetch(`${cloud.url}/dev/clock`)).json()) as { now: string };
  return {
    stats: cloud.functions.stats(),
    usage: cloud.usage!(),
    eventsSince: clock.now,
    startedMs: Date.now(),
  };
};

/**
 * What the seeded jurisdiction stores: the table's items (each item's attribute names and values, as
 * DynamoDB sizes them, plus its copy in each index it is in) and the objects in its buckets.
 */
const seedStorage = async () => {
  const n = names('dinghai');
  const db = new DynamoDBClient({});
  const sizeOf = (value: unknown): number => {
    if (typeof value !== 'object' || value === null) return 0;
    const [type, inner] = Object.entries(value)[0] ?? [];
    if (type === 'S' || type === 'B') return Buffer.byteLength(String(inner));
    if (type === 'N') return Math.ceil(String(inner).replace(/^-|\./g, '').length / 2) + 1;
    if (type === 'BOOL' || type === 'NULL') return 1;
    if (type === 'M')
      return (
        3 + Object.entries(inner as object).reduce((a, [k, v]) => a + Buffer.byteLength(k) + sizeOf(v) + 1, 0)
      );
    if (type === 'L' || type === 'SS' || type === 'NS')
      return 3 + (inner as unknown[]).reduce<number>((a, v) => a + sizeOf(v) + 1, 0);
    return 0;
  };
  let tableBytes = 0;
  let items = 0;
  let start: Record<string, never> | undefined;
  do {
    const page = await db.send(new ScanCommand({ TableName: n.table, ExclusiveStartKey: start }));
    for (const item of page.Items ?? []) {
      items++;
      // 100 bytes of overhead an item, and again in each index that holds it (they project every attribute).
      const bytes = 100 + Object.entries(item).reduce((a, [k, v]) => a + Buffer.byteLength(k) + sizeOf(v), 0);
      const indexed = ['gsi1pk', 'gsi2pk', 'gsi3pk'].filter((k) => k in item).length;
      tableBytes += bytes * (1 + indexed);
    }
    start = page.LastEvaluatedKey as Record<string, never> | undefined;
  } while (start);
  const s3 = new S3Client({ forcePathStyle: true });
  let objectBytes = 0;
  for (const bucket of [n.licenceBucket, n.assetBucket, n.materialBucket]) {
    let token: string | undefined;
    do {
      const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
      objectBytes += (page.Contents ?? []).reduce((a, o) => a + (o.Size ?? 0), 0);
      token = page.NextContinuationToken;
    } while (token);
  }
  return { items, tableBytes, objectBytes };
};

/** State transitions of the executions started since `sinceMs`: each state entered is one. */
const stateTransitions = async (sinceMs: number) => {
  const sfn = new SFNClient({});
  const n = names('dinghai');
  let transitions = 0;
  let executions = 0;
  for (const machine of stateMachineSpecs) {
    const arn = `arn:aws:states:us-east-1:000000000000:stateMachine:${n.stateMachine(machine.name)}`;
    const list = await sfn.send(new ListExecutionsCommand({ stateMachineArn: arn, maxResults: 1000 }));
    for (const execution of list.executions ?? []) {
      if ((execution.startDate?.getTime() ?? 0) < sinceMs) continue;
      executions++;
      let nextToken: string | undefined;
      do {
        const page = await sfn.send(
          new GetExecutionHistoryCommand({
            executionArn: execution.executionArn,
            maxResults: 1000,
            nextToken,
            includeExecutionData: false,
          }),
        );
        transitions += (page.events ?? []).filter((e) => e.type?.endsWith('StateEntered')).length;
        nextToken = page.nextToken;
      } while (nextToken);
    }
  }
  return { transitions, executions };
};

export const measureCases = async () => {
  const cloud = await startLocalCloud({ jurisdictionId: 'dinghai', metering: true });
  try {
    await seedJurisdiction(cloud.jurisdiction);
    const itemCode = seedCatalogue(cloud.jurisdiction).items.find(
      (i) => i.name === itemName,
    )?.implementationCode;
    if (!itemCode) throw new Error(`the demo catalogue has no ${itemName}`);
    const seeded = await seedStorage();
    const tokens = Object.fromEntries(
      await Promise.all(
        Object.entries(people).map(async ([who, person]) => [who, await cloud.issueToken(person)] as const),
      ),
    ) as Record<keyof typeof people, string>;
    // One case first, so the figures are of warm functions (a cold start is paid once per instance).
    await runCase(cloud, tokens, itemCode);
    await settle(cloud);

    const cases = scaled(5, 1);
    const window = await openWindow(cloud);
    let apiRequests = 0;
    for (let i = 0; i < cases; i++) {
      apiRequests += await runCase(cloud, tokens, itemCode);
      await settle(cloud);
    }
    const after = cloud.functions.stats();
    const usage = usageSince(window.usage, cloud.usage!());
    const { events } = eventsSchema.parse(
      await (
        await fetch(`${cloud.url}/dev/events?since=${encodeURIComponent(window.eventsSince)}&limit=10000`)
      ).json(),
    );
    const sfn = await stateTransitions(window.startedMs);
    let invocations = 0;
    let gbSeconds = 0;
    const byFunction: string[] = [];
    for (const stat of after) {
      const before = window.stats.find((s) => s.name === stat.name);
      const count = stat.invocations - (before?.invocations ?? 0);
      if (count === 0) continue;
      invocations += count;
      gbSeconds += ((stat.billedMs - (before?.billedMs ?? 0)) / 1000) * (stat.memoryMb / 1024);
      byFunction.push(`${stat.name} ${count / cases}`);
    }
    const kms = Object.values(usage.kms.requests).reduce((a, b) => a + b, 0);
    const deliveries = events.reduce((sum, e) => sum + e.deliveries.length, 0);
    return {
      cases,
      seeded,
      perCase: {
        lambdaRequests: invocations / cases,
        lambdaArmGbSeconds: gbSeconds / cases,
        stateTransitions: sfn.transitions / cases,
        dynamoReadUnits: usage.dynamodb.readUnits / cases,
        dynamoWriteUnits: usage.dynamodb.writeUnits / cases,
        eventBridgeEvents: events.length / cases,
        // Each delivery to a queue: EventBridge's SendMessage, then Lambda's ReceiveMessage and DeleteMessage.
        sqsRequests: (deliveries * 3) / cases,
        s3Tier1: usage.s3.tier1 / cases,
        s3Tier2: usage.s3.tier2 / cases,
        apiRequests: apiRequests / cases,
        // Priced as asymmetric requests (the seals' signatures), the dearer kind.
        kmsAsymmetricRequests: kms / cases,
      } satisfies Partial<Record<PriceName, number>>,
      detail: {
        functions: byFunction.join(', '),
        dynamodb: Object.entries(usage.dynamodb.requests)
          .map(([op, count]) => `${op} ${count / cases}`)
          .join(', '),
        kms: Object.entries(usage.kms.requests)
          .map(([op, count]) => `${op} ${count / cases}`)
          .join(', '),
        executions: sfn.executions / cases,
        writes: Object.entries(usage.dynamodb.writes)
          .map(([label, tally]) => ({
            label,
            units: tally.units / cases,
            requests: tally.requests / cases,
            by: Object.entries(tally.by)
              .map(([part, units]) => `${part} ${round(units / cases)}`)
              .join(', '),
          }))
          .sort((a, b) => b.units - a.units || a.label.localeCompare(b.label)),
      },
    };
  } finally {
    await cloud.stop();
  }
};

const round = (n: number) => (Number.isInteger(n) ? n : Number(n.toPrecision(3)));

type Resources = Record<string, { Type: string; Properties?: Record<string, unknown> }>;

/** The tenant stack of dinghai as synthesized for `region` (offline, as `npm run synth` does). */
const synthesize = (region: string): Resources => {
  const out = mkdtempSync(join(tmpdir(), 'tongban-cost-synth-'));
  try {
    const result = spawnSync(
      'npx',
      [
        'cdk',
        'synth',
        '--quiet',
        '--no-notices',
        '-o',
        out,
        '-c',
        'jurisdiction=dinghai',
        '-c',
        `region=${region}`,
      ],
      {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, CDK_DISABLE_VERSION_CHECK: '1', CDK_DISABLE_CLI_TELEMETRY: 'true' },
      },
    );
    if (result.status !== 0) throw new Error(`cdk synth for ${region} failed: ${result.stderr.slice(-2000)}`);
    const template = readdirSync(out).find((f) => f.endsWith('.template.json'));
    if (!template) throw new Error(`cdk synth for ${region} wrote no template`);
    return (JSON.parse(readFileSync(join(out, template), 'utf8')) as { Resources: Resources }).Resources;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
};

/** Idle monthly cost: what is billed by the month whether or not anyone applies. */
const idleStack = (resources: Resources, seeded: { tableBytes: number; objectBytes: number }) => {
  const count = (type: string, where: (p: Record<string, unknown>) => boolean = () => true) =>
    Object.values(resources).filter((r) => r.Type === type && where(r.Properties ?? {})).length;
  const queues = count('AWS::SQS::Queue');
  const subscribedQueues = count('AWS::Lambda::EventSourceMapping', (p) =>
    JSON.stringify(p.EventSourceArn ?? '').includes('Queue'),
  );
  const quantities = {
    kmsKeys: count('AWS::KMS::Key'),
    alarms: count('AWS::CloudWatch::Alarm'),
    dashboards: count('AWS::CloudWatch::Dashboard'),
    secrets: count('AWS::SecretsManager::Secret'),
    // Lambda's pollers read each subscribed queue with 20 s long polls even when it is empty: about five
    // pollers, three receives a minute each, over a month of 43,200 minutes.
    sqsRequests: subscribedQueues * 5 * 3 * 43_200,
    // The table at seed size (the catalogue, calendars, staff), with its indexes, kept with PITR.
    dynamoStorage: seeded.tableBytes / 1e9,
    dynamoPitr: count('AWS::DynamoDB::Table', (p) =>
      JSON.stringify(p).includes('PointInTimeRecoveryEnabled":true'),
    )
      ? seeded.tableBytes / 1e9
      : 0,
    // The buckets at seed size (the search snapshot; the portal's assets are served from the same bucket
    // once deployed, a few megabytes more), versioned.
    s3Storage: (seeded.objectBytes + 10e6) / 1e9,
    // The scheduled functions' logs of an idle month (payments, appointments, notifier every few minutes,
    // warnings and errors only): well under a gigabyte kept for six months.
    logStorage: 1,
  } satisfies Partial<Record<PriceName, number>>;
  let usd = 0;
  let cny = 0;
  for (const [name, quantity] of Object.entries(quantities)) {
    const c = cost(name as PriceName, quantity);
    usd += c.usd;
    cny += c.cny;
  }
  const declared = {
    'log groups': count('AWS::Logs::LogGroup'),
    queues,
    functions: count('AWS::Lambda::Function'),
    'CloudFront distributions': count('AWS::CloudFront::Distribution'),
    'WAF web ACLs': count('AWS::WAFv2::WebACL'),
  };
  return { quantities, declared, usd, cny, estimated: cnyEstimated(Object.keys(quantities) as PriceName[]) };
};

const money = (usd: number, cny: number, estimated: boolean) =>
  `$${usd.toFixed(usd < 1 ? 4 : 2)} · ¥${cny.toFixed(cny < 1 ? 4 : 2)}${estimated ? ' (¥ not yet checked)' : ''}`;

export const benchCost = async () => {
  const measured = await measureCases();
  let usd = 0;
  let cny = 0;
  const lines: Record<string, unknown>[] = [];
  for (const [name, perCase] of Object.entries(measured.perCase) as Array<[PriceName, number]>) {
    const perThousand = cost(name, perCase * 1_000);
    usd += perThousand.usd;
    cny += perThousand.cny;
    lines.push({
      figure: `per case — ${prices[name].unit}`,
      value: Number.isInteger(perCase) ? perCase : Number(perCase.toFixed(3)),
      aim: '',
      'per 1,000 cases': money(perThousand.usd, perThousand.cny, cnyEstimated([name])),
    });
  }
  const perCaseNames = Object.keys(measured.perCase) as PriceName[];
  const idleUs = idleStack(synthesize('us-east-1'), measured.seeded);
  const idleCn = idleStack(synthesize('cn-northwest-1'), measured.seeded);
  const checked = checkedCount();
  return [
    {
      figure: 'cases measured (after one warm-up case)',
      value: measured.cases,
      aim: '',
      'per 1,000 cases': '',
    },
    ...lines,
    {
      figure: 'two-department cases, submission to licence, per 1,000',
      value: money(usd, cny, cnyEstimated(perCaseNames)),
      aim: `≤ $${aims.perThousandUsd.toFixed(2)}`,
      'per 1,000 cases': usd <= aims.perThousandUsd ? 'within the aim' : 'above the aim',
    },
    {
      figure: 'invocations per case, by function',
      value: measured.detail.functions,
      aim: '',
      'per 1,000 cases': '',
    },
    {
      figure: 'DynamoDB requests per case, by operation',
      value: measured.detail.dynamodb,
      aim: '',
      'per 1,000 cases': '',
    },
    ...measured.detail.writes.map((w) => ({
      figure: `write units per case: ${w.label}`,
      value: `${round(w.units)} in ${round(w.requests)} request${w.requests === 1 ? '' : 's'} (${w.by})`,
      aim: '',
      'per 1,000 cases': money(
        cost('dynamoWriteUnits', w.units * 1_000).usd,
        cost('dynamoWriteUnits', w.units * 1_000).cny,
        cnyEstimated(['dynamoWriteUnits']),
      ),
    })),
    { figure: 'KMS requests per case', value: measured.detail.kms, aim: '', 'per 1,000 cases': '' },
    {
      figure: 'idle tenant stack per month, us-east-1 (USD) · cn-northwest-1 (CNY)',
      value: `$${idleUs.usd.toFixed(2)} · ¥${idleCn.cny.toFixed(2)}${idleCn.estimated ? ' (¥ not yet checked)' : ''}`,
      aim: `≤ $${aims.idleUsd.toFixed(2)}`,
      'per 1,000 cases': idleUs.usd <= aims.idleUsd ? 'within the aim' : 'above the aim',
    },
    {
      figure: 'idle stack: billed by the month (us-east-1 · cn-northwest-1)',
      value: Object.keys(idleUs.quantities)
        .map(
          (k) =>
            `${k} ${round(idleUs.quantities[k as keyof typeof idleUs.quantities])} · ${round(idleCn.quantities[k as keyof typeof idleCn.quantities])}`,
        )
        .join(', '),
      aim: '',
      'per 1,000 cases': '',
    },
    {
      figure: 'idle stack: declared, billed only by use',
      value: Object.entries(idleUs.declared)
        .map(([k, v]) => `${k} ${v} · ${idleCn.declared[k as keyof typeof idleCn.declared]}`)
        .join(', '),
      aim: '',
      'per 1,000 cases': '',
    },
    {
      figure: 'seeded jurisdiction: table items, table with indexes, bucket objects',
      value: `${measured.seeded.items} items, ${(measured.seeded.tableBytes / 1e6).toFixed(1)} MB, ${(measured.seeded.objectBytes / 1e6).toFixed(1)} MB`,
      aim: '',
      'per 1,000 cases': '',
    },
    { figure: 'prices as of', value: `${priceDate} (bench/prices.ts)`, aim: '', 'per 1,000 cases': '' },
    {
      figure: 'prices checked on their pages (the rest are marked there, with why)',
      value: `USD ${checked.usd} of ${checked.of} · CNY ${checked.cny} of ${checked.of}`,
      aim: '',
      'per 1,000 cases': '',
    },
  ];
};
