// 办件编号 case numbers: they read back as they were made, a changed or swapped character is refused, and
// every accepted number is the one way formatCaseNumber writes it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromEpochDay, toEpochDay } from '../../../shared/calendar.ts';
import {
  CASE_NUMBER_MAX_LENGTH,
  caseNumberSchema,
  formatCaseNumber,
  parseCaseNumber,
} from '../../../shared/cases/case-number.ts';
import { isValidMod37_36 } from '../../../shared/iso7064.ts';

const parts = fc.record({
  divisionCode: fc.stringMatching(/^\d{6}$/),
  date: fc.integer({ min: toEpochDay('2000-01-01'), max: toEpochDay('2099-12-31') }).map(fromEpochDay),
  sequence: fc.oneof(
    fc.integer({ min: 1, max: 999_999 }),
    fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
  ),
});

const CHARS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-';

describe('formatCaseNumber', () => {
  it('writes division code, date, a 6-digit sequence and the MOD 37,36 check over the digits', () => {
    const number = formatCaseNumber({ divisionCode: '330902', date: '2026-12-01', sequence: 123 });
    expect(number).toBe('330902-20261201-000123-8');
    expect(isValidMod37_36('330902202612010001238')).toBe(true);
  });

  it('writes longer sequences in full', () => {
    expect(formatCaseNumber({ divisionCode: '330902', date: '2026-12-01', sequence: 1_234_567 })).toMatch(
      /^330902-20261201-1234567-[0-9A-Z]$/,
    );
  });

  it(`stays within ${CASE_NUMBER_MAX_LENGTH} characters for the largest sequence`, () => {
    const longest = formatCaseNumber({
      divisionCode: '659012',
      date: '2099-12-31',
      sequence: Number.MAX_SAFE_INTEGER,
    });
    expect(longest.length).toBeLessThanOrEqual(CASE_NUMBER_MAX_LENGTH);
    fc.assert(
      fc.property(parts, (p) => {
        expect(formatCaseNumber(p).length).toBeLessThanOrEqual(CASE_NUMBER_MAX_LENGTH);
      }),
    );
  });

  it.each([
    { divisionCode: '33090', date: '2026-12-01', sequence: 1 },
    { divisionCode: '33090A', date: '2026-12-01', sequence: 1 },
    { divisionCode: '330902', date: '2026-02-30', sequence: 1 },
    { divisionCode: '330902', date: '20261201', sequence: 1 },
    { divisionCode: '330902', date: '2026-12-01', sequence: 0 },
    { divisionCode: '330902', date: '2026-12-01', sequence: -3 },
    { divisionCode: '330902', date: '2026-12-01', sequence: 1.5 },
    { divisionCode: '330902', date: '2026-12-01', sequence: 2 ** 53 },
    { divisionCode: '330902', date: '2026-12-01', sequence: 1e40 },
  ])('refuses %j', (bad) => {
    expect(() => formatCaseNumber(bad)).toThrow(RangeError);
  });
});

describe('parseCaseNumber', () => {
  it('reads back every number formatCaseNumber writes', () => {
    fc.assert(
      fc.property(parts, (p) => {
        expect(parseCaseNumber(formatCaseNumber(p))).toEqual(p);
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses any single changed character', () => {
    fc.assert(
      fc.property(parts, fc.nat(), fc.constantFrom(...CHARS), (p, n, replacement) => {
        const number = formatCaseNumber(p);
        const i = n % number.length;
        fc.pre(number[i] !== replacement);
        expect(parseCaseNumber(number.slice(0, i) + replacement + number.slice(i + 1))).toBeUndefined();
      }),
      { numRuns: 3000 },
    );
  });

  it('refuses a wrong check character and two swapped digits', () => {
    expect(parseCaseNumber('330902-20261201-000123-8')).toEqual({
      divisionCode: '330902',
      date: '2026-12-01',
      sequence: 123,
    });
    expect(parseCaseNumber('330902-20261201-000123-9')).toBeUndefined();
    expect(parseCaseNumber('330902-20261201-000132-8')).toBeUndefined(); // two digits swapped
  });

  it.each([
    '',
    '330902-20261201-000123',
    '330902-20261201-00123-8',
    '330902-20261201-0000123-8', // extra leading zero: not the way the number is written
    '330902-20261201-000000-0',
    '330902-20260230-000123-0', // 30 February
    ' 330902-20261201-000123-8',
    '330902-20261201-000123-8 ',
    '330902 20261201 000123 8',
    '33090220261201000123-8',
  ])('refuses the malformed %j', (text) => {
    expect(parseCaseNumber(text)).toBeUndefined();
  });

  it(`refuses anything longer than ${CASE_NUMBER_MAX_LENGTH} characters, even with a valid check`, () => {
    // A 40-digit sequence whose check character is right: only the length bound stops it.
    const serial = '1'.repeat(40);
    const check = [...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'].find((c) =>
      isValidMod37_36(`33090220261201${serial}${c}`),
    );
    const text = `330902-20261201-${serial}-${check}`;
    expect(text.length).toBeGreaterThan(CASE_NUMBER_MAX_LENGTH);
    expect(parseCaseNumber(text)).toBeUndefined();
  });

  it('refuses lower case and full-width characters', () => {
    const number = formatCaseNumber({ divisionCode: '330902', date: '2026-12-02', sequence: 7 });
    const letter = [1, 2, 3, 4, 5, 6, 7, 8, 9]
      .map((s) => formatCaseNumber({ divisionCode: '330902', date: '2026-12-02', sequence: s }))
      .find((n) => /[A-Z]$/.test(n));
    expect(letter).toBeDefined();
    expect(parseCaseNumber(letter!.toLowerCase())).toBeUndefined();
    expect(parseCaseNumber(number.replace('3', '３'))).toBeUndefined();
  });
});

describe('caseNumberSchema', () => {
  it('passes a valid number through and explains a bad one in both languages', () => {
    expect(caseNumberSchema.parse('330902-20261201-000123-8')).toBe('330902-20261201-000123-8');
    const result = caseNumberSchema.safeParse('330902-20261201-000123-9');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('不是有效的办件编号 (not a valid case number)');
    expect(caseNumberSchema.safeParse(123).success).toBe(false);
  });
});
