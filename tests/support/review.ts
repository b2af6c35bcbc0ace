// A case taken through the back office as staff would: the window accepts it, a reviewer of each
// department approves its tasks, and it completes. Staff act through development tokens.
import type { TestCloud } from './local-cloud.ts';
import { eventually } from './local-cloud.ts';

/** Accepts `caseNumber`, approves its first stage's tasks, and waits until it is COMPLETED; the case view. */
export const acceptAndApprove = async (api: TestCloud, caseNumber: string) => {
  await api.request('POST', `/cases/${caseNumber}/acceptance`, { as: 'clerk', body: { decision: 'accept' } });
  const view = await eventually(
    () => api.request('GET', `/cases/${caseNumber}`, { as: 'supervisor' }),
    (r) => r.body.tasks?.length > 0,
  );
  for (const task of view.body.tasks as Array<{ taskId: string; department: string }>)
    await api.request('POST', `/tasks/${task.taskId}/decision`, {
      as: {
        sub: `reviewer-${task.department}`,
        role: 'reviewer',
        name: '审核员',
        department: task.department,
      },
      body: { decision: 'approve', opinion: '符合条件' },
    });
  return eventually(
    () => api.request('GET', `/cases/${caseNumber}`, { as: 'supervisor' }),
    (r) => r.body.status === 'COMPLETED',
    40_000,
  );
};

/**
 * An enterprise's business-licence change (企业变更登记), applied for, accepted and approved: the case view,
 * whose result names the new 营业执照 in the enterprise's wallet.
 */
export const approvedLicenceChange = async (api: TestCloud) => {
  const key = () => api.upload('enterprise');
  const submitted = await api.request('POST', '/cases', {
    as: 'enterprise',
    body: {
      itemCode: '330902-XK-0012',
      form: { changeItems: '经营范围', before: '水产品批发', after: '水产品批发、零售' },
      materials: [
        { materialId: 'application-form', via: 'upload', key: await key() },
        { materialId: 'business-licence', via: 'upload', key: await key() },
        { materialId: 'articles', via: 'upload', key: await key() },
      ],
    },
    headers: { 'idempotency-key': `licence-change-${Date.now()}` },
  });
  if (submitted.status !== 201) throw new Error(`POST /cases answered ${submitted.status}`);
  return acceptAndApprove(api, submitted.body.caseNumber);
};
