// A jurisdiction's own language in the portal: Ngari offers Tibetan beside Chinese and English. The
// interface switches to Tibetan script, <html lang> says so, the Tibetan font is served and used, and the
// Chinese catalogue text stays marked as Chinese. axe-core finds no serious or critical violation. Booking an
// appointment (预约) and one's appointments are in Tibetan too: no interface string is left in Chinese.
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { loadJurisdiction } from '../../infra/jurisdictions/index.ts';
import { seedCatalogue } from '../../infra/seed/catalogue.ts';
import { screenshot, seriousViolations } from '../support/browser.ts';
import { usePortal } from '../support/portal.ts';

const { api, browser } = await usePortal('ngari');

afterAll(async () => {
  await api.request('POST', '/dev/clock', { body: { reset: true } });
});

/**
 * The text of the page's main region an interface string could have left in Chinese: without the catalogue's
 * and the hall's own words (marked lang="zh-CN") and without `data` (names drawn into a string).
 */
const interfaceText = async (page: Page, data: string[]) => {
  const text = (await page.locator('main').evaluate((main) => {
    const copy = main.cloneNode(true) as HTMLElement;
    copy.querySelectorAll('[lang="zh-CN"]').forEach((el) => {
      el.remove();
    });
    return copy.textContent ?? '';
  })) as string;
  return data.reduce((t, d) => t.replaceAll(d, ''), text);
};
const han = /[\u4e00-\u9fff]/;

describe('the portal in Ngari', () => {
  it('offers Tibetan, and sets the pages in a Tibetan font', async () => {
    const context = await browser().newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(`${api.url}/`);
    const select = page.getByLabel('语言');
    await expect
      .poll(async () => (await select.locator('option').allTextContents()).join(' '), { timeout: 20_000 })
      .toBe('中文 English བོད་ཡིག');
    await select.selectOption('bo');
    await page.getByRole('heading', { level: 1, name: 'དྲ་ཐོག་ཞབས་ཞུའི་ཚོམ་ཆེན།' }).waitFor();
    expect(await page.evaluate('document.documentElement.lang')).toBe('bo');
    expect(await page.locator('header').textContent()).toContain('མངའ་རིས་ས་ཁུལ།');
    await page.locator('h2#topics + ul li').first().waitFor();
    // The served font is loaded and covers Tibetan script.
    await page.evaluate('document.fonts.ready');
    expect(await page.evaluate(`document.fonts.check('16px "Tibetan Web"', 'བོད')`)).toBe(true);
    const fonts = (await page.evaluate(
      `[...document.fonts].filter((f) => f.family.includes('Tibetan Web')).map((f) => f.status)`,
    )) as string[];
    expect(fonts).toContain('loaded');
    // Catalogue text is Chinese, and marked so.
    expect(await page.locator('h2#topics + ul li a').first().getAttribute('lang')).toBe('zh-CN');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'portal-07-ngari-tibetan-home');

    await page.locator('h2#topics + ul li a').first().click();
    await page.locator('ul.items li a').first().click();
    await page.getByRole('table').waitFor();
    expect(await page.getByRole('columnheader').first().textContent()).toBe('ཡིག་ཆའི་མིང་།');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'portal-08-ngari-tibetan-guide');

    // Remembered across visits.
    await page.goto(`${api.url}/departments`);
    await page.getByRole('heading', { level: 1, name: 'ལས་སྒྲུབ་སྡེ་ཚན།' }).waitFor();
    await context.close();
  });

  it('books an appointment in Tibetan, every interface string translated, in the Tibetan font', async () => {
    await api.request('POST', '/dev/clock', { body: { now: '2026-12-08T10:00:00+08:00' } });
    const item = seedCatalogue(loadJurisdiction('ngari')).items.find((i) => i.name === '居民身份证换领')!;
    const code = item.implementationCode;
    const context = await browser().newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(`${api.url}/`);
    const select = page.getByLabel('语言');
    await expect.poll(async () => await select.locator('option').count(), { timeout: 20_000 }).toBe(3);
    await select.selectOption('bo');
    await page.getByRole('heading', { level: 1, name: 'དྲ་ཐོག་ཞབས་ཞུའི་ཚོམ་ཆེན།' }).waitFor();

    // From the guide's link to the booking page, signing in there.
    await page.goto(`${api.url}/guide/${code}`);
    await page.getByRole('link', { name: 'སྔོན་འགོག་ལས་སྒྲུབ།' }).click();
    await page.getByRole('main').getByRole('button', { name: 'ནང་འཛུལ།' }).click();
    await page.locator('a[data-user="citizen"]').click();
    await page.waitForURL(new RegExp(`/book/${code}`));
    await page.getByRole('heading', { level: 1, name: `སྔོན་འགོག་ལས་སྒྲུབ། ${item.name}` }).waitFor();
    await page.getByRole('group', { name: 'ཚེས་གྲངས་འདེམས།' }).waitFor({ timeout: 20_000 });
    expect(await page.evaluate('document.documentElement.lang')).toBe('bo');
    expect(await page.locator('main').textContent()).toContain('གཟའ་');
    expect(await interfaceText(page, [item.name])).not.toMatch(han);
    await page.evaluate('document.fonts.ready');
    expect(await page.evaluate(`document.fonts.check('16px "Tibetan Web"', 'སྔོན་འགོག')`)).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'paystaff-20-ngari-tibetan-book');

    // Booked, then listed in Tibetan under 我的预约.
    await page.locator('input[name="slotId"]:not([disabled])').first().check();
    await page.getByRole('button', { name: 'སྔོན་འགོག་གཏན་འཁེལ།' }).click();
    await page.getByText('སྔོན་འགོག་ལེགས་གྲུབ།').waitFor({ timeout: 20_000 });
    await page.getByRole('link', { name: 'ངའི་སྔོན་འགོག་ལ་ལྟ།' }).click();
    await page.getByRole('heading', { level: 1, name: 'ངའི་སྔོན་འགོག' }).waitFor();
    await page.getByText('སྔོན་འགོག་བྱས་ཟིན།').waitFor({ timeout: 20_000 });
    expect(await interfaceText(page, [])).not.toMatch(han);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'paystaff-21-ngari-tibetan-my-appointments');
    await context.close();
  }, 120_000);
});
