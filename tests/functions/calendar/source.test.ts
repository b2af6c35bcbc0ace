// The per-container calendar source on an in-memory store: one read at the first request, another only
// after the recheck time, a rebuild only when a published year changed, and the last calendar kept when a
// read fails.
import { describe, expect, it } from 'vitest';
import { calendarRecheckMs, createCalendarSource } from '../../../functions/calendar/source.ts';
import type { PublishedArrangement } from '../../../functions/calendar/store.ts';

const config = { localHolidays: [], localWorkdays: [] };
const arrangement = (rev: number): PublishedArrangement => ({
  year: 2027,
  holidays: [
    { date: '2027-01-01', name: '元旦' },
    { date: '2027-01-04', name: '元旦' },
  ],
  workdays: [],
  notice: '国办发明电〔2026〕9号',
  publishedAt: '2026-11-20T09:00:00.000Z',
  publishedBy: { sub: 'demo-admin', name: '孙管理' },
  rev,
});

const setup = () => {
  let ms = 0;
  const reads: boolean[] = [];
  const state = { rows: [] as PublishedArrangement[], failing: false };
  const logged: string[] = [];
  const source = createCalendarSource(
    {
      all: async (consistent = false) => {
        reads.push(consistent);
        if (state.failing) throw new Error('table unavailable');
        return state.rows;
      },
    },
    config,
    { monotonicMs: () => ms, log: (message) => logged.push(message) },
  );
  const advance = (by: number) => {
    ms += by;
  };
  return { source, reads, state, logged, advance };
};

describe('calendar source', () => {
  it('reads at the first request and again only after the recheck time', async () => {
    const { source, reads, state, advance } = setup();
    expect(() => source.current()).toThrow(/fresh/);
    const first = await source.fresh();
    expect(first.isWorkingDay('2027-01-04')).toBe(true); // statutory 2027: only 1 January
    expect(source.current()).toBe(first);

    state.rows = [arrangement(1)];
    advance(calendarRecheckMs - 1);
    expect(await source.fresh()).toBe(first);
    expect(reads).toHaveLength(1);

    advance(1);
    const published = await source.fresh();
    expect(reads).toEqual([false, false]);
    expect(published.isWorkingDay('2027-01-04')).toBe(false);
    expect(published.year(2027)).toMatchObject({ source: 'published', notice: '国办发明电〔2026〕9号' });
  });

  it('keeps the calendar when nothing changed, and rebuilds it for a new revision', async () => {
    const { source, state, advance } = setup();
    state.rows = [arrangement(1)];
    const first = await source.fresh();
    advance(calendarRecheckMs);
    expect(await source.fresh()).toBe(first);
    state.rows = [arrangement(2)];
    expect(await source.reload()).not.toBe(first);
  });

  it('reads consistently on reload, and shares one read between concurrent requests', async () => {
    const { source, reads } = setup();
    await Promise.all([source.fresh(), source.fresh(), source.fresh()]);
    expect(reads).toEqual([false]);
    await source.reload();
    expect(reads).toEqual([false, true]);
  });

  it('counts with the last calendar when a later read fails, and fails the first request without one', async () => {
    const { source, state, logged, advance } = setup();
    state.failing = true;
    await expect(source.fresh()).rejects.toThrow('table unavailable');
    state.failing = false;
    const first = await source.fresh();
    state.failing = true;
    advance(calendarRecheckMs);
    expect(await source.fresh()).toBe(first);
    expect(logged).toEqual(['holiday arrangements not read again']);
  });

  it('builds the calendar of given arrangements without installing it', async () => {
    const { source } = setup();
    const current = await source.fresh();
    const other = source.build([arrangement(1)]);
    expect(other.isWorkingDay('2027-01-04')).toBe(false);
    expect(source.current()).toBe(current);
  });
});
