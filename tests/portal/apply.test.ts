// Applying online and following the case in the portal, in headless Chromium on a phone-sized screen: a
// citizen signs in through the province, opens a guide, applies (a bad value comes back beside its field,
// files upload with a progress bar, a commitment stands in for a material), answers the window's correction
// on the case page and the case goes back to the window; a second application survives a lost answer
// without becoming two cases and is withdrawn; an enterprise uses a held e-licence instead of a file. Staff
// act through the API. axe-core finds no serious or critical violation in any state; each is photographed.
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { screenshot, seriousViolations } from '../support/browser.ts';
import { usePortal } from '../support/portal.ts';
import { approvedLicenceChange } from '../support/review.ts';

const { api, browser } = await usePortal('dinghai');

const housing = '330902-JF-0084';
const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(512 * 1024, 0x20)]);

const accessible = async (page: Page) => expect(await seriousViolations(page)).toEqual([]);

const phone = async () => {
  const context = await browser().newContext({ viewport: { width: 390, height: 844 } });
  return context.newPage();
};

/** Signs in through the province's login with the button in `where`, and waits to be back at `path`. */
const signIn = async (page: Page, who: 'citizen' | 'enterprise', where: 'banner' | 'main', path: string) => {
  await page.getByRole(where).getByRole('button', { name: '登录' }).click();
  await page.locator(`a[data-user="${who}"]`).click();
  await page.waitForURL(`${api.url}${path}`);
};

/** Chooses a file for a material and waits until the progress bar is full and the status says so. */
const upload = async (page: Page, materialId: string, name: string) => {
  const material = page.locator(`#material-${materialId}`);
  await material
    .locator('input[type="file"]')
    .setInputFiles({ name, mimeType: 'application/pdf', buffer: pdf });
  await material.getByText(`已上传 ${name}`).waitFor({ timeout: 20_000 });
  expect(await material.locator('progress').getAttribute('value')).toBe('100');
  expect(await material.getByRole('progressbar').getAttribute('aria-label')).toMatch(/上传进度$/);
};

const fillHousingApplication = async (page: Page) => {
  await page.getByLabel(/^家庭人口/).fill('3');
  await page.getByLabel(/^现住房情况/).fill('租住');
  await upload(page, 'application-form', '申请表.pdf');
  await upload(page, 'id-card', '身份证.pdf');
  await upload(page, 'hukou', '户口簿.pdf');
  await page.locator('#material-income-proof').getByLabel('告知承诺').check();
};

const focused = (page: Page) => page.evaluate('document.activeElement?.id');

const caseNumberOf = (page: Page) => decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);

it('applies from the guide, fixes what the API found, answers a correction and the case returns to the window', async () => {
  const page = await phone();
  await page.goto(`${api.url}/guide/${housing}`);
  await page.getByRole('heading', { level: 1, name: '公共租赁住房资格申请' }).waitFor();
  await signIn(page, 'citizen', 'banner', `/guide/${housing}`);
  await page.getByRole('link', { name: '在线办理' }).click();
  await page.getByRole('heading', { level: 1, name: '在线办理' }).waitFor();
  await page.getByLabel(/^家庭人口/).waitFor();
  expect(await page.getByLabel(/^家庭人口/).getAttribute('aria-required')).toBe('true');
  await accessible(page);
  await screenshot(page, 'portal-20-apply-form');

  // A bad value and no materials: every problem at once, beside its field and in a focused summary.
  await page.getByLabel(/^家庭人口/).fill('-1');
  await page.getByLabel(/^现住房情况/).fill('租住');
  await page.getByRole('button', { name: '提交申请' }).click();
  const summary = page.locator('section.summary');
  await summary.waitFor();
  await expect.poll(() => focused(page)).toBe('apply-problems');
  expect(await page.getByLabel(/^家庭人口/).getAttribute('aria-invalid')).toBe('true');
  expect(await page.getByLabel(/^家庭人口/).getAttribute('aria-describedby')).toContain(
    'form-householdSize-error',
  );
  expect(await page.locator('#form-householdSize-error').textContent()).toContain('0');
  expect(await page.locator('#material-id-card-error').textContent()).toContain('请提供这份材料');
  expect(await summary.getByRole('link').count()).toBeGreaterThanOrEqual(5);
  await accessible(page);
  await screenshot(page, 'portal-21-apply-errors');

  // The summary's link leads to the field; fixed, with files and a commitment (chosen by keyboard).
  await summary.getByRole('link', { name: /家庭人口/ }).click();
  await expect.poll(() => focused(page)).toBe('form-householdSize');
  await page.getByLabel(/^家庭人口/).fill('3');
  await upload(page, 'application-form', '申请表.pdf');
  await upload(page, 'id-card', '身份证.pdf');
  await upload(page, 'hukou', '户口簿.pdf');
  await page.locator('#material-income-proof').getByLabel('上传文件').focus();
  await page.keyboard.press('ArrowRight');
  expect(await page.locator('#material-income-proof').getByLabel('告知承诺').isChecked()).toBe(true);
  await page.getByText('本人承诺所填信息和所述情况真实').waitFor();
  await accessible(page);
  await screenshot(page, 'portal-22-apply-ready');

  await page.getByRole('button', { name: '提交申请' }).click();
  await page.waitForURL(/\/case\/[^/?]+\?submitted=1$/);
  const caseNumber = caseNumberOf(page);
  const notice = page.locator('.note.done');
  await notice.getByText('申请已提交。').waitFor();
  expect(await notice.textContent()).toContain(caseNumber);
  expect(await notice.textContent()).toMatch(/查询码：[2-9A-Z]{8}/);
  await expect.poll(() => focused(page)).toBe('case-notice');
  expect(await page.locator('dl.facts').textContent()).toContain('已申请，待受理');
  await page.getByText(/办理记录完整：1 条记录/).waitFor();
  await accessible(page);
  await screenshot(page, 'portal-23-case-submitted');

  // The window lists everything missing at once.
  const correction = await api.request('POST', `/cases/${caseNumber}/acceptance`, {
    as: 'clerk',
    body: {
      decision: 'correct',
      missing: [
        { materialId: 'hukou', reason: '户口簿复印件不清晰，请重新上传' },
        { field: 'currentHousing', reason: '请写明现住房的面积' },
      ],
    },
  });
  expect(correction.status).toBe(200);

  await page.locator('header a[href="/my-cases"]').click();
  await page.locator(`a[href="/case/${caseNumber}"]`).click();
  await page.getByRole('heading', { level: 2, name: '需要补正（一次性告知）' }).waitFor();
  const list = await page.locator('section.correction > ul').textContent();
  expect(list).toContain('居民户口簿');
  expect(list).toContain('户口簿复印件不清晰，请重新上传');
  expect(list).toContain('现住房情况');
  expect(await page.locator('dl.facts').textContent()).toContain('待补正');
  await accessible(page);
  await screenshot(page, 'portal-24-case-correction');

  await page.getByLabel(/^现住房情况/).fill('租住，建筑面积 25 平方米');
  await upload(page, 'hukou', '户口簿-清晰.pdf');
  await page.getByRole('button', { name: '提交补正' }).click();
  await page.getByText('补正已提交，办件已退回窗口继续办理。').waitFor();
  await expect
    .poll(() => page.locator('dl.facts').textContent(), { timeout: 20_000 })
    .toContain('已申请，待受理');
  expect(await page.locator('section.correction').count()).toBe(0);
  const history = page.locator('ol.history');
  await history.getByText('提交补正').waitFor();
  expect(await history.textContent()).toContain('要求补正');
  expect(await history.textContent()).toContain('陈窗口');
  await page.getByText(/办理记录完整：3 条记录/).waitFor();
  const view = await api.request('GET', `/cases/${caseNumber}`, { as: 'clerk' });
  expect(view.body.status).toBe('SUBMITTED');
  expect(view.body.form.currentHousing).toBe('租住，建筑面积 25 平方米');
  await accessible(page);
  await screenshot(page, 'portal-25-case-supplemented');

  // Accepted, the case has a promised date and a task for each department of the joint review.
  await api.request('POST', `/cases/${caseNumber}/acceptance`, { as: 'clerk', body: { decision: 'accept' } });
  await expect
    .poll(async () => (await api.request('GET', `/cases/${caseNumber}`, { as: 'clerk' })).body.tasks.length, {
      timeout: 20_000,
    })
    .toBe(2);
  await page.locator('header a[href="/my-cases"]').click();
  await page.locator(`a[href="/case/${caseNumber}"]`).click();
  await page.getByRole('heading', { level: 3, name: /住房和城乡建设局/ }).waitFor();
  await page.getByRole('heading', { level: 3, name: /民政局/ }).waitFor();
  const main = await page.locator('main').textContent();
  expect(main).toContain('资格联审 · 住房状况审核');
  expect(main).toContain('资格联审 · 收入财产核对');
  expect(main).toMatch(/承诺办结日期\d{4}-\d{2}-\d{2}/);
  expect(await page.locator('dl.facts').textContent()).toMatch(/审查中|已受理/);
  await accessible(page);
  await screenshot(page, 'portal-30-case-in-review');
  await page.context().close();
}, 120_000);

it('survives a lost answer without a second case, and withdraws the case after a confirmation', async () => {
  const page = await phone();
  await page.goto(`${api.url}/apply/${housing}`);
  await signIn(page, 'citizen', 'main', `/apply/${housing}`);
  await fillHousingApplication(page);

  // The case is made but its answer never arrives: the page says so, and the retry finds the same case.
  let made: string | undefined;
  await page.route(`${api.url}/cases`, async (route) => {
    if (route.request().method() !== 'POST' || made) return route.fallback();
    const response = await route.fetch();
    made = ((await response.json()) as { caseNumber: string }).caseNumber;
    await route.abort('connectionreset');
  });
  await page.getByRole('button', { name: '提交申请' }).click();
  await page.locator('section.summary').getByText('网络中断').waitFor();
  expect(made).toBeDefined();
  await accessible(page);
  await screenshot(page, 'portal-26-apply-lost-answer');
  await page.getByRole('button', { name: '提交申请' }).click();
  await page.waitForURL(/\/case\//);
  expect(caseNumberOf(page)).toBe(made);

  await page.getByRole('button', { name: '撤回申请…' }).click();
  await expect.poll(() => focused(page)).toBe('withdraw-question');
  await page.getByLabel('撤回原因（选填）').fill('已在别处申请');
  await accessible(page);
  await screenshot(page, 'portal-27-case-withdraw-confirm');
  // Keyboard only: from the reason to the confirmation.
  await page.getByLabel('撤回原因（选填）').focus();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await page.getByText('申请已撤回。').waitFor();
  await expect.poll(() => page.locator('dl.facts').textContent()).toContain('已撤回');
  expect(await page.getByRole('button', { name: '撤回申请…' }).count()).toBe(0);
  await page.locator('ol.history').getByText('已在别处申请').waitFor();
  await page.getByText(/办理记录完整：2 条记录/).waitFor();
  await accessible(page);
  await screenshot(page, 'portal-28-case-withdrawn');

  // In English: the status, the history and its check in words.
  await page.getByRole('banner').getByLabel('语言').selectOption('en');
  await page.getByRole('heading', { level: 2, name: 'History' }).waitFor();
  expect(await page.locator('dl.facts').textContent()).toContain('Withdrawn');
  expect(await page.locator('ol.history').textContent()).toContain('Application submitted');
  await page.getByText(/The history is intact: the hash chain of its 2 entries checks out/).waitFor();
  await accessible(page);
  await screenshot(page, 'portal-31-case-withdrawn-en');

  const mine = await api.request('GET', `/cases/${made}/history`, { as: 'clerk' });
  expect(mine.body.entries.map((e: { action: string }) => e.action)).toEqual(['submit', 'withdraw']);
  await page.context().close();
}, 120_000);

it('lets an enterprise give a held e-licence instead of a file, and supply materials later (容缺)', async () => {
  // An approved change earlier left the enterprise a 营业执照 in its wallet.
  const approved = await approvedLicenceChange(api);
  const licenceId = approved.body.result.licenceId as string;

  const page = await phone();
  await page.goto(`${api.url}/guide/330902-XK-0012`);
  await signIn(page, 'enterprise', 'banner', '/guide/330902-XK-0012');
  await page.getByRole('link', { name: '在线办理' }).click();
  await page.getByLabel(/^变更事项/).fill('住所');
  await page.getByLabel(/^变更前内容/).fill('定海区环城南路 1 号');
  await page.getByLabel(/^变更后内容/).fill('定海区环城南路 8 号');
  await upload(page, 'application-form', '变更申请表.pdf');
  await upload(page, 'articles', '章程修正案.pdf');
  const material = page.locator('#material-business-licence');
  await material.getByLabel('使用电子证照（免提交）').check();
  expect(await material.getByLabel('证照夹中的电子证照').inputValue()).toBe(licenceId);
  await accessible(page);
  await screenshot(page, 'portal-29-apply-with-licence');
  await page.getByRole('button', { name: '提交申请' }).click();
  await page.waitForURL(/\/case\//);
  await page.locator('.note.done').getByText('申请已提交。').waitFor();
  const view = await api.request('GET', `/cases/${caseNumberOf(page)}`, { as: 'clerk' });
  expect(view.body.materials).toContainEqual({ materialId: 'business-licence', via: 'licence', licenceId });

  // 食品经营许可: two materials may come later (容缺), one by commitment; found through the search.
  await page.getByRole('link', { name: '首页' }).click();
  await page.getByLabel('搜索办事事项').fill('食品经营许可');
  await page.getByRole('button', { name: '搜索' }).click();
  await page.getByRole('main').getByRole('link', { name: '食品经营许可', exact: true }).click();
  await page.getByRole('link', { name: '在线办理' }).click();
  await page.getByLabel(/^经营项目/).fill('热食类食品制售');
  await page.getByLabel(/^经营场所/).fill('定海区环城南路 8 号');
  await page.getByLabel(/^经营面积/).fill('120');
  await upload(page, 'application-form', '食品经营许可申请表.pdf');
  await page.locator('#material-business-licence').getByLabel('使用电子证照（免提交）').check();
  const tomorrow = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(
    Date.now() + 86_400_000,
  );
  await page.locator('#material-layout-plan').getByLabel('容缺后补').check();
  await page.locator('#material-layout-plan').getByLabel('承诺补交日期').fill(tomorrow);
  await upload(page, 'health-certificates', '健康证明.pdf');
  await page.locator('#material-safety-rules').getByLabel('告知承诺').check();
  await accessible(page);
  await screenshot(page, 'portal-32-apply-deferred');
  await page.getByRole('button', { name: '提交申请' }).click();
  await page.waitForURL(/\/case\//);
  const food = await api.request('GET', `/cases/${caseNumberOf(page)}`, { as: 'clerk' });
  expect(food.body.materials).toContainEqual({
    materialId: 'layout-plan',
    via: 'deferred',
    dueDate: tomorrow,
  });
  expect(food.body.materials).toContainEqual({ materialId: 'safety-rules', via: 'commitment' });
  await page.context().close();
}, 120_000);
