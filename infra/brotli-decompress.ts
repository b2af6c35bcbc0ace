// What `brotli/decompress.js` (the pure-JS Brotli decoder fontkit calls for WOFF2 fonts, some 475 kB once
// bundled) does, done by Node's own zlib: the bundles alias that module to this one (../infra/bundling.ts).
// Same contract: the compressed bytes in, the decompressed bytes out, `outSize` their expected length.
import { brotliDecompressSync } from 'node:zlib';

export default function decompress(buffer: Uint8Array, outSize?: number): Uint8Array {
  const out = brotliDecompressSync(buffer, outSize ? { maxOutputLength: Math.max(outSize, 1) } : {});
  if (outSize !== undefined && out.length !== outSize)
    throw new Error(`Brotli data decompressed to ${out.length} bytes, not the ${outSize} announced`);
  return new Uint8Array(out.buffer, out.byteOffset, out.length);
}
