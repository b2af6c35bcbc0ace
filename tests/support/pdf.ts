// Reading a printed licence back as a reader would: poppler (pdftotext, pdftoppm) extracts the text and
// renders the page, and jsQR reads the QR code off the rendered pixels.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsqrModule from 'jsqr';
import { afterAll } from 'vitest';

// jsqr's UMD build exports the function itself, while its types declare it as the default export.
const jsQR = jsqrModule as unknown as typeof jsqrModule.default;

const dir = mkdtempSync(join(tmpdir(), 'tongban-pdf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
export const saved = (bytes: Uint8Array) => {
  const path = join(dir, `licence-${++files}.pdf`);
  writeFileSync(path, bytes);
  return path;
};

export const pdftotext = (bytes: Uint8Array) =>
  execFileSync('pdftotext', ['-enc', 'UTF-8', saved(bytes), '-'], { encoding: 'utf8' });

/** Renders the page to greyscale pixels (PGM) with poppler and reads the QR code off it with jsQR. */
export const readQrCode = (bytes: Uint8Array, dpi = 200) => {
  const pgm = execFileSync('pdftoppm', ['-gray', '-r', String(dpi), '-singlefile', saved(bytes)], {
    maxBuffer: 64 * 1024 * 1024,
  });
  const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(pgm.subarray(0, 32).toString('latin1'));
  if (!header) throw new Error('pdftoppm did not write a PGM image');
  const width = Number(header[1]);
  const height = Number(header[2]);
  const pixels = pgm.subarray(header[0].length);
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    rgba.fill(pixels[i]!, i * 4, i * 4 + 3);
    rgba[i * 4 + 3] = 255;
  }
  const code = jsQR(rgba, width, height, { inversionAttempts: 'dontInvert' });
  if (!code) return undefined;
  /** Whether the page is dark at the centre of module (row, column) of a symbol `size` modules wide. */
  const darkAt = (row: number, column: number, size: number) => {
    const { topLeftCorner: tl, topRightCorner: tr, bottomLeftCorner: bl } = code.location;
    const u = (column + 0.5) / size;
    const v = (row + 0.5) / size;
    const x = Math.round(tl.x + u * (tr.x - tl.x) + v * (bl.x - tl.x));
    const y = Math.round(tl.y + u * (tr.y - tl.y) + v * (bl.y - tl.y));
    return pixels[y * width + x]! < 128;
  };
  return { data: code.data, version: code.version, darkAt };
};
