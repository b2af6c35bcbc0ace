// A script-style client of the jurisdiction's sign-in, as a portal and a browser would use it together: a
// standard OIDC client (openid-client: discovery, PKCE, code exchange, refresh) for the portal's part, and
// plain fetch with a cookie jar for the browser's (following redirects, picking a demo person on the
// simulated provincial login page). Tests and the bench sign in through it.
import * as client from 'openid-client';
import { portalClientId } from '../../functions/sign-in/provider.ts';

/** The local portal address registered in the sample jurisdictions' `identity.portal.redirectUris`. */
export const localRedirectUri = 'http://127.0.0.1:5173/signed-in';

export const signInFlow = (issuer: () => string, redirectUri = localRedirectUri) => {
  /** Cookies as a browser keeps them (one jar: the portal, tongban and the province differ only by port). */
  const cookieJar = () => {
    const jar = new Map<string, string>();
    return {
      header: () => [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
      take: (res: Response) => {
        for (const line of res.headers.getSetCookie()) {
          const [pair = '', ...attributes] = line.split(';');
          const at = pair.indexOf('=');
          const name = pair.slice(0, at).trim();
          const expired = attributes.some(
            (a) => /^\s*max-age=0/i.test(a) || /expires=Thu, 01 Jan 1970/i.test(a),
          );
          if (expired) jar.delete(name);
          else jar.set(name, pair.slice(at + 1).trim());
        }
      },
    };
  };

  const discover = () =>
    client.discovery(new URL(issuer()), portalClientId, undefined, client.None(), {
      execute: [client.allowInsecureRequests],
    });

  /** The browser's part: follows redirects, picks `who` on the province's page, stops at the portal. */
  const browse = async (start: URL, who: string, jar = cookieJar()) => {
    let url = start.href;
    const visited: string[] = [];
    for (let hop = 0; hop < 15; hop++) {
      if (url.startsWith(redirectUri)) return { callback: new URL(url), visited, jar };
      const res = await fetch(url, { redirect: 'manual', headers: { cookie: jar.header() } });
      jar.take(res);
      visited.push(`${res.status} ${new URL(url).pathname}`);
      const location = res.headers.get('location');
      if (location) {
        url = new URL(location, url).href;
        continue;
      }
      const page = await res.text();
      const pick = new RegExp(`data-user="${who}" href="([^"]+)"`).exec(page)?.[1];
      if (res.status !== 200 || !pick)
        throw new Error(`Stuck at ${url}: ${res.status} ${page.slice(0, 300)}`);
      url = new URL(pick.replaceAll('&#38;', '&').replaceAll('&amp;', '&'), url).href;
    }
    throw new Error(`Too many redirects: ${visited.join(', ')}`);
  };

  /** The portal's authorization request: code flow, PKCE S256, the API scope. */
  const authorizeUrl = async (config: client.Configuration, verifier: string, state?: string) =>
    client.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: 'openid api',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      ...(state ? { state } : {}),
    });

  const signIn = async (who = 'citizen') => {
    const config = await discover();
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const authorize = await authorizeUrl(config, verifier, state);
    const { callback, visited, jar } = await browse(authorize, who);
    const tokens = await client.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: verifier,
      expectedState: state,
    });
    return { config, tokens, visited, jar };
  };

  return { discover, browse, authorizeUrl, signIn, redirectUri, cookieJar };
};
