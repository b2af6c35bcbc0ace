// 票据查验 of an OFD receipt, as anyone who was handed the file checks it: the electronic seal's checks (every
// file's SM3 check value, the SM2 signature, the seal's validity at signing, the signer's certificate chain
// to the jurisdiction's trusted roots), each on its own, and what only the platform knows — whether the
// receipt is on record for its order and whether the payment was refunded since, in full or in part.
import { readOfdCustomData } from '../../shared/licences/ofd.ts';
import { formatYuan } from '../../shared/payments.ts';
import {
  fail,
  OFD_CHECKS,
  type OfdCheckName,
  type OfdCheckResult,
  type OfdSealReport,
  pass,
  sealDetails,
} from '../licences/verify-ofd.ts';
import {
  RECEIPT_KIND,
  type ReceiptStanding,
  receiptMetadataNames,
  receiptStanding,
} from './receipt-status.ts';

/** A receipt has the licence's checks but for expiry: it states no period of validity. */
export type ReceiptOfdCheck = Exclude<OfdCheckName, 'expiry'>;
export const RECEIPT_OFD_CHECKS = OFD_CHECKS.filter((c): c is ReceiptOfdCheck => c !== 'expiry');

export interface ReceiptOrder {
  paidFen: number;
  refundedFen: number;
  receipt?: { receiptNumber: string };
}

export interface ReceiptOfdVerificationDeps {
  checkSeal: (ofd: Uint8Array) => Promise<OfdSealReport>;
  readOrder: (caseNumber: string) => Promise<ReceiptOrder | undefined>;
}

/** Whether an OFD file says it is a payment receipt (its custom data names the kind). */
export const isReceiptOfd = (ofd: Uint8Array) =>
  readOfdCustomData(ofd)?.[receiptMetadataNames.kind] === RECEIPT_KIND;

const standingText: Record<ReceiptStanding, string> = {
  valid: '有效 Paid, nothing refunded',
  'partly-refunded': '部分退款 Partly refunded',
  refunded: '已退款 Refunded in full',
};

export const createReceiptOfdVerification = (deps: ReceiptOfdVerificationDeps) => {
  const n = receiptMetadataNames;

  const statusCheck = async (
    data: Record<string, string>,
  ): Promise<{ check: OfdCheckResult; standing?: ReceiptStanding; refundedFen?: number }> => {
    const caseNumber = data[n.caseNumber];
    const number = data[n.number];
    if (!caseNumber || !number) return { check: fail('The file names no receipt number or case') };
    const order = await deps.readOrder(caseNumber);
    if (order?.receipt?.receiptNumber !== number)
      return { check: fail(`No receipt ${number} is on record here`) };
    const standing = receiptStanding(order);
    const text =
      standing === 'partly-refunded'
        ? `${standingText[standing]}: ${formatYuan(order.refundedFen)} of ${formatYuan(order.paidFen)} yuan`
        : standingText[standing];
    return {
      check: standing === 'refunded' ? fail(text) : pass(text),
      standing,
      refundedFen: order.refundedFen,
    };
  };

  /** Every check of the receipt file, each on its own; `valid` only when all pass. */
  const verify = async (ofd: Uint8Array) => {
    const report = await deps.checkSeal(ofd);
    const data = report.package.ok ? readOfdCustomData(ofd) : undefined;
    const sealed = sealDetails(report);
    const status = data ? await statusCheck(data) : { check: fail('Not checked: not an OFD package') };
    const details: Record<ReceiptOfdCheck, OfdCheckResult> = { ...sealed.details, status: status.check };
    const checks = Object.fromEntries(RECEIPT_OFD_CHECKS.map((c) => [c, details[c].ok])) as Record<
      ReceiptOfdCheck,
      boolean
    >;
    return {
      valid: RECEIPT_OFD_CHECKS.every((c) => checks[c]),
      checks,
      details,
      problems: RECEIPT_OFD_CHECKS.filter((c) => !checks[c]).map((c) => ({
        check: c,
        reason: details[c].message,
      })),
      files: sealed.files,
      ...(sealed.signature ? { signature: sealed.signature } : {}),
      ...(data
        ? {
            receipt: {
              number: data[n.number] ?? null,
              paymentCode: data[n.paymentCode] ?? null,
              orderId: data[n.orderId] ?? null,
              caseNumber: data[n.caseNumber] ?? null,
              payer: data[n.payer] ?? null,
              collector: { name: data[n.collector] ?? null, creditCode: data[n.collectorCode] ?? null },
              item: data[n.item] ?? null,
              amountYuan: data[n.amount] ?? null,
              paidOn: data[n.paidOn] ?? null,
              status: status.standing ?? null,
              refundedYuan: status.refundedFen === undefined ? null : formatYuan(status.refundedFen),
            },
          }
        : {}),
    };
  };

  return { verify };
};
