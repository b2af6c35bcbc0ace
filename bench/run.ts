// `npm run bench`: every figure the issues ask for, each beside a baseline measured in the same run.
// Sections can be picked: `npm run bench -- bundles search`.
import { spawnSync } from 'node:child_process';
import { benchBundles } from './bundles.ts';
import { benchCases } from './cases.ts';
import { benchCatalogue } from './catalogue.ts';
import { benchLicences } from './licences.ts';
import { benchStartup, benchSynth } from './platform.ts';
import { benchSearch, generatedDocs } from './search.ts';

const sections: Record<string, () => Promise<Record<string, unknown>[] | Record<string, unknown>>> = {
  bundles: () => benchBundles(),
  startup: () => benchStartup(),
  synth: async () => benchSynth(),
  search: () => benchSearch(generatedDocs(50_000)),
  catalogue: () => benchCatalogue(),
  cases: () => benchCases(),
  licences: () => benchLicences(),
};

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const picked = wanted.length > 0 ? wanted : Object.keys(sections);
const unknown = picked.filter((name) => !sections[name]);
if (unknown.length > 0) {
  console.error(`Unknown section ${unknown.join(', ')}; known: ${Object.keys(sections).join(', ')}`);
  process.exit(1);
}
if (picked.length > 1) {
  // A section that starts a local cloud in this process leaves it wired into process-wide state (the
  // emulator endpoints in process.env, the SDK clients and handler modules built against them), so a
  // second such section would talk to the first one's stopped emulators: each section gets a process.
  for (const name of picked) {
    const child = spawnSync(process.execPath, [...process.execArgv, process.argv[1]!, name], {
      stdio: 'inherit',
    });
    if (child.status !== 0) process.exit(child.status ?? 1);
  }
} else {
  const name = picked[0]!;
  console.log(`\n## ${name}`);
  const result = await sections[name]!();
  console.table(Array.isArray(result) ? result : [result]);
}
