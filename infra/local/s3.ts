// The S3 emulator: s3rver on the loopback interface, storing objects in a folder. It does not check
// signatures and has neither versioning nor Object Lock; those are asserted on the CDK template instead.
import { mkdirSync } from 'node:fs';
import S3rver from 's3rver';
import { loopback } from './ports.ts';

export interface S3Local {
  endpoint: string;
  stop(): Promise<void>;
}

export const startS3Local = async (options: { dataDir: string; port?: number }): Promise<S3Local> => {
  mkdirSync(options.dataDir, { recursive: true });
  const server = new S3rver({
    address: loopback,
    port: options.port ?? 0,
    silent: true,
    directory: options.dataDir,
    allowMismatchedSignatures: true,
    vhostBuckets: false,
  });
  const address = await server.run();
  return { endpoint: `http://${loopback}:${address.port}`, stop: () => server.close() };
};
