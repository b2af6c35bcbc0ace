// One case from first search to verified licence, as the people involved do it, each in a browser of their
// own against the local cloud: a citizen finds 不动产转移登记 by its pinyin initials, signs in through the
// province, applies with uploads; the window asks once for a correction; the citizen supplements; the window
// accepts; 自然资源局 and 税务局 approve in parallel, each in its own browser; the citizen finds the case
// completed and the 不动产权证书 in the wallet, shows its QR code, and a stranger verifies a photo of it on
// the public page. Then the same flow again by keyboard alone: Tab, Enter, Space and arrows. Every
// state is checked with axe-core and photographed.
import type { Browser, Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot, seriousViolations } from '../support/browser.ts';
import { eventually } from '../support/local-cloud.ts';
import { usePortal } from '../support/portal.ts';

const { api, browser } = await usePortal('dinghai');

const item = { code: '330902-QR-0071', name: '不动产转移登记（二手房买卖）' };
const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(256 * 1024, 0x20)]);

/** How a person works the page: with a pointer, or with the keyboard alone. */
interface Hands {
  click(target: Locator): Promise<void>;
  fill(target: Locator, text: string): Promise<void>;
  check(target: Locator): Promise<void>;
  files(target: Locator, name: string, buffer?: Buffer, mimeType?: string): Promise<void>;
}

const pointer = (): Hands => ({
  click: (t) => t.click(),
  fill: (t, text) => t.fill(text),
  check: (t) => t.check(),
  files: (t, name, buffer = pdf, mimeType = 'application/pdf') => t.setInputFiles({ name, mimeType, buffer }),
});

/** Presses Tab until `target` has the focus (a radio: until its group has it, then arrows to it). */
const tabTo = async (page: Page, target: Locator) => {
  await target.waitFor();
  for (let i = 0; i < 400; i++) {
    // Evaluated in the page: the element, and the document's focused element.
    const where = await target.evaluate((node) => {
      const el = node as unknown as { type?: string; name?: string };
      const { document } = globalThis as unknown as { document: { activeElement: typeof el | null } };
      const active = document.activeElement;
      if (active === el) return 'there';
      return el.type === 'radio' && active?.type === 'radio' && active.name === el.name
        ? 'group'
        : 'elsewhere';
    });
    if (where === 'there') return;
    await page.keyboard.press(where === 'group' ? 'ArrowDown' : 'Tab');
  }
  throw new Error(`Tab never reached ${target}`);
};

const keyboard = (page: Page): Hands => ({
  click: async (t) => {
    await tabTo(page, t);
    await page.keyboard.press('Enter');
  },
  fill: async (t, text) => {
    await tabTo(page, t);
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type(text);
  },
  check: async (t) => {
    await tabTo(page, t);
    if (!(await t.isChecked())) await page.keyboard.press('Space');
  },
  files: async (t, name, buffer = pdf, mimeType = 'application/pdf') => {
    // Space on a focused file input opens the chooser; a busy machine may drop the first press.
    for (let attempt = 1; ; attempt++) {
      await tabTo(page, t);
      const chooser = page.waitForEvent('filechooser', { timeout: 10_000 });
      await page.keyboard.press('Space');
      try {
        await (await chooser).setFiles({ name, mimeType, buffer });
        return;
      } catch (error) {
        if (attempt === 3) throw error;
      }
    }
  },
});

const accessible = async (page: Page) => expect(await seriousViolations(page)).toEqual([]);

const flow = async (mode: 'pointer' | 'keyboard', first: number) => {
  let shot = first;
  const photo = (page: Page, what: string) => screenshot(page, `portal-${shot++}-${mode}-${what}`);
  const hands = (page: Page) => (mode === 'pointer' ? pointer() : keyboard(page));
  const open = async (b: Browser, width: number, height: number) => {
    const context = await b.newContext({ viewport: { width, height } });
    const page = await context.newPage();
    return { context, page, act: hands(page) };
  };
  /** Signs in through the province's login from the page's own 登录 button, and waits to be back. */
  const signIn = async (page: Page, act: Hands, who: string) => {
    const back = page.url();
    await act.click(page.getByRole('main').getByRole('button', { name: '登录' }));
    await act.click(page.locator(`a[data-user="${who}"]`));
    await page.waitForURL(back);
  };

  // 1. The citizen finds the item by its pinyin initials and applies, with every file uploaded.
  const citizen = await open(browser(), 390, 844);
  const c = citizen.page;
  await c.goto(`${api.url}/`);
  await c.locator('h2#topics + ul li').first().waitFor();
  await citizen.act.fill(c.getByLabel('搜索办事事项'), 'bdczy');
  await citizen.act.click(c.getByRole('button', { name: '搜索', exact: true }));
  await citizen.act.click(c.getByRole('link', { name: item.name }));
  await c.getByRole('heading', { level: 1, name: item.name }).waitFor();
  await accessible(c);
  await photo(c, 'guide');
  await citizen.act.click(c.getByRole('link', { name: '在线办理' }));
  await signIn(c, citizen.act, 'citizen');
  await c.getByLabel(/^坐落/).waitFor();
  await citizen.act.fill(c.getByLabel(/^坐落/), '定海区昌国街道人民北路 12 号 3 幢 402 室');
  await citizen.act.fill(c.getByLabel(/^成交价/), '1280000');
  await citizen.act.fill(c.getByLabel(/^买受人/), '张晓明');
  for (const [id, file] of [
    ['application-form', '申请表.pdf'],
    ['id-card', '身份证.pdf'],
    ['property-certificate', '不动产权证书.pdf'],
    ['sales-contract', '买卖合同.pdf'],
    ['tax-receipt', '契税完税凭证.pdf'],
  ] as const) {
    const material = c.locator(`#material-${id}`);
    await citizen.act.files(material.locator('input[type="file"]'), file);
    await material.getByText(`已上传 ${file}`).waitFor({ timeout: 20_000 });
  }
  await accessible(c);
  await photo(c, 'apply');
  await citizen.act.click(c.getByRole('button', { name: '提交申请' }));
  await c.waitForURL(/\/case\/[^/?]+\?submitted=1$/);
  const caseNumber = decodeURIComponent(new URL(c.url()).pathname.split('/').pop()!);
  await c.locator('.note.done').getByText('申请已提交。').waitFor();

  // 2. The window asks once for what is missing: a legible sales contract.
  const clerk = await open(browser(), 1280, 800);
  const w = clerk.page;
  await w.goto(`${api.url}/work/window`);
  await signIn(w, clerk.act, 'clerk');
  await clerk.act.click(w.getByRole('link', { name: caseNumber }));
  await w.getByRole('heading', { level: 2, name: '受理' }).waitFor();
  await clerk.act.check(w.getByLabel('补正：一次性告知需补正的内容'));
  await clerk.act.check(
    w.getByRole('group', { name: '需补正的材料和表单项' }).getByRole('checkbox', { name: '不动产买卖合同' }),
  );
  await clerk.act.fill(w.getByLabel('「不动产买卖合同」的补正原因'), '买卖合同第 3 页签字不清晰，请重新上传');
  await clerk.act.click(w.getByRole('button', { name: '提交受理决定' }));
  await w.getByRole('heading', { level: 2, name: '待补正内容' }).waitFor();
  await accessible(w);
  await photo(w, 'window-correction');

  // 3. The citizen reads the list on the case page and supplements.
  await citizen.act.click(c.locator('header a[href="/my-cases"]'));
  await citizen.act.click(c.locator(`a[href="/case/${caseNumber}"]`));
  await c.getByRole('heading', { level: 2, name: '需要补正（一次性告知）' }).waitFor();
  expect(await c.locator('section.correction > ul').textContent()).toContain('签字不清晰');
  const replacement = c.locator('#material-sales-contract');
  await citizen.act.files(replacement.locator('input[type="file"]'), '买卖合同-清晰.pdf');
  await replacement.getByText('已上传 买卖合同-清晰.pdf').waitFor({ timeout: 20_000 });
  await accessible(c);
  await photo(c, 'supplement');
  await citizen.act.click(c.getByRole('button', { name: '提交补正' }));
  await c.getByText('补正已提交，办件已退回窗口继续办理。').waitFor();

  // 4. The window accepts (back to the queue through the workbench's links).
  await clerk.act.click(w.getByRole('banner').getByRole('link', { name: '工作台' }));
  await clerk.act.click(w.getByRole('main').getByRole('link', { name: '受理窗口' }));
  await clerk.act.click(w.getByRole('link', { name: caseNumber }));
  await w.getByRole('heading', { level: 2, name: '受理' }).waitFor();
  await clerk.act.click(w.getByRole('button', { name: '提交受理决定' }));
  await w.getByText(/^已受理，办件转入部门审查。/).waitFor({ timeout: 20_000 });
  await photo(w, 'window-accepted');

  // 5. 自然资源局 and 税务局 each approve in their own browser, at the same time, once the workflow has given
  // each its task.
  await eventually(
    () => api.request('GET', `/cases/${caseNumber}`, { as: 'supervisor' }),
    (r) => r.body.tasks?.length === 2,
  );
  const approve = async (who: 'reviewer4' | 'reviewer5', opinion: string) => {
    const reviewer = await open(browser(), 1280, 800);
    const r = reviewer.page;
    await r.goto(`${api.url}/work/tasks`);
    await signIn(r, reviewer.act, who);
    const row = r.getByRole('row').filter({ hasText: caseNumber });
    await row.waitFor({ timeout: 20_000 });
    await reviewer.act.click(row.getByRole('button', { name: /^认领/ }));
    await r.getByText(`已认领 ${caseNumber}，请打开办件作出审查决定。`).waitFor();
    await reviewer.act.click(r.getByRole('link', { name: caseNumber }));
    await reviewer.act.fill(r.getByLabel('审查意见（必填）'), opinion);
    await reviewer.act.click(r.getByRole('button', { name: '提交审查决定' }));
    await r.getByText(/^已提交：审查同意。/).waitFor();
    await accessible(r);
    await photo(r, `${who}-approved`);
    return reviewer.context;
  };
  const reviewers = await Promise.all([
    approve('reviewer4', '权属清晰，登记材料齐全，同意转移登记。'),
    approve('reviewer5', '契税已足额缴纳，税费核定无误，同意。'),
  ]);

  // 6. Once the workflow has issued the licence (a person comes back later), the citizen sees the case
  // completed and the licence in the wallet, with its QR code.
  await eventually(
    () => api.request('GET', `/cases/${caseNumber}`, { as: 'supervisor' }),
    (r) => r.body.status === 'COMPLETED',
    30_000,
  );
  await citizen.act.click(c.locator('header a[href="/my-cases"]'));
  await citizen.act.click(c.locator(`a[href="/case/${caseNumber}"]`));
  await expect.poll(() => c.locator('dl.facts').textContent(), { timeout: 20_000 }).toContain('已办结');
  await photo(c, 'completed');
  await citizen.act.click(c.locator('header a[href="/wallet"]'));
  const licence = c
    .locator('ul.cards > li')
    .filter({ has: c.getByRole('heading', { name: '不动产权证书' }) });
  await licence.first().waitFor({ timeout: 20_000 });
  await citizen.act.click(licence.first().getByText('出示二维码'));
  const qr = licence.first().getByRole('img', { name: '不动产权证书的核验二维码' });
  await qr.waitFor();
  await accessible(c);
  await photo(c, 'wallet-qr');
  const picture = await qr.screenshot();

  // 7. A stranger photographs the code and checks it on the public page.
  const stranger = await open(browser(), 390, 844);
  const s = stranger.page;
  await s.goto(`${api.url}/check`);
  await stranger.act.files(s.getByLabel('二维码图片'), 'qr.png', picture, 'image/png');
  await s.getByRole('heading', { level: 2, name: /核验通过/ }).waitFor({ timeout: 20_000 });
  expect(await s.locator('main').textContent()).toContain('不动产权证书');
  await accessible(s);
  await photo(s, 'verified');

  for (const context of [citizen.context, clerk.context, stranger.context, ...reviewers])
    await context.close();
};

describe('one case, end to end, in the browsers of everyone involved', () => {
  it('from search to a verified licence, with a pointer', () => flow('pointer', 100), 240_000);
  it('the same by keyboard alone', () => flow('keyboard', 120), 300_000);
});
