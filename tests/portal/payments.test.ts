// 缴费 in headless Chromium: the applicant, signed in through the province's login on a phone, finds the
// approved ID-card renewal waiting for its fee — the amount, the 缴款码 and the deadline on the case page —
// goes to the payment platform's page (the simulator) and pays, comes back, and reads the case completed
// with the sealed receipt verified in words. Each state is checked with axe-core and photographed.
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { demoUsers } from '../../infra/local/demo-users.ts';
import type { DevTokenRequest } from '../../infra/local/dev-identity.ts';
import { screenshot, seriousViolations } from '../support/browser.ts';
import { applyWithMaterials, approveUntilPayment } from '../support/payments.ts';
import { usePortal } from '../support/portal.ts';

const { api, browser } = await usePortal('dinghai');

afterAll(async () => {
  await api.request('POST', '/dev/clock', { body: { reset: true } });
});

const accessible = async (page: Page) => expect(await seriousViolations(page)).toEqual([]);

/** The subject of the first token the page sends to the API: the account the province's login made. */
const subjectOf = (page: Page) =>
  new Promise<string>((resolve) =>
    page.on('request', (request) => {
      const token = request.headers().authorization?.split(' ')[1];
      if (token) resolve(JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()).sub);
    }),
  );

describe('缴费', () => {
  it('shows the order on the case page, pays on the platform’s page, and verifies the receipt', async () => {
    await api.request('POST', '/dev/clock', { body: { now: '2026-12-08T10:00:00+08:00' } });
    const page = await (await browser().newContext({ viewport: { width: 390, height: 844 } })).newPage();
    const sub = subjectOf(page);
    await page.goto(`${api.url}/my-cases`);
    await page.getByRole('main').getByRole('button', { name: '登录' }).click();
    await page.locator('a[data-user="citizen"]').click();
    await page.waitForURL(`${api.url}/my-cases`);
    const applicant: DevTokenRequest = { ...demoUsers.citizen, sub: await sub };
    const n = await applyWithMaterials(api, applicant, '330902-QR-0001', {
      reason: '有效期满',
      mobile: '13800000001',
    });
    await approveUntilPayment(api, n);
    const order = (await api.request('GET', `/cases/${n}/payment`, { as: applicant })).body;

    await page.getByRole('banner').getByRole('link', { name: '首页' }).click();
    await page.getByRole('banner').locator('a[href="/my-cases"]').click();
    await page.locator(`a[href="/case/${n}"]`).click();
    const section = page.getByRole('region', { name: '缴费' });
    await section.getByText(order.paymentCode).waitFor();
    expect(await section.textContent()).toContain('¥20.00');
    expect(await section.textContent()).toContain('2026-12-23 23:59');
    await accessible(page);
    await screenshot(page, 'payments-01-order');

    await section.getByRole('link', { name: '去缴费' }).click();
    await page.getByRole('button', { name: '确认缴款' }).waitFor();
    await screenshot(page, 'payments-02-pay-page');
    await page.getByRole('button', { name: '确认缴款' }).click();
    await page.waitForURL(`${api.url}/case/${n}?paid=1`);
    // Tokens live in the page's memory: back from the platform, the applicant signs in again.
    await page.getByRole('main').getByRole('button', { name: '登录' }).click();
    const again = page.locator('a[data-user="citizen"]');
    if (await again.isVisible().catch(() => false)) await again.click();
    const paid = page.getByRole('region', { name: '缴费' });
    await paid.getByText('已缴费').waitFor({ timeout: 60_000 });
    await paid.getByRole('button', { name: '查看并查验电子票据' }).click();
    await paid.getByText('票据有效').waitFor();
    await accessible(page);
    await screenshot(page, 'payments-03-paid-receipt');
  }, 240_000);
});
