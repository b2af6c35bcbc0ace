// A jurisdiction's own language in the portal: Ngari offers Tibetan beside Chinese and English. The
// interface switches to Tibetan script, <html lang> says so, the Tibetan font is served and used, and the
// Chinese catalogue text stays marked as Chinese. axe-core finds no serious or critical violation.
import { describe, expect, it } from 'vitest';
import { screenshot, seriousViolations } from '../support/browser.ts';
import { usePortal } from '../support/portal.ts';

const { api, browser } = await usePortal('ngari');

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
});
