// The drawn pages' island in headless Chromium: with the app's bundle held back, as on a slow line, the home
// page's and a guide's controls work — 适老化, the language switch (the words are in the page), search and
// sign-in — then the bundle arrives and takes the page over as it is (language, mode and typed text kept,
// no control answering twice), and navigation is the app's own. axe-core finds nothing serious in either
// language.
import type { Page, Route } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot, seriousViolations } from '../support/browser.ts';
import { usePortal } from '../support/portal.ts';

const { api, browser } = await usePortal('dinghai');
const guide = '/guide/330902-XK-0010';

/** Holds every script file back until `release` is called. */
const holdScripts = async (page: Page) => {
  let release = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  await page.route('**/assets/*.js', async (route: Route) => {
    await held;
    await route.continue();
  });
  return () => release();
};

const live = (page: Page) => page.locator('html[data-live]');

describe('a drawn page before its app arrives', () => {
  it('switches language and large print, keeps them and the typed search when the app takes over, then navigates in the app', async () => {
    const context = await browser().newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
    const page = await context.newPage();
    const release = await holdScripts(page);
    await page.goto(`${api.url}/`, { waitUntil: 'commit' });
    await page.getByRole('heading', { level: 1, name: '网上办事大厅' }).waitFor();

    // 适老化: at once, and said to assistive technology.
    const care = page.getByRole('button', { name: '大字 · 高对比' });
    await care.click();
    expect(await page.locator('html').getAttribute('class')).toContain('care');
    expect(await care.getAttribute('aria-pressed')).toBe('true');

    // English, from the words the page carries: nothing is fetched for it.
    const asked: string[] = [];
    page.on('request', (request) => asked.push(new URL(request.url()).pathname));
    await page.getByLabel('语言').selectOption('en');
    await page.getByRole('heading', { level: 1, name: 'Online Service Hall' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.title()).toBe('Online Service Hall · Dinghai District, Zhoushan');
    expect(await page.getByRole('navigation').textContent()).toContain('Departments');
    expect(
      await page.getByRole('button', { name: 'Large text · high contrast' }).getAttribute('aria-pressed'),
    ).toBe('true');
    // The catalogue's own text stays Chinese, and marked so.
    expect(await page.locator('h2#topics').textContent()).not.toMatch(/[\u4e00-\u9fff]/);
    expect(await page.locator('h2#topics + ul li a').first().getAttribute('lang')).toBe('zh-CN');
    expect(asked).toEqual([]);
    expect(await live(page).count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'islands-01-home-english-large-print-before-app');

    // Back to Chinese and to English again: every word returns.
    await page.getByLabel('Language').selectOption('zh');
    await page.getByRole('heading', { level: 1, name: '网上办事大厅' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    await page.getByLabel('语言').selectOption('en');
    await page.getByRole('heading', { level: 1, name: 'Online Service Hall' }).waitFor();

    // Someone starts typing; the app arrives and takes over the page as it is.
    const field = page.getByLabel('Search services');
    await field.fill('yyzz');
    await field.focus();
    await page.evaluate('window.sameDocument = true');
    release();
    await live(page).waitFor({ state: 'attached' });
    expect(await field.inputValue()).toBe('yyzz');
    expect(await page.evaluate('document.activeElement?.id')).toBe('q');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.locator('html').getAttribute('class')).toContain('care');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Online Service Hall');
    // One press of the switch turns it off once (the island let go).
    const careNow = page.getByRole('button', { name: 'Large text · high contrast' });
    await careNow.click();
    await expect.poll(() => careNow.getAttribute('aria-pressed')).toBe('false');
    expect(await page.locator('html').getAttribute('class')).not.toContain('care');
    await careNow.click();
    await expect.poll(() => careNow.getAttribute('aria-pressed')).toBe('true');

    // The search and every link from here on are the app's: no new document.
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.waitForURL(/\/find\?q=yyzz$/);
    await page.getByRole('link', { name: '营业执照设立登记（有限责任公司）' }).waitFor();
    expect(await page.evaluate('window.sameDocument')).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'islands-02-search-in-app-after-takeover');
    await page.getByRole('navigation').getByRole('link', { name: 'Departments' }).click();
    await page.getByRole('heading', { level: 1, name: 'Departments' }).waitFor();
    expect(await page.evaluate('window.sameDocument')).toBe(true);

    // A guide opened afresh, its script held again: in the remembered language and mode from the start.
    const second = await context.newPage();
    const releaseGuide = await holdScripts(second);
    await second.goto(`${api.url}${guide}`, { waitUntil: 'commit' });
    await second.getByRole('columnheader', { name: 'Material' }).waitFor();
    expect(await second.locator('html').getAttribute('class')).toContain('care');
    expect(await second.getByRole('link', { name: 'Apply online' }).getAttribute('href')).toBe(
      '/apply/330902-XK-0010',
    );
    expect(await second.locator('td[data-label]').first().getAttribute('data-label')).toBe(
      'Originals / copies',
    );
    expect(await live(second).count()).toBe(0);
    expect(await seriousViolations(second)).toEqual([]);
    await screenshot(second, 'islands-03-guide-english-before-app');
    await second.getByLabel('Language').selectOption('zh');
    await second.getByRole('columnheader', { name: '材料名称' }).waitFor();
    await screenshot(second, 'islands-04-guide-chinese-before-app');
    releaseGuide();
    await live(second).waitFor({ state: 'attached' });
    expect(await second.getByRole('columnheader').first().textContent()).toBe('材料名称');
    await second.getByLabel('语言').selectOption('en');
    await second.getByRole('columnheader', { name: 'Material' }).waitFor();
    await context.close();
  }, 120_000);

  it('searches, and signs in through the province, before the app arrives', async () => {
    const context = await browser().newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
    const page = await context.newPage();
    const release = await holdScripts(page);
    await page.goto(`${api.url}${guide}`, { waitUntil: 'commit' });
    await page.getByRole('table').waitFor();
    // Sign-in leaves for the provider with PKCE at once, without the app.
    const leaving = page.waitForRequest((request) => new URL(request.url()).pathname === '/oidc/auth');
    await page.getByRole('button', { name: '登录' }).click();
    const auth = new URL((await leaving).url());
    expect(auth.searchParams.get('client_id')).toBe('tongban-portal');
    expect(auth.searchParams.get('code_challenge_method')).toBe('S256');
    expect(auth.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(auth.searchParams.get('redirect_uri')).toBe(`${api.url}/signed-in`);
    // The province's login; back at the portal (its app now let through), signed in, on the same guide.
    release();
    await page.locator('a[data-user="citizen"]').click();
    await page.waitForURL(`${api.url}${guide}`);
    await page
      .getByRole('link', { name: '我的办件' })
      .or(page.locator('.account a[href="/my-cases"]'))
      .first()
      .waitFor();
    expect(await page.getByRole('button', { name: '退出' }).count()).toBe(1);

    // Search from a drawn home page with the app held back: the form submits by itself.
    const home = await context.newPage();
    await holdScripts(home);
    await home.goto(`${api.url}/`, { waitUntil: 'commit' });
    await home.getByLabel('搜索办事事项').fill('营业执照');
    await home.getByRole('button', { name: '搜索' }).click();
    await home.waitForURL(/\/find\?q=%E8%90%A5%E4%B8%9A%E6%89%A7%E7%85%A7$/, { waitUntil: 'commit' });
    await context.close();
  }, 120_000);
});
