// 电子证照标识 e-licence identifiers as GB/T 36904 is implemented by the national platform:
// `1.2.156.3005.2.<type code>.<issuer credit code>.<serial>.<version>.<check>`, where the check character is
// ISO 7064 MOD 37,36 over the type code, issuer code, serial and 3-digit version written without dots.
import { isValidCreditCode } from '../credit-code.ts';
import { isValidMod37_36, mod37_36CheckChar } from '../iso7064.ts';

export const LICENCE_ID_PREFIX = '1.2.156.3005.2.';

export interface LicenceIdParts {
  /** 证照类型代码: the defining body's credit code and its 3-digit type number, e.g. 11100000000013338W011. */
  typeCode: string;
  /** 统一社会信用代码 of the issuing department. */
  issuerCreditCode: string;
  /** 流水号: unique per type and issuer; ours are digits, other platforms' may hold capital letters too. */
  serial: string;
  /** 版本号 1–999 (a change or renewal issues a new licence, not a new version of this one). */
  version: number;
}

const typeCodePattern = /^[0-9A-Z]{18}\d{3}$/;
const serialPattern = /^[0-9A-Z]{1,40}$/;

/** @throws RangeError when a part is malformed. */
export const formatLicenceId = (parts: LicenceIdParts): string => {
  if (!typeCodePattern.test(parts.typeCode))
    throw new RangeError(`not a licence type code: ${parts.typeCode}`);
  if (!isValidCreditCode(parts.issuerCreditCode)) throw new RangeError('the issuer credit code is not valid');
  if (!serialPattern.test(parts.serial)) throw new RangeError(`not a serial: ${parts.serial}`);
  if (!Number.isInteger(parts.version) || parts.version < 1 || parts.version > 999)
    throw new RangeError(`version must be 1–999: ${parts.version}`);
  const version = String(parts.version).padStart(3, '0');
  const body = `${parts.typeCode}${parts.issuerCreditCode}${parts.serial}${version}`;
  return `${LICENCE_ID_PREFIX}${parts.typeCode}.${parts.issuerCreditCode}.${parts.serial}.${version}.${mod37_36CheckChar(body)}`;
};

/** The parts of an identifier, or undefined when it is malformed or its check character is wrong. */
export const parseLicenceId = (text: string): LicenceIdParts | undefined => {
  if (!text.startsWith(LICENCE_ID_PREFIX) || text.length > 120) return undefined;
  const parts = text.slice(LICENCE_ID_PREFIX.length).split('.');
  if (parts.length !== 5) return undefined;
  const [typeCode = '', issuerCreditCode = '', serial = '', version = '', check = ''] = parts;
  if (!typeCodePattern.test(typeCode) || !/^[0-9A-Z]{18}$/.test(issuerCreditCode)) return undefined;
  if (!serialPattern.test(serial) || !/^\d{3}$/.test(version) || !/^[0-9A-Z]$/.test(check)) return undefined;
  if (!isValidMod37_36(`${typeCode}${issuerCreditCode}${serial}${version}${check}`)) return undefined;
  return { typeCode, issuerCreditCode, serial, version: Number(version) };
};
