// 统一身份认证 the upstream identity provider port: where to send a person to sign in, and how to read the
// verified identity from what the upstream sends back. One adapter per kind of upstream (a province's
// ticket-based single sign-on, any OpenID Connect provider); the jurisdiction's config names the instances.
import type { VerifiedIdentity } from '../../../shared/identity.ts';

export interface SignInStart {
  /** Where the browser goes to sign in upstream. */
  redirect: string;
  /** What the adapter needs back at the callback (PKCE verifier, state), kept server-side meanwhile. */
  keep?: Record<string, string>;
}

export interface IdentityProvider {
  id: string;
  name: string;
  /** `returnTo` is tongban's callback for this sign-in; `state` binds the upstream's answer to it. */
  start(input: { returnTo: string; state: string }): Promise<SignInStart>;
  /** The identity the upstream verified, from the callback's query string (server-side calls only). */
  finish(input: {
    query: URLSearchParams;
    returnTo: string;
    state: string;
    kept: Record<string, string>;
  }): Promise<VerifiedIdentity>;
}

/** The upstream refused, or answered something unusable: the person sees why and may try again. */
export class UpstreamSignInError extends Error {
  override name = 'UpstreamSignInError';
}
