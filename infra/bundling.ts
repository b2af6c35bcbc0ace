// How every function is bundled: the CDK construct and the bundle benchmark share these esbuild options,
// so the measured bundle is the deployed one.
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { FunctionSpec } from '../functions/manifest.ts';
import type { Jurisdiction } from '../shared/jurisdiction.ts';
import { ensurePortalBuild, portalShell } from './portal-build.ts';

/** ESM bundles still meet CommonJS dependencies that call `require`; this banner provides it. */
export const esmRequireBanner =
  "import { createRequire as __tongbanCreateRequire } from 'node:module'; const require = __tongbanCreateRequire(import.meta.url);";

export const bundleDefine = (jurisdiction: Jurisdiction, shell?: string) => ({
  'process.env.JURISDICTION_CONFIG': JSON.stringify(JSON.stringify(jurisdiction)),
  ...(shell === undefined ? {} : { 'process.env.PORTAL_SHELL': JSON.stringify(shell) }),
});

/**
 * The options a function is built with. A function with `portalShell` gets the shell of the portal built in
 * `portalDir` (portal/dist, built first when missing or stale, by default).
 */
export const esbuildOptions = (
  jurisdiction: Jurisdiction,
  spec: Pick<FunctionSpec, 'keepNames' | 'portalShell'> = {},
  portalDir?: string,
) => ({
  bundle: true,
  platform: 'node' as const,
  format: 'esm' as const,
  target: 'node22',
  minify: true,
  keepNames: spec.keepNames ?? false,
  mainFields: ['module', 'main'],
  banner: { js: esmRequireBanner },
  define: bundleDefine(
    jurisdiction,
    spec.portalShell ? portalShell(portalDir ?? ensurePortalBuild()) : undefined,
  ),
  legalComments: 'none' as const,
  // fontkit's pure-JS Brotli decoder (for WOFF2) is replaced by Node's zlib, which does the same natively.
  alias: { 'brotli/decompress.js': './infra/brotli-decompress.ts' },
  // The portal's components, drawn on the server by the pages function.
  jsx: 'automatic' as const,
  jsxImportSource: 'preact',
});

/** The package a subpath belongs to: `@scope/name/…` or `name/…`. */
const packageOf = (subpath: string) =>
  subpath
    .split('/')
    .slice(0, subpath.startsWith('@') ? 2 : 1)
    .join('/');

/**
 * Files a function ships beside its bundle (a manifest's `assets`), with the package.json of each one's
 * package so Node's module resolution finds them under `node_modules/`.
 */
export const assetFiles = (assets: readonly string[]) => [
  ...new Set([...assets, ...assets.map((a) => `${packageOf(a)}/package.json`)]),
];

/** Copies a function's asset files from the project's node_modules to the node_modules beside its bundle. */
export const copyAssetFiles = (assets: readonly string[], projectRoot: string, outputDir: string) => {
  for (const file of assetFiles(assets)) {
    const target = join(outputDir, 'node_modules', file);
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(join(projectRoot, 'node_modules', file), target);
  }
};
