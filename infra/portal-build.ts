// The portal's static build (Vite, from portal/), for the local gateway and for the stack's deployment. The
// stack builds it during synth when portal/dist is missing or older than a file of portal/: CDK constructs
// are synchronous, so that build runs Vite's build API in a child process.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const portalRoot = join(import.meta.dirname, '..', 'portal');
export const defaultPortalDir = join(portalRoot, 'dist');
const projectRoot = join(portalRoot, '..');

/** What Vite's `build` is called with: the portal's config, into `outDir`. */
const buildOptions = (outDir: string) => ({
  configFile: join(portalRoot, 'vite.config.ts'),
  logLevel: 'warn' as const,
  build: { outDir, emptyOutDir: true },
});

/** Builds the portal into `outDir` (portal/dist by default). */
export const buildPortal = async (outDir = defaultPortalDir) => {
  const { build } = await import('vite');
  await build(buildOptions(outDir));
  return outDir;
};

/** The newest modification time of the portal's sources (everything in portal/ but builds). */
const newestSource = (dir = portalRoot): number =>
  readdirSync(dir, { withFileTypes: true })
    .filter(
      (entry) => !(dir === portalRoot && entry.name.startsWith('dist')) && entry.name !== 'node_modules',
    )
    .reduce((newest, entry) => {
      const path = join(dir, entry.name);
      return Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
    }, 0);

/** Whether `outDir` holds a build at least as new as every source file. */
export const portalBuildIsFresh = (outDir = defaultPortalDir) => {
  const built = statSync(join(outDir, 'index.html'), { throwIfNoEntry: false })?.mtimeMs;
  return built !== undefined && built >= newestSource();
};

/**
 * portal/dist, built first when missing or stale. The build goes to a directory of its own and replaces
 * the old one only once complete, so a concurrent reader never sees half a build.
 */
export const ensurePortalBuild = (outDir = defaultPortalDir) => {
  if (portalBuildIsFresh(outDir)) return outDir;
  const staging = `${outDir}-build-${process.pid}`;
  const result = spawnSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      "const { build } = await import('vite'); await build(JSON.parse(process.env.TONGBAN_PORTAL_BUILD));",
    ],
    {
      cwd: projectRoot,
      env: { ...process.env, TONGBAN_PORTAL_BUILD: JSON.stringify(buildOptions(staging)) },
      encoding: 'utf8',
    },
  );
  if (result.status !== 0) {
    rmSync(staging, { recursive: true, force: true });
    throw new Error(`The portal build failed:\n${result.stderr || result.error?.message}`);
  }
  rmSync(outDir, { recursive: true, force: true });
  try {
    renameSync(staging, outDir);
  } catch (error) {
    // Another synth built it at the same moment; theirs will do.
    rmSync(staging, { recursive: true, force: true });
    if (!portalBuildIsFresh(outDir)) throw error;
  }
  return outDir;
};

/** The stylesheet link of the built index.html. */
const stylesheetLink = /<link rel="stylesheet"[^>]*href="(\/assets\/[^"]+\.css)"[^>]*>/;

/** The build's stylesheet, as the pages function inlines it. */
export const portalStyles = (outDir = defaultPortalDir) => {
  const link = stylesheetLink.exec(readFileSync(join(outDir, 'index.html'), 'utf8'));
  if (!link) throw new Error(`The portal build in ${outDir} has no stylesheet link`);
  return readFileSync(join(outDir, link[1]!), 'utf8');
};

/** The drawn pages' island (portal/src/island.ts), built beside the app as one self-contained script. */
export const portalIsland = (outDir = defaultPortalDir) => readFileSync(join(outDir, 'island.js'), 'utf8');

/** The island's element in the shell: the pages function keeps it in drawn pages only. */
export const islandScript = (source: string) => `<script id="tongban-island">${source}</script>`;

/**
 * The shell the pages function serves: the built index.html with its stylesheet inlined, so a page needs no
 * second round trip before it can be drawn (on a slow line, each costs seconds), and the island at the end
 * of the head, listening before any control of a drawn page is parsed.
 */
export const portalShell = (outDir = defaultPortalDir) =>
  readFileSync(join(outDir, 'index.html'), 'utf8')
    .replace(stylesheetLink, () => `<style>${portalStyles(outDir)}</style>`)
    .replace('</head>', () => `${islandScript(portalIsland(outDir))}</head>`);

const sha256Source = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/** The CSP source that allows the inlined stylesheet of the build in `outDir`. */
export const portalStyleSource = (outDir = defaultPortalDir) => sha256Source(portalStyles(outDir));

/** The CSP source that allows the inlined island of the build in `outDir`. */
export const portalScriptSource = (outDir = defaultPortalDir) => sha256Source(portalIsland(outDir));
