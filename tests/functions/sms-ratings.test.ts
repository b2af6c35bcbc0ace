// 短信评价 on the local cloud: the SMS that tells an applicant their case has concluded invites a rating by
// reply, under an extension code of its own; the phone replies through the simulated provider, which pushes
// the reply to the platform signed with the access key secret. A level is recorded once with channel sms
// (a bad one opens a rectification); a forged or tampered push is refused; the same push again changes
// nothing; a reply that cannot be used is answered once, politely.
import { afterAll, describe, expect, it } from 'vitest';
import { replySignature, replySignatureHeaders } from '../../functions/ratings/sms-replies.ts';
import type { DevTokenRequest } from '../../infra/local/dev-identity.ts';
import { seedJurisdiction } from '../../infra/local/seed.ts';
import type { PushedReply } from '../../infra/local/sms-provider.ts';
import { eventually, useLocalCloud } from '../support/local-cloud.ts';
import { applyForHousing } from '../support/review.ts';

const api = useLocalCloud('dinghai', async (cloud) => void (await seedJurisdiction(cloud.jurisdiction)));

const person = (n: number): DevTokenRequest => ({
  sub: `sms-rater-${n}`,
  role: 'citizen',
  name: '钱短信',
  idNumber: '330902199203150025',
  mobile: `1390000000${n}`,
});

interface Sms {
  bizId: string;
  to: string;
  templateCode: string;
  text: string;
  extendCode?: string;
}
const outbox = async () => (await api.request('GET', '/dev/outbox')).body.sms as Sms[];
const smsOf = async (caseNumber: string) => (await outbox()).filter((s) => s.text.includes(caseNumber));
const setClock = (now: string) => api.request('POST', '/dev/clock', { body: { now } });
const stats = async () => (await api.request('GET', '/ratings/stats')).body;
const reply = async (bizId: string, text: string) => {
  const res = await api.request('POST', '/dev/sms/reply', { body: { bizId, text } });
  expect(res.status).toBe(200);
  return res.body as PushedReply & { answer: { outcome: string; answer?: string } };
};

/** A housing application not accepted by the window, and the SMS that tells of it and invites a rating. */
const concludedWithInvitation = async (who: DevTokenRequest) => {
  const res = await applyForHousing(api, who);
  expect(res.status).toBe(201);
  const n = res.body.caseNumber as string;
  const rejected = await api.request('POST', `/cases/${n}/acceptance`, {
    as: 'clerk',
    body: { decision: 'reject', reasons: '申请人家庭收入超过保障标准' },
  });
  expect(rejected.status).toBe(200);
  const sms = await eventually(
    () => smsOf(n),
    (s) => s.some((m) => m.templateCode === 'TB_CASE_NOT_ACCEPTED_V2'),
  );
  const invitation = sms.find((m) => m.templateCode === 'TB_CASE_NOT_ACCEPTED_V2')!;
  return { n, invitation };
};

afterAll(async () => {
  await api.request('POST', '/dev/clock', { body: { reset: true } });
});

describe('短信评价', () => {
  it('records a reply of 2 as the rating with channel sms, once, and refuses forged and tampered pushes', async () => {
    await setClock('2026-12-08T10:00:00+08:00');
    const { n, invitation } = await concludedWithInvitation(person(1));
    expect(invitation.text).toContain('回复数字评价：1非常满意 2满意 3基本满意 4不满意 5非常不满意');
    expect(invitation.extendCode).toMatch(/^\d{6}$/);
    expect(invitation.to).toBe('139****0001');

    const before = await stats();
    const taken = await reply(invitation.bizId, '2');
    expect(taken.status).toBe(200);
    expect(taken.answer).toMatchObject({ outcome: 'rated' });
    const seen = await api.request('GET', `/cases/${n}/rating`, { as: person(1) });
    expect(seen.body.rating).toMatchObject({ level: 2, channel: 'sms', department: 'zjj', realName: true });
    expect(seen.body.rectification).toBeNull();
    const after = await stats();
    expect(after.all.total).toBe(before.all.total + 1);
    expect(after.all.levels['2']).toBe(before.all.levels['2'] + 1);

    // The same push again: the same outcome, nothing recorded or sent.
    const sent = (await outbox()).length;
    const replayed = await api.request('POST', '/sms/replies', {
      rawBody: taken.push.body,
      headers: taken.push.headers,
    });
    expect(replayed.status).toBe(200);
    expect(replayed.body.outcome).toBe('rated');
    expect((await outbox()).length).toBe(sent);
    expect((await stats()).all.total).toBe(after.all.total);

    // Tampered with (the level changed) or signed with another secret: 401, nothing changes.
    const tampered = await api.request('POST', '/sms/replies', {
      rawBody: taken.push.body.replace('"content":"2"', '"content":"5"'),
      headers: taken.push.headers,
    });
    expect(tampered.status).toBe(401);
    const forged = await api.request('POST', '/sms/replies', {
      rawBody: taken.push.body.replace(/"sequence_id":"\d+[0-9a-f]*"/, '"sequence_id":"forged-1"'),
      headers: { ...taken.push.headers, 'x-sms-signature': 'bm90IGEgc2lnbmF0dXJlIGF0IGFsbA==' },
    });
    expect(forged.status).toBe(401);
    const unsigned = await api.request('POST', '/sms/replies', { rawBody: taken.push.body });
    expect(unsigned.status).toBe(401);
    expect((await stats()).all.total).toBe(after.all.total);

    // Rated already: one polite answer, and only one however often the phone replies.
    const again = await reply(invitation.bizId, '3');
    expect(again.answer).toMatchObject({ outcome: 'rated-already', answer: 'answered' });
    await reply(invitation.bizId, '4');
    const answers = (await outbox()).filter((s) => s.templateCode === 'TB_RATING_REPLY_RATED_V1');
    expect(answers).toHaveLength(1);
    expect(answers[0]).toMatchObject({ to: '139****0001', extendCode: invitation.extendCode });
    expect(answers[0]!.text).toBe(`【定海政务服务】办件${n}已评价过，每次办理只能评价一次，感谢您的反馈。`);
    expect((await api.request('GET', `/cases/${n}/rating`, { as: person(1) })).body.rating.level).toBe(2);
  }, 90_000);

  it('opens a rectification for a reply of 5, in full-width digits or in words', async () => {
    await setClock('2026-12-09T10:00:00+08:00');
    const { n, invitation } = await concludedWithInvitation(person(2));
    const before = await stats();
    const taken = await reply(invitation.bizId, '５ 不予受理的理由没讲清楚');
    expect(taken.answer).toMatchObject({ outcome: 'rated' });
    const seen = await api.request('GET', `/cases/${n}/rating`, { as: person(2) });
    expect(seen.body.rating).toMatchObject({ level: 5, channel: 'sms', comment: '不予受理的理由没讲清楚' });
    expect(seen.body.rectification).toMatchObject({ status: 'awaiting-call', department: 'zjj' });
    const queue = await api.request('GET', '/rectifications', { as: 'reviewer2' });
    expect(queue.body.rectifications.map((r: { caseNumber: string }) => r.caseNumber)).toContain(n);
    expect((await stats()).all.bad).toBe(before.all.bad + 1);

    const words = await concludedWithInvitation(person(3));
    expect((await reply(words.invitation.bizId, '不满意。')).answer).toMatchObject({ outcome: 'rated' });
    const rated = await api.request('GET', `/cases/${words.n}/rating`, { as: person(3) });
    expect(rated.body.rating).toMatchObject({ level: 4, channel: 'sms' });
  }, 90_000);

  it('answers an unreadable reply once and still takes a level after it; a late reply is told it is late', async () => {
    await setClock('2026-12-10T10:00:00+08:00');
    const { n, invitation } = await concludedWithInvitation(person(4));
    const unreadable = await reply(invitation.bizId, '好的，谢谢');
    expect(unreadable.answer).toMatchObject({ outcome: 'unreadable', answer: 'answered' });
    expect((await reply(invitation.bizId, '收到')).answer).toMatchObject({ outcome: 'unreadable' });
    const answers = (await outbox()).filter((s) => s.templateCode === 'TB_RATING_REPLY_UNREADABLE_V1');
    expect(answers.filter((s) => s.text.includes(n))).toHaveLength(1);
    expect(answers.at(-1)!.text).toContain('请回复数字评价：1非常满意');
    expect((await api.request('GET', `/cases/${n}/rating`, { as: person(4) })).body.rating).toBeNull();
    expect((await reply(invitation.bizId, '２')).answer).toMatchObject({ outcome: 'rated' });

    const late = await concludedWithInvitation(person(5));
    await setClock('2026-12-18T10:00:00+08:00');
    const tooLate = await reply(late.invitation.bizId, '1');
    expect(tooLate.answer).toMatchObject({ outcome: 'late', answer: 'answered' });
    expect((await api.request('GET', `/cases/${late.n}/rating`, { as: person(5) })).body.rating).toBeNull();
    const lateAnswer = (await smsOf(late.n)).find((s) => s.templateCode === 'TB_RATING_REPLY_LATE_V1');
    expect(lateAnswer?.text).toContain('已超过7天');

    // Signed, but not a push the provider sends: 400 with the field; not JSON: 400 too.
    const body = JSON.stringify({ sequence_id: 'x-1', content: '1', send_time: '2026-12-18T02:00:00Z' });
    const signed = { timestamp: '2026-12-18T02:00:00.000Z', nonce: 'n-1' };
    const accessKeyId = tooLate.push.headers[replySignatureHeaders.accessKeyId]!;
    const headers = {
      'content-type': 'application/json',
      [replySignatureHeaders.accessKeyId]: accessKeyId,
      [replySignatureHeaders.timestamp]: signed.timestamp,
      [replySignatureHeaders.nonce]: signed.nonce,
      [replySignatureHeaders.signature]: replySignature(
        api.cloud.sms!.accessKeySecret,
        { ...signed, accessKeyId },
        body,
      ),
    };
    const invalid = await api.request('POST', '/sms/replies', { rawBody: body, headers });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.details.map((d: { path: string }) => d.path)).toEqual(['body.phone_number']);
    const malformed = await api.request('POST', '/sms/replies', { rawBody: '{"sequence_id":', headers });
    expect(malformed.status).toBe(400);
  }, 90_000);
});
