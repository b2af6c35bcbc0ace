// Cases as citizens, the window and the departments meet them: the seeded demo jurisdiction on the local
// cloud, reached through the HTTP API, with the review running on the real state machine file.
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { historyKey } from '../../functions/cases/keys.ts';
import { dynamo } from '../../functions/lib/dynamo.ts';
import type { DevTokenRequest } from '../../infra/local/dev-identity.ts';
import { seedJurisdiction } from '../../infra/local/seed.ts';
import { names } from '../../infra/naming.ts';
import { type ApiResponse, type DemoUser, eventually, useLocalCloud } from '../support/local-cloud.ts';

const api = useLocalCloud('dinghai', async (cloud) => {
  await seedJurisdiction(cloud.jurisdiction);
});

/** 公共租赁住房资格申请: reviewed in parallel by 住建局 (zjj) and 民政局 (mzj). */
const housing = '330902-JF-0084';
const mzjReviewer = {
  sub: 'demo-reviewer-mzj',
  role: 'reviewer',
  name: '钱审核',
  department: 'mzj',
} as const;
const zjjClerk = { sub: 'demo-clerk-zjj', role: 'clerk', name: '冯窗口', department: 'zjj' } as const;
let keys = 0;
const newKey = () => `test-key-${Date.now()}-${++keys}`;

const upload = (as: 'citizen' | 'citizen2' | 'agent' | 'enterprise' = 'citizen') => api.upload(as);

const housingApplication = async (as: 'citizen' | 'citizen2' = 'citizen') => ({
  itemCode: housing,
  form: { householdSize: 3, currentHousing: '租住' },
  materials: [
    { materialId: 'application-form', via: 'upload', key: await upload(as) },
    { materialId: 'id-card', via: 'upload', key: await upload(as) },
    { materialId: 'hukou', via: 'upload', key: await upload(as) },
    { materialId: 'income-proof', via: 'commitment' },
  ],
});

const apply = (body: unknown, as: 'citizen' | 'citizen2' | 'agent' = 'citizen', key = newKey()) =>
  api.request('POST', '/cases', { as, body, headers: { 'idempotency-key': key } });

const tasksOf = async (caseNumber: string, as: 'reviewer2' | typeof mzjReviewer) => {
  const res = await api.request('GET', '/tasks?status=pending&limit=100', { as });
  return (res.body.tasks as Array<{ taskId: string; caseNumber: string; status: string }>).filter(
    (t) => t.caseNumber === caseNumber,
  );
};

const waitForTask = async (caseNumber: string, as: 'reviewer2' | typeof mzjReviewer) => {
  const tasks = await eventually(
    () => tasksOf(caseNumber, as),
    (t) => t.length > 0,
  );
  expect(tasks).toHaveLength(1);
  return tasks[0]!;
};

const caseOf = (caseNumber: string, as: DemoUser | DevTokenRequest = 'citizen') =>
  api.request('GET', `/cases/${caseNumber}`, { as });

const accepted = async (as: 'citizen' | 'citizen2' = 'citizen') => {
  const submitted = await apply(await housingApplication(as), as);
  expect(submitted.status).toBe(201);
  const n = submitted.body.caseNumber as string;
  const acceptance = await api.request('POST', `/cases/${n}/acceptance`, {
    as: 'clerk',
    body: { decision: 'accept' },
  });
  expect(acceptance.status).toBe(200);
  return n;
};

const decide = (taskId: string, as: 'reviewer2' | typeof mzjReviewer, decision: string, extra: object = {}) =>
  api.request('POST', `/tasks/${taskId}/decision`, { as, body: { decision, opinion: '审核意见', ...extra } });

describe('applying', () => {
  it('applies for a two-department item: a numbered case, a query code, public progress without personal data', async () => {
    const res = await apply(await housingApplication());
    expect(res.status).toBe(201);
    expect(res.body.caseNumber).toMatch(/^330902-\d{8}-\d{6}-[0-9A-Z]$/);
    expect(res.body.status).toBe('SUBMITTED');
    expect(res.body.queryCode).toMatch(/^[0-9A-Z]{8}$/);

    const mine = await api.request('GET', `/cases/${res.body.caseNumber}`, { as: 'citizen' });
    expect(mine.status).toBe(200);
    // Stored sealed, shown masked, to the applicant too.
    expect(mine.body.applicant).toMatchObject({ name: '张晓明', idNumber: '3309**********1238' });
    expect(mine.body).not.toHaveProperty('sealed');
    expect(mine.body.applicant).not.toHaveProperty('idIndex');
    expect(mine.body.departments).toEqual(expect.arrayContaining(['zjj', 'mzj']));

    const progress = await api.request(
      'GET',
      `/progress/${res.body.caseNumber}?queryCode=${res.body.queryCode}`,
    );
    expect(progress.status).toBe(200);
    expect(progress.body).toMatchObject({ status: 'SUBMITTED', itemName: '公共租赁住房资格申请' });
    expect(JSON.stringify(progress.body)).not.toContain('张晓明');
    expect(JSON.stringify(progress.body)).not.toContain('330902199001011238');
    const wrong = await api.request('GET', `/progress/${res.body.caseNumber}?queryCode=AAAAAAAA`);
    expect(wrong.status).toBe(404);
  });

  it('lists every problem of an application at once, and writes nothing', async () => {
    const res = await apply({
      itemCode: housing,
      form: { householdSize: 'three', extra: 1 },
      materials: [
        { materialId: 'id-card', via: 'deferred', dueDate: '2020-01-01' },
        {
          materialId: 'income-proof',
          via: 'upload',
          key: 'uploads/nobody/00000000-0000-0000-0000-000000000000',
        },
        { materialId: 'no-such', via: 'commitment' },
      ],
    });
    expect(res.status).toBe(400);
    const paths = res.body.error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'body.form.householdSize',
        'body.form.currentHousing',
        'body.form.extra',
        'body.materials.0.via',
        'body.materials.1.key',
        'body.materials.2.materialId',
        'body.materials',
      ]),
    );
    const mine = await api.request('GET', '/cases?limit=100', { as: 'citizen' });
    expect(mine.body.cases.every((c: { status: string }) => c.status)).toBe(true);
  });

  it('accepts only the applicant’s own uploads', async () => {
    const theirs = await housingApplication('citizen');
    const res = await apply(theirs, 'citizen2');
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toEqual(
      expect.arrayContaining(['body.materials.0.key', 'body.materials.1.key', 'body.materials.2.key']),
    );
  });

  it('gives the applicant and involved staff short-lived links to the uploaded materials, and no one else', async () => {
    const submitted = await apply(await housingApplication());
    const n = submitted.body.caseNumber as string;
    for (const as of ['citizen', 'clerk', 'reviewer3'] as const) {
      const res = await api.request('GET', `/cases/${n}/materials`, { as });
      expect(res.status).toBe(200);
      const upload = res.body.materials.find((m: { materialId: string }) => m.materialId === 'id-card');
      expect(upload).toMatchObject({ via: 'upload', url: expect.stringMatching(/^http/) });
      expect(upload.key).toBeUndefined();
      expect(Date.parse(upload.expiresAt) - Date.now()).toBeLessThanOrEqual(5 * 60_000);
      const file = await fetch(upload.url);
      expect(file.status).toBe(200);
      expect(await file.text()).toBe('%PDF-1.4 application material');
      expect(res.body.materials).toContainEqual({ materialId: 'income-proof', via: 'commitment' });
    }
    for (const as of ['citizen2', 'reviewer', 'enterprise'] as const)
      expect((await api.request('GET', `/cases/${n}/materials`, { as })).status).toBe(404);
    expect((await api.request('GET', `/cases/${n}/materials`)).status).toBe(401);
  });

  it("lists every department's submitted cases at once, oldest first, for the service centre's window only", async () => {
    const first = (await apply(await housingApplication())).body.caseNumber as string;
    const second = (await apply(await housingApplication('citizen2'), 'citizen2')).body.caseNumber as string;
    const all = await api.request('GET', '/cases?status=SUBMITTED&department=*&limit=100', { as: 'clerk' });
    expect(all.status).toBe(200);
    const numbers = all.body.cases.map((c: { caseNumber: string }) => c.caseNumber);
    expect(numbers.indexOf(first)).toBeGreaterThanOrEqual(0);
    expect(numbers.indexOf(first)).toBeLessThan(numbers.indexOf(second));
    expect(all.body.cases[numbers.indexOf(first)]).toMatchObject({
      handlingDepartment: 'zjj',
      applicantType: 'person',
      promisedDays: 20,
    });
    const times = all.body.cases.map((c: { submittedAt: string }) => c.submittedAt);
    expect(times).toEqual([...times].sort());
    expect((await api.request('GET', '/cases?department=*', { as: zjjClerk })).status).toBe(403);
  });

  it('refuses without an Idempotency-Key, without a token, and for staff roles', async () => {
    const body = await housingApplication();
    expect((await api.request('POST', '/cases', { as: 'citizen', body })).status).toBe(400);
    expect(
      (await api.request('POST', '/cases', { body, headers: { 'idempotency-key': newKey() } })).status,
    ).toBe(401);
    const staff = await api.request('POST', '/cases', {
      as: 'reviewer',
      body,
      headers: { 'idempotency-key': newKey() },
    });
    expect(staff.status).toBe(403);
  });

  it('makes one case for one Idempotency-Key, also when the same request races itself', async () => {
    const body = await housingApplication();
    const key = newKey();
    const answers = await Promise.all(Array.from({ length: 6 }, () => apply(body, 'citizen', key)));
    expect(answers.map((a) => a.status)).toEqual(Array(6).fill(201));
    const numbers = new Set(answers.map((a) => a.body.caseNumber));
    expect(numbers.size).toBe(1);
    const replay = await apply(body, 'citizen', key);
    expect(replay.body.caseNumber).toBe([...numbers][0]);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    const other = await apply(
      { ...body, form: { householdSize: 4, currentHousing: '租住' } },
      'citizen',
      key,
    );
    expect(other.status).toBe(409);
    const mine = await api.request('GET', '/cases?limit=100', { as: 'citizen' });
    expect(mine.body.cases.filter((c: { caseNumber: string }) => numbers.has(c.caseNumber))).toHaveLength(1);
  });

  it('records the principal and the authorisation when an agent applies on someone’s behalf', async () => {
    const authorisation = await upload('agent');
    const res = await apply(
      {
        itemCode: housing,
        form: { householdSize: 2, currentHousing: '借住' },
        materials: [
          { materialId: 'application-form', via: 'upload', key: await upload('agent') },
          { materialId: 'id-card', via: 'upload', key: await upload('agent') },
          { materialId: 'hukou', via: 'upload', key: await upload('agent') },
          { materialId: 'income-proof', via: 'commitment' },
        ],
        onBehalfOf: { type: 'person', name: '赵老人', idNumber: '330902194501011231', authorisation },
      },
      'agent',
    );
    expect(res.status).toBe(201);
    const view = await api.request('GET', `/cases/${res.body.caseNumber}`, { as: 'agent' });
    expect(view.body.applicant).toMatchObject({ type: 'person', name: '赵老人' });
    expect(view.body.agent).toMatchObject({
      sub: 'demo-agent',
      name: '王建国',
      authorisationKey: authorisation,
    });
  });

  it("refuses a principal's identifiers that their standards reject, saying what is wrong, and keeps nothing", async () => {
    const before = (await api.request('GET', '/cases', { as: 'agent' })).body.cases.length as number;
    const authorisation = await upload('agent');
    const attempt = (onBehalfOf: Record<string, unknown>) =>
      apply(
        { itemCode: housing, form: {}, materials: [], onBehalfOf: { authorisation, ...onBehalfOf } },
        'agent',
      );
    const person = { type: 'person', name: '赵老人' };
    for (const [idNumber, says] of [
      ['000000000000000000', 'no province has the code 00'],
      ['330902194513011238', 'the date of birth 1945-13-01 does not exist'],
      ['330902194501011234', 'the check character should be 1'],
    ] as const) {
      const res = await attempt({ ...person, idNumber });
      expect(res.status, idNumber).toBe(400);
      const issue = res.body.error.details.find(
        (d: { path: string }) => d.path === 'body.onBehalfOf.idNumber',
      );
      expect(issue?.message, idNumber).toContain(says);
      expect(issue?.message, idNumber).toContain('公民身份号码有误');
    }
    const enterprise = await attempt({
      type: 'enterprise',
      name: '定海某公司',
      creditCode: '91330902MA2A1B2C3D',
      legalRepresentative: '钱经理',
    });
    expect(enterprise.status).toBe(400);
    expect(enterprise.body.error.details.map((d: { path: string }) => d.path)).toContain(
      'body.onBehalfOf.creditCode',
    );
    const mobile = await attempt({ ...person, idNumber: '330902194501011231', mobile: '1234' });
    expect(mobile.body.error.details.map((d: { path: string }) => d.path)).toContain(
      'body.onBehalfOf.mobile',
    );
    // Nothing was kept: the agent's cases are as before.
    expect((await api.request('GET', '/cases', { as: 'agent' })).body.cases).toHaveLength(before);
  });
});

describe('acceptance and parallel review', () => {
  it('runs correction, supplement, acceptance, two parallel approvals to completion, on a verified record', async () => {
    const submitted = await apply(await housingApplication());
    const n = submitted.body.caseNumber as string;

    const correction = await api.request('POST', `/cases/${n}/acceptance`, {
      as: 'clerk',
      body: { decision: 'correct', missing: [{ materialId: 'hukou', reason: '户口簿首页不清晰' }] },
    });
    expect(correction.status).toBe(200);
    expect(correction.body.status).toBe('CORRECTION_REQUESTED');
    const incomplete = await api.request('POST', `/cases/${n}/supplements`, {
      as: 'citizen',
      body: { materials: [] },
    });
    expect(incomplete.status).toBe(400);
    const supplemented = await api.request('POST', `/cases/${n}/supplements`, {
      as: 'citizen',
      body: { materials: [{ materialId: 'hukou', via: 'upload', key: await upload() }] },
    });
    expect(supplemented.status).toBe(200);
    expect(supplemented.body.status).toBe('SUBMITTED');

    const acceptance = await api.request('POST', `/cases/${n}/acceptance`, {
      as: 'clerk',
      body: { decision: 'accept' },
    });
    expect(acceptance.status).toBe(200);
    expect(acceptance.body.promisedBy).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const queue = await api.request('GET', '/cases?status=ACCEPTED&department=zjj&limit=100', {
      as: 'clerk',
    });
    expect(queue.body.cases.find((c: { caseNumber: string }) => c.caseNumber === n)).toMatchObject({
      applicantType: 'person',
      promisedDays: 20,
    });
    const foreign = await api.request('GET', '/cases?department=zjj', { as: 'reviewer' });
    expect(foreign.status).toBe(403);
    const twice = await api.request('POST', `/cases/${n}/acceptance`, {
      as: 'clerk',
      body: { decision: 'accept' },
    });
    expect(twice.status).toBe(409);

    const zjj = await waitForTask(n, 'reviewer2');
    const mzj = await waitForTask(n, mzjReviewer);
    expect(zjj).toMatchObject({ flag: 'on-time', workingDaysLeft: expect.any(Number) });
    expect((await decide(zjj.taskId, mzjReviewer, 'approve')).status).toBe(403);
    expect((await api.request('POST', `/tasks/${zjj.taskId}/claim`, { as: 'reviewer2' })).status).toBe(200);
    const [a, b] = await Promise.all([
      decide(zjj.taskId, 'reviewer2', 'approve'),
      decide(mzj.taskId, mzjReviewer, 'approve'),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);

    const done = await eventually(
      () => caseOf(n),
      (r) => r.body.status === 'COMPLETED',
    );
    expect(done.body.status).toBe('COMPLETED');
    expect(done.body.result).toMatchObject({ outcome: 'approved', name: '公共租赁住房资格确认通知' });

    const history = await api.request('GET', `/cases/${n}/history`, { as: 'citizen' });
    const actions = history.body.entries.map((e: { action: string }) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'submit',
        'request-correction',
        'supplement',
        'accept',
        'assign-task',
        'claim-task',
        'approve-task',
        'complete',
      ]),
    );
    expect(history.body.entries[0]).toMatchObject({
      seq: 1,
      actor: { role: 'citizen' },
      statusAfter: 'SUBMITTED',
    });
    const verified = await api.request('GET', `/cases/${n}/history/verify`, { as: 'citizen' });
    expect(verified.body).toMatchObject({ intact: true, entries: history.body.entries.length });

    // An edited entry is detected.
    await dynamo().send(
      new UpdateCommand({
        TableName: names('dinghai').table,
        Key: historyKey(n, 3),
        UpdateExpression: 'SET entry.opinion = :o',
        ExpressionAttributeValues: { ':o': '篡改的意见' },
      }),
    );
    const tampered = await api.request('GET', `/cases/${n}/history/verify`, { as: 'supervisor' });
    expect(tampered.body).toMatchObject({ intact: false, brokenAt: 3 });

    const types = await eventually(
      async () =>
        (await api.request('GET', '/dev/events?limit=1000')).body.events
          .filter((e: { detail: { caseNumber?: string } }) => e.detail.caseNumber === n)
          .map((e: { detailType: string }) => e.detailType) as string[],
      (seen) => seen.includes('CaseCompleted'),
    );
    expect(types).toEqual(
      expect.arrayContaining([
        'CaseSubmitted',
        'CorrectionRequested',
        'CaseAccepted',
        'TaskAssigned',
        'TaskDecided',
        'CaseCompleted',
      ]),
    );
  });

  it('lets exactly one of two concurrent decisions on a task win', async () => {
    const n = await accepted();
    const task = await waitForTask(n, 'reviewer2');
    const other = {
      sub: 'demo-reviewer-zjj-2',
      role: 'reviewer',
      name: '卫审核',
      department: 'zjj',
    } as const;
    const answers: ApiResponse[] = await Promise.all([
      api.request('POST', `/tasks/${task.taskId}/decision`, {
        as: 'reviewer2',
        body: { decision: 'approve', opinion: '同意' },
      }),
      api.request('POST', `/tasks/${task.taskId}/decision`, {
        as: other,
        body: { decision: 'deny', opinion: '不同意' },
      }),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    const history = await api.request('GET', `/cases/${n}/history`, { as: 'citizen' });
    const decisions = history.body.entries.filter(
      (e: { action: string }) => e.action === 'approve-task' || e.action === 'deny-task',
    );
    expect(decisions).toHaveLength(1);
  });

  it('ends the case as denied when a department denies, with its reasons', async () => {
    const n = await accepted();
    const task = await waitForTask(n, mzjReviewer);
    expect((await decide(task.taskId, mzjReviewer, 'deny', { opinion: '家庭收入超过保障标准' })).status).toBe(
      200,
    );
    const done = await eventually(
      () => caseOf(n),
      (r) => r.body.status === 'DENIED',
    );
    expect(done.body.status).toBe('DENIED');
    expect(done.body.result).toMatchObject({ outcome: 'denied', reasons: '家庭收入超过保障标准' });
    const late = await decide(
      (await tasksOf(n, 'reviewer2'))[0]?.taskId ?? `${n}.1.1`,
      'reviewer2',
      'approve',
    );
    expect(late.status).toBe(409);
  });

  it('pauses for a reviewer’s correction and resumes when the applicant supplements', async () => {
    const n = await accepted();
    const task = await waitForTask(n, 'reviewer2');
    const ask = await decide(task.taskId, 'reviewer2', 'correct', {
      missing: [{ materialId: 'income-proof', reason: '需提供收入证明原件' }],
    });
    expect(ask.status).toBe(200);
    expect((await caseOf(n)).body.status).toBe('CORRECTION_REQUESTED');
    const answer = await api.request('POST', `/cases/${n}/supplements`, {
      as: 'citizen',
      body: { materials: [{ materialId: 'income-proof', via: 'upload', key: await upload() }] },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.status).toBe('IN_REVIEW');
    const again = await waitForTask(n, 'reviewer2');
    expect(again.status).toBe('pending');
    const view = await caseOf(n);
    expect(view.body.pauses).toHaveLength(1);
    expect(view.body.pauses[0].to).toBeDefined();
  });

  it('hides a case from other citizens and uninvolved departments, and refuses illegal transitions', async () => {
    const n = await accepted();
    expect((await caseOf(n, 'citizen2')).status).toBe(404);
    expect((await caseOf(n, 'reviewer')).status).toBe(404);
    expect((await caseOf(n, 'reviewer2')).status).toBe(200);
    const withdrawn = await api.request('POST', `/cases/${n}/withdraw`, { as: 'citizen', body: {} });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.status).toBe('WITHDRAWN');
    const accept = await api.request('POST', `/cases/${n}/acceptance`, {
      as: zjjClerk,
      body: { decision: 'accept' },
    });
    expect(accept.status).toBe(409);
    expect(accept.body.error.message).toContain('WITHDRAWN');
    const again = await api.request('POST', `/cases/${n}/withdraw`, { as: 'citizen', body: {} });
    expect(again.status).toBe(409);
  });
});

describe('time limits and supervision', () => {
  it('extends within the statutory limit only, and shows a case overdue once its deadline passes', async () => {
    const n = await accepted('citizen2');
    const before = (await caseOf(n, 'citizen2')).body.promisedBy as string;
    const tooLong = await api.request('POST', `/cases/${n}/extensions`, {
      as: 'supervisor',
      body: { days: 200, reasons: '情况复杂' },
    });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.details[0].path).toBe('body.days');
    const extended = await api.request('POST', `/cases/${n}/extensions`, {
      as: 'supervisor',
      body: { days: 5, reasons: '需入户调查' },
    });
    expect(extended.status).toBe(200);
    expect(extended.body.promisedBy > before).toBe(true);

    const due = extended.body.promisedBy as string;
    await api.request('POST', '/dev/clock', { body: { now: `${due}T10:00:00+08:00` } });
    const later = new Date(Date.parse(`${due}T10:00:00+08:00`) + 10 * 86_400_000).toISOString();
    await api.request('POST', '/dev/clock', { body: { now: later } });
    const overdue = await api.request('GET', '/supervision/cases?flag=overdue&limit=200', {
      as: 'supervisor',
    });
    await api.request('POST', '/dev/clock', { body: { reset: true } });
    expect(overdue.status).toBe(200);
    expect(overdue.body.cases.map((c: { caseNumber: string }) => c.caseNumber)).toContain(n);
    const citizen = await api.request('GET', '/supervision/cases?flag=overdue', { as: 'citizen' });
    expect(citizen.status).toBe(403);
  });
});

describe('on-the-spot items and special procedures', () => {
  it('accepts and completes an on-the-spot item (即办件) at the window, and only such items', async () => {
    const res = await apply({
      itemCode: '330902-GG-0023',
      form: { reason: '合同期满' },
      materials: [
        { materialId: 'application-form', via: 'upload', key: await upload() },
        { materialId: 'id-card', via: 'upload', key: await upload() },
      ],
    });
    expect(res.status).toBe(201);
    const done = await api.request('POST', `/cases/${res.body.caseNumber}/acceptance`, {
      as: 'clerk',
      body: { decision: 'accept', complete: true },
    });
    expect(done.status).toBe(200);
    expect(done.body.status).toBe('COMPLETED');
    const promised = await apply(await housingApplication());
    const refused = await api.request('POST', `/cases/${promised.body.caseNumber}/acceptance`, {
      as: 'clerk',
      body: { decision: 'accept', complete: true },
    });
    expect(refused.status).toBe(409);
  });

  it('stops the clock during a special procedure and refuses decisions meanwhile', async () => {
    const n = await accepted();
    const task = await waitForTask(n, 'reviewer2');
    const suspended = await api.request('POST', `/cases/${n}/suspensions`, {
      as: 'reviewer2',
      body: { kind: 'expert-review', reasons: '组织专家评审' },
    });
    expect(suspended.status).toBe(200);
    expect(suspended.body.status).toBe('SUSPENDED');
    expect((await decide(task.taskId, 'reviewer2', 'approve')).status).toBe(409);
    const stranger = await api.request('POST', `/cases/${n}/resumption`, { as: 'reviewer', body: {} });
    expect(stranger.status).toBe(403);
    const resumed = await api.request('POST', `/cases/${n}/resumption`, { as: 'reviewer2', body: {} });
    expect(resumed.body.status).toBe('IN_REVIEW');
    const view = await caseOf(n);
    expect(view.body.pauses).toEqual([
      expect.objectContaining({ kind: 'suspension', to: expect.any(String) }),
    ]);
    expect((await decide(task.taskId, 'reviewer2', 'approve')).status).toBe(200);
  });

  it('flags a late case when the workflow’s wait times out, once, and keeps it open', async () => {
    const n = await accepted();
    await waitForTask(n, 'reviewer2');
    // As the workflow's timed-out wait calls it.
    const handler = (payload: unknown) =>
      api.cloud.functions.invoke(names('dinghai').function('case-workflow'), payload);
    const early = (await handler({ action: 'overdue', caseNumber: n, taskId: `${n}.1.1` })) as {
      timeoutSeconds: number;
    };
    expect(early.timeoutSeconds).toBeGreaterThan(3600);
    const due = (await caseOf(n)).body.promisedBy as string;
    await api.request('POST', '/dev/clock', { body: { now: `${due}T23:00:00+08:00` } });
    await api.request('POST', '/dev/clock', {
      body: { now: new Date(Date.parse(`${due}T23:00:00+08:00`) + 3 * 86_400_000).toISOString() },
    });
    try {
      const late = (await handler({ action: 'overdue', caseNumber: n, taskId: `${n}.1.1` })) as {
        timeoutSeconds: number;
      };
      expect(late.timeoutSeconds).toBe(86_400);
      await handler({ action: 'overdue', caseNumber: n, taskId: `${n}.1.2` });
    } finally {
      await api.request('POST', '/dev/clock', { body: { reset: true } });
    }
    const view = await caseOf(n);
    expect(view.body.status).toBe('IN_REVIEW');
    expect(view.body.overdueAt).toBeDefined();
    const history = await api.request('GET', `/cases/${n}/history`, { as: 'citizen' });
    expect(history.body.entries.filter((e: { action: string }) => e.action === 'mark-overdue')).toHaveLength(
      1,
    );
    // The event leaves through the outbox: the relay puts it on the bus shortly after the write.
    const overdueCases = await eventually(
      async () =>
        (await api.request('GET', '/dev/events?type=CaseOverdue&limit=1000')).body.events.map(
          (e: { detail: { caseNumber: string } }) => e.detail.caseNumber,
        ) as string[],
      (numbers) => numbers.includes(n),
    );
    expect(overdueCases.filter((c) => c === n)).toHaveLength(1);
  });
});

describe('one-thing bundles', () => {
  it('creates a parent and a child case per item, and completes the parent when all children do', async () => {
    const bundle = (await api.request('GET', '/bundles/start-business')).body;
    const form: Record<string, unknown> = {};
    for (const [name, schema] of Object.entries(
      bundle.combinedForm.properties as Record<string, { type: string; pattern?: string; format?: string }>,
    )) {
      form[name] =
        schema.type === 'integer' || schema.type === 'number'
          ? 3
          : schema.format === 'date'
            ? '2027-01-04'
            : schema.pattern
              ? '13800138000'
              : '示例';
    }
    const materials = [];
    for (const m of bundle.materials as Array<{ id: string; required: boolean }>) {
      if (m.required) materials.push({ materialId: m.id, via: 'upload', key: await upload('enterprise') });
    }
    const res = await api.request('POST', '/cases', {
      as: 'enterprise',
      body: { bundleCode: 'start-business', form, materials },
      headers: { 'idempotency-key': newKey() },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.children).toHaveLength(bundle.items.length);
    const parent = res.body.caseNumber as string;
    const accept = await api.request('POST', `/cases/${parent}/acceptance`, {
      as: 'clerk',
      body: { decision: 'accept' },
    });
    expect(accept.status).toBe(200);
    // Every child's department reviews its own case; approve them all.
    for (const child of res.body.children as string[]) {
      const view = await eventually(
        () => caseOf(child, 'supervisor'),
        (r) => r.body.tasks?.length > 0,
      );
      for (const task of view.body.tasks as Array<{ taskId: string; department: string }>) {
        const reviewer = {
          sub: `r-${task.department}`,
          role: 'reviewer',
          name: '审核员',
          department: task.department,
        } as const;
        const t = await eventually(
          () => api.request('GET', '/tasks?limit=100', { as: reviewer }),
          (r) => r.body.tasks.some((x: { taskId: string }) => x.taskId === task.taskId),
        );
        expect(t.status).toBe(200);
        expect(
          (
            await api.request('POST', `/tasks/${task.taskId}/decision`, {
              as: reviewer,
              body: { decision: 'approve', opinion: '同意' },
            })
          ).status,
        ).toBe(200);
      }
    }
    const done = await eventually(
      () => caseOf(parent, 'enterprise'),
      (r) => r.body.status === 'COMPLETED',
      30_000,
    );
    expect(done.body.status).toBe('COMPLETED');
  });
});
