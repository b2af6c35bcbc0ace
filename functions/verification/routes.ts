// Verification, open to anyone (another office, a bank, a citizen with a printout): check a credential or a
// QR payload, check a licence by its identifier, fetch the seal's public keys and the status lists.
import * as z from 'zod';
import { defineRoutes } from '../lib/route.ts';
import { licenceParams } from '../licences/routes.ts';

export const verificationRoutes = defineRoutes({
  'POST /verify': {
    summary:
      'Verify a credential (compact JWS), a QR payload, or an OFD licence or payment receipt (base64): each check on its own',
    tags: ['verification'],
    auth: 'public',
    body: z
      .object({
        credential: z.string().min(10).max(20_000).optional(),
        qr: z.string().min(10).max(20_000).optional(),
        /** The OFD file (a licence or a payment receipt), base64; the request's 1 MB limit bounds it to about 750 kB. */
        ofd: z.base64('an OFD file in base64').min(100, 'an OFD file in base64').optional(),
      })
      .refine((b) => [b.credential, b.qr, b.ofd].filter((v) => v !== undefined).length === 1, {
        message: 'give exactly one of credential, qr or ofd',
        path: ['credential'],
      }),
  },
  'GET /verify/{id}': {
    summary: 'Verify the licence with this identifier as it was issued',
    tags: ['verification'],
    auth: 'public',
    params: licenceParams,
  },
  'GET /.well-known/jwks.json': {
    summary: 'The seal’s public keys (ES256), current and rotated',
    tags: ['verification'],
    auth: 'public',
  },
  'GET /status-lists/{list}': {
    summary: 'A W3C Bitstring Status List credential (N or revocation-N, suspension-N), signed by the seal',
    tags: ['verification'],
    auth: 'public',
    params: z.object({
      list: z
        .string()
        .regex(
          /^((revocation|suspension)-)?\d{1,6}$/,
          'N (the revocation list N), revocation-N or suspension-N',
        ),
    }),
  },
});
