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

/** Each application's own idempotency key. */
let applications = 0;

/** A citizen's application for public rental housing (公租房资格), with every material: the answer. */
export const applyForHousing = async (api: TestCloud, who: 'citizen' | 'citizen2' = 'citizen') =>
  api.request('POST', '/cases', {
    as: who,
    body: {
      itemCode: '330902-JF-0084',
      form: { householdSize: 3, currentHousing: '租住' },
      materials: [
        { materialId: 'application-form', via: 'upload', key: await api.upload(who) },
        { materialId: 'id-card', via: 'upload', key: await api.upload(who) },
        { materialId: 'hukou', via: 'upload', key: await api.upload(who) },
        { materialId: 'income-proof', via: 'commitment' },
      ],
    },
    headers: { 'idempotency-key': `housing-${who}-${Date.now()}-${++applications}` },
  });

/** An enterprise's business-licence change, accepted and approved: its new licence and credential. */
export const issuedLicence = async (api: TestCloud) => {
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
    headers: { 'idempotency-key': `licence-${Date.now()}-${++applications}` },
  });
  if (submitted.status !== 201) throw new Error(`applying failed: ${submitted.status}`);
  const done = await acceptAndApprove(api, submitted.body.caseNumber as string);
  const licenceId = done.body.result.licenceId as string;
  const licence = await api.request('GET', `/licences/${licenceId}`, { as: 'enterprise' });
  return { licenceId, credential: licence.body.credential as string };
};
