// The periods of use of the seal's published keys: a signature is the seal's only when its key was in use at
// the date it carries (see functions/licences/seal-keys.ts for how the periods are recorded).
import type { JsonWebKey } from './jws.ts';

/** A published key: the public JWK with its kid and, where known, when it came into and went out of use. */
export type PublishedKey = JsonWebKey & {
  kid: string;
  validFrom?: string;
  retiredAt?: string;
};

/**
 * Why a signature dated `signedAt` is not the seal's under `key`: it was made after the key was retired (a
 * later key had signed). Undefined when it is, or when the signature carries no date (those made before
 * signatures were dated keep verifying by their key alone).
 */
export const outsideKeyPeriod = (key: PublishedKey, signedAt: Date | undefined): string | undefined => {
  if (!signedAt || Number.isNaN(signedAt.getTime())) return undefined;
  if (key.retiredAt && signedAt.getTime() >= Date.parse(key.retiredAt))
    return `signed ${signedAt.toISOString()}, after its key was retired at ${key.retiredAt}`;
  return undefined;
};

/** The date a compact JWS was signed at: its protected header's `iat` (seconds), as the seal sets it. */
export const signedAtOf = (header: Record<string, unknown>): Date | undefined =>
  typeof header.iat === 'number' && Number.isFinite(header.iat) ? new Date(header.iat * 1000) : undefined;
