// OFD (GB/T 33190) packages: the zip a fixed-layout document is, with its entry file `OFD.xml` (document
// information, custom data, the document root), the document (`Doc_0/Document.xml`: page area, resources,
// pages), the public and document resources, and each page's content. Pure: bytes in, bytes out. The
// signatures entry and `Doc_0/Signs/` are added by the electronic seal after the document is written.
//
// Units are millimetres, the origin is the page's top-left corner and y grows downwards (GB/T 33190 §7.1).
// Colours are RGB 0–255. Every object carries an identifier unique in the document; Document.xml states the
// largest (MaxUnitID).
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';

export const OFD_NAMESPACE = 'http://www.ofdspec.org/2016';

/** Where the parts of a single-document package live. */
export const ofdPaths = {
  entry: 'OFD.xml',
  document: 'Doc_0/Document.xml',
  publicRes: 'Doc_0/PublicRes.xml',
  documentRes: 'Doc_0/DocumentRes.xml',
  page: (n: number) => `Doc_0/Pages/Page_${n}/Content.xml`,
  res: 'Doc_0/Res',
} as const;

const xmlEscapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
const xmlUnsafe = /[^\P{Cc}\t\n\r]|[\ufffe\uffff]/gu;

/** Text or an attribute value as XML 1.0 allows it: markup escaped, characters XML cannot carry dropped. */
export const escapeXml = (text: string) =>
  text.replace(xmlUnsafe, '').replace(/[&<>"]/g, (c) => xmlEscapes[c]!);

/** A number in millimetres as OFD writes it: at most 3 decimals, no trailing zeros. */
export const mmText = (value: number) => {
  const rounded = Math.round(value * 1000) / 1000;
  return Object.is(rounded, -0) ? '0' : String(rounded);
};

/** `x y w h` of a box. */
export type Box = readonly [x: number, y: number, width: number, height: number];
const boxText = (box: Box) => box.map(mmText).join(' ');

export type Rgb = readonly [number, number, number];
const colour = (rgb: Rgb) => rgb.map((c) => Math.round(c)).join(' ');

export interface OfdFont {
  id: number;
  /** FontName / FamilyName the viewer may also look up among its own fonts. */
  name: string;
  family: string;
  bold?: boolean;
  /** File name under Doc_0/Res and its bytes (TrueType or OpenType). */
  file: string;
  bytes: Uint8Array;
}

export interface TextRun {
  /** Left edge of the text and its baseline, on the page. */
  x: number;
  baseline: number;
  text: string;
  font: OfdFont;
  size: number;
  /** Advance of each character but the last, in mm (the viewer places glyphs with these, not its own). */
  advances: readonly number[];
  fill?: Rgb;
}

export interface PathSpec {
  boundary: Box;
  /** Abbreviated path data relative to the boundary's corner: M x y, L x y, C (close). */
  data: string;
  fill?: Rgb;
  stroke?: Rgb;
  lineWidth?: number;
}

/** Collects a page's objects, handing out document-wide identifiers. */
export class OfdPageBuilder {
  readonly #objects: string[] = [];
  readonly #ids: { next: number };

  constructor(ids: { next: number }) {
    this.#ids = ids;
  }

  #id() {
    return this.#ids.next++;
  }

  text(run: TextRun) {
    const chars = Array.from(run.text);
    if (chars.length === 0) return;
    const width = run.advances.reduce((sum, a) => sum + a, 0) + run.size;
    // The box spans the em above the baseline and the descent below it; the code's Y is the baseline in it.
    const top = run.baseline - run.size;
    const boundary: Box = [run.x, top, width, run.size * 1.25];
    const deltaX = run.advances.length > 0 ? ` DeltaX="${run.advances.map(mmText).join(' ')}"` : '';
    this.#objects.push(
      `<ofd:TextObject ID="${this.#id()}" Boundary="${boxText(boundary)}" Font="${run.font.id}" Size="${mmText(run.size)}"${run.font.bold ? ' Weight="700"' : ''}>` +
        `<ofd:FillColor Value="${colour(run.fill ?? [0, 0, 0])}"/>` +
        `<ofd:TextCode X="0" Y="${mmText(run.size)}"${deltaX}>${escapeXml(run.text)}</ofd:TextCode>` +
        '</ofd:TextObject>',
    );
  }

  path(spec: PathSpec) {
    const fill = spec.fill !== undefined;
    const stroke = spec.stroke !== undefined;
    this.#objects.push(
      `<ofd:PathObject ID="${this.#id()}" Boundary="${boxText(spec.boundary)}"` +
        `${spec.lineWidth !== undefined ? ` LineWidth="${mmText(spec.lineWidth)}"` : ''}` +
        ` Stroke="${stroke}" Fill="${fill}">` +
        (fill ? `<ofd:FillColor Value="${colour(spec.fill!)}"/>` : '') +
        (stroke ? `<ofd:StrokeColor Value="${colour(spec.stroke!)}"/>` : '') +
        `<ofd:AbbreviatedData>${spec.data}</ofd:AbbreviatedData></ofd:PathObject>`,
    );
  }

  /** A filled or stroked rectangle, in page coordinates. */
  rect(box: Box, style: Omit<PathSpec, 'boundary' | 'data'>) {
    const [x, y, w, h] = box;
    const pad = (style.lineWidth ?? 0) / 2;
    const d = (n: number) => mmText(n);
    this.path({
      ...style,
      boundary: [x - pad, y - pad, w + 2 * pad, h + 2 * pad],
      data: `M ${d(pad)} ${d(pad)} L ${d(pad + w)} ${d(pad)} L ${d(pad + w)} ${d(pad + h)} L ${d(pad)} ${d(pad + h)} C`,
    });
  }

  /** A straight line, in page coordinates. */
  line(from: readonly [number, number], to: readonly [number, number], stroke: Rgb, lineWidth: number) {
    const x = Math.min(from[0], to[0]) - lineWidth;
    const y = Math.min(from[1], to[1]) - lineWidth;
    const w = Math.abs(to[0] - from[0]) + 2 * lineWidth;
    const h = Math.abs(to[1] - from[1]) + 2 * lineWidth;
    this.path({
      boundary: [x, y, w, h],
      data: `M ${mmText(from[0] - x)} ${mmText(from[1] - y)} L ${mmText(to[0] - x)} ${mmText(to[1] - y)}`,
      stroke,
      lineWidth,
    });
  }

  get objectsXml() {
    return this.#objects.join('');
  }
}

export interface OfdDocumentInput {
  /** 32 hex digits, the same for the same document. */
  docId: string;
  title: string;
  author: string;
  subject?: string;
  /** YYYY-MM-DD */
  creationDate: string;
  creator: string;
  /** DocInfo/CustomDatas: name → value, in order. */
  customData: ReadonlyArray<readonly [string, string]>;
  pageSize: readonly [width: number, height: number];
  fonts: readonly OfdFont[];
  /** Each page's objects, written by an OfdPageBuilder sharing `ids`. */
  pages: readonly OfdPageBuilder[];
  ids: { next: number };
}

const xmlHeader = '<?xml version="1.0" encoding="UTF-8"?>\n';
const ofdRoot = (name: string, body: string, attributes = '') =>
  `${xmlHeader}<ofd:${name} xmlns:ofd="${OFD_NAMESPACE}"${attributes}>${body}</ofd:${name}>`;

/** Writes the package as a zip; the same input gives the same bytes. */
export const writeOfdPackage = (input: OfdDocumentInput): Uint8Array => {
  const pageIds = input.pages.map(() => input.ids.next++);
  const layerIds = input.pages.map(() => input.ids.next++);
  const maxUnitId = input.ids.next - 1;
  const customData = input.customData
    .map(([name, value]) => `<ofd:CustomData Name="${escapeXml(name)}">${escapeXml(value)}</ofd:CustomData>`)
    .join('');
  const entry = ofdRoot(
    'OFD',
    '<ofd:DocBody><ofd:DocInfo>' +
      `<ofd:DocID>${escapeXml(input.docId)}</ofd:DocID>` +
      `<ofd:Title>${escapeXml(input.title)}</ofd:Title>` +
      `<ofd:Author>${escapeXml(input.author)}</ofd:Author>` +
      (input.subject ? `<ofd:Subject>${escapeXml(input.subject)}</ofd:Subject>` : '') +
      `<ofd:CreationDate>${escapeXml(input.creationDate)}</ofd:CreationDate>` +
      `<ofd:Creator>${escapeXml(input.creator)}</ofd:Creator>` +
      (customData ? `<ofd:CustomDatas>${customData}</ofd:CustomDatas>` : '') +
      `</ofd:DocInfo><ofd:DocRoot>${ofdPaths.document}</ofd:DocRoot></ofd:DocBody>`,
    ' Version="1.0" DocType="OFD"',
  );
  const [width, height] = input.pageSize;
  const document = ofdRoot(
    'Document',
    '<ofd:CommonData>' +
      `<ofd:MaxUnitID>${maxUnitId}</ofd:MaxUnitID>` +
      `<ofd:PageArea><ofd:PhysicalBox>0 0 ${mmText(width)} ${mmText(height)}</ofd:PhysicalBox></ofd:PageArea>` +
      '<ofd:PublicRes>PublicRes.xml</ofd:PublicRes><ofd:DocumentRes>DocumentRes.xml</ofd:DocumentRes>' +
      '</ofd:CommonData><ofd:Pages>' +
      pageIds.map((id, n) => `<ofd:Page ID="${id}" BaseLoc="Pages/Page_${n}/Content.xml"/>`).join('') +
      '</ofd:Pages>',
  );
  const fonts = input.fonts
    .map(
      (f) =>
        `<ofd:Font ID="${f.id}" FontName="${escapeXml(f.name)}" FamilyName="${escapeXml(f.family)}"${f.bold ? ' Bold="true"' : ''}>` +
        `<ofd:FontFile>${escapeXml(f.file)}</ofd:FontFile></ofd:Font>`,
    )
    .join('');
  const publicRes = ofdRoot('Res', fonts ? `<ofd:Fonts>${fonts}</ofd:Fonts>` : '', ' BaseLoc="Res"');
  const documentRes = ofdRoot('Res', '', ' BaseLoc="Res"');
  const files: Record<string, Uint8Array> = {
    [ofdPaths.entry]: strToU8(entry),
    [ofdPaths.document]: strToU8(document),
    [ofdPaths.publicRes]: strToU8(publicRes),
    [ofdPaths.documentRes]: strToU8(documentRes),
  };
  input.pages.forEach((page, n) => {
    files[ofdPaths.page(n)] = strToU8(
      ofdRoot(
        'Page',
        `<ofd:Content><ofd:Layer ID="${layerIds[n]}" Type="Body">${page.objectsXml}</ofd:Layer></ofd:Content>`,
      ),
    );
  });
  for (const font of input.fonts) files[`${ofdPaths.res}/${font.file}`] = font.bytes;
  // A fixed time stamp keeps the bytes reproducible (the zip format stores local DOS times).
  return zipSync(files, { level: 6, mtime: new Date(Date.UTC(2000, 0, 1)) });
};

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const unescapeXml = (text: string) =>
  text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (whole, entity: string) => {
    if (entity[0] !== '#') return entities[entity] ?? whole;
    const code =
      entity[1] === 'x' || entity[1] === 'X' ? Number.parseInt(entity.slice(2), 16) : Number(entity.slice(1));
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });

/** OFD.xml larger than this is not a licence's. */
const maxEntryBytes = 1024 * 1024;

/**
 * The custom data (DocInfo/CustomDatas) of a package's first document, name → value; undefined when the
 * bytes are not an OFD package. Reads OFD.xml only, whatever else the zip holds.
 */
export const readOfdCustomData = (ofd: Uint8Array): Record<string, string> | undefined => {
  let entry: Uint8Array | undefined;
  try {
    entry = unzipSync(ofd, {
      filter: (file) => file.name === ofdPaths.entry && file.originalSize <= maxEntryBytes,
    })[ofdPaths.entry];
  } catch {
    return undefined;
  }
  if (!entry) return undefined;
  const xml = strFromU8(entry);
  if (!/<(?:[\w.-]+:)?OFD\b/.test(xml)) return undefined;
  const data: Record<string, string> = {};
  for (const m of xml.matchAll(
    /<(?:[\w.-]+:)?CustomData\s+Name\s*=\s*"([^"]*)"\s*(?:\/>|>([^<]*)<\/(?:[\w.-]+:)?CustomData>)/g,
  ))
    data[unescapeXml(m[1]!)] ??= unescapeXml(m[2] ?? '').trim();
  return data;
};
