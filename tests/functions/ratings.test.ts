// 好差评 on the local cloud: a concluded case is rated once; a bad review opens the handling unit's
// rectification with its working-day deadlines, which the unit's staff take through the return call, the
// rectification and the reply that the rater then reads; an overdue one shows up for the supervisor; an
// appeal upheld voids a review; the public statistics count it all.
import { afterAll, describe, expect, it } from 'vitest';
import type { DevTokenRequest } from '../../infra/local/dev-identity.ts';
import { seedJurisdiction } from '../../infra/local/seed.ts';
import { useLocalCloud } from '../support/local-cloud.ts';
import { applyForHousing } from '../support/review.ts';

const api = useLocalCloud('dinghai', async (cloud) => void (await seedJurisdiction(cloud.jurisdiction)));

const rater = (n: number): DevTokenRequest => ({
  sub: `rater-${n}`,
  role: 'citizen',
  name: '孙评价',
  idNumber: '330902199203150025',
});
const setClock = (now: string) => api.request('POST', '/dev/clock', { body: { now } });

/** A housing application by `who`, not accepted by the window: a concluded case handled by zjj. */
const concluded = async (who: DevTokenRequest, conclude = true) => {
  const res = await applyForHousing(api, who);
  expect(res.status).toBe(201);
  const n = res.body.caseNumber as string;
  if (conclude) {
    const rejected = await api.request('POST', `/cases/${n}/acceptance`, {
      as: 'clerk',
      body: { decision: 'reject', reasons: '申请人家庭收入超过保障标准' },
    });
    expect(rejected.status).toBe(200);
  }
  return n;
};

const stats = async () => (await api.request('GET', '/ratings/stats')).body;

afterAll(async () => {
  await api.request('POST', '/dev/clock', { body: { reset: true } });
});

describe('好差评', () => {
  it('rates a concluded case once, with clear answers for every other attempt', async () => {
    const open = await concluded(rater(1), false);
    const early = await api.request('POST', `/cases/${open}/rating`, { as: rater(1), body: { level: 1 } });
    expect(early.status).toBe(409);

    const n = await concluded(rater(2));
    const bad = await api.request('POST', `/cases/${n}/rating`, { as: rater(2), body: { level: 6 } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('body.level');
    expect(
      (await api.request('POST', `/cases/${n}/rating`, { as: 'citizen2', body: { level: 1 } })).status,
    ).toBe(404);
    const before = await stats();
    const rated = await api.request('POST', `/cases/${n}/rating`, {
      as: rater(2),
      body: { level: 2, aspects: ['efficiency', 'attitude'], comment: '窗口解释清楚', channel: 'mobile' },
    });
    expect(rated.status).toBe(201);
    expect(rated.body.rating).toMatchObject({
      level: 2,
      department: 'zjj',
      channel: 'mobile',
      realName: true,
    });
    expect(rated.body.rating.staff.map((s: { name: string }) => s.name)).toEqual(['陈窗口']);
    expect(rated.body.rectification).toBeUndefined();
    const again = await api.request('POST', `/cases/${n}/rating`, { as: rater(2), body: { level: 5 } });
    expect(again.status).toBe(409);
    const after = await stats();
    expect(after.all.levels['2']).toBe(before.all.levels['2'] + 1);
    expect(after.all.bad).toBe(before.all.bad);
  });

  it('opens a rectification for a bad review and takes it through call, rectification and reply', async () => {
    // A Friday: the return call is due on Monday.
    await setClock('2026-12-11T10:00:00+08:00');
    const n = await concluded(rater(3));
    const rated = await api.request('POST', `/cases/${n}/rating`, {
      as: rater(3),
      body: { level: 5, aspects: ['result'], comment: '不予受理理由没有讲清楚' },
    });
    expect(rated.status).toBe(201);
    expect(rated.body.rectification).toMatchObject({
      status: 'awaiting-call',
      department: 'zjj',
      callBy: '2026-12-14',
    });
    expect(rated.body.rectification.rectifyBy > '2026-12-31').toBe(true);

    // The unit's queue; another unit may not touch it.
    const queue = await api.request('GET', '/rectifications', { as: 'reviewer2' });
    expect(queue.body.rectifications.map((r: { caseNumber: string }) => r.caseNumber)).toContain(n);
    const stranger = await api.request('POST', `/cases/${n}/rectification/call`, {
      as: 'reviewer',
      body: { reached: true, note: '已联系' },
    });
    expect(stranger.status).toBe(403);
    const outOfOrder = await api.request('POST', `/cases/${n}/rectification/reply`, {
      as: 'reviewer2',
      body: { text: '已整改' },
    });
    expect(outOfOrder.status).toBe(409);

    for (const [path, body] of [
      ['call', { reached: true, note: '电话联系申请人，解释收入核定标准' }],
      ['rectify', { measures: '不予受理通知书逐项写明依据和计算方法' }],
      ['reply', { text: '已按您的意见改进告知书，感谢监督。' }],
    ] as const) {
      const res = await api.request('POST', `/cases/${n}/rectification/${path}`, { as: 'reviewer2', body });
      expect(res.status, path).toBe(200);
    }
    const seen = await api.request('GET', `/cases/${n}/rating`, { as: rater(3) });
    expect(seen.body.rectification).toMatchObject({
      status: 'closed',
      reply: { text: '已按您的意见改进告知书，感谢监督。' },
      overdue: [],
    });
    // The rater is told in the inbox.
    await expect
      .poll(
        async () =>
          (await api.request('GET', '/notifications', { as: rater(3) })).body.messages.map(
            (m: { title: string }) => m.title,
          ),
        { timeout: 20_000 },
      )
      .toContain('您的评价已答复');
    const figures = (await stats()).departments.find((d: { code: string }) => d.code === 'zjj');
    expect(figures).toMatchObject({ bad: 1, rectified: 1, onTime: 1, rectificationRate: 100 });
  });

  it('shows an overdue rectification to the supervisor, and voids a review on an upheld appeal', async () => {
    await setClock('2026-12-14T10:00:00+08:00');
    const n = await concluded(rater(4));
    await api.request('POST', `/cases/${n}/rating`, { as: rater(4), body: { level: 4 } });
    expect(
      (await api.request('GET', '/rectifications?status=overdue', { as: 'supervisor' })).body.rectifications,
    ).toEqual([]);
    // Two working days later no return call is on record.
    await setClock('2026-12-16T10:00:00+08:00');
    const overdue = await api.request('GET', '/rectifications?status=overdue', { as: 'supervisor' });
    expect(overdue.body.rectifications).toEqual([
      expect.objectContaining({ caseNumber: n, overdue: ['call'], department: 'zjj' }),
    ]);
    expect((await api.request('GET', '/rectifications?status=overdue', { as: 'reviewer2' })).status).toBe(
      400,
    );

    const appeal = await api.request('POST', `/cases/${n}/rectification/appeal`, {
      as: 'reviewer2',
      body: { reason: '申请人承认收入超标，差评针对政策本身' },
    });
    expect(appeal.status).toBe(200);
    // The supervisor's list of appeals to decide; the unit may not read it.
    const appealed = await api.request('GET', '/rectifications?status=appealed', { as: 'supervisor' });
    expect(appealed.body.rectifications).toEqual([
      expect.objectContaining({
        caseNumber: n,
        status: 'appealed',
        appeal: expect.objectContaining({ reason: '申请人承认收入超标，差评针对政策本身' }),
      }),
    ]);
    expect((await api.request('GET', '/rectifications?status=appealed', { as: 'reviewer2' })).status).toBe(
      400,
    );
    const byUnit = await api.request('POST', `/cases/${n}/rectification/appeal-decision`, {
      as: 'reviewer2',
      body: { upheld: true, opinion: '自己裁决' },
    });
    expect(byUnit.status).toBe(403);
    const before = await stats();
    const decided = await api.request('POST', `/cases/${n}/rectification/appeal-decision`, {
      as: 'supervisor',
      body: { upheld: true, opinion: '经核实，差评针对政策规定而非服务，申诉成立' },
    });
    expect(decided.body).toMatchObject({ status: 'void', overdue: [] });
    const after = await stats();
    expect(after.all.voided).toBe(before.all.voided + 1);
    expect(after.all.total).toBe(before.all.total - 1);
    expect(
      (await api.request('GET', '/rectifications?status=overdue', { as: 'supervisor' })).body.rectifications,
    ).toEqual([]);
    expect(
      (await api.request('GET', '/rectifications?status=appealed', { as: 'supervisor' })).body.rectifications,
    ).toEqual([]);
  });
});

describe('窗口服务评价', () => {
  it('rates a window visit once by its QR code, for the unit, the clerk and the item, within the days allowed', async () => {
    await setClock('2026-12-14T10:00:00+08:00');
    const before = await stats();
    // Only a window clerk records a visit; an unknown item is refused beside its field.
    expect(
      (await api.request('POST', '/window-visits', { as: 'citizen', body: { service: 'consultation' } }))
        .status,
    ).toBe(403);
    const unknown = await api.request('POST', '/window-visits', {
      as: 'clerk',
      body: { service: 'handled', itemCode: 'no-such-item' },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details).toEqual([expect.objectContaining({ path: 'body.itemCode' })]);
    const recorded = await api.request('POST', '/window-visits', {
      as: 'clerk',
      body: { service: 'handled', itemCode: '330902-JF-0084' },
    });
    expect(recorded.status).toBe(201);
    const { id, code, path } = recorded.body as { id: string; code: string; path: string };
    expect(id).toMatch(/^W20261214-[0-9A-Z]{10}$/);
    expect(path).toBe(`/rate/${id}?code=${code}`);

    // The QR code's page reads the visit with its code; any other code finds nothing.
    const wrong = code === 'AAAAAA' ? 'BBBBBB' : 'AAAAAA';
    expect((await api.request('GET', `/window-visits/${id}?code=${wrong}`)).status).toBe(404);
    const shown = await api.request('GET', `/window-visits/${id}?code=${code.toLowerCase()}`);
    expect(shown.body).toMatchObject({
      service: 'handled',
      department: 'zwfw',
      staffName: '陈窗口',
      itemName: expect.any(String),
      rateable: true,
      rating: null,
    });

    // Bad input is refused field by field; then one rating, and no second.
    const invalid = await api.request('POST', `/window-visits/${id}/rating`, {
      body: { code, level: 9, channel: 'pc' },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'body.channel',
      'body.level',
    ]);
    const rated = await api.request('POST', `/window-visits/${id}/rating`, {
      body: { code, level: 2, aspects: ['attitude'], channel: 'tablet' },
    });
    expect(rated.status).toBe(201);
    expect(rated.body.rating).toMatchObject({
      visitId: id,
      department: 'zwfw',
      staff: [{ sub: 'demo-clerk', name: '陈窗口' }],
      channel: 'tablet',
      realName: false,
    });
    expect(rated.body.rating.code).toBeUndefined();
    const again = await api.request('POST', `/window-visits/${id}/rating`, { body: { code, level: 5 } });
    expect(again.status).toBe(409);
    expect((await api.request('GET', `/window-visits/${id}?code=${code}`)).body).toMatchObject({
      rateable: false,
      rating: { level: 2 },
    });

    // Counted for the unit, the item and the window, as a satisfied rating.
    const after = await stats();
    const count = (s: typeof before, key: 'departments' | 'items' | 'sources', code: string) =>
      (s[key].find((d: { code: string }) => d.code === code)?.levels['2'] ?? 0) as number;
    expect(count(after, 'departments', 'zwfw') - count(before, 'departments', 'zwfw')).toBe(1);
    expect(count(after, 'items', '330902-JF-0084') - count(before, 'items', '330902-JF-0084')).toBe(1);
    expect(count(after, 'sources', 'window') - count(before, 'sources', 'window')).toBe(1);
    expect(after.all.total - before.all.total).toBe(1);

    // A visit not rated within three days can no longer be.
    const late = await api.request('POST', '/window-visits', {
      as: 'clerk',
      body: { service: 'consultation' },
    });
    await setClock('2026-12-17T10:00:01+08:00');
    const expired = await api.request('POST', `/window-visits/${late.body.id}/rating`, {
      body: { code: late.body.code, level: 1 },
    });
    expect(expired.status).toBe(409);
    expect(
      (await api.request('GET', `/window-visits/${late.body.id}?code=${late.body.code}`)).body.rateable,
    ).toBe(false);
  });
});
