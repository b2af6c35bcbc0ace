// The headers every response of the portal carries, wherever it is served: the local gateway sends them
// itself, the stack's CloudFront distribution through a response headers policy. One definition, so the two
// cannot drift; only the API's origin differs (the portal's own locally, its own origin in the stack).

/**
 * The Content-Security-Policy: scripts, styles and fonts from the portal itself only, no inline code but the
 * build's own stylesheet and the drawn pages' island, which the pages function inlines (`styleSources`,
 * `scriptSources`: their hashes), no framing, and requests to the portal and the API origins named (none
 * besides the portal's when omitted).
 */
export const portalContentSecurityPolicy = (
  apiOrigins: readonly string[] = [],
  styleSources: readonly string[] = [],
  scriptSources: readonly string[] = [],
) =>
  [
    "default-src 'none'",
    `script-src ${["'self'", ...scriptSources].join(' ')}`,
    `style-src ${["'self'", ...styleSources].join(' ')}`,
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src ${["'self'", ...apiOrigins].join(' ')}`,
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');

/**
 * The security headers of the portal's responses, with the CSP allowing requests to `apiOrigins`, the
 * inlined stylesheet named by `styleSources` and the inlined island named by `scriptSources`.
 */
export const portalSecurityHeaders = (
  apiOrigins: readonly string[] = [],
  styleSources: readonly string[] = [],
  scriptSources: readonly string[] = [],
) => ({
  'content-security-policy': portalContentSecurityPolicy(apiOrigins, styleSources, scriptSources),
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'permissions-policy': 'camera=(self), geolocation=(), microphone=()',
  'cross-origin-opener-policy': 'same-origin',
});

export type PortalSecurityHeaders = ReturnType<typeof portalSecurityHeaders>;
