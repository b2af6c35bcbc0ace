// The licence service wired to its adapters, once per container, from the resources the function's bindings
// name: the seal key in KMS, the licence bucket, the table. The PDF and OFD renderers (and their fonts) and
// the electronic seal are passed in by the one function that issues, the OFD checks by the one that
// verifies, so the others do not bundle them.

import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { createItemSource } from '../cases/items.ts';
import { createCaseSealing } from '../cases/sealing.ts';
import type { CaseStore } from '../cases/store.ts';
import { createCaseStore } from '../cases/store.ts';
import { createCatalogueStore } from '../catalogue/store.ts';
import { clock } from '../lib/clock.ts';
import { dynamo } from '../lib/dynamo.ts';
import { isBound, jurisdiction, resource } from '../lib/env.ts';
import { kms } from '../lib/kms.ts';
import { createPersonalData, type PersonalData } from '../lib/personal-data.ts';
import { s3 } from '../lib/s3.ts';
import { createLicenceHolders, type LicenceHolders } from './holders.ts';
import { qrByteCapacity } from './qr-capacity.ts';
import { createLicenceService, type LicenceDeps, type LicenceFiles } from './service.ts';
import { createKmsSigner, type Signer } from './signer.ts';
import { createLicenceStore } from './store.ts';

const downloadSeconds = 300;

export const licenceFiles = (): LicenceFiles => {
  const bucket = () => resource('LICENCE_BUCKET_NAME');
  return {
    put: async (key, body, contentType) => {
      await s3().send(
        new PutObjectCommand({ Bucket: bucket(), Key: key, Body: body, ContentType: contentType }),
      );
    },
    getText: async (key) => {
      const out = await s3().send(new GetObjectCommand({ Bucket: bucket(), Key: key }));
      if (!out.Body) throw new Error(`The licence file ${key} is empty`);
      return out.Body.transformToString('utf8');
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

const unavailable = async (): Promise<never> => {
  throw new Error('This function does not render, seal or check licence files: it is not wired to');
};

let signer: Signer | undefined;
const seal = () => {
  signer ??= createKmsSigner(kms(), resource('SIGNING_KEY_ID'));
  return signer;
};

export type LicenceOptions = Partial<Pick<LicenceDeps, 'renderPdf' | 'ofd' | 'checkOfdSeal' | 'qrCapacity'>>;

let personal: PersonalData | undefined;
const personalData = (table: string) => {
  personal ??= createPersonalData({
    kms: kms(),
    db: dynamo(),
    keyId: resource('PERSONAL_DATA_KEY_ID'),
    table,
  });
  return personal;
};

/**
 * Holders sealed and indexed with the personal-data key, resolved at first use: the functions that store or
 * find licences by holder bind personal-data:seal (the issuer, which opens, personal-data:open).
 */
const holdersFor = (table: string): LicenceHolders => {
  let holders: LicenceHolders | undefined;
  const get = () => {
    holders ??= createLicenceHolders(personalData(table), table);
    return holders;
  };
  return {
    index: (holderId) => get().index(holderId),
    seal: (record) => get().seal(record),
    open: (record) => get().open(record),
  };
};

/**
 * Cases as the issuer reads them: a licence names its holder by ID number, so the one function bound to
 * personal-data:open opens the applicant's (and only that); elsewhere the record keeps its masks.
 */
const casesFor = (cases: CaseStore, table: string): LicenceDeps['cases'] => {
  if (!isBound('PERSONAL_DATA_KEY_ID')) return cases;
  const sealing = createCaseSealing(personalData(table), table);
  return {
    getCase: async (caseNumber) => {
      const record = await cases.getCase(caseNumber);
      if (!record?.applicant.idNumber) return record;
      const idNumber = await sealing.open(record, 'applicant.idNumber', record.applicant.idNumber);
      return { ...record, applicant: { ...record.applicant, ...(idNumber ? { idNumber } : {}) } };
    },
  };
};

/** The service's adapters for this function's bindings, with the renderers and seal it is given. */
export const licenceDeps = (options: LicenceOptions = {}): LicenceDeps => {
  const table = resource('TABLE_NAME');
  return {
    store: createLicenceStore(dynamo(), table),
    holders: holdersFor(table),
    cases: casesFor(createCaseStore(dynamo(), table), table),
    items: createItemSource(createCatalogueStore(dynamo(), table)),
    // Resolved at first use: only the functions bound to the seal sign.
    signer: { current: () => seal().current(), sign: (input) => seal().sign(input) },
    files: licenceFiles(),
    renderPdf: options.renderPdf ?? unavailable,
    ...(options.ofd ? { ofd: options.ofd } : {}),
    checkOfdSeal: options.checkOfdSeal ?? unavailable,
    qrCapacity: options.qrCapacity ?? qrByteCapacity,
    clock,
    jurisdiction,
  };
};

/**
 * The service with exactly the options given: each function builds its own once, at module scope, so two
 * functions sharing a process (the bench's in-process cloud) never get each other's renderers or checks.
 */
export const licenceService = (options: LicenceOptions = {}) => createLicenceService(licenceDeps(options));
