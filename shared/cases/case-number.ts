// 办件编号 case numbers: `<division code>-<YYYYMMDD>-<sequence>-<check>`, e.g. 330902-20261201-000123-8.
// The division code says which jurisdiction accepted the case, the date is the local date of submission and
// the sequence counts that jurisdiction's cases of the day. Citizens read the number over the phone and type
// it into the hall's kiosk, so it ends in an ISO 7064 MOD 37,36 check character over its digits: a mistyped
// digit is refused before anything is looked up, and so is a swap of two neighbours, all but 1 in 630.
import * as z from 'zod';
import { toEpochDay } from '../dates.ts';
import { isValidMod37_36, mod37_36CheckChar } from '../iso7064.ts';

export interface CaseNumberParts {
  /** 6-digit administrative division code (行政区划代码) of the accepting jurisdiction. */
  divisionCode: string;
  /** Local date of submission, 'YYYY-MM-DD'. */
  date: string;
  /** Positive integer, unique per jurisdiction and day. */
  sequence: number;
}

/** Longest case number any store or form has to hold. */
export const CASE_NUMBER_MAX_LENGTH = 50;

// Fewer digits are zero-padded so that numbers of one day sort and line up; more are written as they are.
const SEQUENCE_MIN_DIGITS = 6;

const PATTERN = /^(\d{6})-(\d{4})(\d{2})(\d{2})-(\d{6,})-([0-9A-Z])$/;

/**
 * Formats a case number with its check character.
 * @throws RangeError when a part is malformed: not 6 digits, not a real date, a sequence that is not a
 * positive safe integer, or a result longer than CASE_NUMBER_MAX_LENGTH.
 */
export const formatCaseNumber = ({ divisionCode, date, sequence }: CaseNumberParts): string => {
  if (!/^\d{6}$/.test(divisionCode)) throw new RangeError(`divisionCode must be 6 digits: ${divisionCode}`);
  toEpochDay(date);
  // Safe integers only: beyond 2^53 `String(sequence)` is rounded or written with an exponent.
  if (!Number.isSafeInteger(sequence) || sequence < 1)
    throw new RangeError(`sequence must be a positive integer: ${sequence}`);
  const ymd = date.slice(0, 4) + date.slice(5, 7) + date.slice(8, 10);
  const serial = String(sequence).padStart(SEQUENCE_MIN_DIGITS, '0');
  const text = `${divisionCode}-${ymd}-${serial}-${mod37_36CheckChar(divisionCode + ymd + serial)}`;
  if (text.length > CASE_NUMBER_MAX_LENGTH)
    throw new RangeError(`case number longer than ${CASE_NUMBER_MAX_LENGTH} characters: ${text}`);
  return text;
};

/**
 * The parts of a case number, or undefined when it is malformed, names a date that does not exist, has a
 * wrong check character, or is not written the one way formatCaseNumber writes it (so that every case has
 * exactly one number: no extra leading zeros, no lower case, no spaces).
 */
export const parseCaseNumber = (text: string): CaseNumberParts | undefined => {
  if (text.length > CASE_NUMBER_MAX_LENGTH) return undefined;
  const match = PATTERN.exec(text);
  if (!match) return undefined;
  const [, divisionCode = '', y = '', m = '', d = '', serial = '', check = ''] = match;
  if (serial.length > SEQUENCE_MIN_DIGITS && serial.startsWith('0')) return undefined;
  const sequence = Number(serial);
  if (!Number.isSafeInteger(sequence) || sequence < 1) return undefined;
  const date = `${y}-${m}-${d}`;
  try {
    toEpochDay(date);
  } catch {
    return undefined;
  }
  if (!isValidMod37_36(divisionCode + y + m + d + serial + check)) return undefined;
  return { divisionCode, date, sequence };
};

/** A case number at a boundary (path parameter, query, Step Functions payload). */
export const caseNumberSchema = z
  .string()
  .refine((text) => parseCaseNumber(text) !== undefined, '不是有效的办件编号 (not a valid case number)');
