// 统一社会信用代码 check characters, as GB 32100 computes them.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadAllJurisdictions } from '../../infra/jurisdictions/index.ts';
import { creditCodeCheckChar, creditCodeProblem, isValidCreditCode } from '../../shared/credit-code.ts';

const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const codeChar = fc.integer({ min: 0, max: alphabet.length - 1 }).map((i) => alphabet[i]!);
const prefix = fc.array(codeChar, { minLength: 17, maxLength: 17 }).map((chars) => chars.join(''));

describe('unified social credit code', () => {
  it('accepts a published example and every department code we ship', () => {
    expect(isValidCreditCode('91350100M000100Y43')).toBe(true);
    for (const j of loadAllJurisdictions())
      for (const d of j.departments) expect(isValidCreditCode(d.creditCode)).toBe(true);
  });

  it('names the problem of a bad code', () => {
    expect(creditCodeProblem('91350100M000100Y4')).toBe('must be 18 characters');
    expect(creditCodeProblem('91350100M000100Y4I')).toContain('capital letters');
    expect(creditCodeProblem('91350100M000100Y44')).toBe('check character should be 3');
  });

  it('detects any single changed character', () => {
    fc.assert(
      fc.property(prefix, fc.integer({ min: 0, max: 16 }), codeChar, (p, at, replacement) => {
        const code = p + creditCodeCheckChar(p)!;
        fc.pre(code[at] !== replacement);
        return !isValidCreditCode(code.slice(0, at) + replacement + code.slice(at + 1));
      }),
    );
  });
});
