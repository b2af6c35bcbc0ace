// E-licence figures (issue 5): credential verification in-process beside a bare crypto.verify of the same
// signature; issuance (seal + PDF + sealed OFD + S3 + DynamoDB) through the local cloud beside a bare S3
// PutObject of the same PDF plus a bare DynamoDB PutItem of the same licence row; issuance with the OFD
// beside issuance without it (credential and PDF, as before OFD licences), alternating on the same
// adapters; OFD verification through the gateway beside QR verification of the same licence; and the size
// of what a holder gets — the OFD, the PDF, the credential — beside the font files both are set from.
// Counts are smaller in a quick run; LICENCES_BENCH_* variables set them explicitly.

import { generateKeyPairSync, type JsonWebKey, sign, verify } from 'node:crypto';
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { setTimeout as sleep } from 'node:timers/promises';
import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DeleteObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { dynamo } from '../functions/lib/dynamo.ts';
import { kms } from '../functions/lib/kms.ts';
import { s3 } from '../functions/lib/s3.ts';
import { licenceFontFiles } from '../functions/licences/font-files.ts';
import { licenceKey } from '../functions/licences/keys.ts';
import { renderLicenceOfd } from '../functions/licences/ofd.ts';
import { renderLicencePdf } from '../functions/licences/pdf.ts';
import { qrByteCapacity } from '../functions/licences/pdf-qr.ts';
import { createLicenceService } from '../functions/licences/service.ts';
import { type LocalCloud, startLocalCloud } from '../infra/local/cloud.ts';
import { demoUsers } from '../infra/local/demo-users.ts';
import type { DevTokenRequest } from '../infra/local/dev-identity.ts';
import { seedJurisdiction } from '../infra/local/seed.ts';
import { names } from '../infra/naming.ts';
import { buildCredential, verifyCredential } from '../shared/licences/credential.ts';
import { assembleJws, encodeSigningInput, jwkThumbprint } from '../shared/licences/jws.ts';
import type { LicenceRecord } from '../shared/licences/licence.ts';
import { emptyStatusList, type StatusPurpose, statusBit } from '../shared/licences/status-list.ts';
import { anySchema, type Call, createClient, requestTimeoutMs, setting, uploadFiles } from './client.ts';
import { scaled } from './scale.ts';
import { median, percentile, summary } from './stats.ts';

/** 企业变更登记: one 市场监管局 (scjgj) review task, and the approved case issues a 营业执照. */
const changeItem = '330902-XK-0012';
/** Issuances discarded first: the first one also reads and parses both fonts and the seal's public key. */
const warmUp = 3;
const flowTimeoutMs = 60_000;
const pollMs = 25;

const users = {
  enterprise: demoUsers.enterprise,
  clerk: demoUsers.clerk,
  supervisor: demoUsers.supervisor,
  // 市场监管局 (scjgj) reviews the change.
  scjgj: demoUsers.reviewer,
} satisfies Record<string, DevTokenRequest>;
type Tokens = Record<keyof typeof users, string>;

const submittedSchema = z.object({ caseNumber: z.string() });
const caseViewSchema = z.object({
  status: z.string(),
  tasks: z.array(z.object({ taskId: z.string(), department: z.string(), status: z.string() })),
  result: z.object({ licenceId: z.string().optional() }).optional(),
});
const licenceViewSchema = z.object({
  credential: z.string(),
  qr: z.string(),
  pdf: z.object({ url: z.string() }),
  ofd: z.object({ url: z.string() }),
});
const verifiedSchema = z.object({ valid: z.boolean() });
const issuedSchema = z.object({ licenceId: z.string().nullable() });
const issueEventSchema = z.object({ caseNumber: z.string() });

/**
 * Counts the calls the in-process handlers make to DynamoDB, S3 and KMS, by service and command, through
 * the clients they share (each built once per process); EventBridge's client is private to its module.
 */
const countCalls = () => {
  const counts = new Map<string, number>();
  const name = 'benchLicencesCalls';
  const tally =
    (service: string) =>
    <A, R>(next: (args: A) => Promise<R>, context: { commandName?: string }) =>
    async (args: A) => {
      const command = `${service} ${(context.commandName ?? 'unknown').replace(/Command$/, '')}`;
      counts.set(command, (counts.get(command) ?? 0) + 1);
      return next(args);
    };
  dynamo().middlewareStack.add(tally('DynamoDB'), { step: 'deserialize', name });
  s3().middlewareStack.add(tally('S3'), { step: 'deserialize', name });
  kms().middlewareStack.add(tally('KMS'), { step: 'deserialize', name });
  return {
    snapshot: () => new Map(counts),
    since: (before: ReadonlyMap<string, number>) =>
      new Map([...counts].map(([k, v]) => [k, v - (before.get(k) ?? 0)] as const).filter(([, v]) => v > 0)),
    stop: () => {
      for (const client of [dynamo(), s3(), kms()]) client.middlewareStack.remove(name);
    },
  };
};
type Counter = ReturnType<typeof countCalls>;

/** `S3 PutObject 2 + …  = n`, in the mean over the samples; `(every one)` when they all made the same. */
const describeCalls = (samples: ReadonlyArray<ReadonlyMap<string, number>>) => {
  const totals = new Map<string, number>();
  for (const calls of samples) for (const [k, v] of calls) totals.set(k, (totals.get(k) ?? 0) + v);
  const mean = (v: number) => {
    const m = v / samples.length;
    return Number.isInteger(m) ? String(m) : m.toFixed(2);
  };
  const parts = [...totals].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k} ${mean(v)}`);
  const sum = mean([...totals.values()].reduce((a, b) => a + b, 0));
  const key = (m: ReadonlyMap<string, number>) => JSON.stringify([...m].sort());
  const same = samples.every((m) => key(m) === key(samples[0]!));
  return `${parts.join(' + ')} = ${sum} ${same ? '(every one)' : '(mean)'}`;
};

/**
 * Times the licence-issuer handler where the workflow's Issue state calls it. The local cloud, running its
 * functions in this process, imports the handler module by the same file URL, so this is the very middy
 * handler its Step Functions engine invokes; a middleware added last runs its `before` right before the
 * handler body and its `after` right after, so the figure is the issuance itself, not the engine's
 * hand-off. Each call resolves the waiter of its case.
 */
const watchIssuance = async (counter: Counter) => {
  const { handler } = await import('../functions/licence-issuer/handler.ts');
  type Call = { ms: number; licenceId: string | null; calls: ReadonlyMap<string, number> };
  const started = new WeakMap<object, { at: number; calls: ReadonlyMap<string, number> }>();
  const waiters = new Map<string, (call: Call) => void>();
  const calls: Array<Call & { caseNumber: string }> = [];
  handler.use({
    before: (request) => {
      started.set(request, { at: performance.now(), calls: counter.snapshot() });
    },
    after: (request) => {
      const ms = performance.now() - (started.get(request)?.at ?? Number.NaN);
      const made = counter.since(started.get(request)?.calls ?? new Map());
      const { caseNumber } = issueEventSchema.parse(request.event);
      const { licenceId } = issuedSchema.parse(request.response);
      calls.push({ caseNumber, ms, licenceId, calls: made });
      waiters.get(caseNumber)?.({ ms, licenceId, calls: made });
    },
  });
  return {
    calls,
    /** Resolves with the first issuance of `caseNumber` the workflow makes from now on. */
    next: (caseNumber: string) =>
      new Promise<Call>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(caseNumber);
          reject(new Error(`${caseNumber}: no issuance within ${flowTimeoutMs / 1000} s`));
        }, flowTimeoutMs);
        waiters.set(caseNumber, (call) => {
          clearTimeout(timer);
          waiters.delete(caseNumber);
          resolve(call);
        });
      }),
  };
};
type Watch = Awaited<ReturnType<typeof watchIssuance>>;

/** The three uploads an application cites, made once; every case cites the same keys. */
const uploadMaterials = async (call: Call, token: string) => {
  const keys = await uploadFiles(call, token, 3);
  return {
    itemCode: changeItem,
    form: { changeItems: '经营范围', before: '水产品批发', after: '水产品批发、零售' },
    materials: [
      { materialId: 'application-form', via: 'upload', key: keys[0] },
      { materialId: 'business-licence', via: 'upload', key: keys[1] },
      { materialId: 'articles', via: 'upload', key: keys[2] },
    ],
  };
};

/**
 * One case from application to COMPLETED, with the issuance its workflow made. Nothing polls while the
 * licence is issued: after the approval the client waits on the timing wrapper, so the sample does not
 * share the event loop with this process's own HTTP traffic.
 */
const issueThroughReview = async (
  call: Call,
  tokens: Tokens,
  watch: Watch,
  application: unknown,
  idempotencyKey: string,
) => {
  const deadline = Date.now() + flowTimeoutMs;
  const { caseNumber } = await call(submittedSchema, 'POST', '/cases', tokens.enterprise, application, {
    'idempotency-key': idempotencyKey,
  });
  await call(anySchema, 'POST', `/cases/${caseNumber}/acceptance`, tokens.clerk, { decision: 'accept' });
  const view = () => call(caseViewSchema, 'GET', `/cases/${caseNumber}`, tokens.supervisor);
  let task = (await view()).tasks.find((t) => t.status === 'pending');
  while (!task) {
    if (Date.now() > deadline) throw new Error(`${caseNumber}: no review task within ${flowTimeoutMs} ms`);
    await sleep(pollMs);
    task = (await view()).tasks.find((t) => t.status === 'pending');
  }
  if (task.department !== 'scjgj') throw new Error(`${caseNumber}: unexpected task of ${task.department}`);
  const issued = watch.next(caseNumber);
  await call(anySchema, 'POST', `/tasks/${encodeURIComponent(task.taskId)}/decision`, tokens.scjgj, {
    decision: 'approve',
    opinion: '符合变更登记条件',
  });
  const issuance = await issued;
  let done = await view();
  while (done.status !== 'COMPLETED') {
    if (Date.now() > deadline) throw new Error(`${caseNumber}: not COMPLETED (${done.status})`);
    await sleep(pollMs);
    done = await view();
  }
  if (!issuance.licenceId || done.result?.licenceId !== issuance.licenceId)
    throw new Error(
      `${caseNumber}: the case records ${done.result?.licenceId} but ${issuance.licenceId} was issued`,
    );
  return { caseNumber, ms: issuance.ms, licenceId: issuance.licenceId, calls: issuance.calls };
};

const timed = async (run: () => Promise<unknown>) => {
  const started = performance.now();
  await run();
  return performance.now() - started;
};

/**
 * Operations per second of each variant, each run back to back for `ms` in all after a warm-up. The time is
 * spent in short turns taken in rotation, so a slow patch of a shared two-core machine (a JVM winding down,
 * a GC) lands on every variant alike instead of on whichever happened to run then.
 */
const opsPerSecond = async <K extends string>(variants: Record<K, () => unknown>, ms: number) => {
  const turns = 8;
  const entries = Object.entries(variants) as Array<[K, () => unknown]>;
  const totals = new Map(entries.map(([name]) => [name, { count: 0, ms: 0 }]));
  const turn = async (op: () => unknown, duration: number) => {
    let count = 0;
    const started = performance.now();
    let elapsed = 0;
    while (elapsed < duration) {
      // Awaiting even a synchronous result puts every variant on the footing of verifyCredential, which
      // is async because its ports are.
      await op();
      count++;
      elapsed = performance.now() - started;
    }
    return { count, ms: elapsed };
  };
  for (const [, op] of entries) await turn(op, ms / 4);
  for (let i = 0; i < turns; i++)
    for (const [name, op] of entries) {
      const done = await turn(op, ms / turns);
      const total = totals.get(name)!;
      total.count += done.count;
      total.ms += done.ms;
    }
  return Object.fromEntries(
    [...totals].map(([name, t]) => [name, (t.count / t.ms) * 1000] as const),
  ) as Record<K, number>;
};

const pair = (samples: readonly number[]) => {
  const s = summary(samples);
  return `${s.p50} / ${s.p99}`;
};
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const range = (values: readonly number[], unit: (n: number) => string) =>
  `${unit(Math.min(...values))} / ${unit(median(values))} / ${unit(Math.max(...values))}`;

/** The product's own row, read back as it stored it (the fields buildCredential needs are checked). */
const storedRecordSchema = z.object({
  record: z.custom<LicenceRecord>(
    (v) =>
      z.object({ id: z.string(), statusListIndex: z.number(), validFrom: z.string() }).safeParse(v).success,
  ),
});

/** What issuance needs the local cloud for: the samples, the files issued, one real licence record. */
const benchIssuance = async (cloud: LocalCloud, samples: number, run: string) => {
  await seedJurisdiction(cloud.jurisdiction);
  const n = names(cloud.jurisdiction.id);
  const call = createClient(cloud.url);
  const tokens: Tokens = {
    enterprise: await cloud.issueToken(users.enterprise),
    clerk: await cloud.issueToken(users.clerk),
    supervisor: await cloud.issueToken(users.supervisor),
    scjgj: await cloud.issueToken(users.scjgj),
  };
  const counter = countCalls();
  const watch = await watchIssuance(counter);
  const application = await uploadMaterials(call, tokens.enterprise);

  // First issuances only: every case is new, and a licence id seen before (the idempotent answer for a
  // case that already issued) would be refused as a sample rather than counted.
  const seen = new Set<string>();
  const issuances: Awaited<ReturnType<typeof issueThroughReview>>[] = [];
  for (let i = 0; i < warmUp + samples; i++) {
    const issued = await issueThroughReview(call, tokens, watch, application, `bench-licence-${run}-${i}`);
    if (seen.has(issued.licenceId))
      throw new Error(`${issued.caseNumber}: licence ${issued.licenceId} again`);
    seen.add(issued.licenceId);
    issuances.push(issued);
  }
  const measured = issuances.slice(warmUp);
  const repeatCalls = watch.calls.length - issuances.length;
  counter.stop();

  // What the holder downloads: the OFD and the PDF through the presigned links, and the credential.
  const files = [];
  for (const issued of measured) {
    const view = await call(licenceViewSchema, 'GET', `/licences/${issued.licenceId}`, tokens.enterprise);
    const pdf = await fetch(view.pdf.url, { signal: AbortSignal.timeout(requestTimeoutMs) });
    const bytes = new Uint8Array(await pdf.arrayBuffer());
    if (pdf.status !== 200 || Buffer.from(bytes.subarray(0, 5)).toString() !== '%PDF-')
      throw new Error(`${issued.licenceId}: the PDF link answered ${pdf.status}, not a PDF`);
    const ofd = await fetch(view.ofd.url, { signal: AbortSignal.timeout(requestTimeoutMs) });
    const ofdBytes = new Uint8Array(await ofd.arrayBuffer());
    if (ofd.status !== 200 || Buffer.from(ofdBytes.subarray(0, 2)).toString() !== 'PK')
      throw new Error(`${issued.licenceId}: the OFD link answered ${ofd.status}, not an OFD package`);
    files.push({ id: issued.licenceId, pdf: bytes, ofd: ofdBytes, credential: view.credential, qr: view.qr });
  }

  // Verification end to end through the gateway: the OFD file beside the QR reference of the same licence.
  const verifyOfd: number[] = [];
  const verifyQr: number[] = [];
  const check = async (body: object, into: number[], record: boolean) => {
    const started = performance.now();
    const answer = await call(verifiedSchema, 'POST', '/verify', tokens.enterprise, body);
    if (record) into.push(performance.now() - started);
    if (!answer.valid)
      throw new Error(`POST /verify refused a licence just issued: ${JSON.stringify(body).slice(0, 80)}`);
  };
  for (const [i, f] of files.entries()) {
    const ofdBody = { ofd: Buffer.from(f.ofd).toString('base64') };
    for (let round = 0; round < 3; round++) {
      // The first round warms both paths; then each is timed, alternating.
      await check(ofdBody, verifyOfd, round > 0 || i > 0);
      await check({ qr: f.qr }, verifyQr, round > 0 || i > 0);
    }
  }

  // Issuance with the OFD beside issuance without it: the licence service on the same adapters, called
  // directly for cases the window accepted (the workflow's Issue state would find their licence issued),
  // alternating so both meet the machine alike.
  // Imported now: their module reads the function environment the local cloud has just set.
  const { licenceDeps } = await import('../functions/licences/wiring.ts');
  const { sealOfd } = await import('../functions/licences/seal-wiring.ts');
  const withOfd = createLicenceService(
    licenceDeps({
      renderPdf: renderLicencePdf,
      qrCapacity: qrByteCapacity,
      ofd: { render: renderLicenceOfd, seal: sealOfd },
    }),
  );
  const withoutOfd = createLicenceService(
    licenceDeps({ renderPdf: renderLicencePdf, qrCapacity: qrByteCapacity }),
  );
  const ab = { with: [] as number[], without: [] as number[] };
  for (let i = 0; i < 2 * (warmUp + samples); i++) {
    const { caseNumber } = await call(submittedSchema, 'POST', '/cases', tokens.enterprise, application, {
      'idempotency-key': `bench-licence-ab-${run}-${i}`,
    });
    await call(anySchema, 'POST', `/cases/${caseNumber}/acceptance`, tokens.clerk, { decision: 'accept' });
    const service = i % 2 === 0 ? withOfd : withoutOfd;
    const started = performance.now();
    const issued = await service.issue(caseNumber);
    const ms = performance.now() - started;
    if (!issued.licenceId) throw new Error(`${caseNumber}: nothing issued (${issued.reason})`);
    if (i >= 2 * warmUp) (i % 2 === 0 ? ab.with : ab.without).push(ms);
  }

  // Baseline: the two writes issuance cannot do without — the PDF into the licence bucket and the licence
  // row (the largest of its transaction) into the table — bare, sequential, to the same emulators. The row
  // is the stored one, re-keyed with a key of the same length so the item is the same size.
  const raw = new DynamoDBClient({});
  const rawS3 = new S3Client({});
  try {
    const typical = [...files].sort((a, b) => a.pdf.length - b.pdf.length)[Math.floor(files.length / 2)]!;
    const row = (
      await raw.send(
        new GetItemCommand({
          TableName: n.table,
          Key: {
            pk: { S: licenceKey(typical.id).pk },
            sk: { S: licenceKey(typical.id).sk },
          },
          ConsistentRead: true,
        }),
      )
    ).Item;
    if (!row) throw new Error(`licence row of ${typical.id} not found`);
    const { record } = storedRecordSchema.parse(
      (await dynamo().send(new GetCommand({ TableName: n.table, Key: licenceKey(typical.id) }))).Item,
    );
    const pk = row.pk?.S ?? '';
    const bare = (i: number) => async () => {
      const tag = `~${String(i).padStart(6, '0')}`;
      await rawS3.send(
        new PutObjectCommand({
          Bucket: n.licenceBucket,
          Key: `bench/${run}/${tag}/licence.pdf`,
          Body: typical.pdf,
          ContentType: 'application/pdf',
        }),
      );
      await raw.send(
        new PutItemCommand({
          TableName: n.table,
          Item: { ...row, pk: { S: `${pk.slice(0, -tag.length)}${tag}` } },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    };
    for (let i = 0; i < warmUp; i++) await bare(i)();
    const baseline: number[] = [];
    for (let i = 0; i < samples; i++) baseline.push(await timed(bare(warmUp + i)));
    for (let i = 0; i < warmUp + samples; i++)
      await rawS3.send(
        new DeleteObjectCommand({
          Bucket: n.licenceBucket,
          Key: `bench/${run}/~${String(i).padStart(6, '0')}/licence.pdf`,
        }),
      );
    return {
      cold: issuances[0]!.ms,
      issue: measured.map((m) => m.ms),
      calls: describeCalls(measured.map((m) => m.calls)),
      baseline,
      repeatCalls,
      files,
      ab,
      verifyOfd,
      verifyQr,
      record,
      issuers: new Set(cloud.jurisdiction.departments.map((d) => d.creditCode)),
      statusLists: `urn:tongban:${cloud.jurisdiction.id}:status-lists`,
    };
  } finally {
    raw.destroy();
    rawS3.destroy();
  }
};

/**
 * verifyCredential on a real credential — the record the cloud issued, built and sealed here with a P-256
 * key of this process — with in-memory ports, beside crypto.verify of the same signature with a KeyObject
 * made once, and beside crypto.verify with the KeyObject made from the JWK on every call, which is what
 * verifyEs256 does: the gap between the last two is the cost a per-key cache would remove.
 */
const benchVerification = async (
  record: LicenceRecord,
  issuers: ReadonlySet<string>,
  statusLists: string,
  ms: number,
) => {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = publicKey.export({ format: 'jwk' }) as JsonWebKey;
  const kid = jwkThumbprint(jwk);
  const signingInput = encodeSigningInput(
    { alg: 'ES256', kid, typ: 'vc+jwt', cty: 'vc' },
    buildCredential(record, { statusLists }),
  );
  const input = Buffer.from(signingInput, 'utf8');
  const signature = sign('sha256', input, { key: privateKey, dsaEncoding: 'ieee-p1363' });
  const compact = assembleJws(signingInput, signature);

  const keys = new Map([[kid, jwk]]);
  const lists = new Map<StatusPurpose, Uint8Array>([
    ['revocation', emptyStatusList()],
    ['suspension', emptyStatusList()],
  ]);
  const ports = {
    key: async (k: string) => keys.get(k),
    issuers,
    statusBit: async (purpose: StatusPurpose, list: number, index: number) =>
      list === 1 && statusBit(lists.get(purpose)!, index),
    // Noon on the day of issue: inside the validity period whatever the machine's clock says.
    now: new Date(`${record.validFrom}T12:00:00+08:00`),
  };
  const checked = await verifyCredential(compact, ports);
  if (!checked.valid)
    throw new Error(`the bench credential does not verify: ${JSON.stringify(checked.problems)}`);
  const rawOk = verify('sha256', input, { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature);
  if (!rawOk) throw new Error('crypto.verify refuses the bench signature');

  const rates = await opsPerSecond(
    {
      full: () => verifyCredential(compact, ports),
      bare: () => verify('sha256', input, { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature),
    },
    ms,
  );
  const { full, bare } = rates;
  return { full, bare, compactBytes: Buffer.byteLength(compact) };
};

export const benchLicences = async () => {
  const samples = setting('LICENCES_BENCH_SAMPLES', scaled(30, 3));
  const verifyMs = setting('LICENCES_BENCH_VERIFY_MS', scaled(2000, 200));
  const run = Date.now().toString(36);

  // Handlers in this process: the Issue state is timed and its calls counted on the very handler invoked.
  const cloud = await startLocalCloud({ jurisdictionId: 'dinghai', functions: 'in-process' });
  let issuance: Awaited<ReturnType<typeof benchIssuance>>;
  try {
    issuance = await benchIssuance(cloud, samples, run);
  } finally {
    await cloud.stop();
  }
  // CPU figures after the emulators (a JVM among them) are gone, so they do not compete for the cores.
  const verification = await benchVerification(
    issuance.record,
    issuance.issuers,
    issuance.statusLists,
    verifyMs,
  );

  const share = verification.full / verification.bare;
  const resolveFrom = createRequire(import.meta.url);
  const fonts = licenceFontFiles.map((file) => statSync(resolveFrom.resolve(file)).size);
  const pdfBytes = issuance.files.map((f) => f.pdf.length);
  const ofdBytes = issuance.files.map((f) => f.ofd.length);
  const credentialBytes = issuance.files.map((f) => Buffer.byteLength(f.credential));
  const inQr = credentialBytes.filter((b) => b <= qrByteCapacity).length;

  return [
    {
      figure: `verifyCredential in-process, in-memory ports, ${verifyMs / 1000} s (ops/s)`,
      value: verification.full.toFixed(0),
    },
    {
      figure: 'baseline: crypto.verify of the same signature, KeyObject made once (ops/s)',
      value: verification.bare.toFixed(0),
    },
    {
      figure: 'verifyCredential ÷ crypto.verify (aim ≥ 50%)',
      value: `${(share * 100).toFixed(0)}%${share < 0.5 ? ' — below the aim' : ''}`,
    },
    {
      figure: `issuance in the workflow's Issue state (seal + PDF + sealed OFD + S3 + DynamoDB), ${samples} sequential, p50 / p99 (ms)`,
      value: pair(issuance.issue),
    },
    { figure: 'first (cold) issuance, fonts and seal key loaded (ms)', value: issuance.cold.toFixed(0) },
    {
      figure:
        'baseline: bare S3 PutObject of the same PDF + bare PutItem of the same-size row, p50 / p99 (ms)',
      value: pair(issuance.baseline),
    },
    { figure: 'calls per issuance (EventBridge PutEvents not counted)', value: issuance.calls },
    { figure: 'baseline: calls of the bare writes', value: 'DynamoDB PutItem 1 + S3 PutObject 1 = 2' },
    {
      figure: 'issuance ÷ bare writes (p50)',
      value: `${(percentile(issuance.issue, 50) / percentile(issuance.baseline, 50)).toFixed(1)}×`,
    },
    {
      figure: `issuance with the OFD (credential + PDF + OFD sealed in SM2 by KMS + S3 + DynamoDB), ${issuance.ab.with.length} alternating, p50 / p99 (ms)`,
      value: pair(issuance.ab.with),
    },
    {
      figure: 'baseline: the same issuance without the OFD (credential + PDF, as before), p50 / p99 (ms)',
      value: pair(issuance.ab.without),
    },
    {
      figure: 'issuance with OFD ÷ without (p50)',
      value: `${(percentile(issuance.ab.with, 50) / percentile(issuance.ab.without, 50)).toFixed(2)}×`,
    },
    {
      figure: `OFD verification end to end (POST /verify through the gateway, ${issuance.verifyOfd.length} requests), p50 / p99 (ms)`,
      value: pair(issuance.verifyOfd),
    },
    {
      figure: 'baseline: QR reference verification of the same licences, p50 / p99 (ms)',
      value: pair(issuance.verifyQr),
    },
    {
      figure: 'Issue state calls beyond the first per case (retries; never samples)',
      value: String(issuance.repeatCalls),
    },
    { figure: 'licence OFD (sealed) min / median / max', value: range(ofdBytes, kb) },
    { figure: 'licence PDF min / median / max', value: range(pdfBytes, kb) },
    {
      figure: `credential (compact JWS) min / median / max; in the QR code itself: ${inQr} of ${credentialBytes.length}`,
      value: range(credentialBytes, (b) => `${b} B`),
    },
    {
      figure: 'context: font files the PDF and the OFD subset (Noto Serif SC regular + bold)',
      value: `${fonts.map(mb).join(' + ')} = ${mb(fonts.reduce((a, b) => a + b, 0))}`,
    },
  ];
};
