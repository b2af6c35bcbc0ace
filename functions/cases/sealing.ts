// Sealing a case's personal values before it is stored: each clear one (shared/cases/personal.ts) sealed
// for its own row and path, its place in the record holding the mask; a person's ID number also gets its
// blind index, so it can be compared without opening it. Opening is for functions bound to
// personal-data:open only (KMS refuses the others).

import type { LicenceFact } from '../../shared/cases/application.ts';
import type { CaseRecord } from '../../shared/cases/case.ts';
import { clearPersonalValues, setAt } from '../../shared/cases/personal.ts';
import type { PersonalKind, SealedValue } from '../../shared/sealed.ts';
import type { PersonalData } from '../lib/personal-data.ts';
import { caseKey } from './keys.ts';

export const createCaseSealing = (personal: PersonalData, table: string) => {
  const where = (caseNumber: string, field: string) => ({ table, row: caseKey(caseNumber).pk, field });

  /** Seals, in place, every personal value of `record` still in clear. */
  const seal = async (record: CaseRecord, sensitive: ReadonlyMap<string, PersonalKind> = new Map()) => {
    const clear = clearPersonalValues(record, sensitive);
    if (clear.length === 0) return record;
    const id =
      record.applicant.type === 'person' ? clear.find((v) => v.path === 'applicant.idNumber') : undefined;
    const [sealed, index] = await Promise.all([
      Promise.all(clear.map((v) => personal.seal(where(record.caseNumber, v.path), v.kind, v.value))),
      id ? personal.index('id-number', id.value) : undefined,
    ]);
    const all: Record<string, SealedValue> = { ...(record.sealed ?? {}) };
    clear.forEach((v, i) => {
      all[v.path] = sealed[i]!;
      setAt(record, v.path, sealed[i]!.mask);
    });
    record.sealed = all;
    if (index) record.applicant.idIndex = index;
    return record;
  };

  /** The clear value at `path`: opened when sealed, as stored when not (a row not yet migrated). */
  const open = async (record: CaseRecord, path: string, shown: string | undefined) => {
    const sealed = record.sealed?.[path];
    return sealed ? personal.open(where(record.caseNumber, path), sealed) : shown;
  };

  /**
   * Licence facts made comparable with `applicantId` (in clear): a licence whose holder is kept as a blind
   * index names the applicant when the indexes match, and otherwise an index no applicant's number equals.
   */
  const licenceHolders = async (
    licences: ReadonlyMap<string, LicenceFact | undefined>,
    applicantId: string,
  ): Promise<ReadonlyMap<string, LicenceFact | undefined>> => {
    if (![...licences.values()].some((l) => l?.holderIndexed)) return licences;
    const own = await personal.index('id-number', applicantId);
    return new Map(
      [...licences].map(([id, l]) => [
        id,
        l?.holderIndexed ? { ...l, holderId: l.holderId === own ? applicantId : l.holderId } : l,
      ]),
    );
  };

  return { seal, open, index: personal.index, licenceHolders };
};

export type CaseSealing = ReturnType<typeof createCaseSealing>;
