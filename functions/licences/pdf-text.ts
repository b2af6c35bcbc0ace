// Line breaking for Chinese text on a printed licence. Chinese breaks between any two characters; runs of
// Latin letters and digits (credit codes, URLs, licence numbers) stay whole unless a run alone is wider
// than the line; closing punctuation never starts a line (避头点), it hangs at the end of the one before.
//
// Widths are the glyphs' advance widths, which is what a viewer lays out from the embedded font's widths
// table; pdf-lib's own measure runs the font's whole shaping engine on every call, which made measuring
// the slowest part of a render.
import type { PDFFont } from 'pdf-lib';
import type { ParsedFont } from './pdf-fonts.ts';

/** A font embedded in one document, with a measure that outlives the document. */
export interface TextFont {
  pdf: PDFFont;
  /** Width of `text` at `size`, in points. */
  width: (text: string, size: number) => number;
}

/** What line breaking needs of a font: the width of a text at a size, in the size's unit. */
export type Measure = Pick<TextFont, 'width'>;

const advances = new WeakMap<ParsedFont, Map<number, number>>();

/** Widths from the glyphs' advances, in the unit `size` is given in (points for PDF, millimetres for OFD). */
export const measure = (parsed: ParsedFont): Measure['width'] => {
  let known = advances.get(parsed);
  if (!known) {
    known = new Map();
    advances.set(parsed, known);
  }
  const cache = known;
  const advance = (codePoint: number) => {
    let value = cache.get(codePoint);
    if (value === undefined) {
      value = parsed.glyphForCodePoint(codePoint).advanceWidth;
      cache.set(codePoint, value);
    }
    return value;
  };
  return (text, size) => {
    let units = 0;
    for (const character of text) units += advance(character.codePointAt(0)!);
    return (units * size) / parsed.unitsPerEm;
  };
};

export const textFont = (pdf: PDFFont, parsed: ParsedFont): TextFont => ({ pdf, width: measure(parsed) });

const unbreakable = /[A-Za-z0-9]+|[\s\S]/gu;
const noLineStart = new Set(Array.from('，。、；：？！）》」』】〕”’,.;:?!)]}%'));

const tokens = (text: string) => text.match(unbreakable) ?? [];

/** Lines of `text` no wider than `width` at `size`; `\n` forces a break. */
export const wrapText = (text: string, font: Measure, size: number, width: number): string[] => {
  const lines: string[] = [];
  for (const paragraph of text.split(/\r?\n/)) {
    let line = '';
    let lineWidth = 0;
    const push = (token: string, tokenWidth: number) => {
      if (line !== '' && lineWidth + tokenWidth > width && !noLineStart.has(token)) {
        lines.push(line.trimEnd());
        line = token.trimStart();
        lineWidth = font.width(line, size);
      } else {
        line += token;
        lineWidth += tokenWidth;
      }
    };
    for (const token of tokens(paragraph)) {
      const tokenWidth = font.width(token, size);
      if (tokenWidth <= width || token.length === 1) push(token, tokenWidth);
      else for (const character of Array.from(token)) push(character, font.width(character, size));
    }
    lines.push(line.trimEnd());
  }
  return lines;
};

/** The largest size not above `size` at which `text` fits `width` on one line. */
export const fitSize = (text: string, font: Measure, size: number, width: number) =>
  Math.min(size, (size * width) / Math.max(font.width(text, size), 1));
