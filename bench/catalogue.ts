// Catalogue figures through the local cloud: GET /items/{code} beside a bare DynamoDB GetItem of the same
// item on the same DynamoDB Local and beside the gateway's own answer (interleaved, with their ratios), and GET /search over a 50,000-item
// snapshot through the gateway (smaller in a quick run).
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { snapshotKey } from '../functions/catalogue/search-snapshot.ts';
import { dynamo } from '../functions/lib/dynamo.ts';
import { s3 } from '../functions/lib/s3.ts';
import { startLocalCloud } from '../infra/local/cloud.ts';
import { seedJurisdiction } from '../infra/local/seed.ts';
import { names } from '../infra/naming.ts';
import { seedCatalogue } from '../infra/seed/catalogue.ts';
import { serializeSearchIndex } from '../shared/catalogue/search.ts';
import { buildSearchIndex } from '../shared/catalogue/search-build.ts';
import { count, scaled } from './scale.ts';
import { generatedDocs } from './search.ts';
import { percentile } from './stats.ts';

const sample = async (runs: number, run: (i: number) => Promise<unknown>) => {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await run(i);
    times.push(performance.now() - started);
  }
  return `${percentile(times, 50).toFixed(2)} / ${percentile(times, 99).toFixed(2)}`;
};

export const benchCatalogue = async () => {
  const cloud = await startLocalCloud({ jurisdictionId: 'dinghai' });
  try {
    await seedJurisdiction(cloud.jurisdiction);
    const n = names('dinghai');
    const codes = seedCatalogue(cloud.jurisdiction).items.map((i) => i.implementationCode);
    const get = async (path: string) => {
      const response = await fetch(`${cloud.url}${path}`);
      if (response.status !== 200) throw new Error(`${path}: ${response.status}`);
      return response.text();
    };
    const samples = scaled(500, 20);
    const item = (i: number) => get(`/items/${codes[i % codes.length]}`);
    // The same item's row, as the function's own client would read it, from this process's client.
    const bareGet = (i: number) =>
      dynamo().send(
        new GetCommand({
          TableName: n.table,
          Key: { pk: `ITEM#${codes[i % codes.length]}`, sk: 'V#000001' },
        }),
      );
    // The HTTP hop alone: a request the gateway answers itself (a secured route asked without a token: 401
    // before any function runs), over the same connection pool. GET /items/{code} cannot cost less than this hop plus one GetItem, so its
    // ratio to that floor is printed beside the ratio to the bare GetItem.
    const hop = async () => {
      const response = await fetch(`${cloud.url}/cases`);
      if (response.status !== 401) throw new Error(`GET /cases without a token: ${response.status}`);
      return response.text();
    };
    // Warm-up: every item read twice, and the baselines as often, so all three sides are warm alike.
    for (let i = 0; i < 2 * codes.length; i++) {
      await item(i);
      await bareGet(i);
      await hop();
    }
    // Interleaved, one of each in turn, so the machine's load weighs on all three alike.
    const gatewayTimes: number[] = [];
    const bareTimes: number[] = [];
    const hopTimes: number[] = [];
    for (let i = 0; i < samples; i++) {
      for (const [run, times] of [
        [item, gatewayTimes],
        [bareGet, bareTimes],
        [hop, hopTimes],
      ] as const) {
        const started = performance.now();
        await run(i);
        times.push(performance.now() - started);
      }
    }
    const pair = (times: number[]) =>
      `${percentile(times, 50).toFixed(2)} / ${percentile(times, 99).toFixed(2)}`;
    const ratios = (a: number[], b: number[]) =>
      `${(percentile(a, 50) / percentile(b, 50)).toFixed(2)}× · ${(percentile(a, 99) / percentile(b, 99)).toFixed(2)}×`;

    const docs = generatedDocs(scaled(50_000, 2_000));
    await s3().send(
      new PutObjectCommand({
        Bucket: n.assetBucket,
        Key: snapshotKey,
        Body: serializeSearchIndex(buildSearchIndex(docs)),
      }),
    );
    const queries = docs.slice(0, scaled(300, 20)).map((d, i) => d.name.slice(i % 3, (i % 3) + 2 + (i % 4)));
    await get(`/search?q=${encodeURIComponent('许可')}`);
    await new Promise((r) => setTimeout(r, 5_500)); // let the search function notice the new snapshot
    await get(`/search?q=${encodeURIComponent('许可')}`);
    const search = await sample(queries.length, (i) => get(`/search?q=${encodeURIComponent(queries[i]!)}`));
    return [
      {
        figure: `GET /items/{code} through the gateway, ${samples} sequential, p50 / p99 (ms)`,
        value: pair(gatewayTimes),
        aim: '',
      },
      {
        figure: `baseline: bare GetItem of the item on the same DynamoDB Local, ${samples} interleaved, p50 / p99 (ms)`,
        value: pair(bareTimes),
        aim: '',
      },
      {
        figure: `baseline: the gateway's own answer (401, no function runs), ${samples} interleaved, p50 / p99 (ms)`,
        value: pair(hopTimes),
        aim: '',
      },
      {
        figure: 'GET /items/{code} ÷ bare GetItem, p50 · p99',
        value: ratios(gatewayTimes, bareTimes),
        aim: '≤ 2×',
      },
      {
        figure:
          'GET /items/{code} ÷ its floor (the gateway hop, then a bare GetItem; paired sums), p50 · p99',
        value: ratios(
          gatewayTimes,
          hopTimes.map((t, i) => t + bareTimes[i]!),
        ),
        aim: '',
      },
      {
        figure: `GET /search over ${count(docs.length)} items through the gateway p50 / p99 (ms)`,
        value: search,
        aim: '',
      },
    ];
  } finally {
    await cloud.stop();
  }
};
