// 统一支付 domain: fen arithmetic, assessment with reductions and exemptions, payment codes, refunds and the
// reconciliation of the ledger against the provider's statement.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../shared/errors.ts';
import {
  assess,
  checkRefund,
  type FeeItem,
  fen,
  formatYuan,
  isPaymentCode,
  type LedgerEntry,
  parseYuan,
  paymentCodeOf,
  paymentDeadline,
  percentOfFen,
  type Refund,
  reconcile,
  refundableFen,
  sumFen,
} from '../../shared/payments.ts';

const idCardFee: FeeItem = {
  name: '工本费',
  standard: '20元/证',
  basis: '收费通知',
  reducible: true,
  amountFen: 2000,
};
const dogFee: FeeItem = { name: '犬类管理服务费', standard: '首年300元', basis: '物价核定', reducible: true };
const postFee: FeeItem = {
  name: '邮寄费',
  standard: '12元',
  basis: '协议',
  reducible: false,
  amountFen: 1200,
};

const fieldsOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error.details.map((d) => d.path);
    throw error;
  }
  throw new Error('no error');
};

describe('fen', () => {
  it('refuses fractions, negatives and unsafe numbers', () => {
    expect(fen(0)).toBe(0);
    expect(() => fen(0.1)).toThrow(RangeError);
    expect(() => fen(-1)).toThrow(RangeError);
    expect(() => fen(2 ** 53)).toThrow(RangeError);
    expect(() => sumFen([1, 2.5])).toThrow(RangeError);
  });

  it('reads and writes yuan exactly, where floating point would not', () => {
    expect(parseYuan('20')).toBe(2000);
    expect(parseYuan('0.1')).toBe(10);
    expect(parseYuan('19.99')).toBe(1999);
    expect(parseYuan('1.005')).toBeUndefined();
    expect(parseYuan('-1')).toBeUndefined();
    expect(formatYuan(1999)).toBe('19.99');
    expect(formatYuan(5)).toBe('0.05');
    // 0.1 + 0.2 in yuan is not 0.3 in floating point; in fen it is.
    expect(sumFen([parseYuan('0.1')!, parseYuan('0.2')!])).toBe(parseYuan('0.3'));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999_999_999 }), (n) => parseYuan(formatYuan(n)) === n),
    );
  });

  it('rounds a rate up to the fen, in the applicant’s favour', () => {
    expect(percentOfFen(2001, 50)).toBe(1001);
    expect(percentOfFen(2000, 50)).toBe(1000);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e9 }), fc.integer({ min: 0, max: 100 }), (a, p) => {
        const r = percentOfFen(a, p);
        return r >= (a * p) / 100 && r - (a * p) / 100 < 1 && r <= a;
      }),
    );
  });
});

describe('assess', () => {
  it('takes fixed amounts as they are', () => {
    const a = assess([idCardFee, postFee]);
    expect(a).toMatchObject({ totalFen: 3200, reductionFen: 0, dueFen: 3200 });
  });

  it('needs the reviewer for a fee without a fixed amount, and only for it', () => {
    expect(fieldsOf(() => assess([dogFee]))).toEqual(['amounts']);
    expect(assess([dogFee], { amounts: [{ line: 0, amountFen: 30000 }] }).dueFen).toBe(30000);
    expect(fieldsOf(() => assess([idCardFee], { amounts: [{ line: 0, amountFen: 1 }] }))).toEqual([
      'amounts.0.line',
    ]);
    expect(fieldsOf(() => assess([dogFee], { amounts: [{ line: 0, amountFen: 1.5 }] }))).toContain(
      'amounts.0.amountFen',
    );
    expect(fieldsOf(() => assess([dogFee], { amounts: [{ line: 3, amountFen: 1 }] }))).toContain(
      'amounts.0.line',
    );
  });

  it('reduces and exempts the reducible fees only, with the basis kept', () => {
    const half = assess([idCardFee, postFee], {
      reduction: { kind: 'percent', percent: 50, basis: '低保对象减半', reason: '持低保证' },
    });
    expect(half).toMatchObject({ totalFen: 3200, reductionFen: 1000, dueFen: 2200 });
    expect(half.reduction?.basis).toBe('低保对象减半');
    const exempt = assess([idCardFee], {
      reduction: { kind: 'exemption', basis: '首次申领免费', reason: '首次' },
    });
    expect(exempt.dueFen).toBe(0);
    expect(
      fieldsOf(() => assess([postFee], { reduction: { kind: 'exemption', basis: '—', reason: '—' } })),
    ).toEqual(['reduction']);
    expect(
      fieldsOf(() =>
        assess([idCardFee], { reduction: { kind: 'amount', amountFen: 2001, basis: 'b', reason: 'r' } }),
      ),
    ).toEqual(['reduction.amountFen']);
  });

  it('never owes a negative amount nor more than the total', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 1e6 }), { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 1, max: 100 }),
        (amounts, percent) => {
          const a = assess(
            amounts.map((amountFen, i) => ({ ...idCardFee, name: `f${i}`, amountFen })),
            amounts.some((x) => x > 0)
              ? { reduction: { kind: 'percent', percent, basis: 'b', reason: 'r' } }
              : {},
          );
          return a.dueFen >= 0 && a.dueFen <= a.totalFen && a.dueFen + a.reductionFen === a.totalFen;
        },
      ),
    );
  });
});

describe('payment code', () => {
  it('is 20 digits led by the division, with a check digit that catches a typo', () => {
    const code = paymentCodeOf('330902', 'C330902-20261208-000001');
    expect(code).toMatch(/^330902\d{14}$/);
    expect(isPaymentCode(code)).toBe(true);
    const typo = `${code.slice(0, 10)}${(Number(code[10]) + 1) % 10}${code.slice(11)}`;
    expect(isPaymentCode(typo)).toBe(false);
    expect(paymentCodeOf('330902', 'a')).not.toBe(paymentCodeOf('330902', 'b'));
  });
});

describe('refunds', () => {
  const refund = (amountFen: number, status: Refund['status']): Refund => ({
    refundId: `R${amountFen}${status}`,
    amountFen,
    reason: 'r',
    requestedBy: { sub: 's', name: 'n' },
    requestedAt: '2026-12-08T00:00:00Z',
    status,
    txnId: 't',
  });

  it('never gives back more than was paid, counting what is asked for', () => {
    expect(
      refundableFen(2000, [refund(500, 'refunded'), refund(300, 'requested'), refund(900, 'refused')]),
    ).toBe(1200);
    expect(checkRefund(2000, [refund(500, 'refunded')], 1500)).toBe(1500);
    expect(() => checkRefund(2000, [refund(500, 'approved')], 1501)).toThrow(/15.00/);
    expect(() => checkRefund(2000, [], 0)).toThrow(DomainError);
  });
});

describe('reconcile', () => {
  const entry = (ref: string, amountFen: number, kind: LedgerEntry['kind'] = 'payment'): LedgerEntry => ({
    kind,
    ref,
    txnId: ref,
    orderId: `O${ref}`,
    amountFen,
    at: '2026-12-08T02:00:00Z',
    day: '2026-12-08',
  });

  it('finds nothing when both sides agree, whatever the order', () => {
    const ledger = [entry('a', 100), entry('b', 200), entry('r1', 50, 'refund')];
    const r = reconcile('2026-12-08', ledger, [...ledger].reverse());
    expect(r.differences).toEqual([]);
    expect(r.ledger).toEqual({ payments: 2, paymentFen: 300, refunds: 1, refundFen: 50 });
  });

  it('lists every difference', () => {
    const r = reconcile(
      '2026-12-08',
      [entry('a', 100), entry('b', 200), entry('b', 200), entry('c', 300)],
      [entry('a', 100), entry('b', 250), entry('d', 400)],
    );
    expect(r.differences).toEqual(
      expect.arrayContaining([
        { kind: 'duplicate', ref: 'b', entryKind: 'payment', side: 'ledger' },
        { kind: 'amount-mismatch', ref: 'b', entryKind: 'payment', ledgerFen: 200, statementFen: 250 },
        { kind: 'missing-in-statement', ref: 'c', entryKind: 'payment', amountFen: 300 },
        { kind: 'missing-in-ledger', ref: 'd', entryKind: 'payment', amountFen: 400 },
      ]),
    );
    expect(r.differences).toHaveLength(4);
  });
});

describe('paymentDeadline', () => {
  it('is the end of the Beijing day, n days on', () => {
    expect(paymentDeadline(new Date('2026-12-08T10:00:00+08:00'), 15)).toBe('2026-12-23T15:59:59.000Z');
    expect(paymentDeadline(new Date('2026-12-08T23:30:00+08:00'), 1)).toBe('2026-12-09T15:59:59.000Z');
  });
});
