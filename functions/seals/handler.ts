// Seals function: certificate requests for the SM2 key, importing departments' seals and trusted roots, and
// publishing the roots.
import { validationFailed } from '../../shared/errors.ts';
import { pem } from '../../shared/licences/sm2-certificates.ts';
import { dynamo } from '../lib/dynamo.ts';
import { resource } from '../lib/env.ts';
import { httpFunction } from '../lib/http.ts';
import { tablePrincipalDirectory } from '../lib/principals.ts';
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
    'GET /seal-roots': async () => ({
      roots: (await seals.roots()).map(({ certificate, ...root }) => ({
        ...root,
        pem: pem('CERTIFICATE', certificate),
      })),
    }),
  },
  { principals: tablePrincipalDirectory(dynamo, () => resource('TABLE_NAME')) },
);
