// The module the bundles use for fontkit's `brotli/decompress.js`: Node's zlib decodes what Brotli encoded,
// to the announced length, and refuses data that is not Brotli or does not come to that length.
import { brotliCompressSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import decompress from '../../infra/brotli-decompress.ts';
import { esbuildOptions } from '../../infra/bundling.ts';
import { loadJurisdiction } from '../../infra/jurisdictions/index.ts';

describe('brotli-decompress', () => {
  it('decodes Brotli data to the announced length, as the pure-JS decoder it replaces', () => {
    const data = new TextEncoder().encode('营业执照 licence font table '.repeat(500));
    const packed = brotliCompressSync(data);
    expect(packed.length).toBeLessThan(data.length / 10);
    expect(Buffer.from(decompress(packed, data.length)).equals(Buffer.from(data))).toBe(true);
    expect(Buffer.from(decompress(packed)).equals(Buffer.from(data))).toBe(true);
    expect(() => decompress(packed, data.length + 1)).toThrow(/not the \d+ announced/);
    expect(() => decompress(new Uint8Array([1, 2, 3, 4]), 10)).toThrow();
  });

  it('is what every function bundle takes for fontkit’s decoder', () => {
    expect(esbuildOptions(loadJurisdiction('dinghai')).alias).toEqual({
      'brotli/decompress.js': './infra/brotli-decompress.ts',
    });
  });
});
