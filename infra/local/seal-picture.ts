// The picture of a demo seal, as a PNG: a red ring, the department's name along the upper arc (glyph
// outlines from the licence font, heads outwards) and a five-pointed star, the way the round seals of
// Chinese administrative bodies look. A province's e-seal system embeds a scan or drawing of the real seal
// in its SESeal; the local cloud's demo seals carry this one so that OFD viewers have something to stamp.
//
// Drawn by a small scanline rasteriser (non-zero winding, 3×3 supersampling) straight into RGBA rows, which
// node:zlib deflates into the PNG's IDAT: no image library for one picture per department. Every local cloud
// (each test file starts one) gives every department a seal, so pictures are kept across clouds in a cache
// folder, keyed by the name, the size and this module's own text (a change to the drawing redraws them).
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';
import * as fontkit from 'fontkit';
import { licenceFonts } from '../../functions/licences/font-files.ts';

type Point = [number, number];
type Polygon = Point[];

const ink = [0xd4, 0x10, 0x1c] as const;
/** Stamped ink lets the printed text beneath show through, as on paper. */
const inkOpacity = 0.75;
const supersample = 3;

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (data: Uint8Array) => {
  let c = 0xffffffff;
  for (const byte of data) c = crcTable[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type: string, data: Uint8Array) => {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const out = Buffer.alloc(body.length + 8);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), body.length + 4);
  return out;
};
/** PNG (8-bit RGBA, no interlace) of `rgba`, `size` × `size` pixels. */
const encodePng = (rgba: Uint8Array, size: number) => {
  const raw = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    Buffer.from(rgba.buffer, rgba.byteOffset + y * size * 4, size * 4).copy(raw, y * (size * 4 + 1) + 1);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', header),
      chunk('IDAT', deflateSync(raw)),
      chunk('IEND', new Uint8Array()),
    ]),
  );
};

/** Fills polygons (non-zero winding) into a coverage grid of `n` × `n` cells, row by row over their height. */
const fill = (grid: Uint8Array, n: number, polygons: Polygon[]) => {
  const edges = polygons
    .flatMap((polygon) =>
      polygon.map((a, i) => {
        const b = polygon[(i + 1) % polygon.length]!;
        return a[1] < b[1] ? { lo: a, hi: b, winding: 1 } : { lo: b, hi: a, winding: -1 };
      }),
    )
    .filter((e) => e.lo[1] !== e.hi[1])
    .sort((p, q) => p.lo[1] - q.lo[1]);
  if (edges.length === 0) return;
  const top = Math.max(0, Math.floor(edges[0]!.lo[1]));
  const bottom = Math.min(n - 1, Math.ceil(Math.max(...edges.map((e) => e.hi[1]))));
  let active: typeof edges = [];
  let next = 0;
  for (let y = top; y <= bottom; y++) {
    const sy = y + 0.5;
    while (next < edges.length && edges[next]!.lo[1] <= sy) active.push(edges[next++]!);
    active = active.filter((e) => e.hi[1] > sy);
    const crossings = active
      .filter((e) => e.lo[1] <= sy)
      .map((e) => ({
        x: e.lo[0] + ((sy - e.lo[1]) * (e.hi[0] - e.lo[0])) / (e.hi[1] - e.lo[1]),
        winding: e.winding,
      }))
      .sort((p, q) => p.x - q.x);
    let winding = 0;
    for (let i = 0; i < crossings.length - 1; i++) {
      winding += crossings[i]!.winding;
      if (winding === 0) continue;
      const from = Math.max(0, Math.ceil(crossings[i]!.x - 0.5));
      const to = Math.min(n - 1, Math.floor(crossings[i + 1]!.x - 0.5));
      grid.fill(1, y * n + from, y * n + to + 1);
    }
  }
};

/** A glyph's outline as polygons (curves flattened), in font units. */
const glyphPolygons = (commands: { command: string; args: number[] }[]): Polygon[] => {
  const polygons: Polygon[] = [];
  let current: Polygon = [];
  let at: Point = [0, 0];
  const steps = 8;
  for (const { command, args } of commands) {
    const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0] = args;
    if (command === 'moveTo') {
      if (current.length > 2) polygons.push(current);
      current = [[a, b]];
      at = [a, b];
    } else if (command === 'lineTo') {
      current.push([a, b]);
      at = [a, b];
    } else if (command === 'quadraticCurveTo') {
      for (let i = 1; i <= steps; i++) {
        const t = i / steps;
        const u = 1 - t;
        current.push([u * u * at[0] + 2 * u * t * a + t * t * c, u * u * at[1] + 2 * u * t * b + t * t * d]);
      }
      at = [c, d];
    } else if (command === 'bezierCurveTo') {
      for (let i = 1; i <= steps; i++) {
        const t = i / steps;
        const u = 1 - t;
        current.push([
          u * u * u * at[0] + 3 * u * u * t * a + 3 * u * t * t * c + t * t * t * e,
          u * u * u * at[1] + 3 * u * u * t * b + 3 * u * t * t * d + t * t * t * f,
        ]);
      }
      at = [e, f];
    } else if (command === 'closePath') {
      if (current.length > 2) polygons.push(current);
      current = [];
    }
  }
  if (current.length > 2) polygons.push(current);
  return polygons;
};

const circle = (r: number, segments = 180): Polygon =>
  Array.from({ length: segments }, (_, i) => {
    const angle = (i / segments) * 2 * Math.PI;
    return [r * Math.cos(angle), r * Math.sin(angle)] as Point;
  });

let font: fontkit.Font | undefined;
const sealFont = () => {
  if (!font) {
    const file = createRequire(import.meta.url).resolve(licenceFonts.bold);
    const parsed = fontkit.create(readFileSync(file));
    if ('fonts' in parsed) throw new Error('The seal font must be a single font');
    font = parsed;
  }
  return font;
};

export const defaultPictureCache = join(tmpdir(), 'tongban-seal-pictures');
let drawing: string | undefined;

/** A PNG of the round seal bearing `name`, `size` pixels square (40 mm at 150 dpi by default). */
export const sealPicture = (name: string, size = 240, cacheDir = defaultPictureCache): Uint8Array => {
  drawing ??= createHash('sha256')
    .update(readFileSync(fileURLToPath(import.meta.url)))
    .digest('hex');
  const file = join(
    cacheDir,
    `${createHash('sha256').update(`${drawing}\n${size}\n${name}`).digest('hex')}.png`,
  );
  try {
    return new Uint8Array(readFileSync(file));
  } catch {
    // not drawn yet
  }
  const png = drawSeal(name, size);
  mkdirSync(cacheDir, { recursive: true });
  // Written aside and renamed, so a cloud starting beside this one never reads half a file.
  const partial = `${file}.${process.pid}.tmp`;
  writeFileSync(partial, png);
  renameSync(partial, file);
  return png;
};

const drawSeal = (name: string, size: number): Uint8Array => {
  const n = size * supersample;
  const r = n / 2 - supersample;
  const grid = new Uint8Array(n * n);
  // Centre-origin, y up → grid coordinates.
  const place = (polygons: Polygon[]) =>
    polygons.map((polygon) => polygon.map(([x, y]) => [n / 2 + x, n / 2 - y] as Point));
  const ring = r * 0.06;
  const outer = circle(r);
  const inner = circle(r - ring).reverse();
  fill(grid, n, place([outer, inner]));
  const star = Array.from({ length: 10 }, (_, i) => {
    const angle = Math.PI / 2 + (i * Math.PI) / 5;
    const radius = i % 2 === 0 ? r * 0.3 : r * 0.3 * 0.382;
    return [radius * Math.cos(angle), radius * Math.sin(angle)] as Point;
  });
  fill(grid, n, place([star]));

  const parsed = sealFont();
  const characters = Array.from(name);
  let em = r * 0.27;
  const textRadius = () => r - ring - r * 0.06 - em / 2;
  const maxArc = (250 * Math.PI) / 180;
  let step = (em * 0.82 * 1.1) / textRadius();
  if (step * characters.length > maxArc) {
    em *= maxArc / (step * characters.length);
    step = (em * 0.82 * 1.1) / textRadius();
  }
  const radius = textRadius();
  const scale = em / parsed.unitsPerEm;
  const first = (-step * (characters.length - 1)) / 2;
  for (const [index, character] of characters.entries()) {
    const glyph = parsed.glyphForCodePoint(character.codePointAt(0)!);
    const phi = first + index * step; // clockwise from twelve o'clock
    const cx = radius * Math.sin(phi);
    const cy = radius * Math.cos(phi);
    const half = glyph.advanceWidth / 2;
    const middle = parsed.unitsPerEm * 0.38;
    const polygons = glyphPolygons(glyph.path.commands).map((polygon) =>
      polygon.map(([gx, gy]) => {
        // Centre the glyph on its em box, squeeze it, then turn it by -φ so its head points outwards.
        const x = (gx - half) * scale * 0.82;
        const y = (gy - middle) * scale;
        return [
          cx + x * Math.cos(phi) + y * Math.sin(phi),
          cy - x * Math.sin(phi) + y * Math.cos(phi),
        ] as Point;
      }),
    );
    fill(grid, n, place(polygons));
  }

  const rgba = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      let covered = 0;
      for (let dy = 0; dy < supersample; dy++)
        for (let dx = 0; dx < supersample; dx++)
          covered += grid[(y * supersample + dy) * n + x * supersample + dx]!;
      const at = (y * size + x) * 4;
      rgba.set([...ink, Math.round((covered / (supersample * supersample)) * inkOpacity * 255)], at);
    }
  return encodePng(rgba, size);
};
