// `npm run bench`: every figure the issues ask for, each beside a baseline measured in the same run.
// Sections can be picked: `npm run bench -- bundles search`.
import { benchBundles } from './bundles.ts';
import { benchCatalogue } from './catalogue.ts';
import { benchStartup, benchSynth } from './platform.ts';
import { benchSearch, generatedDocs } from './search.ts';

const sections: Record<string, () => Promise<Record<string, unknown>[] | Record<string, unknown>>> = {
  bundles: () => benchBundles(),
  startup: () => benchStartup(),
  synth: async () => benchSynth(),
  search: () => benchSearch(generatedDocs(50_000)),
  catalogue: () => benchCatalogue(),
};

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
for (const name of wanted.length > 0 ? wanted : Object.keys(sections)) {
  const run = sections[name];
  if (!run) {
    console.error(`Unknown section ${name}; known: ${Object.keys(sections).join(', ')}`);
    process.exit(1);
  }
  console.log(`\n## ${name}`);
  const result = await run();
  console.table(Array.isArray(result) ? result : [result]);
}
