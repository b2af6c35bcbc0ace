// Working days beyond the published calendar, as users meet them on the local cloud: a case accepted in
// December 2026 is promised on a working day of 2027 (counted on the statutory holidays, provisional), an
// admin publishes the State Council's 2027 arrangement as data, and the open cases it concerns are counted
// again, each with a history entry, and shown firm.
import { describe, expect, it } from 'vitest';
import { seedJurisdiction } from '../../infra/local/seed.ts';
import { type DemoUser, eventually, useLocalCloud } from '../support/local-cloud.ts';

const api = useLocalCloud('dinghai', async (cloud) => {
  await seedJurisdiction(cloud.jurisdiction);
});

/** 公共租赁住房资格申请: promised 20 working days, statutory 30; reviewed by 住建局 and 民政局. */
const housing = '330902-JF-0084';
let keys = 0;

const setClock = (now: string) => api.request('POST', '/dev/clock', { body: { now } });

/** A housing case submitted and accepted at `now` (the local cloud's clock is moved there first). */
const acceptedAt = async (now: string, as: 'citizen' | 'citizen2' = 'citizen') => {
  await setClock(now);
  const [form, id, hukou] = await Promise.all([api.upload(as), api.upload(as), api.upload(as)]);
  const submitted = await api.request('POST', '/cases', {
    as,
    headers: { 'idempotency-key': `calendar-${Date.now()}-${++keys}` },
    body: {
      itemCode: housing,
      form: { householdSize: 3, currentHousing: '租住' },
      materials: [
        { materialId: 'application-form', via: 'upload', key: form },
        { materialId: 'id-card', via: 'upload', key: id },
        { materialId: 'hukou', via: 'upload', key: hukou },
        { materialId: 'income-proof', via: 'commitment' },
      ],
    },
  });
  const n = submitted.body.caseNumber as string;
  const accepted = await api.request('POST', `/cases/${n}/acceptance`, {
    as: 'clerk',
    body: { decision: 'accept' },
  });
  expect([submitted.status, accepted.status]).toEqual([201, 200]);
  return n;
};

const caseOf = (n: string, as: DemoUser = 'citizen') => api.request('GET', `/cases/${n}`, { as });
const historyOf = async (n: string) =>
  (await api.request('GET', `/cases/${n}/history`, { as: 'supervisor' })).body.entries as Array<{
    action: string;
    actor: { role: string };
    details?: Record<string, unknown>;
  }>;

const days = (name: string, ...dates: string[]) => dates.map((d) => ({ date: `2027-${d}`, name }));

/** A 2027 notice as the State Council might issue it. */
const arrangement2027 = {
  notice: '国办发明电〔2026〕9号',
  holidays: [
    ...days('元旦', '01-01', '01-02', '01-03'),
    ...days('春节', '02-05', '02-06', '02-07', '02-08', '02-09', '02-10', '02-11', '02-12', '02-13'),
    ...days('清明', '04-03', '04-04', '04-05'),
    ...days('劳动节', '05-01', '05-02', '05-03', '05-04', '05-05'),
    ...days('端午', '06-09'),
    ...days('中秋', '09-15'),
    ...days('国庆节', '10-01', '10-02', '10-03', '10-04', '10-05', '10-06', '10-07'),
  ],
  workdays: [...days('春节', '02-20'), ...days('劳动节', '05-08'), ...days('国庆节', '09-26', '10-09')],
};

describe('deadlines over a year without a published arrangement', () => {
  it('promises a December case on a working day of 2027, provisional until an admin publishes 2027', async () => {
    try {
      // Accepted Monday 7 December 2026: 20 working days end in 2027, past 元旦 (Friday 1 January).
      const december = await acceptedAt('2026-12-07T09:00:00+08:00');
      const view = await caseOf(december);
      expect(view.status).toBe(200);
      expect(view.body.promisedBy).toBe('2027-01-05');
      expect(view.body).toMatchObject({ provisional: true, deadline: { provisional: true } });
      const progress = await api.request(
        'GET',
        `/progress/${december}?queryCode=${view.body.queryCode as string}`,
      );
      expect(progress.body).toMatchObject({ promisedBy: '2027-01-05', provisional: true });

      // Due within 2026: firm, and left alone by the publication.
      const november = await acceptedAt('2026-11-02T09:00:00+08:00', 'citizen2');
      expect((await caseOf(november, 'citizen2')).body).toMatchObject({
        promisedBy: '2026-11-30',
        provisional: false,
      });

      // Accepted 20 January 2027: counted across 春节 on the statutory days only (5, 8, 9, 10 February off).
      const january = await acceptedAt('2027-01-20T09:00:00+08:00');
      expect((await caseOf(january)).body).toMatchObject({ promisedBy: '2027-02-23', provisional: true });
      const tasks = await eventually(
        async () => (await caseOf(january)).body.tasks as Array<{ dueDate?: string }>,
        (t) => t.length === 2,
      );
      expect(tasks.map((t) => t.dueDate)).toEqual(['2027-02-23', '2027-02-23']);

      const statutory = await api.request('GET', '/jurisdiction?year=2027');
      expect(statutory.body.calendar).toMatchObject({ year: 2027, source: 'statutory', provisional: true });
      expect(statutory.body.calendar.holidays).toContainEqual({
        date: '2027-01-01',
        name: '元旦',
        scope: 'national',
      });

      const overdue = async () =>
        (
          await api.request('GET', '/supervision/cases?flag=overdue&limit=200', { as: 'supervisor' })
        ).body.cases.find((c: { caseNumber: string }) => c.caseNumber === december);
      expect(await overdue()).toMatchObject({ dueDate: '2027-01-05', provisional: true });

      // Only an admin publishes, and only an arrangement that keeps every statutory day off.
      const path = '/admin/calendar/2027';
      expect((await api.request('PUT', path, { as: 'supervisor', body: arrangement2027 })).status).toBe(403);
      const bad = await api.request('PUT', path, {
        as: 'admin',
        body: {
          ...arrangement2027,
          holidays: arrangement2027.holidays.filter((d) => d.date !== '2027-10-01'),
          workdays: [...arrangement2027.workdays, { date: '2027-03-03', name: '调休' }],
        },
      });
      expect(bad.status).toBe(400);
      expect(bad.body.error.details).toEqual(
        expect.arrayContaining([
          { path: 'body.holidays', message: expect.stringContaining('2027-10-01') },
          { path: 'body.workdays.4.date', message: expect.stringContaining('周六或周日') },
        ]),
      );
      const outOfRange = await api.request('PUT', '/admin/calendar/2024', {
        as: 'admin',
        body: arrangement2027,
      });
      expect(outOfRange.status).toBe(400);
      expect(outOfRange.body.error.details[0].path).toBe('params.year');

      const published = await api.request('PUT', path, { as: 'admin', body: arrangement2027 });
      expect(published.status).toBe(200);
      expect(published.body.calendar).toMatchObject({
        year: 2027,
        source: 'published',
        provisional: false,
        notice: '国办发明电〔2026〕9号',
      });
      expect(published.body.arrangement).toMatchObject({
        year: 2027,
        rev: 1,
        publishedBy: { sub: 'demo-admin' },
      });
      expect(published.body.cases.recomputed).toEqual(expect.arrayContaining([december, january]));
      expect(published.body.cases.recomputed).not.toContain(november);
      expect(published.body.cases.failed).toEqual([]);

      // Same date, now firm; the change is on the record, and the record still verifies.
      expect((await caseOf(december)).body).toMatchObject({
        promisedBy: '2027-01-05',
        provisional: false,
        deadline: { dueDate: '2027-01-05', provisional: false },
      });
      const entry = (await historyOf(december)).at(-1);
      expect(entry).toMatchObject({
        action: 'recompute-deadline',
        actor: { role: 'admin' },
        details: {
          year: 2027,
          notice: '国办发明电〔2026〕9号',
          before: { dueDate: '2027-01-05', provisional: true },
          after: { dueDate: '2027-01-05', provisional: false },
        },
      });
      const verified = await api.request('GET', `/cases/${december}/history/verify`, { as: 'citizen' });
      expect(verified.body.intact).toBe(true);

      // The longer 春节 block of the notice moves the January case by a day, its open tasks with it.
      const moved = (await caseOf(january)).body;
      expect(moved).toMatchObject({ promisedBy: '2027-02-24', provisional: false });
      expect(moved.tasks.map((t: { dueDate?: string }) => t.dueDate)).toEqual(['2027-02-24', '2027-02-24']);
      expect((await historyOf(january)).at(-1)?.details).toMatchObject({
        before: { dueDate: '2027-02-23' },
        after: { dueDate: '2027-02-24' },
      });
      expect((await historyOf(november)).map((e) => e.action)).not.toContain('recompute-deadline');
      expect(await overdue()).toMatchObject({ dueDate: '2027-01-05', provisional: false });

      // Sent again, nothing changes; every function counts with the notice within seconds.
      const again = await api.request('PUT', path, { as: 'admin', body: arrangement2027 });
      expect(again.status).toBe(200);
      expect(again.body.arrangement.rev).toBe(1);
      expect(again.body.cases.recomputed).toEqual([]);
      const profile = await eventually(
        () => api.request('GET', '/jurisdiction?year=2027'),
        (res) => res.body.calendar?.source === 'published',
      );
      expect(profile.body.calendar).toMatchObject({ provisional: false, notice: '国办发明电〔2026〕9号' });
      expect(profile.body.calendar.workdays.map((d: { date: string }) => d.date)).toEqual([
        '2027-02-20',
        '2027-05-08',
        '2027-09-26',
        '2027-10-09',
      ]);
    } finally {
      await api.request('POST', '/dev/clock', { body: { reset: true } });
    }
  }, 120_000);
});
