// 公民身份号码 the citizen identity number (GB 11643-1999): a 6-digit address code (the household's
// administrative division, GB/T 2260, when the number was given), the 8-digit date of birth, a 3-digit
// sequence (odd for men, even for women) and a check character by ISO 7064 MOD 11-2 (10 written X).
//
// The address code is checked down to the province: numbers keep the code of the place where they were given,
// and divisions are renamed and merged over the years, so an abolished county's code is still a valid number;
// the province codes have stood since 1997 (Chongqing the last). A bare province or the all-zero code is no
// address. The birth date must be a real date, not in the future and not before 1800.
import * as z from 'zod';
import { creditCodeProblem } from './credit-code.ts';

/** Province-level codes of GB/T 2260 (and 71 Taiwan, 81 Hong Kong, 82 Macao, 83 the permits' code). */
export const PROVINCE_CODES = new Set([
  '11',
  '12',
  '13',
  '14',
  '15',
  '21',
  '22',
  '23',
  '31',
  '32',
  '33',
  '34',
  '35',
  '36',
  '37',
  '41',
  '42',
  '43',
  '44',
  '45',
  '46',
  '50',
  '51',
  '52',
  '53',
  '54',
  '61',
  '62',
  '63',
  '64',
  '65',
  '71',
  '81',
  '82',
  '83',
]);

const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/** The check character (0-9 or X) of the first 17 digits, by ISO 7064 MOD 11-2. */
export const idNumberCheckChar = (first17: string): string => {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('expected 17 digits');
  const sum = weights.reduce((s, w, i) => s + w * Number(first17[i]), 0);
  const value = (12 - (sum % 11)) % 11;
  return value === 10 ? 'X' : String(value);
};

/** A problem, said in Chinese and English, as every boundary reports it. */
export interface IdProblem {
  zh: string;
  en: string;
}

/** Why `id` is not a valid citizen identity number, or undefined when it is; `today` as YYYY-MM-DD. */
export const idNumberProblem = (id: string, today: string): IdProblem | undefined => {
  if (!/^\d{17}[\dX]$/.test(id))
    return {
      zh: '应为 18 位：17 位数字加一位数字或大写 X',
      en: 'must be 17 digits and a digit or capital X',
    };
  if (!PROVINCE_CODES.has(id.slice(0, 2)))
    return {
      zh: `地址码的省级代码 ${id.slice(0, 2)} 不存在`,
      en: `no province has the code ${id.slice(0, 2)}`,
    };
  if (id.slice(2, 6) === '0000')
    return { zh: '地址码应为县级行政区划代码', en: 'the address code must be a county-level division' };
  const birth = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  const date = new Date(`${birth}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== birth)
    return { zh: `出生日期 ${birth} 不存在`, en: `the date of birth ${birth} does not exist` };
  if (birth > today)
    return { zh: `出生日期 ${birth} 晚于今天`, en: `the date of birth ${birth} is in the future` };
  if (birth < '1800-01-01')
    return { zh: `出生日期 ${birth} 过早`, en: `the date of birth ${birth} is too early` };
  if (id.slice(14, 17) === '000') return { zh: '顺序码不能为 000', en: 'the sequence number cannot be 000' };
  const check = idNumberCheckChar(id.slice(0, 17));
  if (id[17] !== check) return { zh: `校验码应为 ${check}`, en: `the check character should be ${check}` };
  return undefined;
};

/** The message a 400 carries for a bad identity number: both languages. */
export const idProblemMessage = (p: IdProblem) => `公民身份号码有误：${p.zh} (identity number: ${p.en})`;

/** 11-digit mainland mobile numbers: 1, then 3–9, then nine digits. */
export const mobileProblem = (mobile: string): IdProblem | undefined =>
  /^1[3-9]\d{9}$/.test(mobile)
    ? undefined
    : { zh: '应为 11 位手机号码，以 13–19 开头', en: 'must be an 11-digit mobile number starting 13–19' };

/** Today in China, for the birth-date check. */
const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

/** A citizen identity number, checked as GB 11643 defines it; the message says what is wrong. */
export const idNumberField = () =>
  z.string().superRefine((value, ctx) => {
    const problem = idNumberProblem(value, today());
    if (problem) ctx.addIssue({ code: 'custom', message: idProblemMessage(problem) });
  });

/** A unified social credit code with its check character (GB 32100). */
export const creditCodeField = () =>
  z.string().superRefine((value, ctx) => {
    const problem = creditCodeProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: `统一社会信用代码有误 (credit code: ${problem})` });
  });

/** A mainland mobile number. */
export const mobileField = () =>
  z.string().superRefine((value, ctx) => {
    const problem = mobileProblem(value);
    if (problem)
      ctx.addIssue({ code: 'custom', message: `手机号码有误：${problem.zh} (mobile: ${problem.en})` });
  });

/** The same checks as JSON Schema formats, for the forms items publish (`format: "cn-id-number"` …). */
export const identifierFormats = {
  'cn-id-number': (value: string) => idNumberProblem(value, today()) === undefined,
  'cn-credit-code': (value: string) => creditCodeProblem(value) === undefined,
  'cn-mobile': (value: string) => mobileProblem(value) === undefined,
};
