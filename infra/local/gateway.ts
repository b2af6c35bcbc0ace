// The local HTTP gateway: turns each request into an API Gateway HTTP API (payload v2) event, verifies the
// bearer token as the JWT authorizer would, and invokes the route's function through the local Lambda
// service, answering a function error or timeout as API Gateway does (500 Internal Server Error). Only
// routes declared in the manifest exist; `/dev/*` routes belong to the local cloud alone.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyResultV2 } from 'aws-lambda';
import { splitRouteKey } from '../../functions/lib/route.ts';
import type { FunctionSpec } from '../../functions/manifest.ts';
import { portalSecurityHeaders } from '../../portal/security-headers.ts';
import { defaultPortalDir, portalScriptSource, portalStyleSource } from '../portal-build.ts';
import { compressForViewer, servePortal } from './portal.ts';

/** API Gateway's own payload limit for HTTP APIs; functions enforce their smaller limit themselves. */
const gatewayMaxBytes = 10 * 1024 * 1024;

export interface GatewayRoute {
  method: string;
  path: string;
  pattern: RegExp;
  paramNames: string[];
  staticWeight: number;
  spec: FunctionSpec;
  routeKey: string;
  secured: boolean;
}

export type DevRoute = (request: {
  method: string;
  path: string;
  query: URLSearchParams;
  body: string;
  headers: IncomingMessage['headers'];
}) => Promise<{ status: number; body: unknown } | undefined>;

export interface GatewayOptions {
  specs: readonly FunctionSpec[];
  /** Invokes the function behind a route with the event; rejects when the function fails. */
  invoke: (spec: FunctionSpec, event: unknown, requestId: string) => Promise<unknown>;
  verifyToken: (token: string) => Promise<Record<string, unknown> | undefined>;
  devRoutes?: DevRoute;
  /** Files the local cloud publishes at fixed paths (the demo seal CA), answered to GET. */
  publicFiles?: Readonly<Record<string, { contentType: string; body: Buffer }>>;
  /**
   * The portal's build (portal/dist when omitted): /assets/ are answered from there; its pages come from the
   * pages function, whose responses get the portal's headers and compression, as CloudFront gives them.
   */
  portalDir?: string;
  /** Origins the portal's pages may send requests to besides its own: the S3 endpoint its uploads go to. */
  portalConnectSources?: readonly string[];
  log?: (line: string) => void;
}

const compile = (spec: FunctionSpec, routeKey: string): GatewayRoute => {
  const { method, path } = splitRouteKey(routeKey as `GET /${string}`);
  const paramNames: string[] = [];
  const source = path
    .split('/')
    .map((segment) => {
      const greedy = /^\{(\w+)\+\}$/.exec(segment);
      if (greedy) {
        paramNames.push(greedy[1]!);
        return '(.+)';
      }
      const param = /^\{(\w+)\}$/.exec(segment);
      if (param) {
        paramNames.push(param[1]!);
        return '([^/]+)';
      }
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  const route = spec.routes?.[routeKey as keyof typeof spec.routes];
  return {
    method,
    path,
    pattern: new RegExp(`^${source}$`),
    paramNames,
    staticWeight: path.split('/').filter((s) => s && !s.startsWith('{')).length,
    spec,
    routeKey,
    secured: route !== undefined && route.auth !== 'public',
  };
};

/** Most specific first, as API Gateway matches: more literal segments win over parameters. */
export const compileRoutes = (specs: readonly FunctionSpec[]) =>
  specs
    .flatMap((spec) => Object.keys(spec.routes ?? {}).map((key) => compile(spec, key)))
    .sort((a, b) => b.staticWeight - a.staticWeight || b.path.length - a.path.length);

const readBody = (req: IncomingMessage) =>
  new Promise<Buffer | 'too-large'>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= gatewayMaxBytes) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > gatewayMaxBytes ? 'too-large' : Buffer.concat(chunks)));
    req.on('error', reject);
  });

const newRequestId = () => randomBytes(10).toString('base64url');

const textual = (contentType: string | undefined) =>
  !contentType || /json|text|xml|csv|x-www-form-urlencoded/.test(contentType);

/** API Gateway joins repeated query parameters with commas. */
const queryParameters = (search: URLSearchParams) => {
  const out: Record<string, string> = {};
  for (const key of new Set(search.keys())) out[key] = search.getAll(key).join(',');
  return Object.keys(out).length > 0 ? out : undefined;
};

/** API Gateway passes claims as strings and renders arrays as `[a b]`. */
const claimsAsGatewayDoes = (claims: Record<string, unknown>) => {
  const out: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(claims)) {
    out[key] = Array.isArray(value)
      ? `[${value.join(' ')}]`
      : typeof value === 'object'
        ? JSON.stringify(value)
        : (value as string);
  }
  return out;
};

/** A path segment decoded; a malformed percent-encoding is passed on as it came, for the function to refuse. */
const decodedSegment = (segment: string) => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
};

const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(text);
};

const gatewayError = (code: string, message: string, requestId: string) => ({
  error: { code, message },
  requestId,
});

export const createGateway = (options: GatewayOptions): Server => {
  const routes = compileRoutes(options.specs);
  const fallback = options.specs.find((spec) => spec.defaultRoute);
  const log = options.log ?? (() => undefined);
  const portalHeaders = portalSecurityHeaders(options.portalConnectSources);
  // The pages inline the build's stylesheet and island, which their CSP names by their hashes (read once a
  // page is drawn).
  let pageHeaders: Record<string, string> | undefined;
  const pagesHeaders = () => {
    const portalDir = options.portalDir ?? defaultPortalDir;
    pageHeaders ??= portalSecurityHeaders(
      options.portalConnectSources,
      [portalStyleSource(portalDir)],
      [portalScriptSource(portalDir)],
    );
    return pageHeaders;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const requestId = newRequestId();
    const started = performance.now();
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = (req.method ?? 'GET').toUpperCase();
    const body = await readBody(req);
    const headers = { 'apigw-requestid': requestId };
    if (body === 'too-large') return send(res, 413, { message: 'Request Entity Too Large' }, headers);

    if (options.devRoutes && url.pathname.startsWith('/dev/')) {
      const answer = await options.devRoutes({
        method,
        path: url.pathname,
        query: url.searchParams,
        body: body.toString('utf8'),
        headers: req.headers,
      });
      if (answer) return send(res, answer.status, answer.body, headers);
    }

    const published = method === 'GET' ? options.publicFiles?.[url.pathname] : undefined;
    if (published) {
      res.writeHead(200, {
        'content-type': published.contentType,
        'cache-control': 'max-age=3600',
        ...headers,
      });
      return res.end(published.body);
    }

    if (options.portalDir) {
      const asset = await servePortal(options.portalDir, method, url.pathname, portalHeaders);
      if (asset) {
        const sent = compressForViewer(
          asset.body,
          asset.headers['content-type'] ?? '',
          req.headers['accept-encoding'],
        );
        res.writeHead(asset.status, { ...asset.headers, ...sent.headers, ...headers });
        return res.end(method === 'HEAD' ? undefined : sent.body);
      }
    }

    let matched: GatewayRoute | undefined;
    let match: RegExpExecArray | null = null;
    for (const route of routes) {
      if (route.method !== method) continue;
      match = route.pattern.exec(url.pathname);
      if (match) {
        matched = route;
        break;
      }
    }
    const spec = matched?.spec ?? fallback;
    if (!spec) return send(res, 404, { message: 'Not Found' }, headers);

    let claims: Record<string, unknown> | undefined;
    if (matched?.secured) {
      const authorization = req.headers.authorization ?? '';
      const token = /^Bearer\s+(.+)$/i.exec(authorization)?.[1];
      claims = token ? await options.verifyToken(token) : undefined;
      if (!claims) {
        return send(
          res,
          401,
          gatewayError('UNAUTHENTICATED', 'A valid bearer token is required.', requestId),
          {
            ...headers,
            'www-authenticate': 'Bearer',
          },
        );
      }
    }

    const pathParameters: Record<string, string> = {};
    if (matched && match) {
      for (const [i, name] of matched.paramNames.entries()) {
        pathParameters[name] = decodedSegment(match[i + 1] ?? '');
      }
    }
    const isText = textual(req.headers['content-type']);
    const now = new Date();
    const event: APIGatewayProxyEventV2WithJWTAuthorizer = {
      version: '2.0',
      routeKey: matched?.routeKey ?? '$default',
      rawPath: url.pathname,
      rawQueryString: url.search.slice(1),
      // As API Gateway: cookies move from the header to `cookies`, and the scheme is forwarded.
      headers: {
        ...Object.fromEntries(
          Object.entries(req.headers)
            .filter(([k]) => k.toLowerCase() !== 'cookie')
            .map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v.join(',') : (v ?? '')]),
        ),
        'x-forwarded-proto': 'http',
        'x-forwarded-for': req.socket.remoteAddress ?? '127.0.0.1',
      },
      ...(req.headers.cookie ? { cookies: req.headers.cookie.split(/;\s*/).filter(Boolean) } : {}),
      queryStringParameters: queryParameters(url.searchParams),
      pathParameters: matched?.paramNames.length ? pathParameters : undefined,
      requestContext: {
        accountId: '000000000000',
        apiId: 'local',
        domainName: req.headers.host ?? 'localhost',
        domainPrefix: 'local',
        http: {
          method,
          path: url.pathname,
          protocol: `HTTP/${req.httpVersion}`,
          sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
          userAgent: req.headers['user-agent'] ?? '',
        },
        requestId,
        routeKey: matched?.routeKey ?? '$default',
        stage: '$default',
        time: now.toISOString(),
        timeEpoch: now.getTime(),
        authorizer: {
          principalId: '',
          integrationLatency: 0,
          jwt: { claims: claimsAsGatewayDoes(claims ?? {}), scopes: [] },
        },
      },
      body: body.length === 0 ? undefined : isText ? body.toString('utf8') : body.toString('base64'),
      isBase64Encoded: body.length > 0 && !isText,
    };
    if (!claims) (event.requestContext as { authorizer?: unknown }).authorizer = undefined;

    let result: APIGatewayProxyResultV2;
    try {
      result = (await options.invoke(spec, event, requestId)) as APIGatewayProxyResultV2;
    } catch (error) {
      log(`function ${spec.name} failed: ${error instanceof Error ? error.message : String(error)}`);
      return send(res, 500, { message: 'Internal Server Error' }, headers);
    }
    const structured =
      typeof result === 'object' && result !== null && 'statusCode' in result ? result : undefined;
    const status = structured?.statusCode ?? 200;
    const responseHeaders: Record<string, string | string[]> = {
      ...headers,
      ...((structured?.headers as Record<string, string>) ?? {}),
    };
    // Payload v2 returns cookies apart from the headers; API Gateway sends one Set-Cookie each.
    const cookies = structured && 'cookies' in structured ? structured.cookies : undefined;
    if (cookies?.length) responseHeaders['set-cookie'] = cookies;
    let responseBody: Buffer | string = structured
      ? structured.isBase64Encoded
        ? Buffer.from(structured.body ?? '', 'base64')
        : (structured.body ?? '')
      : JSON.stringify(result);
    if (spec.portalShell) {
      // A portal page: through CloudFront in the stack, with its headers and compression.
      const sent = compressForViewer(
        Buffer.from(responseBody),
        String(responseHeaders['content-type'] ?? ''),
        req.headers['accept-encoding'],
      );
      Object.assign(responseHeaders, pagesHeaders(), sent.headers);
      responseBody = sent.body;
    }
    res.writeHead(status, responseHeaders);
    res.end(responseBody);
    log(`${method} ${url.pathname} ${status} ${Math.round(performance.now() - started)}ms`);
  };

  return createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      log(`gateway error: ${error instanceof Error ? error.stack : String(error)}`);
      if (!res.headersSent) send(res, 500, { message: 'Internal Server Error' });
      else res.end();
    });
  });
};
