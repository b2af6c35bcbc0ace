// A case withdrawn after its fee was paid is refunded in full, automatically and once. The workflow engine
// refuses for a while after the payment (so the paid case waits before its licence, as when the engine is
// slow), the applicant withdraws meanwhile, and a refund request staff had left pending is superseded: the
// provider refunds everything paid, the applicant is told, the case stays withdrawn, settling again changes
// nothing, and the day's ledger still matches the provider's statement.
import { afterAll, describe, expect, it } from 'vitest';
import { seedJurisdiction } from '../../infra/local/seed.ts';
import { eventually, useLocalCloud } from '../support/local-cloud.ts';
import { applyWithMaterials, approveUntilPayment, gajReviewer, payOnPage } from '../support/payments.ts';

const api = useLocalCloud('dinghai', async (cloud) => void (await seedJurisdiction(cloud.jurisdiction)));

const faults = async (body: { workflow: boolean }) =>
  expect((await api.request('POST', '/dev/faults', { body })).status).toBe(200);

afterAll(async () => {
  await faults({ workflow: false });
  await api.request('POST', '/dev/clock', { body: { reset: true } });
});

const order = (n: string) => api.request('GET', `/cases/${n}/payment`, { as: 'citizen' });
const refundsOf = (events: Array<{ detail: { caseNumber: string } }>, n: string) =>
  events.filter((e) => e.detail.caseNumber === n);

describe('refund on withdrawal after payment', () => {
  let n = '';

  it('a paid case withdrawn before its result is refunded in full, once, with notice', async () => {
    await api.request('POST', '/dev/clock', { body: { now: '2026-12-10T10:00:00+08:00' } });
    n = await applyWithMaterials(api, 'citizen', '330902-QR-0001', {
      reason: '有效期满',
      mobile: '13800000001',
    });
    await approveUntilPayment(api, n);
    const issued = (await order(n)).body;
    expect(issued).toMatchObject({ status: 'ISSUED', assessment: { dueFen: 2000 } });

    await faults({ workflow: true });
    try {
      await payOnPage(api, issued.payUrl);
      const paid = await eventually(
        () => api.request('GET', `/cases/${n}`, { as: 'citizen' }),
        (r) => r.body.status === 'IN_REVIEW',
        30_000,
      );
      expect(paid.body.status).toBe('IN_REVIEW');
      expect((await order(n)).body).toMatchObject({ status: 'PAID', paidFen: 2000 });
      const asked = await api.request('POST', `/cases/${n}/payment/refunds`, {
        as: gajReviewer,
        body: { amountFen: 500, reason: '照片由窗口免费拍摄' },
      });
      expect(asked.status).toBe(201);
      const withdrawn = await api.request('POST', `/cases/${n}/withdraw`, {
        as: 'citizen',
        body: { reasons: '已在外地办理，不再需要' },
      });
      expect(withdrawn.status, JSON.stringify(withdrawn.body)).toBe(200);
    } finally {
      await faults({ workflow: false });
    }

    const refunded = await eventually(
      () => order(n),
      (r) => r.body.refundedFen === 2000,
      40_000,
    );
    expect(refunded.body).toMatchObject({
      status: 'PAID',
      paidFen: 2000,
      refundedFen: 2000,
      refundableFen: 0,
    });
    const [pending, automatic] = refunded.body.refunds;
    expect(pending).toMatchObject({ amountFen: 500, status: 'refused' });
    expect(automatic).toMatchObject({
      amountFen: 2000,
      status: 'refunded',
      automatic: true,
      reason: expect.stringContaining('撤回'),
    });
    // Staff cannot ask for more: nothing is left to refund.
    const more = await api.request('POST', `/cases/${n}/payment/refunds`, {
      as: gajReviewer,
      body: { amountFen: 1, reason: '再退一分' },
    });
    expect(more.status).toBe(409);

    const inbox = await eventually(
      () => api.request('GET', '/notifications', { as: 'citizen' }),
      (r) => JSON.stringify(r.body).includes('费用已退还'),
    );
    expect(JSON.stringify(inbox.body)).toContain('20.00');
  }, 180_000);

  it('settling again changes nothing: the case stays withdrawn, one refund, the day reconciles', async () => {
    for (let i = 0; i < 2; i++)
      expect((await api.request('POST', '/dev/schedules/payments')).status).toBe(200);
    await api.cloud.payments!.settled();
    await new Promise((r) => setTimeout(r, 2000));
    expect((await api.request('GET', `/cases/${n}`, { as: 'citizen' })).body.status).toBe('WITHDRAWN');
    const o = (await order(n)).body;
    expect(o.refunds).toHaveLength(2);
    expect(o.refundedFen).toBe(2000);
    expect(o.receipt).toBeDefined();
    expect(
      (await api.request('POST', '/payments/receipts/verify', { body: { receipt: o.receipt.jws } })).body
        .status,
    ).toBe('refunded');
    const events = (await api.request('GET', '/dev/events?type=PaymentRefunded&limit=100')).body.events;
    expect(refundsOf(events, n)).toHaveLength(1);
    const r = await api.request('GET', '/payments/reconciliation?day=2026-12-10', { as: 'supervisor' });
    expect(r.body.ledger).toEqual({ payments: 1, paymentFen: 2000, refunds: 1, refundFen: 2000 });
    expect(r.body.statement).toEqual(r.body.ledger);
    expect(r.body.differences).toEqual([]);
  }, 60_000);
});
