// ISO/IEC 7064 MOD 37,36 (GB/T 17710): the hybrid check character system over the 36 characters 0-9A-Z,
// one check character from the same set. It is the check of the e-licence identifier (电子证照标识,
// GB/T 36904) and of our case numbers (办件编号). Unlike a pure MOD 37-2 check it needs no 37th character
// (`*`), at a price: of the errors the standard names it catches every single substitution but only "all or
// nearly all" transpositions. The exception is exact — a swap of two adjacent characters goes unnoticed when
// their running sums (P + a) mod 36 are 18 and 19: 72 of the 45,360 (state, pair) combinations, 1 in 630,
// e.g. IJ and JI at the start of a string.

/** The application and check character set, valued 0–35 in this order. */
export const MOD37_36_CHARSET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

const M = 36;

/** Value of the character at `index` (0–35), or -1 when it is outside 0-9A-Z (lower case included). */
const valueAt = (text: string, index: number) => {
  const code = text.charCodeAt(index);
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 65 && code <= 90) return code - 55;
  return -1;
};

/**
 * Runs the hybrid recurrence over `text` and returns the last intermediate sum (1…36, before doubling) and
 * the product carried into the next position. A string ending in its check character leaves a sum of 1.
 */
const run = (text: string): { sum: number; product: number } => {
  let product = M;
  let sum = M;
  for (let i = 0; i < text.length; i++) {
    const value = valueAt(text, i);
    if (value < 0) throw new RangeError(`position ${i + 1}: '${text[i]}' is not one of 0-9A-Z`);
    // (P + a) mod M, with 0 read as M so the product below never collapses to 0.
    sum = (product + value) % M || M;
    product = (sum * 2) % (M + 1);
  }
  return { sum, product };
};

/**
 * The check character of `body` (digits and capital letters).
 * @throws RangeError on an empty body or any other character, lower-case letters included.
 */
export const mod37_36CheckChar = (body: string): string => {
  if (body.length === 0) throw new RangeError('nothing to compute a check character for');
  const { product } = run(body);
  return MOD37_36_CHARSET[(M + 1 - product) % M]!;
};

/** Whether `withCheck` (body followed by its check character) satisfies MOD 37,36; false for bad characters. */
export const isValidMod37_36 = (withCheck: string): boolean => {
  if (withCheck.length < 2) return false;
  for (let i = 0; i < withCheck.length; i++) if (valueAt(withCheck, i) < 0) return false;
  return run(withCheck).sum === 1;
};
