// Bundle size and cold import time of every function, next to a baseline bundle that holds only the
// DynamoDB client, measured in the same run so the ratio holds on a noisy machine.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { type FunctionSpec, functionEnvironment, functionSpecs } from '../functions/manifest.ts';
import { esbuildOptions } from '../infra/bundling.ts';
import { loadJurisdiction } from '../infra/jurisdictions/index.ts';
import { resourceNames } from '../infra/naming.ts';
import { scaled } from './scale.ts';
import { median } from './stats.ts';

const root = join(import.meta.dirname, '..');
const region = 'us-east-1';
const account = '000000000000';

/**
 * What the bundle is imported with: the environment the stack gives the function (its bindings' variables
 * only, with the local names standing in for CloudFormation references) and what Lambda adds (region,
 * credentials). Nothing is contacted during import.
 */
const lambdaEnvironment = (jurisdictionId: string, spec: Pick<FunctionSpec, 'bindings'>) => ({
  PATH: process.env.PATH,
  AWS_REGION: region,
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  ...functionEnvironment(spec, resourceNames(jurisdictionId, region, account)),
});

const coldImportMs = (file: string, env: NodeJS.ProcessEnv, runs: number) => {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const script = `const t = performance.now(); await import(${JSON.stringify(file)}); console.log(performance.now() - t);`;
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
      env,
    });
    if (result.status !== 0) throw new Error(`import of ${file} failed: ${result.stderr.slice(-600)}`);
    // The figure is the last line: a module may log while it loads.
    samples.push(Number(result.stdout.trim().split('\n').pop()));
  }
  return median(samples);
};

export const benchBundles = async (jurisdictionId = 'dinghai', runs = scaled(7, 1)) => {
  const jurisdiction = loadJurisdiction(jurisdictionId);
  const out = mkdtempSync(join(tmpdir(), 'tongban-bundles-'));
  try {
    const baseline =
      "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nconst client = new DynamoDBClient({});\nexport const handler = async () => client.config.region;\n";
    const entries = [
      {
        name: 'baseline (DynamoDB client only)',
        entry: undefined as string | undefined,
        bindings: [],
        keepNames: undefined as boolean | undefined,
        portalShell: undefined as boolean | undefined,
      },
      ...functionSpecs.map((spec) => ({
        name: spec.name,
        entry: join(root, spec.entry),
        bindings: spec.bindings,
        keepNames: spec.keepNames,
        portalShell: spec.portalShell,
      })),
    ];
    const rows: Array<{ name: string; kB: number; coldMs: number }> = [];
    for (const { name, entry, bindings, keepNames, portalShell } of entries) {
      const outfile = join(out, `${name.split(' ')[0]}.mjs`);
      await build({
        ...esbuildOptions(jurisdiction, { keepNames, portalShell }),
        ...(entry
          ? { entryPoints: [entry] }
          : { stdin: { contents: baseline, resolveDir: root, loader: 'js' as const } }),
        outfile,
        absWorkingDir: root,
        logLevel: 'error',
      });
      const env = lambdaEnvironment(jurisdictionId, { bindings });
      rows.push({ name, kB: statSync(outfile).size / 1024, coldMs: coldImportMs(outfile, env, runs) });
    }
    const base = rows[0]!;
    return rows.map((row) => ({
      function: row.name,
      'bundle kB': row.kB.toFixed(0),
      'size ×base': (row.kB / base.kB).toFixed(2),
      'budget ≤500 kB': row.kB <= 500 ? 'ok' : 'OVER',
      'cold import ms (median)': row.coldMs.toFixed(1),
      'import ×base (aim ≤1.5)': (row.coldMs / base.coldMs).toFixed(2),
    }));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
};
