// 申请 what an applicant submits, and the rules an application must keep before a case exists: the form
// matches the item's published form schema, and every required material is satisfied in a way the item
// allows — an upload, an e-licence of the right type held by the applicant (免提交), a written commitment
// (告知承诺) or supplied later by a date within the promised limit (容缺). Every problem is reported at once,
// each with its field, so an applicant fixes everything in one go (一次性告知). The form itself is checked
// in form.ts.
import * as z from 'zod';
import type { Item, Material } from '../catalogue/item.ts';
import { deliveryChoiceSchema } from '../delivery.ts';
import type { FieldIssue } from '../errors.ts';
import { creditCodeField, idNumberField, mobileField } from '../id-number.ts';

/** What may be uploaded as an application material: PDF, OFD (China's e-document format) and images. */
export const uploadTypes = ['application/pdf', 'application/ofd', 'image/jpeg', 'image/png'] as const;
export const maxUploadBytes = 20 * 1024 * 1024;

export const uploadKeySchema = z
  .string()
  .regex(/^uploads\/[A-Za-z0-9_-]{1,64}\/[A-Za-z0-9-]{36}$/, 'a key returned by POST /uploads');

const materialId = z.string().min(1).max(48);

/** How one material is satisfied. */
export const materialSubmissionSchema = z.discriminatedUnion('via', [
  z.object({ materialId, via: z.literal('upload'), key: uploadKeySchema }),
  z.object({ materialId, via: z.literal('licence'), licenceId: z.string().min(1).max(100) }),
  z.object({ materialId, via: z.literal('commitment') }),
  z.object({ materialId, via: z.literal('deferred'), dueDate: z.iso.date('a date as YYYY-MM-DD') }),
]);
export type MaterialSubmission = z.infer<typeof materialSubmissionSchema>;

// The principal's identifiers are checked as their standards define them, check characters included.
const chineseIdNumber = idNumberField();
const creditCode = creditCodeField();

/** 代办: the person or enterprise an agent applies for, with the signed authorisation (委托书). */
export const principalSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('person'),
    name: z.string().trim().min(1).max(50),
    idNumber: chineseIdNumber,
    mobile: mobileField().optional(),
    authorisation: uploadKeySchema.describe('Upload key of the authorisation document (授权委托书)'),
  }),
  z.object({
    type: z.literal('enterprise'),
    name: z.string().trim().min(1).max(100),
    creditCode,
    legalRepresentative: z.string().trim().min(1).max(50),
    authorisation: uploadKeySchema.describe('Upload key of the authorisation document (授权委托书)'),
  }),
]);
export type PrincipalInput = z.infer<typeof principalSchema>;

export const applicationSchema = z
  .object({
    itemCode: z.string().min(1).max(50).optional(),
    bundleCode: z.string().min(1).max(64).optional(),
    form: z.record(z.string(), z.unknown()).default({}),
    materials: z.array(materialSubmissionSchema).max(100).default([]),
    onBehalfOf: principalSchema.optional(),
    channel: z.enum(['pc', 'mobile', 'window', 'kiosk', 'hotline']).default('pc'),
    /** 领取方式: pick-up at the hall (the default) or delivery by courier, for an item that mails its result. */
    delivery: deliveryChoiceSchema.optional(),
  })
  .refine((a) => (a.itemCode === undefined) !== (a.bundleCode === undefined), {
    message: 'give exactly one of itemCode or bundleCode',
    path: ['itemCode'],
  });
export type ApplicationInput = z.infer<typeof applicationSchema>;

/** What the platform found out about the documents an application cites. */
export interface UploadFact {
  size: number;
  contentType: string;
}
export interface LicenceFact {
  type: string;
  /**
   * ID number or credit code of the holder; a licence row keeps only its blind index, which the cases
   * function compares with the applicant's (functions/cases/sealing.ts) before the check.
   */
  holderId: string;
  /** `holderId` is the blind index of the holder's number. */
  holderIndexed?: boolean;
  status: string;
  validUntil?: string;
}
export interface CitedFacts {
  uploads: ReadonlyMap<string, UploadFact | undefined>;
  licences: ReadonlyMap<string, LicenceFact | undefined>;
}

export interface MaterialCheck {
  item: Pick<Item, 'materials'>;
  submissions: readonly MaterialSubmission[];
  /** ID number or credit code of the applicant (the principal when an agent applies). */
  applicantId: string;
  facts: CitedFacts;
  today: string;
  /** Last date a deferred material may be promised for: the end of the promised limit. */
  latestDeferral: string;
  /** Prefix of the field paths, e.g. `body.materials`. */
  prefix?: string;
}

const satisfiable = (m: Material): string[] =>
  [
    'upload',
    m.licenceType ? 'licence' : undefined,
    m.commitmentAllowed ? 'commitment' : undefined,
    m.deferrable ? 'deferred' : undefined,
  ].filter((v): v is string => v !== undefined);

/** Every material problem of an application, each under the index of the submission or of the material. */
export const checkMaterials = (check: MaterialCheck): FieldIssue[] => {
  const prefix = check.prefix ?? 'body.materials';
  const issues: FieldIssue[] = [];
  const byId = new Map(check.item.materials.map((m) => [m.id, m]));
  const seen = new Set<string>();
  check.submissions.forEach((s, i) => {
    const at = (field?: string) => `${prefix}.${i}${field ? `.${field}` : ''}`;
    const material = byId.get(s.materialId);
    if (!material) {
      issues.push({
        path: at('materialId'),
        message: `本事项没有材料 ${s.materialId} (not a material of this item)`,
      });
      return;
    }
    if (seen.has(s.materialId)) {
      issues.push({
        path: at('materialId'),
        message: '同一材料只能提交一次 (this material is already given)',
      });
      return;
    }
    seen.add(s.materialId);
    if (!satisfiable(material).includes(s.via)) {
      issues.push({
        path: at('via'),
        message: `「${material.name}」只能以 ${satisfiable(material).join(' / ')} 方式提供 (not allowed for this material)`,
      });
      return;
    }
    if (s.via === 'upload') {
      if (!check.facts.uploads.get(s.key))
        issues.push({ path: at('key'), message: '未找到上传的文件 (no uploaded file under this key)' });
    } else if (s.via === 'licence') {
      const licence = check.facts.licences.get(s.licenceId);
      if (!licence || licence.holderId !== check.applicantId) {
        issues.push({
          path: at('licenceId'),
          message: '申请人没有此电子证照 (the applicant holds no such licence)',
        });
      } else if (licence.type !== material.licenceType) {
        issues.push({
          path: at('licenceId'),
          message: `需要「${material.licenceType}」，此证照为「${licence.type}」 (wrong licence type)`,
        });
      } else if (licence.status !== 'valid' || (licence.validUntil && licence.validUntil < check.today)) {
        issues.push({ path: at('licenceId'), message: '证照不在有效状态 (the licence is not valid)' });
      }
    } else if (s.via === 'deferred') {
      if (s.dueDate < check.today || s.dueDate > check.latestDeferral) {
        issues.push({
          path: at('dueDate'),
          message: `容缺补交日期须在 ${check.today} 至 ${check.latestDeferral} 之间 (within the promised limit)`,
        });
      }
    }
  });
  check.item.materials.forEach((m, index) => {
    if (m.required && !seen.has(m.id)) {
      issues.push({
        path: prefix,
        message: `缺少必需材料「${m.name}」(${m.id}) [material ${index}] (a required material is missing)`,
      });
    }
  });
  // 容缺受理 only when the main materials are in: at least one required material must be given now.
  const required = check.item.materials.filter((m) => m.required);
  const deferred = check.submissions.filter((s) => s.via === 'deferred').length;
  if (required.length > 0 && deferred > 0 && deferred >= required.length) {
    issues.push({
      path: prefix,
      message: '主要材料须齐全，不能全部容缺 (not every material may be deferred)',
    });
  }
  return issues;
};

/** Keys of the uploads and ids of the licences an application cites (to look up before checking). */
export const citedDocuments = (submissions: readonly MaterialSubmission[], extraKeys: string[] = []) => ({
  uploadKeys: [
    ...new Set([...submissions.flatMap((s) => (s.via === 'upload' ? [s.key] : [])), ...extraKeys]),
  ],
  licenceIds: [...new Set(submissions.flatMap((s) => (s.via === 'licence' ? [s.licenceId] : [])))],
});
