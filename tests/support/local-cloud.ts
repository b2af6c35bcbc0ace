// Starts a local cloud (in-memory DynamoDB Local, temporary S3 folder, ephemeral ports) for one test file
// and gives the tests a small HTTP client that speaks to it as a user would.
import { afterAll, beforeAll } from 'vitest';
import { type LocalCloud, type LocalCloudOptions, startLocalCloud } from '../../infra/local/cloud.ts';
import { demoUsers } from '../../infra/local/demo-users.ts';
import type { DevTokenRequest } from '../../infra/local/dev-identity.ts';

export type DemoUser = keyof typeof demoUsers;

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export interface TestCloud {
  cloud: LocalCloud;
  url: string;
  token(user: DemoUser | DevTokenRequest): Promise<string>;
  request<T = any>(
    method: string,
    path: string,
    options?: {
      as?: DemoUser | DevTokenRequest;
      body?: unknown;
      rawBody?: string;
      headers?: Record<string, string>;
    },
  ): Promise<ApiResponse<T>>;
  /** Uploads a small PDF as `as` through a presigned PUT and returns the key to cite. */
  upload(as: DemoUser | DevTokenRequest): Promise<string>;
}

/** Reads until `done` holds or `ms` pass (the workflow moves a case on asynchronously); the last value. */
export const eventually = async <T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  ms = 20_000,
): Promise<T> => {
  const until = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > until) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
};

export const useLocalCloud = (
  jurisdictionId = 'dinghai',
  setup?: (cloud: LocalCloud) => Promise<void>,
  /**
   * Test fixtures beside the manifest's functions (e.g. an event consumer), the portal's build, and a reader
   * of every line the functions print.
   */
  cloudOptions: Pick<LocalCloudOptions, 'extraFunctions' | 'portalDir' | 'functionLog'> = {},
) => {
  const ctx = {} as TestCloud;
  const tokens = new Map<string, string>();
  beforeAll(async () => {
    // TONGBAN_LOG=1 prints the functions' output and the local Lambda service's lines while debugging.
    const verbose = process.env.TONGBAN_LOG ? (line: string) => console.log(line) : undefined;
    const cloud = await startLocalCloud({
      ...cloudOptions,
      jurisdictionId,
      log: verbose,
      functionLog: (fn, line) => {
        cloudOptions.functionLog?.(fn, line);
        verbose?.(`[${fn}] ${line}`);
      },
    });
    if (setup) await setup(cloud);
    ctx.cloud = cloud;
    ctx.url = cloud.url;
    ctx.token = async (user) => {
      const request = typeof user === 'string' ? demoUsers[user] : user;
      const key = JSON.stringify(request);
      let token = tokens.get(key);
      if (!token) {
        token = await cloud.issueToken(request as DevTokenRequest);
        tokens.set(key, token);
      }
      return token;
    };
    ctx.request = async (method, path, options = {}) => {
      const headers: Record<string, string> = { ...options.headers };
      if (options.as) headers.authorization = `Bearer ${await ctx.token(options.as)}`;
      let body: string | undefined = options.rawBody;
      if (options.body !== undefined) {
        body = JSON.stringify(options.body);
        headers['content-type'] ??= 'application/json';
      }
      const response = await fetch(`${cloud.url}${path}`, { method, headers, body });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        // not JSON: keep the text
      }
      return { status: response.status, body: parsed as any, headers: response.headers };
    };
    ctx.upload = async (as) => {
      const content = Buffer.from('%PDF-1.4 application material');
      const grant = await ctx.request('POST', '/uploads', {
        as,
        body: { contentType: 'application/pdf', size: content.length },
      });
      if (grant.status !== 201) throw new Error(`POST /uploads answered ${grant.status}`);
      const put = await fetch(grant.body.url, { method: 'PUT', headers: grant.body.headers, body: content });
      if (put.status !== 200) throw new Error(`the presigned PUT answered ${put.status}`);
      return grant.body.key as string;
    };
  });
  afterAll(async () => {
    await ctx.cloud?.stop();
  });
  return ctx;
};
