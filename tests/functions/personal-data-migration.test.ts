// The migration of personal data stored before it was sealed: case rows written in the old shape (ID
// numbers, the mobile and the agent's number in clear, no blind index) and licence rows (the holder's number
// in clear, the credential in the row, the wallet keyed by a plain hash) are sealed in place by the
// operator's command (the one each deploy runs), as they are stored now; a second run changes nothing; the
// cases read as before, masked, with their history chains intact, a migrated applicant's blind index is the
// one a new case gets, migrated licences are found in their holders' wallets and verify as before, and
// delivery and home-visit addresses kept in clear are sealed and read back in full by their owners.
import { createHash } from 'node:crypto';
import { GetCommand, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { caseKey } from '../../functions/cases/keys.ts';
import { dynamo } from '../../functions/lib/dynamo.ts';
import { demoUsers } from '../../infra/local/demo-users.ts';
import { seedJurisdiction } from '../../infra/local/seed.ts';
import { migratePersonalData } from '../../infra/migrate-personal-data.ts';
import { names } from '../../infra/naming.ts';
import type { CaseRecord } from '../../shared/cases/case.ts';
import { useLocalCloud } from '../support/local-cloud.ts';
import { applyForHousing, housingApplication, issuedLicence } from '../support/review.ts';

const api = useLocalCloud('dinghai', async (cloud) => void (await seedJurisdiction(cloud.jurisdiction)));
const table = names('dinghai').table;
const principal = { name: '赵老人', idNumber: '330902194501011231', mobile: '13905807766' };

const rowOf = async (caseNumber: string) =>
  (await dynamo().send(new GetCommand({ TableName: table, Key: caseKey(caseNumber), ConsistentRead: true })))
    .Item as { record: CaseRecord; rev: number };

/** The row as it was stored before sealing: clear values where the masks are, no sealed values or index. */
const writeOldShape = async (caseNumber: string, clear: { applicant: object; agent?: object }) => {
  const row = await rowOf(caseNumber);
  const { sealed: _sealed, ...record } = row.record;
  const { idIndex: _index, ...applicant } = record.applicant;
  const old = {
    ...record,
    applicant: { ...applicant, ...clear.applicant },
    ...(record.agent ? { agent: { ...record.agent, ...clear.agent } } : {}),
  };
  await dynamo().send(new PutCommand({ TableName: table, Item: { ...row, record: old } }));
  return old;
};

const clearNumbersInCaseRows = async () => {
  const numbers = [
    demoUsers.citizen.idNumber,
    demoUsers.agent.idNumber,
    principal.idNumber,
    principal.mobile,
  ];
  const rows: Array<Record<string, unknown>> = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(
      new ScanCommand({ TableName: table, ConsistentRead: true, ExclusiveStartKey: start }),
    );
    rows.push(...(page.Items ?? []).filter((r) => String(r.pk).startsWith('CASE#')));
    start = page.LastEvaluatedKey;
  } while (start);
  return rows.flatMap((r) =>
    numbers.filter((n) => JSON.stringify(r).includes(n)).map((n) => `${r.pk}: ${n}`),
  );
};

describe('sealing kept cases', () => {
  it('seals rows written in the old shape, once, and they read as before', async () => {
    const own = await applyForHousing(api);
    expect(own.status).toBe(201);
    const byAgent = await api.request('POST', '/cases', {
      as: 'agent',
      body: {
        ...(await housingApplication(() => api.upload('agent'))),
        onBehalfOf: { type: 'person', ...principal, authorisation: await api.upload('agent') },
      },
      headers: { 'idempotency-key': 'migration-agent' },
    });
    expect(byAgent.status, JSON.stringify(byAgent.body)).toBe(201);
    const sealedIndex = (await rowOf(own.body.caseNumber)).record.applicant.idIndex;
    expect(sealedIndex).toBeDefined();

    await writeOldShape(own.body.caseNumber, { applicant: { idNumber: demoUsers.citizen.idNumber } });
    await writeOldShape(byAgent.body.caseNumber, {
      applicant: { idNumber: principal.idNumber, mobile: principal.mobile },
      agent: { idNumber: demoUsers.agent.idNumber },
    });
    const revBefore = (await rowOf(byAgent.body.caseNumber)).rev;
    expect((await clearNumbersInCaseRows()).length).toBe(4);

    const first = await migratePersonalData('dinghai');
    expect(first.cases).toMatchObject({ sealed: 2, retried: 0 });
    expect(first.cases?.read).toBeGreaterThanOrEqual(2);
    expect(await clearNumbersInCaseRows()).toEqual([]);

    const migrated = await rowOf(byAgent.body.caseNumber);
    expect(migrated.rev).toBe(revBefore + 1);
    expect(migrated.record.applicant).toMatchObject({
      idNumber: '3309**********1231',
      mobile: '139****7766',
    });
    expect(migrated.record.agent?.idNumber).toBe('3309**********0319');
    expect(Object.keys(migrated.record.sealed ?? {}).sort()).toEqual([
      'agent.idNumber',
      'applicant.idNumber',
      'applicant.mobile',
    ]);
    // The same person's index, whether sealed on application or by the migration.
    expect((await rowOf(own.body.caseNumber)).record.applicant.idIndex).toBe(sealedIndex);

    // Nothing left to do: a second run writes nothing.
    const second = await migratePersonalData('dinghai');
    expect(second.cases).toMatchObject({ sealed: 0, read: first.cases?.read });
    expect((await rowOf(byAgent.body.caseNumber)).rev).toBe(revBefore + 1);

    // The cases read as before, masked, their chains intact.
    const view = await api.request('GET', `/cases/${byAgent.body.caseNumber}`, { as: 'agent' });
    expect(view.status).toBe(200);
    expect(view.body.applicant).toMatchObject({ name: '赵老人', idNumber: '3309**********1231' });
    const verified = await api.request('GET', `/cases/${own.body.caseNumber}/history/verify`, {
      as: 'citizen',
    });
    expect(verified.body.intact).toBe(true);
  }, 120_000);

  it('seals licence rows written in the old shape: holders found by the blind index, credentials in the bucket', async () => {
    const { licenceId, credential } = await issuedLicence(api);
    const licenceRow = async (id: string) =>
      (
        await dynamo().send(
          new GetCommand({
            TableName: table,
            Key: { pk: `LICENCE#${id}`, sk: 'LICENCE' },
            ConsistentRead: true,
          }),
        )
      ).Item as Record<string, unknown> & {
        record: Record<string, unknown> & { holder: Record<string, unknown> };
      };
    const issued = await licenceRow(licenceId);
    // Stored now: no credential in the row, the holder indexed.
    expect(issued.credential).toBeUndefined();
    expect(issued.credentialHash).toBeTypeOf('string');
    expect(issued.holder).toBeUndefined();
    expect(issued.record.holder.idIndex).toMatch(/^h2\./);
    const creditCode = String(issued.record.holder.idNumber);

    // The old shape: the enterprise's licence as it was, and a person's (the citizen's) beside it.
    const oldShape = (id: string, holder: Record<string, unknown>) => {
      const { credentialHash: _h, holderIndex: _i, ...row } = issued;
      const holderId = String(holder.idNumber);
      return {
        ...row,
        pk: `LICENCE#${id}`,
        record: { ...issued.record, id, holder },
        credential,
        holderId,
        gsi1pk: `HOLDER#${createHash('sha256').update(holderId).digest('base64url')}`,
        gsi1sk: `${issued.record.issueDate}#${id}`,
      };
    };
    const personLicence = `${licenceId.slice(0, -1)}9`;
    const { idIndex: _index, ...enterpriseHolder } = issued.record.holder;
    await dynamo().send(new PutCommand({ TableName: table, Item: oldShape(licenceId, enterpriseHolder) }));
    await dynamo().send(
      new PutCommand({
        TableName: table,
        Item: oldShape(personLicence, {
          type: 'person',
          name: demoUsers.citizen.name,
          idType: '公民身份号码',
          idNumber: demoUsers.citizen.idNumber,
        }),
      }),
    );
    expect(JSON.stringify(await licenceRow(personLicence))).toContain(demoUsers.citizen.idNumber);

    const first = await migratePersonalData('dinghai');
    expect(first.licences).toMatchObject({ sealed: 2, retried: 0 });
    const person = await licenceRow(personLicence);
    expect(JSON.stringify(person)).not.toContain(demoUsers.citizen.idNumber);
    expect(person.credential).toBeUndefined();
    expect(person.holderId).toBeUndefined();
    expect(person.record.holder).toMatchObject({
      idNumber: `${demoUsers.citizen.idNumber.slice(0, 4)}**********${demoUsers.citizen.idNumber.slice(-4)}`,
      sealed: { alg: 'AES-256-GCM' },
    });
    expect(person.rev).toBe(Number(issued.rev) + 1);
    expect((await licenceRow(licenceId)).record.holder).toMatchObject({ idNumber: creditCode });
    expect((await licenceRow(licenceId)).gsi1pk).toBe(issued.gsi1pk);

    // Nothing left to do.
    expect((await migratePersonalData('dinghai')).licences).toMatchObject({ sealed: 0 });
    // The holders find them by their own numbers; the moved credential still verifies.
    const wallet = await api.request('GET', '/licences', { as: 'citizen' });
    expect(wallet.body.licences.map((l: { id: string }) => l.id)).toContain(personLicence);
    expect(wallet.body.licences[0].holder.idNumber).not.toBe(demoUsers.citizen.idNumber);
    const own = await api.request('GET', '/licences', { as: 'enterprise' });
    expect(own.body.licences.map((l: { id: string }) => l.id)).toContain(licenceId);
    const verified = await api.request('GET', `/verify/${licenceId}`);
    expect(verified.body.valid, JSON.stringify(verified.body)).toBe(true);
  }, 300_000);

  it('seals delivery and home-visit addresses written in the old shape', async () => {
    const own = await applyForHousing(api, {
      sub: 'migration-delivery',
      role: 'citizen',
      name: '林寄递',
      idNumber: '330902199203150025',
    });
    expect(own.status, JSON.stringify(own.body)).toBe(201);
    const street = '海洋产业园区 6 号楼 2 层';
    const row = await rowOf(own.body.caseNumber);
    await dynamo().send(
      new PutCommand({
        TableName: table,
        Item: {
          ...row,
          record: {
            ...row.record,
            delivery: {
              method: 'courier',
              chosenAt: row.record.submittedAt,
              address: {
                recipient: '林寄递',
                mobile: '13905800123',
                provinceCode: '330000',
                cityCode: '330900',
                countyCode: '330902',
                detail: street,
              },
            },
          },
        },
      }),
    );
    const slot = {
      id: 'home.mzj.2026-12-10.0900',
      kind: 'home',
      hall: 'home',
      hallName: '上门服务',
      window: 'mzj',
      windowName: '舟山市定海区民政局',
      date: '2026-12-10',
      start: '09:00',
      end: '10:00',
      capacity: 1,
    };
    const appointment = {
      id: 'YY261208OLDSHP',
      kind: 'home',
      status: 'booked',
      itemCode: '330902-GG-0054',
      itemName: '高龄津贴申领',
      department: 'mzj',
      slot,
      sub: 'migration-delivery',
      name: '林寄递',
      role: 'citizen',
      address: { divisionCode: '330902', detail: '定海区环城南路 88 号', contactPhone: '13900000088' },
      bookedAt: '2026-12-08T01:00:00.000Z',
      updatedAt: '2026-12-08T01:00:00.000Z',
      rev: 1,
    };
    await dynamo().send(
      new PutCommand({
        TableName: table,
        Item: { pk: `APPT#${appointment.id}`, sk: 'APPT', appointment, rev: 1 },
      }),
    );

    const report = await migratePersonalData('dinghai');
    expect(report.cases?.sealed).toBeGreaterThanOrEqual(1);
    expect(report.appointments).toMatchObject({ sealed: 1, retried: 0 });
    const migrated = (await rowOf(own.body.caseNumber)).record;
    expect(JSON.stringify(migrated)).not.toMatch(/13905800123|产业园区/);
    expect(migrated.delivery).toMatchObject({ address: { recipient: '林寄递', mobile: '139****0123' } });
    const appt = (
      await dynamo().send(
        new GetCommand({
          TableName: table,
          Key: { pk: `APPT#${appointment.id}`, sk: 'APPT' },
          ConsistentRead: true,
        }),
      )
    ).Item!;
    expect(JSON.stringify(appt)).not.toMatch(/13900000088|环城南路/);
    expect(appt.rev).toBe(2);
    expect(appt.appointment.address).toMatchObject({ divisionCode: '330902', contactPhone: '139****0088' });
    // The booker reads it back in full; the applicant their delivery address.
    const mine = await api.request('GET', `/appointments/${appointment.id}`, {
      as: { sub: 'migration-delivery', role: 'citizen', name: '林寄递', idNumber: '330902199203150025' },
    });
    expect(mine.body.address).toEqual(appointment.address);
    expect((await migratePersonalData('dinghai')).appointments).toMatchObject({ sealed: 0 });
  }, 300_000);
});
