// The seals wired to their adapters, once per container: the departments' seals and trusted roots in the
// table, the SM2 seal key in KMS (SM2_SIGNING_KEY_ID, bound by `sm2-seal:sign`). Only
// the functions that seal OFD licences or import seals bundle this.
import type { OfdTrust, Sm2Signer, StampPosition } from '../../shared/licences/ofd-seal.ts';
import { clock } from '../lib/clock.ts';
import { dynamo } from '../lib/dynamo.ts';
import { jurisdiction, resource } from '../lib/env.ts';
import { kms } from '../lib/kms.ts';
import { createSealStore } from './seal-store.ts';
import { createSeals, type Seals } from './seals.ts';
import { createKmsSm2Signer } from './sm2-signer.ts';

let signer: Sm2Signer | undefined;
/** Resolved at first use; a stack outside the China Regions binds no SM2 key and says so then. */
const sm2Key = () => {
  if (!signer) {
    let keyId: string;
    try {
      keyId = resource('SM2_SIGNING_KEY_ID');
    } catch (cause) {
      throw new Error(
        'This deployment has no SM2 seal key: AWS KMS offers SM2 keys only in the China Regions (or bind sm2-seal)',
        { cause },
      );
    }
    signer = createKmsSm2Signer(kms(), keyId);
  }
  return signer;
};

let seals: Seals | undefined;
export const sealService = (): Seals => {
  seals ??= createSeals({
    store: createSealStore(dynamo(), resource('TABLE_NAME')),
    signer: { publicKey: () => sm2Key().publicKey(), sign: (message) => sm2Key().sign(message) },
    clock,
    jurisdiction,
  });
  return seals;
};

/**
 * Seals an unsigned OFD licence with the issuing department's seal (its SESeal and signer certificate as
 * imported, the SM2 signature by KMS). Rejects — so that nothing is issued — when the department has no
 * seal (a 404 DomainError), or its seal or certificate is not valid at `time`.
 */
export const sealOfd = (
  ofd: Uint8Array,
  input: { department: string; stamp: StampPosition; time: Date },
): Promise<Uint8Array> => sealService().sealOfd(ofd, input);

/** The roots the jurisdiction trusts for seals and signers, as verifyOfd takes them. */
export const ofdTrust = (): Promise<OfdTrust> => sealService().trust();
