// 电子证照目录 the licence types this platform issues: name, type code and validity. The type codes are the
// national type catalogue body's credit code (11100000000013338W, as on issued national e-licences) with a
// 3-digit type number; the numbers here are the platform's own assignment, to be aligned with the codes of
// the provincial catalogue a jurisdiction uses.
export interface LicenceType {
  name: string;
  code: string;
  /** Years a licence stays valid; absent = 长期 (long-term). */
  validityYears?: number;
  /** The holder is a person or an enterprise (organisation). */
  holder: 'person' | 'enterprise' | 'either';
}

const catalogueBody = '11100000000013338W';
const type = (
  n: number,
  name: string,
  holder: LicenceType['holder'],
  validityYears?: number,
): LicenceType => ({
  name,
  code: `${catalogueBody}${String(n).padStart(3, '0')}`,
  holder,
  ...(validityYears ? { validityYears } : {}),
});

export const licenceTypes: readonly LicenceType[] = [
  type(1, '营业执照', 'either'),
  type(2, '食品经营许可证', 'enterprise', 5),
  type(3, '药品经营许可证', 'enterprise', 5),
  type(4, '公共场所卫生许可证', 'enterprise', 4),
  type(5, '医疗机构执业许可证', 'enterprise', 5),
  type(6, '建设工程规划许可证', 'enterprise'),
  type(7, '建设用地规划许可证', 'enterprise'),
  type(8, '建筑工程施工许可证', 'enterprise'),
  type(9, '商品房预售许可证', 'enterprise'),
  type(10, '道路运输经营许可证', 'enterprise', 4),
  type(11, '排污许可证', 'enterprise', 5),
  type(12, '危险废物经营许可证', 'enterprise', 5),
  type(13, '民办学校办学许可证', 'enterprise', 5),
  type(14, '旅行社业务经营许可证', 'enterprise'),
  type(15, '娱乐经营许可证', 'enterprise', 2),
  type(16, '网络文化经营许可证', 'enterprise', 3),
  type(17, '危险化学品经营许可证', 'enterprise', 3),
  type(18, '烟花爆竹经营（零售）许可证', 'either', 1),
  type(19, '安全生产许可证', 'enterprise', 3),
  type(20, '渔业捕捞许可证', 'either', 5),
  type(21, '农药经营许可证', 'enterprise', 5),
  type(22, '种子生产经营许可证', 'enterprise', 5),
  type(23, '居民户口簿', 'person'),
  type(24, '养犬登记证', 'person', 1),
  type(25, '机动车驾驶证', 'person', 6),
  type(26, '小餐饮登记证', 'person', 3),
  type(27, '特种设备使用登记证', 'enterprise'),
  type(28, '社会保障卡', 'person', 10),
  type(29, '出生医学证明', 'person'),
  type(30, '结婚证', 'person'),
  type(31, '离婚证', 'person'),
  type(32, '社会团体法人登记证书', 'enterprise', 5),
  type(33, '残疾人证', 'person', 10),
  type(34, '不动产权证书', 'either'),
  type(35, '不动产登记证明', 'either'),
  type(36, '建筑业企业资质证书', 'enterprise', 5),
  type(37, '从业资格证', 'person', 6),
  type(38, '契税完税凭证', 'person'),
  type(39, '教师资格证书', 'person'),
  type(40, '退役军人优待证', 'person'),
  type(41, '残疾军人证', 'person'),
  type(42, '动物防疫条件合格证', 'enterprise'),
  type(43, '居民身份证', 'person', 20),
];

const byName = new Map(licenceTypes.map((t) => [t.name, t]));
export const licenceTypeByName = (name: string) => byName.get(name);
