// 补正 the applicant's answer to a correction request: every missing material and field must be answered
// (and the form still match the item's schema), then the case returns to where it was and, if it was paused
// in review, the clock runs on and the department's task is pending again.
import {
  checkMaterials,
  citedDocuments,
  type LicenceFact,
  type MaterialSubmission,
} from '../../shared/cases/application.ts';
import { submissionView } from '../../shared/cases/case.ts';
import { checkForm } from '../../shared/cases/form.ts';
import { transition } from '../../shared/cases/lifecycle.ts';
import { sensitiveFields } from '../../shared/cases/personal.ts';
import { validationFailed } from '../../shared/errors.ts';
import { EventType } from '../../shared/events.ts';
import type { Principal } from '../../shared/identity.ts';
import type { CaseContext, UploadStore } from './context.ts';
import { createSteps, event } from './steps.ts';
import type { CaseChange } from './store.ts';

export interface SupplementInput {
  materials: MaterialSubmission[];
  form?: Record<string, unknown>;
  note?: string;
}

export const createSupplement = (ctx: CaseContext, uploads: UploadStore) => {
  const { store, items } = ctx.deps;
  const { assertApplicant, assertNotChild, childrenOf, step, assemble } = createSteps(ctx);

  return (caseNumber: string, p: Principal, input: SupplementInput) =>
    ctx.mutate(caseNumber, async ({ record, tasks }) => {
      assertNotChild(record, 'supplement');
      assertApplicant(record, p);
      transition(record.status, 'supplement', p.role);
      const correction = record.correction!;
      const children = record.kind === 'bundle' ? await childrenOf(record) : [];
      const itemRefs = record.item ? [record.item] : (record.items ?? []);
      const versions = await Promise.all(itemRefs.map((r) => items.version(r.code, r.version)));
      const issues = [];
      const given = new Set(input.materials.map((m) => m.materialId));
      const form = { ...record.form, ...(input.form ?? {}) };
      // A sealed field not given again holds its mask, checked when it was given: its schema issues are
      // not the applicant's to fix. One given again replaces the sealed value and is sealed anew.
      const keptSealed = new Set(
        Object.keys(record.sealed ?? {}).filter(
          (path) => path.startsWith('form.') && !(input.form && path.slice(5) in input.form),
        ),
      );
      const sealing = ctx.deps.sealing;
      if (!sealing) throw new Error('Supplements need the personal-data:seal binding');
      correction.missing.forEach((m, i) => {
        if (m.materialId && !given.has(m.materialId))
          issues.push({
            path: 'body.materials',
            message: `须补正材料 ${m.materialId} (missing[${i}]: ${m.reason})`,
          });
        if (m.field && !(input.form && m.field in input.form))
          issues.push({ path: `body.form.${m.field}`, message: `须补正此项 (missing[${i}]: ${m.reason})` });
      });
      for (const v of versions)
        if (v)
          issues.push(
            ...checkForm(`${v.implementationCode}@${v.version}`, v.formSchema, form).filter(
              (issue) =>
                !keptSealed.has(
                  issue.path
                    .replace(/^body\./, '')
                    .split('.')
                    .slice(0, 2)
                    .join('.'),
                ),
            ),
          );
      // A person's sealed ID number is compared through its blind index: the licence's holder is indexed too.
      const byIndex = record.applicant.type === 'person' && record.applicant.idIndex !== undefined;
      const clearId = record.applicant.idNumber ?? record.applicant.creditCode ?? '';
      const holderIndexed = async (licence: LicenceFact | undefined) =>
        licence && byIndex && !licence.holderIndexed
          ? { ...licence, holderId: await sealing.index('id-number', licence.holderId) }
          : licence;
      const { uploadKeys, licenceIds } = citedDocuments(input.materials);
      const facts = {
        uploads: new Map(
          await Promise.all(uploadKeys.map(async (k) => [k, await uploads.head(k, p.sub)] as const)),
        ),
        licences: byIndex
          ? new Map(
              await Promise.all(
                licenceIds.map(async (id) => [id, await holderIndexed(await store.getLicence(id))] as const),
              ),
            )
          : await sealing.licenceHolders(
              new Map(
                await Promise.all(licenceIds.map(async (id) => [id, await store.getLicence(id)] as const)),
              ),
              clearId,
            ),
      };
      const today = ctx.today();
      issues.push(
        ...checkMaterials({
          item: {
            materials: versions.flatMap((v) => v?.materials ?? []).map((m) => ({ ...m, required: false })),
          },
          submissions: input.materials,
          applicantId: byIndex ? record.applicant.idIndex! : clearId,
          facts,
          today,
          latestDeferral: record.deadline?.dueDate ?? today,
        }),
      );
      if (issues.length > 0) throw validationFailed(issues, 'The supplement does not answer the correction.');

      const replaceMaterials = (current: MaterialSubmission[]) => [
        ...current.filter((m) => !given.has(m.materialId)),
        ...input.materials,
      ];
      const at = ctx.now().toISOString();
      const all = [record, ...children.map((c) => c.record)];
      if (input.form && record.sealed) {
        const given = input.form;
        record.sealed = Object.fromEntries(
          Object.entries(record.sealed).filter(
            ([path]) => !(path.startsWith('form.') && path.slice(5) in given),
          ),
        );
      }
      record.form = form;
      const sensitive = new Map(versions.flatMap((v) => (v ? [...sensitiveFields(v.formSchema)] : [])));
      await sealing.seal(record, sensitive);
      const changedTasks: NonNullable<CaseChange['tasks']> = [];
      const steps = all.map((r) => {
        r.materials = replaceMaterials(r.materials);
        const open = r.pauses.find((x) => !x.to && x.kind === 'correction');
        if (open) open.to = at;
        delete r.correction;
        if (r.acceptedAt) r.deadline = ctx.deadlineOf(r);
        return step(
          r,
          'supplement',
          p,
          { opinion: input.note, details: { materials: [...given] } },
          correction.returnTo,
        );
      });
      if (correction.taskId) {
        const task = tasks.find((t) => t.taskId === correction.taskId);
        if (task && task.status === 'correction')
          changedTasks.push({
            task: { ...task, status: 'pending', dueDate: record.deadline?.dueDate },
            expectedRev: task.rev,
          });
      }
      return {
        change: assemble(steps, changedTasks),
        events: [event(EventType.CaseSupplemented, record, { source: correction.source })],
        result: submissionView(record),
      };
    });
};
