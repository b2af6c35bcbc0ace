// The migration of cases stored before personal data was sealed: rows written in the old shape (ID numbers,
// the mobile and the agent's number in clear, no blind index) are sealed in place by the operator's
// command, as an application is sealed now; a second run changes nothing; the cases read as before, masked,
// with their history chains intact, and a migrated applicant's blind index is the one a new case gets.
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
import { applyForHousing, housingApplication } from '../support/review.ts';

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
    expect(first).toMatchObject({ sealed: 2, retried: 0 });
    expect(first.cases).toBeGreaterThanOrEqual(2);
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
    expect(second).toMatchObject({ sealed: 0, cases: first.cases });
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
});
