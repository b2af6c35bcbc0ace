// 预约 in headless Chromium: from an item's guide a citizen books a slot on a phone, by keyboard, seeing the
// places left and a slot that a burst of bookings filled shown as full; moves it and cancels it from 我的预约;
// another person books a home visit, the address's mistakes shown beside its fields; the window's clerk
// reads the day and records an arrival and a no-show. Every page is checked with axe-core and photographed.
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { loadJurisdiction } from '../../infra/jurisdictions/index.ts';
import type { DevTokenRequest } from '../../infra/local/dev-identity.ts';
import { seedCatalogue } from '../../infra/seed/catalogue.ts';
import { screenshot, seriousViolations } from '../support/browser.ts';
import { usePortal } from '../support/portal.ts';

const { api, browser } = await usePortal('dinghai');

const { items } = seedCatalogue(loadJurisdiction('dinghai'));
const codeOf = (name: string) => items.find((i) => i.name === name)!.implementationCode;
const idCard = codeOf('居民身份证换领');
const allowance = codeOf('高龄津贴申领');

afterAll(async () => {
  await api.request('POST', '/dev/clock', { body: { reset: true } });
});

const accessible = async (page: Page) => expect(await seriousViolations(page)).toEqual([]);

/**
 * A page of `size` at `path`, where `toSignIn` (nothing by default) leads to a page that offers 登录; `who`
 * signs in there through the province's login and comes back to the page at `back`.
 */
const openAs = async (
  who: string,
  path: string,
  size: 'phone' | 'desktop',
  back: RegExp,
  toSignIn: (page: Page) => Promise<void> = async () => {},
) => {
  const viewport = size === 'phone' ? { width: 390, height: 844 } : { width: 1280, height: 800 };
  const page = await (await browser().newContext({ viewport })).newPage();
  await page.goto(`${api.url}${path}`);
  await toSignIn(page);
  await page.getByRole('main').getByRole('button', { name: '登录' }).click();
  await page.locator(`a[data-user="${who}"]`).click();
  await page.waitForURL(back);
  return page;
};

/** From an item's guide to its booking page by the guide's `link`, signing in there. */
const fromGuide = (who: string, code: string, link: string, size: 'phone' | 'desktop') =>
  openAs(who, `/guide/${code}`, size, new RegExp(`/book/${code}`), (page) =>
    page.getByRole('link', { name: link }).click(),
  );

/** Checks a radio by keyboard: focus, then Space. */
const choose = async (page: Page, label: RegExp) => {
  await page.getByLabel(label).focus();
  await page.keyboard.press('Space');
  expect(await page.getByLabel(label).isChecked()).toBe(true);
};

const other = (n: number): DevTokenRequest => ({
  sub: `portal-appt-${n}`,
  role: 'citizen',
  name: `预约人${n}`,
  idNumber: '330902199203150025',
});

describe('预约 through the portal', () => {
  it('books from the guide by keyboard, shows a full slot, moves and cancels from 我的预约', async () => {
    // Monday morning; Tuesday's 10:00 at 户政窗口 is filled by a burst of bookings.
    await api.request('POST', '/dev/clock', { body: { now: '2026-12-14T09:30:00+08:00' } });
    const burst = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        api.request('POST', '/appointments', {
          as: other(i),
          body: { itemCode: idCard, slotId: 'main.b01.2026-12-15.1000' },
        }),
      ),
    );
    expect(burst.filter((r) => r.status === 201)).toHaveLength(3);

    const page = await fromGuide('citizen', idCard, '预约办理', 'phone');
    await page.getByRole('heading', { level: 1, name: '预约办理：居民身份证换领' }).waitFor();
    await choose(page, /^12-15 周二/);
    const full = page.getByLabel(/^10:00–10:30 · 定海区行政服务中心 户政窗口/);
    expect(await full.isDisabled()).toBe(true);
    expect(await page.getByText(/10:00–10:30 · 定海区行政服务中心 户政窗口 · 已约满/).count()).toBe(1);

    // Nothing chosen: the summary takes the focus and says so.
    await page.getByRole('button', { name: '确认预约' }).focus();
    await page.keyboard.press('Enter');
    await page.locator('#book-problems').getByText('请选择一个时段。').first().waitFor();
    await accessible(page);

    await choose(page, /^09:00–09:30 · 定海区行政服务中心 户政窗口 · 剩 3 个名额/);
    await page.getByRole('button', { name: '确认预约' }).focus();
    await page.keyboard.press('Enter');
    const booked = await page.getByText(/预约成功，预约号 YY/).textContent();
    const id = /预约号 (YY[0-9A-Z]+)/.exec(booked ?? '')?.[1] ?? '';
    expect(id).toMatch(/^YY261214/);
    await accessible(page);
    await screenshot(page, 'appointments-01-booked');

    await page.getByRole('link', { name: '查看我的预约' }).click();
    await page.getByRole('heading', { level: 1, name: '我的预约' }).waitFor();
    await page.getByText(id).waitFor();
    await accessible(page);
    await screenshot(page, 'appointments-02-mine');

    // 改约 to Wednesday afternoon at a general window.
    await page.getByRole('link', { name: '改约' }).click();
    await page.getByRole('heading', { level: 1, name: '改约：居民身份证换领' }).waitFor();
    await choose(page, /^12-16 周三/);
    await choose(page, /^14:30–15:00 · 定海区行政服务中心 综合受理1号窗口/);
    await page.getByRole('button', { name: '确认改约' }).click();
    await page.getByText(`已改约，预约号 ${id}。`).waitFor();
    await page.getByRole('link', { name: '查看我的预约' }).click();
    await page.getByText('2026-12-16 14:30–15:00').waitFor();

    // 取消 after a confirmation.
    await page.getByRole('button', { name: '取消预约' }).click();
    await page.getByText(/确定取消 2026-12-16 14:30–15:00 办理“居民身份证换领”的预约吗？/).waitFor();
    await accessible(page);
    await screenshot(page, 'appointments-03-cancel-confirm');
    await page.getByRole('button', { name: '确定取消' }).click();
    await page.getByText(`预约 ${id} 已取消。`).waitFor();
    await page.getByText('已取消', { exact: true }).waitFor();
    await screenshot(page, 'appointments-04-cancelled');
  }, 180_000);

  it('books a home visit with its address, mistakes beside the fields', async () => {
    await api.request('POST', '/dev/clock', { body: { now: '2026-12-14T09:30:00+08:00' } });
    const page = await fromGuide('citizen2', allowance, '预约上门办', 'desktop');
    await page.getByRole('heading', { level: 1, name: '预约上门办：高龄津贴申领' }).waitFor();
    await choose(page, /^12-15 周二/);
    await choose(page, /^09:00–10:00 · 舟山市定海区民政局/);
    await page.getByLabel(/^所在区县代码/).fill('110101');
    await page.getByLabel(/^详细地址/).fill('定海区环城南路 88 号 3 幢 201 室');
    await page.getByLabel(/^联系电话/).fill('0580');
    await page.getByRole('button', { name: '确认预约' }).click();
    await page
      .locator('#address-divisionCode-error')
      .getByText(/不在本辖区（330902）内/)
      .waitFor();
    await page
      .locator('#address-contactPhone-error')
      .getByText(/11 位手机号码/)
      .waitFor();
    expect(await page.getByLabel(/^联系电话/).getAttribute('aria-invalid')).toBe('true');
    await accessible(page);
    await screenshot(page, 'appointments-05-home-errors');
    await page.getByLabel(/^所在区县代码/).fill('330902');
    await page.getByLabel(/^联系电话/).fill('13900000088');
    await page.getByLabel(/^需要说明的情况/).fill('老人行动不便，请提前电话联系');
    await page.getByRole('button', { name: '确认预约' }).click();
    await page.getByText(/预约成功，预约号 YY/).waitFor();
    await screenshot(page, 'appointments-06-home-booked');
  }, 120_000);

  it('gives the window its day, with arrivals and no-shows recorded', async () => {
    await api.request('POST', '/dev/clock', { body: { now: '2026-12-15T10:20:00+08:00' } });
    const page = await openAs('clerk', '/work', 'desktop', /\/work$/);
    await page.getByRole('main').getByRole('link', { name: '当日预约' }).click();
    await page.getByRole('heading', { level: 1, name: '当日预约' }).waitFor();
    await page.getByLabel('窗口').selectOption({ label: '户政窗口' });
    await page.getByRole('button', { name: '查看' }).click();
    const table = page.getByRole('table', { name: /定海区行政服务中心 2026-12-15 的预约/ });
    await table.waitFor();
    expect(await table.getByRole('row').count()).toBe(4);
    await page
      .getByRole('button', { name: /^到场 预约人\d 10:00/ })
      .first()
      .click();
    await page.getByText(/已登记：预约人\d 到场。/).waitFor();
    await page
      .getByRole('button', { name: /^爽约 预约人\d 10:00/ })
      .first()
      .click();
    await page.getByText(/已登记：预约人\d 爽约。/).waitFor();
    await page.getByText('已预约 1 · 已到场 1 · 爽约 1 · 已取消 0').waitFor();
    await accessible(page);
    await screenshot(page, 'appointments-07-window-day');

    await page.getByLabel('大厅').selectOption({ label: '上门服务' });
    await page.getByRole('button', { name: '查看' }).click();
    await page.getByText(/定海区环城南路 88 号 3 幢 201 室 · 13900000088/).waitFor();
    await accessible(page);
    await screenshot(page, 'appointments-08-home-visits');
  }, 120_000);
});
