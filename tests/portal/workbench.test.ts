// The staff workbench in headless Chromium at a desktop size, staff signed in through the province's unified
// login as they would be: the window's clerk works through the queue (asks once for a correction, accepts,
// refuses with reasons), a reviewer claims a task from the list and decides it with an opinion, and the two
// departments of a parallel approval each approve in their own browser. Every state is checked with axe-core
// and photographed into tests/screenshots/.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot, seriousViolations } from '../support/browser.ts';
import { eventually } from '../support/local-cloud.ts';
import { usePortal } from '../support/portal.ts';
import { applyForHousing, licenceChangeApplication } from '../support/review.ts';

const { api, signedIn } = await usePortal('dinghai');

let applications = 0;
const apply = async (as: 'citizen' | 'enterprise', body: object) => {
  const res = await api.request('POST', '/cases', {
    as,
    body,
    headers: { 'idempotency-key': `workbench-${Date.now()}-${++applications}` },
  });
  expect(res.status).toBe(201);
  return res.body.caseNumber as string;
};
const housing = async () => {
  const res = await applyForHousing(api);
  expect(res.status).toBe(201);
  return res.body.caseNumber as string;
};

/** 企业变更登记, accepted by the window and waiting for 市场监管局 (scjgj). */
const acceptedLicenceChange = async () => {
  const n = await apply('enterprise', await licenceChangeApplication(() => api.upload('enterprise')));
  await api.request('POST', `/cases/${n}/acceptance`, { as: 'clerk', body: { decision: 'accept' } });
  return n;
};

const accessible = async (page: Page) => expect(await seriousViolations(page)).toEqual([]);

const caseStatus = async (n: string) =>
  (await api.request('GET', `/cases/${n}`, { as: 'supervisor' })).body.status as string;

const openFromQueue = async (page: Page, n: string) => {
  await page.getByRole('link', { name: n }).click();
  await page.getByRole('heading', { level: 1, name: `办件 ${n}` }).waitFor();
  await page.getByRole('heading', { level: 2, name: '受理' }).waitFor();
};

describe('the window', () => {
  it('works through the queue: a correction listed at once, an acceptance, a refusal with reasons', async () => {
    const corrected = await housing();
    const accepted = await housing();
    const refused = await housing();
    const { context, page } = await signedIn('clerk', '/work/window');
    // The service centre's window sees every department's queue, and may narrow it to one.
    await page.getByRole('table', { name: '待受理的申请（全部部门，先提交的在前）' }).waitFor();
    await page.getByRole('link', { name: refused }).waitFor();
    // Departments by name once the jurisdiction's profile has arrived.
    await expect
      .poll(() => page.getByRole('row').filter({ hasText: refused }).textContent(), { timeout: 20_000 })
      .toContain('舟山市定海区住房和城乡建设局');
    await accessible(page);
    await screenshot(page, 'portal-60-window-queue');
    await page.getByLabel('部门').selectOption('zjj');
    await page
      .getByRole('table', { name: /住房和城乡建设局/ })
      .getByRole('link', { name: refused })
      .waitFor();
    // Oldest first, once the narrowed list has replaced the whole one.
    await expect
      .poll(
        async () => {
          const rows = await page.locator('tbody th a').allTextContents();
          return rows.includes(corrected) && rows.indexOf(corrected) < rows.indexOf(refused);
        },
        { timeout: 20_000 },
      )
      .toBe(true);
    const row = page.getByRole('row').filter({ hasText: corrected });
    expect(await row.textContent()).toContain('公共租赁住房资格申请');
    expect(await row.textContent()).toContain('个人');
    expect(await row.textContent()).toContain('20 个工作日');

    // 补正: the form's answers under their titles, the files behind links, then everything missing at once.
    await openFromQueue(page, corrected);
    const main = page.locator('main');
    await page.getByText('家庭人口', { exact: true }).waitFor();
    expect(await main.textContent()).toContain('家庭人口3');
    expect(await main.textContent()).toContain('告知承诺');
    const file = page.getByRole('link', { name: '查看「居民身份证」文件' });
    expect((await fetch((await file.getAttribute('href'))!)).status).toBe(200);
    await page.getByLabel('补正：一次性告知需补正的内容').check();
    await page.getByRole('button', { name: '提交受理决定' }).click();
    await page.getByText('至少勾选一项，并写明原因。').waitFor();
    expect(
      await page.getByRole('group', { name: '需补正的材料和表单项' }).getAttribute('aria-describedby'),
    ).toBe('acceptance-missing-hint acceptance-missing-error');
    await page
      .getByRole('group', { name: '需补正的材料和表单项' })
      .getByRole('checkbox', { name: '居民户口簿' })
      .check();
    await page.getByRole('button', { name: '提交受理决定' }).click();
    const reason = page.getByLabel('「居民户口簿」的补正原因');
    await expect.poll(() => reason.getAttribute('aria-invalid'), { timeout: 20_000 }).toBe('true');
    expect(await page.locator('#acceptance-missing-material-hukou-error').textContent()).toContain(
      '请写明原因',
    );
    await accessible(page);
    await screenshot(page, 'portal-61-correction-error');
    await reason.fill('户口簿首页不清晰，请重新上传');
    await page.getByRole('button', { name: '提交受理决定' }).click();
    await page.getByText('已一次性告知申请人补正。办件当前状态：待补正。').waitFor();
    // The panel is gone with the action: the keyboard is at the news.
    expect(await page.evaluate('document.activeElement.textContent')).toContain('已一次性告知申请人补正');
    await page.getByRole('heading', { level: 2, name: '待补正内容' }).waitFor();
    expect(await caseStatus(corrected)).toBe('CORRECTION_REQUESTED');
    const view = await api.request('GET', `/cases/${corrected}`, { as: 'citizen' });
    expect(view.body.correction.missing).toEqual([
      { materialId: 'hukou', reason: '户口簿首页不清晰，请重新上传' },
    ]);
    await page.getByRole('cell', { name: '要求补正' }).waitFor();
    await accessible(page);
    await screenshot(page, 'portal-62-correction-sent');

    // 受理.
    await page.goBack();
    await openFromQueue(page, accepted);
    await page.getByRole('button', { name: '提交受理决定' }).click();
    await page.getByText(/^已受理，办件转入部门审查。/).waitFor();
    expect(['ACCEPTED', 'IN_REVIEW']).toContain(await caseStatus(accepted));
    await page.getByText('承诺办结日期').waitFor();
    await accessible(page);
    await screenshot(page, 'portal-63-accepted');

    // 不予受理 needs its reasons, said beside the field.
    await page.goBack();
    await openFromQueue(page, refused);
    await page.getByLabel('不予受理').check();
    await page.getByRole('button', { name: '提交受理决定' }).click();
    const reasons = page.getByLabel('理由');
    await expect.poll(() => reasons.getAttribute('aria-invalid'), { timeout: 20_000 }).toBe('true');
    expect(await reasons.getAttribute('aria-describedby')).toContain('acceptance-reasons-error');
    await accessible(page);
    await screenshot(page, 'portal-64-reject-error');
    await reasons.fill('申请人户籍不在本区，不属于本机关受理范围');
    await page.getByRole('button', { name: '提交受理决定' }).click();
    await page.getByText('已作出不予受理决定。办件当前状态：不予受理。').waitFor();
    expect(await caseStatus(refused)).toBe('NOT_ACCEPTED');
    await page.getByRole('cell', { name: '申请人户籍不在本区，不属于本机关受理范围' }).waitFor();
    await accessible(page);
    await screenshot(page, 'portal-65-rejected');
    await context.close();
  }, 120_000);
});

describe('review', () => {
  it('lets a reviewer claim from the list and decide with a required opinion, on an intact record', async () => {
    const n = await acceptedLicenceChange();
    await eventually(
      () => api.request('GET', '/tasks?limit=100', { as: 'reviewer' }),
      (r) => r.body.tasks.some((t: { caseNumber: string }) => t.caseNumber === n),
    );
    const { context, page } = await signedIn('reviewer', '/work/tasks');
    const row = page.getByRole('row').filter({ hasText: n });
    await row.waitFor();
    expect(await row.textContent()).toMatch(/剩余 \d+ 个工作日|即将到期|今天到期/);
    expect(await row.textContent()).toContain('企业变更登记');
    await accessible(page);
    await screenshot(page, 'portal-66-tasks');
    // By keyboard: the claimed row loses its button, and focus moves to the news.
    await row.getByRole('button', { name: `认领 ${n} 的「审核」` }).focus();
    await page.keyboard.press('Enter');
    await page.getByText(`已认领 ${n}，请打开办件作出审查决定。`).waitFor();
    expect(await page.evaluate('document.activeElement.textContent')).toContain(`已认领 ${n}`);
    await row.getByText('周审核 已认领').waitFor();

    await page.getByRole('link', { name: n }).click();
    await page.getByRole('heading', { level: 1, name: `办件 ${n}` }).waitFor();
    await page.getByRole('button', { name: '提交审查决定' }).click();
    const opinion = page.getByLabel('审查意见（必填）');
    await expect.poll(() => opinion.getAttribute('aria-invalid'), { timeout: 20_000 }).toBe('true');
    expect(await page.locator('#review-opinion-error').textContent()).toContain('请填写审查意见');
    await accessible(page);
    await screenshot(page, 'portal-67-opinion-required');

    await opinion.fill('材料齐全，符合变更登记条件，同意。');
    await page.getByRole('button', { name: '提交审查决定' }).click();
    await page.getByText(/^已提交：审查同意。/).waitFor();
    await page.getByRole('cell', { name: '审查同意' }).waitFor();
    // The workflow completes the case by itself; the page reads it again until it shows that.
    await page.getByText('已提交：审查同意。办件当前状态：已办结。').waitFor({ timeout: 20_000 });
    expect(await caseStatus(n)).toBe('COMPLETED');
    expect(await page.locator('.facts').first().textContent()).not.toContain('到期');
    await page.getByText(/^✓ 记录链完整：\d+ 条记录环环相扣，未被改动。$/).waitFor();
    await page.getByRole('cell', { name: '办结' }).waitFor();
    await accessible(page);
    await screenshot(page, 'portal-68-approved');

    await page.goBack();
    await page.getByRole('table', { name: '本部门已办任务（最近的在前）' }).getByText(n).waitFor();
    // Staff pages speak English too.
    await page.getByLabel('语言').selectOption('en');
    await page.getByRole('heading', { level: 1, name: 'Review tasks' }).waitFor();
    const done = page.getByRole('table', { name: "My department's decided tasks, latest first" });
    expect(await done.getByRole('row').filter({ hasText: n }).textContent()).toContain('Approved');
    await accessible(page);
    await screenshot(page, 'portal-71-tasks-en');
    await context.close();
  }, 120_000);

  it('lets each department of a parallel approval approve in its own browser', async () => {
    const n = await housing();
    await api.request('POST', `/cases/${n}/acceptance`, { as: 'clerk', body: { decision: 'accept' } });
    await eventually(
      () => api.request('GET', `/cases/${n}`, { as: 'supervisor' }),
      (r) => r.body.tasks?.length === 2,
    );
    const approve = async (who: 'reviewer2' | 'reviewer3', shot: string) => {
      const { context, page } = await signedIn(who, '/work/tasks');
      const row = page.getByRole('row').filter({ hasText: n });
      await row.getByRole('button', { name: /^认领/ }).click();
      await page.getByText(`已认领 ${n}，请打开办件作出审查决定。`).waitFor();
      await page.getByRole('link', { name: n }).click();
      const opinion = page.getByLabel('审查意见（必填）');
      await opinion.fill('经核查，符合保障条件。');
      await page.getByRole('button', { name: '提交审查决定' }).click();
      await page.getByText(/^已提交：审查同意。/).waitFor();
      await accessible(page);
      await screenshot(page, shot);
      return context;
    };
    const contexts = await Promise.all([
      approve('reviewer2', 'portal-69-parallel-zjj'),
      approve('reviewer3', 'portal-70-parallel-mzj'),
    ]);
    await expect.poll(() => caseStatus(n), { timeout: 20_000 }).toBe('COMPLETED');
    const tasks = (await api.request('GET', `/cases/${n}`, { as: 'supervisor' })).body.tasks as Array<{
      department: string;
      status: string;
      decidedBy: { name: string };
    }>;
    expect(tasks.map((t) => [t.department, t.status, t.decidedBy.name]).sort()).toEqual([
      ['mzj', 'approved', '钱审核'],
      ['zjj', 'approved', '吴审核'],
    ]);
    for (const context of contexts) await context.close();
  }, 120_000);
});
