// The local Lambda service: each function in sandboxes of its own, with its own environment and module
// state, on the Lambda runtime's Node.js major, one invocation at a time per instance, cut off at its timeout.
import { afterAll, describe, expect, it } from 'vitest';
import { type FunctionSpec, functionEnvironment } from '../../../functions/manifest.ts';
import { loadJurisdiction } from '../../../infra/jurisdictions/index.ts';
import { lambdaNodeMajor } from '../../../infra/lambda-runtime.ts';
import { createSandboxRuntime, FunctionError } from '../../../infra/local/runtime/sandboxes.ts';

const fixture = (name: string, rest: Partial<FunctionSpec> = {}): FunctionSpec => ({
  name,
  description: `fixture ${name}`,
  entry: `tests/fixtures/functions/${name}/handler.ts`,
  bindings: [],
  ...rest,
});

const specs = [
  fixture('probe', { bindings: ['table:read', 'events:put'] }),
  fixture('unbound'),
  fixture('sleepy', { timeoutSeconds: 1 }),
];
const resources = {
  TABLE_NAME: 'tongban-test',
  LICENCE_BUCKET_NAME: 'tongban-test-licences',
  ASSET_BUCKET_NAME: 'tongban-test-assets',
  MATERIALS_BUCKET_NAME: 'tongban-test-materials',
  STATE_MACHINE_ARN: 'arn:aws:states:us-east-1:000000000000:stateMachine:tongban-test',
  TICKET_STATE_MACHINE_ARN: 'arn:aws:states:us-east-1:000000000000:stateMachine:tongban-test-ticket',
  SIGNING_KEY_ID: 'alias/tongban-test-seal',
  SM2_SIGNING_KEY_ID: 'alias/tongban-test-seal-sm2',
  TOKEN_KEY_ID: 'alias/tongban-test-tokens',
  PERSONAL_DATA_KEY_ID: 'alias/tongban-test-personal-data',
  SECRET_PARAMETER_PREFIX: '/tongban-test/identity/',
  EVENT_BUS_NAME: 'tongban-test',
};
const lines: string[] = [];
let offsetMs = 0;
const runtime = createSandboxRuntime({
  specs,
  jurisdiction: loadJurisdiction('dinghai'),
  functionName: (spec) => `tongban-test-${spec.name}`,
  environment: (spec) => ({ ...functionEnvironment(spec, resources), AWS_REGION: 'us-east-1' }),
  maxInstances: 3,
  defaultTimeoutSeconds: 10,
  defaultMemoryMb: 256,
  clockOffsetMs: () => offsetMs,
  log: (line) => lines.push(line),
});
afterAll(() => runtime.stop());

const stat = (name: string) => runtime.stats().find((s) => s.name === name)!;

describe('function sandboxes', () => {
  it('gives a function exactly the environment its bindings derive, on the Lambda runtime’s Node major', async () => {
    const out = (await runtime.invoke('tongban-test-probe', { hello: '你好' })) as {
      variables: string[];
      node: string;
      event: unknown;
      functionName: string;
    };
    expect(out.node).toMatch(new RegExp(`^v${lambdaNodeMajor}\\.`));
    expect(out.event).toEqual({ hello: '你好' });
    expect(out.functionName).toBe('tongban-test-probe');
    expect(out.variables).toEqual(expect.arrayContaining(['TABLE_NAME', 'EVENT_BUS_NAME', 'AWS_REGION']));
    for (const unbound of ['LICENCE_BUCKET_NAME', 'ASSET_BUCKET_NAME', 'SIGNING_KEY_ID', 'STATE_MACHINE_ARN'])
      expect(out.variables).not.toContain(unbound);
    // Nothing of the process that runs the local cloud (its own variables) reaches the function.
    expect(out.variables).not.toContain('VITEST');
    expect(lines.some((l) => l.startsWith('INIT_START tongban-test-probe'))).toBe(true);
    expect(lines.some((l) => /^REPORT tongban-test-probe .*Init Duration: [\d.]+ ms$/.test(l))).toBe(true);
  });

  it('fails a function that uses a resource it does not bind, naming the binding as in AWS', async () => {
    const failure = await runtime.invoke('tongban-test-unbound', {}).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(FunctionError);
    expect((failure as FunctionError).message).toBe(
      'TABLE_NAME is not set: bind the resource to this function in functions/manifest.ts',
    );
  });

  it('keeps module state per instance and per function, never across functions', async () => {
    const first = (await runtime.invoke('tongban-test-probe', {})) as { pid: number; calls: number };
    const second = (await runtime.invoke('tongban-test-probe', {})) as { pid: number; calls: number };
    expect(second.pid).toBe(first.pid);
    expect(second.calls).toBe(first.calls + 1);
    // The probe set a global; the sleepy function never sees it.
    const other = (await runtime.invoke('tongban-test-sleepy', { ms: 0 })) as {
      pid: number;
      leaked: unknown;
    };
    expect(other.pid).not.toBe(first.pid);
    expect(other.leaked).toBeNull();
  });

  it('runs one invocation per instance and starts more under concurrent load, up to the cap', async () => {
    const before = stat('sleepy').coldStarts;
    const outs = (await Promise.all(
      Array.from({ length: 5 }, () => runtime.invoke('tongban-test-sleepy', { ms: 300 })),
    )) as Array<{ pid: number }>;
    const pids = new Set(outs.map((o) => o.pid));
    expect(pids.size).toBe(3);
    expect(stat('sleepy').coldStarts - before).toBe(2);
    expect(stat('sleepy').instances).toBe(3);
  });

  it('counts the billed duration of invocations, with the memory they are billed at', async () => {
    const before = stat('sleepy').billedMs;
    await runtime.invoke('tongban-test-sleepy', { ms: 200 });
    await runtime.invoke('tongban-test-sleepy', { ms: 200 });
    const billed = stat('sleepy').billedMs - before;
    expect(billed).toBeGreaterThanOrEqual(400);
    expect(billed).toBeLessThan(5_000);
    expect(Number.isInteger(billed)).toBe(true);
    expect(stat('sleepy').memoryMb).toBe(256);
  });

  it('ends an invocation past the timeout as Sandbox.Timedout, and the next one starts cold', async () => {
    const started = Date.now();
    const failure = await runtime.invoke('tongban-test-sleepy', { ms: 5_000 }).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(failure).toBeInstanceOf(FunctionError);
    expect((failure as FunctionError).name).toBe('Sandbox.Timedout');
    expect((failure as FunctionError).message).toMatch(/Task timed out after 1\.00 seconds$/);
    expect(stat('sleepy').timeouts).toBe(1);
    expect(stat('sleepy').instances).toBe(2);
  });

  it('hands each invocation the local clock', async () => {
    offsetMs = Date.parse('2030-06-01T00:00:00Z') - Date.now();
    const moved = (await runtime.invoke('tongban-test-probe', {})) as { now: string };
    offsetMs = 0;
    expect(moved.now.slice(0, 10)).toBe('2030-06-01');
    const back = (await runtime.invoke('tongban-test-probe', {})) as { now: string };
    expect(Math.abs(Date.parse(back.now) - Date.now())).toBeLessThan(5_000);
  });

  it('answers an unknown function as Lambda does', async () => {
    await expect(runtime.invoke('tongban-test-nothing', {})).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });
});
