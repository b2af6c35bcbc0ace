// The e-licence as an OFD document (GB/T 33190, laid out as GB/T 36905 asks): one A4 page with the same face
// as the printable PDF — title, identifier, the fields of the licence type in a ruled table (holder, the
// type's own fields, validity), the QR code leading to verification as vector paths, issuer and date — set
// in an embedded subset of Noto Serif SC, and the GB/T 36903 metadata as the document's custom data.
//
// The seal is not drawn here: the electronic seal adds it as the stamp annotation of its signature, at the
// place `stamp` names (over the issuer and date, where the printed seal goes), so what a viewer shows as
// the seal is what was signed. The same input gives the same bytes.
import { createHash } from 'node:crypto';
import { type OfdFont, OfdPageBuilder, type Rgb, writeOfdPackage } from '../../shared/licences/ofd.ts';
import { subsetTrueType } from './ofd-font.ts';
import {
  assertPrintable,
  chineseDate,
  clean,
  faceRows,
  type LicencePdfInput,
  largestFitting,
} from './pdf.ts';
import { licenceFonts, type ParsedFont } from './pdf-fonts.ts';
import { qrMatrix } from './pdf-qr.ts';
import { fitSize, type Measure, measure, wrapText } from './pdf-text.ts';

export interface LicenceOfdInput extends LicencePdfInput {
  /** 证照类型代码: the defining body's credit code and its number. */
  typeCode: string;
  /** 发证机构代码 */
  issuerCreditCode: string;
  /** YYYY-MM-DD, the first day of validity. */
  validFrom: string;
  /** 持证主体代码类型, e.g. 统一社会信用代码. */
  holderIdType: string;
}

/** Where the seal's stamp goes: page index (0-based) and a box in millimetres from the top-left corner. */
export interface StampPlace {
  page: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface LicenceOfd {
  ofd: Uint8Array;
  stamp: StampPlace;
}

const page = { width: 210, height: 297 };
const pt = (points: number) => (points * 25.4) / 72;

const ink: Rgb = [26, 26, 26];
const muted: Rgb = [97, 97, 97];
const frame: Rgb = [153, 115, 51];
const rule: Rgb = [140, 128, 107];
const labelShade: Rgb = [247, 242, 230];

const layout = {
  tableLeft: 22,
  tableRight: page.width - 22,
  labelColumn: 40,
  tableFloor: page.height - 84,
  qr: { x: 22, y: page.height - 30 - 46, side: 46 },
  signatureRight: page.width - 30,
  // The stamp box: the seals the province issues are 40 mm across.
  seal: { cx: page.width - 57, cy: page.height - 56, radius: 20 },
  bodySizes: [11.5, 11, 10.5, 10, 9.5, 9, 8.5, 8].map(pt),
};
const quietZone = 4;

export interface FaceFont {
  ofd: OfdFont;
  width: Measure['width'];
  parsed: ParsedFont;
  /** Every text set in this font: its subset holds exactly these characters. */
  texts: string[];
}

/** Places a run of text: the advances come from the embedded font, so every viewer sets it alike. */
export const write = (
  builder: OfdPageBuilder,
  font: FaceFont,
  text: string,
  x: number,
  baseline: number,
  size: number,
  fill: Rgb = ink,
) => {
  const chars = Array.from(text);
  font.texts.push(text);
  builder.text({
    x,
    baseline,
    text,
    font: font.ofd,
    size,
    fill,
    advances: chars.slice(0, -1).map((c) => font.width(c, size)),
  });
};

const centred = (b: OfdPageBuilder, f: FaceFont, text: string, baseline: number, size: number, fill = ink) =>
  write(b, f, text, (page.width - f.width(text, size)) / 2, baseline, size, fill);

const tableRows = (rows: Array<{ label: string; value: string }>, fonts: Fonts, size: number) => {
  const padding = size * 0.75;
  const lineHeight = size * 1.55;
  const valueWidth = layout.tableRight - layout.tableLeft - layout.labelColumn - 2 * padding;
  return rows.map((row) => {
    const label = wrapText(row.label, fonts.bold, size, layout.labelColumn - 2 * padding);
    const value = wrapText(row.value, fonts.regular, size, valueWidth);
    return { label, value, height: Math.max(label.length, value.length) * lineHeight + 2 * padding };
  });
};

export interface Fonts {
  regular: FaceFont;
  bold: FaceFont;
}

const drawTable = (
  b: OfdPageBuilder,
  top: number,
  input: LicencePdfInput,
  validUntil: string,
  fonts: Fonts,
) => {
  const entries = faceRows(input, validUntil);
  const size = largestFitting(
    layout.bodySizes,
    layout.tableFloor - top,
    (candidate) => tableRows(entries, fonts, candidate).reduce((sum, row) => sum + row.height, 0),
    input.fields.length,
  );
  const rows = tableRows(entries, fonts, size);
  const lineHeight = size * 1.55;
  const width = layout.tableRight - layout.tableLeft;
  // The label column's shade first, in one piece: a row's shade drawn after the rule above it would hide it.
  const bottom = top + rows.reduce((sum, row) => sum + row.height, 0);
  b.rect([layout.tableLeft, top, layout.labelColumn, bottom - top], { fill: labelShade });
  let y = top;
  for (const row of rows) {
    const lines = (texts: string[], x: number, font: FaceFont) => {
      const blockTop = y + (row.height - texts.length * lineHeight) / 2;
      texts.forEach((text, i) => {
        // The em box sits centred in its line: 0.88 em above the baseline.
        const baseline = blockTop + i * lineHeight + (lineHeight - size) / 2 + size * 0.88;
        write(b, font, text, x, baseline, size);
      });
    };
    lines(row.label, layout.tableLeft + size * 0.75, fonts.bold);
    lines(row.value, layout.tableLeft + layout.labelColumn + size * 0.75, fonts.regular);
    y += row.height;
    b.line([layout.tableLeft, y], [layout.tableRight, y], rule, 0.14);
  }
  b.line(
    [layout.tableLeft + layout.labelColumn, top],
    [layout.tableLeft + layout.labelColumn, y],
    rule,
    0.14,
  );
  b.rect([layout.tableLeft, top, width, y - top], { stroke: rule, lineWidth: 0.32 });
};

/**
 * The QR code's dark modules, a rectangle per run of a row, in one path. Each rectangle reaches a little
 * into the next row: a viewer that anti-aliases edges would otherwise leave pale seams between the rows,
 * which a scanner reads as light modules.
 */
export const drawQr = (
  b: OfdPageBuilder,
  payload: string,
  box: { x: number; y: number; side: number } = layout.qr,
) => {
  const matrix = qrMatrix(payload);
  const { x, y, side } = box;
  const module = side / (matrix.size + 2 * quietZone);
  const n = (v: number) => String(Math.round(v * 1000) / 1000);
  const parts: string[] = [];
  for (let row = 0; row < matrix.size; row++) {
    let start = -1;
    for (let column = 0; column <= matrix.size; column++) {
      const dark = column < matrix.size && matrix.isDark(row, column);
      if (dark && start < 0) start = column;
      if (!dark && start >= 0) {
        const x0 = (quietZone + start) * module;
        const x1 = (quietZone + column) * module;
        const y0 = (quietZone + row) * module;
        const y1 = y0 + module * 1.08;
        parts.push(`M ${n(x0)} ${n(y0)} L ${n(x1)} ${n(y0)} L ${n(x1)} ${n(y1)} L ${n(x0)} ${n(y1)} C`);
        start = -1;
      }
    }
  }
  b.rect([x, y, side, side], { fill: [255, 255, 255] });
  b.path({ boundary: [x, y, side, side], data: parts.join(' '), fill: [0, 0, 0] });
};

/** 32 hex digits naming the document, the same for the same licence. */
const docIdOf = (identifier: string) => createHash('sha256').update(identifier).digest('hex').slice(0, 32);

/**
 * 持证主体代码类型代码: the code of the holder's identifier type, as national e-licence systems record it
 * (001 统一社会信用代码, 111 公民身份号码).
 */
export const holderIdTypeCodes: Readonly<Record<string, string>> = {
  统一社会信用代码: '001',
  公民身份号码: '111',
};

/**
 * The GB/T 36903 metadata a licence file carries as the OFD's custom data: the element names and their order
 * as the national e-licence systems write them into OFD licences (证照名称, 证照类型代码, 证照编号, 证照标识,
 * the 证照颁发机构 and its code and date, the 持证主体 with its code and code type, the validity dates).
 */
export const licenceMetadata = (input: LicenceOfdInput): Array<[string, string]> => [
  ['证照名称', clean(input.title)],
  ['证照类型代码', input.typeCode],
  ['证照编号', input.identifier.split('.').at(-3) ?? input.identifier],
  ['证照标识', input.identifier],
  ['证照颁发机构', clean(input.issuerName)],
  ['证照颁发机构代码', input.issuerCreditCode],
  ['证照颁发日期', input.issueDate],
  ['持证主体', clean(input.holderName)],
  ['持证主体代码', input.holderId],
  ['持证主体代码类型', input.holderIdType],
  ...(holderIdTypeCodes[input.holderIdType]
    ? [['持证主体代码类型代码', holderIdTypeCodes[input.holderIdType]!] as [string, string]]
    : []),
  ['证照有效期起始日期', input.validFrom],
  ['证照有效期截止日期', input.validUntil ?? '长期'],
];

/**
 * The two faces a page is set in (Noto Serif SC regular and bold), numbered from `ids`; `embed` fills in
 * each one's subset once the page's text is written: it holds what the page prints, nothing more.
 */
export const ofdFaces = (ids: { next: number }) => {
  const files = licenceFonts();
  const faceFont = (parsed: ParsedFont, bold: boolean): FaceFont => ({
    parsed,
    width: measure(parsed),
    texts: [],
    // The bytes are filled in once the page's text is known.
    ofd: {
      id: ids.next++,
      name: bold ? 'Noto Serif SC Bold' : 'Noto Serif SC',
      family: 'Noto Serif SC',
      bold,
      file: bold ? 'NotoSerifSC-Bold-subset.ttf' : 'NotoSerifSC-Regular-subset.ttf',
      bytes: new Uint8Array(),
    },
  });
  const fonts: Fonts = {
    regular: faceFont(files.parsed(files.regular), false),
    bold: faceFont(files.parsed(files.bold), true),
  };
  return {
    fonts,
    list: [fonts.regular.ofd, fonts.bold.ofd],
    embed: () => {
      for (const [font, bytes] of [
        [fonts.regular, files.regular],
        [fonts.bold, files.bold],
      ] as const)
        font.ofd.bytes = subsetTrueType(font.parsed, bytes, font.texts);
    },
  };
};

/** Renders the licence as a one-page OFD package, unsigned, and says where its seal goes. */
export const renderLicenceOfd = (input: LicenceOfdInput): LicenceOfd => {
  const issued = chineseDate(input.issueDate, 'issueDate');
  const validUntil = input.validUntil ? chineseDate(input.validUntil, 'validUntil') : '长期';
  chineseDate(input.validFrom, 'validFrom');
  const ids = { next: 1 };
  const faces = ofdFaces(ids);
  const { fonts } = faces;
  assertPrintable(input, fonts.regular.parsed);
  const b = new OfdPageBuilder(ids);

  // Frame: a heavy outer rule and a fine inner one.
  b.rect([10, 10, page.width - 20, page.height - 20], { stroke: frame, lineWidth: 0.64 });
  b.rect([12, 12, page.width - 24, page.height - 24], { stroke: frame, lineWidth: 0.21 });

  const title = clean(input.title);
  centred(b, fonts.bold, title, 38, fitSize(title, fonts.bold, pt(26), 150));
  b.line([page.width / 2 - 45, 42.5], [page.width / 2 + 45, 42.5], frame, 0.21);
  let y = 49;
  for (const line of wrapText(`证照编号：${clean(input.identifier)}`, fonts.regular, pt(9.5), 160)) {
    centred(b, fonts.regular, line, y, pt(9.5), muted);
    y += 4.5;
  }
  drawTable(b, y + 4, input, validUntil, fonts);

  drawQr(b, input.qrPayload);
  const { qr } = layout;
  write(b, fonts.regular, '扫描二维码核验证照', qr.x + 4, qr.y + qr.side + 3.5, pt(8));
  if (input.verifyUrl)
    wrapText(clean(input.verifyUrl), fonts.regular, pt(6.5), 62)
      .slice(0, 3)
      .forEach((line, i) => {
        write(b, fonts.regular, line, qr.x + 4, qr.y + qr.side + 7 + i * 2.8, pt(6.5), muted);
      });

  const lines = [`发证机关：${clean(input.issuerName)}`, `发证日期：${issued}`];
  const size = Math.min(...lines.map((line) => fitSize(line, fonts.regular, pt(12), 100)));
  lines.forEach((line, i) => {
    const x = layout.signatureRight - fonts.regular.width(line, size);
    write(b, fonts.regular, line, x, page.height - 58 + i * 8, size);
  });
  centred(b, fonts.regular, '本证照为电子证照，其电子印章可核验。', page.height - 15, pt(7.5), muted);

  faces.embed();

  const { seal } = layout;
  const ofd = writeOfdPackage({
    docId: docIdOf(input.identifier),
    title,
    author: clean(input.issuerName),
    subject: input.identifier,
    creationDate: input.issueDate,
    creator: 'tongban',
    customData: licenceMetadata(input),
    pageSize: [page.width, page.height],
    fonts: faces.list,
    pages: [b],
    ids,
  });
  return {
    ofd,
    stamp: {
      page: 0,
      x: seal.cx - seal.radius,
      y: seal.cy - seal.radius,
      width: 2 * seal.radius,
      height: 2 * seal.radius,
    },
  };
};
