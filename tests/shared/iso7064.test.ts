// ISO/IEC 7064 MOD 37,36 against published check characters — the standard's worked example and issued
// e-licence identifiers (GB/T 36904) — and the two error classes the standard promises to catch.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isValidMod37_36, MOD37_36_CHARSET, mod37_36CheckChar } from '../../shared/iso7064.ts';

// ISO/IEC 7064's worked example for MOD 37,36, and two more from a vendor's published function reference.
const published: [string, string][] = [
  ['A12425GABC1234002', 'M'],
  ['123AB', 'X'],
  ['DADPIDA3897722461', 'J'],
];

// E-licence identifiers as issued or printed in interface specifications: `1.2.156.3005.2.` then the licence
// type code, the issuer's credit code, the serial and the version; the check covers those four without dots.
const licenceIdentifiers = [
  '1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.002.S',
  '1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.001.U',
  '1.2.156.3005.2.11100000000013338W009.11330105002500287C.2025052201.002.0',
  '1.2.156.3005.2.11100000000013338W087.11370800MB28559184.37080001202411010001.001.3',
];

/**
 * The recurrence written out plainly: whether swapping positions i and i+1 of `text` is one the hybrid
 * system cannot see, i.e. (P + a) mod 36 and (P + b) mod 36 are 18 and 19 for the product P before them.
 */
const blindSpot = (text: string, i: number) => {
  const value = (c: string) => MOD37_36_CHARSET.indexOf(c);
  let p = 36;
  for (const c of text.slice(0, i)) p = (((p + value(c)) % 36 || 36) * 2) % 37;
  const sums = [(p + value(text[i]!)) % 36, (p + value(text[i + 1]!)) % 36].sort((x, y) => x - y);
  return sums[0] === 18 && sums[1] === 19;
};

const char = fc.constantFrom(...MOD37_36_CHARSET);
const body = fc.array(char, { minLength: 1, maxLength: 40 }).map((c) => c.join(''));
const valid = body.map((b) => b + mod37_36CheckChar(b));

describe('mod37_36CheckChar', () => {
  it.each(published)('gives the published check character of %s', (text, check) => {
    expect(mod37_36CheckChar(text)).toBe(check);
    expect(isValidMod37_36(text + check)).toBe(true);
  });

  it.each(licenceIdentifiers)('reproduces the check character of the e-licence identifier %s', (id) => {
    const parts = id.slice('1.2.156.3005.2.'.length).split('.');
    const check = parts.pop();
    expect(mod37_36CheckChar(parts.join(''))).toBe(check);
  });

  it('uses every one of the 36 characters as a check character', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(body, (b) => {
        const check = mod37_36CheckChar(b);
        expect(MOD37_36_CHARSET).toContain(check);
        seen.add(check);
      }),
      { numRuns: 3000 },
    );
    expect(seen.size).toBe(36);
  });

  it.each(['', 'a', '12a4', 'A-1', ' 1', 'Ａ', '*'])('refuses %j', (text) => {
    expect(() => mod37_36CheckChar(text)).toThrow(RangeError);
  });
});

describe('isValidMod37_36', () => {
  it('accepts every string that ends in its computed check character', () => {
    fc.assert(
      fc.property(valid, (text) => {
        expect(isValidMod37_36(text)).toBe(true);
      }),
    );
  });

  it('detects every single-character substitution, the check character included', () => {
    fc.assert(
      fc.property(valid, fc.nat(), char, (text, n, replacement) => {
        const i = n % text.length;
        fc.pre(text[i] !== replacement);
        expect(isValidMod37_36(text.slice(0, i) + replacement + text.slice(i + 1))).toBe(false);
      }),
      { numRuns: 3000 },
    );
  });

  it('detects every transposition of two different adjacent characters but the 18/19 pairs', () => {
    fc.assert(
      fc.property(valid, fc.nat(), (text, n) => {
        fc.pre(text.length >= 2);
        const i = n % (text.length - 1);
        fc.pre(text[i] !== text[i + 1]);
        const swapped = text.slice(0, i) + text[i + 1] + text[i] + text.slice(i + 2);
        expect(isValidMod37_36(swapped)).toBe(blindSpot(text, i));
      }),
      { numRuns: 5000 },
    );
  });

  it('misses exactly 72 of the 45,360 adjacent swaps, one for each state and 18/19 pair', () => {
    // The first character drives the recurrence into each of its 36 states; then every ordered pair follows.
    let missed = 0;
    let blind = 0;
    for (const first of MOD37_36_CHARSET)
      for (const a of MOD37_36_CHARSET)
        for (const b of MOD37_36_CHARSET) {
          if (a === b) continue;
          const text = first + a + b;
          const swapped = first + b + a;
          if (isValidMod37_36(swapped + mod37_36CheckChar(text))) missed++;
          if (blindSpot(text, 1)) blind++;
        }
    expect(missed).toBe(72);
    expect(blind).toBe(72);
    expect(mod37_36CheckChar('IJ')).toBe(mod37_36CheckChar('JI'));
  });

  it('says false, not throws, for lower case, other characters and strings too short to hold a check', () => {
    expect(isValidMod37_36('a12425gabc1234002m')).toBe(false);
    expect(isValidMod37_36('A12425GABC1234002M ')).toBe(false);
    expect(isValidMod37_36('A1-2425G-ABC1234-002-M')).toBe(false);
    expect(isValidMod37_36('M')).toBe(false);
    expect(isValidMod37_36('')).toBe(false);
  });
});
