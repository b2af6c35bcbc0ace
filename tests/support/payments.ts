// Cases of fee-charging items taken to the payment step as staff would (the window accepts, 公安局's reviewer
// approves), and paying on the payment simulator's hosted page as a browser does.
import { expect } from 'vitest';
import type { DevTokenRequest } from '../../infra/local/dev-identity.ts';
import { type DemoUser, eventually, type TestCloud } from './local-cloud.ts';

export const gajReviewer: DevTokenRequest = {
  sub: 'reviewer-gaj',
  role: 'reviewer',
  name: '公安审核',
  department: 'gaj',
};

let applications = 0;

/** Applies for `itemCode` as `who` with every required material uploaded; the case number. */
export const applyWithMaterials = async (
  api: TestCloud,
  who: DemoUser | DevTokenRequest,
  itemCode: string,
  form: Record<string, unknown>,
) => {
  const item = (await api.request('GET', `/items/${itemCode}`)).body;
  const materials = [];
  for (const m of item.materials as Array<{ id: string; required: boolean }>)
    if (m.required) materials.push({ materialId: m.id, via: 'upload', key: await api.upload(who) });
  const res = await api.request('POST', '/cases', {
    as: who,
    body: { itemCode, form, materials },
    headers: { 'idempotency-key': `pay-${Date.now()}-${++applications}` },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.caseNumber as string;
};

/** Accepts the case and approves every task until the case waits for payment; the case view. */
export const approveUntilPayment = async (api: TestCloud, n: string) => {
  const accepted = await api.request('POST', `/cases/${n}/acceptance`, {
    as: 'clerk',
    body: { decision: 'accept' },
  });
  expect(accepted.status).toBe(200);
  const decided = new Set<string>();
  for (;;) {
    const view = await eventually(
      () => api.request('GET', `/cases/${n}`, { as: 'supervisor' }),
      (r) =>
        r.body.status === 'AWAITING_PAYMENT' ||
        r.body.tasks?.some(
          (t: { taskId: string; status: string }) => t.status === 'pending' && !decided.has(t.taskId),
        ),
      40_000,
    );
    if (view.body.status === 'AWAITING_PAYMENT') return view;
    for (const t of view.body.tasks as Array<{ taskId: string; status: string }>) {
      if (t.status !== 'pending' || decided.has(t.taskId)) continue;
      decided.add(t.taskId);
      const d = await api.request('POST', `/tasks/${t.taskId}/decision`, {
        as: gajReviewer,
        body: { decision: 'approve', opinion: '符合条件' },
      });
      expect(d.status, JSON.stringify(d.body)).toBe(200);
    }
  }
};

/** Pays on the simulator's hosted page as the applicant's browser does: the page, then its button. */
export const payOnHostedPage = async (api: TestCloud, payUrl: string) => {
  const page = await fetch(payUrl);
  const html = await page.text();
  expect(page.status).toBe(200);
  expect(html).toContain('确认缴款');
  const back = `${api.url}/case/back`;
  const paid = await fetch(payUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ return: back }).toString(),
    redirect: 'manual',
  });
  expect(paid.status).toBe(303);
  expect(paid.headers.get('location')).toBe(back);
  return html;
};
