// Builds a function as the stack deploys it: the same esbuild options (ESM bundle, the jurisdiction's config
// baked in), and the manifest's asset files copied under node_modules beside the bundle, as the CDK asset
// hook does. Bundles land outside the project tree, so a module the bundle does not carry cannot be found
// from the project's node_modules: it fails locally as it would in Lambda.
//
// Builds are cached across local clouds (every test file starts one) and rebuilt when any input changed:
// a build is named by its options and by the size and modification time of every file esbuild read.
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, version as esbuildVersion } from 'esbuild';
import type { FunctionSpec } from '../../../functions/manifest.ts';
import type { Jurisdiction } from '../../../shared/jurisdiction.ts';
import { copyAssetFiles, esbuildOptions } from '../../bundling.ts';

export const projectRoot = join(import.meta.dirname, '..', '..', '..');
export const defaultBuildCache = join(tmpdir(), 'tongban-function-builds');

export interface FunctionBuild {
  /** The function's folder (Lambda's /var/task). */
  dir: string;
  /** The bundle that exports `handler`. */
  entry: string;
}

const sha = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);

/** A fingerprint of the files a build read; undefined when one of them is gone. */
const fingerprint = (inputs: readonly string[]) => {
  const parts: string[] = [];
  for (const input of inputs) {
    try {
      const s = statSync(join(projectRoot, input));
      parts.push(`${input}:${s.size}:${s.mtimeMs}`);
    } catch {
      return undefined;
    }
  }
  return sha(parts.join('\n'));
};

/**
 * The function's current build: reused when none of its inputs changed since it was made, else made anew.
 * Safe when several processes build the same function at once (each builds aside and renames into place).
 */
export const buildFunction = async (
  spec: FunctionSpec,
  jurisdiction: Jurisdiction,
  cacheDir = defaultBuildCache,
  portalDir?: string,
): Promise<FunctionBuild> => {
  const options = esbuildOptions(jurisdiction, spec, portalDir);
  const home = join(
    cacheDir,
    `${jurisdiction.id}-${spec.name}-${sha(JSON.stringify([spec.entry, spec.assets, options, esbuildVersion]))}`,
  );
  const found = (id: string) => ({ dir: join(home, id), entry: join(home, id, 'index.mjs') });
  const manifestFile = join(home, 'inputs.json');
  try {
    const last = JSON.parse(readFileSync(manifestFile, 'utf8')) as { id: string; inputs: string[] };
    if (fingerprint(last.inputs) === last.id) return found(last.id);
  } catch {
    // no earlier build, or an unreadable record of it: build
  }

  const aside = join(home, `.build-${process.pid}-${randomBytes(4).toString('hex')}`);
  mkdirSync(aside, { recursive: true });
  try {
    const result = await build({
      ...options,
      entryPoints: [join(projectRoot, spec.entry)],
      outfile: join(aside, 'index.mjs'),
      absWorkingDir: projectRoot,
      metafile: true,
      logLevel: 'silent',
    });
    if (spec.assets?.length) copyAssetFiles(spec.assets, projectRoot, aside);
    const inputs = Object.keys(result.metafile.inputs).filter((input) => !input.includes(':'));
    const id = fingerprint(inputs);
    if (!id) throw new Error(`An input of ${spec.name} disappeared while it was built`);
    try {
      renameSync(aside, join(home, id));
    } catch {
      // Another process made the same build first: theirs is as good.
      rmSync(aside, { recursive: true, force: true });
    }
    const record = `${manifestFile}.${process.pid}`;
    writeFileSync(record, JSON.stringify({ id, inputs }));
    renameSync(record, manifestFile);
    return found(id);
  } catch (error) {
    rmSync(aside, { recursive: true, force: true });
    throw error;
  }
};
