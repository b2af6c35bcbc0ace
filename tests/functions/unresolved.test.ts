// 办不成事 on the local cloud: a refused application and a bad review land in the day's record with their
// reasons, a good review does not; the centre reads the day and a span of days by department and kind; staff
// of a department read their own; a bad span is refused naming the field.
import { afterAll, describe, expect, it } from 'vitest';
import type { DevTokenRequest } from '../../infra/local/dev-identity.ts';
import { seedJurisdiction } from '../../infra/local/seed.ts';
import { type DemoUser, eventually, useLocalCloud } from '../support/local-cloud.ts';
import { applyForHousing } from '../support/review.ts';

const api = useLocalCloud('dinghai', async (cloud) => void (await seedJurisdiction(cloud.jurisdiction)));

const applicant = (n: number): DevTokenRequest => ({
  sub: `unresolved-${n}`,
  role: 'citizen',
  name: '钱申请',
  idNumber: '330902199203150025',
});

/** A housing application the window refuses: concluded, handled by 住建局 (zjj). */
const refused = async (who: DevTokenRequest) => {
  const n = (await applyForHousing(api, who)).body.caseNumber as string;
  const res = await api.request('POST', `/cases/${n}/acceptance`, {
    as: 'clerk',
    body: { decision: 'reject', reasons: '申请人家庭收入超过保障标准' },
  });
  expect(res.status).toBe(200);
  return n;
};

const day = (as: DemoUser | DevTokenRequest, query = 'from=2026-12-15') =>
  api.request('GET', `/unresolved?${query}`, { as });

afterAll(async () => {
  await api.request('POST', '/dev/clock', { body: { reset: true } });
});

describe('办不成事', () => {
  it('records refusals and bad reviews of the day with their reasons, for the centre and the unit', async () => {
    await api.request('POST', '/dev/clock', { body: { now: '2026-12-15T10:00:00+08:00' } });
    const first = await refused(applicant(1));
    const second = await refused(applicant(2));
    expect(
      (
        await api.request('POST', `/cases/${first}/rating`, {
          as: applicant(1),
          body: { level: 5, comment: '材料齐全却被拒，没有说明依据' },
        })
      ).status,
    ).toBe(201);
    expect(
      (await api.request('POST', `/cases/${second}/rating`, { as: applicant(2), body: { level: 1 } })).status,
    ).toBe(201);

    const summary = await eventually(
      () => day('supervisor'),
      (res) => res.body.all?.total >= 3,
    );
    expect(summary.status).toBe(200);
    const mine = summary.body.entries.filter((e: { caseNumber: string }) =>
      [first, second].includes(e.caseNumber),
    );
    expect(mine).toHaveLength(3);
    expect(mine).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          kind: 'not-accepted',
          caseNumber: first,
          department: 'zjj',
          date: '2026-12-15',
          reason: '申请人家庭收入超过保障标准',
          itemName: expect.any(String),
        }),
        expect.objectContaining({ kind: 'not-accepted', caseNumber: second }),
        expect.objectContaining({
          kind: 'bad-review',
          caseNumber: first,
          reason: '材料齐全却被拒，没有说明依据',
        }),
      ]),
    );
    // The good review is nobody's failure.
    expect(mine.filter((e: { kind: string; caseNumber: string }) => e.caseNumber === second)).toHaveLength(1);
    const zjj = summary.body.departments.find((d: { department: string }) => d.department === 'zjj');
    expect(zjj).toMatchObject({ 'not-accepted': 2, 'bad-review': 1, total: 3 });
    expect(summary.body.days).toEqual([expect.objectContaining({ date: '2026-12-15', total: 3 })]);
    // Without a day: today on the platform's clock.
    expect((await day('supervisor', '')).body).toMatchObject({ from: '2026-12-15', to: '2026-12-15' });

    // 住建局's reviewer reads 住建局; the window's clerk (政务服务中心) reads its own, which is empty.
    expect((await day('reviewer2')).body.entries).toHaveLength(3);
    expect((await day('clerk')).body).toMatchObject({ department: 'zwfw', all: { total: 0 } });
    // A week: the day is in it, the other days are empty.
    const week = await day('supervisor', 'from=2026-12-14&to=2026-12-20&department=zjj');
    expect(week.body.days).toHaveLength(7);
    expect(week.body.all.total).toBe(3);
  });

  it('refuses what it cannot answer, naming the field, and keeps it from citizens', async () => {
    const backwards = await day('supervisor', 'from=2026-12-15&to=2026-12-01');
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.details[0].path).toBe('query.to');
    const long = await day('supervisor', 'from=2026-01-01&to=2026-03-01');
    expect(long.status).toBe(400);
    expect(long.body.error.details[0].path).toBe('query.to');
    expect((await day('supervisor', 'from=15-12-2026')).status).toBe(400);
    expect((await day('citizen')).status).toBe(403);
  });
});
