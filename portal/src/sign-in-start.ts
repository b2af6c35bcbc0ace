// Leaving for the provider's sign-in: the authorization-code flow's first step, with PKCE (S256). The session
// (session.ts) and the drawn pages' island (island.ts) both start sign-in here, with WebCrypto only, so the
// island needs no OAuth library; the session completes it on /signed-in with what is left in sessionStorage.

/** Where the verifier, state and return path wait during the round trip to the provider. */
export const pendingSignIn = 'tongban.sign-in';
export const portalClientId = 'tongban-portal';

/** The portal's API origin from the page's meta tag; '' (this origin) when there is none. */
export const pageApiOrigin = () => {
  const value = document.querySelector('meta[name="tongban-api-origin"]')?.getAttribute('content') ?? '';
  return /^https:\/\/[^/]+/.test(value) ? value.replace(/\/+$/, '') : '';
};

/** The jurisdiction's OpenID Provider. */
export const issuerOf = (apiOrigin: string) => new URL(`${apiOrigin || location.origin}/oidc`);

/** Its authorization endpoint when discovery has not said (the provider's own path). */
export const defaultAuthorizationEndpoint = (apiOrigin: string) => `${issuerOf(apiOrigin).href}/auth`;

/** Where the provider sends people back. */
export const signedInUri = () => `${location.origin}/signed-in`;

const base64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');

/** 32 random bytes, base64url: a code verifier or a state. */
const randomValue = () => base64url(crypto.getRandomValues(new Uint8Array(32)));

/** Leaves for `authorizationEndpoint`; the provider returns to /signed-in, which goes on to `returnTo`. */
export const leaveForSignIn = async (authorizationEndpoint: string, returnTo: string) => {
  const verifier = randomValue();
  const state = randomValue();
  sessionStorage.setItem(pendingSignIn, JSON.stringify({ verifier, state, returnTo }));
  const challenge = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  const url = new URL(authorizationEndpoint);
  url.search = new URLSearchParams({
    client_id: portalClientId,
    redirect_uri: signedInUri(),
    response_type: 'code',
    scope: 'openid api',
    code_challenge: base64url(new Uint8Array(challenge)),
    code_challenge_method: 'S256',
    state,
  }).toString();
  location.assign(url.href);
};
