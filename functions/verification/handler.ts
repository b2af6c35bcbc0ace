// Verification function: public checks of credentials and QR payloads, the JWKS and the status lists.

import { verifyOfd } from '../../shared/licences/ofd-seal.ts';
import { httpFunction, reply } from '../lib/http.ts';
import { ofdTrust } from '../licences/seal-wiring.ts';
import { licenceService } from '../licences/wiring.ts';
import { verificationRoutes } from './routes.ts';

// OFD files are checked against the roots the jurisdiction trusts for seals and signers.
const licences = licenceService({ checkOfdSeal: async (ofd) => verifyOfd(ofd, await ofdTrust()) });

export const handler = httpFunction(verificationRoutes, {
  'POST /verify': async ({ body }) =>
    body.ofd !== undefined ? licences.verifyOfd(Buffer.from(body.ofd, 'base64')) : licences.verify(body),
  'GET /verify/{id}': async ({ params }) => licences.verifyById(params.id),
  'GET /.well-known/jwks.json': async () =>
    reply(200, await licences.jwks(), { 'cache-control': 'public, max-age=300' }),
  'GET /status-lists/{list}': async ({ params }) =>
    reply(200, await licences.statusListCredential(params.list), {
      'content-type': 'application/vc+jwt',
      'cache-control': 'public, max-age=60',
    }),
});
