// Fonts for printed licences: Noto Serif SC (思源宋体, SIL Open Font License 1.1, which allows embedding
// and redistribution) in two weights, from the @expo-google-fonts/noto-serif-sc package, loaded and parsed.
//
// A full CJK font is ~15 MB per weight; reading and parsing it costs ~100 ms, so both happen once per
// container, and the fontkit handed to pdf-lib returns the parsed font instead of parsing the bytes again
// on every embedFont call. Only the glyphs a licence uses are embedded (subset), with a ToUnicode map so
// the text stays extractable.
//
// fontkit 2 rather than pdf-lib's own fork (@pdf-lib/fontkit 1.1): the fork writes a subset's glyph offsets
// in the short format even when the source font's glyph records have odd lengths, as Google's Noto
// instances do, which silently garbles most characters. fontkit 2 keeps the source format, but encodes a
// subset in one call where pdf-lib expects fontkit 1's stream, so the subset is adapted here.
//
// The files are found through Node's module resolution from this module's location: font-files.ts names
// them once, for this module and for the manifest that copies them under node_modules next to the bundle.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Readable } from 'node:stream';
import * as fontkit from 'fontkit';
import type { PDFDocument } from 'pdf-lib';
import { licenceFonts as fontFiles } from './font-files.ts';

/** What pdf-lib asks of fontkit (pdf-lib does not export the type by name). */
type PdfLibFontkit = Parameters<PDFDocument['registerFontkit']>[0];
type PdfLibFont = ReturnType<PdfLibFontkit['create']>;

export type ParsedFont = fontkit.Font;

export interface LicenceFonts {
  regular: Uint8Array;
  bold: Uint8Array;
  /** Parsed once: the embedding in each document and the seal's outlines use these. */
  parsed: (bytes: Uint8Array) => ParsedFont;
  fontkit: PdfLibFontkit;
}

const parse = (bytes: Uint8Array): ParsedFont => {
  const font = fontkit.create(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  if ('fonts' in font) throw new Error('A licence font must be a single font, not a collection');
  return font;
};

/** The same font, except that its subsets also offer the one-chunk stream pdf-lib reads them from. */
const forPdfLib = (font: ParsedFont): PdfLibFont => {
  const createSubset = () => {
    const subset = font.createSubset();
    return Object.assign(subset, { encodeStream: () => Readable.from([subset.encode()]) });
  };
  const adapted = new Proxy(font, {
    get: (target, key) => (key === 'createSubset' ? createSubset : Reflect.get(target, key, target)),
  });
  // fontkit 2's declared types differ from the fontkit 1 types pdf-lib declares; the members pdf-lib uses
  // behave the same.
  return adapted as unknown as PdfLibFont;
};

const read = (specifier: string) => {
  try {
    return new Uint8Array(readFileSync(createRequire(import.meta.url).resolve(specifier)));
  } catch (error) {
    throw new Error(`The licence font ${specifier} cannot be read: ship it with the function`, {
      cause: error,
    });
  }
};

const load = (): LicenceFonts => {
  const parsedFonts = new Map<Uint8Array, ParsedFont>();
  const adaptedFonts = new Map<Uint8Array, PdfLibFont>();
  const parsed = (bytes: Uint8Array) => {
    let font = parsedFonts.get(bytes);
    if (!font) {
      font = parse(bytes);
      parsedFonts.set(bytes, font);
    }
    return font;
  };
  return {
    regular: read(fontFiles.regular),
    bold: read(fontFiles.bold),
    parsed,
    fontkit: {
      create(bytes) {
        let font = adaptedFonts.get(bytes);
        if (!font) {
          font = forPdfLib(parsed(bytes));
          adaptedFonts.set(bytes, font);
        }
        return font;
      },
    },
  };
};

let loaded: LicenceFonts | undefined;

/** The licence fonts, read from disk on first use and kept for the life of the container. */
export const licenceFonts = (): LicenceFonts => {
  loaded ??= load();
  return loaded;
};
