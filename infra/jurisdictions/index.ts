// Loads the jurisdiction config files beside this module (`<id>.json`). A bad file fails loudly with the
// file and every offending field named, so `cdk synth` and `npm start` stop before anything is built.
//
// About the data in the sample files:
// - Credit codes are syntactically valid samples (both check characters computed with `buildCreditCode`),
//   not the real codes of these bodies: authority 1 / type 1 (机构编制, 机关), the jurisdiction's division
//   code, then an invented organisation code.
// - Each sample names the China Region nearer to its people (there are two): Beijing cn-north-1 for Hebei,
//   Liaoning, Anhui and Zhejiang; Ningxia cn-northwest-1 for Tibet's Ngari. A jurisdiction may choose the
//   other one (price, a service only one Region offers); the data stays in China either way.
// - zjk-edz uses 130771, the statistical division code (统计用区划代码) of 张家口经济开发区; the zone has no
//   GB/T 2260 code of its own.
// - ngari's 藏历新年 Losar and 雪顿节 Shoton: 2025 Losar is the arrangement published for all of Tibet
//   (27 Feb – 4 Mar, no make-up days); 2026 Losar follows Lhasa's notice (Spring Festival and Losar together
//   15–26 Feb, so only 24–26 Feb add to the national holiday; the make-up Saturdays are the national ones).
//   The rest are estimates, to be replaced by the prefecture's yearly notice: Losar 2027 on 7 Feb (Tibetan
//   1st month, 1st day; no leap month expected in the Tibetan year 2026) for 7 days; Shoton from the 30th day
//   of the 6th Tibetan month for 5 days — 23 Aug 2025 and 12 Aug 2026, and 31 Aug 2027 assuming the Tibetan
//   leap month falls early in 2027 (2 Aug 2027 otherwise).
import { readdirSync, readFileSync } from 'node:fs';
import { basename, isAbsolute, join, relative } from 'node:path';
import { type Jurisdiction, jurisdictionSchema } from '../../shared/jurisdiction.ts';

const folder = import.meta.dirname;
const projectRoot = join(folder, '..', '..');

export class JurisdictionConfigError extends Error {
  override name = 'JurisdictionConfigError';
}

/** A path as people read it in an error: relative to the project when inside it. */
const shownPath = (file: string) => {
  const rel = relative(projectRoot, file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
};

/** Ids of the config files beside this module, sorted. */
export const listJurisdictionIds = (): string[] =>
  readdirSync(folder)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort();

/**
 * Parses and validates one config file; the file name must match the id inside it.
 * @throws JurisdictionConfigError naming the file and every bad field, one per line.
 */
export const loadJurisdictionFile = (file: string): Jurisdiction => {
  const shown = shownPath(file);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new JurisdictionConfigError(`${shown}: not readable JSON (${(error as Error).message})`, {
      cause: error,
    });
  }
  const result = jurisdictionSchema.safeParse(raw);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `${shown}: ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new JurisdictionConfigError(lines.join('\n'));
  }
  const expectedId = basename(file, '.json');
  if (result.data.id !== expectedId) {
    throw new JurisdictionConfigError(`${shown}: id: must be "${expectedId}" to match the file name`);
  }
  return result.data;
};

/** @throws JurisdictionConfigError for an unknown id (listing the known ones) or a bad file. */
export const loadJurisdiction = (id: string): Jurisdiction => {
  const known = listJurisdictionIds();
  if (!known.includes(id)) {
    throw new JurisdictionConfigError(
      `Unknown jurisdiction "${id}". Known ids: ${known.join(', ')} (files in ${shownPath(folder)})`,
    );
  }
  return loadJurisdictionFile(join(folder, `${id}.json`));
};

export const loadAllJurisdictions = (): Jurisdiction[] => listJurisdictionIds().map(loadJurisdiction);
