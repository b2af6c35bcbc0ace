// The API under hostile input: every route of /openapi.json is called with path parameters in malformed
// encodings, oversize and odd unicode, query values of the wrong type, bodies valid and mutated (missing,
// wrong types, huge, deep, not JSON), as nobody, with a forged token and as real people of several roles.
// No answer may be a 5xx, every JSON 4xx has the documented error shape (or API Gateway's own `{message}`),
// and the platform answers its health check afterwards. Bounded and seeded, so it runs the same in CI.
import { describe, expect, it } from 'vitest';
import { seedJurisdiction } from '../../infra/local/seed.ts';
import { useLocalCloud } from '../support/local-cloud.ts';

const api = useLocalCloud('dinghai', async (cloud) => void (await seedJurisdiction(cloud.jurisdiction)));

/** How many requests at most (FUZZ_REQUESTS overrides), chosen by a seeded generator. */
const budget = Number(process.env.FUZZ_REQUESTS ?? 2400);

type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  format?: string;
  minimum?: number;
  minLength?: number;
  minItems?: number;
  default?: unknown;
};

/** A value the schema probably accepts: good enough to reach past validation some of the time. */
const sampleOf = (schema: Schema | undefined, depth = 0): unknown => {
  if (!schema || depth > 6) return null;
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  if (schema.default !== undefined) return schema.default;
  const choice = schema.anyOf?.[0] ?? schema.oneOf?.[0];
  if (choice) return sampleOf(choice, depth + 1);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const name of schema.required ?? []) out[name] = sampleOf(schema.properties?.[name], depth + 1);
      return out;
    }
    case 'array':
      return Array.from({ length: schema.minItems ?? 0 }, () => sampleOf(schema.items, depth + 1));
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return true;
    case 'string':
      if (schema.format === 'date') return '2026-12-07';
      if (schema.format === 'date-time') return '2026-12-07T09:00:00+08:00';
      if (schema.format === 'uuid') return '7d3f6b1e-8c2a-4f4e-9b1a-2f6c1d0e5a33';
      return 'x'.repeat(Math.max(1, schema.minLength ?? 1));
    default:
      return null;
  }
};

const oddSegments = [
  '%ED%A0%80', // an unpaired surrogate, as UTF-8
  '%',
  '%E4%B8',
  '%00',
  '%F0%9F%98%80',
  '..%2F..%2Fetc%2Fpasswd',
  'a'.repeat(3000),
  '%E2%80%AE%E6%96%87',
  '330902-XK-0010',
];
const oddValues: unknown[] = [
  '',
  ' ',
  '\u0000',
  '\ud800',
  '😀'.repeat(2000),
  'x'.repeat(100_000),
  -1,
  1e308,
  Number.MAX_SAFE_INTEGER,
  true,
  null,
  [],
  {},
  { __proto__: { admin: true } },
  [[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]],
];

/** A small seeded generator (mulberry32), so each run sends the same requests. */
const random = (() => {
  let state = 20261207;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
})();
const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;

interface Attempt {
  method: string;
  path: string;
  as: 'none' | 'forged' | 'citizen' | 'agent' | 'clerk' | 'admin';
  body?: string;
  contentType?: string;
}

const forged = [
  'eyJhbGciOiJSUzI1NiIsImtpZCI6ImZvcmdlZCJ9',
  Buffer.from(JSON.stringify({ sub: 'demo-admin', role: 'admin', iss: 'nobody', exp: 4102444800 })).toString(
    'base64url',
  ),
  'c2lnbmF0dXJl',
].join('.');

describe('the API under hostile input', () => {
  it('never answers 5xx, answers 4xx in the documented shape, and stays healthy', async () => {
    const document = (await api.request('GET', '/openapi.json')).body as {
      paths: Record<
        string,
        Record<
          string,
          {
            parameters?: Array<{ name: string; in: string; schema: Schema }>;
            requestBody?: { content: { 'application/json': { schema: Schema } } };
          }
        >
      >;
    };
    const attempts: Attempt[] = [];
    for (const [template, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const query = (operation.parameters ?? []).filter((p) => p.in === 'query');
        const bodySchema = operation.requestBody?.content['application/json'].schema;
        const pathWith = (segment: () => string) => template.replace(/\{(\w+)\+?\}/g, () => segment());
        const add = (a: Omit<Attempt, 'method'>) => attempts.push({ method: method.toUpperCase(), ...a });
        for (const segment of oddSegments)
          add({ path: pathWith(() => segment), as: pick(['none', 'citizen', 'admin']) });
        for (const as of ['none', 'forged', 'citizen', 'agent', 'clerk', 'admin'] as const) {
          const path = pathWith(() => pick(oddSegments));
          const valid = bodySchema ? JSON.stringify(sampleOf(bodySchema)) : undefined;
          add({ path, as, ...(valid ? { body: valid, contentType: 'application/json' } : {}) });
        }
        for (const parameter of query) {
          for (const value of [
            '%ED%A0%80',
            '%',
            'x'.repeat(5000),
            '-1',
            'NaN',
            '1e400',
            '[]',
            '2026-02-30',
          ]) {
            add({
              path: `${pathWith(() => pick(oddSegments))}?${parameter.name}=${value}`,
              as: pick(['none', 'admin', 'clerk']),
            });
          }
        }
        if (bodySchema) {
          const base = sampleOf(bodySchema) as Record<string, unknown> | null;
          const bodies: string[] = [
            '',
            'not json',
            '{"a":',
            'null',
            '[]',
            '"text"',
            JSON.stringify({ ...(base ?? {}), extra: pick(oddValues) }),
            `${'['.repeat(5000)}${']'.repeat(5000)}`,
          ];
          for (const name of Object.keys(bodySchema.properties ?? {})) {
            bodies.push(JSON.stringify({ ...(base ?? {}), [name]: pick(oddValues) }));
            bodies.push(
              JSON.stringify({ ...(base ?? {}), [name]: pick(oddValues), [`${name}2`]: pick(oddValues) }),
            );
          }
          for (const body of bodies)
            add({
              path: pathWith(() => pick(oddSegments)),
              as: pick(['none', 'forged', 'citizen', 'agent', 'clerk', 'admin']),
              body,
              contentType: pick([
                'application/json',
                'application/json',
                'text/plain',
                'application/x-www-form-urlencoded',
              ]),
            });
        }
      }
    }
    // Every route keeps some attempts; beyond the budget, a seeded sample.
    const chosen =
      attempts.length <= budget ? attempts : attempts.filter(() => random() < budget / attempts.length);

    const tokens = {
      citizen: await api.token('citizen'),
      agent: await api.token('agent'),
      clerk: await api.token('clerk'),
      admin: await api.token('admin'),
      forged,
    };
    const failures: string[] = [];
    let next = 0;
    const worker = async () => {
      for (;;) {
        const attempt = chosen[next++];
        if (!attempt) return;
        const headers: Record<string, string> = {};
        if (attempt.as !== 'none') headers.authorization = `Bearer ${tokens[attempt.as]}`;
        if (attempt.contentType) headers['content-type'] = attempt.contentType;
        const response = await fetch(`${api.url}${attempt.path}`, {
          method: attempt.method,
          headers,
          ...(attempt.body !== undefined && attempt.method !== 'GET' ? { body: attempt.body } : {}),
        });
        const text = await response.text();
        const where = `${attempt.method} ${attempt.path.slice(0, 120)} as ${attempt.as}`;
        if (response.status >= 500) failures.push(`${where}: ${response.status} ${text.slice(0, 200)}`);
        else if (response.status >= 400 && (response.headers.get('content-type') ?? '').includes('json')) {
          const body = JSON.parse(text) as {
            error?: { code?: unknown; message?: unknown };
            requestId?: unknown;
            message?: unknown;
          };
          const documented =
            typeof body.error?.code === 'string' &&
            typeof body.error.message === 'string' &&
            typeof body.requestId === 'string';
          const gateway = Object.keys(body).length === 1 && typeof body.message === 'string';
          if (!documented && !gateway)
            failures.push(`${where}: ${response.status} not in the error shape: ${text.slice(0, 200)}`);
        }
      }
    };
    await Promise.all(Array.from({ length: 6 }, worker));
    expect(failures).toEqual([]);
    expect(chosen.length).toBeGreaterThan(500);
    expect((await api.request('GET', '/health')).status).toBe(200);
  }, 600_000);
});
