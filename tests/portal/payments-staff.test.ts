// 收费与退款 on the workbench in headless Chromium at a desktop size: 公安局's reviewer finds a dog registration
// waiting for its fee in the queue, assesses it on the case view (an over-large reduction refused by the API
// beside its field, then ¥300.00 with a documented 50 % reduction), the applicant pays ¥150.00 on the payment
// platform's page, the reviewer asks for a partial refund (too much refused beside the amount, then ¥50.00),
// the supervisor — not who asked — approves it from the queue of refunds, the provider refunds it and the
// case view shows it refunded. Each page is checked with axe-core and photographed.
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { screenshot, seriousViolations } from '../support/browser.ts';
import { eventually } from '../support/local-cloud.ts';
import { applyWithMaterials, approveUntilPayment } from '../support/payments.ts';
import { usePortal } from '../support/portal.ts';

const { api, browser, signedIn } = await usePortal('dinghai');

afterAll(async () => {
  await api.request('POST', '/dev/clock', { body: { reset: true } });
});

const accessible = async (page: Page) => expect(await seriousViolations(page)).toEqual([]);

const order = (n: string) => api.request('GET', `/cases/${n}/payment`, { as: 'citizen' });

describe('fees and refunds on the workbench', () => {
  it('assess → the applicant pays → a refund asked → approved by a supervisor → refunded', async () => {
    await api.request('POST', '/dev/clock', { body: { now: '2026-12-11T10:00:00+08:00' } });
    const n = await applyWithMaterials(api, 'citizen', '330902-QR-0006', {
      breed: '中华田园犬',
      address: '定海区解放东路1号',
    });
    await approveUntilPayment(api, n);
    expect((await order(n)).body.status).toBe('ASSESSING');

    // 核定: from the queue to the case view.
    const reviewer = await signedIn('reviewer6', '/work/payments');
    let page = reviewer.page;
    const queue = page.getByRole('table', { name: /本部门待核定收费的办件/ });
    await queue.getByRole('link', { name: n }).waitFor({ timeout: 20_000 });
    await accessible(page);
    await screenshot(page, 'paystaff-01-assess-queue');
    await queue.getByRole('link', { name: n }).click();
    const section = page.getByRole('region', { name: '缴费' });
    const form = section.getByRole('form', { name: '核定收费' });
    await form.waitFor({ timeout: 20_000 });
    await form.getByLabel('「犬类管理服务费」金额（元）').fill('300');
    await form.getByRole('radio', { name: '减免固定金额' }).check();
    await form.getByLabel('减免金额（元）').fill('999');
    await form.getByLabel('减免依据（文件名称及条款）').fill('《定海区养犬管理办法》第十二条');
    await form.getByLabel('减免理由').fill('申请人持低保证');
    await form.getByRole('button', { name: '核定并发出缴款通知' }).click();
    // The API refuses a reduction past the reducible fees; its message stands beside the field.
    const off = form.getByLabel('减免金额（元）');
    await expect.poll(() => off.getAttribute('aria-invalid'), { timeout: 15_000 }).toBe('true');
    expect(await form.locator('#reduction-amount-error').textContent()).toContain('¥300.00');
    await accessible(page);
    await screenshot(page, 'paystaff-02-assess-error');
    await form.getByRole('radio', { name: '按比例减免' }).check();
    await form.getByLabel('减免比例（%）').fill('50');
    await form.getByRole('button', { name: '核定并发出缴款通知' }).click();
    await page.getByText('已核定，应缴 ¥150.00，缴款通知已发出。').first().waitFor({ timeout: 20_000 });
    await section.getByText('待缴费').first().waitFor();
    expect(await section.textContent()).toContain('−¥150.00');
    await accessible(page);
    await screenshot(page, 'paystaff-03-assessed');
    await reviewer.context.close();
    const issued = (await order(n)).body;
    expect(issued).toMatchObject({
      status: 'ISSUED',
      assessment: {
        totalFen: 30000,
        reductionFen: 15000,
        dueFen: 15000,
        reduction: { kind: 'percent', percent: 50 },
        by: { name: '林审核' },
      },
    });

    // The applicant pays on the platform's page.
    const payer = await (await browser().newContext({ viewport: { width: 390, height: 844 } })).newPage();
    await payer.goto(issued.payUrl);
    await payer.getByRole('button', { name: '确认缴款' }).waitFor();
    expect(await payer.textContent('body')).toContain('150.00');
    await screenshot(payer, 'paystaff-04-pay-page');
    await payer.getByRole('button', { name: '确认缴款' }).click();
    await payer.getByRole('status').getByText('已缴款').waitFor();
    await payer.context().close();
    await eventually(
      () => order(n),
      (r) => r.body.status === 'PAID',
      40_000,
    );

    // 退款申请 on the case view: too much is refused beside the amount, then ¥50.00.
    ({ page } = await signedIn('reviewer6', `/work/case/${n}`));
    const paid = page.getByRole('region', { name: '缴费' });
    const refund = paid.getByRole('form', { name: '申请退款' });
    await refund.waitFor({ timeout: 20_000 });
    expect(await paid.textContent()).toContain('可退金额：¥150.00');
    await refund.getByRole('radio', { name: '部分退款' }).check();
    await refund.getByLabel('退款金额（元）').fill('200');
    await refund.getByLabel('退款原因').fill('犬只登记牌由申请人自备，退还部分费用');
    await refund.getByRole('button', { name: '提交退款申请' }).click();
    const amount = refund.getByLabel('退款金额（元）');
    await expect.poll(() => amount.getAttribute('aria-invalid'), { timeout: 15_000 }).toBe('true');
    expect(await refund.locator('#refund-amount-error').textContent()).toContain('最多可退 ¥150.00');
    await accessible(page);
    await screenshot(page, 'paystaff-05-refund-error');
    await amount.fill('50');
    await refund.getByRole('button', { name: '提交退款申请' }).click();
    await page.getByText('已申请退款 ¥50.00，等待监察人员审批。').first().waitFor({ timeout: 20_000 });
    await paid.getByRole('table', { name: '退款申请与审批' }).getByText('待审批').waitFor();
    await accessible(page);
    await screenshot(page, 'paystaff-06-refund-asked');
    await page.context().close();

    // 退款审批 by the supervisor, from the queue of refunds.
    const supervisor = await signedIn('supervisor', '/work/payments');
    page = supervisor.page;
    const refunds = page.getByRole('table', { name: /待审批的退款申请/ });
    await refunds.getByRole('row').filter({ hasText: n }).waitFor({ timeout: 20_000 });
    expect(await refunds.getByRole('row').filter({ hasText: n }).textContent()).toContain('¥50.00');
    await page.getByRole('button', { name: `审批 ${n} 的退款 ¥50.00` }).click();
    const decision = page.getByRole('form', { name: '审批退款 ¥50.00' });
    await decision.getByRole('button', { name: '同意退款' }).click();
    await expect
      .poll(() => decision.getByLabel('审批意见（必填）').getAttribute('aria-invalid'))
      .toBe('true');
    await accessible(page);
    await screenshot(page, 'paystaff-07-refund-decision');
    await decision.getByLabel('审批意见（必填）').fill('理由属实，同意退还 50 元');
    await decision.getByRole('button', { name: '同意退款' }).click();
    await page.getByText('已同意，退款已提交支付平台。').waitFor({ timeout: 20_000 });
    await refunds.getByText('没有待审批的退款申请。').waitFor();
    await accessible(page);
    await screenshot(page, 'paystaff-08-refunds-queue-done');

    // The provider refunds; the case view shows it.
    const done = await eventually(
      () => order(n),
      (r) => r.body.refundedFen === 5000,
      40_000,
    );
    expect(done.body.refunds[0]).toMatchObject({
      status: 'refunded',
      amountFen: 5000,
      requestedBy: { name: '林审核' },
      decidedBy: { name: '郑监察' },
    });
    await supervisor.context.close();
    ({ page } = await signedIn('supervisor', `/work/case/${n}`));
    const shown = page.getByRole('region', { name: '缴费' });
    await shown
      .getByRole('table', { name: '退款申请与审批' })
      .getByText('已退还')
      .waitFor({ timeout: 20_000 });
    expect(await shown.textContent()).toContain('已退金额¥50.00');
    await accessible(page);
    await screenshot(page, 'paystaff-09-refunded');
    await page.context().close();
  }, 300_000);
});
