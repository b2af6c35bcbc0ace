// One local cloud per data folder: a second start on the same folder is refused with the running one's
// address instead of failing inside an emulator; a lock left by a process that is gone is taken over.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type LocalCloud, projectRoot, startLocalCloud } from '../../../infra/local/cloud.ts';
import {
  acquireDataLock,
  DataFolderInUseError,
  lockFileName,
  runningOn,
} from '../../../infra/local/data-lock.ts';

const folders: string[] = [];
const folder = () => {
  const dir = mkdtempSync(join(tmpdir(), 'tongban-lock-'));
  folders.push(dir);
  return dir;
};
const children: ChildProcess[] = [];
/** A process of this machine that stays alive until the tests end: a live holder that is not this one. */
const liveProcess = () => {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  children.push(child);
  return child.pid!;
};
/** The pid of a process that has exited. */
const deadPid = () => spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });

afterAll(() => {
  for (const child of children) child.kill();
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

const writeLock = (dir: string, holder: Record<string, unknown>) =>
  writeFileSync(join(dir, lockFileName), JSON.stringify(holder));

/** A folder whose lock names a live process of this machine and `url`; the folder and that pid. */
const heldFolder = (url?: string) => {
  const dir = folder();
  const pid = liveProcess();
  writeLock(dir, { pid, host: hostname(), startedAt: '2026-12-07T09:00:00.000Z', ...(url ? { url } : {}) });
  return { dir, pid };
};

describe('the data folder lock', () => {
  it('is taken, names this process and its address, and is removed on release', () => {
    const dir = folder();
    const lock = acquireDataLock(dir);
    expect(runningOn(dir)).toMatchObject({ pid: process.pid, host: hostname() });
    expect(runningOn(dir)?.url).toBeUndefined();
    lock.setUrl('http://127.0.0.1:3975');
    expect(JSON.parse(readFileSync(join(dir, lockFileName), 'utf8'))).toMatchObject({
      pid: process.pid,
      url: 'http://127.0.0.1:3975',
    });
    lock.release();
    expect(existsSync(join(dir, lockFileName))).toBe(false);
    expect(runningOn(dir)).toBeUndefined();
  });

  it('refuses a second holder while a live process holds it, naming its address and process', () => {
    const { dir, pid } = heldFolder('http://127.0.0.1:4100');
    let refused: unknown;
    try {
      acquireDataLock(dir);
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(DataFolderInUseError);
    expect((refused as Error).message).toContain('http://127.0.0.1:4100');
    expect((refused as Error).message).toContain(`process ${pid}`);
    // The holder's lock is left as it was.
    expect(runningOn(dir)?.pid).toBe(pid);
  });

  it('takes over a lock left by a process that is gone, or one that cannot be read', () => {
    const dir = folder();
    const gone = Number(deadPid().stdout.trim());
    writeLock(dir, { pid: gone, host: hostname(), startedAt: '2026-12-07T09:00:00.000Z', url: 'http://x' });
    expect(runningOn(dir)).toBeUndefined();
    const lock = acquireDataLock(dir);
    expect(runningOn(dir)?.pid).toBe(process.pid);
    lock.release();

    writeFileSync(join(dir, lockFileName), '{"pid":');
    const again = acquireDataLock(dir);
    expect(runningOn(dir)?.pid).toBe(process.pid);
    again.release();
  });

  it('does not remove a lock another process took over meanwhile', () => {
    const dir = folder();
    const lock = acquireDataLock(dir);
    const pid = liveProcess();
    writeLock(dir, { pid, host: hostname(), startedAt: '2026-12-07T09:00:00.000Z' });
    lock.release();
    expect(runningOn(dir)?.pid).toBe(pid);
  });
});

describe('two local clouds on one data folder', () => {
  let first: LocalCloud | undefined;
  afterAll(async () => {
    await first?.stop();
  });

  it('refuses the second start with the first one’s gateway address, and frees the folder on stop', async () => {
    const dir = folder();
    first = await startLocalCloud({ jurisdictionId: 'dinghai', dataDir: dir });
    const second = await startLocalCloud({ jurisdictionId: 'dinghai', dataDir: dir }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(second).toBeInstanceOf(DataFolderInUseError);
    expect((second as Error).message).toContain(first.url);
    // The first one still answers.
    expect((await fetch(`${first.url}/health`)).status).toBe(200);
    await first.stop();
    first = undefined;
    expect(runningOn(dir)).toBeUndefined();
  }, 120_000);

  it('npm start on a folder in use says where the running one is and exits non-zero', () => {
    const { dir, pid } = heldFolder('http://127.0.0.1:4200');
    const start = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'infra/local/start.ts', '--data', dir, '--reset'],
      {
        cwd: projectRoot,
        encoding: 'utf8',
        env: { ...process.env, PORT: '0' },
        timeout: 60_000,
      },
    );
    expect(start.status).toBe(1);
    expect(start.stderr).toContain('already running');
    expect(start.stderr).toContain('http://127.0.0.1:4200');
    expect(start.stdout).not.toContain('wiped');
    // --reset did not touch the running one's data.
    expect(runningOn(dir)?.pid).toBe(pid);
  });
});
