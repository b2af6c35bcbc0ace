// 申请材料 a case's submitted materials for those who may read the case (applicant, agent, the staff of the
// departments involved, supervisors): how each was given and, for an upload, a link to the file that works
// for a few minutes only, so a copied link does not stay a way in.
import type { Principal } from '../../shared/identity.ts';
import type { CaseContext } from './context.ts';

/** Short-lived read links to uploaded files. */
export interface MaterialFiles {
  downloadUrl(key: string): Promise<{ url: string; expiresAt: string }>;
}

export const createMaterials =
  (ctx: CaseContext, files: MaterialFiles) => async (caseNumber: string, p: Principal) => {
    const { record } = await ctx.visibleCase(caseNumber, p);
    const materials = await Promise.all(
      record.materials.map(async (m) => {
        if (m.via !== 'upload') return m;
        const { key: _key, ...rest } = m;
        return { ...rest, ...(await files.downloadUrl(m.key)) };
      }),
    );
    return { caseNumber, materials };
  };
