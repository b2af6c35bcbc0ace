// 统一社会信用代码 unified social credit code (GB 32100-2015): 18 characters — registration authority (1),
// organisation type (1), administrative division (6), the organisation code of GB 11714 (8 + its own check
// character) and a final check character computed over the first 17 with a weighted MOD 31.
const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const orgWeights = [3, 7, 9, 10, 5, 8, 4, 2];

export const creditCodePattern = /^[0-9A-HJ-NPQRTUWXY]{18}$/;

/** The 18th character for a 17-character prefix, or undefined if the prefix uses characters outside the set. */
export const creditCodeCheckChar = (prefix17: string): string | undefined => {
  if (prefix17.length !== 17) return undefined;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = alphabet.indexOf(prefix17[i]!);
    if (value < 0) return undefined;
    sum += value * weights[i]!;
  }
  return alphabet[(31 - (sum % 31)) % 31];
};

/** GB 11714 check character of an 8-character organisation code body (digits and capital letters). */
export const organisationCodeCheckChar = (body8: string): string | undefined => {
  if (!/^[0-9A-Z]{8}$/.test(body8)) return undefined;
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const c = body8[i]!;
    const value = c >= '0' && c <= '9' ? Number(c) : c.charCodeAt(0) - 55;
    sum += value * orgWeights[i]!;
  }
  const check = 11 - (sum % 11);
  return check === 10 ? 'X' : check === 11 ? '0' : String(check);
};

/** Why a code is not a valid unified social credit code, or undefined when it is. */
export const creditCodeProblem = (code: string): string | undefined => {
  if (code.length !== 18) return 'must be 18 characters';
  if (!creditCodePattern.test(code))
    return 'may contain only digits and capital letters other than I, O, S, V and Z';
  const expected = creditCodeCheckChar(code.slice(0, 17));
  if (code[17] !== expected) return `check character should be ${expected}`;
  return undefined;
};

export const isValidCreditCode = (code: string) => creditCodeProblem(code) === undefined;
