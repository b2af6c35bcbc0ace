// Any OpenID Connect provider as an upstream (a Cognito user pool is one, where it exists; so is a
// province that offers OIDC): authorization code with PKCE, through openid-client. The person's name and ID
// number come from the ID token's claims (`name`, and `id_number` or Cognito's `custom:idNumber`); the
// assurance level is the one the config says this provider vouches for.
import * as client from 'openid-client';
import * as z from 'zod';
import type { AssuranceLevel, VerifiedIdentity } from '../../../shared/identity.ts';
import { type IdentityProvider, UpstreamSignInError } from './port.ts';

export interface OidcProviderOptions {
  id: string;
  name: string;
  issuer: string;
  clientId: string;
  clientSecret: () => Promise<string>;
  level: AssuranceLevel;
}

const claimsSchema = z.looseObject({
  sub: z.string().min(1).max(128),
  name: z.string().min(1).max(64),
  phone_number: z.string().optional(),
  id_number: z
    .string()
    .regex(/^\d{17}[\dX]$/)
    .optional(),
  'custom:idNumber': z
    .string()
    .regex(/^\d{17}[\dX]$/)
    .optional(),
});

export const oidcProvider = (options: OidcProviderOptions): IdentityProvider => {
  let configuration: Promise<client.Configuration> | undefined;
  const discover = () => {
    configuration ??= options
      .clientSecret()
      .then((secret) => client.discovery(new URL(options.issuer), options.clientId, secret))
      .catch((error: unknown) => {
        configuration = undefined;
        throw error;
      });
    return configuration;
  };
  return {
    id: options.id,
    name: options.name,
    start: async ({ returnTo, state }) => {
      const verifier = client.randomPKCECodeVerifier();
      const url = client.buildAuthorizationUrl(await discover(), {
        redirect_uri: returnTo,
        scope: 'openid profile phone',
        code_challenge: await client.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state,
      });
      return { redirect: url.href, keep: { verifier } };
    },
    finish: async ({ query, returnTo, state, kept }) => {
      const current = new URL(returnTo);
      for (const [k, v] of query) current.searchParams.set(k, v);
      const tokens = await client
        .authorizationCodeGrant(await discover(), current, {
          pkceCodeVerifier: kept.verifier,
          expectedState: state,
        })
        .catch((cause: unknown) => {
          throw new UpstreamSignInError(`${options.name} did not confirm the sign-in.`, { cause });
        });
      const claims = claimsSchema.safeParse(tokens.claims());
      const idNumber = claims.success ? (claims.data.id_number ?? claims.data['custom:idNumber']) : undefined;
      if (!claims.success || !idNumber) {
        throw new UpstreamSignInError(`${options.name} did not tell who signed in (name and ID number).`);
      }
      const mobile = claims.data.phone_number?.replace(/^\+86/, '');
      const identity: VerifiedIdentity = {
        kind: 'person',
        upstreamId: claims.data.sub,
        name: claims.data.name,
        idNumber,
        ...(mobile && /^1\d{10}$/.test(mobile) ? { mobile } : {}),
        level: options.level,
      };
      return identity;
    },
  };
};
