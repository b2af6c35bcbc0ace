// Case figures through the local cloud: POST /cases latency and the round trips one submission costs,
// measured interleaved with a bare TransactWriteItems of the four items it writes and the item check it
// makes, and with the bare floor of a submission (the HEADs of its uploads, then that transaction); the full two-department flow
// (submit → accept → two parallel approvals → COMPLETED) beside a bare submission; and many flows from
// concurrent clients, checked afterwards against the table itself (no case lost or duplicated, every
// history chain intact). Counts are smaller in a quick run; CASES_BENCH_* variables set them explicitly.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  type AttributeValue,
  DynamoDBClient,
  GetItemCommand,
  ScanCommand as RawScanCommand,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { type DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { caseKey, historyKey, historyPrefix, idempotencyKey } from '../functions/cases/keys.ts';
import { itemKey } from '../functions/catalogue/keys.ts';
import { dynamo } from '../functions/lib/dynamo.ts';
import { outboxPrefix } from '../functions/lib/outbox.ts';
import { s3 } from '../functions/lib/s3.ts';
import { type LocalCloud, startLocalCloud } from '../infra/local/cloud.ts';
import type { DevTokenRequest } from '../infra/local/dev-identity.ts';
import { seedJurisdiction } from '../infra/local/seed.ts';
import { names } from '../infra/naming.ts';
import type { CaseRecord } from '../shared/cases/case.ts';
import { type HistoryEntry, verifyChain } from '../shared/cases/history.ts';
import { outboxEvents, probeCounts, probeFunction } from '../tests/support/event-probe.ts';
import { anySchema, type Call, createClient, setting, uploadFiles } from './client.ts';
import { quick, scaled } from './scale.ts';
import { percentile, summary } from './stats.ts';

/** 公共租赁住房资格申请: reviewed in parallel by 住建局 (zjj) and 民政局 (mzj). */
const housing = '330902-JF-0084';
/** A flow that has not completed by then is an error, not a slow sample. */
const flowTimeoutMs = 60_000;
/** Polling stays gentle so the clients do not starve the handlers they wait for on a 2-core machine. */
const sequentialPollMs = 20;
const loadPollMs = 50;
/** Sequential samples discarded first: the first submission also reads and caches the item version. */
const warmUp = 10;
/** Flows discarded before the sequential flows are timed. */
const warmFlows = scaled(30, 3);

const staffUsers = {
  clerk: { sub: 'demo-clerk', role: 'clerk', name: '陈窗口', department: 'zwfw' },
  supervisor: { sub: 'demo-supervisor', role: 'supervisor', name: '郑监察', department: 'zwfw' },
  zjj: { sub: 'bench-reviewer-zjj', role: 'reviewer', name: '吴审核', department: 'zjj' },
  mzj: { sub: 'bench-reviewer-mzj', role: 'reviewer', name: '钱审核', department: 'mzj' },
} satisfies Record<string, DevTokenRequest>;

const submittedSchema = z.object({ caseNumber: z.string(), status: z.string() });
const caseViewSchema = z.object({
  status: z.string(),
  tasks: z.array(z.object({ taskId: z.string(), department: z.string() })),
});
type CaseView = z.infer<typeof caseViewSchema>;

interface Applicant {
  sub: string;
  token: string;
  application: unknown;
  /** The uploads its application cites. */
  materialKeys: string[];
}

/** A citizen with the three uploads made once up front; every submission cites the same keys. */
const newApplicant = async (cloud: LocalCloud, call: Call, sub: string): Promise<Applicant> => {
  const token = await cloud.issueToken({
    sub,
    role: 'citizen',
    name: '张晓明',
    idNumber: '330902199001011238',
  });
  const keys = await uploadFiles(call, token, 3);
  return {
    sub,
    token,
    materialKeys: keys,
    application: {
      itemCode: housing,
      form: { householdSize: 3, currentHousing: '租住' },
      materials: [
        { materialId: 'application-form', via: 'upload', key: keys[0] },
        { materialId: 'id-card', via: 'upload', key: keys[1] },
        { materialId: 'hukou', via: 'upload', key: keys[2] },
        { materialId: 'income-proof', via: 'commitment' },
      ],
    },
  };
};

type Staff = Record<keyof typeof staffUsers, string>;

const submit = (call: Call, applicant: Applicant, key: string) =>
  call(submittedSchema, 'POST', '/cases', applicant.token, applicant.application, { 'idempotency-key': key });

/** Submit → accept → both department tasks approved in parallel → COMPLETED, as the people involved would. */
const runFlow = async (
  call: Call,
  staff: Staff,
  applicant: Applicant,
  key: string,
  pollMs: number,
  onSubmitted: (caseNumber: string) => void = () => undefined,
) => {
  const deadline = Date.now() + flowTimeoutMs;
  const { caseNumber } = await submit(call, applicant, key);
  onSubmitted(caseNumber);
  await call(anySchema, 'POST', `/cases/${caseNumber}/acceptance`, staff.clerk, { decision: 'accept' });
  const until = async (done: (view: CaseView) => boolean, what: string) => {
    for (;;) {
      const view = await call(caseViewSchema, 'GET', `/cases/${caseNumber}`, staff.supervisor);
      if (done(view)) return view;
      if (Date.now() > deadline)
        throw new Error(
          `${caseNumber}: no ${what} within ${flowTimeoutMs / 1000} s (status ${view.status}, ${view.tasks.length} tasks)`,
        );
      await sleep(pollMs);
    }
  };
  const { tasks } = await until((view) => view.tasks.length >= 2, 'two department tasks');
  await Promise.all(
    tasks.map((task) => {
      const reviewer =
        task.department === 'zjj' ? staff.zjj : task.department === 'mzj' ? staff.mzj : undefined;
      if (!reviewer) throw new Error(`${caseNumber}: unexpected task ${task.taskId} of ${task.department}`);
      return call(anySchema, 'POST', `/tasks/${encodeURIComponent(task.taskId)}/decision`, reviewer, {
        decision: 'approve',
        opinion: '同意',
      });
    }),
  );
  await until((view) => view.status === 'COMPLETED', 'COMPLETED');
  return caseNumber;
};

/** The outbox item a submission of `caseNumber` wrote (its events name the case), as stored. */
const outboxRowOf = async (raw: DynamoDBClient, table: string, caseNumber: string) => {
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await raw.send(
      new RawScanCommand({
        TableName: table,
        FilterExpression: 'begins_with(pk, :outbox) AND contains(events, :case)',
        ExpressionAttributeValues: { ':outbox': { S: outboxPrefix }, ':case': { S: caseNumber } },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    const found = page.Items?.[0];
    if (found) return found;
    start = page.LastEvaluatedKey;
  } while (start);
  throw new Error(`no outbox item of ${caseNumber}`);
};

const timed = async (run: () => Promise<unknown>) => {
  const started = performance.now();
  await run();
  return performance.now() - started;
};

const pair = (samples: readonly number[]) => {
  const s = summary(samples);
  return `${s.p50} / ${s.p99}`;
};
const ratio = (a: readonly number[], b: readonly number[], digits = 1) =>
  `${(percentile(a, 50) / percentile(b, 50)).toFixed(digits)}×`;
const ratios = (a: readonly number[], b: readonly number[]) =>
  `${ratio(a, b, 2)} · ${(percentile(a, 99) / percentile(b, 99)).toFixed(2)}×`;

/** The calls the in-process handlers make on `client`, by command, counted per attempt (retries included). */
const countRoundTrips = (client: DynamoDBDocumentClient | S3Client = dynamo()) => {
  const counts = new Map<string, number>();
  const name = 'benchCasesRoundTrips';
  (client as DynamoDBDocumentClient).middlewareStack.add(
    (next, context) => async (args) => {
      const command = (context.commandName ?? 'unknown').replace(/Command$/, '');
      counts.set(command, (counts.get(command) ?? 0) + 1);
      return next(args);
    },
    { step: 'deserialize', name },
  );
  return {
    snapshot: () => new Map(counts),
    since: (before: ReadonlyMap<string, number>) =>
      new Map([...counts].map(([k, v]) => [k, v - (before.get(k) ?? 0)] as const).filter(([, v]) => v > 0)),
    stop: () => (client as DynamoDBDocumentClient).middlewareStack.remove(name),
  };
};

const describeCalls = (perSubmission: ReadonlyArray<ReadonlyMap<string, number>>) => {
  const totals = new Map<string, number>();
  for (const calls of perSubmission) for (const [k, v] of calls) totals.set(k, (totals.get(k) ?? 0) + v);
  const mean = (v: number) => {
    const m = v / perSubmission.length;
    return Number.isInteger(m) ? String(m) : m.toFixed(2);
  };
  const parts = [...totals].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k} ${mean(v)}`);
  const sum = mean([...totals.values()].reduce((a, b) => a + b, 0));
  const key = (m: ReadonlyMap<string, number>) => JSON.stringify([...m].sort());
  const same = perSubmission.every((m) => key(m) === key(perSubmission[0]!));
  return `${parts.join(' + ')} = ${sum}${perSubmission.length > 1 ? (same ? ' (every one)' : ' (mean)') : ''}`;
};

/** The 办结 messages (each inviting a rating) in the inboxes of accounts whose subject starts with `prefix`. */
const ratingInvitations = async (tableName: string, prefix: string) => {
  let total = 0;
  const cases = new Set<string>();
  let start: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(
      new ScanCommand({
        TableName: tableName,
        FilterExpression: 'begins_with(pk, :account) AND begins_with(sk, :note) AND message.template = :done',
        ExpressionAttributeValues: {
          ':account': `ACCOUNT#${prefix}`,
          ':note': 'NOTE#',
          ':done': 'case-completed',
        },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    for (const row of page.Items ?? []) {
      total++;
      cases.add(String(row.message.caseNumber));
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return { total, cases: cases.size };
};

/** Reads every case row and history entry of the table, consistently, page by page. */
const scanCases = async (tableName: string) => {
  const records: CaseRecord[] = [];
  const history = new Map<string, HistoryEntry[]>();
  let start: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(
      new ScanCommand({
        TableName: tableName,
        FilterExpression: 'begins_with(pk, :case)',
        ExpressionAttributeValues: { ':case': 'CASE#' },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    for (const row of page.Items ?? []) {
      if (row.sk === caseKey('').sk) records.push(row.record as CaseRecord);
      else if (typeof row.sk === 'string' && row.sk.startsWith(historyPrefix)) {
        const entry = row.entry as HistoryEntry;
        const list = history.get(entry.caseNumber) ?? [];
        list.push(entry);
        history.set(entry.caseNumber, list);
      }
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return { records, history };
};

const sizes = () => ({
  submissions: setting('CASES_BENCH_SUBMISSIONS', scaled(300, 10)),
  flowSamples: setting('CASES_BENCH_FLOW_SAMPLES', scaled(30, 3)),
  loadFlows: setting('CASES_BENCH_FLOWS', scaled(1000, 10)),
  clients: setting('CASES_BENCH_CLIENTS', scaled(16, 4)),
  outageFlows: setting('CASES_BENCH_OUTAGE_FLOWS', scaled(100, 4)),
});

type Row = { figure: string; value: string };

const signInStaff = async (cloud: LocalCloud): Promise<Staff> => ({
  clerk: await cloud.issueToken(staffUsers.clerk),
  supervisor: await cloud.issueToken(staffUsers.supervisor),
  zjj: await cloud.issueToken(staffUsers.zjj),
  mzj: await cloud.issueToken(staffUsers.mzj),
});

/** The seeded demo jurisdiction on `cloud`, a client of its gateway and its staff's tokens. */
const seeded = async (cloud: LocalCloud) => {
  await seedJurisdiction(cloud.jurisdiction);
  return { table: names('dinghai').table, call: createClient(cloud.url), staff: await signInStaff(cloud) };
};

/** `count` full flows of a new applicant one after another, after unmeasured ones; each flow's milliseconds. */
const sequentialFlows = async (cloud: LocalCloud, call: Call, staff: Staff, run: string, count: number) => {
  const applicant = await newApplicant(cloud, call, `bench-flow-${run}`);
  // Warm, as a busy function's instances are: each sandbox compiles its own copy of the code (the SDK, the
  // handlers), so it needs a few dozen invocations before its hot paths are optimised; the warm-up also
  // starts a second instance of what the parallel branches call at once.
  for (let i = 0; i < warmFlows; i++)
    await runFlow(call, staff, applicant, `bench-${run}-flow-warm-${i}`, sequentialPollMs);
  const flows: number[] = [];
  for (let i = 0; i < count; i++)
    flows.push(
      await timed(() => runFlow(call, staff, applicant, `bench-${run}-flow-${i}`, sequentialPollMs)),
    );
  return flows;
};

/**
 * The baseline half, with every handler in one process as the local cloud ran them before sandboxes: POST
 * /cases with the DynamoDB calls each one makes (counted on the client the handlers share with this
 * process) beside a bare transaction, and the sequential two-department flow.
 */
const inProcessBaseline = async () => {
  const { submissions, flowSamples } = sizes();
  const run = Date.now().toString(36);
  // The manifest's functions only, in both halves: the flows compare like with like.
  const cloud = await startLocalCloud({ jurisdictionId: 'dinghai', functions: 'in-process' });
  const raw = new DynamoDBClient({});
  const rawS3 = new S3Client({});
  const materialBucket = names('dinghai').materialBucket;
  const calls = countRoundTrips();
  const s3Calls = countRoundTrips(s3());
  try {
    const { table, call, staff } = await seeded(cloud);

    // The flows first, on a cloud as fresh as the sandboxes' one: both halves time them after the same
    // warm-up, not after the submissions below.
    const flows = await sequentialFlows(cloud, call, staff, run, flowSamples);

    const submitter = await newApplicant(cloud, call, `bench-submit-${run}`);
    // While submissions are counted the bus holds events back (the outbox keeps them), so the count is the
    // handler's own calls, not the consumers' running beside it on the same client.
    await call(anySchema, 'POST', '/dev/faults', staff.supervisor, { bus: true });
    const submitOnce = async (key: string) => {
      const before = calls.snapshot();
      const s3Before = s3Calls.snapshot();
      const started = performance.now();
      const { caseNumber } = await submit(call, submitter, key);
      const ms = performance.now() - started;
      return { ms, calls: calls.since(before), s3Calls: s3Calls.since(s3Before), caseNumber, key };
    };
    const cold = await submitOnce(`bench-${run}-warm-0`);
    let last = cold;
    for (let i = 1; i < warmUp; i++) last = await submitOnce(`bench-${run}-warm-${i}`);

    // Baseline: the rows a submission writes (idempotency record, case, first history entry, outbox item),
    // read back as stored, written again under fresh keys of the same length (so the same size), with the
    // same conditions and the same check of the item's head, in one bare transaction.
    const written = await Promise.all(
      [idempotencyKey(submitter.sub, last.key), caseKey(last.caseNumber), historyKey(last.caseNumber, 1)].map(
        async (key) => {
          const item = (
            await raw.send(
              new GetItemCommand({
                TableName: table,
                Key: { pk: { S: key.pk }, sk: { S: key.sk } },
                ConsistentRead: true,
              }),
            )
          ).Item;
          if (!item) throw new Error(`row ${key.pk} / ${key.sk} of a submission not found`);
          return item;
        },
      ),
    );
    const outbox = await outboxRowOf(raw, table, last.caseNumber);
    const stored = [...written, outbox];
    const head = (
      await raw.send(
        new GetItemCommand({
          TableName: table,
          Key: { pk: { S: itemKey(housing).pk }, sk: { S: itemKey(housing).sk } },
          ConsistentRead: true,
        }),
      )
    ).Item;
    if (!head?.current?.N) throw new Error(`item ${housing} has no current version`);
    const itemCheck = {
      ConditionCheck: {
        TableName: table,
        Key: { pk: { S: itemKey(housing).pk }, sk: { S: itemKey(housing).sk } },
        ConditionExpression: '#current = :version AND #status = :published',
        ExpressionAttributeNames: { '#current': 'current', '#status': 'status' },
        ExpressionAttributeValues: { ':version': { N: head.current.N }, ':published': { S: 'published' } },
      },
    };
    const rekey = (item: Record<string, AttributeValue>, i: number) => {
      const pk = item.pk?.S ?? '';
      return { ...item, pk: { S: `${pk.slice(0, -7)}~${String(i).padStart(6, '0')}` } };
    };
    const bareTransaction = (i: number) =>
      raw.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            ...stored.map((item) => ({
              Put: {
                TableName: table,
                Item: rekey(item, i),
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            })),
            itemCheck,
          ],
        }),
      );
    // The floor of a submission: what it cannot do without, from a bare client. Before it writes, a
    // submission must find each cited upload in the materials bucket (a HEAD each, in parallel: what
    // arrived must be what was signed for), then write its rows in one transaction — two round trips in
    // sequence, where the bare transaction alone is one. The ratio to each is printed.
    const heads = () =>
      Promise.all(
        submitter.materialKeys.map((Key) =>
          rawS3.send(new HeadObjectCommand({ Bucket: materialBucket, Key })),
        ),
      );
    const bareFloor = async (i: number) => {
      await heads();
      await bareTransaction(i);
    };
    // Both sides warmed alike, then measured interleaved — one submission, one bare transaction, one bare
    // floor, in turn — so the machine's load (shared, and busy) weighs on all three alike.
    for (let i = 0; i < warmUp; i++) {
      await bareTransaction(i);
      await bareFloor(warmUp + i);
    }
    const measured = [];
    const bare: number[] = [];
    const floor: number[] = [];
    for (let i = 0; i < submissions; i++) {
      measured.push(await submitOnce(`bench-${run}-submit-${i}`));
      bare.push(await timed(() => bareTransaction(2 * warmUp + 2 * i)));
      floor.push(await timed(() => bareFloor(2 * warmUp + 2 * i + 1)));
    }
    const submitMs = measured.map((m) => m.ms);

    await call(anySchema, 'POST', '/dev/faults', staff.supervisor, { bus: false });
    const rows: Row[] = [
      {
        figure: `POST /cases through the gateway (in-process), ${submissions} sequential, p50 / p99 (ms)`,
        value: pair(submitMs),
      },
      {
        figure:
          'baseline: bare TransactWriteItems of its items (raw client, same DynamoDB Local) p50 / p99 (ms)',
        value: pair(bare),
      },
      {
        figure: `baseline: bare floor — the ${submitter.materialKeys.length} upload HEADs in parallel, then that transaction (raw clients) p50 / p99 (ms)`,
        value: pair(floor),
      },
      {
        figure: 'POST /cases ÷ bare TransactWriteItems, p50 · p99 (aim ≤ 1.5×)',
        value: ratios(submitMs, bare),
      },
      {
        figure: 'POST /cases ÷ bare floor (HEADs, then the transaction), p50 · p99',
        value: ratios(submitMs, floor),
      },
      {
        figure: 'DynamoDB round trips per submission, steady state',
        value: describeCalls(measured.map((m) => m.calls)),
      },
      {
        figure: 'S3 round trips per submission, steady state (in parallel)',
        value: describeCalls(measured.map((m) => m.s3Calls)),
      },
      { figure: 'DynamoDB round trips, first (cold) submission', value: describeCalls([cold.calls]) },
      {
        figure: 'baseline: round trips of the bare transaction (4 Puts and the item check)',
        value: 'TransactWriteItems 1 = 1',
      },
    ];
    return { rows, flows };
  } finally {
    calls.stop();
    s3Calls.stop();
    raw.destroy();
    rawS3.destroy();
    await cloud.stop();
  }
};

/**
 * A part that starts a local cloud of its own runs in a process of its own: its handlers and clients stay
 * wired to its cloud, and it answers through a file.
 */
const inChild = <T>(part: keyof typeof parts): T => {
  const dir = mkdtempSync(join(tmpdir(), 'tongban-bench-cases-'));
  const out = join(dir, `${part}.json`);
  try {
    const child = spawnSync(
      process.execPath,
      [...process.execArgv, fileURLToPath(import.meta.url), '--part', part, out],
      { stdio: 'inherit', env: { ...process.env, ...(quick ? { BENCH_QUICK: '1' } : {}) } },
    );
    if (child.status !== 0) throw new Error(`the ${part} part failed (${child.signal ?? child.status})`);
    return JSON.parse(readFileSync(out, 'utf8')) as T;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

/** Flows from concurrent clients, each its own citizen running flows back to back. */
const concurrentFlows = async (
  cloud: LocalCloud,
  call: Call,
  staff: Staff,
  prefix: string,
  flows: number,
  clients: number,
) => {
  const applicants = await Promise.all(
    Array.from({ length: clients }, (_, i) => newApplicant(cloud, call, `${prefix}${i}`)),
  );
  const answered: string[] = [];
  const ms: number[] = [];
  const failures: string[] = [];
  let errors = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    applicants.map(async (applicant) => {
      while (next < flows) {
        const i = next++;
        const flowStarted = performance.now();
        try {
          await runFlow(call, staff, applicant, `${prefix}flow-${i}`, loadPollMs, (n) => answered.push(n));
          ms.push(performance.now() - flowStarted);
        } catch (error) {
          errors++;
          if (failures.length < 5) failures.push(error instanceof Error ? error.message : String(error));
        }
      }
    }),
  );
  for (const failure of failures) console.log(`flow error: ${failure}`);
  return { answered, ms, errors, seconds: (performance.now() - started) / 1000 };
};

/**
 * The figures with every function in its own sandboxes, as the local cloud runs them: the sequential flow
 * beside the in-process baseline, and flows from concurrent clients checked against the table.
 */
const inSandboxes = async (baselineFlows: readonly number[]) => {
  const { flowSamples, loadFlows, clients } = sizes();
  const run = Date.now().toString(36);
  const cloud = await startLocalCloud({ jurisdictionId: 'dinghai' });
  try {
    const { table, call, staff } = await seeded(cloud);

    // 1. The sequential flow, beside the same flow with every handler in one process.
    const flows = await sequentialFlows(cloud, call, staff, run, flowSamples);
    const bareSubmits: number[] = [];
    const submitter = await newApplicant(cloud, call, `bench-bare-${run}`);
    for (let i = 0; i < flowSamples; i++)
      bareSubmits.push(await timed(() => submit(call, submitter, `bench-${run}-bare-${i}`)));

    // 2. Many flows from concurrent clients. The check is against the table rather than the answers:
    // every answered case is there once, completed, with a chain that verifies and ends at its head.
    const loadPrefix = `bench-load-${run}-`;
    const load = await concurrentFlows(cloud, call, staff, loadPrefix, loadFlows, clients);
    const { records, history } = await scanCases(table);
    const mine = records.filter((r) => r.submittedBy.startsWith(loadPrefix));
    const found = new Set(mine.map((r) => r.caseNumber));
    const told = new Set(load.answered);
    const verified = mine.filter((r) => {
      const entries = (history.get(r.caseNumber) ?? []).sort((a, b) => a.seq - b.seq);
      const report = verifyChain(entries);
      return report.intact && report.lastHash === r.historyHead && entries.length === r.historyLength;
    }).length;
    const lost = [...told].filter((n) => !found.has(n)).length;
    const duplicated = load.answered.length - told.size + [...found].filter((n) => !told.has(n)).length;
    const stuck = mine.filter((r) => r.status !== 'COMPLETED').length;
    // 好差评 invitations: each concluded case tells its applicant once (the notifier drains its queue).
    let invitations = await ratingInvitations(table, loadPrefix);
    for (let i = 0; i < 600 && invitations.total < found.size; i++) {
      await sleep(100);
      invitations = await ratingInvitations(table, loadPrefix);
    }

    return [
      {
        figure: `full two-department flow in sandboxes, ${flowSamples} sequential, p50 / p99 (ms)`,
        value: pair(flows),
      },
      {
        figure: `baseline: the same flow with every handler in one process, p50 / p99 (ms)`,
        value: pair(baselineFlows),
      },
      { figure: 'sandboxes ÷ in-process (flow p50; aim ≤ 1.2×)', value: ratio(flows, baselineFlows, 2) },
      {
        figure: `baseline: bare POST /cases in sandboxes, ${flowSamples} sequential, p50 / p99 (ms)`,
        value: pair(bareSubmits),
      },
      {
        figure: `${loadFlows} flows, ${clients} concurrent clients: total (s) / flows per s`,
        value: `${load.seconds.toFixed(1)} / ${(load.ms.length / load.seconds).toFixed(1)}`,
      },
      {
        figure: 'baseline: one client, flows back to back (flows per s)',
        value: (1000 / percentile(flows, 50)).toFixed(1),
      },
      { figure: 'flow latency under load p50 / p99 (ms)', value: pair(load.ms) },
      { figure: 'errors (non-2xx or not COMPLETED within 60 s)', value: String(load.errors) },
      {
        figure: 'table check: case rows / distinct numbers / COMPLETED / chains verified',
        value: `${mine.length} / ${found.size} / ${mine.length - stuck} / ${verified} (of ${loadFlows})`,
      },
      {
        figure: 'table check (aim: 0, 0, 0): answered cases lost, duplicated, stuck',
        value: `lost ${lost}, duplicated ${duplicated}, stuck ${stuck}`,
      },
      {
        figure: `rating invitations (办结 messages) for the ${found.size} completed cases: total / distinct cases (aim: equal)`,
        value: `${invitations.total} / ${invitations.cases}`,
      },
    ];
  } finally {
    await cloud.stop();
  }
};

/**
 * A burst of flows in sandboxes while the bus refuses every PutEvents, then it answers again: the events
 * the burst's changes wrote to the outbox, counted where they are produced and where a consumer of every
 * event (the probe) handled them.
 */
const busOutage = async (): Promise<Row[]> => {
  const { clients, outageFlows } = sizes();
  const run = Date.now().toString(36);
  const cloud = await startLocalCloud({ jurisdictionId: 'dinghai', extraFunctions: [probeFunction] });
  try {
    const { table, call, staff } = await seeded(cloud);
    // A burst of flows while the bus refuses every PutEvents; then it answers again. Every event the
    // burst's changes wrote to the outbox must reach the probe consumer, once.
    const outagePrefix = `bench-outage-${run}-`;
    await call(anySchema, 'POST', '/dev/faults', staff.supervisor, { bus: true });
    let outage: Awaited<ReturnType<typeof concurrentFlows>>;
    try {
      outage = await concurrentFlows(
        cloud,
        call,
        staff,
        outagePrefix,
        outageFlows,
        Math.min(clients, outageFlows),
      );
    } finally {
      await call(anySchema, 'POST', '/dev/faults', staff.supervisor, { bus: false });
    }
    const burst = new Set(outage.answered);
    const produced = [...(await outboxEvents(table)).entries()].filter(([, e]) =>
      burst.has(String(e.detail.caseNumber)),
    );
    const recoveryStarted = performance.now();
    let counts = await probeCounts(table);
    while (produced.some(([id]) => !counts.has(id)) && performance.now() - recoveryStarted < 120_000) {
      await sleep(250);
      counts = await probeCounts(table);
    }
    const recoverySeconds = (performance.now() - recoveryStarted) / 1000;
    const consumed = produced.filter(([id]) => counts.has(id));
    const repeated = consumed.filter(([id]) => (counts.get(id) ?? 0) > 1).length;

    return [
      {
        figure: `bus refusing during ${outageFlows} flows: events produced (outbox) / consumed once / repeated`,
        value: `${produced.length} / ${consumed.length - repeated} / ${repeated}`,
      },
      {
        figure: 'after the bus answers again: every produced event consumed within (s)',
        value: `${recoverySeconds.toFixed(1)}${consumed.length < produced.length ? ' (gave up at 120)' : ''}`,
      },
      { figure: 'flows completed during the outage', value: `${outage.ms.length} of ${outageFlows}` },
    ];
  } finally {
    await cloud.stop();
  }
};

const parts = { 'in-process-baseline': inProcessBaseline, 'bus-outage': busOutage };

export const benchCases = async () => {
  const baseline = inChild<Awaited<ReturnType<typeof inProcessBaseline>>>('in-process-baseline');
  const sandboxes = await inSandboxes(baseline.flows);
  return [...baseline.rows, ...sandboxes, ...inChild<Row[]>('bus-outage')];
};

const part = process.argv[3] as keyof typeof parts | undefined;
if (process.argv[2] === '--part' && part && import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  writeFileSync(process.argv[4]!, JSON.stringify(await parts[part]()));
}
