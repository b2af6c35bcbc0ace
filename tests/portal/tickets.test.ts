// 12345 诉求 in headless Chromium, everyone in their own browser, signed in through the province's login: a
// citizen asks the knowledge base, hands an unanswered question to a person, then files a complaint on a
// phone; the centre dispatches it from its board with the suggestion shown; 住建局 sends it back; the centre
// dispatches it to 市场监管局, which signs for it, asks for an extension the centre approves, and replies;
// the centre's return visit is unsatisfied, the citizen reopens it on the ticket's page; a second reply and a
// satisfied visit close it, and the citizen reads the closed ticket and its intact history. Every page is
// checked with axe-core and photographed.
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { names } from '../../infra/naming.ts';
import { screenshot, seriousViolations } from '../support/browser.ts';
import { usePortal } from '../support/portal.ts';

const { api, browser } = await usePortal('dinghai');

afterAll(async () => {
  await api.request('POST', '/dev/clock', { body: { reset: true } });
});

const accessible = async (page: Page) => expect(await seriousViolations(page)).toEqual([]);

/** `who` signed in at `path` through the province's login; the page then moves by links only. */
const signedIn = async (who: string, path: string, size: 'phone' | 'desktop') => {
  const viewport = size === 'phone' ? { width: 390, height: 844 } : { width: 1280, height: 800 };
  const page = await (await browser().newContext({ viewport })).newPage();
  await page.goto(`${api.url}${path}`);
  await page.getByRole('main').getByRole('button', { name: '登录' }).first().click();
  await page.locator(`a[data-user="${who}"]`).click();
  await page.waitForURL(`${api.url}${path}`);
  return page;
};

/** Back to a workbench page by its links, so it reads the tickets again. */
const toSection = async (page: Page, section: '12345 工单', board = false) => {
  await page.getByRole('banner').getByRole('link', { name: '工作台' }).click();
  await page.getByRole('main').getByRole('link', { name: section }).click();
  if (board) await page.getByRole('link', { name: '工单看板（政务服务中心）' }).click();
  await page.getByRole('heading', { level: 1, name: board ? '工单看板' : '12345 工单' }).waitFor();
};

/** Opens ticket `n` in the page's table and takes `step` with `fill` done first. */
const act = async (
  page: Page,
  n: string,
  step: string,
  fill: (form: ReturnType<Page['locator']>) => Promise<void> = async () => {},
) => {
  await page.getByRole('button', { name: `办理工单 ${n}` }).click();
  const panel = page.getByRole('region', { name: `工单 ${n}` });
  const form = panel.locator('form').filter({ has: page.getByRole('heading', { level: 3, name: step }) });
  await form.waitFor();
  await fill(form);
  await form.getByRole('button', { name: step }).click();
  await page.locator('.live').getByText(`已${step}。`).waitFor();
  return panel;
};

describe('12345 诉求 through the portal', () => {
  it('takes a complaint from filing to closing through every person’s pages', async () => {
    await api.request('POST', '/dev/clock', { body: { now: '2026-12-14T09:30:00+08:00' } });
    const citizen = await signedIn('citizen', '/requests', 'phone');

    // 智能问答 first: nothing reliable, so the question goes to a person.
    await citizen.getByLabel('你的问题').fill('隔壁邻居家的狗半夜一直叫怎么办');
    await citizen.getByRole('button', { name: '提问' }).click();
    await citizen.getByRole('button', { name: '转人工咨询' }).click();
    await citizen.getByText(/已转人工，工单编号 T330902-/).waitFor();
    await accessible(citizen);
    await screenshot(citizen, 'tickets-01-hand-off');

    // A complaint: without text it is refused beside the field.
    await citizen.getByRole('button', { name: '提交', exact: true }).click();
    await citizen.locator('#ticket-text-error').getByText('请填写这一项。').waitFor();
    const complaint =
      '我们小区的物业公司每个月额外加收二次供水费，物业说是业主大会定的，但从没开过业主大会，要求退还。';
    await citizen.getByLabel('诉求内容').fill(complaint);
    await citizen.getByLabel('事发地点（可不填）').fill('定海区昌国街道某小区');
    await citizen.getByRole('button', { name: '提交', exact: true }).click();
    const filed = await citizen.getByText(/已提交，工单编号/).textContent();
    const n = /工单编号 (T[0-9A-Z-]+)/.exec(filed ?? '')?.[1] ?? '';
    expect(n).toMatch(/^T330902-20261214-/);
    await accessible(citizen);
    await screenshot(citizen, 'tickets-02-filed');

    // The centre's board: the suggestion with the words that matched; dispatched to it.
    const centre = await signedIn('clerk', '/work/tickets/board', 'desktop');
    await centre.getByRole('row').filter({ hasText: n }).waitFor();
    await centre.getByRole('button', { name: `办理工单 ${n}` }).click();
    const panel = centre.getByRole('region', { name: `工单 ${n}` });
    await panel.getByText('智能派单建议').waitFor();
    expect(await panel.textContent()).toContain('关键词：物业');
    await accessible(centre);
    await screenshot(centre, 'tickets-03-board-dispatch');
    await act(centre, n, '派单');

    // 住建局 sends it back with its reasons.
    const zjj = await signedIn('reviewer2', '/work/tickets', 'desktop');
    await act(zjj, n, '退单', (form) =>
      form.getByLabel('理由').fill('涉及物业收费标准，属价格监管，请改派市场监管局'),
    );
    await accessible(zjj);
    await screenshot(zjj, 'tickets-04-sent-back');

    // Re-dispatched to 市场监管局, with 住建局 assisting.
    await toSection(centre, '12345 工单', true);
    await act(centre, n, '派单', async (form) => {
      await form.getByLabel('主办单位').selectOption('scjgj');
      await form.getByRole('checkbox', { name: '舟山市定海区住房和城乡建设局' }).check();
    });

    // 市场监管局 signs for it and asks for 5 working days more.
    const scjgj = await signedIn('reviewer', '/work/tickets', 'desktop');
    await act(scjgj, n, '签收');
    await act(scjgj, n, '申请延期', async (form) => {
      await form.getByLabel('延长工作日数').fill('5');
      await form.getByLabel('理由').fill('需委托第三方核算供水成本');
    });
    await accessible(scjgj);
    await screenshot(scjgj, 'tickets-05-extension-asked');

    // 协办: 住建局 signs for its part and sends its opinion to the lead unit.
    await toSection(zjj, '12345 工单');
    await act(zjj, n, '协办签收');
    await act(zjj, n, '提交协办意见', (form) =>
      form.getByLabel('协办意见（送主办单位）').fill('该小区二次供水设施由物业代管，收费标准未经核定。'),
    );
    await accessible(zjj);
    await screenshot(zjj, 'feedback-06-assist-opinion');

    // The centre approves it; 市场监管局 replies.
    await toSection(centre, '12345 工单', true);
    await act(centre, n, '审批延期', async (form) => {
      await form.getByRole('radio', { name: '同意延期' }).check();
      await form.getByLabel('意见').fill('同意延期 5 个工作日');
    });
    expect(
      (await api.request('GET', `/tickets/${n}`, { as: 'clerk' })).body.extensions[0].decision.approved,
    ).toBe(true);
    await toSection(scjgj, '12345 工单');
    // The lead unit reads the assisting unit's opinion before it replies.
    await scjgj.getByRole('button', { name: `办理工单 ${n}` }).click();
    await scjgj
      .getByRole('region', { name: `工单 ${n}` })
      .getByText('该小区二次供水设施由物业代管，收费标准未经核定。')
      .waitFor();
    await accessible(scjgj);
    await screenshot(scjgj, 'feedback-07-lead-reads-opinion');
    await act(scjgj, n, '答复', (form) =>
      form.getByLabel('答复内容').fill('经核查，二次供水费无收费依据，已责令物业公司停止收取并退还。'),
    );

    // An unsatisfied return visit.
    await toSection(centre, '12345 工单', true);
    await act(centre, n, '回访', async (form) => {
      await form.getByLabel('满意度').selectOption('4');
      await form.getByLabel('回访情况（可不填）').fill('群众反映尚未退款');
    });
    await accessible(centre);
    await screenshot(centre, 'tickets-06-visited');

    // The citizen reopens it on the ticket's page, reached by the links.
    await citizen.getByRole('banner').getByRole('link', { name: '12345 诉求' }).click();
    await citizen.getByRole('region', { name: '我的诉求' }).locator(`a[href="/request/${n}"]`).click();
    await citizen.getByRole('heading', { level: 2, name: '不满意？申请重办' }).waitFor();
    await accessible(citizen);
    await screenshot(citizen, 'tickets-07-reopen');
    await citizen.getByLabel('重办理由').fill('物业至今没有退款');
    await citizen.getByRole('button', { name: '申请重办' }).click();
    await citizen.getByText('已申请重办，承办单位将重新办理。').waitFor();

    // A second reply and a satisfied visit close it.
    await toSection(scjgj, '12345 工单');
    await act(scjgj, n, '答复', (form) =>
      form.getByLabel('答复内容').fill('物业公司已将多收费用退还至各户。'),
    );
    await toSection(centre, '12345 工单', true);
    await act(centre, n, '回访', async (form) => {
      await form.getByLabel('满意度').selectOption('2');
    });
    const closed = (await api.request('GET', `/tickets/${n}`, { as: 'clerk' })).body;
    expect(closed.status).toBe('closed');

    // The citizen reads it closed, with the whole history intact.
    await citizen.getByRole('banner').getByRole('link', { name: '12345 诉求' }).click();
    await citizen.getByRole('region', { name: '我的诉求' }).locator(`a[href="/request/${n}"]`).click();
    await citizen.getByText('已办结').first().waitFor();
    await citizen.getByText('记录完整，未被改动。').waitFor();
    expect(await citizen.locator('ol.history li').count()).toBe(14);
    await accessible(citizen);
    await screenshot(citizen, 'tickets-08-closed');
  }, 180_000);

  it('tells the lead unit’s staff of a 催办 in the workbench’s messages, once, and marks it read', async () => {
    await api.request('POST', '/dev/clock', { body: { now: '2026-12-14T10:00:00+08:00' } });
    const filed = await api.request('POST', '/tickets', {
      as: 'citizen2',
      body: { type: 'enquiry', text: '超市买的牛奶过期了，商家不肯退，想问一下怎么投诉？' },
    });
    const n = filed.body.ticketNumber as string;
    await api.request('POST', `/tickets/${n}/dispatch`, { as: 'clerk', body: { lead: 'scjgj' } });
    expect((await api.request('POST', `/tickets/${n}/sign`, { as: 'reviewer', body: {} })).status).toBe(200);
    // The reminder's day: the workflow's timed-out wait fires the 催办, as it would on its own.
    const due = (await api.request('GET', `/tickets/${n}`, { as: 'clerk' })).body.dueDate as string;
    await api.request('POST', '/dev/clock', { body: { now: `${due}T08:00:00+08:00` } });
    await api.cloud.functions.invoke(names('dinghai').function('ticket-workflow'), {
      action: 'lapse',
      ticketNumber: n,
    });

    // 市场监管局's reviewer (granted through the province's login) reads it in the workbench.
    const reviewer = await signedIn('reviewer', '/work', 'desktop');
    await reviewer.getByRole('main').getByRole('link', { name: '工作消息：催办、督办、超期' }).click();
    await reviewer.getByRole('heading', { level: 1, name: '工作消息' }).waitFor();
    const message = reviewer.locator('li').filter({ hasText: n });
    await message
      .getByText('催办：工单将到办理时限')
      .waitFor({ timeout: 30_000 })
      .catch(async () => {
        // The notifier may take a moment: read the page again by its link.
        await reviewer.getByRole('banner').getByRole('link', { name: '工作台' }).click();
        await reviewer.getByRole('main').getByRole('link', { name: '工作消息：催办、督办、超期' }).click();
        await message.getByText('催办：工单将到办理时限').waitFor();
      });
    expect(await message.count()).toBe(1);
    expect(await message.getByText('未读', { exact: true }).count()).toBe(1);
    await accessible(reviewer);
    await screenshot(reviewer, 'feedback-01-staff-messages');
    await message.getByRole('button', { name: '把“催办：工单将到办理时限”标为已读' }).click();
    await reviewer.locator('.live').getByText('已把 1 条消息标为已读。').waitFor();
    await message.getByText('未读', { exact: true }).waitFor({ state: 'detached' });
    await reviewer.getByText('没有未读消息').waitFor();
    await accessible(reviewer);
    await screenshot(reviewer, 'feedback-02-staff-messages-read');
  }, 120_000);
});
