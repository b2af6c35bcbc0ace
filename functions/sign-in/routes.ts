// Sign-in routes: everything under /oidc belongs to the OpenID Provider, served without the authorizer
// (discovery and JWKS must be public for API Gateway's JWT authorizer; the rest is the sign-in itself).
import { defineRoutes } from '../lib/route.ts';

export const oidcMountPath = '/oidc';

export const signInRoutes = defineRoutes({
  'GET /oidc/{proxy+}': {
    summary:
      'OpenID Provider: discovery (/oidc/.well-known/openid-configuration), JWKS (/oidc/jwks), authorization, the upstream sign-in and sign-out',
    tags: ['sign-in'],
    auth: 'public',
  },
  'POST /oidc/{proxy+}': {
    summary:
      'OpenID Provider: token (code with PKCE, refresh with rotation), revocation, sign-out confirmation',
    tags: ['sign-in'],
    auth: 'public',
  },
});
