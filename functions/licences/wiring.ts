// The licence service wired to its adapters, once per container, from the resources the function's bindings
// name: the seal key in KMS, the licence bucket, the table. The PDF renderer (and its font) is passed in by
// the one function that issues, so the others do not bundle it.

import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { createItemSource } from '../cases/items.ts';
import { createCaseStore } from '../cases/store.ts';
import { createCatalogueStore } from '../catalogue/store.ts';
import { clock } from '../lib/clock.ts';
import { dynamo } from '../lib/dynamo.ts';
import { jurisdiction, resource } from '../lib/env.ts';
import { kms } from '../lib/kms.ts';
import { s3 } from '../lib/s3.ts';
import { qrByteCapacity } from './qr-capacity.ts';
import { createLicenceService, type LicenceDeps, type LicenceFiles } from './service.ts';
import { createKmsSigner, type Signer } from './signer.ts';
import { createLicenceStore } from './store.ts';

const downloadSeconds = 300;

const licenceFiles = (): LicenceFiles => {
  const bucket = () => resource('LICENCE_BUCKET_NAME');
  return {
    put: async (key, body, contentType) => {
      await s3().send(
        new PutObjectCommand({ Bucket: bucket(), Key: key, Body: body, ContentType: contentType }),
      );
    },
    downloadUrl: (key, fileName) =>
      getSignedUrl(
        s3(),
        new GetObjectCommand({
          Bucket: bucket(),
          Key: key,
          ResponseContentDisposition: `inline; filename*=UTF-8''${encodeURIComponent(fileName)}`,
        }),
        { expiresIn: downloadSeconds },
      ),
  };
};

const unavailable = async (): Promise<Uint8Array> => {
  throw new Error('This function does not render licences: only licence-issuer binds the renderer');
};

let service: ReturnType<typeof createLicenceService> | undefined;
let signer: Signer | undefined;
const seal = () => {
  signer ??= createKmsSigner(kms(), resource('SIGNING_KEY_ID'));
  return signer;
};

export const licenceService = (options: Partial<Pick<LicenceDeps, 'renderPdf' | 'qrCapacity'>> = {}) => {
  if (!service) {
    const table = resource('TABLE_NAME');
    service = createLicenceService({
      store: createLicenceStore(dynamo(), table),
      cases: createCaseStore(dynamo(), table),
      items: createItemSource(createCatalogueStore(dynamo(), table)),
      // Resolved at first use: only the functions bound to the seal sign.
      signer: { current: () => seal().current(), sign: (input) => seal().sign(input) },
      files: licenceFiles(),
      renderPdf: options.renderPdf ?? unavailable,
      qrCapacity: options.qrCapacity ?? qrByteCapacity,
      clock,
      jurisdiction,
    });
  }
  return service;
};
