// Vector marks (the QR code, the seal) as PDF form XObjects whose content is written here as text and
// compressed with Node's native zlib. Built through pdf-lib's operator objects, a 1,500-byte QR code is
// ~9,000 rectangles of four numbers each, formatted one by one and then deflated in JavaScript: that made
// it the slowest part of a render.
import { deflateSync } from 'node:zlib';
import {
  concatTransformationMatrix,
  drawObject,
  type PDFDict,
  type PDFPage,
  popGraphicsState,
  pushGraphicsState,
} from 'pdf-lib';

/** A number as PDF content writes it: at most two decimals, no trailing zeros. */
export const num = (value: number) => {
  const rounded = Math.round(value * 100) / 100;
  return Object.is(rounded, -0) ? '0' : String(rounded);
};

export interface Form {
  /** The compressed content stream, in the form's own units. */
  content: Uint8Array;
  bbox: [number, number, number, number];
  /** Builds the form's resource dictionary (e.g. its graphics states) in the document. */
  resources?: (page: PDFPage) => PDFDict;
}

export const compressForm = (content: string) => new Uint8Array(deflateSync(Buffer.from(content, 'latin1')));

/** Places the form on the page through the matrix [a b c d e f] (form units to page points). */
export const drawForm = (
  page: PDFPage,
  tag: string,
  form: Form,
  matrix: [number, number, number, number, number, number],
) => {
  const { context } = page.doc;
  const stream = context.stream(form.content, {
    Type: 'XObject',
    Subtype: 'Form',
    BBox: form.bbox,
    Filter: 'FlateDecode',
    ...(form.resources ? { Resources: form.resources(page) } : {}),
  });
  const name = page.node.newXObject(tag, context.register(stream));
  page.pushOperators(
    pushGraphicsState(),
    concatTransformationMatrix(...matrix),
    drawObject(name),
    popGraphicsState(),
  );
};
