// Meters what the functions ask of DynamoDB, S3 and KMS, for the cost bench: a pass-through HTTP proxy in
// front of each emulator, put in the functions' endpoints when a local cloud is started with `metering`.
// DynamoDB requests are sent on with ReturnConsumedCapacity INDEXES, and the capacity DynamoDB Local reports
// (indexes included) is summed as read and write request units, as on-demand tables bill them, the write
// units also by function, operation, item kinds and table or index; the answer is put back to what the
// caller asked for. S3 requests
// are counted as its price list groups them; KMS requests by operation. Nothing else about a request or its
// answer changes.
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { loopback } from './ports.ts';

export interface Usage {
  /**
   * Request units, and the requests that consume them by operation (streams and table admin are not);
   * `writes` breaks the write units down by who wrote what (see `writeLabel`).
   */
  dynamodb: {
    readUnits: number;
    writeUnits: number;
    requests: Record<string, number>;
    writes: Record<string, WriteTally>;
  };
  /** PUT, COPY, POST and LIST requests; GET, HEAD and other reads (DELETE is free and not counted). */
  s3: { tier1: number; tier2: number };
  kms: { requests: Record<string, number> };
}

/** The write units of one kind of write: the table's, each index's, and how many requests. */
export interface WriteTally {
  requests: number;
  units: number;
  /** Units by table or index (`table`, `gsi1`, …), transactional writes doubled as billed. */
  by: Record<string, number>;
}

export const emptyUsage = (): Usage => ({
  dynamodb: { readUnits: 0, writeUnits: 0, requests: {}, writes: {} },
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
      writes: Object.fromEntries(
        Object.entries(after.dynamodb.writes)
          .map(([label, a]) => {
            const b = before.dynamodb.writes[label];
            const tally: WriteTally = {
              requests: a.requests - (b?.requests ?? 0),
              units: a.units - (b?.units ?? 0),
              by: minus(a.by, b?.by ?? {}),
            };
            return [label, tally] as const;
          })
          .filter(([, t]) => t.requests !== 0),
      ),
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

interface Units {
  CapacityUnits?: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
}

interface Capacity extends Units {
  Table?: Units;
  GlobalSecondaryIndexes?: Record<string, Units>;
  LocalSecondaryIndexes?: Record<string, Units>;
}

const unitsOf = (u: Units | undefined) =>
  u ? (u.CapacityUnits ?? (u.ReadCapacityUnits ?? 0) + (u.WriteCapacityUnits ?? 0)) : 0;

type AttributeValue = { S?: string };
type Key = Record<string, AttributeValue | undefined>;

/**
 * The kind of an item, from its key: the partition key's prefix and the sort key's (`CASE#…`/`H#000003`
 * is `CASE/H`), with anything that varies (digits, dates) left out.
 */
const itemKind = (key: Key | undefined) => {
  const part = (value: string | undefined) => {
    if (value === undefined) return '?';
    const head = value.split('#')[0] ?? '';
    return /\d/.test(head) ? '…' : head || '…';
  };
  return `${part(key?.pk?.S)}/${part(key?.sk?.S)}`;
};

interface WriteRequest {
  Item?: Key;
  Key?: Key;
}

/** The item kinds one write request touches, sorted and joined: `CASE/H+CASE/META`. */
const writtenKinds = (operation: string, input: Record<string, unknown>) => {
  const kinds: string[] = [];
  if (operation === 'TransactWriteItems') {
    for (const entry of (input.TransactItems ?? []) as Array<Record<string, WriteRequest>>) {
      for (const [action, request] of Object.entries(entry)) {
        const kind = itemKind(request.Item ?? request.Key);
        kinds.push(action === 'ConditionCheck' ? `check ${kind}` : kind);
      }
    }
  } else if (operation === 'BatchWriteItem') {
    for (const requests of Object.values((input.RequestItems ?? {}) as Record<string, unknown[]>)) {
      for (const entry of requests as Array<{ PutRequest?: WriteRequest; DeleteRequest?: WriteRequest }>) {
        kinds.push(itemKind(entry.PutRequest?.Item ?? entry.DeleteRequest?.Key));
      }
    }
  } else kinds.push(itemKind((input.Item ?? input.Key) as Key | undefined));
  const counted = new Map<string, number>();
  for (const kind of kinds) counted.set(kind, (counted.get(kind) ?? 0) + 1);
  return [...counted]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([kind, n]) => (n > 1 ? `${n}×${kind}` : kind))
    .join('+');
};

/**
 * Who wrote what: the function (the SDK's application id, which the local cloud sets to each function's
 * name), the operation and the item kinds it wrote — `cases TransactWriteItems CASE/H+CASE/META`.
 */
const writeLabel = (caller: string, operation: string, input: Record<string, unknown>) =>
  `${caller} ${operation} ${writtenKinds(operation, input)}`;

/**
 * The application id in an AWS SDK user agent (`app/<id>`), or `-`. Powertools appends its own marks to
 * the id (`<id>-PT-…`); a function name never contains `-PT-`.
 */
const callerOf = (req: IncomingMessage) => {
  const agents = [req.headers['x-amz-user-agent'], req.headers['user-agent']].flat().join(' ');
  const id = /(?:^|\s)app\/([^\s]+)/.exec(agents)?.[1];
  return id?.split('-PT-')[0] ?? '-';
};

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

  const writeTally = (label: string) => {
    const existing = usage.dynamodb.writes[label];
    if (existing) return existing;
    const tally: WriteTally = { requests: 0, units: 0, by: {} };
    usage.dynamodb.writes[label] = tally;
    return tally;
  };

  const tallyDynamo = (operation: string, answer: Buffer, label: string) => {
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
    const tally = reads.has(operation) ? undefined : writeTally(label);
    if (tally) tally.requests++;
    for (const c of capacities) {
      const units = factor * unitsOf(c);
      if (reads.has(operation)) {
        usage.dynamodb.readUnits += units;
        continue;
      }
      usage.dynamodb.writeUnits += units;
      if (!tally) continue;
      tally.units += units;
      const parts: Array<[string, number]> = [
        ['table', unitsOf(c.Table)],
        ...Object.entries({ ...c.GlobalSecondaryIndexes, ...c.LocalSecondaryIndexes }).map(
          ([name, u]) => [name, unitsOf(u)] as [string, number],
        ),
      ];
      for (const [part, u] of parts) if (u) tally.by[part] = (tally.by[part] ?? 0) + factor * u;
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
    let added: string | undefined;
    let label = '';
    if (service === 'dynamodb' && capacityOperations.has(operation)) {
      const input = JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown>;
      if (!reads.has(operation)) label = writeLabel(callerOf(req), operation, input);
      // INDEXES: the units of the table and of each index apart, summed the same.
      if (input.ReturnConsumedCapacity !== 'INDEXES') {
        added = typeof input.ReturnConsumedCapacity === 'string' ? input.ReturnConsumedCapacity : 'NONE';
        input.ReturnConsumedCapacity = 'INDEXES';
        body = Buffer.from(JSON.stringify(input));
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
          tallyDynamo(operation, out, label);
          if (added !== undefined && answer.statusCode === 200) {
            // The answer as the caller asked for it: none, or the totals alone.
            const parsed = JSON.parse(out.toString('utf8')) as { ConsumedCapacity?: Capacity | Capacity[] };
            if (added === 'NONE') delete parsed.ConsumedCapacity;
            else if (parsed.ConsumedCapacity) {
              const totals = ({
                Table: _,
                GlobalSecondaryIndexes: __,
                LocalSecondaryIndexes: ___,
                ...rest
              }: Capacity) => rest;
              parsed.ConsumedCapacity = Array.isArray(parsed.ConsumedCapacity)
                ? parsed.ConsumedCapacity.map(totals)
                : totals(parsed.ConsumedCapacity);
            }
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
