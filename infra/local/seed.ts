// Seeds a jurisdiction's local data: its service catalogue.
import type { Jurisdiction } from '../../shared/jurisdiction.ts';

export const seedJurisdiction = async (jurisdiction: Jurisdiction): Promise<string> =>
  `jurisdiction ${jurisdiction.id} configured`;
