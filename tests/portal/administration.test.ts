// The supervisors' and administrators' workbench in headless Chromium at a desktop size, staff signed in
// through the province's login: red cards and an extension, a catalogue draft from creation to the public
// guide and its retirement, an import followed on its progress bar, a licence suspended and seen so by the
// public check, and a new clerk granted by account ID. axe-core finds no serious or critical violation on
// any state visited; each is photographed into tests/screenshots/.
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { signInFlow } from '../../infra/local/sign-in-flow.ts';
import { screenshot, seriousViolations } from '../support/browser.ts';
import { itemInputOf } from '../support/items.ts';
import { eventually } from '../support/local-cloud.ts';
import { usePortal } from '../support/portal.ts';
import { applyForHousing, issuedLicence } from '../support/review.ts';

const { api, browser } = await usePortal('dinghai');

const accessible = async (p: Page) => expect(await seriousViolations(p)).toEqual([]);

/** A desktop page at `path`, with `who` signed in through the province's login. */
const signedIn = async (who: string, path: string): Promise<Page> => {
  const context = await browser().newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(`${api.url}${path}`);
  await page.getByRole('main').getByRole('button', { name: '登录' }).click();
  await page.locator(`a[data-user="${who}"]`).click();
  await page.waitForURL(`${api.url}${path}`);
  return page;
};

/** The account ID the province's login gives `who` here (the subject of their access token). */
const accountOf = async (who: string) => {
  const { tokens } = await signInFlow(() => api.cloud.issuer, `${api.url}/signed-in`).signIn(who);
  const payload = tokens.access_token.split('.')[1]!;
  return (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { sub: string }).sub;
};

/** A citizen's housing application, accepted by the window: the clock runs. */
const acceptedCase = async () => {
  const submitted = await applyForHousing(api);
  expect(submitted.status).toBe(201);
  const n = submitted.body.caseNumber as string;
  await api.request('POST', `/cases/${n}/acceptance`, { as: 'clerk', body: { decision: 'accept' } });
  const view = await eventually(
    () => api.request('GET', `/cases/${n}`, { as: 'supervisor' }),
    (r) => r.body.status === 'IN_REVIEW',
  );
  return { caseNumber: n, promisedBy: view.body.promisedBy as string };
};

afterEach(async () => {
  await api.request('POST', '/dev/clock', { body: { reset: true } });
});

describe('the supervisors’ and administrators’ workbench', () => {
  it('shows a red card in words and extends the case, field errors first', async () => {
    const { caseNumber, promisedBy } = await acceptedCase();
    // Ten days past the promised date: the case is overdue (红牌).
    await api.request('POST', '/dev/clock', {
      body: { now: new Date(Date.parse(`${promisedBy}T10:00:00+08:00`) + 10 * 86_400_000).toISOString() },
    });
    const page = await signedIn('supervisor', '/work/supervision');
    const red = page.locator('table', { has: page.locator('caption', { hasText: '红牌 · 已超期' }) });
    const row = red.locator('tr', { hasText: caseNumber });
    await row.waitFor();
    expect(await row.textContent()).toMatch(/超期 \d+ 个工作日/);
    expect(await row.getByRole('link', { name: caseNumber }).getAttribute('href')).toBe(
      `/work/case/${caseNumber}`,
    );
    await accessible(page);
    await screenshot(page, 'portal-40-supervision-cards');

    // By keyboard: the case's button opens its panel, whose heading takes the focus.
    await row.getByRole('button', { name: `处理 ${caseNumber}` }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate('document.activeElement?.id')).toBe('case-actions');
    await page.getByLabel('延长工作日数').fill('十天');
    await page.locator('#reasons').fill('需入户核查家庭收入');
    await page.getByRole('button', { name: '批准延期' }).click();
    expect(await page.locator('#days-error').textContent()).toContain('1 到 365');
    expect(await page.getByLabel('延长工作日数').getAttribute('aria-invalid')).toBe('true');
    await accessible(page);
    await screenshot(page, 'portal-41-extension-error');

    // Past the statutory limit: the API refuses, and says so beside the field.
    await page.getByLabel('延长工作日数').fill('200');
    await page.getByRole('button', { name: '批准延期' }).click();
    await page.locator('#days-error').filter({ hasNotText: '1 到 365' }).waitFor();

    await page.getByLabel('延长工作日数').fill('5');
    await page.getByRole('button', { name: '批准延期' }).click();
    await page.getByText('已延期，新的办结期限').waitFor();
    const after = await api.request('GET', `/cases/${caseNumber}`, { as: 'supervisor' });
    expect(after.body.promisedBy > promisedBy).toBe(true);

    // 特别程序: the clock stops, then runs again.
    await page.getByLabel('程序类别').selectOption('expert-review');
    await page.locator('#procedure-reasons').fill('需专家评审住房面积认定');
    await page.getByRole('button', { name: '启动特别程序' }).click();
    await page.getByText('特别程序已启动').waitFor();
    await page.getByRole('button', { name: '结束特别程序，恢复计时' }).click();
    await page.getByText('特别程序已结束').waitFor();
    await accessible(page);
    await screenshot(page, 'portal-42-extended');
    await page.context().close();
  }, 120_000);

  it('drafts an item, fixes a field error, publishes it to the public guide and retires it', async () => {
    const code = '330902-QT-0950';
    const page = await signedIn('admin', '/work/catalogue');
    await page.locator('table.catalogue tbody tr').first().waitFor();
    await accessible(page);
    await screenshot(page, 'portal-43-catalogue');

    await page.getByRole('button', { name: '以此为模板新建' }).click();
    await page.getByRole('heading', { name: '新建事项草稿' }).waitFor();
    await page.getByLabel('实施编码').fill(code);
    await page.getByLabel('事项名称').fill('海岛渔家乐经营登记');
    await page.getByLabel('咨询电话').fill('12');
    await page.getByRole('button', { name: '保存草稿' }).click();
    await page.locator('#consultationPhone-error').waitFor();
    // The summary above the form links to the field by its label.
    await page.getByRole('alert').getByRole('link', { name: '咨询电话' }).waitFor();
    await accessible(page);
    await screenshot(page, 'portal-44-draft-error');

    await page.getByLabel('咨询电话').fill('0580-2022345');
    await page.getByRole('button', { name: '保存草稿' }).click();
    await page.getByText(`${code} 的草稿已保存。`).waitFor();
    await page.getByRole('heading', { level: 2, name: `事项 ${code} 海岛渔家乐经营登记` }).waitFor();
    await page.getByRole('button', { name: '发布草稿' }).click();
    await page.getByText('已发布第 1 版，公众已可查到。').waitFor();
    await accessible(page);
    await screenshot(page, 'portal-45-published');

    const guide = await page.context().newPage();
    await guide.goto(`${api.url}/guide/${code}`);
    await guide.getByRole('heading', { level: 1, name: '海岛渔家乐经营登记' }).waitFor();
    await expect
      .poll(
        async () => {
          await guide.goto(`${api.url}/find?q=${encodeURIComponent('渔家乐')}`);
          await guide.getByRole('heading', { level: 1 }).waitFor();
          await guide.waitForLoadState('networkidle');
          return guide.locator('main').textContent();
        },
        { timeout: 20_000 },
      )
      .toContain('海岛渔家乐经营登记');

    await page.getByLabel('停用理由').fill('职能划转，停止受理');
    await page.getByRole('button', { name: '确认停用' }).click();
    await page.getByText('事项已停用。').waitFor();
    await page.getByRole('cell', { name: /职能划转，停止受理/ }).waitFor();
    expect((await api.request('GET', `/items/${code}`)).status).toBe(404);
    await accessible(page);
    await screenshot(page, 'portal-46-retired');
    await page.context().close();
  }, 120_000);

  it('imports a file, following the progress bar to the end, and lists the row with an error', async () => {
    const base = itemInputOf((await api.request('GET', '/items/330902-XK-0014')).body);
    const row = (n: number, changes: object = {}) => ({
      ...base,
      implementationCode: `330902-QT-096${n}`,
      name: `海岛研学基地备案${n}`,
      topics: [],
      ...changes,
    });
    const file = [row(1), row(2), row(3, { complaintPhone: '不是电话' })];
    const page = await signedIn('admin', '/work/catalogue');
    await page.getByLabel('导入文件（CSV 或 JSON 数组）').setInputFiles({
      name: 'items.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(file)),
    });
    await page.getByRole('button', { name: '开始导入' }).click();
    await page.getByText('导入完成：2 行已导入，1 行有错误。').waitFor();
    const bar = page.locator('progress#import-progress');
    expect(await bar.getAttribute('max')).toBe('3');
    expect(await bar.getAttribute('value')).toBe('3');
    const errors = page.locator('table', { has: page.locator('caption', { hasText: '有错误的行' }) });
    expect(await errors.locator('tbody tr').count()).toBe(1);
    expect(await errors.locator('tbody tr').textContent()).toContain('complaintPhone');
    expect(await errors.locator('tbody tr').textContent()).toContain('330902-QT-0963');
    expect((await api.request('GET', '/items/330902-QT-0962')).body.name).toBe('海岛研学基地备案2');
    await accessible(page);
    await screenshot(page, 'portal-47-import');
    await page.context().close();
  }, 120_000);

  it('suspends a licence with a reason, and the public check says so', async () => {
    // The business licence is issued by 市场监管局: its administrator changes its status.
    const { licenceId, credential } = await issuedLicence(api);
    const granted = await api.request('POST', `/admin/accounts/${await accountOf('reviewer')}/grants`, {
      as: 'admin',
      body: { department: 'scjgj', roles: ['admin'], reason: '市场监管局证照管理员' },
    });
    expect(granted.status).toBe(201);

    const page = await signedIn('reviewer', '/work/licences');
    await page.getByLabel('证照标识').fill(licenceId);
    await page.getByRole('button', { name: '查询' }).click();
    await page.getByText('当前状态').waitFor();
    expect(await page.locator('dl.facts').textContent()).toContain('有效');
    expect(await page.locator('dl.facts').textContent()).toMatch(/\*{4,}/);
    await page.getByLabel('暂扣').check();
    await page.getByRole('button', { name: '确认变更' }).click();
    expect(await page.locator('#reason-error').textContent()).toContain('理由');
    await page.getByLabel('理由', { exact: true }).fill('经营场所与登记不符，责令整改');
    await page.getByRole('button', { name: '确认变更' }).click();
    await page.getByText('状态已变更为「暂扣」。').waitFor();
    await expect.poll(() => page.locator('dl.facts').textContent(), { timeout: 20_000 }).toContain('暂扣');
    await accessible(page);
    await screenshot(page, 'portal-48-licence-suspended');

    const check = await page.context().newPage();
    await check.goto(`${api.url}/check`);
    await check.getByLabel('二维码文字').fill(credential);
    await check.getByRole('button', { name: '核验' }).click();
    await check.getByRole('heading', { level: 2, name: /✗/ }).waitFor();
    expect(await check.locator('.checks').textContent()).toContain('suspended');
    await accessible(check);
    await screenshot(check, 'portal-49-check-suspended');
    await page.context().close();
  }, 120_000);

  it('grants a clerk role to the account ID a person reads on their workbench', async () => {
    const person = await signedIn('citizen2', '/work');
    const accountId = (await person.locator('.account-id').textContent())?.trim() ?? '';
    expect(accountId).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(await person.getByRole('alert').textContent()).toContain('还没有工作人员角色');
    await accessible(person);
    await screenshot(person, 'portal-50-no-role');
    await person.context().close();

    const admin = await signedIn('admin', '/work/staff');
    await admin.getByLabel('账号 ID').fill(accountId);
    await admin.getByRole('button', { name: '查看授权' }).click();
    await admin.getByText('没有工作人员角色。').waitFor();
    await admin.getByLabel('窗口受理').focus();
    await admin.keyboard.press('Space');
    expect(await admin.getByLabel('窗口受理').isChecked()).toBe(true);
    await admin.getByRole('button', { name: '授权', exact: true }).click();
    expect(await admin.locator('#grant-reason-error').textContent()).toContain('理由');
    await admin.getByLabel('理由').first().fill('新入职窗口人员');
    await admin.getByRole('button', { name: '授权', exact: true }).click();
    await admin.getByText('已授权。对方下次登录后生效。').waitFor();
    await admin.getByText('✓ 日志链完整').waitFor();
    // The new clerk joins the jurisdiction's staff list.
    const staffList = admin.locator('table', {
      has: admin.locator('caption', { hasText: '当前持有授权的账号' }),
    });
    await staffList.locator('tr', { hasText: accountId }).getByText('窗口受理').waitFor();
    const journal = admin.locator('table', {
      has: admin.locator('caption', { hasText: '每一次授权与撤销' }),
    });
    expect(await journal.locator('tbody tr').first().textContent()).toContain('新入职窗口人员');
    await accessible(admin);
    await screenshot(admin, 'portal-51-granted');
    await admin.context().close();

    const clerk = await signedIn('citizen2', '/work');
    await clerk.getByRole('link', { name: '受理窗口' }).waitFor();
    await clerk.context().close();
  }, 120_000);
});
