// Sign-in for the portal: the authorization-code flow with PKCE against the jurisdiction's own OpenID
// Provider (<API origin>/oidc), which brokers the province's unified identity. The portal is a public client
// (no secret). Tokens live only in this page's memory — never in localStorage — so a reload signs out; the
// PKCE verifier and state wait in sessionStorage only across the round trip to the provider.
import * as oauth from 'oauth4webapi';
import { apiOrigin, useBearer } from './api.ts';
import {
  portalClientId as clientId,
  defaultAuthorizationEndpoint,
  issuerOf,
  leaveForSignIn,
  pendingSignIn as pending,
  signedInUri as redirectUri,
} from './sign-in-start.ts';

const client: oauth.Client = { client_id: clientId };

const issuer = () => issuerOf(apiOrigin);
/** Plain http only on the local cloud's loopback address. */
const options = () =>
  issuer().protocol === 'http:' && ['127.0.0.1', 'localhost'].includes(issuer().hostname)
    ? { [oauth.allowInsecureRequests]: true }
    : {};

let server: Promise<oauth.AuthorizationServer> | undefined;
const discover = () => {
  server ??= oauth
    .discoveryRequest(issuer(), options())
    .then((response) => oauth.processDiscoveryResponse(issuer(), response));
  return server;
};

interface Session {
  accessToken: string;
  refreshToken?: string;
  idToken?: string;
  expiresAt: number;
  name?: string;
}
let session: Session | undefined;
const listeners = new Set<() => void>();
const changed = () => {
  for (const listener of listeners) listener();
};
export const onSessionChange = (listener: () => void) => {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
};
export const signedIn = () => session !== undefined;
export const displayName = () => session?.name;

export type StaffRole = 'clerk' | 'reviewer' | 'supervisor' | 'admin';
const staffRoleNames: readonly string[] = ['clerk', 'reviewer', 'supervisor', 'admin'];

/**
 * The staff roles and department the access token carries, to show the right workbench. Only what to show:
 * the API decides what each token may do.
 */
export const staffOf = (): { roles: StaffRole[]; department?: string; sub?: string } => {
  const claims = accessClaims();
  const roles = (Array.isArray(claims.roles) ? claims.roles : []).filter((r): r is StaffRole =>
    staffRoleNames.includes(r as string),
  );
  const sub = subject();
  return {
    roles,
    ...(typeof claims.department === 'string' ? { department: claims.department } : {}),
    ...(sub ? { sub } : {}),
  };
};

/** The signed-in account's ID (the token's subject): what an administrator grants staff roles to. */
export const subject = (): string | undefined => {
  const sub = accessClaims().sub;
  return typeof sub === 'string' ? sub : undefined;
};

/** The access token's claims, read without checking them (the API checks the token). */
const accessClaims = (): { roles?: unknown; department?: unknown; sub?: unknown } => {
  const payload = session?.accessToken.split('.')[1];
  if (!payload) return {};
  try {
    return JSON.parse(
      new TextDecoder().decode(
        Uint8Array.from(atob(payload.replaceAll('-', '+').replaceAll('_', '/')), (c) => c.charCodeAt(0)),
      ),
    ) as { roles?: unknown; department?: unknown; sub?: unknown };
  } catch {
    return {};
  }
};

const keep = (result: oauth.TokenEndpointResponse) => {
  const claims = result.id_token ? oauth.getValidatedIdTokenClaims(result) : undefined;
  session = {
    accessToken: result.access_token,
    refreshToken: result.refresh_token ?? session?.refreshToken,
    idToken: result.id_token ?? session?.idToken,
    expiresAt: Date.now() + (result.expires_in ?? 300) * 1000,
    name: typeof claims?.name === 'string' ? claims.name : session?.name,
  };
  changed();
};

/** A current access token: refreshed (with rotation) shortly before it expires. */
const accessToken = async () => {
  if (!session) return undefined;
  if (session.expiresAt - Date.now() > 30_000 || !session.refreshToken) return session.accessToken;
  const as = await discover();
  try {
    const response = await oauth.refreshTokenGrantRequest(
      as,
      client,
      oauth.None(),
      session.refreshToken,
      options(),
    );
    keep(await oauth.processRefreshTokenResponse(as, client, response));
  } catch {
    session = undefined;
    changed();
  }
  return session?.accessToken;
};
useBearer(accessToken);

/** Leaves for the provider's sign-in; comes back to /signed-in, then to `returnTo`. */
export const signIn = async (returnTo = location.pathname + location.search) => {
  const as = await discover();
  await leaveForSignIn(as.authorization_endpoint ?? defaultAuthorizationEndpoint(apiOrigin), returnTo);
};

/** On /signed-in: exchanges the code for tokens; the path to go back to. */
export const completeSignIn = async (): Promise<string> => {
  const saved = JSON.parse(sessionStorage.getItem(pending) ?? 'null') as {
    verifier: string;
    state: string;
    returnTo: string;
  } | null;
  sessionStorage.removeItem(pending);
  if (!saved) throw new Error('No sign-in was started here');
  const as = await discover();
  const params = oauth.validateAuthResponse(as, client, new URL(location.href), saved.state);
  const response = await oauth.authorizationCodeGrantRequest(
    as,
    client,
    oauth.None(),
    params,
    redirectUri(),
    saved.verifier,
    options(),
  );
  keep(await oauth.processAuthorizationCodeResponse(as, client, response));
  return saved.returnTo.startsWith('/') && !saved.returnTo.startsWith('//') ? saved.returnTo : '/';
};

/** Forgets the tokens and ends the provider's session too. */
export const signOut = async () => {
  const idToken = session?.idToken;
  session = undefined;
  changed();
  const as = await discover();
  if (!as.end_session_endpoint) return;
  const url = new URL(as.end_session_endpoint);
  url.search = new URLSearchParams({
    client_id: clientId,
    post_logout_redirect_uri: `${location.origin}/`,
    ...(idToken ? { id_token_hint: idToken } : {}),
  }).toString();
  location.assign(url.href);
};
