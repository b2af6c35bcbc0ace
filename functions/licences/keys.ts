// Licence entities in the single table: key templates and the access patterns they serve.
//
//   LICENCE#<id> / LICENCE        the catalogue record (the holder's ID number sealed, see holders.ts), where
//                                 the credential is kept (the licence bucket) and its digest, and the
//                                 attributes a case's application check reads (type, holderIndex, status,
//                                 validUntil — see functions/cases/keys.ts). gsi1 HOLDER#<blind index of the
//                                 holder's number> / <issueDate>#<id>: the holder's wallet
//   LICENCE#<id> / ~H#<000001>    one status change (issued, suspended, revoked …)
//   LICENCE#<id> / ~A#<at>#<uuid> one read by someone other than the holder (免证办 access log)
//   LICENCECASE#<caseNumber> / LICENCE   the licence a case issued: issuing twice for a case returns it
//   STATUSLIST#<purpose>#<n> / LIST      one Bitstring Status List (16 KB of bits) with its revision
//   STATUSLIST / ALLOC            the next free status index
//   SEALKEY#<kid> / KEY           a seal public key that has signed; gsi1 SEALKEYS lists them (JWKS)
//   DEPTSEAL#<department> / SEAL  the department's 电子印章 (SESeal) and its signer's SM2 certificate, as last
//                                 imported; gsi1 DEPTSEALS / <department> lists them
//   DEPTSEAL#<department> / ~V#<importedAt>#<esId>   every import, kept (which seal signed what, and when)
//   SEALROOT#<sha-256 of DER> / ROOT   a root CA the jurisdiction trusts for seals and their signers; gsi1
//                                 SEALROOTS lists them
import { licenceKey } from '../cases/keys.ts';

export { licenceKey };
export const licenceHistoryKey = (id: string, seq: number) => ({
  pk: `LICENCE#${id}`,
  sk: `~H#${String(seq).padStart(6, '0')}`,
});
export const accessKey = (id: string, at: string, nonce: string) => ({
  pk: `LICENCE#${id}`,
  sk: `~A#${at}#${nonce}`,
});
export const caseLicenceKey = (caseNumber: string) => ({ pk: `LICENCECASE#${caseNumber}`, sk: 'LICENCE' });
export const statusListKey = (purpose: string, list: number) => ({
  pk: `STATUSLIST#${purpose}#${list}`,
  sk: 'LIST',
});
export const statusAllocKey = { pk: 'STATUSLIST', sk: 'ALLOC' } as const;
export const sealKeyKey = (kid: string) => ({ pk: `SEALKEY#${kid}`, sk: 'KEY' });
export const departmentSealKey = (department: string) => ({ pk: `DEPTSEAL#${department}`, sk: 'SEAL' });
export const departmentSealVersionKey = (department: string, importedAt: string, esId: string) => ({
  pk: `DEPTSEAL#${department}`,
  sk: `~V#${importedAt}#${esId}`,
});
export const sealRootKey = (digest: string) => ({ pk: `SEALROOT#${digest}`, sk: 'ROOT' });
/** The current CRL of a trusted root (by the root's SHA-256), replaced by each newer one. */
export const sealCrlKey = (rootDigest: string) => ({ pk: `SEALROOT#${rootDigest}`, sk: 'CRL' });

/** Holder ids are personal data: the wallet index is keyed by their blind index (holders.ts). */
export const holderIndex = {
  name: 'gsi1',
  pk: (blindIndex: string) => `HOLDER#${blindIndex}`,
} as const;
export const sealKeysIndex = { name: 'gsi1', pk: 'SEALKEYS' } as const;
export const departmentSealsIndex = { name: 'gsi1', pk: 'DEPTSEALS' } as const;
export const sealCrlsIndex = { name: 'gsi1', pk: 'SEALCRLS' } as const;
export const sealRootsIndex = { name: 'gsi1', pk: 'SEALROOTS' } as const;
