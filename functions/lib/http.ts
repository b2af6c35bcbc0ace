// One middy stack for every HTTP function: correlation and access log, error mapping, then request parsing
// (route lookup, size, JSON, identity, role, zod) before the route's own code runs. Handlers receive typed,
// validated input and return plain values; everything about HTTP lives here.
import middy, { type MiddlewareObj } from '@middy/core';
import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import type * as z from 'zod';
import { DomainError, type FieldIssue, issuesToDetails } from '../../shared/errors.ts';
import { type Principal, principalFromClaims } from '../../shared/identity.ts';
import { logger, redact } from './logger.ts';
import type { PrincipalDirectory } from './principals.ts';
import type { RouteDef, RouteKey, RouteTable } from './route.ts';

export type HttpEvent = APIGatewayProxyEventV2WithJWTAuthorizer;
export type HttpResult = APIGatewayProxyStructuredResultV2;

/** Bodies above this are refused with 413 before any parsing (API Gateway itself allows 10 MB). */
export const maxBodyBytes = 1024 * 1024;

type Infer<S, Fallback> = S extends z.ZodType ? z.output<S> : Fallback;

export interface HttpRequest<R extends RouteDef = RouteDef> {
  routeKey: RouteKey;
  params: Infer<R['params'], Record<string, string>>;
  query: Infer<R['query'], Record<string, string>>;
  body: Infer<R['body'], undefined>;
  headers: Infer<R['headers'], Record<string, string>>;
  /** Present on every route that is not public. */
  principal: R['auth'] extends 'public' ? Principal | undefined : Principal;
  requestId: string;
  /** The raw body text, for routes that accept more than JSON (CSV imports). */
  rawBody: string | undefined;
  contentType: string;
}

/** A handler may return a bare value (sent as JSON with the route's status) or a full reply. */
export interface Reply {
  readonly kind: 'reply';
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}
export const reply = (status: number, body?: unknown, headers?: Record<string, string>): Reply => ({
  kind: 'reply',
  status,
  body,
  headers,
});
const isReply = (value: unknown): value is Reply =>
  typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'reply';

export type RouteHandlers<T extends RouteTable> = {
  [K in keyof T]: (request: HttpRequest<T[K] extends RouteDef ? T[K] : never>) => Promise<unknown>;
};

interface HttpContext extends Context {
  http?: { route: RouteDef; request: HttpRequest };
}

const baseHeaders = {
  'content-type': 'application/json; charset=utf-8',
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
};

export const json = (
  statusCode: number,
  body: unknown,
  headers: Record<string, string> = {},
): HttpResult => ({
  statusCode,
  headers: { ...baseHeaders, ...headers },
  body: body === undefined ? '' : JSON.stringify(body),
});

export const errorBody = (error: DomainError, requestId: string) => ({
  error: {
    code: error.code,
    message: error.message,
    ...(error.details.length > 0 ? { details: error.details } : {}),
  },
  requestId,
});

const requestIdOf = (event: HttpEvent) => event.requestContext?.requestId ?? 'unknown';

/** Access log and correlation: one line per request with route, status and duration; nothing personal. */
const accessLog = (): MiddlewareObj<HttpEvent, HttpResult, Error, HttpContext> => {
  const started = new WeakMap<object, number>();
  const log = (event: HttpEvent, status: number | undefined, context: HttpContext) => {
    logger.info('request', {
      requestId: requestIdOf(event),
      route: event.routeKey,
      status,
      ms: Math.round(performance.now() - (started.get(context) ?? performance.now())),
      role: context.http?.request.principal?.role,
    });
  };
  return {
    before: ({ event, context }) => {
      started.set(context, performance.now());
      logger.appendKeys({ requestId: requestIdOf(event) });
    },
    after: ({ event, response, context }) => log(event, response?.statusCode, context),
    onError: ({ event, response, context }) => log(event, response?.statusCode, context),
  };
};

/** Maps domain errors to their status; anything else is a bug: logged, answered 500 with the request id. */
const errorMapper = (): MiddlewareObj<HttpEvent, HttpResult, Error, HttpContext> => ({
  onError: (request) => {
    const requestId = requestIdOf(request.event);
    const error = request.error;
    if (error instanceof DomainError) {
      request.response = json(error.status, errorBody(error, requestId));
      return;
    }
    // Messages can quote input; ID numbers and phone numbers are masked before anything is written.
    logger.error('unhandled error', {
      requestId,
      route: request.event.routeKey,
      error: { name: error?.name, message: redact(error?.message ?? ''), stack: redact(error?.stack ?? '') },
    });
    request.response = json(500, {
      error: {
        code: 'INTERNAL',
        message: 'Something went wrong on our side. Quote the request id if you report it.',
      },
      requestId,
    });
  },
});

const decodeBody = (event: HttpEvent): string | undefined => {
  if (event.body === undefined || event.body === null) return undefined;
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
};

const lowerHeaders = (headers: HttpEvent['headers']) => {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) if (v !== undefined) out[k.toLowerCase()] = v;
  return out;
};

const validate = (schema: z.ZodType | undefined, value: unknown, prefix: string, issues: FieldIssue[]) => {
  if (!schema) return value;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  for (const issue of issuesToDetails(result.error.issues)) {
    issues.push({
      path: issue.path === '(root)' ? prefix : `${prefix}.${issue.path}`,
      message: issue.message,
    });
  }
  return undefined;
};

const parseJson = (text: string | undefined, contentType: string) => {
  if (text === undefined || text.trim() === '') return undefined;
  if (!contentType.includes('json')) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw new DomainError('MALFORMED_JSON', 'The request body is not valid JSON.', { cause });
  }
};

/** Route lookup, size, JSON, identity, role and schema checks, in that order, each with its own status. */
const parseRequest = <T extends RouteTable>(
  routes: T,
  principals: PrincipalDirectory | undefined,
): MiddlewareObj<HttpEvent, HttpResult, Error, HttpContext> => ({
  before: async ({ event, context }) => {
    const routeKey = event.routeKey as RouteKey;
    const route: RouteDef | undefined = Object.hasOwn(routes, routeKey) ? routes[routeKey] : undefined;
    if (!route) {
      const path = event.requestContext?.http?.path ?? event.rawPath;
      throw new DomainError('NOT_FOUND', `No route for ${event.requestContext?.http?.method ?? ''} ${path}.`);
    }
    const rawBody = decodeBody(event);
    if (rawBody !== undefined && Buffer.byteLength(rawBody) > maxBodyBytes) {
      throw new DomainError('PAYLOAD_TOO_LARGE', `The request body exceeds ${maxBodyBytes} bytes.`);
    }
    const headers = lowerHeaders(event.headers);
    const contentType = headers['content-type'] ?? 'application/json';
    const claimed = principalFromClaims(event.requestContext?.authorizer?.jwt?.claims ?? {});
    if (route.auth !== 'public') {
      if (!claimed) throw new DomainError('UNAUTHENTICATED', 'A valid bearer token is required.');
      if (!route.auth.includes(claimed.role)) {
        throw new DomainError('FORBIDDEN', `This action is for: ${route.auth.join(', ')}.`);
      }
    }
    // Names and identifiers are never in tokens: read server-side by subject.
    const principal = claimed && principals ? await principals.complete(claimed) : claimed;
    const body = parseJson(rawBody, contentType);
    const issues: FieldIssue[] = [];
    const request: HttpRequest<RouteDef> = {
      routeKey,
      params: validate(route.params, event.pathParameters ?? {}, 'params', issues) as Record<string, string>,
      query: validate(route.query, event.queryStringParameters ?? {}, 'query', issues) as Record<
        string,
        string
      >,
      body: validate(route.body, body, 'body', issues) as undefined,
      headers: validate(route.headers, headers, 'headers', issues) as Record<string, string>,
      principal: principal as Principal,
      requestId: requestIdOf(event),
      rawBody,
      contentType,
    };
    if (issues.length > 0)
      throw new DomainError('VALIDATION_FAILED', 'The request is not valid.', { details: issues });
    context.http = { route, request };
  },
});

/**
 * Builds the Lambda handler of one capability from its route table and one function per route.
 * The returned handler is what API Gateway (or the local gateway) invokes.
 */
export const httpFunction = <T extends RouteTable>(
  routes: T,
  handlers: RouteHandlers<T>,
  options: {
    /** Where callers' names and identifiers are read (functions whose handlers need them). */
    principals?: PrincipalDirectory;
  } = {},
) =>
  middy<HttpEvent, HttpResult, Error, HttpContext>()
    .use(accessLog())
    .use(errorMapper())
    .use(parseRequest(routes, options.principals))
    .handler(async (_event, context) => {
      const { route, request } = context.http!;
      const run = handlers[request.routeKey as keyof T] as (r: HttpRequest) => Promise<unknown>;
      const result = await run(request);
      if (isReply(result)) {
        if (typeof result.body === 'string') {
          return {
            statusCode: result.status,
            headers: { ...baseHeaders, ...result.headers },
            body: result.body,
          };
        }
        return json(result.status, result.body, result.headers);
      }
      return json(route.status ?? 200, result);
    });
