// The gateway over the local Lambda service, as API Gateway over Lambda: a function that outlives its
// timeout is cut off and the caller gets API Gateway's 500; the next request is served by a fresh instance.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FunctionSpec } from '../../../functions/manifest.ts';
import { type LocalCloud, startLocalCloud } from '../../../infra/local/cloud.ts';

const slow: FunctionSpec = {
  name: 'fixture-sleepy',
  description: 'sleeps as long as the query says',
  entry: 'tests/fixtures/functions/sleepy/handler.ts',
  routes: { 'GET /fixtures/sleep': { summary: 'sleep', auth: 'public' } },
  bindings: [],
  timeoutSeconds: 1,
};

let cloud: LocalCloud;
beforeAll(async () => {
  cloud = await startLocalCloud({ jurisdictionId: 'dinghai', extraFunctions: [slow] });
});
afterAll(() => cloud?.stop());

const sleep = (ms: number) =>
  fetch(`${cloud.url}/fixtures/sleep`, {
    method: 'GET',
    headers: { 'x-sleep': String(ms) },
  });

describe('the gateway over function sandboxes', () => {
  it('answers 500 as API Gateway does when the function times out, then serves the next request', async () => {
    const started = Date.now();
    const cut = await sleep(4_000);
    expect(Date.now() - started).toBeLessThan(3_500);
    expect(cut.status).toBe(500);
    expect(await cut.json()).toEqual({ message: 'Internal Server Error' });

    const served = await sleep(0);
    expect(served.status).toBe(200);
    const stats = (await (await fetch(`${cloud.url}/dev/functions`)).json()) as {
      functions: Array<{ name: string; timeouts: number; coldStarts: number }>;
    };
    expect(stats.functions.find((f) => f.name === 'fixture-sleepy')).toMatchObject({
      timeouts: 1,
      coldStarts: 2,
    });
  });
});
