// The portal in a real headless Chromium against the local cloud: a visitor browses topics, finds an item by
// its pinyin initials, reads the full guide, switches to English (remembered), does the same by keyboard
// only, and browses by department. axe-core finds no serious or critical WCAG 2.1 AA violation on any page
// or state visited; each step is photographed into tests/screenshots/.
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot, seriousViolations } from '../support/browser.ts';
import { usePortal } from '../support/portal.ts';

const { api, browser } = await usePortal('dinghai');
let context: BrowserContext;

/** A fresh visitor (no remembered language) on a phone-sized screen. */
const visitor = async (viewport = { width: 390, height: 844 }) => {
  context = await browser().newContext({ viewport, locale: 'zh-CN' });
  return context.newPage();
};

const accessible = async (page: Page) => expect(await seriousViolations(page)).toEqual([]);

describe('the portal', () => {
  it('is served at / with strict security headers, while API paths stay the API', async () => {
    const page = await fetch(`${api.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    const guide = await fetch(`${api.url}/guide/330902-XK-0010`);
    expect(guide.headers.get('content-type')).toContain('text/html');
    const item = await api.request('GET', '/items/330902-XK-0010');
    expect(item.body.name).toBe('营业执照设立登记（有限责任公司）');
    const unknown = await fetch(`${api.url}/assets/nothing.js`);
    expect(unknown.status).toBe(404);
    const apiUnknown = await api.request('GET', '/no-such-thing');
    expect(apiUnknown.status).toBe(404);
    expect(apiUnknown.headers.get('content-type')).toContain('application/json');
  });

  it('shows a guide and its working links before its script arrives, then hands over without asking again', async () => {
    const page = await visitor();
    const asked: string[] = [];
    page.on('request', (request) => asked.push(new URL(request.url()).pathname));
    // The script is held back until the page has been read.
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route('**/assets/*.js', async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(`${api.url}/guide/330902-XK-0010`, { waitUntil: 'commit' });
    await page.getByRole('heading', { level: 1, name: '营业执照设立登记（有限责任公司）' }).waitFor();
    expect(await page.locator('table tbody tr').count()).toBeGreaterThan(0);
    expect(await page.locator('html[data-live]').count()).toBe(0);
    await screenshot(page, 'portal-90-guide-before-script');
    release();
    await page.locator('html[data-live]').waitFor({ state: 'attached' });
    // Taken over: the language switch works, and the guide's data was never asked for again.
    expect(asked.filter((path) => path.startsWith('/items/') || path === '/jurisdiction')).toEqual([]);
    await page.getByLabel('语言').selectOption('en');
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en');
    await context.close();
  });

  it('searches from the home page before its script arrives: the form submits by itself', async () => {
    const page = await visitor();
    await page.route('**/assets/*.js', (route) => route.abort());
    await page.goto(`${api.url}/`);
    await page.getByLabel('搜索办事事项').fill('yyzz');
    await page.getByRole('button', { name: '搜索' }).click();
    await page.waitForURL(/\/find\?q=yyzz$/);
    await context.close();
  });

  it('finds an item by pinyin initials and shows its full guide', async () => {
    const page = await visitor();
    await page.goto(`${api.url}/`);
    await expect
      .poll(() => page.locator('h2#topics + ul li').count(), { timeout: 20_000 })
      .toBeGreaterThan(5);
    await expect.poll(() => page.title(), { timeout: 20_000 }).toContain('定海区');
    await accessible(page);
    await screenshot(page, 'portal-01-home');

    await page.getByLabel('搜索办事事项').fill('yyzz');
    await page.getByRole('button', { name: '搜索' }).click();
    const hit = page.getByRole('link', { name: '营业执照设立登记（有限责任公司）' });
    await hit.waitFor();
    expect(page.url()).toContain('/find?q=yyzz');
    await expect.poll(() => page.locator('#results').textContent(), { timeout: 20_000 }).toContain('yyzz');
    await accessible(page);
    await screenshot(page, 'portal-02-search-yyzz');

    await hit.click();
    await page.getByRole('heading', { level: 1, name: '营业执照设立登记（有限责任公司）' }).waitFor();
    const materials = page.getByRole('table');
    await expect.poll(() => materials.textContent(), { timeout: 20_000 }).toContain('居民身份证');
    expect(await materials.textContent()).toContain('可用电子证照“居民身份证”代替');
    expect(await page.locator('main').textContent()).toContain('企业名称需要先核准吗？');
    expect(await page.locator('main').textContent()).toContain('0580-2012315');
    await accessible(page);
    await screenshot(page, 'portal-03-guide');
    await context.close();
  });

  it('switches to English, remembers it, and says so to screen readers', async () => {
    const page = await visitor({ width: 1280, height: 900 });
    await page.goto(`${api.url}/guide/330902-XK-0010`);
    await page.getByRole('table').waitFor();
    // Dinghai adds no language of its own: Chinese and English only.
    await expect.poll(() => page.title(), { timeout: 20_000 }).toContain('定海区');
    await expect
      .poll(async () => (await page.getByLabel('语言').locator('option').allTextContents()).join(' '), {
        timeout: 20_000,
      })
      .toBe('中文 English');
    await page.getByLabel('语言').selectOption('en');
    await page.getByRole('columnheader', { name: 'Material' }).waitFor();
    expect(await page.evaluate('document.documentElement.lang')).toBe('en');
    await page.reload();
    await page.getByRole('columnheader', { name: 'Material' }).waitFor();
    expect(await page.locator('header').textContent()).toContain('Dinghai District, Zhoushan');
    await accessible(page);
    await screenshot(page, 'portal-04-guide-english');

    await page.goto(`${api.url}/departments`);
    await page
      .getByRole('link', { name: 'Administration for Market Regulation, Dinghai District, Zhoushan' })
      .click();
    await page.getByRole('link', { name: '营业执照设立登记（有限责任公司）' }).waitFor();
    await accessible(page);
    await screenshot(page, 'portal-05-department-english');
    await context.close();
  });

  it('works by keyboard alone: skip link, search, result, guide', async () => {
    const page = await visitor({ width: 1280, height: 900 });
    await page.goto(`${api.url}/`);
    await page.locator('h2#topics + ul li').first().waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('跳到主要内容');
    await page.keyboard.press('Enter');
    // From the main landmark, the search field is the next stop.
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.id')).toBe('q');
    await page.keyboard.type('shipin');
    await page.keyboard.press('Enter');
    await page.locator('#results').waitFor();
    // Focus moved to the main landmark after navigation; the first result is reached by tabbing.
    let focused = '';
    for (let i = 0; i < 6 && !focused.includes('食品'); i++) {
      await page.keyboard.press('Tab');
      focused = (await page.evaluate('document.activeElement?.textContent')) ?? '';
    }
    expect(focused).toContain('食品');
    await screenshot(page, 'portal-06-keyboard-focus');
    await page.keyboard.press('Enter');
    await page.getByRole('table').waitFor();
    expect(await page.locator('h1').textContent()).toContain('食品');
    await accessible(page);
    await context.close();
  });

  it('offers large print and high contrast (适老化), remembered across visits', async () => {
    const page = await visitor();
    await page.goto(`${api.url}/guide/330902-XK-0010`);
    await page.getByRole('table').waitFor();
    const toggle = page.getByRole('button', { name: '大字 · 高对比' });
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
    const normal = await page.evaluate('getComputedStyle(document.documentElement).fontSize');
    await toggle.click();
    await expect.poll(() => toggle.getAttribute('aria-pressed')).toBe('true');
    await expect
      .poll(() => page.evaluate('getComputedStyle(document.documentElement).fontSize'))
      .toBe('20px');
    expect(normal).toBe('16px');
    await page.reload();
    await page.getByRole('table').waitFor();
    expect(await page.evaluate('document.documentElement.classList.contains("care")')).toBe(true);
    await accessible(page);
    await screenshot(page, 'portal-09-guide-large-print');
    await context.close();
  });

  it('reflows at 200 % zoom: no page needs scrolling sideways at 320 CSS pixels (WCAG 1.4.10)', async () => {
    // A 640-pixel-wide window zoomed to 200 % lays pages out in 320 CSS pixels, as a narrow phone does.
    const page = await visitor({ width: 320, height: 640 });
    const pages: Array<[string, string]> = [
      ['/', 'h2#topics + ul li'],
      ['/find?q=yyzz', '#results'],
      ['/guide/330902-XK-0010', 'table tbody tr'],
      ['/departments', 'main ul li'],
      ['/track', 'form'],
      ['/check', 'form'],
    ];
    for (const care of [false, true]) {
      for (const [path, ready] of pages) {
        await page.goto(`${api.url}${path}`);
        await page.locator(ready).first().waitFor();
        if (care !== (await page.evaluate('document.documentElement.classList.contains("care")')))
          await page.getByRole('button', { name: '大字 · 高对比' }).click();
        const overflow = await page.evaluate(
          '[...document.querySelectorAll("body *")].filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1).map(e => e.tagName + "." + e.className).slice(0, 5)',
        );
        expect({ path, care, overflow }).toEqual({ path, care, overflow: [] });
      }
    }
    await screenshot(page, 'portal-82-reflow-care');
    await context.close();
  });

  it('shows a one-thing bundle with its items and materials merged', async () => {
    const page = await visitor();
    await page.goto(`${api.url}/`);
    await page.getByRole('link', { name: '开办企业一件事' }).click();
    await page.getByRole('heading', { level: 1, name: '开办企业一件事' }).waitFor();
    await expect.poll(() => page.locator('ol.items li').count(), { timeout: 20_000 }).toBeGreaterThan(1);
    expect(await page.locator('main').textContent()).toContain('营业执照设立登记（有限责任公司）');
    await accessible(page);
    await screenshot(page, 'portal-10-one-thing');
    await context.close();
  });

  it('answers an unknown item with a readable message', async () => {
    const page = await visitor();
    await page.goto(`${api.url}/guide/330902-XX-9999`);
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toBe('没有找到这个页面或事项。');
    await accessible(page);
    await context.close();
  });
});
