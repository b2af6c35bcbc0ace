// 统一社会信用代码 unified social credit code (GB 32100-2015): 18 characters from a 31-character set —
// registration authority (登记管理部门, 1), organisation type (机构类别, 1), administrative division of the
// registering body (行政区划, 6 digits), the organisation code of GB 11714 (组织机构代码: an 8-character body
// and its own check character) and a final check character over the first 17 (weighted MOD 31).
//
// The 18th character is the check every registry applies, so it is always validated. The embedded GB 11714
// check is opt-in: it holds for codes carried over from the old organisation codes (every government organ),
// but a boundary that accepts codes typed by citizens should not reject on a rule the issuer may not apply.

/** GB 32100 character set: digits and capital letters except I, O, S, V and Z, valued 0–30 in this order. */
export const CREDIT_CODE_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

// Weight of position i is 3^i mod 31.
const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const organisationWeights = [3, 7, 9, 10, 5, 8, 4, 2];

const charValue = new Map([...CREDIT_CODE_CHARSET].map((c, i) => [c, i]));

/**
 * The 18th (check) character for the first 17 characters of a credit code.
 * @throws RangeError when `first17` is not 17 characters of the GB 32100 set.
 */
export const creditCodeCheckChar = (first17: string): string => {
  if (first17.length !== 17) throw new RangeError(`expected 17 characters, got ${first17.length}`);
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = charValue.get(first17[i]!);
    if (value === undefined)
      throw new RangeError(`position ${i + 1}: '${first17[i]}' is not in the GB 32100 set`);
    sum += value * weights[i]!;
  }
  return CREDIT_CODE_CHARSET[(31 - (sum % 31)) % 31]!;
};

/**
 * GB 11714 check character (0–9 or X) of an 8-character organisation code body; letters count 10 (A) to 35 (Z).
 * @throws RangeError when `body8` is not 8 digits or capital letters.
 */
export const organisationCodeCheckChar = (body8: string): string => {
  if (!/^[0-9A-Z]{8}$/.test(body8)) throw new RangeError('expected 8 digits or capital letters');
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const code = body8.charCodeAt(i);
    sum += (code <= 57 ? code - 48 : code - 55) * organisationWeights[i]!;
  }
  const check = 11 - (sum % 11);
  return check === 10 ? 'X' : check === 11 ? '0' : String(check);
};

/**
 * Assembles a complete code, both check characters included; meant for sample data and tests.
 * `authority` 1 = 机构编制 (government organs), 5 = 民政, 9 = 市场监管 (enterprises); `type` 1 = 机关 for authority 1.
 */
export const buildCreditCode = (parts: {
  authority: string;
  type: string;
  divisionCode: string;
  organisationBody: string;
}): string => {
  if (!/^\d{6}$/.test(parts.divisionCode)) throw new RangeError('divisionCode must be 6 digits');
  const first17 =
    parts.authority +
    parts.type +
    parts.divisionCode +
    parts.organisationBody +
    organisationCodeCheckChar(parts.organisationBody);
  return first17 + creditCodeCheckChar(first17);
};

export interface CreditCodeOptions {
  /** Also require the GB 11714 check character at position 17 (true for codes of government organs). */
  checkOrganisationCode?: boolean;
}

/** Why `code` is not a valid unified social credit code, or undefined when it is. */
export const creditCodeProblem = (code: string, options: CreditCodeOptions = {}): string | undefined => {
  if (code.length !== 18) return 'must be 18 characters';
  for (let i = 0; i < 18; i++) {
    if (!charValue.has(code[i]!))
      return `position ${i + 1}: '${code[i]}' is not allowed (digits and capital letters except I, O, S, V, Z)`;
  }
  if (!/^\d{6}$/.test(code.slice(2, 8))) return 'positions 3-8 must be the 6-digit division code';
  const expected = creditCodeCheckChar(code.slice(0, 17));
  if (code[17] !== expected) return `check character should be ${expected}`;
  if (options.checkOrganisationCode) {
    const organisation = organisationCodeCheckChar(code.slice(8, 16));
    if (code[16] !== organisation)
      return `organisation code check character (position 17) should be ${organisation}`;
  }
  return undefined;
};

export const isValidCreditCode = (code: string, options?: CreditCodeOptions) =>
  creditCodeProblem(code, options) === undefined;
