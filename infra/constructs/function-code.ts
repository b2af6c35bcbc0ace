// A function's code asset, bundled in this process through esbuild's API with the options of ../bundling.ts
// (the bundle benchmark and the local sandboxes build with the same), and the manifest's asset files copied
// under node_modules beside the bundle. NodejsFunction's own bundling spawns `npx esbuild` and a shell per
// asset; across the dozen functions of each of five stacks those spawns cost more than the bundling itself.
// No source maps: loading them (--enable-source-maps) made cold imports about a quarter slower when measured.
import { join } from 'node:path';
import { AssetHashType, type ILocalBundling } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { buildSync } from 'esbuild';
import type { FunctionSpec } from '../../functions/manifest.ts';
import type { Jurisdiction } from '../../shared/jurisdiction.ts';
import { copyAssetFiles, esbuildOptions } from '../bundling.ts';

const projectRoot = join(import.meta.dirname, '..', '..');

// The fields are public on purpose: CDK keys its per-process asset cache by the bundling options as JSON,
// so two functions, or one function of two jurisdictions, must never serialise alike.
class InProcessBundling implements ILocalBundling {
  constructor(
    readonly entry: string,
    readonly assets: readonly string[],
    readonly jurisdiction: Jurisdiction,
    readonly keepNames: boolean,
    readonly portalShell: boolean,
  ) {}

  tryBundle(outputDir: string) {
    buildSync({
      ...esbuildOptions(this.jurisdiction, { keepNames: this.keepNames, portalShell: this.portalShell }),
      entryPoints: [join(projectRoot, this.entry)],
      outfile: join(outputDir, 'index.mjs'),
      absWorkingDir: projectRoot,
      logLevel: 'warning',
    });
    copyAssetFiles(this.assets, projectRoot, outputDir);
    return true;
  }
}

/** The deployable code of a function for one jurisdiction, named by the hash of what was bundled. */
export const functionCode = (spec: FunctionSpec, jurisdiction: Jurisdiction, runtime: lambda.Runtime) =>
  lambda.Code.fromAsset(projectRoot, {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // Docker is never started: in-process bundling either succeeds or throws.
      image: runtime.bundlingImage,
      local: new InProcessBundling(
        spec.entry,
        spec.assets ?? [],
        jurisdiction,
        spec.keepNames ?? false,
        spec.portalShell ?? false,
      ),
    },
  });
