// The QR code on a printed licence (核验二维码): the qrcode package computes the module matrix, and the
// modules are drawn as vector rectangles so the code prints sharp at any resolution.
//
// Error correction is level M (15 % of the symbol may be lost): a licence is handled, folded and stamped,
// and M still holds 2,331 bytes at version 40, so a compact JWS of ~1,500 bytes fits with room to spare
// (version 32, 145 modules: 0.3 mm each in the 46 mm square the page gives the code).
import type { PDFPage } from 'pdf-lib';
import QRCode from 'qrcode';
import { compressForm, drawForm } from './pdf-form.ts';

import { qrByteCapacity, qrErrorCorrection } from './qr-capacity.ts';

export { qrByteCapacity, qrErrorCorrection };
/** The blank margin the QR specification asks for around the symbol, in modules. */
const quietZone = 4;

export class QrPayloadTooLargeError extends Error {
  readonly bytes: number;

  constructor(bytes: number, cause: unknown) {
    super(
      `The QR payload is ${bytes} bytes: a QR code at error-correction level ${qrErrorCorrection} holds at most ` +
        `${qrByteCapacity} bytes; shorten it (for instance print a verification URL instead of the whole JWS)`,
      { cause },
    );
    this.name = 'QrPayloadTooLargeError';
    this.bytes = bytes;
  }
}

export interface QrMatrix {
  /** Modules per side (21 for version 1, 177 for version 40). */
  size: number;
  version: number;
  isDark: (row: number, column: number) => boolean;
}

const encode = (payload: string) => {
  const bytes = Buffer.from(payload, 'utf8');
  try {
    // One byte-mode (UTF-8) segment: the payloads are base64url or URLs, which the numeric and alphanumeric
    // modes barely shorten, and searching for the best mix of segments took a third of the encoding time.
    return QRCode.create([{ data: bytes, mode: 'byte' }], { errorCorrectionLevel: qrErrorCorrection });
  } catch (error) {
    // With the version left to the library, a non-empty string fails only when even version 40 is too small.
    throw new QrPayloadTooLargeError(bytes.length, error);
  }
};

/** The module matrix for a payload; throws QrPayloadTooLargeError when no QR version can hold it. */
export const qrMatrix = (payload: string): QrMatrix => {
  if (payload.length === 0) throw new Error('The QR payload is empty');
  const code = encode(payload);
  const { size } = code.modules;
  return { size, version: code.version, isDark: (row, column) => code.modules.get(row, column) === 1 };
};

/**
 * Draws the symbol in black, quiet zone included, in the square whose lower-left corner is (x, y). Each
 * row's runs of dark modules become rectangles of one path filled once, so neighbouring modules leave no
 * hairline seams; the path is written in module units, where every coordinate is a small integer.
 */
export const drawQrCode = (page: PDFPage, matrix: QrMatrix, box: { x: number; y: number; side: number }) => {
  const { size } = matrix;
  const runs: string[] = ['0 g'];
  for (let row = 0; row < size; row++) {
    // Rows count downwards in the matrix and PDF y grows upwards.
    const y = size - 1 - row;
    let start = -1;
    for (let column = 0; column <= size; column++) {
      const dark = column < size && matrix.isDark(row, column);
      if (dark && start < 0) start = column;
      if (!dark && start >= 0) {
        runs.push(`${start} ${y} ${column - start} 1 re`);
        start = -1;
      }
    }
  }
  runs.push('f');
  const module = box.side / (size + 2 * quietZone);
  drawForm(page, 'QR', { content: compressForm(runs.join('\n')), bbox: [0, 0, size, size] }, [
    module,
    0,
    0,
    module,
    box.x + quietZone * module,
    box.y + quietZone * module,
  ]);
};
