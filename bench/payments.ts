// 统一支付 on the local cloud: orders registered at the payment simulator through the platform's own adapter,
// each paid there, and every payment's signed callback delivered to the platform's public route as a
// hostile provider would (20 % sent twice, 10 % late, 5 % overtaken by later ones, 5 % of first attempts
// failing and retried). Then the ledger is checked against the orders (none applied twice, none missing)
// and reconciled with the simulator's statement. Beside it, in the same run: the callback latency of a batch
// with clean deliveries, and a bare conditional PutItem on the same table (the floor of "apply once").
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { nonTaxProvider } from '../functions/payments/provider.ts';
import { type OrderRecord, orderRow } from '../functions/payments/service.ts';
import { startLocalCloud } from '../infra/local/cloud.ts';
import { demoUsers } from '../infra/local/demo-users.ts';
import { names } from '../infra/naming.ts';
import { formatCaseNumber } from '../shared/cases/case-number.ts';
import { paymentCodeOf, paymentDeadline } from '../shared/payments.ts';
import { count, scaled } from './scale.ts';
import { summary } from './stats.ts';

const day = '2026-12-10';

export const benchPayments = async () => {
  // TONGBAN_LOG=1 prints what the functions print, to see why a callback was refused.
  const cloud = await startLocalCloud({
    jurisdictionId: 'dinghai',
    ...(process.env.TONGBAN_LOG
      ? { functionLog: (fn: string, line: string) => console.log(`[${fn}] ${line}`) }
      : {}),
  });
  try {
    const sim = cloud.payments;
    const config = cloud.jurisdiction.payments;
    if (!sim || !config) throw new Error('The demo jurisdiction collects no fees online');
    await fetch(`${cloud.url}/dev/clock`, {
      method: 'POST',
      body: JSON.stringify({ now: `${day}T10:00:00+08:00` }),
    });
    const tableName = names(cloud.jurisdiction.id).table;
    const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));
    const provider = nonTaxProvider({
      endpoint: sim.url,
      merchantId: config.merchantId,
      providerPublicKey: sim.publicKeyPem,
      merchantKey: async () => sim.merchantSecret,
      now: () => new Date(`${day}T10:00:00+08:00`),
    });
    const run = randomUUID().slice(0, 6).toUpperCase();
    let base = 1 + Math.floor(Math.random() * 1e6) * 10_000;

    /** `n` issued orders of distinct amounts, in the table and at the provider; their ids and amounts. */
    const issueOrders = async (n: number) => {
      const made: Array<{ orderId: string; caseNumber: string; amountFen: number }> = [];
      for (let i = 0; i < n; i++) {
        // Numbers of a day long past, so they meet no real case.
        const caseNumber = formatCaseNumber({
          divisionCode: '330902',
          date: '2000-01-01',
          sequence: base + i,
        });
        const orderId = `${caseNumber}-1`;
        const amountFen = 100 + ((i * 7919) % 99_900);
        const at = new Date(`${day}T10:00:00+08:00`);
        const paymentCode = paymentCodeOf(cloud.jurisdiction.divisionCode, orderId);
        const deadline = paymentDeadline(at, config.payWithinDays);
        const order: OrderRecord = {
          caseNumber,
          orderId,
          version: 1,
          status: 'ISSUED',
          kind: 'single',
          department: 'gaj',
          itemCode: '330902-QR-0001',
          itemName: '居民身份证换领',
          owners: ['bench-payer'],
          payerName: '测试缴款人',
          fees: [{ name: '工本费', standard: '按件', basis: '测试', reducible: false, amountFen }],
          assessment: {
            lines: [{ name: '工本费', standard: '按件', basis: '测试', reducible: false, amountFen }],
            totalFen: amountFen,
            reductionFen: 0,
            dueFen: amountFen,
            by: { sub: 'workflow', name: '流程引擎' },
            at: at.toISOString(),
          },
          paymentCode,
          deadline,
          createdAt: at.toISOString(),
          issuedAt: at.toISOString(),
          paidFen: 0,
          refundedFen: 0,
          strayPayments: [],
          refunds: [],
          rev: 1,
          updatedAt: at.toISOString(),
        };
        await db.send(new PutCommand({ TableName: tableName, Item: orderRow(order) }));
        await provider.createOrder({ orderId, paymentCode, amountFen, subject: '测试', deadline });
        made.push({ orderId, caseNumber, amountFen });
      }
      base += n;
      return made;
    };

    /** Pays every order, lets the callbacks arrive, and reads each order back. */
    const payAll = async (orders: Array<{ orderId: string; caseNumber: string; amountFen: number }>) => {
      const before = sim.stats().answerMs.length;
      const started = performance.now();
      // Payers arrive in waves of 20, as a busy hall's do, each wave's callbacks left to settle.
      for (let i = 0; i < orders.length; i += 20) {
        for (const o of orders.slice(i, i + 20)) sim.pay(o.orderId);
        await sim.settled();
      }
      const tookMs = performance.now() - started;
      const answers = sim.stats().answerMs.slice(before);
      let missing = 0;
      let doubled = 0;
      for (const o of orders) {
        const row = (
          await db.send(
            new QueryCommand({
              TableName: tableName,
              KeyConditionExpression: 'pk = :pk',
              ExpressionAttributeValues: { ':pk': `PAYORDER#${o.caseNumber}` },
              ConsistentRead: true,
            }),
          )
        ).Items?.[0]?.order as OrderRecord | undefined;
        if (row?.status !== 'PAID' || row.paidFen === 0) missing++;
        else if (row.paidFen !== o.amountFen || row.strayPayments.length > 0) doubled++;
      }
      return { answers, missing, doubled, tookMs };
    };

    const n = scaled(1000, Number(process.env.BENCH_PAYMENTS ?? 60));
    const cleanN = scaled(200, 20);

    // Warm the function up, then the baseline: clean deliveries (each callback once, at once).
    sim.setHostility({});
    await payAll(await issueOrders(5));
    const clean = await payAll(await issueOrders(cleanN));

    sim.setHostility(
      { duplicate: 0.2, late: 0.1, lateMs: 2000, outOfOrder: 0.05, fail: 0.05, retryMs: 200 },
      7,
    );
    const statsBefore = sim.stats();
    const hostile = await payAll(await issueOrders(n));
    const statsAfter = sim.stats();

    // The ledger: every entry of the day, by its reference.
    const token = await cloud.issueToken(demoUsers.supervisor);
    const recon = (await (
      await fetch(`${cloud.url}/payments/reconciliation?day=${day}`, {
        headers: { authorization: `Bearer ${token}` },
      })
    ).json()) as {
      ledger: { payments: number; paymentFen: number };
      statement: { payments: number; paymentFen: number };
      differences: unknown[];
    };

    // The floor: one conditional PutItem per payment, as bare as "apply once" can be.
    const bare: number[] = [];
    for (let i = 0; i < cleanN; i++) {
      const started = performance.now();
      await db.send(
        new PutCommand({
          TableName: tableName,
          Item: { pk: `BENCH#put#${run}#${i}`, sk: 'ENTRY', amountFen: i },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      bare.push(performance.now() - started);
    }

    const fmt = (s: { p50: string; p99: string }) => `p50 ${s.p50} / p99 ${s.p99}`;
    const delta = (k: keyof typeof statsAfter) => (statsAfter[k] as number) - (statsBefore[k] as number);
    return [
      {
        figure: `hostile run: payments, callbacks sent (duplicated; late; overtaken; failed attempts retried)`,
        value: `${count(n)} payments, ${delta('sent')} callbacks (${delta('duplicated')}; ${delta('late')}; ${delta('outOfOrder')}; ${delta('failedAttempts')})`,
      },
      {
        figure: 'ledger exact: orders paid twice, orders missing their payment (aim 0, 0)',
        value: `${hostile.doubled}, ${hostile.missing}`,
      },
      {
        figure: 'ledger vs statement of the day: payments, fen; reconciliation differences (aim 0)',
        value: `${recon.ledger.payments} vs ${recon.statement.payments}, ${recon.ledger.paymentFen} vs ${recon.statement.paymentFen}; ${recon.differences.length}`,
      },
      {
        figure: `callback answered (ms, through the gateway), hostile run, n ${hostile.answers.length}`,
        value: fmt(summary(hostile.answers)),
      },
      {
        figure: `baseline: callback answered (ms), clean deliveries, n ${clean.answers.length} (missing ${clean.missing}, doubled ${clean.doubled})`,
        value: fmt(summary(clean.answers)),
      },
      { figure: `baseline: bare conditional PutItem (ms), n ${bare.length}`, value: fmt(summary(bare)) },
      { figure: 'hostile run, all callbacks settled (s)', value: (hostile.tookMs / 1000).toFixed(1) },
    ];
  } finally {
    await cloud.stop();
  }
};
