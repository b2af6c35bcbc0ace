// Personal data stays where it belongs: after people apply (for themselves and through an agent, one with
// a delivery address), a case concludes, a licence is issued, a ticket is filed by the hotline for a
// caller, a home visit is booked and bad input is refused, nothing shaped like a resident identity number —
// nor the people's own numbers, nor the caller's or the recipient's mobile — appears in any line a function
// printed, in any event on the bus or in any SMS text; and the table read directly holds none of them, nor
// a delivery's or a home visit's street, in clear in the rows of cases (the case, its tasks and history,
// idempotency records, the outbox), of tickets, of licences and of appointments: there they are sealed,
// and what is shown is masked.
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { dynamo } from '../../functions/lib/dynamo.ts';
import { loadJurisdiction } from '../../infra/jurisdictions/index.ts';
import { demoUsers } from '../../infra/local/demo-users.ts';
import { seedJurisdiction } from '../../infra/local/seed.ts';
import { names } from '../../infra/naming.ts';
import { seedCatalogue } from '../../infra/seed/catalogue.ts';
import { idNumberProblem } from '../../shared/id-number.ts';
import { eventually, useLocalCloud } from '../support/local-cloud.ts';
import { approveUntilPayment, gajReviewer } from '../support/payments.ts';
import {
  applyForHousing,
  housingApplication,
  issuedLicence,
  licenceChangeApplication,
} from '../support/review.ts';

// Every line the functions would print in production and more: their debug lines too.
process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';
const printed: string[] = [];
const api = useLocalCloud('dinghai', async (cloud) => void (await seedJurisdiction(cloud.jurisdiction)), {
  functionLog: (fn, line) => printed.push(`[${fn}] ${line}`),
});

const principalId = '330902194501011231';
const callerMobile = '13905807766';
const applicantMobile = '13757001234';
const recipientMobile = '13905800123';
const deliveryStreet = '海洋产业园区 6 号楼 2 层';
const visitMobile = '13900000088';
const visitStreet = '定海区环城南路 88 号 3 幢 201 室';
/** 养犬登记: a person's item that issues an e-licence. */
const dogLicence = '330902-QR-0006';
/** 社会保障卡申领: its form asks for a contact mobile. */
const socialCard = '330902-GG-0021';

/** Every row of the table, read directly. */
const tableRows = async () => {
  const rows: Array<Record<string, unknown>> = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(
      new ScanCommand({ TableName: names('dinghai').table, ExclusiveStartKey: start, ConsistentRead: true }),
    );
    rows.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return rows;
};
/**
 * The rows that hold sealed personal data: a case, its tasks and history, its idempotency record, the
 * outbox items, the tickets (a hotline caller's mobile), the licences (the holder's number) and the
 * appointments (a home visit's street and phone).
 */
const caseRow = (row: Record<string, unknown>) =>
  /^(CASE|IDEM|OUTBOX|TICKET|LICENCE|APPT)#/.test(String(row.pk));

/** Every valid identity number in `text` (18 characters that pass GB 11643), and every number we gave. */
const personalIn = (text: string) => [
  ...[...text.matchAll(/(?<![0-9A-Z])\d{17}[\dX](?![0-9A-Z])/g)]
    .map((m) => m[0])
    .filter((id) => idNumberProblem(id, '2099-12-31') === undefined),
  ...[
    demoUsers.citizen.idNumber,
    demoUsers.agent.idNumber,
    principalId,
    callerMobile,
    applicantMobile,
    recipientMobile,
    deliveryStreet,
    visitMobile,
    visitStreet,
  ].filter((n) => text.includes(n)),
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
    // An item whose form asks for a mobile (sensitive by its format and its mark).
    const item = (await api.request('GET', `/items/${socialCard}`)).body as {
      materials: Array<{ id: string; required: boolean }>;
      formSchema: { properties: Record<string, Record<string, unknown>> };
    };
    expect(item.formSchema.properties.mobile).toMatchObject({ format: 'cn-mobile', 'x-sensitive': true });
    const withMobile = await api.request('POST', '/cases', {
      as: 'citizen',
      body: {
        itemCode: socialCard,
        form: { bank: '中国银行', mobile: applicantMobile },
        materials: await Promise.all(
          item.materials
            .filter((m) => m.required)
            .map(async (m) => ({ materialId: m.id, via: 'upload', key: await api.upload('citizen') })),
        ),
      },
      headers: { 'idempotency-key': 'personal-data-mobile' },
    });
    expect(withMobile.status, JSON.stringify(withMobile.body)).toBe(201);
    const shown = await api.request('GET', `/cases/${withMobile.body.caseNumber}`, { as: 'citizen' });
    expect(shown.body.form.mobile).toBe('137****1234');
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
    const { licenceId } = await issuedLicence(api);
    // Results mailed to an address; a home visit booked with one.
    const mailed = await api.request('POST', '/cases', {
      as: 'enterprise',
      body: {
        ...(await licenceChangeApplication(() => api.upload('enterprise'))),
        delivery: {
          method: 'courier',
          address: {
            recipient: '林海韵',
            mobile: recipientMobile,
            provinceCode: '330000',
            cityCode: '330900',
            countyCode: '330902',
            detail: deliveryStreet,
          },
        },
      },
      headers: { 'idempotency-key': 'personal-data-delivery' },
    });
    expect(mailed.status, JSON.stringify(mailed.body)).toBe(201);
    const own = await api.request('GET', `/cases/${mailed.body.caseNumber}/delivery`, { as: 'enterprise' });
    expect(own.body.delivery.address).toMatchObject({ mobile: recipientMobile, detail: deliveryStreet });
    const allowance = seedCatalogue(loadJurisdiction('dinghai')).items.find(
      (i) => i.name === '高龄津贴申领',
    )!.implementationCode;
    const homeSlots = await api.request('GET', `/items/${allowance}/appointment-slots?kind=home`);
    const slot = (
      homeSlots.body.days as Array<{ slots: Array<{ id: string; remaining: number; open: boolean }> }>
    )
      .flatMap((d) => d.slots)
      .find((s) => s.open && s.remaining > 0);
    expect(slot, JSON.stringify(homeSlots.body)).toBeDefined();
    const visit = await api.request('POST', '/appointments', {
      as: 'citizen',
      body: {
        itemCode: allowance,
        slotId: slot!.id,
        address: { divisionCode: '330902', detail: visitStreet, contactPhone: visitMobile },
      },
    });
    expect(visit.status, JSON.stringify(visit.body)).toBe(201);
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

    // The table itself: the case rows hold sealed values and masks, no number in clear.
    const rows = (await tableRows()).filter(caseRow);
    expect(rows.filter((r) => String(r.pk).startsWith('CASE#')).length).toBeGreaterThan(3);
    const stored = rows.flatMap((row) =>
      personalIn(JSON.stringify(row)).map((n) => `row ${row.pk} ${row.sk}: ${n}`),
    );
    expect(stored).toEqual([]);
    const agentCase = rows.find(
      (r) => r.sk === 'C' && (r.record as { caseNumber: string }).caseNumber === agent.body.caseNumber,
    )?.record as {
      applicant: Record<string, unknown>;
      sealed: Record<string, { alg: string; mask: string }>;
    };
    expect(agentCase.applicant.idNumber).toBe('3309**********1231');
    expect(agentCase.sealed['applicant.idNumber']).toMatchObject({
      alg: 'AES-256-GCM',
      mask: '3309**********1231',
    });
    expect(agentCase.sealed['agent.idNumber']).toBeDefined();
    expect(agentCase.applicant.idIndex).toMatch(/^h2\./);
    const ticketRow = rows.find((r) => r.pk === `TICKET#${ticket.body.ticketNumber}` && r.sk === 'TICKET');
    expect((ticketRow?.ticket as { caller?: object })?.caller).toMatchObject({
      name: '钱来电',
      mobile: '139****7766',
      sealed: { alg: 'AES-256-GCM' },
    });
    const licenceRow = rows.find((r) => r.pk === `LICENCE#${licenceId}` && r.sk === 'LICENCE');
    expect(licenceRow?.credential).toBeUndefined();
    expect((licenceRow?.record as { holder: { idIndex?: string } }).holder.idIndex).toMatch(/^h2\./);
    const mailedRow = rows.find((r) => r.pk === `CASE#${mailed.body.caseNumber}` && r.sk === 'C')?.record as {
      delivery: { address: Record<string, string> };
      sealed: Record<string, unknown>;
    };
    expect(mailedRow.delivery.address).toMatchObject({ recipient: '林海韵', mobile: '139****0123' });
    expect(Object.keys(mailedRow.sealed)).toEqual(
      expect.arrayContaining(['delivery.address.mobile', 'delivery.address.detail']),
    );
    const visitRow = rows.find((r) => r.pk === `APPT#${visit.body.id}`)?.appointment as {
      address: Record<string, string>;
    };
    expect(visitRow.address).toMatchObject({ divisionCode: '330902', contactPhone: '139****0088' });
    // The scan itself finds what it looks for.
    expect(personalIn(`x ${principalId} y 11010519491231002X`)).toContain('11010519491231002X');
  }, 120_000);

  it("is opened only to issue a person's licence: the holder's wallet finds it by the number", async () => {
    const item = (await api.request('GET', `/items/${dogLicence}`)).body as {
      materials: Array<{ id: string; required: boolean }>;
      formSchema: { required?: string[] };
    };
    const submitted = await api.request('POST', '/cases', {
      as: 'citizen2',
      body: {
        itemCode: dogLicence,
        form: { breed: '中华田园犬', address: '舟山市定海区解放路1号' },
        materials: await Promise.all(
          item.materials
            .filter((m) => m.required)
            .map(async (m) => ({ materialId: m.id, via: 'upload', key: await api.upload('citizen2') })),
        ),
      },
      headers: { 'idempotency-key': 'personal-data-dog' },
    });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
    const n = submitted.body.caseNumber as string;
    // 养犬登记 charges a fee the reviewer assesses: exempted here, with its documented basis.
    await approveUntilPayment(api, n);
    const exempted = await api.request('POST', `/cases/${n}/payment/assessment`, {
      as: gajReviewer,
      body: {
        amounts: [{ line: 0, amountFen: 30000 }],
        reduction: { kind: 'exemption', basis: '《定海区养犬管理办法》', reason: '导盲犬免收' },
      },
    });
    expect(exempted.status, JSON.stringify(exempted.body)).toBe(200);
    const done = await eventually(
      () => api.request('GET', `/cases/${n}`, { as: 'supervisor' }),
      (r) => r.body.status === 'COMPLETED',
      60_000,
    );
    const licenceId = done.body.result?.licenceId as string;
    expect(licenceId).toBeTruthy();
    // The wallet looks licences up by the holder's own number: the issuer put the opened number there.
    const wallet = await api.request('GET', '/licences', { as: 'citizen2' });
    expect(wallet.body.licences.map((l: { id: string }) => l.id)).toContain(licenceId);
    // The licence rows, read directly: the holder's number sealed and indexed, the credential not there.
    const stored = (await tableRows()).filter((r) => String(r.pk).startsWith('LICENCE#'));
    expect(
      stored.flatMap((r) => personalIn(JSON.stringify(r)).map((found) => `${r.pk} ${r.sk}: ${found}`)),
    ).toEqual([]);
    const row = stored.find((r) => r.pk === `LICENCE#${licenceId}` && r.sk === 'LICENCE');
    expect(row?.credential).toBeUndefined();
    expect((row?.record as { holder: object }).holder).toMatchObject({
      type: 'person',
      sealed: { alg: 'AES-256-GCM' },
      idIndex: expect.stringMatching(/^h2\./),
    });
  }, 180_000);
});
