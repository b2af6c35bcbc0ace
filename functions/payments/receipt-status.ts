// What a receipt's order says of it now, for the receipt checks of the payments function and of the public
// verification function (which reads the order row and nothing else of payments).
import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';

/** The custom data names a receipt file carries (read back by verification). */
export const receiptMetadataNames = {
  kind: '文档类型',
  number: '票据号码',
  paymentCode: '缴款码',
  orderId: '订单号',
  caseNumber: '办件编号',
  payer: '缴款人',
  collector: '收款单位',
  collectorCode: '收款单位代码',
  item: '事项',
  amount: '金额（元）',
  paidOn: '缴款日期',
} as const;
export const RECEIPT_KIND = '政务服务缴费电子票据';

export const orderKey = (caseNumber: string) => ({ pk: `PAYORDER#${caseNumber}`, sk: 'ORDER' });

/** The payer's name as a receipt check shows it: the family name, the rest masked. */
export const maskPayer = (name: string) => `${name.slice(0, 1)}${'*'.repeat(Math.max(1, name.length - 1))}`;

export type ReceiptStanding = 'valid' | 'partly-refunded' | 'refunded';

/** Whether the payment a receipt records still stands: refunded in full, in part, or not at all. */
export const receiptStanding = (order: { paidFen: number; refundedFen: number }): ReceiptStanding =>
  order.refundedFen >= order.paidFen ? 'refunded' : order.refundedFen > 0 ? 'partly-refunded' : 'valid';

/** The order a receipt belongs to, as the verification function reads it. */
export const readReceiptOrder = async (db: DynamoDBDocumentClient, tableName: string, caseNumber: string) =>
  (await db.send(new GetCommand({ TableName: tableName, Key: orderKey(caseNumber) }))).Item?.order as
    | { paidFen: number; refundedFen: number; receipt?: { receiptNumber: string } }
    | undefined;
