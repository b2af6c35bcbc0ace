// Platform figures: `npm start` to the first healthy response (functions in sandboxes, the demo jurisdiction
// seeded) beside DynamoDB Local alone, the slowest emulator to start; and synth of every jurisdiction's stack
// (in a quick run of one stack, against a fifth of the five-stack aim).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDynamoDbLocal } from '../infra/local/dynamodb/index.ts';
import { freePort } from '../infra/local/ports.ts';
import { scaled } from './scale.ts';

const root = join(import.meta.dirname, '..');

export const benchStartup = async () => {
  const data = mkdtempSync(join(tmpdir(), 'tongban-start-'));
  const port = await freePort();
  const started = performance.now();
  const child = spawn('npm', ['start', '--', '--data', data], {
    cwd: root,
    env: { ...process.env, PORT: String(port) },
    stdio: 'ignore',
    detached: true,
  });
  try {
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline) {
      const ok = await fetch(`http://127.0.0.1:${port}/health`)
        .then((r) => r.status === 200)
        .catch(() => false);
      if (ok) {
        const seconds = (performance.now() - started) / 1000;
        const dynamoStarted = performance.now();
        const dynamo = await startDynamoDbLocal();
        const dynamoSeconds = (performance.now() - dynamoStarted) / 1000;
        await dynamo.stop();
        return {
          'npm start → first healthy response (s)': seconds.toFixed(1),
          'aim (s)': '≤ 15',
          'baseline: DynamoDB Local alone → port open (s)': dynamoSeconds.toFixed(1),
        };
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('npm start did not answer /health within 120 s');
  } finally {
    if (child.pid) process.kill(-child.pid, 'SIGINT');
    await new Promise((r) => child.once('exit', r));
    rmSync(data, { recursive: true, force: true });
  }
};

/** Seconds `npx cdk …` takes, failing on a non-zero exit. */
const cdkSeconds = (args: string[]) => {
  const started = performance.now();
  const result = spawnSync('npx', ['cdk', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, CDK_DISABLE_VERSION_CHECK: '1', CDK_DISABLE_CLI_TELEMETRY: 'true' },
  });
  if (result.status !== 0) throw new Error(`cdk ${args[0]} failed: ${result.stderr.slice(-2000)}`);
  return (performance.now() - started) / 1000;
};

export const benchSynth = () => {
  const out = mkdtempSync(join(tmpdir(), 'tongban-synth-'));
  try {
    const only = scaled([], ['-c', 'jurisdiction=dinghai']);
    const seconds = cdkSeconds(['synth', '--quiet', '--no-notices', '-o', out, ...only]);
    return {
      [`synth of ${scaled('all stacks', 'the dinghai stack')} (s)`]: seconds.toFixed(1),
      'aim (s)': scaled('≤ 60', '≤ 12'),
      'baseline: the CDK CLI alone (cdk --version) (s)': cdkSeconds(['--version']).toFixed(1),
    };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
};
