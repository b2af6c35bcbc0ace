// 物流寄递 on the local cloud: an enterprise has its new business licence delivered by courier and the case
// shows DELIVERED; a failed delivery comes back to the hall, the applicant is told, and the window hands it
// over; the courier's callbacks are refused unsigned, and repeated or late ones change nothing; the window
// records materials that came by post.
import { describe, expect, it } from 'vitest';
import { seedJurisdiction } from '../../infra/local/seed.ts';
import { eventually, useLocalCloud } from '../support/local-cloud.ts';
import { acceptAndApprove, licenceChangeApplication } from '../support/review.ts';

const api = useLocalCloud('dinghai', async (cloud) => void (await seedJurisdiction(cloud.jurisdiction)));

const address = {
  recipient: '林海韵',
  mobile: '13905800123',
  provinceCode: '330000',
  cityCode: '330900',
  countyCode: '330902',
  detail: '海洋产业园区 6 号楼 2 层',
};
let keys = 0;

/** The enterprise's business-licence change, applied for with `delivery` (when given); the case number. */
const apply = async (delivery?: object) => {
  const res = await api.request('POST', '/cases', {
    as: 'enterprise',
    body: {
      ...(await licenceChangeApplication(() => api.upload('enterprise'))),
      ...(delivery ? { delivery } : {}),
    },
    headers: { 'idempotency-key': `delivery-${Date.now()}-${++keys}` },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.caseNumber as string;
};
const courier = (settings: object) => api.request('POST', '/dev/courier', { body: settings });
const deliveryOf = async (n: string) =>
  (await api.request('GET', `/cases/${n}/delivery`, { as: 'enterprise' })).body;
const titles = async () =>
  (await api.request('GET', '/notifications', { as: 'enterprise' })).body.messages.map(
    (m: { title: string }) => m.title,
  );
const historyOf = async (n: string) =>
  (await api.request('GET', `/cases/${n}/history`, { as: 'enterprise' })).body.entries as Array<{
    action: string;
    statusAfter: string;
  }>;

/** A callback as the courier sends it, signed with the app secret unless told otherwise. */
const callback = (events: object[], sign = true) => {
  const rawBody = JSON.stringify({ events });
  const headers = sign
    ? api.cloud.courier!.signedHeaders(rawBody)
    : { 'content-type': 'application/json', 'x-courier-app-key': 'tongban-dinghai' };
  return api.request('POST', '/courier/tracking', { rawBody, headers });
};

describe('courier delivery', () => {
  const state: { delivered?: string; waybill?: string } = {};

  it('delivers a licence result by courier: waybill on completion, tracking on the case, then DELIVERED', async () => {
    expect((await courier({ outcome: 'delivered', paceMs: 150 })).status).toBe(200);
    const n = await apply({ method: 'courier', address });
    const chosen = await deliveryOf(n);
    expect(chosen).toMatchObject({
      offered: true,
      canChoose: true,
      delivery: { method: 'courier', address },
    });

    const done = await acceptAndApprove(api, n);
    expect(done.body.status).toBe('COMPLETED');
    const view = await eventually(
      () => deliveryOf(n),
      // A step reported before the case recorded its waybill is sent again by the courier, a little later.
      (d) => d.status === 'DELIVERED' && d.shipment.events.length === 4,
      30_000,
    );
    expect(view.status).toBe('DELIVERED');
    expect(view.shipment).toMatchObject({ courier: 'EMS', status: 'delivered' });
    expect(view.shipment.events.map((e: { kind: string }) => e.kind)).toEqual([
      'collected',
      'in-transit',
      'out-for-delivery',
      'delivered',
    ]);
    expect(view.canChoose).toBe(false);
    const read = await api.request('GET', `/cases/${n}`, { as: 'enterprise' });
    expect(read.body).toMatchObject({ status: 'DELIVERED', statusName: '已送达' });
    const actions = (await historyOf(n)).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['complete', 'dispatch', 'deliver']));
    expect(actions.indexOf('dispatch')).toBeGreaterThan(actions.indexOf('complete'));
    // A supervisor, who does not send the result, sees how, not where.
    const staff = await api.request('GET', `/cases/${n}/delivery`, {
      as: { sub: 'supervisor-jtj', role: 'supervisor', name: '督查员', department: 'jtj' },
    });
    expect(staff.status).toBe(200);
    expect(staff.body.delivery).toEqual({ method: 'courier' });
    // The window that sends it sees where, masked: the courier had the address from the waybill.
    const window = await api.request('GET', `/cases/${n}/delivery`, { as: 'clerk' });
    expect(window.body.delivery.address).toMatchObject({
      recipient: '林海韵',
      mobile: '139****0123',
      countyCode: '330902',
    });
    expect(JSON.stringify(window.body)).not.toMatch(/13905800123|产业园区/);
    // The courier made one waybill for the order, for the label the recipient's surname and last digits.
    const made = (await api.request('GET', '/dev/courier')).body.waybills.filter(
      (w: { orderId: string }) => w.orderId === n,
    );
    // The courier refuses a masked mobile: the waybill was made with the address opened for it.
    expect(made).toHaveLength(1);
    expect(made[0].label).toBe('林** 0123');
    // Told when it was sent and when it arrived (a step reported after the arrival is not told).
    await expect
      .poll(titles, { timeout: 40_000 })
      .toEqual(expect.arrayContaining(['办理结果已寄出', '办理结果已送达']));
    // Rated like any concluded case.
    expect(
      (await api.request('POST', `/cases/${n}/rating`, { as: 'enterprise', body: { level: 1 } })).status,
    ).toBe(201);
    state.delivered = n;
    state.waybill = view.shipment.waybillNumber;
  }, 120_000);

  it('returns a failed delivery to the hall with notice, where the window hands it over', async () => {
    await courier({ outcome: 'failed', paceMs: 150 });
    // Pick-up chosen at application; delivery chosen once the case is done.
    const n = await apply({ method: 'pickup' });
    await acceptAndApprove(api, n);
    expect((await deliveryOf(n)).shipment).toBeUndefined();
    const changed = await api.request('PUT', `/cases/${n}/delivery`, {
      as: 'enterprise',
      body: { method: 'courier', address },
    });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    const view = await eventually(
      () => deliveryOf(n),
      (d) => d.status === 'AWAITING_PICKUP' && d.shipment.events.length === 5,
      30_000,
    );
    expect(view.status).toBe('AWAITING_PICKUP');
    expect(view.shipment.events.map((e: { kind: string }) => e.kind)).toEqual([
      'collected',
      'in-transit',
      'out-for-delivery',
      'failed-attempt',
      'returned',
    ]);
    await expect.poll(titles, { timeout: 40_000 }).toContain('投递未成功，请到窗口领取');
    // Sent already: no change of mind now.
    const late = await api.request('PUT', `/cases/${n}/delivery`, {
      as: 'enterprise',
      body: { method: 'pickup' },
    });
    expect(late.status).toBe(409);

    expect((await api.request('POST', `/cases/${n}/pickup`, { as: 'enterprise', body: {} })).status).toBe(
      403,
    );
    const handed = await api.request('POST', `/cases/${n}/pickup`, {
      as: 'clerk',
      body: { note: '申请人持营业执照副本及经办人身份证领取' },
    });
    expect(handed.status, JSON.stringify(handed.body)).toBe(200);
    expect(handed.body.status).toBe('PICKED_UP');
    expect((await api.request('POST', `/cases/${n}/pickup`, { as: 'clerk', body: {} })).status).toBe(409);
    expect((await historyOf(n)).at(-1)).toMatchObject({ action: 'hand-over', statusAfter: 'PICKED_UP' });
  }, 120_000);

  it('refuses forged callbacks; repeated, late and out-of-order events leave one true timeline', async () => {
    // The simulator makes the waybill and stays silent: the test reports the journey itself.
    await courier({ outcome: 'delivered', paceMs: 600_000 });
    const n = await apply({ method: 'courier', address });
    await acceptAndApprove(api, n);
    const sent = await eventually(
      () => deliveryOf(n),
      (d) => d.shipment !== undefined,
    );
    const waybillNo = sent.shipment.waybillNumber as string;
    const step = (eventId: string, opCode: string, minute: number) => ({
      eventId,
      waybillNo,
      orderId: n,
      opCode,
      opTime: `2026-12-07T1${minute}:00:00+08:00`,
    });

    const forged = await callback([step('f-1', 'SIGNED', 5)], false);
    expect(forged.status).toBe(401);
    const tampered = api.cloud.courier!.signedHeaders(JSON.stringify({ events: [step('f-2', 'PICKUP', 1)] }));
    const swapped = await api.request('POST', '/courier/tracking', {
      rawBody: JSON.stringify({ events: [step('f-2', 'SIGNED', 1)] }),
      headers: tampered,
    });
    expect(swapped.status).toBe(401);
    expect((await deliveryOf(n)).shipment.events).toEqual([]);

    // Signed for first, the earlier steps after it, one of them twice.
    const first = await callback([step('e-4', 'SIGNED', 4)]);
    expect(first.body.results).toEqual([{ eventId: 'e-4', result: 'recorded' }]);
    expect((await deliveryOf(n)).status).toBe('DELIVERED');
    const rest = await callback([
      step('e-2', 'TRANSIT', 2),
      step('e-1', 'PICKUP', 1),
      step('e-2', 'TRANSIT', 2),
    ]);
    expect(rest.body.results.map((r: { result: string }) => r.result)).toEqual([
      'recorded',
      'recorded',
      'duplicate',
    ]);
    const before = await api.request('GET', `/cases/${n}`, { as: 'enterprise' });
    const historyBefore = (await historyOf(n)).length;
    const again = await callback([step('e-4', 'SIGNED', 4), step('e-1', 'PICKUP', 1)]);
    expect(again.body.results.map((r: { result: string }) => r.result)).toEqual(['duplicate', 'duplicate']);
    // A late contradicting report joins the timeline; the case stays delivered and takes no step.
    const contrary = await callback([step('e-9', 'RETURNED', 9)]);
    expect(contrary.body.results[0].result).toBe('recorded');
    const after = await deliveryOf(n);
    expect(after.status).toBe('DELIVERED');
    expect(after.shipment.status).toBe('delivered');
    expect(after.shipment.events.map((e: { eventId: string }) => e.eventId)).toEqual([
      'e-1',
      'e-2',
      'e-4',
      'e-9',
    ]);
    expect((await historyOf(n)).length).toBe(historyBefore);
    expect((await api.request('GET', `/cases/${n}`, { as: 'enterprise' })).body.status).toBe(
      before.body.status,
    );
    // An event for a waybill the case does not have, and one for no case, are answered, not applied.
    const stray = await callback([{ ...step('s-1', 'SIGNED', 3), waybillNo: '1999999999999' }]);
    expect(stray.body.results[0].result).toBe('unknown');
    const bad = await callback([{ ...step('s-2', 'LOST', 3) }]);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('body.events.0.opCode');
  }, 120_000);

  it('checks the choice: an address whose county is not in its city, an item that mails nothing, strangers', async () => {
    const n = await apply();
    const wrong = await api.request('PUT', `/cases/${n}/delivery`, {
      as: 'enterprise',
      body: { method: 'courier', address: { ...address, countyCode: '340503', mobile: '123' } },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'body.address.countyCode',
      'body.address.mobile',
    ]);
    expect(
      (await api.request('PUT', `/cases/${n}/delivery`, { as: 'citizen', body: { method: 'pickup' } }))
        .status,
    ).toBe(403);
    const ok = await api.request('PUT', `/cases/${n}/delivery`, {
      as: 'enterprise',
      body: { method: 'courier', address },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.delivery.method).toBe('courier');

    // 公章刻制备案: its result is a receipt, nothing to mail.
    const seal = await api.request('POST', '/cases', {
      as: 'enterprise',
      body: {
        itemCode: '330902-QT-0007',
        form: { sealTypes: '公章、财务章', quantity: 2 },
        materials: [
          { materialId: 'application-form', via: 'upload', key: await api.upload('enterprise') },
          { materialId: 'business-licence', via: 'upload', key: await api.upload('enterprise') },
          { materialId: 'seal-sample', via: 'upload', key: await api.upload('enterprise') },
        ],
        delivery: { method: 'courier', address },
      },
      headers: { 'idempotency-key': `delivery-seal-${Date.now()}` },
    });
    expect(seal.status).toBe(400);
    expect(seal.body.error.details).toEqual([
      { path: 'body.delivery.method', message: expect.stringContaining('不提供邮寄') },
    ]);
  });

  it('records materials that came by post, by waybill, once', async () => {
    const n = await apply();
    const body = {
      waybillNumber: '1187654321098',
      courier: 'EMS',
      materialIds: ['articles'],
      note: '原件一份',
    };
    expect(
      (await api.request('POST', `/cases/${n}/mailed-materials`, { as: 'enterprise', body })).status,
    ).toBe(403);
    const unknown = await api.request('POST', `/cases/${n}/mailed-materials`, {
      as: 'clerk',
      body: { ...body, materialIds: ['articles', 'no-such'] },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details[0].path).toBe('body.materialIds.1');
    const recorded = await api.request('POST', `/cases/${n}/mailed-materials`, { as: 'clerk', body });
    expect(recorded.status, JSON.stringify(recorded.body)).toBe(201);
    expect(recorded.body.mailedIn).toEqual([
      expect.objectContaining({
        waybillNumber: '1187654321098',
        materialIds: ['articles'],
        by: expect.any(Object),
      }),
    ]);
    expect((await api.request('POST', `/cases/${n}/mailed-materials`, { as: 'clerk', body })).status).toBe(
      409,
    );
    expect((await deliveryOf(n)).mailedIn).toHaveLength(1);
    expect((await historyOf(n)).at(-1)).toMatchObject({
      action: 'record-mailed-materials',
      statusAfter: 'SUBMITTED',
    });
    // Once the case is decided, nothing more arrives by post.
    if (state.delivered) {
      const closed = await api.request('POST', `/cases/${state.delivered}/mailed-materials`, {
        as: 'clerk',
        body: { ...body, waybillNumber: '1187654321099' },
      });
      expect(closed.status).toBe(409);
    }
  });
});
