// tongban as an OpenID Provider (oidc-provider, OpenID Certified): discovery, JWKS, authorization code with
// PKCE (S256, required) for the portal — a public client without a secret —, JWT access tokens for the API
// (RS256 by the KMS token key, 10 minutes, audience = the API's, opaque subject, roles, acr and nothing
// personal), refresh tokens rotated at every use (a rotated token used again revokes the whole grant), and
// RP-initiated sign-out. Its state lives in the table (adapter.ts).
import { type Adapter, type AdapterConstructor, Provider } from 'oidc-provider';
import { acrValues, tokenClaims } from '../../shared/identity.ts';
import type { IdentityConfig } from '../../shared/jurisdiction.ts';
import type { AccountStore } from './accounts.ts';
import { errorPage, signOutPage } from './pages.ts';
import type { KmsTokenKey } from './token-keys.ts';

/** The portal's client id; it is public (PKCE instead of a secret). */
export const portalClientId = 'tongban-portal';
/** Access tokens live this long; a refresh token gets the next one. */
export const accessTokenSeconds = 600;
/** The scope of API access; the resource it is granted for is the API. */
export const apiScope = 'api';

export interface OpenIdProviderOptions {
  issuer: string;
  /** The API's audience, as its JWT authorizer expects it in `aud`. */
  audience: string;
  /** The API as a resource indicator (RFC 8707): a URI naming it. */
  resource: string;
  portal: IdentityConfig['portal'];
  adapter: AdapterConstructor;
  /** The current key first; renewed keys after it are published, not used. */
  signingKeys: KmsTokenKey[];
  cookieKeys: string[];
  accounts: AccountStore;
  /** The jurisdiction's name in Chinese, on the sign-out confirmation. */
  jurisdictionName: string;
}

const hours = 3600;

export const createOpenIdProvider = (options: OpenIdProviderOptions) => {
  const mountPath = new URL(options.issuer).pathname;
  const provider = new Provider(options.issuer, {
    adapter: options.adapter,
    clients: [
      {
        client_id: portalClientId,
        client_name: 'tongban portal',
        token_endpoint_auth_method: 'none',
        application_type: 'web',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: options.portal.redirectUris,
        post_logout_redirect_uris: options.portal.postLogoutRedirectUris,
        id_token_signed_response_alg: 'RS256',
      },
    ],
    jwks: { keys: options.signingKeys },
    features: {
      externalSigningSupport: { enabled: true, ack: 'experimental-01' },
      devInteractions: { enabled: false },
      revocation: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: (ctx, form) => {
          ctx.body = signOutPage(options.jurisdictionName, form);
        },
      },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => options.resource,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, indicator) => {
          if (indicator !== options.resource) throw new Error(`unknown resource ${indicator}`);
          return {
            scope: apiScope,
            audience: options.audience,
            accessTokenTTL: accessTokenSeconds,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: 'RS256' } },
          };
        },
      },
    },
    pkce: { required: () => true },
    scopes: ['openid', apiScope],
    // The ID token names the subject only: who the person is stays server-side.
    claims: { openid: ['sub'] },
    acrValues: [...acrValues],
    findAccount: async (_ctx, sub) => {
      const account = await options.accounts.find(sub);
      return account ? { accountId: account.sub, claims: () => ({ sub: account.sub }) } : undefined;
    },
    extraTokenClaims: async (ctx, token) => {
      if (!('accountId' in token) || typeof token.accountId !== 'string') return undefined;
      const account = await options.accounts.find(token.accountId);
      const { AuthorizationCode: code, RefreshToken: refresh } = ctx.oidc.entities;
      const acr = code?.acr ?? refresh?.acr;
      return {
        [tokenClaims.roles]: account?.roles ?? [],
        ...(acr ? { [tokenClaims.acr]: acr } : {}),
        ...(account?.department ? { [tokenClaims.department]: account.department } : {}),
      };
    },
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    rotateRefreshToken: true,
    ttl: {
      AccessToken: accessTokenSeconds,
      AuthorizationCode: 60,
      IdToken: accessTokenSeconds,
      Interaction: 600,
      Session: 8 * hours,
      Grant: 8 * hours,
      RefreshToken: 8 * hours,
    },
    cookies: { keys: options.cookieKeys },
    interactions: { url: (_ctx, interaction) => `${mountPath}/interaction/${interaction.uid}` },
    // Errors are rendered by oidc-provider without internals; they are logged by the handler's access log.
    renderError: async (ctx, out) => {
      ctx.type = 'html';
      ctx.body = errorPage(String(out.error_description ?? out.error));
    },
  });
  // Behind API Gateway: the scheme and host come from X-Forwarded-Proto and Host.
  provider.proxy = true;
  return provider;
};

export type { Adapter };
