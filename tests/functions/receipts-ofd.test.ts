// The payment receipt as a sealed OFD document on the local cloud, checked with tools that know nothing of
// how it was made: an ID-card renewal is paid, its receipt comes as the JWS and as an OFD sealed by the
// collecting department (公安局) with SM2; openssl recomputes every SM3 check value and verifies the SM2
// signature against the signer's certificate, which chains to the demo CA; the document states the masked
// payer, the amount in yuan, the order, the 缴款码, the fees, the date and the department, with a QR code to
// the verification page; POST /verify reports each check, a changed byte fails the digests, and a partial
// then a full refund shows in the status check.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { seedJurisdiction } from '../../infra/local/seed.ts';
import { eventually, useLocalCloud } from '../support/local-cloud.ts';
import {
  opensslChainToDemoCa,
  opensslCheckValues,
  opensslSignedValue,
  unpackOfdFile,
} from '../support/ofd.ts';
import { applyWithMaterials, approveUntilPayment, payOnPage } from '../support/payments.ts';

const api = useLocalCloud('dinghai', async (cloud) => void (await seedJurisdiction(cloud.jurisdiction)));

const dir = mkdtempSync(join(tmpdir(), 'tongban-receipt-ofd-'));
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await api.request('POST', '/dev/clock', { body: { reset: true } });
});

const verifyOfd = (bytes: Uint8Array) =>
  api.request('POST', '/verify', { body: { ofd: Buffer.from(bytes).toString('base64') } });

const state = { caseNumber: '', receiptNumber: '', paymentCode: '', ofd: new Uint8Array() };

describe('OFD receipts', () => {
  it('seals the receipt of a paid order as an OFD of the collecting department', async () => {
    await api.request('POST', '/dev/clock', { body: { now: '2026-12-08T10:00:00+08:00' } });
    const n = await applyWithMaterials(api, 'citizen', '330902-QR-0001', {
      reason: '有效期满',
      mobile: '13800000001',
    });
    await approveUntilPayment(api, n);
    const order = (await api.request('GET', `/cases/${n}/payment`, { as: 'citizen' })).body;
    await payOnPage(api, order.payUrl);
    const receipt = await eventually(
      () => api.request('GET', `/cases/${n}/payment/receipt`, { as: 'citizen' }),
      (r) => r.status === 200,
      50_000,
    );
    expect(receipt.body.ofd).toMatchObject({ expiresInSeconds: 300 });
    expect(receipt.body.verification.valid).toBe(true);
    const response = await fetch(receipt.body.ofd.url);
    expect(response.status).toBe(200);
    state.ofd = new Uint8Array(await response.arrayBuffer());
    state.caseNumber = n;
    state.receiptNumber = receipt.body.receiptNumber;
    state.paymentCode = order.paymentCode;

    const { listing, root } = unpackOfdFile(state.ofd, dir, 'receipt');
    expect(listing).toContain('Doc_0/Signs/Sign_0/SignedValue.dat');
    const entry = readFileSync(join(root, 'OFD.xml'), 'utf8');
    const data = (name: string) =>
      new RegExp(`<ofd:CustomData Name="${name}">([^<]*)</ofd:CustomData>`).exec(entry)?.[1];
    expect(data('票据号码')).toBe(state.receiptNumber);
    expect(data('缴款码')).toBe(order.paymentCode);
    expect(data('订单号')).toBe(order.orderId);
    expect(data('金额（元）')).toBe('20.00');
    expect(data('缴款日期')).toBe('2026-12-08');
    expect(data('收款单位')).toBe('舟山市公安局定海分局');
    // The payer is masked: the family name only.
    expect(data('缴款人')).toMatch(/^张\*+$/);
    // The page prints what the metadata says: its text runs hold the amount in yuan and the order.
    const content = readFileSync(join(root, 'Doc_0/Pages/Page_0/Content.xml'), 'utf8');
    expect(content).toContain('20.00 元');
    expect(content).toContain(order.paymentCode);
    expect(content).toContain('2026年12月8日');
  }, 240_000);

  it('carries SM3 check values openssl recomputes and an SM2 seal openssl verifies, chained to the demo CA', async () => {
    const root = join(dir, 'receipt');
    const { signatureXml, references } = opensslCheckValues(root);
    expect(references.map((r) => r.path)).toContain('Doc_0/Pages/Page_0/Content.xml');
    expect(references.map((r) => r.path)).toContain('OFD.xml');
    for (const r of references) expect(r.computed, r.path).toBe(r.stated);
    expect(signatureXml).toContain('StampAnnot');
    const signed = opensslSignedValue(root, dir);
    expect(signed.algorithm).toContain('SM2-with-SM3');
    expect(signed.verified).toContain('Signature Verified Successfully');
    expect(signed.signsSignatureXml).toBe(true);
    expect(await opensslChainToDemoCa(api.url, dir, signed.signerPem)).toContain(': OK');
  });

  it('verifies by POST /verify, each check on its own, and fails a changed byte', async () => {
    const res = await verifyOfd(state.ofd);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      valid: true,
      checks: { package: true, digests: true, signature: true, seal: true, chain: true, status: true },
      receipt: {
        number: state.receiptNumber,
        paymentCode: state.paymentCode,
        caseNumber: state.caseNumber,
        amountYuan: '20.00',
        status: 'valid',
        collector: { name: '舟山市公安局定海分局' },
      },
    });
    expect(res.body.receipt.payer).toMatch(/^张\*+$/);
    const files = unzipSync(state.ofd);
    const page = 'Doc_0/Pages/Page_0/Content.xml';
    const changed = { ...files, [page]: new Uint8Array(files[page]!) };
    const bytes = changed[page]!;
    const at = bytes.lastIndexOf(0x3e) - 2;
    bytes[at] = bytes[at] === 0x31 ? 0x32 : 0x31;
    const tampered = await verifyOfd(zipSync(changed));
    expect(tampered.body).toMatchObject({ valid: false, checks: { digests: false } });
  });

  it('shows a partial refund, and fails the status check once refunded in full', async () => {
    const refund = async (amountFen: number) => {
      const asked = await api.request('POST', `/cases/${state.caseNumber}/payment/refunds`, {
        as: { sub: 'reviewer-gaj', role: 'reviewer', name: '公安审核', department: 'gaj' },
        body: { amountFen, reason: '多收费用退还' },
      });
      expect(asked.status, JSON.stringify(asked.body)).toBe(201);
      const decided = await api.request(
        'POST',
        `/cases/${state.caseNumber}/payment/refunds/${asked.body.refundId}/decision`,
        { as: 'supervisor', body: { approve: true, opinion: '同意退还' } },
      );
      expect(decided.status).toBe(200);
    };
    await refund(500);
    const partly = await eventually(
      () => verifyOfd(state.ofd),
      (r) => r.body.receipt?.status === 'partly-refunded',
      30_000,
    );
    expect(partly.body).toMatchObject({
      valid: true,
      checks: { status: true },
      receipt: { status: 'partly-refunded', refundedYuan: '5.00' },
    });
    expect(partly.body.details.status.message).toContain('5.00 of 20.00');
    await refund(1500);
    const refunded = await eventually(
      () => verifyOfd(state.ofd),
      (r) => r.body.receipt?.status === 'refunded',
      30_000,
    );
    expect(refunded.body).toMatchObject({
      valid: false,
      checks: { digests: true, signature: true, seal: true, chain: true, status: false },
      problems: [{ check: 'status', reason: expect.stringContaining('Refunded in full') }],
    });
  });
});
