// The printable PDF of an electronic licence (电子证照打印件): one A4 page in Chinese with the licence's
// fields in a ruled table, the issuer's seal (公章) over the issuer and date, and a QR code (核验二维码)
// carrying the signed licence or its verification URL.
//
// Rendered in the Lambda itself with pdf-lib (pure JavaScript). The text is real text in an embedded
// subset of Noto Serif SC with a ToUnicode map, so it can be searched, copied and extracted; the same
// input always gives the same bytes, so a stored copy can be compared or cached by hash.
import { createHash } from 'node:crypto';
import { degrees, PDFDocument, type PDFPage, rgb } from 'pdf-lib';
import { licenceFonts, type ParsedFont } from './pdf-fonts.ts';
import { drawQrCode, type QrMatrix, qrMatrix } from './pdf-qr.ts';
import { drawSeal } from './pdf-seal.ts';
import { fitSize, type TextFont, textFont, wrapText } from './pdf-text.ts';

export interface LicencePdfInput {
  /** The licence's name, e.g. 公共场所卫生许可证. */
  title: string;
  /** 证照编号, e.g. 1.2.156.3005.2.11100000000013338W.11330902023217499R.0001.001.K */
  identifier: string;
  holderName: string;
  /** 公民身份号码 or 统一社会信用代码 */
  holderIdLabel: string;
  holderId: string;
  issuerName: string;
  /** YYYY-MM-DD */
  issueDate: string;
  /** YYYY-MM-DD; absent means the licence does not expire (长期). */
  validUntil?: string;
  /** The licence's own data fields, in print order. */
  fields: Array<{ label: string; value: string }>;
  /** What the QR code carries: a compact JWS or a URL, up to ~2,300 bytes. */
  qrPayload: string;
  /** Printed under the QR code. */
  verifyUrl?: string;
  /** Printed (and laid over the page as a watermark) only when the licence is no longer valid, e.g. 已撤销. */
  status?: string;
}

const mm = (millimetres: number) => (millimetres * 72) / 25.4;
const pageWidth = mm(210);
const pageHeight = mm(297);

const ink = rgb(0.1, 0.1, 0.1);
const muted = rgb(0.38, 0.38, 0.38);
const frame = rgb(0.6, 0.45, 0.2);
const rule = rgb(0.55, 0.5, 0.42);
const labelShade = rgb(0.97, 0.95, 0.9);
const red = rgb(0.84, 0.1, 0.12);

/** Where things go, in points from the bottom-left corner. */
const layout = {
  tableLeft: mm(22),
  tableRight: pageWidth - mm(22),
  labelColumn: mm(40),
  /** The table must end above the seal and the QR code. */
  tableFloor: mm(84),
  qr: { x: mm(22), y: mm(30), side: mm(46) },
  signatureRight: pageWidth - mm(30),
  seal: { x: pageWidth - mm(57), y: mm(56), radius: mm(21) },
  bodySizes: [11.5, 11, 10.5, 10, 9.5, 9, 8.5, 8],
};

const controlCharacters = /[^\P{Cc}\n]/gu;
/** Control characters have no glyph; a newline is kept as a line break. */
export const clean = (text: string) => text.replace(controlCharacters, ' ').trim();

/** 2024-03-05 → 2024年3月5日, the way dates are printed on licences. */
export const chineseDate = (value: string, name: string) => {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const date = new Date(`${value}T00:00:00Z`);
  if (!match || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value)
    throw new TypeError(`${name} must be a date as YYYY-MM-DD, not ${JSON.stringify(value)}`);
  return `${match[1]}年${Number(match[2])}月${Number(match[3])}日`;
};

/** A subset font is named with six capital letters and a plus (PDF 32000 §9.6.4); derived from the input so
 * the output is reproducible. */
const subsetTag = (input: LicencePdfInput) =>
  Array.from(createHash('sha256').update(JSON.stringify(input)).digest().subarray(0, 6), (byte) =>
    String.fromCharCode(65 + (byte % 26)),
  ).join('');

interface Fonts {
  regular: TextFont;
  bold: TextFont;
}

/**
 * A character the font cannot draw would print as an empty box: on a licence that is a wrong name or
 * number, so it fails here, naming the field, rather than silently (rare characters, 生僻字, outside the
 * font's GB 18030 coverage are the case to expect).
 */
export const assertPrintable = (input: LicencePdfInput, font: ParsedFont) => {
  const texts: Array<[string, string | undefined]> = [
    ['title', input.title],
    ['identifier', input.identifier],
    ['holderName', input.holderName],
    ['holderIdLabel', input.holderIdLabel],
    ['holderId', input.holderId],
    ['issuerName', input.issuerName],
    ['verifyUrl', input.verifyUrl],
    ['status', input.status],
    ...input.fields.flatMap(
      (field, i): Array<[string, string]> => [
        [`fields.${i}.label`, field.label],
        [`fields.${i}.value`, field.value],
      ],
    ),
  ];
  for (const [name, text] of texts) {
    const missing = Array.from(clean(text ?? '')).filter(
      (character) => character !== '\n' && !font.hasGlyphForCodePoint(character.codePointAt(0)!),
    );
    if (missing.length > 0) {
      const listed = missing.map((c) => `${c} (U+${c.codePointAt(0)!.toString(16).toUpperCase()})`);
      throw new Error(`${name} has characters the licence font cannot print: ${listed.join(', ')}`);
    }
  }
};

/** Em box of a CJK glyph is 0.88 em above the baseline and 0.12 em below: centre text in its line box. */
const baselineIn = (lineTop: number, lineHeight: number, size: number) =>
  lineTop - (lineHeight - size) / 2 - size * 0.88;

const drawCentred = (page: PDFPage, text: string, y: number, font: TextFont, size: number, color = ink) =>
  page.drawText(text, { x: (pageWidth - font.width(text, size)) / 2, y, size, font: font.pdf, color });

const drawFrame = (page: PDFPage) => {
  // A heavy outer rule and a fine inner one, as printed certificates are framed.
  for (const [inset, borderWidth] of [
    [mm(10), 1.8],
    [mm(12), 0.6],
  ] as const) {
    page.drawRectangle({
      x: inset,
      y: inset,
      width: pageWidth - 2 * inset,
      height: pageHeight - 2 * inset,
      borderColor: frame,
      borderWidth,
    });
  }
};

/** Draws the heading and returns where the table may start. */
const drawHeading = (page: PDFPage, input: LicencePdfInput, fonts: Fonts) => {
  const title = clean(input.title);
  const titleSize = fitSize(title, fonts.bold, 26, mm(150));
  drawCentred(page, title, pageHeight - mm(38), fonts.bold, titleSize);
  page.drawLine({
    start: { x: pageWidth / 2 - mm(45), y: pageHeight - mm(42.5) },
    end: { x: pageWidth / 2 + mm(45), y: pageHeight - mm(42.5) },
    thickness: 0.6,
    color: frame,
  });
  let y = pageHeight - mm(49);
  for (const line of wrapText(`证照编号：${clean(input.identifier)}`, fonts.regular, 9.5, mm(160))) {
    drawCentred(page, line, y, fonts.regular, 9.5, muted);
    y -= mm(4.5);
  }
  if (input.status) {
    drawCentred(page, `证照状态：${clean(input.status)}`, y - mm(1.5), fonts.bold, 11, red);
    y -= mm(7);
  }
  return y - mm(4);
};

interface Row {
  label: string[];
  value: string[];
  height: number;
}

const tableRows = (rows: Array<{ label: string; value: string }>, fonts: Fonts, size: number) => {
  const padding = size * 0.75;
  const lineHeight = size * 1.55;
  const valueWidth = layout.tableRight - layout.tableLeft - layout.labelColumn - 2 * padding;
  return rows.map((row): Row => {
    const label = wrapText(row.label, fonts.bold, size, layout.labelColumn - 2 * padding);
    const value = wrapText(row.value, fonts.regular, size, valueWidth);
    return { label, value, height: Math.max(label.length, value.length) * lineHeight + 2 * padding };
  });
};

/** The face's rows: holder, the licence's own fields, validity. */
export const faceRows = (input: LicencePdfInput, validUntil: string) =>
  [
    { label: '持证主体', value: input.holderName },
    { label: input.holderIdLabel, value: input.holderId },
    ...input.fields,
    { label: '有效期至', value: validUntil },
  ].map((entry) => ({ label: clean(entry.label), value: clean(entry.value) || '—' }));

/** The largest of `sizes` at which rows of `heightAt` fit `available`; throws when none does. */
export const largestFitting = (
  sizes: readonly number[],
  available: number,
  heightAt: (size: number) => number,
  fields: number,
) => {
  const size = sizes.find((candidate) => heightAt(candidate) <= available);
  if (size === undefined) throw new Error(`The licence's ${fields} fields do not fit on one A4 page`);
  return size;
};

const drawTable = (page: PDFPage, top: number, input: LicencePdfInput, validUntil: string, fonts: Fonts) => {
  const entries = faceRows(input, validUntil);
  // The largest body size at which every row fits above the seal and the QR code.
  const size = largestFitting(
    layout.bodySizes,
    top - layout.tableFloor,
    (candidate) => tableRows(entries, fonts, candidate).reduce((sum, row) => sum + row.height, 0),
    input.fields.length,
  );

  const rows = tableRows(entries, fonts, size);
  const lineHeight = size * 1.55;
  const width = layout.tableRight - layout.tableLeft;
  const padding = size * 0.75;
  let y = top;
  for (const row of rows) {
    const bottom = y - row.height;
    page.drawRectangle({
      x: layout.tableLeft,
      y: bottom,
      width: layout.labelColumn,
      height: row.height,
      color: labelShade,
    });
    const drawLines = (lines: string[], x: number, font: TextFont) => {
      const blockTop = y - (row.height - lines.length * lineHeight) / 2;
      lines.forEach((line, index) => {
        const baseline = baselineIn(blockTop - index * lineHeight, lineHeight, size);
        page.drawText(line, { x, y: baseline, size, font: font.pdf, color: ink });
      });
    };
    drawLines(row.label, layout.tableLeft + padding, fonts.bold);
    drawLines(row.value, layout.tableLeft + layout.labelColumn + padding, fonts.regular);
    page.drawLine({
      start: { x: layout.tableLeft, y: bottom },
      end: { x: layout.tableRight, y: bottom },
      thickness: 0.4,
      color: rule,
    });
    y = bottom;
  }
  page.drawLine({
    start: { x: layout.tableLeft + layout.labelColumn, y: top },
    end: { x: layout.tableLeft + layout.labelColumn, y },
    thickness: 0.4,
    color: rule,
  });
  page.drawRectangle({ x: layout.tableLeft, y, width, height: top - y, borderColor: rule, borderWidth: 0.9 });
};

const drawVerification = (page: PDFPage, input: LicencePdfInput, matrix: QrMatrix, fonts: Fonts) => {
  const { qr } = layout;
  drawQrCode(page, matrix, qr);
  page.drawText('扫描二维码核验证照', {
    x: qr.x + mm(4),
    y: qr.y - mm(3.5),
    size: 8,
    font: fonts.regular.pdf,
    color: ink,
  });
  if (!input.verifyUrl) return;
  const lines = wrapText(clean(input.verifyUrl), fonts.regular, 6.5, mm(62));
  lines.slice(0, 3).forEach((line, index) => {
    page.drawText(line, {
      x: qr.x + mm(4),
      y: qr.y - mm(7) - index * mm(2.8),
      size: 6.5,
      font: fonts.regular.pdf,
      color: muted,
    });
  });
};

const drawSignature = (
  page: PDFPage,
  input: LicencePdfInput,
  issued: string,
  fonts: Fonts,
  outlines: ParsedFont,
) => {
  const lines = [`发证机关：${clean(input.issuerName)}`, `发证日期：${issued}`];
  const size = Math.min(...lines.map((line) => fitSize(line, fonts.regular, 12, mm(100))));
  lines.forEach((line, index) => {
    const x = layout.signatureRight - fonts.regular.width(line, size);
    page.drawText(line, { x, y: mm(58) - index * mm(8), size, font: fonts.regular.pdf, color: ink });
  });
  drawSeal(page, { ...layout.seal, text: clean(input.issuerName), font: outlines, color: red });
};

const drawWatermark = (page: PDFPage, status: string, fonts: Fonts) => {
  const size = fitSize(status, fonts.bold, 120, mm(150));
  const width = fonts.bold.width(status, size);
  const angle = (30 * Math.PI) / 180;
  // Rotation is about the text's origin: step back half the text along the slope to centre it on the page.
  page.drawText(status, {
    x: pageWidth / 2 - (width / 2) * Math.cos(angle) + size * 0.38 * Math.sin(angle),
    y: pageHeight / 2 - (width / 2) * Math.sin(angle) - size * 0.38 * Math.cos(angle),
    size,
    font: fonts.bold.pdf,
    color: red,
    opacity: 0.16,
    rotate: degrees(30),
  });
};

/** Renders the licence as a one-page A4 PDF. Throws QrPayloadTooLargeError when the payload cannot fit. */
export const renderLicencePdf = async (input: LicencePdfInput): Promise<Uint8Array> => {
  const issued = chineseDate(input.issueDate, 'issueDate');
  const validUntil = input.validUntil ? chineseDate(input.validUntil, 'validUntil') : '长期';
  // An oversized payload or an unprintable character fails before any drawing.
  const matrix = qrMatrix(input.qrPayload);
  const files = licenceFonts();
  assertPrintable(input, files.parsed(files.regular));

  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.registerFontkit(files.fontkit);
  const tag = subsetTag(input);
  const embed = async (bytes: Uint8Array, name: string) =>
    textFont(await doc.embedFont(bytes, { subset: true, customName: `${tag}+${name}` }), files.parsed(bytes));
  const fonts: Fonts = {
    regular: await embed(files.regular, 'NotoSerifSC-Regular'),
    bold: await embed(files.bold, 'NotoSerifSC-Bold'),
  };
  doc.setTitle(clean(input.title), { showInWindowTitleBar: true });
  doc.setSubject(clean(input.identifier));
  doc.setAuthor(clean(input.issuerName));
  doc.setLanguage('zh-CN');
  doc.setCreator('tongban');
  doc.setProducer('tongban');

  const page = doc.addPage([pageWidth, pageHeight]);
  drawFrame(page);
  const tableTop = drawHeading(page, input, fonts);
  drawTable(page, tableTop, input, validUntil, fonts);
  drawVerification(page, input, matrix, fonts);
  drawSignature(page, input, issued, fonts, files.parsed(files.bold));
  if (input.status) drawWatermark(page, clean(input.status), fonts);
  drawCentred(page, '本证照为电子证照打印件，可扫描二维码核验真伪。', mm(15), fonts.regular, 7.5, muted);
  return doc.save();
};
