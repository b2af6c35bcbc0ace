// The portal's build: a static site (HTML, one small JS bundle, one stylesheet) that the local gateway serves
// at / and the stack serves from S3 through CloudFront. Preact keeps the script small for cheap phones on
// slow island and plateau connections.
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2020',
    assetsDir: 'assets',
  },
});
