// Loads the jurisdiction config files beside this module. A bad file fails loudly with the file and every
// offending field named, so `cdk synth` and `npm start` stop before anything is built.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { type Jurisdiction, jurisdictionSchema } from '../../shared/jurisdiction.ts';

const folder = import.meta.dirname;
const projectRoot = join(folder, '..', '..');

export class JurisdictionConfigError extends Error {
  override name = 'JurisdictionConfigError';
}

export const listJurisdictionIds = () =>
  readdirSync(folder)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort();

/** Parses and validates one config file; the file name must match the id inside it. */
export const loadJurisdictionFile = (file: string): Jurisdiction => {
  const shown = relative(projectRoot, file) || file;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new JurisdictionConfigError(`${shown}: not readable JSON (${(error as Error).message})`);
  }
  const result = jurisdictionSchema.safeParse(raw);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `${shown}: ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new JurisdictionConfigError(lines.join('\n'));
  }
  const expectedId = file
    .split('/')
    .pop()!
    .replace(/\.json$/, '');
  if (result.data.id !== expectedId) {
    throw new JurisdictionConfigError(`${shown}: id: must be "${expectedId}" to match the file name`);
  }
  return result.data;
};

export const loadJurisdiction = (id: string): Jurisdiction => {
  const known = listJurisdictionIds();
  if (!known.includes(id)) {
    throw new JurisdictionConfigError(`Unknown jurisdiction "${id}". Known: ${known.join(', ')}`);
  }
  return loadJurisdictionFile(join(folder, `${id}.json`));
};

export const loadAllJurisdictions = () => listJurisdictionIds().map(loadJurisdiction);
