// Bundle size and cold import time of every function, next to a baseline bundle that holds only the
// DynamoDB client, measured in the same run so the ratio holds on a noisy machine.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { functionSpecs } from '../functions/manifest.ts';
import { esbuildOptions } from '../infra/bundling.ts';
import { loadJurisdiction } from '../infra/jurisdictions/index.ts';
import { median } from './stats.ts';

const root = join(import.meta.dirname, '..');

const coldImportMs = (file: string, runs: number) => {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const script = `const t = performance.now(); await import(${JSON.stringify(file)}); console.log(performance.now() - t);`;
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
      // What the stack sets for a function with bindings; nothing is contacted during import.
      env: {
        PATH: process.env.PATH,
        AWS_REGION: 'us-east-1',
        POWERTOOLS_LOG_LEVEL: 'SILENT',
        TABLE_NAME: 'bench',
        ASSET_BUCKET_NAME: 'bench',
        LICENCE_BUCKET_NAME: 'bench',
      },
    });
    if (result.status !== 0) throw new Error(`import of ${file} failed: ${result.stderr.slice(-600)}`);
    samples.push(Number(result.stdout.trim()));
  }
  return median(samples);
};

export const benchBundles = async (jurisdictionId = 'dinghai', runs = 7) => {
  const jurisdiction = loadJurisdiction(jurisdictionId);
  const out = mkdtempSync(join(tmpdir(), 'tongban-bundles-'));
  try {
    const baseline =
      "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nconst client = new DynamoDBClient({});\nexport const handler = async () => client.config.region;\n";
    const entries = [
      { name: 'baseline (DynamoDB client only)', entry: undefined as string | undefined },
      ...functionSpecs.map((spec) => ({ name: spec.name, entry: join(root, spec.entry) })),
    ];
    const rows: Array<{ name: string; kB: number; coldMs: number }> = [];
    for (const { name, entry } of entries) {
      const outfile = join(out, `${name.split(' ')[0]}.mjs`);
      await build({
        ...esbuildOptions(jurisdiction),
        ...(entry
          ? { entryPoints: [entry] }
          : { stdin: { contents: baseline, resolveDir: root, loader: 'js' as const } }),
        outfile,
        absWorkingDir: root,
        logLevel: 'error',
      });
      rows.push({ name, kB: statSync(outfile).size / 1024, coldMs: coldImportMs(outfile, runs) });
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
