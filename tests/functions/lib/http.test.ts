// The shared HTTP stack: every status the platform promises, produced by the same middleware for every
// function. Events are built as API Gateway (payload v2) builds them.
import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { type HttpEvent, httpFunction, reply } from '../../../functions/lib/http.ts';
import { defineRoutes } from '../../../functions/lib/route.ts';
import { conflict } from '../../../shared/errors.ts';

const routes = defineRoutes({
  'GET /things/{id}': {
    summary: 'read',
    auth: 'public',
    params: z.object({ id: z.string().regex(/^\d+$/, 'digits only') }),
    query: z.object({ limit: z.coerce.number().int().max(50).optional() }),
  },
  'POST /things': {
    summary: 'create',
    auth: ['admin', 'clerk'],
    body: z.object({ name: z.string().min(1), size: z.number().int().positive() }),
    status: 201,
  },
  'POST /boom': { summary: 'fails', auth: 'public' },
  'POST /clash': { summary: 'conflicts', auth: 'public' },
});

const handler = httpFunction(routes, {
  'GET /things/{id}': async ({ params, query }) => ({ id: params.id, limit: query.limit ?? 10 }),
  'POST /things': async ({ body, principal }) => ({ ...body, by: principal.sub }),
  'POST /boom': async () => {
    throw new Error('secret internal detail 330902199001011238');
  },
  'POST /clash': async () => {
    throw conflict('Already accepted.', [{ path: 'status', message: 'ACCEPTED' }]);
  },
});

const context = {
  awsRequestId: 'req-1',
  functionName: 'test',
  getRemainingTimeInMillis: () => 1000,
} as Context;

const event = (
  routeKey: string,
  options: {
    path?: string;
    body?: string;
    claims?: Record<string, string>;
    params?: Record<string, string>;
    query?: Record<string, string>;
  } = {},
): HttpEvent =>
  ({
    version: '2.0',
    routeKey,
    rawPath: options.path ?? '/',
    rawQueryString: '',
    headers: { 'content-type': 'application/json' },
    pathParameters: options.params,
    queryStringParameters: options.query,
    body: options.body,
    isBase64Encoded: false,
    requestContext: {
      requestId: 'req-1',
      routeKey,
      http: { method: routeKey.split(' ')[0], path: options.path ?? '/' },
      ...(options.claims ? { authorizer: { jwt: { claims: options.claims, scopes: [] } } } : {}),
    },
  }) as unknown as HttpEvent;

const call = async (e: HttpEvent) => {
  const result = await handler(e, context);
  return { status: result.statusCode, body: result.body ? JSON.parse(result.body) : undefined };
};

const admin = { sub: 'u1', 'cognito:groups': '[admin]', name: 'A' };

describe('httpFunction', () => {
  it('passes validated, coerced input to the route', async () => {
    const res = await call(event('GET /things/{id}', { params: { id: '42' }, query: { limit: '5' } }));
    expect(res).toEqual({ status: 200, body: { id: '42', limit: 5 } });
  });

  it('answers 400 with every offending field', async () => {
    const res = await call(event('GET /things/{id}', { params: { id: 'x' }, query: { limit: '500' } }));
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'params.id',
      'query.limit',
    ]);
    expect(res.body.requestId).toBe('req-1');
  });

  it('answers 400 MALFORMED_JSON for a body that is not JSON', async () => {
    const res = await call(event('POST /things', { body: '{"name": ', claims: admin }));
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('MALFORMED_JSON');
  });

  it('lists body fields in the 400', async () => {
    const res = await call(event('POST /things', { body: '{"size": -1}', claims: admin }));
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'body.name',
      'body.size',
    ]);
  });

  it('answers 401 without identity and 403 for a role not allowed', async () => {
    expect((await call(event('POST /things', { body: '{}' }))).status).toBe(401);
    const citizen = { sub: 'u2', 'cognito:groups': '[citizen]' };
    const res = await call(event('POST /things', { body: '{"name":"a","size":1}', claims: citizen }));
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('FORBIDDEN');
  });

  it('uses the route status and the principal from the claims', async () => {
    const res = await call(event('POST /things', { body: '{"name":"a","size":1}', claims: admin }));
    expect(res).toEqual({ status: 201, body: { name: 'a', size: 1, by: 'u1' } });
  });

  it('answers 413 for a body over 1 MB', async () => {
    const res = await call(event('POST /things', { body: `"${'x'.repeat(1024 * 1024)}"`, claims: admin }));
    expect(res.status).toBe(413);
  });

  it('answers 404 for a route it does not have', async () => {
    const res = await call(event('$default', { path: '/nowhere' }));
    expect(res.status).toBe(404);
    expect(res.body.error.message).toContain('/nowhere');
  });

  it('maps domain conflicts to 409 with details', async () => {
    const res = await call(event('POST /clash'));
    expect(res.status).toBe(409);
    expect(res.body.error).toEqual({
      code: 'CONFLICT',
      message: 'Already accepted.',
      details: [{ path: 'status', message: 'ACCEPTED' }],
    });
  });

  it('hides unexpected errors behind a 500 with the request id only', async () => {
    const res = await call(event('POST /boom'));
    expect(res.status).toBe(500);
    expect(JSON.stringify(res.body)).not.toContain('secret');
    expect(res.body.requestId).toBe('req-1');
  });

  it('lets a handler choose its status with reply()', async () => {
    const custom = httpFunction(defineRoutes({ 'GET /x': { summary: 'x', auth: 'public' } }), {
      'GET /x': async () => reply(202, { queued: true }, { location: '/x/1' }),
    });
    const result = await custom(event('GET /x'), context);
    expect(result.statusCode).toBe(202);
    expect(result.headers?.location).toBe('/x/1');
  });
});
