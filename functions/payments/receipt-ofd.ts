// The payment receipt (电子票据) as an OFD document (GB/T 33190), laid out like a 非税收入 receipt on a half A4
// page: title, receipt number, 缴款码 and order number, the payer (masked), the collecting department, each fee
// in yuan with the reduction and the total, the date of payment, and a QR code leading to verification. Set
// in the licences' embedded Noto Serif SC subsets; the receipt's fields travel as the document's custom data,
// which verification reads back. The seal is added by the collecting department's electronic seal (GB/T
// 38540) over the stamp box, beside the total. The same input gives the same bytes.
import { createHash } from 'node:crypto';
import { OfdPageBuilder, type Rgb, writeOfdPackage } from '../../shared/licences/ofd.ts';
import { formatYuan } from '../../shared/payments.ts';
import { drawQr, type FaceFont, ofdFaces, type StampPlace, write } from '../licences/ofd.ts';
import { chineseDate, clean } from '../licences/pdf.ts';
import { fitSize, wrapText } from '../licences/pdf-text.ts';
import { RECEIPT_KIND, receiptMetadataNames } from './receipt-status.ts';

export interface ReceiptOfdInput {
  receiptNumber: string;
  paymentCode: string;
  orderId: string;
  caseNumber: string;
  /** The payer's name as printed: masked. */
  payer: string;
  /** The collecting department's name and credit code. */
  collector: { name: string; creditCode: string };
  item: string;
  lines: ReadonlyArray<{ name: string; amountFen: number }>;
  reductionFen: number;
  reductionBasis?: string;
  amountFen: number;
  /** YYYY-MM-DD, the local date of payment. */
  paidOn: string;
  /** What the QR code holds: the address of the verification page. */
  verifyUrl: string;
}

const page = { width: 210, height: 148 };
const pt = (points: number) => (points * 25.4) / 72;
const ink: Rgb = [26, 26, 26];
const muted: Rgb = [97, 97, 97];
const frame: Rgb = [176, 48, 48];
const rule: Rgb = [140, 128, 107];
const left = 18;
const right = page.width - 18;
const stamp = { x: right - 44, y: page.height - 56, width: 40, height: 40 };
const qr = { x: left, y: page.height - 50, side: 34 };

const centred = (b: OfdPageBuilder, f: FaceFont, text: string, baseline: number, size: number, fill = ink) =>
  write(b, f, text, (page.width - f.width(text, size)) / 2, baseline, size, fill);

/** Renders the receipt as a one-page OFD package, unsigned, and says where its seal goes. */
export const renderReceiptOfd = (input: ReceiptOfdInput): { ofd: Uint8Array; stamp: StampPlace } => {
  const paidOn = chineseDate(input.paidOn, 'paidOn');
  const ids = { next: 1 };
  const faces = ofdFaces(ids);
  const { regular, bold } = faces.fonts;
  const b = new OfdPageBuilder(ids);
  b.rect([8, 8, page.width - 16, page.height - 16], { stroke: frame, lineWidth: 0.5 });

  centred(b, bold, RECEIPT_KIND, 22, pt(18));
  b.line([page.width / 2 - 40, 25.5], [page.width / 2 + 40, 25.5], frame, 0.21);
  const size = pt(9.5);
  const heads = [
    `票据号码：${clean(input.receiptNumber)}`,
    `缴款码：${clean(input.paymentCode)}`,
    `订单号：${clean(input.orderId)}`,
  ];
  heads.forEach((text, i) => {
    write(b, regular, text, left + i * 60, 33, pt(8.5), muted);
  });

  // The table: payer, collector, item, then each fee with its amount, the reduction and the total.
  const rows: Array<[string, string]> = [
    ['缴款人', clean(input.payer)],
    ['收款单位', clean(input.collector.name)],
    ['事项', clean(input.item)],
    ...input.lines.map((l): [string, string] => [clean(l.name), `${formatYuan(l.amountFen)} 元`]),
    ...(input.reductionFen > 0
      ? [
          [
            `减免${input.reductionBasis ? `（${clean(input.reductionBasis)}）` : ''}`,
            `-${formatYuan(input.reductionFen)} 元`,
          ] as [string, string],
        ]
      : []),
    ['合计', `${formatYuan(input.amountFen)} 元`],
  ];
  const labelWidth = 112;
  let y = 38;
  const line = size * 1.6;
  b.line([left, y], [right, y], rule, 0.3);
  for (const [label, value] of rows) {
    const labels = wrapText(label, regular, size, labelWidth - 4).slice(0, 2);
    const valueSize = fitSize(value, bold, size, right - left - labelWidth - 4);
    const height = labels.length * line + 2;
    labels.forEach((text, i) => {
      write(b, regular, text, left + 2, y + 1 + (i + 0.8) * line, size);
    });
    write(b, bold, value, left + labelWidth, y + 1 + 0.8 * line, valueSize);
    y += height;
    b.line([left, y], [right, y], rule, 0.14);
  }

  drawQr(b, input.verifyUrl, qr);
  write(b, regular, '扫码核验票据', qr.x + 2, qr.y + qr.side + 3.5, pt(7.5), muted);
  const signLines = [`收款单位（章）：${clean(input.collector.name)}`, `缴款日期：${paidOn}`];
  const signSize = Math.min(...signLines.map((l) => fitSize(l, regular, pt(10), 100)));
  signLines.forEach((text, i) => {
    write(b, regular, text, right - regular.width(text, signSize), page.height - 26 + i * 6, signSize);
  });
  centred(b, regular, '本票据为电子票据，其电子印章可核验。', page.height - 11, pt(7), muted);
  faces.embed();

  const n = receiptMetadataNames;
  const ofd = writeOfdPackage({
    docId: createHash('sha256').update(`receipt:${input.receiptNumber}`).digest('hex').slice(0, 32),
    title: RECEIPT_KIND,
    author: clean(input.collector.name),
    subject: input.receiptNumber,
    creationDate: input.paidOn,
    creator: 'tongban',
    customData: [
      [n.kind, RECEIPT_KIND],
      [n.number, input.receiptNumber],
      [n.paymentCode, input.paymentCode],
      [n.orderId, input.orderId],
      [n.caseNumber, input.caseNumber],
      [n.payer, clean(input.payer)],
      [n.collector, clean(input.collector.name)],
      [n.collectorCode, input.collector.creditCode],
      [n.item, clean(input.item)],
      [n.amount, formatYuan(input.amountFen)],
      [n.paidOn, input.paidOn],
    ],
    pageSize: [page.width, page.height],
    fonts: faces.list,
    pages: [b],
    ids,
  });
  return { ofd, stamp: { page: 0, ...stamp } };
};
