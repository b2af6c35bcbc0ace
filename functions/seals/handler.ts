// Seals function: certificate requests for the SM2 key, importing departments' seals, trusted roots and their
// CRLs, and publishing the roots.
import { validationFailed } from '../../shared/errors.ts';
import { pem } from '../../shared/licences/sm2-certificates.ts';
import { dynamo } from '../lib/dynamo.ts';
import { resource } from '../lib/env.ts';
import { httpFunction } from '../lib/http.ts';
import { tablePrincipalDirectory } from '../lib/principals.ts';
import { rootDigest } from '../licences/seal-store.ts';
import { sealService } from '../licences/seal-wiring.ts';
import { sealsRoutes } from './routes.ts';

const seals = sealService();

/** The DER in a base64 field or a PEM block; a 400 naming the field when it is neither. */
const der = (value: string, path: string) => {
  const pem = /-----BEGIN [A-Z ]+-----([\s\S]*?)-----END [A-Z ]+-----/.exec(value);
  const text = (pem ? pem[1]! : value).replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text) || text.length % 4 !== 0)
    throw validationFailed([{ path, message: 'not base64 (nor a PEM block)' }]);
  return new Uint8Array(Buffer.from(text, 'base64'));
};

export const handler = httpFunction(
  sealsRoutes,
  {
    'POST /admin/seals': ({ body, principal }) =>
      seals.importSeal(
        {
          department: body.department,
          seal: der(body.seal, 'seal'),
          certificate: der(body.certificate, 'certificate'),
        },
        principal,
      ),
    'POST /admin/seals/csr': ({ body }) => seals.certificateRequest(body.department),
    'GET /admin/seals': async () => ({ seals: await seals.list() }),
    'POST /admin/seal-roots': ({ body }) => seals.addRoot(der(body.certificate, 'certificate')),
    'POST /admin/seal-crls': ({ body }) => seals.importCrl(der(body.crl, 'crl')),
    'GET /seal-roots': async () => {
      const [roots, crls] = await Promise.all([seals.roots(), seals.crls()]);
      return {
        roots: roots.map(({ certificate, ...root }) => {
          const crl = crls.find((c) => c.root === rootDigest(certificate));
          return { ...root, pem: pem('CERTIFICATE', certificate), crl: crl ?? null };
        }),
      };
    },
  },
  { principals: tablePrincipalDirectory(dynamo, () => resource('TABLE_NAME')) },
);
