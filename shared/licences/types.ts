// 电子证照目录 the licence types this platform issues: name, type code, defining body and validity.
//
// A type code (证照类型代码) is the unified social credit code of the body that DEFINES the licence type
// (the ministry or provincial department whose rules make it) followed by that body's 3-digit number for
// it: a 营业执照 is defined by 国家市场监督管理总局, a 建筑工程施工许可证 by 住房和城乡建设部, so their codes
// start differently. The catalogue is data: the defaults below, which a jurisdiction's config extends with
// its province's own types or aligns with the province's catalogue (another defining body or number for a
// type it names). Licences already issued keep their identifiers: the code is read only at issuance.
import * as z from 'zod';
import { creditCodeProblem } from '../credit-code.ts';

export type LicenceHolderKind = 'person' | 'enterprise' | 'either';

/** 制定证照类型的机构 a body that defines licence types. */
export interface DefiningBody {
  name: string;
  creditCode: string;
  /**
   * The credit code is a stand-in (valid check characters, an invented `TB…` organisation code) until the
   * jurisdiction's config aligns the body's types with the province's catalogue.
   */
  placeholder?: true;
  /** Where the body's code (and the numbers of its types below) was found published, for a confirmed code. */
  source?: string;
}

export interface LicenceType {
  name: string;
  /** The defining body's credit code and its 3-digit number, e.g. 11100000MB0143028R001. */
  code: string;
  definedBy: DefiningBody;
  /** Years a licence stays valid; absent = 长期 (long-term). */
  validityYears?: number;
  /** The holder is a person or an enterprise (organisation). */
  holder: LicenceHolderKind;
}

// Six codes are confirmed from licences, type catalogues and public-information pages published by the
// bodies' own systems (the `source` of each): 住房和城乡建设部, 国家市场监督管理总局, 自然资源部, 交通运输部,
// 公安部 and 生态环境部. The others are stand-ins built as the sample departments' codes are (see
// infra/jurisdictions/index.ts), marked `placeholder`: a province replaces them through its config with the
// codes of its own catalogue.
const body = (name: string, creditCode: string, source?: string): DefiningBody => ({
  name,
  creditCode,
  ...(source ? { source } : { placeholder: true as const }),
});
export const definingBodies = {
  mohurd: body(
    '中华人民共和国住房和城乡建设部',
    '11100000000013338W',
    '全国一体化政务服务平台 电子证照 建筑施工企业安全生产管理人员考核合格证书 (附录A.2): identifiers such as ' +
      '1.2.156.3005.2.11100000000013338W011…, and the OFD licences of 浙江 tzxm.zjzwfw.gov.cn (…11100000000013338W009…)',
  ),
  samr: body(
    '国家市场监督管理总局',
    '11100000MB0143028R',
    'samr.gov.cn public-information catalogue (xxgk nodeId 11100000MB0143028R), and 营业执照 recorded as type ' +
      '11100000MB0143028R001 in a provincial 电子证照 exchange',
  ),
  mps: body(
    '中华人民共和国公安部',
    '11100000000013127D',
    '山东 电子证照 exchange: the 电子身份证 (居民身份证) is requested by 公民身份号码 as type 11100000000013127D001',
  ),
  nmpa: body('国家药品监督管理局', '11100000TB000001XB'),
  nhc: body('国家卫生健康委员会', '11100000TB0000028B'),
  mnr: body(
    '中华人民共和国自然资源部',
    '11100000MB03271699',
    '国家政务服务平台 地图审核 item https://gjzwfw.www.gov.cn/fwmh/item/v3/item_11100000MB032716991000115035000.do; ' +
      '不动产电子证照 types 11100000MB03271699001 中华人民共和国不动产权证, 11100000MB03271699022 不动产登记证明',
  ),
  mot: body(
    '中华人民共和国交通运输部',
    '11100000000019713D',
    '交通运输 电子证照 type codes: 11100000000019713D008 道路运输经营许可证, …013 道路运输证, ' +
      '…071 道路运输从业人员从业资格证, …074 网络预约出租汽车经营许可证',
  ),
  mee: body(
    '中华人民共和国生态环境部',
    '11100000000014672N',
    'mee.gov.cn public-information index numbers 000014672/… (organisation code 00001467-2, e.g. ' +
      '000014672/2023-00154 at https://www.mee.gov.cn/xxgk2018/xxgk/xxgk01/202306/t20230605_1032516.html), ' +
      'the central-organ code 11100000000014672N',
  ),
  moe: body('中华人民共和国教育部', '11100000TB0000060N'),
  mct: body('中华人民共和国文化和旅游部', '11100000TB0000079K'),
  mem: body('中华人民共和国应急管理部', '11100000TB0000087E'),
  moa: body('中华人民共和国农业农村部', '11100000TB00000959'),
  mohrss: body('中华人民共和国人力资源和社会保障部', '11100000TB0000108Y'),
  mca: body('中华人民共和国民政部', '11100000TB0000116R'),
  cdpf: body('中国残疾人联合会', '11100000TB0000124L'),
  sta: body('国家税务总局', '11100000TB0000132F'),
  mva: body('中华人民共和国退役军人事务部', '11100000TB0000140A'),
} satisfies Record<string, DefiningBody>;

const typeCodePattern = /^([0-9A-Z]{18})(\d{3})$/;

/** The type code for a defining body's credit code and its number for the type (1–999). */
export const licenceTypeCode = (creditCode: string, number: number) => {
  if (!Number.isInteger(number) || number < 1 || number > 999)
    throw new RangeError(`a type number is 1–999: ${number}`);
  return `${creditCode}${String(number).padStart(3, '0')}`;
};

/** The defining body's credit code in a type code, or undefined when it is not one. */
export const definingCreditCodeOf = (typeCode: string) => typeCodePattern.exec(typeCode)?.[1];

type BodyKey = keyof typeof definingBodies;
const type = (
  definedBy: BodyKey,
  number: number,
  name: string,
  holder: LicenceHolderKind,
  validityYears?: number,
): LicenceType => ({
  name,
  code: licenceTypeCode(definingBodies[definedBy].creditCode, number),
  definedBy: definingBodies[definedBy],
  holder,
  ...(validityYears ? { validityYears } : {}),
});

/**
 * The platform's default catalogue: each type under the body that defines it, numbered per body. The numbers
 * named in a body's `source` are the published ones (营业执照 001; 不动产权证书 001 and 不动产登记证明 022;
 * 道路运输经营许可证 008 and 从业资格证 071; 居民身份证 001); the others are the platform's own until a
 * province aligns them.
 */
export const defaultLicenceTypes: readonly LicenceType[] = [
  type('samr', 1, '营业执照', 'either'),
  type('samr', 2, '食品经营许可证', 'enterprise', 5),
  type('samr', 3, '特种设备使用登记证', 'enterprise'),
  type('samr', 4, '小餐饮登记证', 'person', 3),
  type('nmpa', 1, '药品经营许可证', 'enterprise', 5),
  type('nhc', 1, '公共场所卫生许可证', 'enterprise', 4),
  type('nhc', 2, '医疗机构执业许可证', 'enterprise', 5),
  type('nhc', 3, '出生医学证明', 'person'),
  type('mnr', 101, '建设工程规划许可证', 'enterprise'),
  type('mnr', 102, '建设用地规划许可证', 'enterprise'),
  type('mnr', 1, '不动产权证书', 'either'),
  type('mnr', 22, '不动产登记证明', 'either'),
  type('mohurd', 1, '建筑工程施工许可证', 'enterprise'),
  type('mohurd', 2, '商品房预售许可证', 'enterprise'),
  type('mohurd', 3, '建筑业企业资质证书', 'enterprise', 5),
  type('mot', 8, '道路运输经营许可证', 'enterprise', 4),
  type('mot', 71, '从业资格证', 'person', 6),
  type('mee', 1, '排污许可证', 'enterprise', 5),
  type('mee', 2, '危险废物经营许可证', 'enterprise', 5),
  type('moe', 1, '民办学校办学许可证', 'enterprise', 5),
  type('moe', 2, '教师资格证书', 'person'),
  type('mct', 1, '旅行社业务经营许可证', 'enterprise'),
  type('mct', 2, '娱乐经营许可证', 'enterprise', 2),
  type('mct', 3, '网络文化经营许可证', 'enterprise', 3),
  type('mem', 1, '危险化学品经营许可证', 'enterprise', 3),
  type('mem', 2, '烟花爆竹经营（零售）许可证', 'either', 1),
  type('mem', 3, '安全生产许可证', 'enterprise', 3),
  type('moa', 1, '渔业捕捞许可证', 'either', 5),
  type('moa', 2, '农药经营许可证', 'enterprise', 5),
  type('moa', 3, '种子生产经营许可证', 'enterprise', 5),
  type('moa', 4, '动物防疫条件合格证', 'enterprise'),
  type('mps', 1, '居民身份证', 'person', 20),
  type('mps', 2, '养犬登记证', 'person', 1),
  type('mps', 3, '机动车驾驶证', 'person', 6),
  type('mps', 4, '居民户口簿', 'person'),
  type('mohrss', 1, '社会保障卡', 'person', 10),
  type('mca', 1, '结婚证', 'person'),
  type('mca', 2, '离婚证', 'person'),
  type('mca', 3, '社会团体法人登记证书', 'enterprise', 5),
  type('cdpf', 1, '残疾人证', 'person', 10),
  type('sta', 1, '契税完税凭证', 'person'),
  type('mva', 1, '退役军人优待证', 'person'),
  type('mva', 2, '残疾军人证', 'person'),
];

const organCreditCode = z.string().superRefine((value, ctx) => {
  const problem = creditCodeProblem(value, { checkOrganisationCode: true });
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/**
 * One entry of a jurisdiction's `licenceTypes`: a type the province defines (holder required), or a
 * default type re-assigned to the body and number of the province's catalogue (holder and validity kept
 * unless given).
 */
export const licenceTypeConfigSchema = z.strictObject({
  name: z.string().trim().min(2).max(50),
  definedBy: z.strictObject({
    name: z
      .string()
      .min(2)
      .max(64)
      .regex(/\p{Script=Han}/u, 'a name in Chinese'),
    creditCode: organCreditCode,
  }),
  number: z.int().min(1, 'a type number 1–999').max(999, 'a type number 1–999'),
  holder: z.enum(['person', 'enterprise', 'either']).optional(),
  /** Years valid; 0 makes an aligned type 长期 (long-term). */
  validityYears: z.int().min(0).max(50).optional(),
});
export type LicenceTypeConfig = z.infer<typeof licenceTypeConfigSchema>;

/** Problems of a config's entries against the defaults, as [index, field, message]. */
export const licenceTypeConfigProblems = (entries: readonly LicenceTypeConfig[]) => {
  const problems: Array<[number, string, string]> = [];
  const defaults = new Map(defaultLicenceTypes.map((t) => [t.name, t]));
  const names = new Set<string>();
  entries.forEach((entry, i) => {
    if (names.has(entry.name)) problems.push([i, 'name', `${entry.name} is listed twice`]);
    names.add(entry.name);
    if (!defaults.has(entry.name) && !entry.holder)
      problems.push([i, 'holder', `${entry.name} is not a default type: say who holds it`]);
  });
  const catalogue = mergeCatalogue(entries);
  const seen = new Map<string, string>();
  for (const t of catalogue) {
    const other = seen.get(t.code);
    if (other) {
      const i = entries.findIndex((e) => e.name === t.name || e.name === other);
      problems.push([Math.max(i, 0), 'number', `${t.code} would name both ${other} and ${t.name}`]);
    }
    seen.set(t.code, t.name);
  }
  return problems;
};

const mergeCatalogue = (entries: readonly LicenceTypeConfig[]): LicenceType[] => {
  const merged = new Map(defaultLicenceTypes.map((t) => [t.name, t]));
  for (const entry of entries) {
    const base = merged.get(entry.name);
    const years = entry.validityYears ?? base?.validityYears;
    merged.set(entry.name, {
      name: entry.name,
      code: licenceTypeCode(entry.definedBy.creditCode, entry.number),
      definedBy: { name: entry.definedBy.name, creditCode: entry.definedBy.creditCode },
      holder: entry.holder ?? base?.holder ?? 'either',
      ...(years ? { validityYears: years } : {}),
    });
  }
  return [...merged.values()];
};

export interface LicenceCatalogue {
  types: readonly LicenceType[];
  byName(name: string): LicenceType | undefined;
  byCode(code: string): LicenceType | undefined;
}

/** The catalogue a jurisdiction issues from: the defaults with its config's entries applied. */
export const licenceCatalogue = (entries: readonly LicenceTypeConfig[] = []): LicenceCatalogue => {
  const types = mergeCatalogue(entries);
  const byName = new Map(types.map((t) => [t.name, t]));
  const byCode = new Map(types.map((t) => [t.code, t]));
  return { types, byName: (name) => byName.get(name), byCode: (code) => byCode.get(code) };
};
