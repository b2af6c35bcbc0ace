// A case taken through the back office as staff would: the window accepts it, a reviewer of each
// department approves its tasks, and it completes. Staff act through development tokens. And the two
// applications the portal's tests file, their files uploaded by the caller's `upload`.
import type { DevTokenRequest } from '../../infra/local/dev-identity.ts';
import type { DemoUser, TestCloud } from './local-cloud.ts';
import { eventually } from './local-cloud.ts';

/** Every stage's tasks approved by a reviewer of their department until the case is COMPLETED; the case view. */
export const approveEveryStage = async (api: TestCloud, caseNumber: string) => {
  const decided = new Set<string>();
  for (;;) {
    const view = await eventually(
      () => api.request('GET', `/cases/${caseNumber}`, { as: 'supervisor' }),
      (r) =>
        r.body.status === 'COMPLETED' ||
        r.body.tasks?.some(
          (t: { taskId: string; status: string }) => t.status === 'pending' && !decided.has(t.taskId),
        ),
      40_000,
    );
    if (view.body.status === 'COMPLETED') return view;
    const pending = (view.body.tasks ?? []) as Array<{ taskId: string; status: string; department: string }>;
    if (!pending.some((t) => t.status === 'pending' && !decided.has(t.taskId)))
      throw new Error(`${caseNumber} is ${view.body.status}, with no task left to approve`);
    for (const task of pending) {
      if (task.status !== 'pending' || decided.has(task.taskId)) continue;
      decided.add(task.taskId);
      await api.request('POST', `/tasks/${task.taskId}/decision`, {
        as: {
          sub: `reviewer-${task.department}`,
          role: 'reviewer',
          name: '审核员',
          department: task.department,
        },
        body: { decision: 'approve', opinion: '符合条件' },
      });
    }
  }
};

/** Accepts `caseNumber`, approves every stage's tasks, and waits until it is COMPLETED; the case view. */
export const acceptAndApprove = async (api: TestCloud, caseNumber: string) => {
  await api.request('POST', `/cases/${caseNumber}/acceptance`, { as: 'clerk', body: { decision: 'accept' } });
  return approveEveryStage(api, caseNumber);
};

/** 公共租赁住房资格申请 of a citizen: accepted for 住建局 (zjj), reviewed by zjj and 民政局 (mzj) in parallel. */
export const housingApplication = async (upload: () => Promise<string>) => ({
  itemCode: '330902-JF-0084',
  form: { householdSize: 3, currentHousing: '租住' },
  materials: [
    { materialId: 'application-form', via: 'upload', key: await upload() },
    { materialId: 'id-card', via: 'upload', key: await upload() },
    { materialId: 'hukou', via: 'upload', key: await upload() },
    { materialId: 'income-proof', via: 'commitment' },
  ],
});

/** 企业变更登记 of the enterprise, reviewed by 市场监管局 (scjgj) alone; approval issues a business licence. */
export const licenceChangeApplication = async (upload: () => Promise<string>) => ({
  itemCode: '330902-XK-0012',
  form: { changeItems: '经营范围', before: '水产品批发', after: '水产品批发、零售' },
  materials: [
    { materialId: 'application-form', via: 'upload', key: await upload() },
    { materialId: 'business-licence', via: 'upload', key: await upload() },
    { materialId: 'articles', via: 'upload', key: await upload() },
  ],
});

/** Each application's own idempotency key. */
let applications = 0;

/**
 * An enterprise's business-licence change (企业变更登记), applied for, accepted and approved: the case view,
 * whose result names the new 营业执照 in the enterprise's wallet.
 */
export const approvedLicenceChange = async (api: TestCloud) => {
  const key = () => api.upload('enterprise');
  const submitted = await api.request('POST', '/cases', {
    as: 'enterprise',
    body: await licenceChangeApplication(key),
    headers: { 'idempotency-key': `licence-change-${Date.now()}-${++applications}` },
  });
  if (submitted.status !== 201) throw new Error(`POST /cases answered ${submitted.status}`);
  return acceptAndApprove(api, submitted.body.caseNumber);
};

/** A citizen's application for public rental housing (公租房资格), with every material: the answer. */
export const applyForHousing = async (api: TestCloud, who: DemoUser | DevTokenRequest = 'citizen') =>
  api.request('POST', '/cases', {
    as: who,
    body: await housingApplication(() => api.upload(who)),
    headers: { 'idempotency-key': `housing-${Date.now()}-${++applications}` },
  });

/** An enterprise's business-licence change, accepted and approved: its new licence, credential and QR text. */
export const issuedLicence = async (api: TestCloud) => {
  const done = await approvedLicenceChange(api);
  const licenceId = done.body.result.licenceId as string;
  const licence = await api.request('GET', `/licences/${licenceId}`, { as: 'enterprise' });
  return { licenceId, credential: licence.body.credential as string, qr: licence.body.qr as string };
};
