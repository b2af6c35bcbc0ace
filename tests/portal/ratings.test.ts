// 好差评 in headless Chromium, everyone in their own browser, signed in through the province's login: the
// applicant rates a concluded case 非常不满意 on a phone (a missing level is said beside the levels first);
// 住建局's reviewer takes the bad review through the return call, the rectification and the reply in the
// workbench; the applicant reads the reply in full on the case page and the public figures count it. Then a
// bad review left without a return call for two working days shows up for the supervisor, the unit appeals
// it and the supervisor upholds the appeal. Every state is checked with axe-core and photographed.
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { demoUsers } from '../../infra/local/demo-users.ts';
import type { DevTokenRequest } from '../../infra/local/dev-identity.ts';
import { screenshot, seriousViolations } from '../support/browser.ts';
import { usePortal } from '../support/portal.ts';
import { applyForHousing, housingApplication } from '../support/review.ts';

const { api, browser } = await usePortal('dinghai');

afterAll(async () => {
  await api.request('POST', '/dev/clock', { body: { reset: true } });
});

const accessible = async (page: Page) => expect(await seriousViolations(page)).toEqual([]);

let applications = 0;
/**
 * A housing application the window refuses: concluded (NOT_ACCEPTED), handled by 住建局 (zjj). Applied for
 * by the demo citizen, or by the account the province's login made (its own subject) when `who` is given.
 */
const concluded = async (who?: DevTokenRequest) => {
  const applied = who
    ? await api.request('POST', '/cases', {
        as: who,
        body: await housingApplication(() => api.upload(who)),
        headers: { 'idempotency-key': `ratings-${Date.now()}-${++applications}` },
      })
    : await applyForHousing(api);
  expect(applied.status).toBe(201);
  const n = applied.body.caseNumber as string;
  const refused = await api.request('POST', `/cases/${n}/acceptance`, {
    as: 'clerk',
    body: { decision: 'reject', reasons: '申请人家庭收入超过保障标准' },
  });
  expect(refused.status).toBe(200);
  return n;
};

/** The subject of the first token the page sends to the API: the account the province's login made. */
const subjectOf = (page: Page) =>
  new Promise<string>((resolve) =>
    page.on('request', (request) => {
      const token = request.headers().authorization?.split(' ')[1];
      if (token) resolve(JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()).sub);
    }),
  );

/**
 * `who` signed in at `path` through the province's login, on a phone (citizens) or a desktop (staff).
 * Tokens live in the page's memory only: the rest of the test moves by links, never by reloading.
 */
const signedIn = async (who: string, path: string, size: 'phone' | 'desktop') => {
  const viewport = size === 'phone' ? { width: 390, height: 844 } : { width: 1280, height: 800 };
  const page = await (await browser().newContext({ viewport })).newPage();
  const sub = subjectOf(page);
  await page.goto(`${api.url}${path}`);
  await page.getByRole('main').getByRole('button', { name: '登录' }).click();
  await page.locator(`a[data-user="${who}"]`).click();
  await page.waitForURL(`${api.url}${path}`);
  return Object.assign(page, { sub });
};

/** The workbench's rectifications, reached by its links from wherever the page is. */
const toRectifications = async (page: Page) => {
  await page.getByRole('banner').getByRole('link', { name: '工作台' }).click();
  await page.getByRole('main').getByRole('link', { name: '差评整改' }).click();
  await page.getByRole('heading', { level: 1, name: '差评整改' }).waitFor();
};

const news = (page: Page, text: string) => page.locator('.live').getByText(text).waitFor();

describe('好差评', () => {
  it('is given on the case page, put right by the unit in the workbench, replied to, and counted', async () => {
    // The applicant signs in first: the province's login makes their account, whose case this is.
    const citizen = await signedIn('citizen', '/my-cases', 'phone');
    const applicant: DevTokenRequest = { ...demoUsers.citizen, sub: await citizen.sub };
    const n = await concluded(applicant);
    await citizen.getByRole('banner').getByRole('link', { name: '首页' }).click();
    await citizen.getByRole('banner').locator('a[href="/my-cases"]').click();
    await citizen.locator(`a[href="/case/${n}"]`).click();
    const section = citizen.getByRole('region', { name: '评价这次服务' });
    await section.waitFor();
    await accessible(citizen);
    await screenshot(citizen, 'portal-140-rating-form');

    // No level chosen: said beside the levels, and nothing is sent.
    await section.getByRole('button', { name: '提交评价' }).click();
    const levels = section.getByRole('group', { name: /满意程度/ });
    await levels.getByText('请选择满意程度。').waitFor();
    expect(await levels.getAttribute('aria-describedby')).toBe('rating-level-error');
    expect((await api.request('GET', `/cases/${n}/rating`, { as: applicant })).body.rateable).toBe(true);
    await accessible(citizen);
    await screenshot(citizen, 'portal-141-rating-level-missing');

    await levels.getByRole('radio', { name: '非常不满意', exact: true }).check();
    await section.getByRole('checkbox', { name: '办理结果' }).check();
    await section.getByLabel('意见和建议（可不填）').fill('不予受理的理由没有讲清楚，也没有告诉我收入怎么算');
    await section.getByRole('button', { name: '提交评价' }).click();
    const given = citizen.getByRole('region', { name: '你的评价' });
    await given.getByText('感谢你的评价。').waitFor();
    await given.getByText('待回访').waitFor();
    const rated = (await api.request('GET', `/cases/${n}/rating`, { as: applicant })).body;
    expect(rated.rating).toMatchObject({ level: 5, aspects: ['result'], channel: 'mobile' });
    expect(rated.rectification.status).toBe('awaiting-call');
    expect(await given.textContent()).toContain(`应在 ${rated.rectification.callBy} 前回访`);
    await accessible(citizen);
    await screenshot(citizen, 'portal-142-rating-given');

    // 住建局's reviewer: the open bad review, its panel, each step in turn.
    const staff = await signedIn('reviewer2', '/work/rectifications', 'desktop');
    const open = staff.getByRole('table', { name: /^本部门待整改的差评/ });
    const row = open.getByRole('row').filter({ hasText: n });
    expect(await row.textContent()).toContain('非常不满意');
    expect(await row.textContent()).toContain('未超期');
    await row.getByRole('button', { name: `处理 ${n} 的差评` }).click();
    const panel = staff.getByRole('region', { name: `${n} 的差评` });
    await panel.getByText('不予受理的理由没有讲清楚').waitFor();
    await panel.getByRole('button', { name: '记录回访' }).click();
    await panel.getByText('请选择是否联系到评价人。').waitFor();
    await accessible(staff);
    await screenshot(staff, 'portal-143-rectification-call-missing');
    await panel.getByRole('radio', { name: '已联系到' }).check();
    await panel.getByLabel('回访情况').fill('电话联系申请人，解释了收入核定标准');
    await panel.getByRole('button', { name: '记录回访' }).click();
    await news(staff, '已记录回访，转入整改。');
    await panel.getByLabel('整改措施').fill('不予受理告知书逐项写明依据和收入计算方法');
    await panel.getByRole('button', { name: '记录整改措施' }).click();
    await news(staff, '已记录整改措施，请答复评价人。');
    const reply = '您好：已按您的意见改进告知书，逐项写明依据和收入计算方法。感谢监督。';
    await panel.getByLabel('答复内容（评价人会看到全文）').fill(reply);
    await accessible(staff);
    await screenshot(staff, 'portal-144-rectification-reply');
    await panel.getByRole('button', { name: '答复评价人' }).click();
    await news(staff, '已答复评价人，差评整改办结。');
    await staff
      .getByRole('table', { name: /^本部门已办结的差评/ })
      .getByRole('link', { name: n })
      .waitFor();
    await accessible(staff);
    await screenshot(staff, 'portal-145-rectification-closed');

    // The applicant, back on the case by the links, reads the reply in full with its date.
    await citizen.getByRole('banner').locator('a[href="/my-cases"]').click();
    await citizen.locator(`a[href="/case/${n}"]`).click();
    const progress = citizen.getByRole('region', { name: '差评整改进度' });
    await progress.getByText(reply).waitFor();
    expect(await progress.textContent()).toContain('已答复，整改完成');
    expect(await progress.textContent()).toContain('已联系到你');
    await accessible(citizen);
    await screenshot(citizen, 'portal-146-rectification-reply-seen');

    // The public figures, from the footer.
    const stats = (await api.request('GET', '/ratings/stats')).body;
    await citizen.getByRole('contentinfo').getByRole('link', { name: '好差评公示' }).click();
    const byLevel = citizen.getByRole('table', { name: '各满意程度的评价数' });
    await byLevel.waitFor();
    expect(await byLevel.getByRole('row', { name: /^非常不满意/ }).textContent()).toBe(
      `非常不满意${stats.all.levels['5']}`,
    );
    const zjj = stats.departments.find((d: { code: string }) => d.code === 'zjj');
    expect(zjj).toMatchObject({ bad: 1, rectified: 1, onTime: 1 });
    const department = citizen
      .getByRole('table', { name: '各部门评价' })
      .getByRole('row', { name: /住房和城乡建设局/ });
    expect(await department.textContent()).toContain(`${zjj.satisfactionRate}%`);
    expect(await citizen.getByRole('list', { name: '各部门满意率' }).textContent()).toContain(
      `${zjj.satisfactionRate}%`,
    );
    // Per item, by its name, and the share of each level.
    const housing = stats.items.find((i: { name?: string }) => i.name === '公共租赁住房资格申请');
    expect(housing).toMatchObject({ bad: 1 });
    const item = citizen
      .getByRole('table', { name: '各事项评价' })
      .getByRole('row', { name: /公共租赁住房资格申请/ });
    expect(await item.textContent()).toContain(`${housing.satisfactionRate}%`);
    expect(
      await citizen.getByRole('list', { name: '各满意程度所占比例' }).getByRole('listitem').count(),
    ).toBe(5);
    await accessible(citizen);
    await screenshot(citizen, 'portal-147-ratings-public');
  }, 120_000);

  it('shows the supervisor an overdue bad review, and the unit’s appeal decided by the supervisor', async () => {
    // A Monday: the return call is due on Tuesday; on Wednesday it is overdue.
    await api.request('POST', '/dev/clock', { body: { now: '2026-12-14T10:00:00+08:00' } });
    const n = await concluded();
    const rated = await api.request('POST', `/cases/${n}/rating`, {
      as: 'citizen',
      body: { level: 4, aspects: ['attitude'], comment: '窗口态度不好', channel: 'pc' },
    });
    expect(rated.status).toBe(201);
    await api.request('POST', '/dev/clock', { body: { now: '2026-12-16T10:00:00+08:00' } });
    // The ratings function's schedule finds it overdue: the supervisor is told in 工作消息, with a link there.
    await api.request('POST', '/dev/schedules/ratings');

    const supervisor = await signedIn('supervisor', '/work/messages', 'desktop');
    const told = supervisor
      .getByRole('listitem')
      .filter({ hasText: '差评整改已超期' })
      .filter({ hasText: n });
    await told.waitFor();
    expect(await told.textContent()).toContain('差评回访已超过时限 2026-12-15');
    await accessible(supervisor);
    await screenshot(supervisor, 'smsrate-01-overdue-rectification-message');
    await told.getByRole('link', { name: `在差评整改中查看 ${n}` }).click();
    await supervisor.getByRole('heading', { level: 1, name: '差评整改' }).waitFor();
    const overdue = supervisor.getByRole('table', { name: /^超期未整改的差评/ });
    const late = overdue.getByRole('row').filter({ hasText: n });
    await late.waitFor();
    expect(await late.textContent()).toContain('回访已超期');
    expect(await late.textContent()).toContain('住房和城乡建设局');
    await accessible(supervisor);
    await screenshot(supervisor, 'portal-148-rectifications-overdue');

    // The 办不成事 record of that Monday has the refusal and the bad review, each with its reasons.
    await supervisor.getByRole('banner').getByRole('link', { name: '工作台' }).click();
    await supervisor.getByRole('main').getByRole('link', { name: '电子监察' }).click();
    await supervisor.getByLabel('自').fill('2026-12-14');
    const undone = supervisor.getByRole('table', { name: '逐件' });
    await undone.getByRole('row').filter({ hasText: '窗口态度不好' }).waitFor();
    expect(await undone.getByRole('row').filter({ hasText: n }).count()).toBe(2);
    const byUnit = supervisor.getByRole('table', { name: /^按部门汇总（2026-12-14）/ });
    expect(await byUnit.getByRole('row').filter({ hasText: '住房和城乡建设局' }).textContent()).toMatch(/\d/);
    await accessible(supervisor);
    await screenshot(supervisor, 'portal-152-unresolved-day');
    await toRectifications(supervisor);

    // The unit appeals with its reasons.
    const unit = await signedIn('reviewer2', '/work/rectifications', 'desktop');
    await unit.getByRole('button', { name: `处理 ${n} 的差评` }).click();
    const panel = unit.getByRole('region', { name: `${n} 的差评` });
    await panel.getByLabel('申诉理由').fill('经调取窗口录像，工作人员解释耐心，差评针对政策规定本身');
    await panel.getByRole('button', { name: '提出申诉' }).click();
    await news(unit, '已提出申诉，等待监察人员裁决。');
    await panel.getByText('申诉中，等待监察人员裁决。').waitFor();
    await accessible(unit);
    await screenshot(unit, 'portal-149-rectification-appealed');

    // The supervisor, by the links, decides it.
    await toRectifications(supervisor);
    const appeals = supervisor.getByRole('table', { name: /^待裁决的申诉/ });
    await appeals.getByRole('button', { name: `裁决 ${n} 的申诉` }).click();
    const deciding = supervisor.getByRole('region', { name: `${n} 的差评` });
    await deciding.getByText('经调取窗口录像').waitFor();
    await deciding.getByRole('button', { name: '作出裁决' }).click();
    await deciding.getByText('请选择裁决结果。').waitFor();
    await accessible(supervisor);
    await screenshot(supervisor, 'portal-150-appeal-decision-missing');
    await deciding.getByRole('radio', { name: /^申诉成立/ }).check();
    await deciding.getByLabel('裁决意见').fill('经核实，差评针对政策规定而非服务，申诉成立');
    await deciding.getByRole('button', { name: '作出裁决' }).click();
    await news(supervisor, '申诉成立，这条差评已作废。');
    await expect
      .poll(
        async () =>
          (await api.request('GET', `/cases/${n}/rating`, { as: 'supervisor' })).body.rectification.status,
        { timeout: 20_000 },
      )
      .toBe('void');
    await appeals.getByText('没有这类差评。').waitFor();
    expect(await overdue.textContent()).not.toContain(n);
    await accessible(supervisor);
    await screenshot(supervisor, 'portal-151-appeal-upheld');
  }, 120_000);

  it('rates a window visit by the QR code the clerk shows, once, without signing in', async () => {
    const clerk = await signedIn('clerk', '/work', 'desktop');
    await clerk.getByRole('main').getByRole('link', { name: '窗口服务评价' }).click();
    await clerk.getByRole('heading', { level: 1, name: '窗口服务评价' }).waitFor();
    await accessible(clerk);
    await clerk.getByLabel('服务内容').selectOption('handled');
    await clerk.getByLabel('事项编码（可不填）').fill('330902-JF-0084');
    await clerk.getByRole('button', { name: '记录这次服务' }).click();
    await news(clerk, '请群众扫码评价');
    const qr = clerk.getByRole('img', { name: /^评价服务 W\d{8}-[0-9A-Z]{10} 的二维码$/ });
    await qr.waitFor();
    const id = /(W\d{8}-[0-9A-Z]{10})/.exec((await qr.getAttribute('aria-label')) ?? '')?.[1] ?? '';
    const code = (await clerk.locator('.visit-code .account-id').textContent()) ?? '';
    expect(code).toMatch(/^[0-9A-Z]{6}$/);
    expect(await clerk.getByRole('link', { name: '在评价器上打开' }).getAttribute('href')).toBe(
      `/rate/${id}?code=${code}&channel=tablet`,
    );
    await accessible(clerk);
    await screenshot(clerk, 'feedback-03-window-visit-qr');

    // The person's phone opens what the QR code says: no sign-in.
    const phone = await (await browser().newContext({ viewport: { width: 390, height: 844 } })).newPage();
    await phone.goto(`${api.url}/rate/${id}?code=${code}`);
    await phone.getByRole('heading', { level: 1, name: '评价窗口服务' }).waitFor();
    await phone.getByText('陈窗口').waitFor();
    await phone.getByText('当场办结').waitFor();
    await accessible(phone);
    await screenshot(phone, 'feedback-04-visit-rating-form');
    await phone.getByLabel('满意', { exact: true }).check();
    await phone.getByRole('button', { name: '提交评价' }).click();
    await phone.getByText('感谢你的评价。').waitFor();
    await phone.getByText('这次服务已评价：满意。').waitFor();
    expect(await phone.getByRole('button', { name: '提交评价' }).count()).toBe(0);
    await accessible(phone);
    await screenshot(phone, 'feedback-05-visit-rated');
    const visit = (await api.request('GET', `/window-visits/${id}?code=${code}`)).body;
    expect(visit).toMatchObject({ rateable: false, rating: { level: 2 } });
  }, 120_000);
});
