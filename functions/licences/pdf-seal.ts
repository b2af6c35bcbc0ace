// The issuer's seal (公章) on a printed licence: a red ring, the issuer's name along the upper arc with
// each character's head pointing outwards, and a five-pointed star in the middle, as on the round seals of
// Chinese administrative bodies.
//
// The characters are drawn as outlines taken from the font, not as text: a seal is a mark on the page, and
// rotated text around a circle would only scramble the issuer line beneath it when the text is extracted.
import type { Glyph, PathCommand } from 'fontkit';
import type { PDFPage, RGB } from 'pdf-lib';
import type { ParsedFont } from './pdf-fonts.ts';
import { compressForm, drawForm, type Form, num } from './pdf-form.ts';

export interface SealOptions {
  /** The centre, in PDF points. */
  x: number;
  y: number;
  radius: number;
  text: string;
  /** The parsed font whose outlines spell the text (bold reads best at seal size). */
  font: ParsedFont;
  color: RGB;
}

/** The widest arc the name may take, centred on the top; real seals leave the bottom open. */
const maxArc = (250 * Math.PI) / 180;
/** Seal characters are cut tall and narrow. */
const squeeze = 0.82;
const opacity = 0.9;
/** Control-point distance that makes four cubic curves a circle. */
const kappa = 0.5523;

/**
 * A glyph's outline as path operators in font units, to be placed with a transformation matrix. PDF has
 * only cubic curves: TrueType's quadratic segments are raised to the equivalent cubic ones.
 */
const outlinePath = (commands: PathCommand[]) => {
  const parts: string[] = [];
  let x0 = 0;
  let y0 = 0;
  for (const { command, args } of commands) {
    const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0] = args;
    if (command === 'moveTo') parts.push(`${num(a)} ${num(b)} m`);
    else if (command === 'lineTo') parts.push(`${num(a)} ${num(b)} l`);
    else if (command === 'quadraticCurveTo') {
      const c1 = `${num(x0 + ((a - x0) * 2) / 3)} ${num(y0 + ((b - y0) * 2) / 3)}`;
      const c2 = `${num(c + ((a - c) * 2) / 3)} ${num(d + ((b - d) * 2) / 3)}`;
      parts.push(`${c1} ${c2} ${num(c)} ${num(d)} c`);
    } else if (command === 'bezierCurveTo')
      parts.push(`${num(a)} ${num(b)} ${num(c)} ${num(d)} ${num(e)} ${num(f)} c`);
    else parts.push('h');
    // Every segment ends at its last pair of arguments.
    if (args.length >= 2) [x0, y0] = [args[args.length - 2]!, args[args.length - 1]!];
  }
  return parts.join(' ');
};

const circlePath = (r: number) => {
  const k = r * kappa;
  return [
    `${num(r)} 0 m`,
    `${num(r)} ${num(k)} ${num(k)} ${num(r)} 0 ${num(r)} c`,
    `${num(-k)} ${num(r)} ${num(-r)} ${num(k)} ${num(-r)} 0 c`,
    `${num(-r)} ${num(-k)} ${num(-k)} ${num(-r)} 0 ${num(-r)} c`,
    `${num(k)} ${num(-r)} ${num(r)} ${num(-k)} ${num(r)} 0 c h`,
  ].join(' ');
};

const starPath = (radius: number) => {
  const inner = radius * 0.382;
  const points = Array.from({ length: 10 }, (_, i) => {
    const angle = Math.PI / 2 + (i * Math.PI) / 5;
    const r = i % 2 === 0 ? radius : inner;
    return `${num(r * Math.cos(angle))} ${num(r * Math.sin(angle))}`;
  });
  return `${points[0]} m ${points
    .slice(1)
    .map((point) => `${point} l`)
    .join(' ')} h`;
};

/** The seal's content, centred on the origin, in points. */
const sealContent = (seal: SealOptions) => {
  const ring = seal.radius * 0.055;
  const characters = Array.from(seal.text);
  const gap = seal.radius * 0.06;
  let size = seal.radius * 0.3;
  const textRadius = () => seal.radius - ring - gap - size / 2;
  // The arc each character takes at the radius of its centre, with a little air between characters.
  let step = (size * squeeze * 1.12) / textRadius();
  if (step * characters.length > maxArc) {
    size *= maxArc / (step * characters.length);
    step = (size * squeeze * 1.12) / textRadius();
  }
  const radius = textRadius();
  const scale = size / seal.font.unitsPerEm;
  const first = (-step * (characters.length - 1)) / 2;
  // The ideographic em box spans -0.12 to 0.88 em around the baseline: its centre is 0.38 em up.
  const middle = seal.font.unitsPerEm * 0.38;

  const glyphs = characters.map((character, index) => {
    const glyph: Glyph = seal.font.glyphForCodePoint(character.codePointAt(0)!);
    // φ runs clockwise from twelve o'clock; turning the glyph by -φ points its head away from the centre.
    const phi = first + index * step;
    const a = Math.cos(phi) * scale * squeeze;
    const b = -Math.sin(phi) * scale * squeeze;
    const c = Math.sin(phi) * scale;
    const d = Math.cos(phi) * scale;
    const half = glyph.advanceWidth / 2;
    const e = radius * Math.sin(phi) - a * half - c * middle;
    const f = radius * Math.cos(phi) - b * half - d * middle;
    const matrix = [a, b, c, d].map((value) => value.toFixed(5)).join(' ');
    return `q ${matrix} ${num(e)} ${num(f)} cm ${outlinePath(glyph.path.commands)} f Q`;
  });

  const { red, green, blue } = seal.color;
  return [
    '/Ink gs',
    `${red} ${green} ${blue} RG ${red} ${green} ${blue} rg`,
    `${num(ring)} w ${circlePath(seal.radius - ring / 2)} S`,
    `${starPath(seal.radius * 0.3)} f`,
    ...glyphs,
  ].join('\n');
};

// The same issuers stamp licence after licence: each seal's content is built once per container.
const seals = new WeakMap<ParsedFont, Map<string, Uint8Array>>();
const keptPerFont = 200;

const sealForm = (seal: SealOptions): Form => {
  let byKey = seals.get(seal.font);
  if (!byKey) {
    byKey = new Map();
    seals.set(seal.font, byKey);
  }
  const key = JSON.stringify([seal.text, seal.radius, seal.color]);
  let content = byKey.get(key);
  if (!content) {
    content = compressForm(sealContent(seal));
    if (byKey.size >= keptPerFont) byKey.delete(byKey.keys().next().value!);
    byKey.set(key, content);
  }
  const r = seal.radius;
  return {
    content,
    bbox: [-r, -r, r, r],
    // Red ink is laid with the multiply blend mode, so the black text under the seal stays readable.
    resources: (page) =>
      page.doc.context.obj({
        ExtGState: { Ink: { Type: 'ExtGState', ca: opacity, CA: opacity, BM: 'Multiply' } },
      }),
  };
};

export const drawSeal = (page: PDFPage, seal: SealOptions) =>
  drawForm(page, 'Seal', sealForm(seal), [1, 0, 0, 1, seal.x, seal.y]);
