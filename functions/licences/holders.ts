// A licence's holder as the table keeps them: a person's ID number sealed for the licence's row (the record
// shows its mask), and every holder — person or legal person — found by the keyed blind index of their
// number, never by the number or a plain hash of it. Sealing and indexing need personal-data:seal; opening
// (to make a corrected licence's credential) personal-data:open, which only the issuer binds.
import type { LicenceHolder, LicenceRecord } from '../../shared/licences/licence.ts';
import type { PersonalData } from '../lib/personal-data.ts';
import { licenceKey } from './keys.ts';

export interface LicenceHolders {
  /** The blind index a holder's licences are found by, for an ID number or credit code. */
  index(holderId: string): Promise<string>;
  /** The record as stored: a person's number sealed and masked, the holder indexed. Idempotent. */
  seal(record: LicenceRecord): Promise<LicenceRecord>;
  /** The holder in clear, as the credential and the printed forms name them. */
  open(record: LicenceRecord): Promise<LicenceHolder>;
}

/** The holder as the standard names them, without what the platform keeps beside the number. */
export const plainHolder = (h: LicenceHolder): LicenceHolder => ({
  type: h.type,
  name: h.name,
  idType: h.idType,
  idNumber: h.idNumber,
});

export const createLicenceHolders = (personal: PersonalData, table: string): LicenceHolders => {
  const where = (id: string) => ({ table, row: licenceKey(id).pk, field: 'holder.idNumber' });
  const index = (holderId: string) => personal.index('id-number', holderId);
  return {
    index,
    seal: async (record) => {
      const h = record.holder;
      if (h.sealed && h.idIndex) return record;
      const person = h.type === 'person';
      const [sealed, idIndex] = await Promise.all([
        person && !h.sealed ? personal.seal(where(record.id), 'id-number', h.idNumber) : h.sealed,
        h.idIndex ?? index(h.idNumber),
      ]);
      return {
        ...record,
        holder: {
          ...plainHolder(h),
          ...(sealed ? { idNumber: sealed.mask, sealed } : {}),
          idIndex,
        },
      };
    },
    open: async (record) => {
      const h = record.holder;
      return {
        ...plainHolder(h),
        idNumber: h.sealed ? await personal.open(where(record.id), h.sealed) : h.idNumber,
      };
    },
  };
};
