// 物流寄递 on the local cloud: how long the courier's signed tracking callback takes end to end (signature
// check, the case read, the event placed in the timeline, the case row, its history entry and the event
// written in one transaction), a repeated event (answered from the timeline, nothing written), beside a bare
// public route of the same gateway (GET /health) measured in the same run. One business-licence change is
// applied for with delivery by courier and approved first, so the callbacks meet a real waybill; the
// simulated courier is told to stay silent, and the bench reports the journey itself.
import { startLocalCloud } from '../infra/local/cloud.ts';
import type { DevTokenRequest } from '../infra/local/dev-identity.ts';
import { seedJurisdiction } from '../infra/local/seed.ts';
import { scaled } from './scale.ts';
import { summary } from './stats.ts';

const enterprise: DevTokenRequest = {
  sub: 'bench-delivery',
  role: 'enterprise',
  name: '舟山海韵水产有限公司',
  creditCode: '91330902MA2A1B2C31',
};
const clerk: DevTokenRequest = { sub: 'bench-clerk', role: 'clerk', name: '陈窗口', department: 'zwfw' };
const supervisor: DevTokenRequest = {
  sub: 'bench-sup',
  role: 'supervisor',
  name: '郑监察',
  department: 'zwfw',
};

export const benchDelivery = async () => {
  const cloud = await startLocalCloud({ jurisdictionId: 'dinghai' });
  try {
    await seedJurisdiction(cloud.jurisdiction);
    const call = async (
      method: string,
      path: string,
      body?: unknown,
      headers: Record<string, string> = {},
    ) => {
      const res = await fetch(`${cloud.url}${path}`, {
        method,
        headers: { 'content-type': 'application/json', ...headers },
        ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    };
    const as = async (who: DevTokenRequest) => ({ authorization: `Bearer ${await cloud.issueToken(who)}` });
    const until = async <T>(read: () => Promise<T>, done: (v: T) => boolean, what: string) => {
      for (let i = 0; i < 1200; i++) {
        const value = await read();
        if (done(value)) return value;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`Timed out waiting for ${what}`);
    };
    await call('POST', '/dev/courier', { outcome: 'delivered', paceMs: 600_000 });

    const owner = await as(enterprise);
    const upload = async () => {
      const grant = (await call('POST', '/uploads', { contentType: 'application/pdf', size: 8 }, owner))
        .body as {
        url: string;
        headers: Record<string, string>;
        key: string;
      };
      await fetch(grant.url, { method: 'PUT', headers: grant.headers, body: '%PDF-1.4' });
      return grant.key;
    };
    const applied = await call(
      'POST',
      '/cases',
      {
        itemCode: '330902-XK-0012',
        form: { changeItems: '经营范围', before: '水产品批发', after: '水产品批发、零售' },
        materials: [
          { materialId: 'application-form', via: 'upload', key: await upload() },
          { materialId: 'business-licence', via: 'upload', key: await upload() },
          { materialId: 'articles', via: 'upload', key: await upload() },
        ],
        delivery: {
          method: 'courier',
          address: {
            recipient: '林海韵',
            mobile: '13905800123',
            provinceCode: '330000',
            cityCode: '330900',
            countyCode: '330902',
            detail: '海洋产业园区 6 号楼 2 层',
          },
        },
      },
      { ...owner, 'idempotency-key': `bench-delivery-${Date.now()}` },
    );
    if (applied.status !== 201) throw new Error(`POST /cases answered ${applied.status}`);
    const n = applied.body.caseNumber as string;
    await call('POST', `/cases/${n}/acceptance`, { decision: 'accept' }, await as(clerk));
    const watch = await as(supervisor);
    const decided = new Set<string>();
    for (;;) {
      const view = await until(
        () => call('GET', `/cases/${n}`, undefined, watch),
        (r) =>
          r.body.status === 'COMPLETED' ||
          r.body.tasks?.some(
            (t: { taskId: string; status: string }) => t.status === 'pending' && !decided.has(t.taskId),
          ),
        'a task or the completion',
      );
      if (view.body.status === 'COMPLETED') break;
      for (const task of view.body.tasks as Array<{ taskId: string; status: string; department: string }>) {
        if (task.status !== 'pending' || decided.has(task.taskId)) continue;
        decided.add(task.taskId);
        const reviewer = {
          sub: `bench-${task.department}`,
          role: 'reviewer',
          name: '审核员',
          department: task.department,
        };
        await call(
          'POST',
          `/tasks/${task.taskId}/decision`,
          { decision: 'approve', opinion: '符合条件' },
          await as(reviewer as DevTokenRequest),
        );
      }
    }
    const sent = await until(
      () => call('GET', `/cases/${n}/delivery`, undefined, owner),
      (r) => r.body.shipment !== undefined,
      'the waybill',
    );
    const waybillNo = sent.body.shipment.waybillNumber as string;

    const courier = cloud.courier!;
    const report = async (eventId: string, minute: number) => {
      const body = JSON.stringify({
        events: [
          {
            eventId,
            waybillNo,
            orderId: n,
            opCode: 'TRANSIT',
            opTime: new Date(Date.UTC(2026, 11, 8, 2, minute)).toISOString(),
            opOrgName: '区域邮件处理中心',
          },
        ],
      });
      const started = performance.now();
      const res = await call('POST', '/courier/tracking', body, courier.signedHeaders(body));
      if (res.status !== 200) throw new Error(`POST /courier/tracking answered ${res.status}`);
      return { ms: performance.now() - started, result: res.body.results[0].result as string };
    };
    const runs = scaled(150, 6);
    const fresh: number[] = [];
    const repeated: number[] = [];
    const bare: number[] = [];
    // The first of each warms its sandbox.
    await report('warm', 0);
    await call('GET', '/health');
    for (let i = 1; i <= runs; i++) {
      const first = await report(`e-${i}`, i % 60);
      if (first.result !== 'recorded') throw new Error(`event e-${i}: ${first.result}`);
      fresh.push(first.ms);
      const again = await report(`e-${i}`, i % 60);
      if (again.result !== 'duplicate') throw new Error(`event e-${i} again: ${again.result}`);
      repeated.push(again.ms);
      const started = performance.now();
      await call('GET', '/health');
      bare.push(performance.now() - started);
    }
    return [
      {
        figure: 'tracking callback, a new event recorded on the case (ms)',
        ...summary(fresh),
        n: fresh.length,
      },
      { figure: 'tracking callback, a repeated event (ms)', ...summary(repeated), n: repeated.length },
      { figure: 'baseline: GET /health through the same gateway (ms)', ...summary(bare), n: bare.length },
    ];
  } finally {
    await cloud.stop();
  }
};
