// The local API's token check and the development token route. The check is what API Gateway's JWT
// authorizer does with the tokens of the jurisdiction's issuer (the sign-in function, at <gateway>/oidc):
// the issuer and audience must match, the token must be unexpired, signed RS256 (no other algorithm, no
// `none`) by a key the issuer's JWKS publishes — fetched from the sign-in function's /oidc/jwks, as the
// authorizer fetches it. `POST /dev/token` mints through the same issuer and the same KMS token key
// (the local KMS endpoint), so tests and scripts get tokens the gateway accepts exactly as it accepts
// signed-in ones.
import { randomUUID } from 'node:crypto';
import type { KMSClient } from '@aws-sdk/client-kms';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createRemoteJWKSet, type JWTPayload, jwtVerify } from 'jose';
import * as z from 'zod';
import { putAccountProfile } from '../../functions/lib/principals.ts';
import { portalClientId } from '../../functions/sign-in/provider.ts';
import { readTokenKey, signCompactJwt, tokenAlgorithm } from '../../functions/sign-in/token-keys.ts';
import {
  acrOf,
  assuranceLevelSchema,
  roleSchema,
  tokenClaims,
  type VerifiedIdentity,
} from '../../shared/identity.ts';

export const devTokenRequestSchema = z.object({
  sub: z.string().min(1).max(128),
  role: roleSchema,
  name: z.string().min(1).max(64),
  idNumber: z
    .string()
    .regex(/^\d{17}[\dX]$/, 'an 18-character resident ID number')
    .optional(),
  creditCode: z
    .string()
    .regex(/^[0-9A-HJ-NPQRTUWXY]{18}$/, 'an 18-character unified social credit code')
    .optional(),
  department: z.string().min(1).max(32).optional(),
  /** A verified mobile for a person's profile (SMS notices go to it). */
  mobile: z
    .string()
    .regex(/^1\d{10}$/, 'an 11-digit mainland mobile number')
    .optional(),
  /** The assurance level the token claims (`acr`); L3, face-verified, unless said. */
  level: assuranceLevelSchema.optional(),
  /** Token lifetime in seconds (default 12 hours). */
  ttlSeconds: z
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 3600)
    .optional(),
});
export type DevTokenRequest = z.infer<typeof devTokenRequestSchema>;

export interface TokenCheck {
  issuer: string;
  audience: string;
  /** Verifies a bearer token as the JWT authorizer does; returns the claims or undefined (never throws). */
  verify(token: string): Promise<JWTPayload | undefined>;
}

export const createTokenCheck = (options: { issuer: string; audience: string }): TokenCheck => {
  // A cold sign-in function is built and started on the first fetch: give it the time a cold start takes.
  // A token signed by a key not yet in the cached set fetches the JWKS again (at most once a second, not
  // jose's default 30 s), so a renewed key verifies as soon as the sign-in function publishes and uses it.
  const keys = createRemoteJWKSet(new URL(`${options.issuer}/jwks`), {
    timeoutDuration: 30_000,
    cooldownDuration: 1_000,
  });
  return {
    ...options,
    verify: async (token) => {
      try {
        const { payload } = await jwtVerify(token, keys, {
          issuer: options.issuer,
          audience: options.audience,
          algorithms: [tokenAlgorithm],
          requiredClaims: ['exp', 'sub'],
        });
        return payload;
      } catch {
        return undefined;
      }
    },
  };
};

/**
 * Mints an access token as the sign-in function would for a signed-in person: subject, roles,
 * department, acr, nothing personal. The name and the ID number or credit code asked for are written to the
 * subject's account profile, where the API reads them, as a sign-in through the province writes them.
 */
export const createDevTokenMinter = (options: {
  issuer: string;
  audience: string;
  kms: KMSClient;
  keyId: string;
  db: DynamoDBDocumentClient;
  tableName: string;
}) => ({
  issue: async (request: DevTokenRequest, now = new Date()) => {
    const key = await readTokenKey(options.kms, options.keyId);
    const level = request.level ?? 'L3';
    const identity: VerifiedIdentity | undefined = request.idNumber
      ? {
          kind: 'person',
          upstreamId: request.sub,
          name: request.name,
          idNumber: request.idNumber,
          ...(request.mobile ? { mobile: request.mobile } : {}),
          level,
        }
      : request.creditCode
        ? {
            kind: 'legal',
            upstreamId: request.sub,
            name: request.name,
            creditCode: request.creditCode,
            level,
          }
        : undefined;
    await putAccountProfile(options.db, options.tableName, {
      sub: request.sub,
      roles: [request.role],
      name: request.name,
      ...(request.department ? { department: request.department } : {}),
      ...(identity ? { identity } : {}),
      updatedAt: now.toISOString(),
    });
    const iat = Math.floor(now.getTime() / 1000);
    const claims: Record<string, unknown> = {
      iss: options.issuer,
      sub: request.sub,
      aud: options.audience,
      iat,
      exp: iat + (request.ttlSeconds ?? 12 * 3600),
      jti: randomUUID(),
      client_id: portalClientId,
      scope: 'api',
      [tokenClaims.roles]: [request.role],
      [tokenClaims.acr]: acrOf(level),
    };
    if (request.department) claims[tokenClaims.department] = request.department;
    return signCompactJwt(options.kms, key, claims);
  },
});
