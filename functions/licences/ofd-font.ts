// The font an OFD licence embeds: a subset of Noto Serif SC holding the glyphs the licence prints, as a
// standalone TrueType file. fontkit's subset carries only the tables a PDF needs (glyphs and metrics), so
// the tables a viewer needs to map text to glyphs and to accept the file as a font are added here: a
// character map (cmap, format 4, Windows Unicode BMP) for the subset's glyph numbers, `post` version 3 (no
// glyph names), and the source font's `name` (its copyright and SIL OFL notice travel with the subset) and
// `OS/2` tables. The file's checksums are recomputed as the OpenType specification asks.
import type { ParsedFont } from './pdf-fonts.ts';

const tag = (bytes: Uint8Array, at: number) => String.fromCharCode(...bytes.subarray(at, at + 4));

/** The tables of an sfnt file, by tag. */
const readTables = (font: Uint8Array) => {
  const view = new DataView(font.buffer, font.byteOffset, font.byteLength);
  const count = view.getUint16(4);
  const tables = new Map<string, Uint8Array>();
  for (let i = 0; i < count; i++) {
    const record = 12 + 16 * i;
    const offset = view.getUint32(record + 8);
    const length = view.getUint32(record + 12);
    tables.set(tag(font, record), font.subarray(offset, offset + length));
  }
  return tables;
};

const checksum = (bytes: Uint8Array) => {
  const padded = new Uint8Array((bytes.length + 3) & ~3);
  padded.set(bytes);
  const view = new DataView(padded.buffer);
  let sum = 0;
  for (let i = 0; i < padded.length; i += 4) sum = (sum + view.getUint32(i)) >>> 0;
  return sum;
};

/** An sfnt file of these tables, sorted by tag, with the directory and head checksums computed. */
const writeSfnt = (tables: Map<string, Uint8Array>) => {
  const tags = [...tables.keys()].sort();
  const head = new Uint8Array(tables.get('head')!);
  new DataView(head.buffer).setUint32(8, 0);
  tables.set('head', head);
  let size = 12 + 16 * tags.length;
  const offsets = tags.map((t) => {
    const at = size;
    size += (tables.get(t)!.length + 3) & ~3;
    return at;
  });
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  const entrySelector = Math.floor(Math.log2(tags.length));
  view.setUint32(0, 0x00010000);
  view.setUint16(4, tags.length);
  view.setUint16(6, 16 * 2 ** entrySelector);
  view.setUint16(8, entrySelector);
  view.setUint16(10, 16 * tags.length - 16 * 2 ** entrySelector);
  tags.forEach((t, i) => {
    const bytes = tables.get(t)!;
    const record = 12 + 16 * i;
    for (let c = 0; c < 4; c++) out[record + c] = t.charCodeAt(c);
    view.setUint32(record + 4, checksum(bytes));
    view.setUint32(record + 8, offsets[i]!);
    view.setUint32(record + 12, bytes.length);
    out.set(bytes, offsets[i]!);
  });
  const headAt = offsets[tags.indexOf('head')]!;
  view.setUint32(headAt + 8, (0xb1b0afba - checksum(out)) >>> 0);
  return out;
};

/** cmap with one format 4 subtable (Windows, Unicode BMP) mapping each code point to its glyph. */
const cmapTable = (map: ReadonlyArray<readonly [codePoint: number, glyph: number]>) => {
  // Runs of consecutive code points with consecutive glyphs share a segment (delta mapping).
  const segments: Array<{ start: number; end: number; delta: number }> = [];
  for (const [codePoint, glyph] of map) {
    const last = segments.at(-1);
    if (last && codePoint === last.end + 1 && glyph - codePoint === last.delta) last.end = codePoint;
    else segments.push({ start: codePoint, end: codePoint, delta: glyph - codePoint });
  }
  segments.push({ start: 0xffff, end: 0xffff, delta: 1 });
  const segCount = segments.length;
  const length = 16 + 8 * segCount;
  const out = new Uint8Array(12 + length);
  const view = new DataView(out.buffer);
  view.setUint16(2, 1); // one encoding record
  view.setUint16(4, 3); // Windows
  view.setUint16(6, 1); // Unicode BMP
  view.setUint32(8, 12);
  const sub = 12;
  const entrySelector = Math.floor(Math.log2(segCount));
  view.setUint16(sub, 4);
  view.setUint16(sub + 2, length);
  view.setUint16(sub + 6, segCount * 2);
  view.setUint16(sub + 8, 2 * 2 ** entrySelector);
  view.setUint16(sub + 10, entrySelector);
  view.setUint16(sub + 12, segCount * 2 - 2 * 2 ** entrySelector);
  segments.forEach((s, i) => {
    view.setUint16(sub + 14 + 2 * i, s.end);
    view.setUint16(sub + 16 + 2 * segCount + 2 * i, s.start);
    view.setUint16(sub + 16 + 4 * segCount + 2 * i, (s.delta + 0x10000) & 0xffff);
    // idRangeOffset stays 0: glyph = code point + delta.
  });
  return out;
};

/** post version 3.0: the source's italic angle and underline metrics, no glyph names. */
const postTable = (source: Uint8Array) => {
  const out = new Uint8Array(32);
  out.set(source.subarray(0, 32));
  new DataView(out.buffer).setUint32(0, 0x00030000);
  return out;
};

/**
 * A standalone TrueType subset of `font` (parsed from `bytes`) with the glyphs of every character in
 * `texts`. Characters are mapped through the source's cmap; one the font lacks maps to nothing.
 */
export const subsetTrueType = (font: ParsedFont, bytes: Uint8Array, texts: Iterable<string>): Uint8Array => {
  const codePoints = new Set<number>();
  for (const text of texts) for (const character of text) codePoints.add(character.codePointAt(0)!);
  const subset = font.createSubset();
  // fontkit returns the glyph's number in the subset (its declared type says boolean).
  const include = (glyph: ReturnType<ParsedFont['glyphForCodePoint']>) =>
    subset.includeGlyph(glyph) as unknown as number;
  const map: Array<[number, number]> = [];
  for (const codePoint of [...codePoints].sort((a, b) => a - b)) {
    if (codePoint > 0xffff || !font.hasGlyphForCodePoint(codePoint)) continue;
    map.push([codePoint, include(font.glyphForCodePoint(codePoint))]);
  }
  const tables = readTables(new Uint8Array(subset.encode()));
  const source = readTables(bytes);
  tables.set('cmap', cmapTable(map));
  tables.set('post', postTable(source.get('post')!));
  for (const t of ['name', 'OS/2']) {
    const table = source.get(t);
    if (table) tables.set(t, table);
  }
  return writeSfnt(tables);
};
