// Platform figures: `npm start` to the first healthy response, and synth of every jurisdiction's stack.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../infra/local/ports.ts';

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
      if (ok)
        return {
          'npm start → first healthy response (s)': ((performance.now() - started) / 1000).toFixed(1),
          'aim (s)': '≤ 15',
        };
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('npm start did not answer /health within 120 s');
  } finally {
    if (child.pid) process.kill(-child.pid, 'SIGINT');
    await new Promise((r) => child.once('exit', r));
    rmSync(data, { recursive: true, force: true });
  }
};

export const benchSynth = () => {
  const out = mkdtempSync(join(tmpdir(), 'tongban-synth-'));
  try {
    const started = performance.now();
    const result = spawnSync('npx', ['cdk', 'synth', '--quiet', '--no-notices', '-o', out], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, CDK_DISABLE_VERSION_CHECK: '1', CDK_DISABLE_CLI_TELEMETRY: 'true' },
    });
    if (result.status !== 0) throw new Error(`synth failed: ${result.stderr.slice(-2000)}`);
    return {
      'synth of all stacks (s)': ((performance.now() - started) / 1000).toFixed(1),
      'aim (s)': '≤ 60',
    };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
};
