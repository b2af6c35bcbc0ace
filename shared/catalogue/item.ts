// 政务服务事项 service item and its 办事指南 guide, with the elements of the national data standard: codes,
// type and level, implementing body, legal basis, statutory and promised limits, materials, fees, the
// application form an applicant fills in (a JSON Schema) and the workflow later issues execute.
import * as z from 'zod';
import { type AssuranceLevel, assuranceLevelSchema, levelDescriptions, meetsLevel } from '../identity.ts';

import { type ItemType, itemTypes } from './item-types.ts';

export { type ItemType, itemTypes } from './item-types.ts';

/** 行使层级 exercise level: 1 national … 5 township/street, 6 village/community. */
export const levels = {
  1: '国家级',
  2: '省级',
  3: '市级',
  4: '县级',
  5: '乡镇（街道）级',
  6: '村（社区）级',
} as const;

/** 服务对象 service objects. */
export const serviceObjects = {
  1: '自然人',
  2: '企业法人',
  3: '事业法人',
  4: '社会组织法人',
  5: '行政机关',
} as const;

const text = (max: number) => z.string().trim().min(1).max(max);
const departmentCode = z.string().regex(/^[a-z][a-z0-9-]{1,31}$/, 'a department code of this jurisdiction');
const phone = z
  .string()
  .regex(/^(0\d{2,3}-?\d{7,8}|1[3-9]\d{9}|12\d{3})$/, 'a phone number such as 0580-2022345 or 12345');

export const limitSchema = z.object({
  value: z.number().int().min(0).max(3650),
  unit: z.enum(['working-day', 'natural-day', 'hour']),
});
export type Limit = z.infer<typeof limitSchema>;

/** 申请材料 one material, and how it may be satisfied instead of on paper. */
export const materialSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,47}$/, 'a stable slug such as id-card'),
  name: text(100),
  required: z.boolean(),
  /** 情形: the situation in which the material applies, e.g. 委托他人办理的. */
  situation: text(100).optional(),
  originals: z.number().int().min(0).max(10),
  copies: z.number().int().min(0).max(10),
  form: z.enum(['paper', 'electronic', 'both']),
  source: z.enum(['applicant', 'government']),
  blankForm: text(300).optional(),
  sample: text(300).optional(),
  legalBasis: text(200).optional(),
  /** 免提交: an e-licence of this type replaces the material. */
  licenceType: text(50).optional(),
  /** 容缺: may be supplied after acceptance. */
  deferrable: z.boolean().default(false),
  /** 告知承诺: a written commitment may replace it. */
  commitmentAllowed: z.boolean().default(false),
  notes: text(300).optional(),
});
export type Material = z.infer<typeof materialSchema>;

export const workflowSchema = z.object({
  stages: z
    .array(
      z.object({
        name: text(50),
        /** Whether all department tasks of the stage must approve, or any one. */
        completion: z.enum(['all', 'any']),
        limitDays: z.number().int().min(0).max(365),
        tasks: z
          .array(z.object({ department: departmentCode, name: text(50) }))
          .min(1, 'a stage needs a task'),
      }),
    )
    .min(1, 'a workflow needs a stage'),
});
export type Workflow = z.infer<typeof workflowSchema>;

const feesSchema = z.discriminatedUnion('free', [
  z.object({ free: z.literal(true) }),
  z.object({
    free: z.literal(false),
    items: z
      .array(
        z.object({
          name: text(100),
          standard: text(200),
          basis: text(200),
          reducible: z.boolean(),
          /** The fixed amount in fen (分) when the standard is one; without it a reviewer assesses the fee. */
          amountFen: z.number().int().min(0).max(1_000_000_000).optional(),
        }),
      )
      .min(1),
  }),
]);

/** What an administrator submits for an item (and what an import row holds). */
export const itemInputSchema = z.object({
  basicCode: z.string().regex(/^[0-9A-Za-z]{1,10}$/, 'up to 10 letters or digits'),
  implementationCode: z.string().regex(/^[0-9A-Za-z-]{1,36}$/, 'up to 36 letters, digits or dashes'),
  handlingItemCode: z
    .string()
    .regex(/^[0-9A-Za-z-]{1,50}$/, 'up to 50 letters, digits or dashes')
    .optional(),
  /** 新设 / 变更 / 延续 / 注销 */
  variant: z.enum(['new', 'change', 'renewal', 'cancellation']).optional(),
  name: text(100),
  aliases: z.array(text(50)).max(20).default([]),
  type: z.enum(Object.keys(itemTypes) as [ItemType, ...ItemType[]]),
  level: z.number().int().min(1).max(6),
  department: departmentCode,
  implementingBody: z.object({
    name: text(100),
    creditCode: z.string(),
    /** 1 statutory organ, 2 authorised organisation, 3 entrusted organisation (受委托). */
    nature: z.union([z.literal(1), z.literal(2), z.literal(3)]),
    entrustingDepartment: departmentCode.optional(),
  }),
  legalBasis: z.array(z.object({ name: text(100), article: text(100).optional() })).min(1),
  statutoryLimit: limitSchema,
  promisedLimit: limitSchema,
  /** 1 即办件 on the spot (promised limit 0), 2 承诺件 promised. */
  caseType: z.union([z.literal(1), z.literal(2)]),
  serviceObjects: z.array(z.number().int().min(1).max(5)).min(1),
  handlingForms: z.array(z.enum(['window', 'online', 'mobile', 'courier'])).min(1),
  channels: z.object({
    appointment: z.boolean(),
    /** 上门办: staff visit the applicant at home (older and disabled people), booked like a window slot. */
    homeVisit: z.boolean().optional(),
    onlinePayment: z.boolean(),
    courierDelivery: z.boolean(),
    fullyOnline: z.boolean(),
  }),
  /** 到现场次数: 0 零跑腿, 1 最多跑一次. */
  onSiteVisits: z.number().int().min(0).max(5),
  /** The lowest sign-in assurance level (认证等级) an online application needs; any sign-in when absent. */
  minimumLevel: assuranceLevelSchema.optional(),
  acceptanceConditions: z.array(text(300)).min(1),
  processSteps: z.array(z.object({ name: text(50), description: text(300) })).min(1),
  /** 联办机构 joint departments. */
  jointDepartments: z.array(departmentCode).default([]),
  intermediaryServices: z.array(text(100)).default([]),
  result: z.object({
    name: text(100),
    type: z.enum(['licence', 'approval-document', 'certificate', 'other']),
    /** The e-licence type issued, when the result is an electronic licence. */
    licenceType: text(50).optional(),
    sample: text(300).optional(),
  }),
  materials: z.array(materialSchema),
  fees: feesSchema,
  venue: text(200),
  officeHours: text(100),
  consultationPhone: phone,
  complaintPhone: phone,
  faqs: z.array(z.object({ q: text(200), a: text(1000) })).default([]),
  topics: z.array(z.string().regex(/^[a-z0-9-]{2,40}$/)).default([]),
  lifeEvents: z.array(text(50)).default([]),
  /** 乡镇（街道）、村（社区）codes when delegated down (就近办). */
  townshipCodes: z
    .array(z.string().regex(/^\d{9}(\d{3})?$/, 'a 9- or 12-digit township/village code'))
    .default([]),
  /** The application form as a JSON Schema (draft 2020-12); applications are validated against it. */
  formSchema: z.record(z.string(), z.unknown()),
  workflow: workflowSchema,
});
export type ItemInput = z.infer<typeof itemInputSchema>;

export const actorSchema = z.object({ sub: z.string(), name: z.string() });
export type Actor = z.infer<typeof actorSchema>;

export type ItemStatus = 'draft' | 'published' | 'retired';

export type Item = ItemInput & {
  version: number;
  status: ItemStatus;
  createdAt: string;
  createdBy: Actor;
  updatedAt: string;
  updatedBy: Actor;
  publishedAt?: string;
  publishedBy?: Actor;
  retiredAt?: string;
  retiredBy?: Actor;
  /** Why the item left the catalogue (动态管理), as the administrator gave it. */
  retiredReason?: string;
};

export interface ItemSummary {
  code: string;
  name: string;
  type: ItemType;
  typeName: string;
  level: number;
  department: string;
  departmentName: string;
  serviceObjects: number[];
  promisedLimit: Limit;
  onSiteVisits: number;
  fullyOnline: boolean;
  topics: string[];
  version: number;
}

/**
 * Why a sign-in of `level` may not apply for `item`, in words the portal can show; undefined when it may.
 */
export const assuranceShortfall = (
  item: Pick<ItemInput, 'name' | 'minimumLevel'>,
  level: AssuranceLevel | undefined,
): string | undefined => {
  if (!item.minimumLevel || meetsLevel(level, item.minimumLevel)) return undefined;
  return `「${item.name}」needs ${levelDescriptions[item.minimumLevel]}; this session is ${level ? levelDescriptions[level] : 'of no known assurance level'}. Sign in again that way (for 实人认证, with a face check) to apply.`;
};

export const toSummary = (item: Item): ItemSummary => ({
  code: item.implementationCode,
  name: item.name,
  type: item.type,
  typeName: itemTypes[item.type],
  level: item.level,
  department: item.department,
  departmentName: item.implementingBody.name,
  serviceObjects: item.serviceObjects,
  promisedLimit: item.promisedLimit,
  onSiteVisits: item.onSiteVisits,
  fullyOnline: item.channels.fullyOnline,
  topics: item.topics,
  version: item.version,
});
