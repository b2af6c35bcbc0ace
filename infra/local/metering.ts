// Meters what the functions ask of DynamoDB, S3 and KMS, for the cost bench: a pass-through HTTP proxy in
// front of each emulator, put in the functions' endpoints when a local cloud is started with `metering`.
// DynamoDB requests are sent on with ReturnConsumedCapacity TOTAL (when the caller asked for none), and the
// capacity DynamoDB Local reports (indexes included) is summed as read and write request units, as on-demand
// tables bill them; the field is taken out of the answer again for a caller that did not ask. S3 requests
// are counted as its price list groups them; KMS requests by operation. Nothing else about a request or its
// answer changes.
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { loopback } from './ports.ts';

export interface Usage {
  /** Request units, and the requests that consume them by operation (streams and table admin are not). */
  dynamodb: { readUnits: number; writeUnits: number; requests: Record<string, number> };
  /** PUT, COPY, POST and LIST requests; GET, HEAD and other reads (DELETE is free and not counted). */
  s3: { tier1: number; tier2: number };
  kms: { requests: Record<string, number> };
}

export const emptyUsage = (): Usage => ({
  dynamodb: { readUnits: 0, writeUnits: 0, requests: {} },
  s3: { tier1: 0, tier2: 0 },
  kms: { requests: {} },
});

/** `after - before`, for the usage of one stretch of work. */
export const usageSince = (before: Usage, after: Usage): Usage => {
  const minus = (a: Record<string, number>, b: Record<string, number>) =>
    Object.fromEntries(
      Object.entries(a)
        .map(([k, v]) => [k, v - (b[k] ?? 0)] as const)
        .filter(([, v]) => v !== 0),
    );
  return {
    dynamodb: {
      readUnits: after.dynamodb.readUnits - before.dynamodb.readUnits,
      writeUnits: after.dynamodb.writeUnits - before.dynamodb.writeUnits,
      requests: minus(after.dynamodb.requests, before.dynamodb.requests),
    },
    s3: { tier1: after.s3.tier1 - before.s3.tier1, tier2: after.s3.tier2 - before.s3.tier2 },
    kms: { requests: minus(after.kms.requests, before.kms.requests) },
  };
};

const copy = (usage: Usage): Usage => structuredClone(usage);

/** DynamoDB operations that take ReturnConsumedCapacity; the first six only read. */
const reads = new Set(['GetItem', 'BatchGetItem', 'Query', 'Scan', 'TransactGetItems']);
const capacityOperations = new Set([
  ...reads,
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'BatchWriteItem',
  'TransactWriteItems',
  'ExecuteStatement',
  'BatchExecuteStatement',
  'ExecuteTransaction',
]);

interface Capacity {
  CapacityUnits?: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
}

const readBody = (req: IncomingMessage) =>
  new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });

const operationOf = (req: IncomingMessage) => {
  const target = req.headers['x-amz-target'];
  return typeof target === 'string' ? (target.split('.').pop() ?? '') : '';
};

/** S3's price groups: writes and listings are tier 1, reads tier 2, deletes free. */
const s3Tier = (req: IncomingMessage): 'tier1' | 'tier2' | undefined => {
  const method = req.method ?? 'GET';
  if (method === 'DELETE') return undefined;
  if (method === 'PUT' || method === 'POST') return 'tier1';
  const url = new URL(req.url ?? '/', 'http://local');
  // A GET of a bucket (path-style: one segment) lists it.
  const segments = url.pathname.split('/').filter(Boolean);
  return method === 'GET' && segments.length <= 1 ? 'tier1' : 'tier2';
};

export interface MeteringProxy {
  url: string;
  close(): Promise<void>;
}

export interface Metering {
  /** A proxy for the emulator at `target`, metering as `service` bills. */
  proxy(service: 'dynamodb' | 's3' | 'kms', target: string): Promise<MeteringProxy>;
  usage(): Usage;
}

export const createMetering = (): Metering => {
  const usage = emptyUsage();

  const tallyDynamo = (operation: string, answer: Buffer) => {
    usage.dynamodb.requests[operation] = (usage.dynamodb.requests[operation] ?? 0) + 1;
    let parsed: { ConsumedCapacity?: Capacity | Capacity[] };
    try {
      parsed = JSON.parse(answer.toString('utf8'));
    } catch {
      return;
    }
    const capacities = [parsed.ConsumedCapacity ?? []].flat();
    // DynamoDB bills a transactional write twice a standard one; DynamoDB Local reports the standard units
    // (its transactional reads are reported doubled, as billed).
    const factor = operation === 'TransactWriteItems' ? 2 : 1;
    for (const c of capacities) {
      const units = factor * (c.CapacityUnits ?? (c.ReadCapacityUnits ?? 0) + (c.WriteCapacityUnits ?? 0));
      if (reads.has(operation)) usage.dynamodb.readUnits += units;
      else usage.dynamodb.writeUnits += units;
    }
  };

  const forward = async (
    service: 'dynamodb' | 's3' | 'kms',
    target: URL,
    req: IncomingMessage,
    res: ServerResponse,
  ) => {
    let body = await readBody(req);
    const operation = operationOf(req);
    let added = false;
    if (service === 'dynamodb' && capacityOperations.has(operation)) {
      const input = JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown>;
      if (input.ReturnConsumedCapacity === undefined || input.ReturnConsumedCapacity === 'NONE') {
        input.ReturnConsumedCapacity = 'TOTAL';
        body = Buffer.from(JSON.stringify(input));
        added = true;
      }
    }
    if (service === 's3') {
      const tier = s3Tier(req);
      if (tier) usage.s3[tier]++;
    }
    if (service === 'kms') usage.kms.requests[operation] = (usage.kms.requests[operation] ?? 0) + 1;
    const headers = { ...req.headers, 'content-length': String(body.length) };
    const upstream = httpRequest(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers },
      async (answer) => {
        let out = await readBody(answer);
        if (service === 'dynamodb' && capacityOperations.has(operation)) {
          tallyDynamo(operation, out);
          if (added && answer.statusCode === 200) {
            const parsed = JSON.parse(out.toString('utf8')) as Record<string, unknown>;
            delete parsed.ConsumedCapacity;
            out = Buffer.from(JSON.stringify(parsed));
          }
        }
        const { 'content-length': _, 'transfer-encoding': __, ...rest } = answer.headers;
        res.writeHead(answer.statusCode ?? 502, { ...rest, 'content-length': String(out.length) });
        res.end(out);
      },
    );
    upstream.on('error', (error) => {
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`metering proxy: ${error.message}`);
    });
    upstream.end(body);
  };

  return {
    proxy: async (service, target) => {
      const upstream = new URL(target);
      const server = createServer((req, res) => {
        forward(service, upstream, req, res).catch((error: unknown) => {
          res.writeHead(502, { 'content-type': 'text/plain' });
          res.end(`metering proxy: ${String(error)}`);
        });
      });
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, loopback, () => resolve());
      });
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      return {
        url: `http://${loopback}:${port}`,
        close: () =>
          new Promise<void>((resolve) => {
            server.closeAllConnections();
            server.close(() => resolve());
          }),
      };
    },
    usage: () => copy(usage),
  };
};
