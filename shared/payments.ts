// 统一支付 fees and payment, pure: money in integer fen (分, never a floating-point yuan), the assessment of a
// case's fees from its item's guide with a documented reduction or exemption (减免, with its basis), the
// payment order (缴款通知) with its payment code (缴款码) and deadline, the append-only ledger's entries,
// refunds, and the daily reconciliation of the ledger against the provider's statement (对账).
import type { CaseStatus } from './cases/lifecycle.ts';
import { conflict, validationFailed } from './errors.ts';

/** An amount in fen: a non-negative safe integer. */
export type Fen = number;

/** The largest amount one order may carry: ¥10,000,000.00, far below where integers stop being exact. */
export const maxOrderFen = 1_000_000_000;

export const isFen = (value: unknown): value is Fen =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

/** `value` as fen, or a RangeError: a fraction, a negative or an unsafe number is never money. */
export const fen = (value: number): Fen => {
  if (!isFen(value)) throw new RangeError(`${value} is not an amount in fen`);
  return value;
};

/** The sum of amounts in fen, refusing any that is not one, and a sum past `maxOrderFen`. */
export const sumFen = (amounts: readonly number[]): Fen => {
  let total = 0;
  for (const a of amounts) total += fen(a);
  if (total > Number.MAX_SAFE_INTEGER) throw new RangeError('the sum is past exact integers');
  return total;
};

/** Parses a yuan amount written in decimal ("20", "20.5", "20.50") into fen, digit by digit; undefined else. */
export const parseYuan = (text: string): Fen | undefined => {
  const m = /^(\d{1,10})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!m) return undefined;
  const [, whole, fraction = ''] = m;
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
};

/** Fen written as yuan with two decimals, "2000" → "20.00"; grouping is the reader's. */
export const formatYuan = (amount: Fen): string => {
  const a = fen(amount);
  return `${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
};

/**
 * `percent` % of `amount`, rounded up to the fen: a reduction is never smaller than its rate says, so the
 * rounding is always the applicant's gain. Exact in integers (amount × percent stays far below 2^53).
 */
export const percentOfFen = (amount: Fen, percent: number): Fen => {
  if (!Number.isInteger(percent) || percent < 0 || percent > 100) throw new RangeError('percent 0–100');
  return Math.ceil((fen(amount) * percent) / 100);
};

/** One fee of an item's guide (收费项目), with its fixed amount when it has one. */
export interface FeeItem {
  name: string;
  standard: string;
  basis: string;
  reducible: boolean;
  amountFen?: number;
}

/** 减免: a reduction by a rate or an amount, or an exemption (免收), each with its documented basis. */
export type Reduction =
  | { kind: 'exemption'; basis: string; reason: string }
  | { kind: 'percent'; percent: number; basis: string; reason: string }
  | { kind: 'amount'; amountFen: number; basis: string; reason: string };

export interface AssessedLine {
  name: string;
  standard: string;
  basis: string;
  reducible: boolean;
  amountFen: Fen;
}

export interface Assessment {
  lines: AssessedLine[];
  /** The sum of the lines, before any reduction. */
  totalFen: Fen;
  reductionFen: Fen;
  /** What the applicant owes: total − reduction. */
  dueFen: Fen;
  reduction?: Reduction;
}

/** Whether every fee of the item has a fixed amount, so the platform assesses without a reviewer. */
export const fixedAmounts = (fees: readonly FeeItem[]) => fees.every((f) => f.amountFen !== undefined);

/**
 * 核定 the amount of a case: each fee at its fixed amount, or at the amount the reviewer set for it (only
 * a fee without a fixed amount may be set, and each such fee must be), less a reduction applied to the
 * reducible fees only. Field-level errors for everything wrong at once.
 */
export const assess = (
  fees: readonly FeeItem[],
  input: { amounts?: ReadonlyArray<{ line: number; amountFen: number }>; reduction?: Reduction } = {},
): Assessment => {
  const issues: Array<{ path: string; message: string }> = [];
  const set = new Map<number, number>();
  for (const [i, a] of (input.amounts ?? []).entries()) {
    const fee = fees[a.line];
    if (!fee) issues.push({ path: `amounts.${i}.line`, message: `no fee ${a.line} in the guide` });
    else if (fee.amountFen !== undefined)
      issues.push({ path: `amounts.${i}.line`, message: `${fee.name} has a fixed amount` });
    else if (set.has(a.line)) issues.push({ path: `amounts.${i}.line`, message: 'set twice' });
    else if (!isFen(a.amountFen) || a.amountFen > maxOrderFen)
      issues.push({ path: `amounts.${i}.amountFen`, message: 'an amount in fen' });
    else set.set(a.line, a.amountFen);
  }
  const lines: AssessedLine[] = fees.map((f, i) => {
    const amountFen = f.amountFen ?? set.get(i);
    if (amountFen === undefined)
      issues.push({ path: 'amounts', message: `${f.name} (${f.standard}) needs an assessed amount` });
    return {
      name: f.name,
      standard: f.standard,
      basis: f.basis,
      reducible: f.reducible,
      amountFen: amountFen ?? 0,
    };
  });
  const totalFen = sumFen(lines.map((l) => l.amountFen));
  if (totalFen > maxOrderFen) issues.push({ path: 'amounts', message: 'the total is past ¥10,000,000' });
  const reducibleFen = sumFen(lines.filter((l) => l.reducible).map((l) => l.amountFen));
  let reductionFen = 0;
  const r = input.reduction;
  if (r) {
    if (reducibleFen === 0) issues.push({ path: 'reduction', message: 'no fee of this item may be reduced' });
    else if (r.kind === 'exemption') reductionFen = reducibleFen;
    else if (r.kind === 'percent') {
      if (!Number.isInteger(r.percent) || r.percent < 1 || r.percent > 100)
        issues.push({ path: 'reduction.percent', message: '1–100' });
      else reductionFen = percentOfFen(reducibleFen, r.percent);
    } else if (!isFen(r.amountFen) || r.amountFen < 1 || r.amountFen > reducibleFen)
      issues.push({
        path: 'reduction.amountFen',
        message: `between 1 and ${reducibleFen} fen (the reducible fees)`,
      });
    else reductionFen = r.amountFen;
  }
  if (issues.length > 0) throw validationFailed(issues);
  return { lines, totalFen, reductionFen, dueFen: totalFen - reductionFen, ...(r ? { reduction: r } : {}) };
};

/**
 * 缴款码: 20 digits — the division code (6), 13 digits drawn from the order, and a Luhn check digit, so a
 * mistyped code is caught before it reaches the provider.
 */
export const paymentCodeOf = (divisionCode: string, orderId: string): string => {
  // FNV-1a over the order id, widened to 13 digits; the order id is unique, collisions are checked on write.
  let h = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(orderId)) {
    h ^= BigInt(byte);
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  const body = `${divisionCode.slice(0, 6)}${String(h % 10_000_000_000_000n).padStart(13, '0')}`;
  return `${body}${luhnDigit(body)}`;
};

const luhnDigit = (digits: string) => {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
};

export const isPaymentCode = (code: string) =>
  /^\d{20}$/.test(code) && luhnDigit(code.slice(0, 19)) === code.slice(19);

export const ORDER_STATUSES = [
  'ASSESSING', // 待核定: a fee without a fixed amount waits for the reviewer
  'ISSUED', // 待缴费: the order and its payment code are out, the deadline runs
  'PAID', // 已缴费
  'WAIVED', // 免缴: exempted in full, nothing to pay
  'CLOSED_UNPAID', // 逾期未缴: the deadline passed, the case closed
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const orderStatusNames: Record<OrderStatus, string> = {
  ASSESSING: '待核定',
  ISSUED: '待缴费',
  PAID: '已缴费',
  WAIVED: '免缴',
  CLOSED_UNPAID: '逾期未缴费',
};

export const REFUND_STATUSES = ['requested', 'approved', 'refused', 'refunded'] as const;
export type RefundStatus = (typeof REFUND_STATUSES)[number];

export interface Refund {
  refundId: string;
  amountFen: Fen;
  reason: string;
  /** Staff asked and a supervisor approved; automatic refunds (a payment after the deadline) are the system's. */
  requestedBy: { sub: string; name: string };
  requestedAt: string;
  status: RefundStatus;
  decidedBy?: { sub: string; name: string };
  decidedAt?: string;
  opinion?: string;
  /** The provider's transaction refunded. */
  txnId: string;
  refundedAt?: string;
  automatic?: boolean;
}

/**
 * What may still be refunded of an order: what was paid, less what was refunded and what is asked for or
 * approved and not yet done; never below zero.
 */
export const refundableFen = (paidFen: Fen, refunds: readonly Refund[]): Fen =>
  Math.max(0, paidFen - sumFen(refunds.filter((r) => r.status !== 'refused').map((r) => r.amountFen)));

/** A refund request checked against what may still be refunded: the amount, or a 409 saying how much. */
export const checkRefund = (paidFen: Fen, refunds: readonly Refund[], amountFen: number): Fen => {
  if (!isFen(amountFen) || amountFen < 1)
    throw validationFailed([{ path: 'amountFen', message: 'an amount in fen, at least 1' }]);
  const left = refundableFen(paidFen, refunds);
  if (amountFen > left)
    throw conflict(`At most ${formatYuan(left)} yuan may still be refunded.`, [
      { path: 'amountFen', message: `at most ${left}` },
    ]);
  return amountFen;
};

/**
 * The end states of a case that leave the applicant without the result they paid for: withdrawn by the
 * applicant, denied, not accepted, closed. A paid order of a case that ends so is refunded in full,
 * automatically. A case delivered or picked up has its result, and keeps its payment.
 */
export const refundOnEnd: Readonly<Partial<Record<CaseStatus, string>>> = {
  WITHDRAWN: '自动退款：申请人撤回申请，办件终止',
  DENIED: '自动退款：不予许可，办件终止',
  NOT_ACCEPTED: '自动退款：不予受理，办件终止',
  CLOSED_UNPAID: '自动退款：办件已终止',
};

/**
 * The full refund owed when a paid case ends without its result: what was paid less what was refunded or
 * approved for refund already (requests still pending are superseded by it); zero when nothing is left.
 */
export const endRefundFen = (paidFen: Fen, refunds: readonly Refund[]): Fen =>
  Math.max(
    0,
    paidFen -
      sumFen(
        refunds.filter((r) => r.status === 'approved' || r.status === 'refunded').map((r) => r.amountFen),
      ),
  );

/** A line of the provider's daily statement (对账单): money in (a payment) or out (a refund). */
export interface StatementLine {
  kind: 'payment' | 'refund';
  /** The provider's transaction id of a payment, the refund's id of a refund: each applies once. */
  ref: string;
  txnId: string;
  orderId: string;
  amountFen: Fen;
  /** When the provider says the money moved. */
  at: string;
}

/** 台账 one entry of the append-only ledger, as the provider's callback said, on its statement day. */
export interface LedgerEntry extends StatementLine {
  /** The local date of `at`: the statement day the entry belongs to. */
  day: string;
}

export type Difference =
  | { kind: 'missing-in-ledger'; ref: string; entryKind: LedgerEntry['kind']; amountFen: Fen }
  | { kind: 'missing-in-statement'; ref: string; entryKind: LedgerEntry['kind']; amountFen: Fen }
  | {
      kind: 'amount-mismatch';
      ref: string;
      entryKind: LedgerEntry['kind'];
      ledgerFen: Fen;
      statementFen: Fen;
    }
  | { kind: 'duplicate'; ref: string; entryKind: LedgerEntry['kind']; side: 'ledger' | 'statement' };

export interface Reconciliation {
  day: string;
  ledger: { payments: number; paymentFen: Fen; refunds: number; refundFen: Fen };
  statement: { payments: number; paymentFen: Fen; refunds: number; refundFen: Fen };
  differences: Difference[];
}

const totals = (rows: ReadonlyArray<{ kind: 'payment' | 'refund'; amountFen: Fen }>) => ({
  payments: rows.filter((r) => r.kind === 'payment').length,
  paymentFen: sumFen(rows.filter((r) => r.kind === 'payment').map((r) => r.amountFen)),
  refunds: rows.filter((r) => r.kind === 'refund').length,
  refundFen: sumFen(rows.filter((r) => r.kind === 'refund').map((r) => r.amountFen)),
});

/**
 * 对账 the ledger of a day against the provider's statement of the same day: every entry matched by its
 * kind and reference, and every difference listed — on one side only, with another amount, or twice.
 */
export const reconcile = (
  day: string,
  ledger: readonly LedgerEntry[],
  statement: readonly StatementLine[],
): Reconciliation => {
  const differences: Difference[] = [];
  const index = <T extends { kind: LedgerEntry['kind']; ref: string }>(
    rows: readonly T[],
    side: 'ledger' | 'statement',
  ) => {
    const map = new Map<string, T>();
    for (const row of rows) {
      const key = `${row.kind}:${row.ref}`;
      if (map.has(key)) differences.push({ kind: 'duplicate', ref: row.ref, entryKind: row.kind, side });
      else map.set(key, row);
    }
    return map;
  };
  const ours = index(ledger, 'ledger');
  const theirs = index(statement, 'statement');
  for (const [key, entry] of ours) {
    const line = theirs.get(key);
    if (!line)
      differences.push({
        kind: 'missing-in-statement',
        ref: entry.ref,
        entryKind: entry.kind,
        amountFen: entry.amountFen,
      });
    else if (line.amountFen !== entry.amountFen)
      differences.push({
        kind: 'amount-mismatch',
        ref: entry.ref,
        entryKind: entry.kind,
        ledgerFen: entry.amountFen,
        statementFen: line.amountFen,
      });
  }
  for (const [key, line] of theirs)
    if (!ours.has(key))
      differences.push({
        kind: 'missing-in-ledger',
        ref: line.ref,
        entryKind: line.kind,
        amountFen: line.amountFen,
      });
  return { day, ledger: totals(ledger), statement: totals(statement), differences };
};

/** The end of the local day `days` calendar days after `from` (the payment deadline), as an ISO instant. */
export const paymentDeadline = (from: Date, days: number, utcOffsetHours = 8): string => {
  const local = new Date(from.getTime() + utcOffsetHours * 3600_000);
  local.setUTCDate(local.getUTCDate() + days);
  local.setUTCHours(23, 59, 59, 0);
  return new Date(local.getTime() - utcOffsetHours * 3600_000).toISOString();
};
