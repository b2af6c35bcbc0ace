// Signing in to the portal in headless Chromium, as a citizen does: 登录 → the province's unified login
// (the local simulator) → pick a person → back at the portal through the authorization-code flow with PKCE →
// 我的办件 lists the case that person applied for → 退出. The same person's token from a standard OIDC
// client (openid-client) filed the case, so both ends of the flow meet in one account.
import { expect, it } from 'vitest';
import { signInFlow } from '../../infra/local/sign-in-flow.ts';
import { screenshot, seriousViolations } from '../support/browser.ts';
import { usePortal } from '../support/portal.ts';
import { acceptAndApprove, housingApplication, licenceChangeApplication } from '../support/review.ts';

const { api, browser } = await usePortal('dinghai');

/** A token of `who`'s own, got by script through the same sign-in: uploads and applications with it. */
const asPerson = async (who: 'citizen' | 'enterprise') => {
  const { tokens } = await signInFlow(() => api.cloud.issuer, `${api.url}/signed-in`).signIn(who);
  const bearer = { authorization: `Bearer ${tokens.access_token}` };
  const upload = async () => {
    const content = Buffer.from('%PDF-1.4 application material');
    const grant = await fetch(`${api.url}/uploads`, {
      method: 'POST',
      headers: { ...bearer, 'content-type': 'application/json' },
      body: JSON.stringify({ contentType: 'application/pdf', size: content.length }),
    }).then((r) => r.json() as Promise<{ url: string; headers: Record<string, string>; key: string }>);
    await fetch(grant.url, { method: 'PUT', headers: grant.headers, body: content });
    return grant.key;
  };
  const apply = async (body: object) => {
    const res = await fetch(`${api.url}/cases`, {
      method: 'POST',
      headers: {
        ...bearer,
        'content-type': 'application/json',
        'idempotency-key': `portal-${who}-${Date.now()}`,
      },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(201);
    return ((await res.json()) as { caseNumber: string }).caseNumber;
  };
  return { upload, apply };
};

const applyAsCitizen = async () => {
  const { upload, apply } = await asPerson('citizen');
  return apply(await housingApplication(upload));
};

/** The enterprise applies for a business-licence change; the window accepts and the reviewer approves. */
const licenceForEnterprise = async () => {
  const { upload, apply } = await asPerson('enterprise');
  const n = await apply(await licenceChangeApplication(upload));
  await acceptAndApprove(api, n);
};

it('signs a citizen in through the province, shows their cases, and signs out', async () => {
  const caseNumber = await applyAsCitizen();
  const context = await browser().newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await page.goto(`${api.url}/my-cases`);
  await page.getByText('查看我的办件需要先登录。').waitFor();
  await page.getByRole('main').getByRole('button', { name: '登录' }).click();

  // The province's unified login: pick the demo citizen.
  await page.locator('a[data-user="citizen"]').waitFor();
  await screenshot(page, 'portal-15-province-login');
  await page.locator('a[data-user="citizen"]').click();

  await page.waitForURL(`${api.url}/my-cases`);
  await page.getByText(caseNumber).waitFor();
  expect(await page.locator('main').textContent()).toContain('公共租赁住房资格申请');
  expect(await page.locator('main').textContent()).toContain('已申请，待受理');
  // Tokens stay in memory: nothing in the browser's storage holds one.
  const stored = (await page.evaluate(
    'JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage } })',
  )) as string;
  expect(stored).not.toMatch(/eyJ[\w-]+\.[\w-]+\./);
  expect(await seriousViolations(page)).toEqual([]);
  await screenshot(page, 'portal-16-my-cases');

  await page.getByRole('button', { name: '退出' }).click();
  // The provider asks to confirm, as sign-out started elsewhere must not end a session unasked.
  await page.getByRole('button', { name: '退出 Sign out' }).click();
  await page.waitForURL(`${api.url}/`);
  await page.getByRole('button', { name: '登录' }).waitFor();
  await context.close();
}, 90_000);

it('shows an enterprise its licences with the OFD and the PDF and who read them', async () => {
  await licenceForEnterprise();
  const context = await browser().newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await page.goto(`${api.url}/wallet`);
  await page.getByRole('main').getByRole('button', { name: '登录' }).click();
  await page.locator('a[data-user="enterprise"]').click();
  await page.waitForURL(`${api.url}/wallet`);
  await page.getByRole('heading', { level: 2, name: '营业执照' }).first().waitFor();
  expect(await page.locator('main').textContent()).toContain('有效');
  const pdfLink = page.getByRole('link', { name: '下载营业执照 PDF' }).first();
  await pdfLink.waitFor();
  const pdf = await fetch((await pdfLink.getAttribute('href'))!);
  expect(pdf.status).toBe(200);
  expect(
    Buffer.from(await pdf.arrayBuffer())
      .subarray(0, 5)
      .toString(),
  ).toBe('%PDF-');
  // The OFD licence file beside it: an OFD package (a zip whose entry is OFD.xml).
  const ofdLink = page.getByRole('link', { name: '下载营业执照 OFD（电子证照文件）' }).first();
  const ofd = await fetch((await ofdLink.getAttribute('href'))!);
  expect(ofd.status).toBe(200);
  const ofdBytes = Buffer.from(await ofd.arrayBuffer());
  expect(ofdBytes.subarray(0, 2).toString()).toBe('PK');
  expect(ofdBytes.includes(Buffer.from('OFD.xml'))).toBe(true);
  await page.getByText('还没有部门调用过这份证照。').first().waitFor();
  expect(await seriousViolations(page)).toEqual([]);
  await screenshot(page, 'portal-17-wallet');
  await context.close();
}, 120_000);

it('tells the citizen of each step in the inbox and by SMS, and lets them mark read and turn SMS off', async () => {
  const caseNumber = await applyAsCitizen();
  const clerk = await api.request('POST', `/cases/${caseNumber}/acceptance`, {
    as: 'clerk',
    body: { decision: 'accept' },
  });
  expect(clerk.status).toBe(200);
  // At night the SMS wait for the morning: the clock moves to the next 08:01 in Beijing for the sweep.
  const morning = new Date(Date.now() + 8 * 3600_000);
  morning.setUTCHours(8, 1, 0, 0);
  if (morning.getTime() - 8 * 3600_000 < Date.now()) morning.setUTCDate(morning.getUTCDate() + 1);
  // Once the notifier has had both events (held or sent).
  const delivered = async () =>
    (
      (await api.request('GET', '/dev/events?limit=1000')).body.events as Array<{
        detail: { caseNumber?: string };
        deliveries: Array<{ target: string; status: string }>;
      }>
    ).filter(
      (e) =>
        e.detail.caseNumber === caseNumber &&
        e.deliveries.some((d) => d.target.endsWith('-notifier') && d.status === 'delivered'),
    ).length;
  await expect.poll(delivered, { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
  await api.request('POST', '/dev/clock', { body: { now: `${morning.toISOString().slice(0, 19)}+08:00` } });
  await api.request('POST', '/dev/schedules/notifier');
  await api.request('POST', '/dev/clock', { body: { reset: true } });
  // The SMS went to the mobile the province verified, masked in the provider's outbox.
  await expect
    .poll(
      async () =>
        ((await api.request('GET', '/dev/outbox')).body.sms as Array<{ to: string; text: string }>).filter(
          (s) => s.text.includes(caseNumber),
        ),
      { timeout: 20_000 },
    )
    .toHaveLength(2);
  const context = await browser().newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await page.goto(`${api.url}/inbox`);
  await page.getByRole('main').getByRole('button', { name: '登录' }).click();
  await page.locator('a[data-user="citizen"]').click();
  await page.waitForURL(`${api.url}/inbox`);
  const accepted = page.locator('li.unread', { hasText: caseNumber }).filter({ hasText: '申请已受理' });
  await accepted.waitFor({ timeout: 20_000 });
  await expect
    .poll(() => page.getByRole('banner').getByRole('link', { name: /消息/ }).textContent())
    .toMatch(/条未读/);
  expect(await accepted.textContent()).toContain('未读');
  expect(await seriousViolations(page)).toEqual([]);
  await screenshot(page, 'portal-80-inbox');

  await page.getByRole('button', { name: '全部标为已读' }).click();
  await page.getByText('没有未读消息。').waitFor();
  await expect
    .poll(() => page.getByRole('banner').getByRole('link', { name: /消息/ }).textContent())
    .toBe('消息');
  const sms = page.getByLabel('同时用短信通知我');
  expect(await sms.isChecked()).toBe(true);
  await sms.click();
  await expect.poll(() => sms.isChecked()).toBe(false);
  // A reload forgets the tokens; the provider's session signs the person straight back in.
  await page.reload();
  await page.getByRole('main').getByRole('button', { name: '登录' }).click();
  await page.waitForURL(`${api.url}/inbox`);
  await page.getByLabel('同时用短信通知我').waitFor();
  expect(await page.getByLabel('同时用短信通知我').isChecked()).toBe(false);
  expect(await seriousViolations(page)).toEqual([]);
  await screenshot(page, 'portal-81-inbox-read');
  await context.close();
}, 120_000);
