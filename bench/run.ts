// `npm run bench`: every figure the issues ask for, each beside a baseline measured in the same run.
// Sections can be picked: `npm run bench -- bundles search`; `--quick` runs them at small sizes (CI's smoke).
// Every picked section runs, and the run fails if any section failed.
import { spawnSync } from 'node:child_process';
import { benchAnswers } from './answers.ts';
import { benchAppointments } from './appointments.ts';
import { benchBundles } from './bundles.ts';
import { benchCases } from './cases.ts';
import { benchCatalogue } from './catalogue.ts';
import { benchCost } from './cost.ts';
import { benchDelivery } from './delivery.ts';
import { benchLicences } from './licences.ts';
import { benchNotifications } from './notifications.ts';
import { benchPayments } from './payments.ts';
import { benchStartup, benchSynth } from './platform.ts';
import { benchPortal } from './portal.ts';
import { quick, scaled } from './scale.ts';
import { benchSeals } from './seals.ts';
import { benchSearch, generatedDocs } from './search.ts';
import { benchSignIn } from './sign-in.ts';
import { benchTickets } from './tickets.ts';

const sections: Record<string, () => Promise<Record<string, unknown>[] | Record<string, unknown>>> = {
  bundles: () => benchBundles(),
  startup: () => benchStartup(),
  synth: async () => benchSynth(),
  search: () => benchSearch(generatedDocs(scaled(50_000, 2_000))),
  catalogue: () => benchCatalogue(),
  cases: () => benchCases(),
  licences: () => benchLicences(),
  portal: () => benchPortal(),
  'sign-in': () => benchSignIn(),
  notifications: () => benchNotifications(),
  answers: () => benchAnswers(),
  seals: () => benchSeals(),
  tickets: () => benchTickets(),
  cost: () => benchCost(),
  appointments: () => benchAppointments(),
  delivery: () => benchDelivery(),
  payments: () => benchPayments(),
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
  const failed: string[] = [];
  const took: string[] = [];
  for (const name of picked) {
    const started = performance.now();
    const child = spawnSync(process.execPath, [...process.execArgv, process.argv[1]!, name], {
      stdio: 'inherit',
      env: { ...process.env, ...(quick ? { BENCH_QUICK: '1' } : {}) },
    });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    took.push(`${name} ${seconds} s`);
    if (child.status !== 0) failed.push(`${name} (${child.signal ?? `exit ${child.status}`})`);
  }
  console.log(`\n${quick ? 'Quick run' : 'Run'}: ${took.join(', ')}`);
  if (failed.length > 0) {
    console.error(`Failed: ${failed.join(', ')}`);
    process.exit(1);
  }
} else {
  const name = picked[0]!;
  console.log(`\n## ${name}${quick ? ' (quick: small sizes)' : ''}`);
  const result = await sections[name]!();
  console.table(Array.isArray(result) ? result : [result]);
}
