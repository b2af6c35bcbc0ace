// 电子证照 the licence as the platform keeps it: catalogue record (holder, issuer, dates, data fields), status
// with its GB/T codes, the link to the licence it replaced, and the status-list position verifiers check.
// Status changes follow one table; revoked, cancelled and penalty-revoked licences never become valid again.
import { conflict } from '../errors.ts';
import type { SealedValue } from '../sealed.ts';

export const LICENCE_STATUSES = [
  'valid',
  'suspended',
  'revoked',
  'cancelled',
  'expired',
  'revoked-penalty',
] as const;
export type LicenceStatus = (typeof LICENCE_STATUSES)[number];

/** 证照状态代码 as the catalogue standard numbers them. */
export const licenceStatusCodes: Record<LicenceStatus, string> = {
  valid: '01',
  suspended: '02',
  revoked: '03',
  cancelled: '04',
  expired: '05',
  'revoked-penalty': '07',
};
export const licenceStatusNames: Record<LicenceStatus, string> = {
  valid: '有效',
  suspended: '暂扣',
  revoked: '撤销',
  cancelled: '注销',
  expired: '过期',
  'revoked-penalty': '吊销',
};

/** Which changes an issuing department may make: suspension is reversible, the rest are final. */
const allowedFrom: Record<LicenceStatus, readonly LicenceStatus[]> = {
  valid: ['suspended'],
  suspended: ['valid'],
  revoked: ['valid', 'suspended'],
  cancelled: ['valid', 'suspended'],
  'revoked-penalty': ['valid', 'suspended'],
  expired: [],
};

export const assertStatusChange = (from: LicenceStatus, to: LicenceStatus) => {
  if (!allowedFrom[to].includes(from))
    throw conflict(`The licence is ${from} (${licenceStatusNames[from]}): it cannot become ${to}.`, [
      { path: 'status', message: from },
    ]);
};

/** Bits verifiers read: the revocation list covers every final status, the suspension list 暂扣. */
export const statusBits = (status: LicenceStatus) => ({
  revocation: status === 'revoked' || status === 'cancelled' || status === 'revoked-penalty',
  suspension: status === 'suspended',
});

export interface LicenceHolder {
  type: 'person' | 'enterprise';
  name: string;
  /** 公民身份号码 or 统一社会信用代码. */
  idType: '公民身份号码' | '统一社会信用代码';
  /** As stored: a person's number masked (its sealed value beside it); a credit code as it is. */
  idNumber: string;
  /** A person's ID number sealed for this licence's row (functions/licences/holders.ts). */
  sealed?: SealedValue;
  /** The keyed blind index of the holder's ID number or credit code: how a holder's licences are found. */
  idIndex?: string;
}

export interface LicenceRecord {
  id: string;
  name: string;
  typeCode: string;
  holder: LicenceHolder;
  issuer: { department: string; name: string; creditCode: string };
  jurisdiction: { id: string; divisionCode: string; name: string };
  issueDate: string;
  validFrom: string;
  /** Last day of validity; absent = 长期. */
  validUntil?: string;
  fields: Array<{ key: string; label: string; value: string }>;
  status: LicenceStatus;
  caseNumber: string;
  itemCode: string;
  /** The licence this one renews or changes (延续 / 变更). */
  previous?: string;
  statusListIndex: number;
  kid: string;
  rev: number;
  historyLength: number;
}

/** The expiry date of a licence issued on `issueDate`, valid for whole years (the day before the anniversary). */
export const expiryOf = (issueDate: string, years: number | undefined): string | undefined => {
  if (!years) return undefined;
  const [y, m, d] = issueDate.split('-').map(Number) as [number, number, number];
  const end = new Date(Date.UTC(y + years, m - 1, d) - 86_400_000);
  return end.toISOString().slice(0, 10);
};

/** The status as of `today`: a valid licence past its last day is expired. */
export const effectiveStatus = (
  record: Pick<LicenceRecord, 'status' | 'validUntil'>,
  today: string,
): LicenceStatus =>
  record.status === 'valid' && record.validUntil !== undefined && record.validUntil < today
    ? 'expired'
    : record.status;
