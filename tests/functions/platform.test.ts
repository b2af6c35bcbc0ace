// The platform's HTTP conventions, tried through the local gateway as a client would.
import { describe, expect, it } from 'vitest';
import { useLocalCloud } from '../support/local-cloud.ts';

const api = useLocalCloud('dinghai');

describe('platform on the local cloud', () => {
  it('answers /health with the jurisdiction', async () => {
    const res = await api.request('GET', '/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', jurisdiction: 'dinghai' });
    expect(res.headers.get('apigw-requestid')).toBeTruthy();
  });

  it('publishes the jurisdiction profile with this year’s calendar', async () => {
    const res = await api.request('GET', '/jurisdiction?year=2026');
    expect(res.status).toBe(200);
    expect(res.body.name.zh).toBe('定海区');
    expect(res.body.departments.map((d: { code: string }) => d.code)).toContain('scjgj');
    expect(res.body.calendar.holidays.map((d: { date: string }) => d.date)).toContain('2026-10-01');
    expect(res.body.calendar.workdays.map((d: { date: string }) => d.date)).toContain('2026-02-28');
  });

  it('rejects a bad year with the field named', async () => {
    const res = await api.request('GET', '/jurisdiction?year=abc');
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].path).toBe('query.year');
  });

  it('serves an OpenAPI 3.1 document listing every route', async () => {
    const res = await api.request('GET', '/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining(['/health', '/jurisdiction', '/openapi.json']),
    );
  });

  it('answers unknown routes with a JSON 404', async () => {
    const res = await api.request('GET', '/no/such/route');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
    expect(res.body.requestId).toBeTruthy();
  });

  it('issues development tokens and validates their request', async () => {
    const ok = await api.request('POST', '/dev/token', {
      body: { sub: 'u1', role: 'citizen', name: '张三' },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.token.split('.')).toHaveLength(3);
    const bad = await api.request('POST', '/dev/token', { body: { sub: 'u1', role: 'mayor' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['name', 'role']);
  });

  it('moves the clock and reports it', async () => {
    const moved = await api.request('POST', '/dev/clock', { body: { now: '2027-01-04T09:00:00+08:00' } });
    expect(moved.status).toBe(200);
    expect(moved.body.now).toBe('2027-01-04T01:00:00.000Z');
    const bad = await api.request('POST', '/dev/clock', { body: { now: 'tomorrow' } });
    expect(bad.status).toBe(400);
    await api.request('POST', '/dev/clock', { body: { reset: true } });
  });
});
