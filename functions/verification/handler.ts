// Verification function: public checks of credentials, QR payloads, OFD licence files and OFD payment
// receipts, the JWKS and the status lists.
import { dynamo } from '../lib/dynamo.ts';
import { resource } from '../lib/env.ts';
import { httpFunction, reply } from '../lib/http.ts';
import { licenceService } from '../licences/wiring.ts';
import { readReceiptOrder } from '../payments/receipt-status.ts';
import { createReceiptOfdVerification, isReceiptOfd } from '../payments/verify-receipt-ofd.ts';
import { verificationRoutes } from './routes.ts';

// OFD files are checked against the roots the jurisdiction trusts for seals and signers. The SM2, SM3 and
// ASN.1 code that takes is loaded at the first OFD, so a cold start that checks QR codes does not pay for it.
const checkOfdSeal = async (ofd: Uint8Array) => {
  const [{ verifyOfd }, { ofdTrust }] = await Promise.all([
    import('../../shared/licences/ofd-seal.ts'),
    import('../licences/seal-wiring.ts'),
  ]);
  return verifyOfd(ofd, await ofdTrust());
};
const licences = licenceService({ checkOfdSeal });
// An OFD payment receipt is checked by the same seal, and against its order for refunds.
const receipts = createReceiptOfdVerification({
  checkSeal: checkOfdSeal,
  readOrder: (caseNumber) => readReceiptOrder(dynamo(), resource('TABLE_NAME'), caseNumber),
});
const verifyOfdFile = (ofd: Uint8Array) =>
  isReceiptOfd(ofd) ? receipts.verify(ofd) : licences.verifyOfd(ofd);

export const handler = httpFunction(verificationRoutes, {
  'POST /verify': async ({ body }) =>
    body.ofd !== undefined ? verifyOfdFile(Buffer.from(body.ofd, 'base64')) : licences.verify(body),
  'GET /verify/{id}': async ({ params }) => licences.verifyById(params.id),
  'GET /.well-known/jwks.json': async () =>
    reply(200, await licences.jwks(), { 'cache-control': 'public, max-age=300' }),
  'GET /status-lists/{list}': async ({ params }) =>
    reply(200, await licences.statusListCredential(params.list), {
      'content-type': 'application/vc+jwt',
      'cache-control': 'public, max-age=60',
    }),
});
