// 电子印章 administration: an administrator asks for a certificate request for the platform's SM2 key in a
// department's name, imports the seal the province's unified e-seal system issued to the department with the
// certificate the province's CA issued from that request, the root CAs the jurisdiction trusts and their
// revocation lists (imported, then refreshed as each CA publishes a newer one); anyone may read those roots
// and lists, to check an OFD licence's seal offline.
import * as z from 'zod';
import { defineRoutes } from '../lib/route.ts';

/** DER as base64, or a PEM block (for certificates). */
const derInput = (what: string, maxBytes: number) =>
  z
    .string()
    .trim()
    .min(16, `${what}: base64 of its DER`)
    .max(Math.ceil((maxBytes * 4) / 3) + 200, `${what}: at most ${maxBytes / 1024} kB`);

export const sealImportSchema = z.object({
  department: z.string().regex(/^[a-z][a-z0-9-]{1,31}$/, 'a department code such as scjgj'),
  seal: derInput('the SESeal (v4)', 512 * 1024),
  certificate: derInput('the signer’s SM2 certificate', 16 * 1024),
});

export const sealsRoutes = defineRoutes({
  'POST /admin/seals': {
    summary:
      "Import a department's seal (SESeal v4, base64 DER) and the signer's SM2 certificate: checked, then current",
    tags: ['seals'],
    auth: ['admin'],
    body: sealImportSchema,
    status: 201,
  },
  'POST /admin/seals/csr': {
    summary:
      "A certificate request (PKCS #10, PEM) for the platform's SM2 seal key in a department's name, signed by KMS, for the province's CA",
    tags: ['seals'],
    auth: ['admin'],
    body: z.object({ department: sealImportSchema.shape.department }),
  },
  'GET /admin/seals': {
    summary: "Every department's current seal: id, name, validity, when and by whom imported",
    tags: ['seals'],
    auth: ['admin'],
  },
  'POST /admin/seal-roots': {
    summary: 'Trust a root CA (SM2, self-signed; base64 DER or PEM) for seals and their signers',
    tags: ['seals'],
    auth: ['admin'],
    body: z.object({ certificate: derInput('the root certificate', 16 * 1024) }),
    status: 201,
  },
  'POST /admin/seal-crls': {
    summary:
      "Import or refresh a trusted root's certificate revocation list (base64 DER or PEM): signed by the root and newer than the one held, it replaces it",
    tags: ['seals'],
    auth: ['admin'],
    body: z.object({ crl: derInput('the CRL', 1024 * 1024) }),
    status: 201,
  },
  'GET /seal-roots': {
    summary:
      'The root CAs the jurisdiction trusts for the seals of its OFD licences (PEM), with the CRL of each it holds',
    tags: ['seals'],
    auth: 'public',
  },
});
