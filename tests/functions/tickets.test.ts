// 12345 tickets on the local cloud, as the people involved meet them: a complaint is filed, dispatched to the
// suggested department, sent back once, re-dispatched, extended, reminded and escalated on working days,
// replied, visited, reopened and closed, its workflow ending with it; a data dispute over a licence ends in
// a corrected licence that replaces the old one; a question the knowledge base cannot answer becomes a
// ticket; an anonymous report is followed by its query code.
import { DescribeExecutionCommand, ListStateMachinesCommand, SFNClient } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadJurisdiction } from '../../infra/jurisdictions/index.ts';
import { seedJurisdiction } from '../../infra/local/seed.ts';
import { names } from '../../infra/naming.ts';
import { WorkingCalendar } from '../../shared/calendar.ts';
import { grantDemoStaff } from '../support/grants.ts';
import { type DemoUser, eventually, useLocalCloud } from '../support/local-cloud.ts';
import { issuedLicence } from '../support/review.ts';

const api = useLocalCloud('dinghai', async (cloud) => void (await seedJurisdiction(cloud.jurisdiction)));
beforeAll(() => grantDemoStaff(api));
const calendar = WorkingCalendar.forJurisdiction(loadJurisdiction('dinghai').calendar);

const setClock = (now: string) => api.request('POST', '/dev/clock', { body: { now } });
const workflow = (payload: unknown) =>
  api.cloud.functions.invoke(names('dinghai').function('ticket-workflow'), payload) as Promise<
    Record<string, unknown>
  >;
const ticketOf = async (n: string, as: DemoUser = 'clerk') =>
  (await api.request('GET', `/tickets/${n}`, { as })).body;

/** The status of the ticket's execution of the ticket state machine. */
const executionStatus = async (n: string) => {
  const client = new SFNClient({ endpoint: api.cloud.endpoints.sfn });
  const { stateMachines = [] } = await client.send(new ListStateMachinesCommand({}));
  const machine = stateMachines.find((m) => m.name === names('dinghai').stateMachine('ticket'));
  const executionArn = `${machine?.stateMachineArn?.replace(':stateMachine:', ':execution:')}:${n}`;
  return (await client.send(new DescribeExecutionCommand({ executionArn }))).status;
};

afterAll(async () => {
  await api.request('POST', '/dev/clock', { body: { reset: true } });
});

describe('a complaint from filing to closing', () => {
  it('takes every step of the flow, with its clock on working days', async () => {
    // Monday 14 December 2026, 09:30 in Dinghai.
    await setClock('2026-12-14T09:30:00+08:00');
    const filed = await api.request('POST', '/tickets', {
      as: 'citizen',
      body: {
        type: 'complaint',
        text: '我们小区的物业公司每个月额外加收二次供水费，物业说是业主大会定的，但从没开过业主大会，要求退还。',
        location: '定海区昌国街道某小区',
      },
    });
    expect(filed.status).toBe(201);
    const n = filed.body.ticketNumber as string;
    expect(n).toMatch(/^T330902-20261214-\d{6}-[0-9A-Z]$/);
    expect(filed.body.queryCode).toMatch(/^[0-9A-Z]{8}$/);
    // Within 1 working day: Tuesday, at the hour it was filed.
    const filedAt = Date.parse((await ticketOf(n)).filedAt);
    expect(Date.parse(filed.body.dispatchBy) - filedAt).toBe(86_400_000);
    const suggested = filed.body.suggestion.departments[0];
    expect(suggested.department).toBe('zjj');
    expect(suggested.reasons.flatMap((r: { matched: string[] }) => r.matched)).toContain('物业');

    // The workflow waits for the dispatch, at most until its limit.
    const planned = await workflow({ action: 'plan', ticketNumber: n });
    expect(planned.next).toBe('await');
    expect(planned.wakeAt).toBe(filed.body.dispatchBy);
    expect(planned.waitSeconds).toBeGreaterThan(86_000);
    expect(planned.waitSeconds).toBeLessThanOrEqual(86_400);

    // Only the centre dispatches; to the suggested department.
    const refused = await api.request('POST', `/tickets/${n}/dispatch`, {
      as: 'reviewer2',
      body: { lead: 'zjj' },
    });
    expect(refused.status).toBe(403);
    const bad = await api.request('POST', `/tickets/${n}/dispatch`, { as: 'clerk', body: { lead: 'nope' } });
    expect(bad.status).toBe(400);
    const dispatched = await api.request('POST', `/tickets/${n}/dispatch`, {
      as: 'clerk',
      body: { lead: suggested.department },
    });
    expect(dispatched.status).toBe(200);
    expect(dispatched.body).toMatchObject({ status: 'dispatched', lead: 'zjj' });
    expect(Date.parse(dispatched.body.signBy) - Date.parse(dispatched.body.dispatchedAt)).toBe(86_400_000);

    // 住建局 sends it back: the charge is a price matter.
    await setClock('2026-12-14T11:00:00+08:00');
    const back = await api.request('POST', `/tickets/${n}/send-back`, {
      as: 'reviewer2',
      body: { reasons: '涉及物业收费标准，属价格监管，请改派市场监管局' },
    });
    expect(back.status).toBe(200);
    expect(back.body.status).toBe('filed');
    expect(back.body.sendBacks).toHaveLength(1);
    const again = await api.request('POST', `/tickets/${n}/dispatch`, {
      as: 'clerk',
      body: { lead: 'scjgj', assisting: ['zjj'], opinion: '市场监管局主办，住建局协办' },
    });
    expect(again.body).toMatchObject({ status: 'dispatched', lead: 'scjgj', assisting: ['zjj'] });
    // The lead and the assisting unit see it in their queues; 住建局 may not sign for it.
    const queue = async (as: 'reviewer' | 'reviewer2') =>
      (await api.request('GET', '/tickets', { as })).body.tickets.map(
        (t: { ticketNumber: string }) => t.ticketNumber,
      );
    expect(await queue('reviewer')).toContain(n);
    expect(await queue('reviewer2')).toContain(n);
    expect((await api.request('POST', `/tickets/${n}/sign`, { as: 'reviewer2', body: {} })).status).toBe(403);

    // 市场监管局 signs on Monday; a complaint has 13 working days.
    const signed = await api.request('POST', `/tickets/${n}/sign`, { as: 'reviewer', body: {} });
    expect(signed.status).toBe(200);
    expect(signed.body.status).toBe('handling');
    expect(signed.body.dueDate).toBe(calendar.addWorkingDays('2026-12-14', 13));

    // 协办: 住建局 signs for its part, then gives its opinion, which the lead unit reads before replying.
    const assist = (step: string, as: DemoUser, body: object = {}) =>
      api.request('POST', `/tickets/${n}/${step}`, { as, body });
    expect((await ticketOf(n, 'reviewer2')).steps).toEqual(['assist-sign']);
    expect((await assist('contribution', 'reviewer2', { text: '物业收费标准由物价部门核定' })).status).toBe(
      409,
    );
    expect((await assist('assist-sign', 'reviewer')).status).toBe(403);
    const assistSigned = await assist('assist-sign', 'reviewer2');
    expect(assistSigned.status).toBe(200);
    expect(assistSigned.body.assistance.zjj).toMatchObject({ signedBy: '吴审核' });
    expect((await assist('assist-sign', 'reviewer2')).status).toBe(409);
    expect((await assist('contribution', 'reviewer2', { text: '' })).status).toBe(400);
    const contributed = await assist('contribution', 'reviewer2', {
      text: '经查该小区二次供水设施由物业代管，未经价格主管部门核定收费标准。',
    });
    expect(contributed.status).toBe(200);
    expect((await ticketOf(n, 'reviewer2')).steps).toEqual([]);
    expect((await assist('reply', 'reviewer2', { text: '协办单位不能答复' })).status).toBe(403);
    const seenByLead = await ticketOf(n, 'reviewer');
    expect(seenByLead.assistance.zjj.opinion).toMatchObject({
      by: '吴审核',
      text: '经查该小区二次供水设施由物业代管，未经价格主管部门核定收费标准。',
    });
    expect(seenByLead.steps).not.toContain('contribute');
    // Weekends (and 元旦) do not count: 13 working days are more than 13 days on.
    expect(Date.parse(signed.body.dueDate) - Date.parse('2026-12-14')).toBeGreaterThanOrEqual(
      17 * 86_400_000,
    );

    // An extension request, approved by the centre: 5 working days more.
    const asked = await api.request('POST', `/tickets/${n}/extension`, {
      as: 'reviewer',
      body: { days: 5, reasons: '需委托第三方核算供水成本' },
    });
    expect(asked.status).toBe(200);
    expect(
      (
        await api.request('POST', `/tickets/${n}/extension`, {
          as: 'reviewer',
          body: { days: 2, reasons: '再延两天' },
        })
      ).status,
    ).toBe(409);
    const approved = await api.request('POST', `/tickets/${n}/extension/decision`, {
      as: 'supervisor',
      body: { approved: true, opinion: '同意延期' },
    });
    expect(approved.status).toBe(200);
    const due = calendar.addWorkingDays('2026-12-14', 18);
    expect(approved.body.dueDate).toBe(due);

    // 催办 a working day before the limit; 督办 once it has passed. (As the workflow's timed-out wait calls it.)
    const reminderDay = calendar.addWorkingDays('2026-12-14', 17);
    await setClock(`${reminderDay}T10:00:00+08:00`);
    await workflow({ action: 'lapse', ticketNumber: n });
    const reminded = await eventually(
      () => ticketOf(n),
      (t) => t.remindedAt !== undefined,
    );
    expect(reminded.escalations).toEqual([]);
    // The lead unit's staff find the 催办 in their inbox, once; the assisting unit's do not.
    const messagesOf = async (as: DemoUser, template: string) =>
      (await api.request('GET', '/notifications', { as })).body.messages.filter(
        (m: { template: string; ticketNumber?: string }) => m.template === template && m.ticketNumber === n,
      ) as Array<{ title: string; text: string }>;
    const urged = await eventually(
      () => messagesOf('reviewer', 'ticket-reminded'),
      (m) => m.length > 0,
    );
    expect(urged).toHaveLength(1);
    expect(urged[0]!.text).toBe(`工单 ${n}（投诉）将于 ${due} 到办理时限，请抓紧办理并答复。`);
    expect(await messagesOf('reviewer2', 'ticket-reminded')).toEqual([]);
    await setClock(`${calendar.addWorkingDays(due, 1)}T09:00:00+08:00`);
    await workflow({ action: 'lapse', ticketNumber: n });
    const late = await eventually(
      () => ticketOf(n),
      (t) => t.escalations.length > 0,
    );
    expect(late.escalations).toEqual([expect.objectContaining({ stage: 'handle' })]);
    expect(late.overdue).toBe('handle');
    const supervised = await api.request('GET', '/tickets?status=overdue', { as: 'supervisor' });
    expect(supervised.body.tickets.map((t: { ticketNumber: string }) => t.ticketNumber)).toContain(n);
    expect((await api.request('GET', '/tickets?status=overdue', { as: 'reviewer' })).status).toBe(400);
    // Fired once: a second lapse finds nothing more due.
    await workflow({ action: 'lapse', ticketNumber: n });
    expect((await ticketOf(n)).escalations).toHaveLength(1);
    // 督办 reaches the supervisors (the centre's), once, and not the unit's reviewer.
    const escalated = await eventually(
      () => messagesOf('supervisor', 'ticket-escalated'),
      (m) => m.length > 0,
    );
    expect(escalated).toEqual([
      expect.objectContaining({
        title: '督办：工单已超时',
        text: `工单 ${n}（投诉）办理已超过时限，提请督办。`,
      }),
    ]);
    expect(await messagesOf('reviewer', 'ticket-escalated')).toEqual([]);

    // The board shows it by age in working days.
    const board = await api.request('GET', '/tickets/board', { as: 'clerk' });
    const row = board.body.tickets.find((t: { ticketNumber: string }) => t.ticketNumber === n);
    expect(row).toMatchObject({ status: 'handling', lead: 'scjgj', overdue: 'handle', escalated: true });
    expect(row.ageWorkingDays).toBe(
      calendar.workingDaysBetween('2026-12-14', calendar.addWorkingDays(due, 1)),
    );
    expect((await api.request('GET', '/tickets/board', { as: 'reviewer' })).status).toBe(403);

    // Reply, an unsatisfied return visit, the filer reopens; a second reply, a satisfied visit closes it.
    // Each visit is a 好差评 rating of that handling, by the hotline, counted for the lead unit.
    type Stats = { levels: Record<string, number>; bad: number; total: number };
    const statsOf = async () => {
      const body = (await api.request('GET', '/ratings/stats')).body as {
        departments: Array<Stats & { code: string }>;
        sources: Array<Stats & { code: string }>;
      };
      return {
        unit: body.departments.find((d) => d.code === 'scjgj'),
        tickets: body.sources.find((d) => d.code === 'ticket'),
      };
    };
    const before = await statsOf();
    const replied = await api.request('POST', `/tickets/${n}/reply`, {
      as: 'reviewer',
      body: { text: '经核查，二次供水费无收费依据，已责令物业公司停止收取并退还。' },
    });
    expect(replied.body.status).toBe('replied');
    const visited = await api.request('POST', `/tickets/${n}/visit`, {
      as: 'clerk',
      body: { level: 4, note: '群众反映尚未退款' },
    });
    expect(visited.body.status).toBe('visited');
    expect(visited.body.steps).toEqual(expect.arrayContaining(['reopen', 'close']));
    const mine = await ticketOf(n, 'citizen');
    expect(mine.steps).toEqual(['reopen']);
    expect(mine.suggestion).toBeUndefined();
    expect(
      (await api.request('POST', `/tickets/${n}/reopen`, { as: 'citizen2', body: { reason: '不是我的' } }))
        .status,
    ).toBe(404);
    const reopened = await api.request('POST', `/tickets/${n}/reopen`, {
      as: 'citizen',
      body: { reason: '物业至今没有退款' },
    });
    expect(reopened.status).toBe(200);
    expect(reopened.body.status).toBe('handling');
    await api.request('POST', `/tickets/${n}/reply`, {
      as: 'reviewer',
      body: { text: '物业公司已于今日将多收费用退还至各户。' },
    });
    const closed = await api.request('POST', `/tickets/${n}/visit`, { as: 'clerk', body: { level: 2 } });
    expect(closed.body.status).toBe('closed');
    const after = await statsOf();
    const added = (s: Stats | undefined, b: Stats | undefined, level: number) =>
      (s?.levels[level] ?? 0) - (b?.levels[level] ?? 0);
    expect([added(after.tickets, before.tickets, 4), added(after.tickets, before.tickets, 2)]).toEqual([
      1, 1,
    ]);
    expect([added(after.unit, before.unit, 4), added(after.unit, before.unit, 2)]).toEqual([1, 1]);
    // A ticket's unsatisfied visit is put right by reopening it, not by a rectification: not in `bad`.
    expect(after.tickets?.bad).toBe(0);

    // The history is hash-chained and intact; the workflow ends with the ticket.
    const history = await api.request('GET', `/tickets/${n}/history`, { as: 'citizen' });
    expect(history.body.verification).toMatchObject({ intact: true, matchesHead: true });
    expect(history.body.entries.map((e: { action: string }) => e.action)).toEqual([
      'file',
      'dispatch',
      'send-back',
      'dispatch',
      'sign',
      'assist-sign',
      'contribute',
      'request-extension',
      'decide-extension',
      'remind',
      'escalate',
      'reply',
      'visit',
      'reopen',
      'reply',
      'visit',
    ]);
    expect(await workflow({ action: 'plan', ticketNumber: n })).toMatchObject({ next: 'done' });
    // The flow raced every step against its timers and ended with the ticket, without a failure.
    expect(
      await eventually(
        () => executionStatus(n),
        (s) => s !== 'RUNNING',
      ),
    ).toBe('SUCCEEDED');
    const closedEvents = await eventually(
      async () =>
        (await api.request('GET', '/dev/events?type=TicketClosed&limit=1000')).body.events.filter(
          (e: { detail: { ticketNumber: string } }) => e.detail.ticketNumber === n,
        ),
      (events) => events.length > 0,
    );
    expect(closedEvents).toHaveLength(1);
    // The filer is told of the dispatch, the replies and the close in the inbox.
    const inbox = await eventually(
      async () => (await api.request('GET', '/notifications', { as: 'citizen' })).body.messages,
      (messages: Array<{ template: string; ticketNumber?: string }>) =>
        messages.some((m) => m.template === 'ticket-closed' && m.ticketNumber === n),
    );
    const told = inbox
      .filter((m: { ticketNumber?: string }) => m.ticketNumber === n)
      .map((m: { template: string }) => m.template);
    expect(told).toEqual(expect.arrayContaining(['ticket-dispatched', 'ticket-replied', 'ticket-closed']));
    await api.request('POST', '/dev/clock', { body: { reset: true } });
  }, 90_000);
});

describe('the ticket workflow', () => {
  it('fires a timer itself when its wait runs out: the 催办 reminder, a few seconds after a step', async () => {
    await setClock('2026-12-14T10:00:00+08:00');
    const filed = await api.request('POST', '/tickets', {
      as: 'citizen2',
      body: { type: 'enquiry', text: '想问一下灵活就业人员的养老保险每个月最少交多少钱？' },
    });
    const n = filed.body.ticketNumber as string;
    await api.request('POST', `/tickets/${n}/dispatch`, { as: 'clerk', body: { lead: 'rlsbj' } });
    await setClock('2026-12-14T10:05:00+08:00');
    const signed = await api.request('POST', `/tickets/${n}/sign`, { as: 'reviewer', body: {} });
    expect(signed.status).toBe(404);
    const staff = { sub: 'rlsbj-staff', role: 'reviewer' as const, name: '社保审核', department: 'rlsbj' };
    expect((await api.request('POST', `/tickets/${n}/sign`, { as: staff, body: {} })).status).toBe(200);
    // An enquiry has 3 working days; the reminder is due at 09:00 on the second. Four seconds before it,
    // a step (an extension request) wakes the workflow, which then waits for the reminder on its own.
    const reminderDay = calendar.addWorkingDays('2026-12-14', 2);
    await setClock(new Date(Date.parse(`${reminderDay}T09:00:00+08:00`) - 4_000).toISOString());
    const asked = await api.request('POST', `/tickets/${n}/extension`, {
      as: staff,
      body: { days: 2, reasons: '需核对缴费档次' },
    });
    expect(asked.status).toBe(200);
    expect(asked.body.remindedAt).toBeUndefined();
    // A few seconds when the machine is idle; under a full test run's load the engine and the function's cold
    // start can take much longer.
    const reminded = await eventually(
      () => ticketOf(n, 'clerk'),
      (t) => t.remindedAt !== undefined,
      100_000,
    );
    expect(reminded.remindedAt).toBeDefined();
    const history = await api.request('GET', `/tickets/${n}/history`, { as: 'clerk' });
    expect(history.body.entries.at(-1)).toMatchObject({ action: 'remind', actor: { role: 'system' } });
    await api.request('POST', '/dev/clock', { body: { reset: true } });
  }, 150_000);
});

describe('a data dispute over a licence', () => {
  it('goes straight to the issuing department and ends in a corrected licence that replaces the old one', async () => {
    const { licenceId } = await issuedLicence(api);
    const filed = await api.request('POST', '/tickets', {
      as: 'enterprise',
      body: { type: 'data-dispute', text: '营业执照上变更后的经营范围少了冷链配送一项，请更正。', licenceId },
    });
    expect(filed.status).toBe(201);
    expect(filed.body.suggestion.departments[0].department).toBe('scjgj');
    const n = filed.body.ticketNumber as string;
    const stranger = await api.request('POST', '/tickets', {
      as: 'citizen',
      body: { type: 'data-dispute', text: '这张证照的信息有误，请核实。', licenceId },
    });
    expect(stranger.status).toBe(400);
    expect(stranger.body.error.details[0].path).toBe('body.licenceId');

    // It goes straight to the issuer, without waiting for the centre.
    expect(filed.body.status).toBe('dispatched');
    expect((await ticketOf(n, 'enterprise')).lead).toBe('scjgj');
    expect((await api.request('POST', `/tickets/${n}/sign`, { as: 'reviewer', body: {} })).status).toBe(200);
    const noResolution = await api.request('POST', `/tickets/${n}/reply`, {
      as: 'reviewer',
      body: { text: '已核实' },
    });
    expect(noResolution.status).toBe(400);
    const replied = await api.request('POST', `/tickets/${n}/reply`, {
      as: 'reviewer',
      body: {
        text: '经核实，经营范围登记有误，已更正并换发电子营业执照。',
        resolution: { outcome: 'corrected', fields: [{ key: 'after', value: '水产品批发、零售、冷链配送' }] },
      },
    });
    expect(replied.status).toBe(200);
    // The workflow re-issues the licence through the issuer and records it on the ticket.
    const resolved = await eventually(
      () => ticketOf(n, 'enterprise'),
      (t) => Boolean(t.resolution?.licenceId),
      30_000,
    );
    const corrected = resolved.resolution.licenceId as string;
    expect(corrected).not.toBe(licenceId);
    expect(corrected.split('.').at(-2)).toBe('002');
    const fresh = await api.request('GET', `/licences/${corrected}`, { as: 'enterprise' });
    expect(fresh.body.licence.previous).toBe(licenceId);
    expect(fresh.body.licence.status).toBe('valid');
    expect(fresh.body.licence.fields.find((f: { key: string }) => f.key === 'after').value).toBe(
      '水产品批发、零售、冷链配送',
    );
    const old = await api.request('GET', `/licences/${licenceId}`, { as: 'enterprise' });
    expect(old.body.licence.status).toBe('revoked');
    const verified = await api.request('GET', `/verify/${licenceId}`);
    expect(verified.body.valid).toBe(false);
  }, 120_000);
});

describe('other ways in', () => {
  it('opens a ticket from a question the knowledge base cannot answer (人工 hand-off)', async () => {
    const asked = await api.request('POST', '/answers', {
      body: { question: '隔壁邻居家的狗半夜一直叫怎么办' },
    });
    expect(asked.body.answered).toBe(false);
    const handOff = asked.body.handOff.ticket;
    expect(handOff).toMatchObject({ method: 'POST', path: '/tickets' });
    const filed = await api.request('POST', handOff.path, { as: 'citizen2', body: handOff.body });
    expect(filed.status).toBe(201);
    const t = await ticketOf(filed.body.ticketNumber, 'citizen2');
    expect(t).toMatchObject({ type: 'enquiry', question: '隔壁邻居家的狗半夜一直叫怎么办', status: 'filed' });
    const mine = await api.request('GET', '/tickets', { as: 'citizen2' });
    expect(mine.body.tickets.map((x: { ticketNumber: string }) => x.ticketNumber)).toContain(
      filed.body.ticketNumber,
    );
  });

  it('takes an anonymous report, followed only with its query code, and a hotline caller’s ticket', async () => {
    const complaint = await api.request('POST', '/tickets/anonymous', {
      body: { type: 'complaint', text: '某饭店后厨卫生很差，老鼠乱窜' },
    });
    expect(complaint.status).toBe(400);
    const report = await api.request('POST', '/tickets/anonymous', {
      body: { type: 'report', text: '城郊一家小作坊夜里偷偷往河里排黑水，气味刺鼻', emergency: true },
    });
    expect(report.status).toBe(201);
    const n = report.body.ticketNumber as string;
    const seen = await api.request('GET', `/tickets/${n}/progress?queryCode=${report.body.queryCode}`);
    // An emergency: dispatched within the hour.
    expect(Date.parse(report.body.dispatchBy) - Date.parse(seen.body.filedAt)).toBe(3_600_000);
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({ ticketNumber: n, status: 'filed', typeName: '举报' });
    const wrong = report.body.queryCode === 'AAAAAAAA' ? 'BBBBBBBB' : 'AAAAAAAA';
    expect((await api.request('GET', `/tickets/${n}/progress?queryCode=${wrong}`)).status).toBe(404);

    const byPhone = await api.request('POST', '/tickets', {
      as: 'clerk',
      body: {
        type: 'help',
        text: '来电人称家中老人独居，冬天取暖困难，希望社区上门看看',
        onBehalfOf: { name: '赵大爷', mobile: '13800000000' },
      },
    });
    expect(byPhone.status).toBe(201);
    const t = await ticketOf(byPhone.body.ticketNumber);
    // Sealed where it is stored, opened for the centre that calls back.
    expect(t).toMatchObject({ channel: 'hotline', caller: { name: '赵大爷', mobile: '13800000000' } });
    expect(t.caller).not.toHaveProperty('sealed');
    const noCaller = await api.request('POST', '/tickets', {
      as: 'clerk',
      body: { type: 'help', text: '来电求助，老人取暖困难' },
    });
    expect(noCaller.status).toBe(400);
    expect(
      (
        await api.request('POST', '/tickets', {
          as: 'reviewer',
          body: { type: 'help', text: '内部人员代填' },
        })
      ).status,
    ).toBe(403);
  });
});
