// Supervision in the staff's 工作消息 on the local cloud: a case come near its due date (黄牌) reaches the
// handling unit's reviewers and supervisors, and a rectification past the deadline of its return call
// reaches the unit's staff and the service centre's supervisors — each found by a function's schedule,
// raised once however often the schedule runs, and in each inbox once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevTokenRequest } from '../../infra/local/dev-identity.ts';
import { seedJurisdiction } from '../../infra/local/seed.ts';
import { grantDemoStaff } from '../support/grants.ts';
import { type DemoUser, eventually, useLocalCloud } from '../support/local-cloud.ts';
import { applyForHousing } from '../support/review.ts';

const api = useLocalCloud('dinghai', async (cloud) => void (await seedJurisdiction(cloud.jurisdiction)));
beforeAll(() => grantDemoStaff(api));

const applicant: DevTokenRequest = {
  sub: 'alert-applicant',
  role: 'citizen',
  name: '冯提醒',
  idNumber: '330902199203150025',
};
const setClock = (now: string) => api.request('POST', '/dev/clock', { body: { now } });
const schedule = async (name: string) => {
  const res = await api.request('POST', `/dev/schedules/${name}`);
  expect(res.status).toBe(200);
  return res.body.result;
};
const messagesOf = async (as: DemoUser, template: string, caseNumber: string) =>
  (
    (await api.request('GET', '/notifications', { as })).body.messages as Array<{
      template: string;
      caseNumber?: string;
      title: string;
      text: string;
    }>
  ).filter((m) => m.template === template && m.caseNumber === caseNumber);

afterAll(async () => {
  await api.request('POST', '/dev/clock', { body: { reset: true } });
});

describe('supervision in the staff inbox', () => {
  it('tells the unit of a yellow card once, from the schedule', async () => {
    await setClock('2026-12-08T10:00:00+08:00');
    const res = await applyForHousing(api, applicant);
    expect(res.status).toBe(201);
    const n = res.body.caseNumber as string;
    await api.request('POST', `/cases/${n}/acceptance`, { as: 'clerk', body: { decision: 'accept' } });
    const view = await eventually(
      () => api.request('GET', `/cases/${n}`, { as: 'supervisor' }),
      (r) => r.body.status === 'IN_REVIEW',
    );
    const promisedBy = view.body.promisedBy as string;

    // Far from the due date: no card.
    expect(await schedule('workflow-follow-up')).toMatchObject({ raised: 0 });
    // On the due date itself: 黄牌, once however often the schedule runs.
    await setClock(`${promisedBy}T10:00:00+08:00`);
    expect(await schedule('workflow-follow-up')).toMatchObject({ raised: 1 });
    expect(await schedule('workflow-follow-up')).toMatchObject({ raised: 0 });
    const told = await eventually(
      () => messagesOf('reviewer2', 'case-due-soon', n),
      (m) => m.length > 0,
    );
    expect(told).toHaveLength(1);
    expect(told[0]!.title).toBe('黄牌：办件临近期限');
    expect(told[0]!.text).toBe(
      `办件 ${n}（“公共租赁住房资格申请”）将于 ${promisedBy} 到办理时限，请抓紧办理。`,
    );
    // Another unit's reviewer is not told.
    expect(await messagesOf('reviewer', 'case-due-soon', n)).toEqual([]);
  }, 90_000);

  it('tells the unit and the supervisors of an overdue rectification once, from the schedule', async () => {
    // A Friday: the return call is due on Monday.
    await setClock('2026-12-11T10:00:00+08:00');
    const res = await applyForHousing(api, applicant);
    const n = res.body.caseNumber as string;
    await api.request('POST', `/cases/${n}/acceptance`, {
      as: 'clerk',
      body: { decision: 'reject', reasons: '申请人家庭收入超过保障标准' },
    });
    const rated = await api.request('POST', `/cases/${n}/rating`, { as: applicant, body: { level: 5 } });
    expect(rated.status).toBe(201);
    expect(rated.body.rectification.callBy).toBe('2026-12-14');

    // Monday, the day of the call: not overdue yet.
    await setClock('2026-12-14T18:00:00+08:00');
    expect(await schedule('ratings')).toEqual({ overdue: 0, raised: 0 });
    // Wednesday: the call is overdue; raised once, however often the schedule runs.
    await setClock('2026-12-16T10:00:00+08:00');
    expect(await schedule('ratings')).toEqual({ overdue: 1, raised: 1 });
    expect(await schedule('ratings')).toEqual({ overdue: 1, raised: 0 });
    for (const who of ['reviewer2', 'supervisor'] as const) {
      const told = await eventually(
        () => messagesOf(who, 'rectification-overdue', n),
        (m) => m.length > 0,
      );
      expect(told, who).toHaveLength(1);
      expect(told[0]!.title).toBe('差评整改已超期');
      expect(told[0]!.text).toBe(
        `办件 ${n}（“公共租赁住房资格申请”）的差评回访已超过时限 2026-12-14，请尽快办理。`,
      );
    }
    expect(await messagesOf('reviewer', 'rectification-overdue', n)).toEqual([]);
    // The event carries no personal data.
    const events = (await api.request('GET', '/dev/events?type=RectificationOverdue&limit=100')).body.events;
    expect(events.map((e: { detail: object }) => Object.keys(e.detail).sort())).toEqual([
      ['caseNumber', 'department', 'dueDate', 'eventId', 'schemaVersion', 'step'],
    ]);
  }, 90_000);
});
