// The local stand-in for Cognito: a development issuer that signs ID tokens with the claims Cognito would
// put in them, and a verifier that checks them the way API Gateway's JWT authorizer does (signature,
// issuer, audience, expiry). The signing key is kept with the local data so tokens survive a restart.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JWK,
  type JWTPayload,
  jwtVerify,
  SignJWT,
} from 'jose';
import * as z from 'zod';
import { claimNames, roleSchema } from '../../shared/identity.ts';

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
  /** Token lifetime in seconds (default 12 hours). */
  ttlSeconds: z
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 3600)
    .optional(),
});
export type DevTokenRequest = z.infer<typeof devTokenRequestSchema>;

export interface DevIdentity {
  issuer: string;
  audience: string;
  jwks: { keys: JWK[] };
  issue(request: DevTokenRequest, now?: Date): Promise<string>;
  /** Verifies a bearer token; returns the claims or undefined (never throws). */
  verify(token: string): Promise<JWTPayload | undefined>;
}

const algorithm = 'ES256';

const loadOrCreateKey = async (keyFile: string | undefined): Promise<JWK> => {
  if (keyFile && existsSync(keyFile)) return JSON.parse(readFileSync(keyFile, 'utf8')) as JWK;
  const { privateKey } = await generateKeyPair(algorithm, { extractable: true });
  const jwk = {
    ...(await exportJWK(privateKey)),
    kid: `dev-${Date.now().toString(36)}`,
    alg: algorithm,
    use: 'sig',
  };
  if (keyFile) {
    mkdirSync(dirname(keyFile), { recursive: true });
    writeFileSync(keyFile, JSON.stringify(jwk), { mode: 0o600 });
  }
  return jwk;
};

export const createDevIdentity = async (options: {
  issuer: string;
  audience: string;
  keyFile?: string;
}): Promise<DevIdentity> => {
  const privateJwk = await loadOrCreateKey(options.keyFile);
  const { d: _private, ...publicJwk } = privateJwk;
  const signingKey = await importJWK(privateJwk, algorithm);
  const jwks = { keys: [publicJwk] };
  const keySet = createLocalJWKSet(jwks);
  return {
    issuer: options.issuer,
    audience: options.audience,
    jwks,
    issue: async (request, now = new Date()) => {
      const iat = Math.floor(now.getTime() / 1000);
      const claims: JWTPayload = {
        [claimNames.groups]: [request.role],
        [claimNames.name]: request.name,
        token_use: 'id',
        auth_time: iat,
      };
      if (request.idNumber) claims[claimNames.idNumber] = request.idNumber;
      if (request.creditCode) claims[claimNames.creditCode] = request.creditCode;
      if (request.department) claims[claimNames.department] = request.department;
      return new SignJWT(claims)
        .setProtectedHeader({ alg: algorithm, kid: privateJwk.kid ?? 'dev', typ: 'JWT' })
        .setSubject(request.sub)
        .setIssuer(options.issuer)
        .setAudience(options.audience)
        .setIssuedAt(iat)
        .setExpirationTime(iat + (request.ttlSeconds ?? 12 * 3600))
        .sign(signingKey);
    },
    verify: async (token) => {
      try {
        const { payload } = await jwtVerify(token, keySet, {
          issuer: options.issuer,
          audience: options.audience,
          algorithms: [algorithm],
        });
        return payload;
      } catch {
        return undefined;
      }
    },
  };
};
