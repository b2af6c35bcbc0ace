// The portal's build: a static site (HTML, one small JS bundle, one stylesheet) that the local gateway serves
// at / and the stack serves from S3 through CloudFront. Preact keeps the script small for cheap phones on
// slow island and plateau connections. Beside it, the drawn pages' island (src/island.ts) is built on its own
// by esbuild into island.js, one self-contained script that the pages function inlines: it shares no chunk
// with the app, whose lazy chunks import the app's entry by its address.
import { join } from 'node:path';
import { build } from 'esbuild';
import { defineConfig, type Plugin } from 'vite';

const island = (): Plugin => ({
  name: 'tongban-island',
  apply: 'build',
  async generateBundle() {
    const built = await build({
      entryPoints: [join(import.meta.dirname, 'src', 'island.ts')],
      bundle: true,
      write: false,
      minify: true,
      format: 'iife',
      target: 'es2020',
      legalComments: 'none',
    });
    this.emitFile({ type: 'asset', fileName: 'island.js', source: built.outputFiles[0]!.text.trim() });
  },
});

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  plugins: [island()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2020',
    assetsDir: 'assets',
  },
});
