// Personal data stays where it belongs: after people apply (for themselves and through an agent), a case
// concludes, a licence is issued, a ticket is filed by the hotline for a caller and bad input is refused,
// nothing shaped like a resident identity number — nor the people's own numbers, nor the caller's mobile —
// appears in any line a function printed, in any event on the bus or in any SMS text.
import { describe, expect, it } from 'vitest';
import { demoUsers } from '../../infra/local/demo-users.ts';
import { seedJurisdiction } from '../../infra/local/seed.ts';
import { idNumberProblem } from '../../shared/id-number.ts';
import { eventually, useLocalCloud } from '../support/local-cloud.ts';
import { applyForHousing, housingApplication, issuedLicence } from '../support/review.ts';

// Every line the functions would print in production and more: their debug lines too.
process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';
const printed: string[] = [];
const api = useLocalCloud('dinghai', async (cloud) => void (await seedJurisdiction(cloud.jurisdiction)), {
  functionLog: (fn, line) => printed.push(`[${fn}] ${line}`),
});

const principalId = '330902194501011231';
const callerMobile = '13905807766';

/** Every valid identity number in `text` (18 characters that pass GB 11643), and every number we gave. */
const personalIn = (text: string) => [
  ...[...text.matchAll(/(?<![0-9A-Z])\d{17}[\dX](?![0-9A-Z])/g)]
    .map((m) => m[0])
    .filter((id) => idNumberProblem(id, '2099-12-31') === undefined),
  ...[demoUsers.citizen.idNumber, demoUsers.agent.idNumber, principalId, callerMobile].filter((n) =>
    text.includes(n),
  ),
];

describe('personal data', () => {
  it('never reaches logs, events or message texts', async () => {
    expect((await applyForHousing(api)).status).toBe(201);
    const agent = await api.request('POST', '/cases', {
      as: 'agent',
      body: {
        ...(await housingApplication(() => api.upload('agent'))),
        onBehalfOf: {
          type: 'person',
          name: '赵老人',
          idNumber: principalId,
          authorisation: await api.upload('agent'),
        },
      },
      headers: { 'idempotency-key': 'personal-data-agent' },
    });
    expect(agent.status, JSON.stringify(agent.body)).toBe(201);
    // Refused input that holds a number: the refusal names the field, not the number.
    const refused = await api.request('POST', '/cases', {
      as: 'agent',
      body: {
        ...(await housingApplication(() => api.upload('agent'))),
        onBehalfOf: { type: 'person', name: '赵老人', idNumber: '330902194501011234', authorisation: 'x' },
      },
      headers: { 'idempotency-key': 'personal-data-refused' },
    });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).not.toContain('330902194501011234');
    await issuedLicence(api);
    const ticket = await api.request('POST', '/tickets', {
      as: 'clerk',
      body: {
        type: 'complaint',
        text: '来电反映小区物业乱收二次供水费。',
        onBehalfOf: { name: '钱来电', mobile: callerMobile },
      },
    });
    expect(ticket.status).toBe(201);

    const events = await eventually(
      async () => (await api.request('GET', '/dev/events?limit=1000')).body.events as unknown[],
      (list) => list.some((e) => JSON.stringify(e).includes('TicketFiled')),
    );
    const sms = (
      (await api.request('GET', '/dev/outbox')).body.sms as Array<{ text?: string; content?: string }>
    ).map((m) => m.text ?? m.content ?? JSON.stringify(m));
    expect(printed.length).toBeGreaterThan(20);
    expect(events.length).toBeGreaterThan(5);
    const found = [
      ...printed.flatMap((line) => personalIn(line).map((n) => `log ${n}: ${line.slice(0, 160)}`)),
      ...events.flatMap((e) => personalIn(JSON.stringify(e)).map((n) => `event ${n}`)),
      ...sms.flatMap((text) => personalIn(text).map((n) => `sms ${n}: ${text}`)),
    ];
    expect(found).toEqual([]);
    // The scan itself finds what it looks for.
    expect(personalIn(`x ${principalId} y 11010519491231002X`)).toContain('11010519491231002X');
  }, 120_000);
});
