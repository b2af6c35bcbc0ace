// 统一支付 the fees of a case, from the workflow's charge step to the receipt. Table rows:
//   PAYORDER#<caseNumber> / ORDER   the order (one per case; the provider sees `<caseNumber>-<version>`,
//                                   a new version after a reassessment); gsi2 PAYORDERS#<status> / <at>;
//                                   while issued gsi3 PAYORDER-OPEN / <deadline>, with refunds to send
//                                   gsi3 PAYREFUND-OPEN / <at>
//   LEDGER#payment#<txnId> / ENTRY, LEDGER#refund#<refundId> / ENTRY   the append-only ledger, one row per
//                                   provider transaction (put once, never updated); gsi1 LEDGER#<day> / <at>
//   RECON#<day> / RUN#<at>          each reconciliation run, kept
// A callback applies in one transaction: the ledger row guarded by attribute_not_exists (the provider's
// transaction id is its key, so a duplicate finds it and changes nothing), the order guarded by its
// revision, and the payment's event. The case then follows the order (`settle`): paid → on to the licence,
// closed unpaid → closed with notice, a payment after the deadline or on a superseded order → refunded.
// `settle` is idempotent and runs after every callback, every sweep and every staff step, so a step lost
// to a crash is taken by the next one.
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { toLocalDate } from '../../shared/calendar.ts';
import type { CaseRecord } from '../../shared/cases/case.ts';
import { terminalStatuses, transition } from '../../shared/cases/lifecycle.ts';
import type { Item } from '../../shared/catalogue/item.ts';
import type { Clock } from '../../shared/clock.ts';
import { conflict, forbidden, notFound, unauthenticated, validationFailed } from '../../shared/errors.ts';
import { type DomainEvent, domainEvent, EventType } from '../../shared/events.ts';
import type { Principal } from '../../shared/identity.ts';
import type { Jurisdiction } from '../../shared/jurisdiction.ts';
import { parseCompactJws, verifyEs256 } from '../../shared/licences/jws.ts';
import { outsideKeyPeriod, signedAtOf } from '../../shared/licences/key-periods.ts';
import {
  type Assessment,
  assess,
  checkRefund,
  endRefundFen,
  type FeeItem,
  fixedAmounts,
  type LedgerEntry,
  type OrderStatus,
  orderStatusNames,
  paymentCodeOf,
  paymentDeadline,
  type Reconciliation,
  type Reduction,
  type Refund,
  reconcile,
  refundOnEnd,
} from '../../shared/payments.ts';
import { actorOf, type CaseContext, journal, systemActor } from '../cases/context.ts';
import { queryAll, revisionGuard, type TransactWrite } from '../lib/dynamo.ts';
import { outboxPut } from '../lib/outbox.ts';
import type { StampPlace } from '../licences/ofd.ts';
import { createSealKeyRegistry } from '../licences/seal-keys.ts';
import { type Signer, signJws } from '../licences/signer.ts';
import type { CallbackBody, CallbackMessage, PaymentProvider } from './provider.ts';
import type { ReceiptOfdInput } from './receipt-ofd.ts';
import { maskPayer, orderKey, receiptStanding } from './receipt-status.ts';

export interface OrderRecord {
  caseNumber: string;
  /** The id the provider knows: `<caseNumber>-<version>`. */
  orderId: string;
  version: number;
  status: OrderStatus;
  kind: CaseRecord['kind'];
  department: string;
  itemCode: string;
  itemName: string;
  /** Accounts that may read the order: the applicant's and the submitter's. */
  owners: string[];
  payerName: string;
  fees: FeeItem[];
  assessment?: Assessment & { by: { sub: string; name: string }; at: string };
  paymentCode?: string;
  deadline?: string;
  payUrl?: string;
  issuedAt?: string;
  createdAt: string;
  /** The workflow's callback token of the charge step. */
  token?: string;
  paidFen: number;
  refundedFen: number;
  payment?: { txnId: string; amountFen: number; paidAt: string };
  /** Payments that could not count (late, twice, a superseded order): each refunded automatically. */
  strayPayments: Array<{ txnId: string; orderId: string; amountFen: number; paidAt: string; why: string }>;
  receipt?: { receiptNumber: string; jws: string; issuedAt: string; ofdKey?: string };
  refunds: Refund[];
  closedAt?: string;
  rev: number;
  updatedAt: string;
}

const ledgerKey = (kind: LedgerEntry['kind'], ref: string) => ({ pk: `LEDGER#${kind}#${ref}`, sk: 'ENTRY' });
const ledgerIndex = { name: 'gsi1', pk: (day: string) => `LEDGER#${day}` } as const;
const statusIndex = { name: 'gsi2', pk: (s: string) => `PAYORDERS#${s}` } as const;
const openIndex = { name: 'gsi3', open: 'PAYORDER-OPEN', refunds: 'PAYREFUND-OPEN' } as const;

/** The case number of a provider order id (`<caseNumber>-<version>`). */
export const caseOfOrderId = (orderId: string) => orderId.replace(/-\d+$/, '');

export const orderRow = (order: OrderRecord) => {
  const row: Record<string, unknown> = {
    ...orderKey(order.caseNumber),
    rev: order.rev,
    order,
    gsi2pk: statusIndex.pk(
      order.refunds.some((r) => r.status === 'requested') ? 'REFUND_REQUESTED' : order.status,
    ),
    gsi2sk: `${order.updatedAt}#${order.caseNumber}`,
  };
  if (order.status === 'ISSUED' && order.deadline) {
    row.gsi3pk = openIndex.open;
    row.gsi3sk = `${order.deadline}#${order.caseNumber}`;
  } else if (order.refunds.some((r) => r.status === 'approved')) {
    row.gsi3pk = openIndex.refunds;
    row.gsi3sk = `${order.updatedAt}#${order.caseNumber}`;
  }
  return row;
};

/** The order as the applicant and staff read it: no callback token. */
export const orderView = (order: OrderRecord) => {
  const { token: _token, owners: _owners, rev: _rev, ...rest } = order;
  return {
    ...rest,
    statusName: orderStatusNames[order.status],
    refundableFen: Math.max(
      0,
      order.paidFen -
        order.refunds.filter((r) => r.status !== 'refused').reduce((s, r) => s + r.amountFen, 0),
    ),
  };
};

export interface PaymentDeps {
  db: DynamoDBDocumentClient;
  tableName: string;
  jurisdiction: Jurisdiction;
  clock: Clock;
  ctx: CaseContext;
  provider?: PaymentProvider;
  signer: Signer;
  log: (message: string, details: Record<string, unknown>) => void;
  /**
   * Where the deployment has an SM2 seal (the China Regions, the local cloud): the receipt is also an OFD
   * document sealed by the collecting department's electronic seal, kept in the licence bucket.
   */
  receiptOfd?: ReceiptOfdPort;
}

export interface ReceiptOfdPort {
  render: (input: ReceiptOfdInput) => Promise<{ ofd: Uint8Array; stamp: StampPlace }>;
  seal: (
    ofd: Uint8Array,
    options: { department: string; stamp: StampPlace; time: Date },
  ) => Promise<Uint8Array>;
  put: (key: string, ofd: Uint8Array) => Promise<void>;
  downloadUrl: (key: string, fileName: string) => Promise<string>;
  /** The address of the public verification page, for the receipt's QR code. */
  verifyUrl: string;
}

export const createPayments = (deps: PaymentDeps) => {
  const { db, tableName, jurisdiction, ctx } = deps;
  const now = () => deps.clock.now();
  const dayOf = (at: string) => toLocalDate(new Date(at), jurisdiction.timezone);
  const sealKeys = createSealKeyRegistry(db, tableName);

  const getOrder = async (caseNumber: string) =>
    (await db.send(new GetCommand({ TableName: tableName, Key: orderKey(caseNumber), ConsistentRead: true })))
      .Item?.order as OrderRecord | undefined;

  const putOrder = (order: OrderRecord, expectedRev: number | 'new'): TransactWrite => ({
    Put: {
      TableName: tableName,
      Item: orderRow({ ...order, rev: expectedRev === 'new' ? 1 : expectedRev + 1 }),
      ...revisionGuard(expectedRev),
    },
  });

  const saveOrder = async (order: OrderRecord, events: DomainEvent[] = []) => {
    const outbox = outboxPut(tableName, events, now());
    await db.send(
      new TransactWriteCommand({ TransactItems: [putOrder(order, order.rev), ...(outbox ? [outbox] : [])] }),
    );
  };

  const provider = () => {
    if (!deps.provider) throw conflict('Online payment is not configured for this jurisdiction.');
    return deps.provider;
  };

  const facts = (order: OrderRecord, status: CaseRecord['status']) => ({
    caseNumber: order.caseNumber,
    status,
    department: order.department,
    kind: order.kind,
    orderId: order.orderId,
  });

  /** Issues the order at its assessed amount: a payment code, a deadline, the provider's pay page. */
  const issue = async (order: OrderRecord, assessment: OrderRecord['assessment'] & object) => {
    const at = now();
    const version = order.status === 'ISSUED' ? order.version + 1 : order.version;
    const orderId = `${order.caseNumber}-${version}`;
    const next: OrderRecord = { ...order, version, orderId, assessment, updatedAt: at.toISOString() };
    if (assessment.dueFen === 0) return { ...next, status: 'WAIVED' as const };
    const paymentCode = paymentCodeOf(jurisdiction.divisionCode, orderId);
    const deadline = paymentDeadline(at, jurisdiction.payments?.payWithinDays ?? 15);
    const { payUrl } = await provider().createOrder({
      orderId,
      paymentCode,
      amountFen: assessment.dueFen,
      subject: `${order.itemName}（${order.caseNumber}）`,
      deadline,
    });
    return { ...next, status: 'ISSUED' as const, paymentCode, deadline, payUrl, issuedAt: at.toISOString() };
  };

  const charges = (item: Item | undefined) =>
    Boolean(jurisdiction.payments && item && !item.fees.free && item.channels.onlinePayment);

  /**
   * The workflow's charge step: an item without fees (or without online payment) goes straight on; one
   * with fees gets its order — issued at once when every fee has a fixed amount, else left for the reviewer
   * to assess — and the case waits for payment with the clock stopped. Asked again (a retried step), the
   * order keeps its state and takes the new token.
   */
  const charge = async (caseNumber: string, token: string) => {
    const state = await ctx.deps.store.loadCase(caseNumber);
    if (!state) throw notFound(`No case ${caseNumber}.`);
    const { record } = state;
    const item = record.item
      ? await ctx.deps.items.version(record.item.code, record.item.version)
      : undefined;
    const existing = await getOrder(caseNumber);
    if (!existing && !charges(item)) {
      await ctx.deps.workflow.succeed(token, { charged: false });
      return { charged: false };
    }
    if (existing) {
      await db.send(
        new TransactWriteCommand({
          TransactItems: [putOrder({ ...existing, token, updatedAt: now().toISOString() }, existing.rev)],
        }),
      );
      await settle(caseNumber);
      return { charged: true, status: existing.status };
    }
    const fees = (item!.fees as { free: false; items: FeeItem[] }).items;
    const at = now().toISOString();
    let order: OrderRecord = {
      caseNumber,
      orderId: `${caseNumber}-1`,
      version: 1,
      status: 'ASSESSING',
      kind: record.kind,
      department: record.handlingDepartment,
      itemCode: record.item!.code,
      itemName: record.item!.name,
      owners: [...new Set([record.submittedBy, ...(record.applicant.sub ? [record.applicant.sub] : [])])],
      payerName: record.applicant.name,
      fees,
      createdAt: at,
      token,
      paidFen: 0,
      refundedFen: 0,
      strayPayments: [],
      refunds: [],
      rev: 0,
      updatedAt: at,
    };
    if (fixedAmounts(fees))
      order = await issue(order, {
        ...assess(fees),
        by: { sub: systemActor.sub, name: systemActor.name },
        at,
      });
    await ctx.mutate(caseNumber, ({ record }) => {
      if (record.status === 'AWAITING_PAYMENT' || terminalStatuses.has(record.status))
        return { change: { cases: [] }, result: undefined };
      const expectedRev = record.rev;
      const before = record.status;
      record.status = transition(record.status, 'request-payment', 'system');
      record.pauses.push({ from: at, kind: 'payment' });
      record.updatedAt = at;
      const history = journal(record, {
        at,
        actor: systemActor,
        action: 'request-payment',
        statusBefore: before,
        details: {
          orderStatus: order.status,
          ...(order.assessment ? { dueFen: order.assessment.dueFen } : {}),
        },
      });
      return {
        change: { cases: [{ record, expectedRev }], history: [history], also: [putOrder(order, 'new')] },
        events:
          order.status === 'ISSUED'
            ? [
                domainEvent(EventType.PaymentOrderIssued, {
                  ...facts(order, record.status),
                  amountFen: order.assessment!.dueFen,
                  dueBy: order.deadline!,
                }),
              ]
            : [],
        result: undefined,
      };
    });
    await settle(caseNumber);
    return { charged: true, status: order.status };
  };

  /** The order of a case as a reader may see it: its applicant, or staff who may see the case. */
  const visibleOrder = async (caseNumber: string, p: Principal) => {
    const order = await getOrder(caseNumber);
    if (order?.owners.includes(p.sub)) return order;
    const state = await ctx.deps.store.loadCase(caseNumber);
    if (!order || !state || !ctx.canSee(state.record, p))
      throw notFound(`No payment order for ${caseNumber}.`);
    return order;
  };

  const staffOf = (order: OrderRecord, p: Principal) => {
    if (p.role === 'supervisor' || p.role === 'admin') return;
    if (p.department !== order.department && !(p.role === 'clerk' && p.department === 'zwfw'))
      throw forbidden(`Only the staff of ${order.department} handle this order.`);
  };

  /** 核定 the reviewer sets the amounts the guide leaves open and may apply a documented reduction. */
  const assessOrder = async (
    caseNumber: string,
    p: Principal,
    input: { amounts?: Array<{ line: number; amountFen: number }>; reduction?: Reduction },
  ) => {
    const order = await visibleOrder(caseNumber, p);
    if (p.role !== 'reviewer' || p.department !== order.department)
      throw forbidden(`Only a reviewer of ${order.department} assesses this order.`);
    if (order.status !== 'ASSESSING' && order.status !== 'ISSUED')
      throw conflict(`The order is ${orderStatusNames[order.status]}: it cannot be assessed now.`, [
        { path: 'status', message: order.status },
      ]);
    const at = now().toISOString();
    const assessment = { ...assess(order.fees, input), by: { sub: p.sub, name: p.name }, at };
    const next = await issue(order, assessment);
    await saveOrder(
      next,
      next.status === 'ISSUED'
        ? [
            domainEvent(EventType.PaymentOrderIssued, {
              ...facts(next, 'AWAITING_PAYMENT'),
              amountFen: assessment.dueFen,
              dueBy: next.deadline!,
            }),
          ]
        : [],
    ).catch(conflictOnRace);
    await settle(caseNumber);
    return orderView((await getOrder(caseNumber))!);
  };

  const conflictOnRace = (error: { name?: string }) => {
    if (error.name === 'TransactionCanceledException' || error.name === 'ConditionalCheckFailedException')
      throw conflict('The order was changed at the same moment: read it again.');
    throw error;
  };

  /**
   * A callback from the provider: refused unless its signature holds; applied once — a duplicate finds its
   * ledger row and changes nothing. Answers what happened, for the log and the tests.
   */
  const callback = async (body: CallbackBody) => {
    const message = provider().verifyCallback(body);
    if (!message) throw unauthenticated('The callback is not signed by the payment provider.');
    const outcome = await apply(message);
    await settle(caseOfOrderId(message.orderId));
    return outcome;
  };

  const apply = async (message: CallbackMessage, attempts = 8): Promise<string> => {
    const caseNumber = caseOfOrderId(message.orderId);
    for (let attempt = 1; ; attempt++) {
      const order = await getOrder(caseNumber);
      if (!order) throw notFound(`No order ${message.orderId}.`);
      const record = await ctx.deps.store.getCase(caseNumber);
      const caseStatus = record?.status ?? 'AWAITING_PAYMENT';
      const at = now().toISOString();
      const next: OrderRecord = structuredClone(order);
      next.updatedAt = at;
      const events: DomainEvent[] = [];
      let kind: LedgerEntry['kind'];
      let ref: string;
      if (message.type === 'PAID') {
        kind = 'payment';
        ref = message.txnId;
        const late = order.deadline !== undefined && message.at > order.deadline;
        const current =
          message.orderId === order.orderId &&
          order.status === 'ISSUED' &&
          !late &&
          message.amountFen === order.assessment?.dueFen;
        if (current) {
          next.status = 'PAID';
          next.paidFen = message.amountFen;
          next.payment = { txnId: message.txnId, amountFen: message.amountFen, paidAt: message.at };
        } else {
          const why = late
            ? 'paid after the deadline'
            : order.status === 'PAID'
              ? 'paid twice'
              : message.orderId !== order.orderId
                ? 'a superseded order'
                : order.status === 'CLOSED_UNPAID'
                  ? 'the order was closed'
                  : 'not the amount due';
          next.strayPayments.push({
            txnId: message.txnId,
            orderId: message.orderId,
            amountFen: message.amountFen,
            paidAt: message.at,
            why,
          });
          next.refunds.push({
            refundId: `RF${message.txnId}`,
            amountFen: message.amountFen,
            reason: `自动退款：${why === 'paid after the deadline' ? '逾期缴款' : why === 'paid twice' ? '重复缴款' : '缴款与当前缴款通知不符'}`,
            requestedBy: { sub: systemActor.sub, name: systemActor.name },
            requestedAt: at,
            status: 'approved',
            decidedBy: { sub: systemActor.sub, name: systemActor.name },
            decidedAt: at,
            txnId: message.txnId,
            automatic: true,
          });
          // After the deadline the order closes (if the sweep has not closed it yet).
          if (late && order.status === 'ISSUED') {
            next.status = 'CLOSED_UNPAID';
            next.closedAt = at;
          }
        }
        events.push(
          domainEvent(EventType.PaymentReceived, {
            ...facts(next, caseStatus),
            amountFen: message.amountFen,
            late: !current,
          }),
        );
      } else {
        kind = 'refund';
        ref = message.refundId ?? '';
        if (!ref) throw validationFailed([{ path: 'data.refundId', message: 'a refund names its id' }]);
        const refund = next.refunds.find((r) => r.refundId === ref);
        if (refund) {
          refund.status = 'refunded';
          refund.refundedAt = message.at;
        }
        next.refundedFen += message.amountFen;
        events.push(
          domainEvent(EventType.PaymentRefunded, {
            ...facts(next, caseStatus),
            amountFen: message.amountFen,
            automatic: refund?.automatic ?? false,
          }),
        );
      }
      const entry: LedgerEntry = {
        kind,
        ref,
        txnId: message.txnId,
        orderId: message.orderId,
        amountFen: message.amountFen,
        at: message.at,
        day: dayOf(message.at),
      };
      const outbox = outboxPut(tableName, events, now());
      try {
        await db.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: tableName,
                  Item: {
                    ...ledgerKey(kind, ref),
                    entry,
                    caseNumber,
                    receivedAt: at,
                    gsi1pk: ledgerIndex.pk(entry.day),
                    gsi1sk: `${entry.at}#${kind}#${ref}`,
                  },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
              putOrder(next, order.rev),
              ...(outbox ? [outbox] : []),
            ],
          }),
        );
        return kind === 'payment'
          ? next.status === 'PAID' && order.status !== 'PAID'
            ? 'paid'
            : 'stray payment'
          : 'refunded';
      } catch (error) {
        const e = error as { name?: string; CancellationReasons?: Array<{ Code?: string }> };
        if (e.name !== 'TransactionCanceledException') throw error;
        if (e.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed') return 'duplicate';
        if (attempt >= attempts) throw conflict('The order is busy: the provider will call again.');
        await new Promise((r) => setTimeout(r, Math.random() * 20 * attempt));
      }
    }
  };

  /**
   * The receipt as an OFD sealed by the collecting department (its key in the bucket). A department that
   * has no seal imported yet gets the JWS receipt alone, and the gap is logged for its administrator.
   */
  const sealedReceiptOfd = async (
    port: ReceiptOfdPort,
    order: OrderRecord,
    receiptNumber: string,
    at: Date,
  ): Promise<string | undefined> => {
    const department = jurisdiction.departments.find((d) => d.code === order.department);
    const unsigned = await port.render({
      receiptNumber,
      paymentCode: order.paymentCode ?? '',
      orderId: order.orderId,
      caseNumber: order.caseNumber,
      payer: maskPayer(order.payerName),
      collector: { name: department?.name ?? order.department, creditCode: department?.creditCode ?? '' },
      item: order.itemName,
      lines: order.assessment?.lines.map((l) => ({ name: l.name, amountFen: l.amountFen })) ?? [],
      reductionFen: order.assessment?.reductionFen ?? 0,
      ...(order.assessment?.reduction ? { reductionBasis: order.assessment.reduction.basis } : {}),
      amountFen: order.payment!.amountFen,
      paidOn: dayOf(order.payment!.paidAt),
      verifyUrl: port.verifyUrl,
    });
    let sealed: Uint8Array;
    try {
      sealed = await port.seal(unsigned.ofd, {
        department: order.department,
        stamp: unsigned.stamp,
        time: at,
      });
    } catch (error) {
      if ((error as { status?: number }).status !== 404) throw error;
      deps.log('receipt OFD not sealed: the collecting department has no seal', {
        department: order.department,
        caseNumber: order.caseNumber,
      });
      return undefined;
    }
    const key = `receipts/${order.caseNumber}/${receiptNumber}.ofd`;
    await port.put(key, sealed);
    return key;
  };

  /** The receipt (电子票据) of a paid order, sealed with the jurisdiction's seal. */
  const issueReceipt = async (order: OrderRecord) => {
    const signedAt = now();
    const at = signedAt.toISOString();
    const receiptNumber = `PJ${order.paymentCode}`;
    const { jws, kid } = await signJws(
      deps.signer,
      {
        type: 'NonTaxPaymentReceipt',
        receiptNumber,
        issuer: { name: jurisdiction.name.zh, division: jurisdiction.divisionCode },
        collector: order.department,
        payer: order.payerName,
        caseNumber: order.caseNumber,
        item: order.itemName,
        lines: order.assessment?.lines.map((l) => ({ name: l.name, amountFen: l.amountFen })) ?? [],
        reductionFen: order.assessment?.reductionFen ?? 0,
        ...(order.assessment?.reduction ? { reductionBasis: order.assessment.reduction.basis } : {}),
        amountFen: order.payment!.amountFen,
        paymentCode: order.paymentCode,
        txnId: order.payment!.txnId,
        paidAt: order.payment!.paidAt,
        issuedAt: at,
      },
      { typ: 'receipt+jws', iat: Math.floor(signedAt.getTime() / 1000) },
    );
    // The key stays published with its period of use, so the receipt verifies after the seal is renewed.
    await sealKeys.register(kid, (await deps.signer.current()).jwk, signedAt);
    const ofdKey = deps.receiptOfd
      ? await sealedReceiptOfd(deps.receiptOfd, order, receiptNumber, signedAt)
      : undefined;
    return { receiptNumber, jws, issuedAt: at, ...(ofdKey ? { ofdKey } : {}) };
  };

  /**
   * Brings the case, the receipt, the workflow and the provider in line with the order; safe to repeat.
   * Paid (or waived): the case goes on and the receipt is sealed. Closed unpaid: the case closes with
   * notice and the workflow ends. Approved refunds not yet done are asked of the provider again.
   */
  const settle = async (caseNumber: string): Promise<void> => {
    let order = await getOrder(caseNumber);
    if (!order) return;
    if (order.status === 'PAID' && !order.receipt) {
      const receipt = await issueReceipt(order);
      try {
        await saveOrder({ ...order, receipt, updatedAt: now().toISOString() });
      } catch (error) {
        if ((error as { name?: string }).name !== 'TransactionCanceledException') throw error;
      }
      order = (await getOrder(caseNumber))!;
    }
    const record = await ctx.deps.store.getCase(caseNumber);
    const ended = record ? refundOnEnd[record.status] : undefined;
    if (ended && order.payment) order = await refundEnded(order, ended);
    const settled = order;
    /** Moves the waiting case by `action`, ending the payment pause; nothing when it has moved already. */
    const moveCase = (
      action: 'record-payment' | 'close-unpaid',
      more: (record: CaseRecord, at: string) => { opinion?: string; events?: DomainEvent[] },
    ) =>
      ctx.mutate(caseNumber, ({ record }) => {
        if (record.status !== 'AWAITING_PAYMENT') return { change: { cases: [] }, result: undefined };
        const at = now().toISOString();
        const expectedRev = record.rev;
        const before = record.status;
        record.status = transition(record.status, action, 'system');
        const open = record.pauses.find((x) => !x.to && x.kind === 'payment');
        if (open) open.to = at;
        record.updatedAt = at;
        const { opinion, events } = more(record, at);
        const history = journal(record, {
          at,
          actor: systemActor,
          action,
          statusBefore: before,
          ...(opinion ? { opinion } : {}),
          details: {
            orderStatus: settled.status,
            paidFen: settled.paidFen,
            deadline: settled.deadline ?? '',
          },
        });
        return {
          change: { cases: [{ record, expectedRev }], history: [history] },
          ...(events ? { events } : {}),
          result: undefined,
        };
      });
    if (record?.status === 'AWAITING_PAYMENT' && (order.status === 'PAID' || order.status === 'WAIVED'))
      await moveCase('record-payment', () => ({}));
    if (record?.status === 'AWAITING_PAYMENT' && order.status === 'CLOSED_UNPAID')
      await moveCase('close-unpaid', (record, at) => {
        record.result = { outcome: 'unpaid', at, reasons: '逾期未缴纳费用' };
        return {
          opinion: '缴费期限届满未缴费，办件终止',
          events: [
            domainEvent(EventType.CaseClosedUnpaid, {
              caseNumber,
              status: record.status,
              department: record.handlingDepartment,
              kind: record.kind,
            }),
          ],
        };
      });
    // A case that ended without its result does not go on to it, whatever its order says.
    if (order.token && !ended) {
      if (order.status === 'PAID' || order.status === 'WAIVED')
        await ctx.deps.workflow.succeed(order.token, { charged: true, status: order.status });
      else if (order.status === 'CLOSED_UNPAID')
        await ctx.deps.workflow.fail(order.token, 'Unpaid', caseNumber);
    }
    for (const refund of order.refunds.filter((r) => r.status === 'approved')) {
      const stray = order.strayPayments.find((s) => s.txnId === refund.txnId);
      await provider()
        .refund({
          orderId: stray?.orderId ?? order.orderId,
          txnId: refund.txnId,
          refundId: refund.refundId,
          amountFen: refund.amountFen,
          reason: refund.reason,
        })
        .catch((error: unknown) =>
          deps.log('refund not accepted by the provider yet', {
            caseNumber,
            refundId: refund.refundId,
            error: String(error),
          }),
        );
    }
  };

  /**
   * The paid order of a case that ended without its result (withdrawn, denied…) is refunded in full, once:
   * one automatic refund with a fixed id for what is left of the payment, approved by the system; requests
   * still pending are superseded by it. Asked again, the refund is found and nothing changes.
   */
  const refundEnded = async (order: OrderRecord, reason: string): Promise<OrderRecord> => {
    const payment = order.payment!;
    const refundId = `RF${payment.txnId}-END`;
    if (order.refunds.some((r) => r.refundId === refundId)) return order;
    const ofPayment = order.refunds.filter((r) => r.txnId === payment.txnId);
    const amountFen = endRefundFen(order.paidFen, ofPayment);
    const pending = order.refunds.some((r) => r.status === 'requested');
    if (amountFen === 0 && !pending) return order;
    const at = now().toISOString();
    const system = { sub: systemActor.sub, name: systemActor.name };
    const refunds: Refund[] = order.refunds.map((r) =>
      r.status === 'requested'
        ? {
            ...r,
            status: 'refused',
            decidedBy: system,
            decidedAt: at,
            opinion: '办件已终止，已缴费用全额自动退还',
          }
        : r,
    );
    if (amountFen > 0)
      refunds.push({
        refundId,
        amountFen,
        reason,
        requestedBy: system,
        requestedAt: at,
        status: 'approved',
        decidedBy: system,
        decidedAt: at,
        txnId: payment.txnId,
        automatic: true,
      });
    await saveOrder({ ...order, refunds, updatedAt: at }).catch(conflictOnRace);
    return (await getOrder(order.caseNumber))!;
  };

  /** 退款申请 staff of the collecting department ask for a refund of (part of) the payment, with a reason. */
  const requestRefund = async (
    caseNumber: string,
    p: Principal,
    input: { amountFen: number; reason: string },
  ) => {
    const order = await visibleOrder(caseNumber, p);
    staffOf(order, p);
    if (!order.payment) throw conflict('Nothing was paid on this order.');
    const amountFen = checkRefund(
      order.paidFen,
      order.refunds.filter((r) => r.txnId === order.payment!.txnId),
      input.amountFen,
    );
    const at = now().toISOString();
    const refund: Refund = {
      refundId: `RF${order.payment.txnId}-${order.refunds.length + 1}`,
      amountFen,
      reason: input.reason,
      requestedBy: { sub: p.sub, name: p.name },
      requestedAt: at,
      status: 'requested',
      txnId: order.payment.txnId,
    };
    await saveOrder({ ...order, refunds: [...order.refunds, refund], updatedAt: at }).catch(conflictOnRace);
    return refund;
  };

  /** 退款审批 a supervisor approves or refuses a refund request; approved, the provider is asked at once. */
  const decideRefund = async (
    caseNumber: string,
    refundId: string,
    p: Principal,
    input: { approve: boolean; opinion: string },
  ) => {
    const order = await getOrder(caseNumber);
    const refund = order?.refunds.find((r) => r.refundId === refundId);
    if (!order || !refund) throw notFound(`No refund ${refundId} of ${caseNumber}.`);
    if (refund.requestedBy.sub === p.sub)
      throw forbidden('A refund is approved by someone other than who asked.');
    if (refund.status !== 'requested')
      throw conflict(`The refund is ${refund.status}: it was decided already.`, [
        { path: 'status', message: refund.status },
      ]);
    const at = now().toISOString();
    const refunds = order.refunds.map((r) =>
      r.refundId === refundId
        ? {
            ...r,
            status: input.approve ? ('approved' as const) : ('refused' as const),
            decidedBy: { sub: p.sub, name: p.name },
            decidedAt: at,
            opinion: input.opinion,
          }
        : r,
    );
    await saveOrder({ ...order, refunds, updatedAt: at }).catch(conflictOnRace);
    await settle(caseNumber);
    const decided = (await getOrder(caseNumber))?.refunds.find((r) => r.refundId === refundId);
    if (!decided) throw notFound(`No refund ${refundId} of ${caseNumber}.`);
    return decided;
  };

  /** 票据查验 a receipt's seal and whether its payment still stands (refunds are shown). */
  const verifyReceipt = async (compact: string) => {
    const parsed = parseCompactJws(compact.trim());
    const checks: Array<{ check: string; ok: boolean }> = [];
    if (!parsed || typeof parsed.payload === 'string') {
      return { valid: false, checks: [{ check: 'format', ok: false }] };
    }
    checks.push({ check: 'format', ok: true });
    // The key named by `kid` among every key the seal has published, current or rotated, in use when the
    // receipt was sealed.
    const kid = typeof parsed.header.kid === 'string' ? parsed.header.kid : '';
    const key = kid ? await sealKeys.get(kid) : undefined;
    const sealed =
      parsed.header.alg === 'ES256' &&
      key !== undefined &&
      verifyEs256(key, parsed.signingInput, parsed.signature) &&
      outsideKeyPeriod(key, signedAtOf(parsed.header)) === undefined;
    checks.push({ check: 'seal', ok: sealed });
    const payload = parsed.payload;
    const caseNumber = typeof payload.caseNumber === 'string' ? payload.caseNumber : '';
    const order = sealed && caseNumber ? await getOrder(caseNumber) : undefined;
    const onRecord = Boolean(order?.receipt && order.receipt.receiptNumber === payload.receiptNumber);
    checks.push({ check: 'on-record', ok: onRecord });
    const valid = checks.every((c) => c.ok);
    const payer = typeof payload.payer === 'string' ? maskPayer(payload.payer) : undefined;
    return {
      valid,
      checks,
      ...(valid
        ? { receipt: { ...payload, payer }, refundedFen: order!.refundedFen, status: receiptStanding(order!) }
        : {}),
    };
  };

  const ledgerOf = async (day: string) =>
    (
      await queryAll(db, {
        TableName: tableName,
        IndexName: ledgerIndex.name,
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': ledgerIndex.pk(day) },
      })
    ).map((row) => row.entry as LedgerEntry);

  /** 对账 a day's ledger against the provider's statement; every run is kept. */
  const reconcileDay = async (day: string): Promise<Reconciliation & { ranAt: string }> => {
    const [ledger, statement] = await Promise.all([ledgerOf(day), provider().statement(day)]);
    const result = { ...reconcile(day, ledger, statement), ranAt: now().toISOString() };
    await db.send(
      new PutCommand({
        TableName: tableName,
        Item: { pk: `RECON#${day}`, sk: `RUN#${result.ranAt}`, result },
      }),
    );
    if (result.differences.length > 0)
      deps.log('reconciliation found differences', { day, differences: result.differences.length });
    return result;
  };

  /**
   * The schedule: orders past their deadline are asked of the provider (a payment whose callback never came
   * is applied as the callback would), the rest close unpaid; approved refunds are sent again; yesterday is
   * reconciled once.
   */
  const sweep = async () => {
    const at = now();
    const due = await queryAll(db, {
      TableName: tableName,
      IndexName: 'gsi3',
      KeyConditionExpression: 'gsi3pk = :pk AND gsi3sk < :now',
      ExpressionAttributeValues: { ':pk': openIndex.open, ':now': at.toISOString() },
    });
    let closed = 0;
    let recovered = 0;
    for (const row of due) {
      const order = row.order as OrderRecord;
      const known = await provider().queryOrder(order.orderId);
      if (known.status === 'PAID' && known.txnId && known.amountFen && known.paidAt) {
        await apply({
          notifyId: `query-${known.txnId}`,
          type: 'PAID',
          orderId: order.orderId,
          paymentCode: order.paymentCode!,
          txnId: known.txnId,
          amountFen: known.amountFen,
          at: known.paidAt,
        });
        recovered++;
      } else {
        const fresh = await getOrder(order.caseNumber);
        if (fresh?.status === 'ISSUED') {
          await saveOrder({
            ...fresh,
            status: 'CLOSED_UNPAID',
            closedAt: at.toISOString(),
            updatedAt: at.toISOString(),
          }).catch(() => undefined);
          closed++;
        }
      }
      await settle(order.caseNumber);
    }
    const refunding = await queryAll(db, {
      TableName: tableName,
      IndexName: 'gsi3',
      KeyConditionExpression: 'gsi3pk = :pk',
      ExpressionAttributeValues: { ':pk': openIndex.refunds },
    });
    for (const row of refunding) await settle((row.order as OrderRecord).caseNumber);
    const yesterday = toLocalDate(new Date(at.getTime() - 24 * 3600_000), jurisdiction.timezone);
    const ran = await db.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `RECON#${yesterday}` },
        Limit: 1,
      }),
    );
    const reconciled =
      (ran.Items ?? []).length === 0 && deps.provider ? await reconcileDay(yesterday) : undefined;
    return {
      closed,
      recovered,
      refundsResent: refunding.length,
      ...(reconciled ? { reconciled: { day: yesterday, differences: reconciled.differences.length } } : {}),
    };
  };

  const listOrders = async (p: Principal, status: OrderStatus | 'REFUND_REQUESTED') => {
    const rows = await queryAll(db, {
      TableName: tableName,
      IndexName: statusIndex.name,
      KeyConditionExpression: 'gsi2pk = :pk',
      ExpressionAttributeValues: { ':pk': statusIndex.pk(status) },
    });
    return rows
      .map((r) => r.order as OrderRecord)
      .filter((o) => p.role === 'supervisor' || p.role === 'admin' || o.department === p.department)
      .map(orderView);
  };

  return {
    charge,
    getOrder,
    visibleOrder,
    assessOrder,
    callback,
    apply,
    settle,
    requestRefund,
    decideRefund,
    verifyReceipt,
    reconcileDay,
    sweep,
    listOrders,
    actorOf,
  };
};

export type Payments = ReturnType<typeof createPayments>;
