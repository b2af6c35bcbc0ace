// 统一支付 on the local cloud: a fee-charging item is applied for, approved and waits for payment with its
// order (amount, 缴款码, deadline); the applicant pays on the simulator's hosted page, the signed callback
// moves the case on and the sealed receipt verifies; the same callback sent again changes nothing, a forged
// one is refused; staff ask for a refund and a supervisor approves it; an item whose fee needs assessing is
// assessed with a documented reduction, left unpaid past its deadline and closed with notice, and a payment
// made after that is refunded automatically; the day reconciles with no difference.
import { GetPublicKeyCommand, KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { afterAll, describe, expect, it } from 'vitest';
import type { DevTokenRequest } from '../../infra/local/dev-identity.ts';
import { seedJurisdiction } from '../../infra/local/seed.ts';
import { names } from '../../infra/naming.ts';
import { derToJose } from '../../shared/licences/jws.ts';
import { isPaymentCode } from '../../shared/payments.ts';
import { eventually, useLocalCloud } from '../support/local-cloud.ts';
import {
  applyWithMaterials,
  approveUntilPayment as approveUntil,
  gajReviewer,
  payOnPage as payOnPageAs,
} from '../support/payments.ts';

const api = useLocalCloud('dinghai', async (cloud) => void (await seedJurisdiction(cloud.jurisdiction)));

const gaj = gajReviewer;
const gaj2: DevTokenRequest = {
  sub: 'reviewer-gaj-2',
  role: 'reviewer',
  name: '公安复核',
  department: 'gaj',
};
const setClock = (now: string) => api.request('POST', '/dev/clock', { body: { now } });

afterAll(async () => {
  await api.request('POST', '/dev/clock', { body: { reset: true } });
});

const apply = (itemCode: string, form: Record<string, unknown>) =>
  applyWithMaterials(api, 'citizen', itemCode, form);
const approveUntilPayment = (n: string) => approveUntil(api, n);

const order = (n: string, as: 'citizen' | DevTokenRequest = 'citizen') =>
  api.request('GET', `/cases/${n}/payment`, { as });

const payOnPage = (payUrl: string) => payOnPageAs(api, payUrl);

describe('payment of a fee-charging item', () => {
  let n = '';
  let receipt = '';

  it('approved, the case waits for its fee with an order: amount, 缴款码, deadline and the pay page', async () => {
    await setClock('2026-12-08T10:00:00+08:00');
    n = await apply('330902-QR-0001', { reason: '有效期满', mobile: '13800000001' });
    const view = await approveUntilPayment(n);
    expect(view.body.status).toBe('AWAITING_PAYMENT');
    const res = await order(n);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ISSUED', assessment: { totalFen: 2000, dueFen: 2000 } });
    expect(isPaymentCode(res.body.paymentCode)).toBe(true);
    expect(res.body.deadline).toBe('2026-12-23T15:59:59.000Z');
    expect(res.body.token).toBeUndefined();
    // Someone else's order does not exist for them.
    expect((await order(n, { sub: 'other', role: 'citizen', name: '王五' })).status).toBe(404);
    const html = await payOnPage(res.body.payUrl);
    expect(html).toContain(res.body.paymentCode);
    expect(html).toContain('20.00');
  }, 120_000);

  it('the signed callback marks it paid, the case completes, and the sealed receipt verifies', async () => {
    const done = await eventually(
      () => api.request('GET', `/cases/${n}`, { as: 'citizen' }),
      (r) => r.body.status === 'COMPLETED',
      50_000,
    );
    expect(done.body.status).toBe('COMPLETED');
    const paid = await order(n);
    expect(paid.body).toMatchObject({ status: 'PAID', paidFen: 2000 });
    const r = await api.request('GET', `/cases/${n}/payment/receipt`, { as: 'citizen' });
    expect(r.status).toBe(200);
    receipt = r.body.jws;
    const checked = await api.request('POST', '/payments/receipts/verify', { body: { receipt } });
    expect(checked.body).toMatchObject({
      valid: true,
      status: 'valid',
      receipt: { amountFen: 2000, caseNumber: n },
    });
    expect(checked.body.receipt.payer).toBe('张**');
    const [h, p, s] = receipt.split('.') as [string, string, string];
    const forged = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), amountFen: 2 }),
    ).toString('base64url');
    const tampered = await api.request('POST', '/payments/receipts/verify', {
      body: { receipt: `${h}.${forged}.${s}` },
    });
    expect(tampered.body.valid).toBe(false);
    const events = (await api.request('GET', '/dev/events?type=PaymentReceived&limit=100')).body.events;
    expect(events.filter((e: { detail: { caseNumber: string } }) => e.detail.caseNumber === n)).toHaveLength(
      1,
    );
  }, 60_000);

  it('the same callback sent again changes nothing; a forged or tampered one is refused', async () => {
    const sim = api.cloud.payments!;
    await sim.settled();
    const mine = sim
      .sentCallbacks()
      .find((c) => JSON.parse(Buffer.from(c.data, 'base64url').toString()).orderId.startsWith(n))!;
    for (let i = 0; i < 2; i++) {
      const again = await api.request('POST', '/payments/callback', { body: mine });
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({ code: 'SUCCESS', outcome: 'duplicate' });
    }
    expect((await order(n)).body).toMatchObject({ status: 'PAID', paidFen: 2000, strayPayments: [] });
    const message = JSON.parse(Buffer.from(mine.data, 'base64url').toString());
    const tampered = Buffer.from(JSON.stringify({ ...message, amountFen: 1, txnId: 'NTforged' })).toString(
      'base64url',
    );
    const refused = await api.request('POST', '/payments/callback', {
      body: { data: tampered, signature: mine.signature },
    });
    expect(refused.status).toBe(401);
    const noise = await api.request('POST', '/payments/callback', { body: { data: 'x' } });
    expect(noise.status).toBe(400);
  });

  it('staff ask for a partial refund, a supervisor approves it, the provider refunds it', async () => {
    const tooMuch = await api.request('POST', `/cases/${n}/payment/refunds`, {
      as: gaj,
      body: { amountFen: 2001, reason: '多收费用' },
    });
    expect(tooMuch.status).toBe(409);
    const asked = await api.request('POST', `/cases/${n}/payment/refunds`, {
      as: gaj,
      body: { amountFen: 500, reason: '照片由窗口免费拍摄，退还部分费用' },
    });
    expect(asked.status).toBe(201);
    const refundId = asked.body.refundId as string;
    expect(
      (
        await api.request('GET', '/payments/orders?status=REFUND_REQUESTED', { as: 'supervisor' })
      ).body.orders.map((o: { caseNumber: string }) => o.caseNumber),
    ).toContain(n);
    expect(
      (
        await api.request('POST', `/cases/${n}/payment/refunds/${refundId}/decision`, {
          as: gaj,
          body: { approve: true, opinion: '同意' },
        })
      ).status,
    ).toBe(403);
    const approved = await api.request('POST', `/cases/${n}/payment/refunds/${refundId}/decision`, {
      as: 'supervisor',
      body: { approve: true, opinion: '同意退还' },
    });
    expect(approved.status).toBe(200);
    const refunded = await eventually(
      () => order(n),
      (r) => r.body.refundedFen === 500,
    );
    expect(refunded.body.refunds[0]).toMatchObject({ status: 'refunded', amountFen: 500 });
    expect((await api.request('POST', '/payments/receipts/verify', { body: { receipt } })).body.status).toBe(
      'partly-refunded',
    );
    const twice = await api.request('POST', `/cases/${n}/payment/refunds/${refundId}/decision`, {
      as: 'supervisor',
      body: { approve: true, opinion: '同意退还' },
    });
    expect(twice.status).toBe(409);
  });

  it('the day reconciles with the provider’s statement: no difference', async () => {
    expect(
      (await api.request('GET', '/payments/reconciliation?day=2026-12-08', { as: 'citizen' })).status,
    ).toBe(403);
    expect(
      (await api.request('GET', '/payments/reconciliation?day=yesterday', { as: 'supervisor' })).status,
    ).toBe(400);
    const r = await api.request('GET', '/payments/reconciliation?day=2026-12-08', { as: 'supervisor' });
    expect(r.status).toBe(200);
    expect(r.body.ledger).toEqual({ payments: 1, paymentFen: 2000, refunds: 1, refundFen: 500 });
    expect(r.body.statement).toEqual(r.body.ledger);
    expect(r.body.differences).toEqual([]);
  });
});

describe('a fee the reviewer assesses, left unpaid', () => {
  let n = '';

  it('waits for the reviewer, who assesses it with a documented reduction', async () => {
    await setClock('2026-12-09T10:00:00+08:00');
    n = await apply('330902-QR-0006', { breed: '中华田园犬', address: '定海区解放东路1号' });
    await approveUntilPayment(n);
    expect((await order(n)).body).toMatchObject({ status: 'ASSESSING' });
    const assessing = await api.request('GET', '/payments/orders?status=ASSESSING', { as: gaj });
    expect(assessing.body.orders.map((o: { caseNumber: string }) => o.caseNumber)).toContain(n);
    const bad = await api.request('POST', `/cases/${n}/payment/assessment`, {
      as: gaj,
      body: { reduction: { kind: 'percent', percent: 50, basis: '', reason: '低保' } },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path)).toContain('body.reduction.basis');
    const missing = await api.request('POST', `/cases/${n}/payment/assessment`, { as: gaj, body: {} });
    expect(missing.status).toBe(400);
    expect(
      (
        await api.request('POST', `/cases/${n}/payment/assessment`, {
          as: 'reviewer',
          body: { amounts: [{ line: 0, amountFen: 30000 }] },
        })
      ).status,
    ).toBe(404);
    const assessed = await api.request('POST', `/cases/${n}/payment/assessment`, {
      as: gaj2,
      body: {
        amounts: [{ line: 0, amountFen: 30000 }],
        reduction: {
          kind: 'percent',
          percent: 50,
          basis: '《定海区养犬管理办法》低保家庭减半',
          reason: '申请人持低保证',
        },
      },
    });
    expect(assessed.status, JSON.stringify(assessed.body)).toBe(200);
    expect(assessed.body).toMatchObject({
      status: 'ISSUED',
      assessment: { totalFen: 30000, reductionFen: 15000, dueFen: 15000, by: { sub: gaj2.sub } },
    });
  }, 120_000);

  it('unpaid by the deadline the case closes, with notice', async () => {
    await setClock('2026-12-25T09:00:00+08:00');
    const swept = await api.request('POST', '/dev/schedules/payments');
    expect(swept.status).toBe(200);
    expect(swept.body.result.closed).toBeGreaterThanOrEqual(1);
    const closed = await eventually(
      () => api.request('GET', `/cases/${n}`, { as: 'citizen' }),
      (r) => r.body.status === 'CLOSED_UNPAID',
    );
    expect(closed.body.status).toBe('CLOSED_UNPAID');
    expect((await order(n)).body.status).toBe('CLOSED_UNPAID');
    const told = await eventually(
      () => api.request('GET', '/dev/events?type=CaseClosedUnpaid&limit=100'),
      (r) => r.body.events.some((e: { detail: { caseNumber: string } }) => e.detail.caseNumber === n),
    );
    expect(told.body.events.some((e: { detail: { caseNumber: string } }) => e.detail.caseNumber === n)).toBe(
      true,
    );
    const inbox = await eventually(
      () => api.request('GET', '/notifications', { as: 'citizen' }),
      (r) => JSON.stringify(r.body).includes('逾期未缴费'),
    );
    expect(JSON.stringify(inbox.body)).toContain('逾期未缴费');
  });

  it('a payment made after the deadline is refunded automatically', async () => {
    const o = (await order(n)).body;
    await payOnPage(o.payUrl);
    const refunded = await eventually(
      () => order(n),
      (r) => r.body.refundedFen === 15000,
      30_000,
    );
    expect(refunded.body).toMatchObject({ status: 'CLOSED_UNPAID', paidFen: 0, refundedFen: 15000 });
    expect(refunded.body.strayPayments[0]).toMatchObject({
      amountFen: 15000,
      why: 'paid after the deadline',
    });
    expect(refunded.body.refunds[0]).toMatchObject({ automatic: true, status: 'refunded' });
    expect((await api.request('GET', `/cases/${n}`, { as: 'citizen' })).body.status).toBe('CLOSED_UNPAID');
    const r = await api.request('GET', '/payments/reconciliation?day=2026-12-25', { as: 'admin' });
    expect(r.body.ledger).toEqual({ payments: 1, paymentFen: 15000, refunds: 1, refundFen: 15000 });
    expect(r.body.differences).toEqual([]);
  });
});

describe('a receipt after the seal is renewed', () => {
  const kms = () =>
    new KMSClient({
      endpoint: api.cloud.endpoints.kms,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
  /** An ID-card renewal applied for, approved and paid: its receipt once sealed. */
  const paidReceipt = async () => {
    const n = await apply('330902-QR-0001', { reason: '有效期满', mobile: '13800000001' });
    await approveUntilPayment(n);
    await payOnPage((await order(n)).body.payUrl);
    return eventually(
      () => api.request('GET', `/cases/${n}/payment/receipt`, { as: 'citizen' }),
      (r) => r.status === 200,
      50_000,
    );
  };
  const headerOf = (jws: string) => JSON.parse(Buffer.from(jws.split('.')[0]!, 'base64url').toString());

  it('verifies under its rotated key, while a signature by the retired key dated after the renewal fails', async () => {
    await setClock('2026-12-26T10:00:00+08:00');
    const oldReceipt = (await paidReceipt()).body.jws as string;
    const oldKeyArn = (await kms().send(new GetPublicKeyCommand({ KeyId: names('dinghai').signingKeyAlias })))
      .KeyId!;

    await setClock('2026-12-27T10:00:00+08:00');
    expect((await api.request('POST', '/dev/seal/rotate')).status).toBe(200);
    const newReceipt = (await paidReceipt()).body.jws as string;
    expect(headerOf(newReceipt).kid).not.toBe(headerOf(oldReceipt).kid);

    // Both verify: each under the key that sealed it, found by its kid among the published keys.
    for (const receipt of [oldReceipt, newReceipt]) {
      const checked = await api.request('POST', '/payments/receipts/verify', { body: { receipt } });
      expect(checked.body, JSON.stringify(checked.body)).toMatchObject({ valid: true, status: 'valid' });
    }
    const keys = (await api.request('GET', '/.well-known/jwks.json')).body.keys as Array<{
      kid: string;
      validFrom?: string;
      retiredAt?: string;
    }>;
    const oldKey = keys.find((k) => k.kid === headerOf(oldReceipt).kid);
    const newKey = keys.find((k) => k.kid === headerOf(newReceipt).kid);
    expect(Date.parse(oldKey?.retiredAt ?? '')).toBeGreaterThanOrEqual(Date.parse('2026-12-27T02:00:00Z'));
    expect(newKey?.retiredAt).toBeUndefined();
    expect(newKey?.validFrom).toBe(oldKey!.retiredAt);

    // The retired key still exists in KMS: a receipt it signs now, dated now, is not the seal's.
    const { kid: _kid, iat: _iat, ...rest } = headerOf(oldReceipt);
    const header = {
      ...rest,
      kid: headerOf(oldReceipt).kid,
      iat: Math.floor(Date.parse('2026-12-27T03:00:00Z') / 1000),
    };
    const payload = JSON.parse(Buffer.from(oldReceipt.split('.')[1]!, 'base64url').toString());
    const input = `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
    const signed = await kms().send(
      new SignCommand({
        KeyId: oldKeyArn,
        Message: Buffer.from(input),
        MessageType: 'RAW',
        SigningAlgorithm: 'ECDSA_SHA_256',
      }),
    );
    const late = `${input}.${Buffer.from(derToJose(signed.Signature!)).toString('base64url')}`;
    const refused = await api.request('POST', '/payments/receipts/verify', { body: { receipt: late } });
    expect(refused.body).toMatchObject({
      valid: false,
      checks: expect.arrayContaining([{ check: 'seal', ok: false }]),
    });
    // The same bytes dated before the renewal would be the seal's: the date alone decides.
    const backdated = { ...header, iat: Math.floor(Date.parse('2026-12-26T03:00:00Z') / 1000) };
    const input2 = `${Buffer.from(JSON.stringify(backdated)).toString('base64url')}.${input.split('.')[1]}`;
    const signed2 = await kms().send(
      new SignCommand({
        KeyId: oldKeyArn,
        Message: Buffer.from(input2),
        MessageType: 'RAW',
        SigningAlgorithm: 'ECDSA_SHA_256',
      }),
    );
    const early = `${input2}.${Buffer.from(derToJose(signed2.Signature!)).toString('base64url')}`;
    expect(
      (await api.request('POST', '/payments/receipts/verify', { body: { receipt: early } })).body.valid,
    ).toBe(true);
  }, 240_000);
});
