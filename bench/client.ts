// What the benches that drive the local cloud share: numeric settings from the environment, an HTTP client
// that validates answers with zod and keeps a failed answer whole (so a bug seen under load can be reported
// as it was), and uploads of application materials through presigned PUTs.
import * as z from 'zod';

/** A positive integer from the environment, overriding the size a section would pick. */
export const setting = (name: string, fallback: number) => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${name} must be a positive integer, not ${raw}`);
  return value;
};

export const requestTimeoutMs = 30_000;
export const anySchema = z.unknown();
const grantSchema = z.object({ key: z.string(), url: z.string(), headers: z.record(z.string(), z.string()) });

/** A non-2xx answer. */
export class RequestFailed extends Error {
  constructor(
    readonly request: string,
    readonly status: number,
    readonly body: string,
  ) {
    super(`${request} → ${status} ${body.slice(0, 600)}`);
    this.name = 'RequestFailed';
  }
}

export const createClient = (url: string) => {
  return async <T>(
    schema: z.ZodType<T>,
    method: string,
    path: string,
    token: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<T> => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(requestTimeoutMs),
    });
    const text = await response.text();
    if (response.status < 200 || response.status > 299)
      throw new RequestFailed(`${method} ${path}`, response.status, text);
    return schema.parse(text ? JSON.parse(text) : undefined);
  };
};
export type Call = ReturnType<typeof createClient>;

/** `count` uploaded material files (small PDFs), their keys to cite. */
export const uploadFiles = async (call: Call, token: string, count: number) => {
  const content = Buffer.from('%PDF-1.4 bench application material');
  const keys: string[] = [];
  for (let i = 0; i < count; i++) {
    const grant = await call(grantSchema, 'POST', '/uploads', token, {
      contentType: 'application/pdf',
      size: content.length,
    });
    const put = await fetch(grant.url, { method: 'PUT', headers: grant.headers, body: content });
    if (put.status !== 200) throw new RequestFailed('PUT <presigned upload>', put.status, await put.text());
    keys.push(grant.key);
  }
  return keys;
};
