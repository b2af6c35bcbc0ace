// One local cloud per data folder. DynamoDB Local, the S3 emulator and the KMS key files cannot be shared by
// two local clouds (the second would fail deep inside an emulator, e.g. DynamoDB Local's InternalFailure on
// its locked database), so the first one to start holds a lock file in the folder naming its process and,
// once it listens, its gateway's address. A second start on the same folder is refused with that address;
// a lock left by a process that no longer runs (killed, crashed) is taken over.
import { linkSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

export const lockFileName = 'running.json';

export interface LockHolder {
  pid: number;
  host: string;
  startedAt: string;
  /** The gateway's address; absent while the holder is still starting. */
  url?: string;
}

/** Another local cloud runs on this data folder. */
export class DataFolderInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder,
  ) {
    super(
      `A local cloud is already running on ${dataDir}: ${
        holder.url ? `its gateway is ${holder.url}` : 'it is still starting'
      } (process ${holder.pid}, started ${holder.startedAt}). Use that one, stop it first (Ctrl-C in its ` +
        'terminal), or start on another folder (--jurisdiction, --data).',
    );
    this.name = 'DataFolderInUseError';
  }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

const readHolder = (file: string): LockHolder | undefined => {
  try {
    const value = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockHolder>;
    if (typeof value.pid !== 'number' || !Number.isInteger(value.pid) || value.pid < 1) return undefined;
    return {
      pid: value.pid,
      host: String(value.host ?? ''),
      startedAt: String(value.startedAt ?? ''),
      ...(typeof value.url === 'string' ? { url: value.url } : {}),
    };
  } catch {
    return undefined;
  }
};

/** The local cloud running on `dataDir` (its lock names a live process of this machine), if any. */
export const runningOn = (dataDir: string): LockHolder | undefined => {
  const holder = readHolder(join(dataDir, lockFileName));
  return holder && holder.host === hostname() && alive(holder.pid) ? holder : undefined;
};

export interface DataLock {
  /** Records the gateway's address for a second start to print. */
  setUrl(url: string): void;
  /** Removes the lock if it is still this process's. */
  release(): void;
}

/**
 * Takes the folder's lock for this process, or throws DataFolderInUseError naming the running one. The lock
 * file appears whole or not at all (written aside, then hard-linked into place, which fails if it exists).
 */
export const acquireDataLock = (dataDir: string): DataLock => {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, lockFileName);
  const mine: LockHolder = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
  const aside = join(dataDir, `.${lockFileName}.${process.pid}`);
  const writeAside = (holder: LockHolder) => writeFileSync(aside, `${JSON.stringify(holder)}\n`);
  for (let attempt = 0; ; attempt++) {
    writeAside(mine);
    try {
      linkSync(aside, file);
      rmSync(aside, { force: true });
      break;
    } catch (error) {
      rmSync(aside, { force: true });
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const stale = readHolder(file);
    const holder = runningOn(dataDir);
    if (holder) throw new DataFolderInUseError(dataDir, holder);
    if (attempt >= 3) throw new Error(`Could not take the lock ${file}`);
    // Left by a process that is gone (or unreadable): taken over, unless another start took it over since.
    if (readHolder(file)?.pid === stale?.pid) rmSync(file, { force: true });
  }
  const ours = () => readHolder(file)?.pid === process.pid;
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off('exit', release);
    if (ours()) rmSync(file, { force: true });
  };
  // Also on an exit that skips the local cloud's stop (process.exit elsewhere).
  process.on('exit', release);
  return {
    setUrl: (url) => {
      if (released || !ours()) return;
      writeAside({ ...mine, url });
      renameSync(aside, file);
    },
    release,
  };
};
