// Sign-in function: tongban's OpenID Provider behind API Gateway. The provider is a Koa application; each
// API Gateway (payload v2) event is handed to it through serverless-http, mounted at /oidc. The issuer is
// the API's own address plus /oidc (from the request's domain and X-Forwarded-Proto), which is what the API's
// JWT authorizer trusts. A provider is built per issuer and rebuilt when the token key's alias has moved
// (checked every 30 s), so a renewed key signs — and the earlier one stays published — without a deployment.
import type { IncomingMessage } from 'node:http';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import serverless from 'serverless-http';
import { clock } from '../lib/clock.ts';
import { jurisdiction } from '../lib/env.ts';
import { logger } from '../lib/logger.ts';
import { apiName } from '../lib/names.ts';
import { interactionRoutes } from './interactions.ts';
import { createOpenIdProvider } from './provider.ts';
import { oidcMountPath } from './routes.ts';
import {
  Adapter,
  accounts,
  cookieKeys,
  currentTokenKid,
  identityConfig,
  signingKeys,
  upstreams,
} from './wiring.ts';

type Handle = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

/** How often an instance asks KMS which key the alias names now (one GetPublicKey). */
const keyCheckMs = 30_000;
interface Built {
  kid: string;
  handle: Handle;
}
const built = new Map<string, { checkedAt: number; ready: Promise<Built> }>();

/**
 * Where the portal may be sent back to: the config's addresses, the portal's own domain when the stack serves
 * it there, and the issuer's origin, which is where the local cloud serves the portal (in AWS nothing but
 * the API answers there, so a code sent to it goes nowhere).
 */
const portalClient = (issuer: string) => {
  const origins = [
    new URL(issuer).origin,
    ...(jurisdiction.portal ? [`https://${jurisdiction.portal.domainName}`] : []),
  ];
  const unique = (list: string[]) => [...new Set(list)];
  return {
    redirectUris: unique([...identityConfig.portal.redirectUris, ...origins.map((o) => `${o}/signed-in`)]),
    postLogoutRedirectUris: unique([
      ...identityConfig.portal.postLogoutRedirectUris,
      ...origins.map((o) => `${o}/`),
    ]),
  };
};

const build = async (issuer: string): Promise<Built> => {
  const [keys, cookies] = await Promise.all([signingKeys(), cookieKeys()]);
  const provider = createOpenIdProvider({
    issuer,
    audience: apiName(jurisdiction.id),
    resource: `urn:tongban:${jurisdiction.id}:api`,
    portal: portalClient(issuer),
    jurisdictionName: jurisdiction.name.zh,
    adapter: Adapter,
    signingKeys: keys.keys,
    cookieKeys: cookies,
    accounts,
  });
  provider.use(
    interactionRoutes({
      provider,
      issuer,
      jurisdictionName: jurisdiction.name.zh,
      upstreams,
      accounts,
      pending: new Adapter('UpstreamSignIn'),
      now: () => clock.now(),
    }),
  );
  provider.on('server_error', (_ctx, error) => {
    logger.error('sign-in error', { error: { name: error.name, message: error.message } });
  });
  const handle = serverless(provider, {
    request: (request: IncomingMessage & { originalUrl?: string }) => {
      // Mounted at /oidc, as oidc-provider expects: it reads the mount from originalUrl.
      request.originalUrl = request.url;
      request.url = request.url?.slice(oidcMountPath.length) || '/';
      // serverless-http presents every request as TLS; the scheme is the one API Gateway forwarded.
      (request.socket as { encrypted?: boolean }).encrypted = request.headers['x-forwarded-proto'] !== 'http';
    },
  }) as unknown as Handle;
  return { kid: keys.kid, handle };
};

const issuerOf = (event: APIGatewayProxyEventV2) => {
  const proto = event.headers['x-forwarded-proto'] ?? 'https';
  return `${proto}://${event.requestContext.domainName}${oidcMountPath}`;
};

/** The provider of an issuer, rebuilt when the token key was renewed (its state is all in the table). */
const providerFor = async (issuer: string) => {
  const now = Date.now();
  const entry = built.get(issuer);
  if (entry && now - entry.checkedAt < keyCheckMs) return (await entry.ready).handle;
  if (entry) {
    entry.checkedAt = now;
    const [kid, existing] = await Promise.all([currentTokenKid(), entry.ready]);
    if (kid === existing.kid) return existing.handle;
  }
  const ready = build(issuer);
  built.set(issuer, { checkedAt: now, ready });
  ready.catch(() => built.delete(issuer));
  return (await ready).handle;
};

export const handler = async (event: APIGatewayProxyEventV2, context: Context) => {
  const started = performance.now();
  const handle = await providerFor(issuerOf(event));
  const result = await handle(event, context);
  // Paths carry interaction ids only; query strings (tickets, codes) are not logged.
  logger.info('request', {
    requestId: event.requestContext.requestId,
    path: event.rawPath,
    status: result.statusCode,
    ms: Math.round(performance.now() - started),
  });
  return result;
};
