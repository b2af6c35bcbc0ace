// 物流寄递 in the portal, in headless Chromium: an enterprise applies for its business-licence change with
// delivery by courier (a wrong mobile comes back beside its field; province, city and county picked in turn),
// the licence is approved and its tracking unfolds on the case page until 已送达; another case is picked up
// at first, delivery chosen on the case page once it is done, and the failed delivery comes back to the
// hall with a note; the window records materials that came by post in the workbench. Staff decide through
// the API. axe-core finds no serious or critical violation in any state; each is photographed.
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { screenshot, seriousViolations } from '../support/browser.ts';
import { eventually } from '../support/local-cloud.ts';
import { usePortal } from '../support/portal.ts';
import { acceptAndApprove, licenceChangeApplication } from '../support/review.ts';

const { api, browser } = await usePortal('dinghai');

const code = '330902-XK-0012';
const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(64 * 1024, 0x20)]);
const accessible = async (page: Page) => expect(await seriousViolations(page)).toEqual([]);

const signedIn = async (who: string, path: string, width = 390) => {
  const context = await browser().newContext({ viewport: { width, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${api.url}${path}`);
  await page.getByRole('main').getByRole('button', { name: '登录' }).click();
  await page.locator(`a[data-user="${who}"]`).click();
  await page.waitForURL(`${api.url}${path}`);
  return page;
};

const upload = async (page: Page, materialId: string, name: string) => {
  const material = page.locator(`#material-${materialId}`);
  await material
    .locator('input[type="file"]')
    .setInputFiles({ name, mimeType: 'application/pdf', buffer: pdf });
  await material.getByText(`已上传 ${name}`).waitFor({ timeout: 20_000 });
};

const fillAddress = async (page: Page, scope = page.locator('body')) => {
  await scope.getByLabel(/^收件人(?!手机)/).fill('林海韵');
  await scope.getByLabel(/^收件人手机号/).fill('13905800123');
  await scope.getByLabel(/^省/).selectOption({ label: '浙江省' });
  await scope.getByLabel(/^市/).selectOption({ label: '舟山市' });
  await scope.getByLabel(/^区县/).selectOption({ label: '定海区' });
  await scope.getByLabel(/^详细地址/).fill('海洋产业园区 6 号楼 2 层');
};

let keys = 0;

/** Fills the business-licence change's form and materials on the apply page. */
const fillApplication = async (page: Page) => {
  await page.getByLabel(/^变更事项/).fill('经营范围');
  await page.getByLabel(/^变更前内容/).fill('水产品批发');
  await page.getByLabel(/^变更后内容/).fill('水产品批发、零售');
  await upload(page, 'application-form', '申请表.pdf');
  await upload(page, 'business-licence', '营业执照.pdf');
  await upload(page, 'articles', '章程修正案.pdf');
};
const caseNumberOf = (page: Page) => decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);

it('applies with delivery by courier and follows the licence on its way until it is delivered', async () => {
  await api.request('POST', '/dev/courier', { body: { outcome: 'delivered', paceMs: 800 } });
  const page = await signedIn('enterprise', `/apply/${code}`);
  await fillApplication(page);
  await page.getByLabel('邮寄送达（免费寄到您填写的地址）').check();
  await fillAddress(page);
  await page.getByLabel(/^收件人手机号/).fill('1390580');
  await accessible(page);
  await screenshot(page, 'delivery-01-apply-address');

  // The API's word on the mobile, beside the field and in the summary.
  await page.getByRole('button', { name: '提交申请' }).click();
  await page.locator('section.summary').waitFor();
  expect(await page.getByLabel(/^收件人手机号/).getAttribute('aria-invalid')).toBe('true');
  expect(await page.locator('#delivery-mobile-error').textContent()).toContain('mobile');
  await accessible(page);
  await screenshot(page, 'delivery-02-apply-error');
  await page.getByLabel(/^收件人手机号/).fill('13905800123');
  await page.getByRole('button', { name: '提交申请' }).click();
  await page.waitForURL(/\/case\//);
  const n = caseNumberOf(page);
  const section = page.getByRole('region', { name: '领取方式' });
  await section.getByText('邮寄送达（免费寄到您填写的地址）').waitFor();
  await section.getByText('办结后将交快递寄出').waitFor();

  const done = await acceptAndApprove(api, n);
  expect(done.body.status).toBe('COMPLETED');
  // The page reads the tracking again while the result travels.
  await section.getByText('办理结果已送达。').waitFor({ timeout: 60_000 });
  await expect.poll(() => section.locator('ol.timeline li').count(), { timeout: 20_000 }).toBe(4);
  expect(await section.locator('ol.timeline li').first().textContent()).toContain('已签收');
  expect(await page.locator('dl.facts').textContent()).toContain('已送达');
  await accessible(page);
  await screenshot(page, 'delivery-03-case-delivered');
}, 180_000);

it('chooses delivery on the case page once the case is done; a failed delivery waits at the hall', async () => {
  await api.request('POST', '/dev/courier', { body: { outcome: 'failed', paceMs: 500 } });
  // Applied for with pick-up (the default choice) in the browser, approved by the staff.
  const page = await signedIn('enterprise', `/apply/${code}`);
  await fillApplication(page);
  await page.getByRole('button', { name: '提交申请' }).click();
  await page.waitForURL(/\/case\//);
  const n = caseNumberOf(page);
  await acceptAndApprove(api, n);
  // Back to the case from 我的办件 (newest first), as the applicant would come back to it.
  await page.getByRole('banner').getByRole('link', { name: '我的办件' }).click();
  await page.getByRole('main').getByRole('link', { name: '企业变更登记' }).first().click();
  await page.waitForURL(`${api.url}/case/${encodeURIComponent(n)}`);
  const section = page.getByRole('region', { name: '领取方式' });
  await section.getByText('到政务服务中心窗口领取').first().waitFor();
  await section.getByLabel('邮寄送达（免费寄到您填写的地址）').check();
  await fillAddress(page, section);
  await section.getByLabel(/^区县/).selectOption({ label: '普陀区' });
  // A city of another province is not offered: the lists follow the province.
  expect(await section.getByLabel(/^市/).locator('option', { hasText: '马鞍山市' }).count()).toBe(0);
  await section.getByLabel(/^区县/).selectOption({ label: '定海区' });
  await accessible(page);
  await screenshot(page, 'delivery-04-choose-after-completion');
  await section.getByRole('button', { name: '保存领取方式' }).click();
  await section.getByText('领取方式已保存。').waitFor();
  await section.getByText(/投递未成功，办理结果已退回政务服务中心/).waitFor({ timeout: 60_000 });
  await expect.poll(() => section.locator('ol.timeline li').count(), { timeout: 20_000 }).toBe(5);
  expect(await page.locator('dl.facts').textContent()).toContain('待领取');
  await accessible(page);
  await screenshot(page, 'delivery-05-returned-to-hall');
  const status = await eventually(
    async () => (await api.request('GET', `/cases/${n}`, { as: 'supervisor' })).body.status,
    (s) => s === 'AWAITING_PICKUP',
  );
  expect(status).toBe('AWAITING_PICKUP');
}, 180_000);

it('lets the window record materials that came by post', async () => {
  const applied = await api.request('POST', '/cases', {
    as: 'enterprise',
    body: await licenceChangeApplication(() => api.upload('enterprise')),
    headers: { 'idempotency-key': `portal-delivery-${Date.now()}-${++keys}` },
  });
  const n = applied.body.caseNumber as string;
  const page = await signedIn('clerk', `/work/case/${n}`, 1280);
  const panel = page.getByRole('region', { name: '物流寄递' });
  await panel.getByLabel('运单号').waitFor();
  await panel.getByLabel('运单号').fill('1187654321098');
  await panel.getByRole('button', { name: '登记' }).click();
  await panel.locator('#mailed-materialIds-error').waitFor();
  await accessible(page);
  await screenshot(page, 'delivery-06-mailed-error');
  await panel.getByLabel('公司章程修正案').check();
  await panel.getByRole('button', { name: '登记' }).click();
  await page.getByText('已登记运单 1187654321098 的材料。').waitFor();
  await panel.getByText(/EMS 1187654321098：公司章程修正案/).waitFor();
  await accessible(page);
  await screenshot(page, 'delivery-07-mailed-recorded');
  const view = await api.request('GET', `/cases/${n}/delivery`, { as: 'enterprise' });
  expect(view.body.mailedIn).toHaveLength(1);
}, 120_000);
