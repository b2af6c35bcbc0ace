// The platform's HTTP conventions, tried through the local gateway as a client would, and the local cloud's
// own aids (/dev/*, the materials bucket a browser uploads to).
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { describe, expect, it } from 'vitest';
import { names } from '../../infra/naming.ts';
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

  it('lists the domain events put on the bus, by type and time, newest last', async () => {
    // Put as any producer on the bus would, through the SDK and the local endpoint.
    await new EventBridgeClient({}).send(
      new PutEventsCommand({
        Entries: [
          ['PlatformProbe', 1],
          ['OtherProbe', 2],
          ['PlatformProbe', 3],
        ].map(([type, n]) => ({
          EventBusName: names('dinghai').eventBus,
          Source: 'tongban.dinghai',
          DetailType: String(type),
          Detail: JSON.stringify({ n }),
        })),
      }),
    );
    const all = await api.request('GET', '/dev/events?type=PlatformProbe');
    expect(all.status).toBe(200);
    expect(all.body.events.map((e: { detail: { n: number } }) => e.detail.n)).toEqual([1, 3]);
    expect(all.body.events[0]).toMatchObject({
      bus: names('dinghai').eventBus,
      source: 'tongban.dinghai',
      detailType: 'PlatformProbe',
    });
    const latest = await api.request('GET', '/dev/events?type=PlatformProbe&limit=1');
    expect(latest.body.events.map((e: { detail: { n: number } }) => e.detail.n)).toEqual([3]);
    const later = await api.request('GET', '/dev/events?since=2999-01-01T08:00:00+08:00');
    expect(later.body).toEqual({ events: [] });
    const bad = await api.request('GET', '/dev/events?since=yesterday&limit=0');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'query.limit',
      'query.since',
    ]);
  });

  it('has the materials bucket, which answers a browser upload preflight', async () => {
    const bucket = names('dinghai').materialBucket;
    const res = await fetch(`${api.cloud.endpoints.s3}/${bucket}/uploads/probe.pdf`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'PUT',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-methods')).toContain('PUT');
    expect(res.headers.get('access-control-allow-headers')).toBe('content-type');
  });
});
