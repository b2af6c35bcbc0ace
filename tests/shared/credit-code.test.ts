// The unified social credit code (统一社会信用代码) validator: published examples pass, every single-character
// error and every adjacent swap is caught, and characters outside the GB 32100 set are refused.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildCreditCode,
  CREDIT_CODE_CHARSET,
  creditCodeCheckChar,
  creditCodeProblem,
  isValidCreditCode,
  organisationCodeCheckChar,
} from '../../shared/credit-code.ts';

// Examples printed in public descriptions of GB 32100 (an enterprise, a central government organ).
const published = ['91350100M000100Y43', '11100000000013127D'];

const charsetChar = fc.constantFrom(...CREDIT_CODE_CHARSET);
const digit = fc.constantFrom(...'0123456789');

/** Valid codes of any shape: both check characters computed. */
const validCode = fc
  .record({
    authority: charsetChar,
    type: charsetChar,
    divisionCode: fc.array(digit, { minLength: 6, maxLength: 6 }).map((d) => d.join('')),
    organisationBody: fc.array(charsetChar, { minLength: 8, maxLength: 8 }).map((c) => c.join('')),
  })
  .map(buildCreditCode);

describe('creditCodeProblem', () => {
  it.each(published)('accepts the published example %s, organisation code included', (code) => {
    expect(creditCodeProblem(code)).toBeUndefined();
    expect(creditCodeProblem(code, { checkOrganisationCode: true })).toBeUndefined();
    expect(isValidCreditCode(code)).toBe(true);
  });

  it('names the expected check character', () => {
    expect(creditCodeProblem('91350100M000100Y44')).toBe('check character should be 3');
    expect(creditCodeProblem('11100000000013127A')).toBe('check character should be D');
  });

  it('accepts every code whose check characters were computed', () => {
    fc.assert(
      fc.property(validCode, (code) => {
        expect(creditCodeProblem(code, { checkOrganisationCode: true })).toBeUndefined();
      }),
    );
  });

  it('detects every single-character change at every position', () => {
    fc.assert(
      fc.property(validCode, fc.integer({ min: 0, max: 17 }), charsetChar, (code, position, replacement) => {
        fc.pre(code[position] !== replacement);
        const changed = code.slice(0, position) + replacement + code.slice(position + 1);
        const problem = creditCodeProblem(changed);
        expect(problem).toBeDefined();
        const inDivision = position >= 2 && position <= 7;
        if (!inDivision || /\d/.test(replacement)) expect(problem).toMatch(/^check character should be /);
      }),
      { numRuns: 2000 },
    );
  });

  it('detects every swap of two different neighbours among the first 17 characters', () => {
    fc.assert(
      fc.property(validCode, fc.integer({ min: 0, max: 15 }), (code, i) => {
        fc.pre(code[i] !== code[i + 1]);
        const swapped = code.slice(0, i) + code[i + 1] + code[i] + code.slice(i + 2);
        expect(creditCodeProblem(swapped)).toBeDefined();
      }),
      { numRuns: 1000 },
    );
  });

  it('refuses lowercase letters, even when they would spell a valid code', () => {
    expect(creditCodeProblem('91350100m000100y43')).toMatch(/^position 9: 'm' is not allowed/);
    fc.assert(
      fc.property(validCode, (code) => {
        fc.pre(/[A-Z]/.test(code));
        expect(creditCodeProblem(code.toLowerCase())).toMatch(/is not allowed/);
      }),
    );
  });

  it.each(['I', 'O', 'S', 'V', 'Z', ' ', '-', '０'])('refuses the character %j', (bad) => {
    const code = `9135010${bad}M000100Y43`;
    expect(creditCodeProblem(code)).toMatch(/^position 8: .* is not allowed/);
  });

  it.each(['', '91350100M000100Y4', ' 91350100M000100Y43'])('refuses %j for its length', (code) => {
    expect(creditCodeProblem(code)).toBe('must be 18 characters');
  });

  it('refuses letters in the division code', () => {
    expect(creditCodeProblem('913501A0M000100Y43')).toBe('positions 3-8 must be the 6-digit division code');
  });

  it('checks the embedded organisation code only when asked', () => {
    // A wrong GB 11714 check character at position 17, with the 18th recomputed so that only it is wrong.
    const first17 = '11330902023164459';
    const right = organisationCodeCheckChar('02316445');
    expect(right).not.toBe('9');
    const code = first17 + creditCodeCheckChar(first17);
    expect(creditCodeProblem(code)).toBeUndefined();
    expect(creditCodeProblem(code, { checkOrganisationCode: true })).toBe(
      `organisation code check character (position 17) should be ${right}`,
    );
  });
});

describe('check character helpers', () => {
  it.each(published)('reproduce both check characters of %s', (code) => {
    expect(creditCodeCheckChar(code.slice(0, 17))).toBe(code[17]);
    expect(organisationCodeCheckChar(code.slice(8, 16))).toBe(code[16]);
  });

  it('build the published example from its parts', () => {
    expect(
      buildCreditCode({ authority: '9', type: '1', divisionCode: '350100', organisationBody: 'M000100Y' }),
    ).toBe('91350100M000100Y43');
  });

  it('use X and 0 for the GB 11714 remainders 10 and 11', () => {
    const checks = new Set<string>();
    fc.assert(
      fc.property(fc.array(charsetChar, { minLength: 8, maxLength: 8 }), (chars) => {
        const check = organisationCodeCheckChar(chars.join(''));
        expect(check).toMatch(/^[0-9X]$/);
        checks.add(check);
      }),
      { numRuns: 2000 },
    );
    expect(checks).toContain('X');
    expect(checks).toContain('0');
  });

  it('refuse input that is not in the character set', () => {
    expect(() => creditCodeCheckChar('9135010IM000100Y4')).toThrow(RangeError);
    expect(() => creditCodeCheckChar('91350100M000100Y')).toThrow(RangeError);
    expect(() => organisationCodeCheckChar('m000100y')).toThrow(RangeError);
    expect(() =>
      buildCreditCode({ authority: '1', type: '1', divisionCode: '33090', organisationBody: '02316445' }),
    ).toThrow(RangeError);
  });
});
