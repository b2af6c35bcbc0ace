// Notifications on the local cloud: each step of a case reaches its applicant once in the inbox and once by
// SMS through the simulated provider (which checks the request's signature and renders the registered
// template); a redelivered event sends nothing more; non-urgent SMS wait out the quiet hours and go with the
// scheduled sweep; a person may turn SMS off; no message carries an ID number.
import { afterAll, describe, expect, it } from 'vitest';
import type { DevTokenRequest } from '../../infra/local/dev-identity.ts';
import { seedJurisdiction } from '../../infra/local/seed.ts';
import { names } from '../../infra/naming.ts';
import { eventually, useLocalCloud } from '../support/local-cloud.ts';
import { applyForHousing } from '../support/review.ts';

const api = useLocalCloud('dinghai', async (cloud) => void (await seedJurisdiction(cloud.jurisdiction)));

const person: DevTokenRequest = {
  sub: 'notify-person',
  role: 'citizen',
  name: '赵小燕',
  idNumber: '330902199203150025',
  mobile: '13800000009',
};

interface Sms {
  outId?: string;
  to: string;
  templateCode: string;
  text: string;
}
const outbox = async () => (await api.request('GET', '/dev/outbox')).body.sms as Sms[];
const smsOf = async (caseNumber: string) => (await outbox()).filter((s) => s.text.includes(caseNumber));
const inbox = async () => (await api.request('GET', '/notifications', { as: person })).body;
const setClock = (now: string) => api.request('POST', '/dev/clock', { body: { now } });

const apply = async () => {
  const res = await applyForHousing(api, person);
  expect(res.status).toBe(201);
  return res.body.caseNumber as string;
};

afterAll(async () => {
  await api.request('POST', '/dev/clock', { body: { reset: true } });
});

describe('notifications', () => {
  it('tells the applicant of each step once, in the inbox and by SMS, without an ID number', async () => {
    await setClock('2026-12-08T10:00:00+08:00');
    const n = await apply();
    const submitted = await eventually(
      () => smsOf(n),
      (s) => s.length === 1,
    );
    expect(submitted[0]).toMatchObject({ to: '138****0009', templateCode: 'TB_CASE_SUBMITTED_V1' });
    expect(submitted[0]!.text).toBe(
      `【定海政务服务】您申请的“公共租赁住房资格申请”已提交，办件编号${n}，请等待受理。`,
    );

    const accepted = await api.request('POST', `/cases/${n}/acceptance`, {
      as: 'clerk',
      body: { decision: 'accept' },
    });
    expect(accepted.status).toBe(200);
    const both = await eventually(
      () => smsOf(n),
      (s) => s.length === 2,
    );
    expect(both[1]!.text).toMatch(/已受理，承诺于\d{4}-\d{2}-\d{2}前办结。$/);

    const mine = await eventually(inbox, (b) => b.messages.length === 2);
    expect(mine.unread).toBe(2);
    expect(mine.messages.map((m: { title: string }) => m.title)).toEqual(['申请已受理', '申请已提交']);
    for (const text of [...both.map((s) => s.text), ...mine.messages.map((m: { text: string }) => m.text)]) {
      expect(text).not.toMatch(/\d{17}[\dX]/);
      expect(text).not.toContain(person.name);
    }

    const read = await api.request('POST', '/notifications/read', {
      as: person,
      body: { ids: [mine.messages[1].id] },
    });
    expect(read.body.marked).toEqual([mine.messages[1].id]);
    expect((await inbox()).unread).toBe(1);
    // Another person cannot see or mark them.
    expect((await api.request('GET', '/notifications', { as: 'citizen2' })).body.messages).toEqual([]);
    const bad = await api.request('POST', '/notifications/read', { as: person, body: { ids: [] } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('body.ids');

    // The same event delivered again (a queue redelivers, an operator replays): nothing more is sent.
    const event = (await api.request('GET', '/dev/events?type=CaseAccepted&limit=1000')).body.events.find(
      (e: { detail: { caseNumber: string } }) => e.detail.caseNumber === n,
    );
    const envelope = {
      version: '0',
      id: 'redelivered',
      'detail-type': event.detailType,
      source: event.source,
      time: event.time,
      detail: event.detail,
    };
    const batch = { Records: [{ messageId: 'again', body: JSON.stringify(envelope) }] };
    const again = await api.cloud.functions.invoke(names('dinghai').function('notifier'), batch);
    expect(again).toEqual({ batchItemFailures: [] });
    expect(await smsOf(n)).toHaveLength(2);
    expect((await inbox()).messages).toHaveLength(2);
  }, 60_000);

  it('holds a non-urgent SMS through the quiet hours and sends it when they end; urgent ones go at once', async () => {
    await setClock('2026-12-08T22:30:00+08:00');
    const n = await apply();
    // The inbox has it at once; the SMS waits.
    await eventually(inbox, (b) => b.messages.some((m: { caseNumber: string }) => m.caseNumber === n));
    const correction = await api.request('POST', `/cases/${n}/acceptance`, {
      as: 'clerk',
      body: { decision: 'correct', missing: [{ materialId: 'hukou', reason: '户口簿页面不清晰' }] },
    });
    expect(correction.status).toBe(200);
    const urgent = await eventually(
      () => smsOf(n),
      (s) => s.length === 1,
    );
    expect(urgent[0]!.templateCode).toBe('TB_CORRECTION_REQUESTED_V1');

    // 07:59: still quiet. 08:01: the sweep sends the held one.
    await setClock('2026-12-09T07:59:00+08:00');
    await api.request('POST', '/dev/schedules/notifier');
    expect(await smsOf(n)).toHaveLength(1);
    await setClock('2026-12-09T08:01:00+08:00');
    const swept = await api.request('POST', '/dev/schedules/notifier');
    expect(swept.body.result).toEqual({ sent: 1 });
    const after = await smsOf(n);
    expect(after.map((s) => s.templateCode)).toEqual(['TB_CORRECTION_REQUESTED_V1', 'TB_CASE_SUBMITTED_V1']);
    expect((await api.request('POST', '/dev/schedules/notifier')).body.result).toEqual({});
  }, 60_000);

  it('sends no SMS to a person who turned SMS off, while the inbox still gets the message', async () => {
    await setClock('2026-12-10T10:00:00+08:00');
    const off = await api.request('PUT', '/notifications/preferences', { as: person, body: { sms: false } });
    expect(off.body).toEqual({ sms: false });
    expect((await api.request('GET', '/notifications/preferences', { as: person })).body).toEqual({
      sms: false,
    });
    const n = await apply();
    await eventually(inbox, (b) => b.messages.some((m: { caseNumber: string }) => m.caseNumber === n));
    await api.request('POST', '/dev/schedules/notifier');
    expect(await smsOf(n)).toEqual([]);
    const invalid = await api.request('PUT', '/notifications/preferences', {
      as: person,
      body: { sms: 'no' },
    });
    expect(invalid.status).toBe(400);
    await api.request('PUT', '/notifications/preferences', { as: person, body: { sms: true } });
  }, 60_000);
});
