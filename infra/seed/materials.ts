// The materials the seed catalogue asks for, written once: many items ask for the same documents, and an
// e-licence type (免提交) or a commitment (告知承诺) replaces them the same way everywhere.
import type { Material } from '../../shared/catalogue/item.ts';

type Base = Omit<Material, 'required' | 'deferrable' | 'commitmentAllowed'> &
  Partial<Pick<Material, 'deferrable' | 'commitmentAllowed'>>;

const govDoc = (id: string, name: string, licenceType?: string): Base => ({
  id,
  name,
  originals: 1,
  copies: 1,
  form: 'both',
  source: 'government',
  ...(licenceType ? { licenceType } : {}),
});

const applicantDoc = (id: string, name: string, extra: Partial<Base> = {}): Base => ({
  id,
  name,
  originals: 1,
  copies: 0,
  form: 'both',
  source: 'applicant',
  ...extra,
});

export const materials = {
  idCard: govDoc('id-card', '居民身份证', '居民身份证'),
  hukou: govDoc('hukou', '居民户口簿', '居民户口簿'),
  businessLicence: govDoc('business-licence', '营业执照', '营业执照'),
  marriageCertificate: govDoc('marriage-certificate', '结婚证', '结婚证'),
  propertyCertificate: govDoc('property-certificate', '不动产权证书', '不动产权证书'),
  birthCertificate: govDoc('birth-certificate', '出生医学证明', '出生医学证明'),
  disabilityCertificate: govDoc('disability-certificate', '残疾人证', '残疾人证'),
  driverLicence: govDoc('driver-licence', '机动车驾驶证', '机动车驾驶证'),
  socialSecurityCard: govDoc('social-security-card', '社会保障卡', '社会保障卡'),
  foodLicence: govDoc('food-licence', '食品经营许可证', '食品经营许可证'),
  roadTransportLicence: govDoc('road-transport-licence', '道路运输经营许可证', '道路运输经营许可证'),
  landUsePermit: govDoc('land-use-permit', '建设用地规划许可证', '建设用地规划许可证'),
  planningPermit: govDoc('planning-permit', '建设工程规划许可证', '建设工程规划许可证'),
  retiredSoldierCertificate: govDoc('discharge-certificate', '退役证明', '退役证明'),
  photo: applicantDoc('photo', '近期免冠证件照片', { originals: 2, form: 'paper' }),
  powerOfAttorney: applicantDoc('power-of-attorney', '授权委托书', {
    situation: '委托他人办理的',
    sample: '授权委托书（样本）',
  }),
  agentId: govDoc('agent-id-card', '受托人居民身份证', '居民身份证'),
  articles: applicantDoc('articles', '公司章程', { form: 'electronic', sample: '公司章程（参考文本）' }),
  leaseContract: applicantDoc('lease-contract', '经营场所使用证明（产权证明或租赁合同）', {
    copies: 1,
    commitmentAllowed: true,
    notes: '可作出住所（经营场所）告知承诺',
  }),
  layoutPlan: applicantDoc('layout-plan', '经营场所平面布局图', { deferrable: true }),
  healthCertificates: applicantDoc('health-certificates', '从业人员健康证明', {
    deferrable: true,
    copies: 1,
  }),
  safetyRules: applicantDoc('safety-rules', '安全管理制度文本', { commitmentAllowed: true }),
  vehicleList: applicantDoc('vehicle-list', '营运车辆清单及行驶证', { copies: 1 }),
  driverQualifications: applicantDoc('driver-qualifications', '驾驶人员从业资格证', {
    copies: 1,
    deferrable: true,
  }),
  constructionDrawings: applicantDoc('construction-drawings', '建设工程设计方案总平面图及施工图', {
    form: 'electronic',
  }),
  constructionContract: applicantDoc('construction-contract', '施工合同', { copies: 1 }),
  supervisionContract: applicantDoc('supervision-contract', '监理合同', { copies: 1, deferrable: true }),
  fundsProof: applicantDoc('funds-proof', '建设资金已经落实承诺书', { commitmentAllowed: true }),
  landOwnership: govDoc('land-ownership', '土地权属证明文件', '不动产权证书'),
  eiaReport: applicantDoc('eia-report', '环境影响评价文件', { form: 'electronic' }),
  monitoringPlan: applicantDoc('monitoring-plan', '自行监测方案', { form: 'electronic', deferrable: true }),
  laborContract: applicantDoc('labor-contract', '劳动合同', { copies: 1 }),
  medicalProof: applicantDoc('medical-proof', '医院出具的诊断证明', { copies: 1 }),
  incomeProof: applicantDoc('income-proof', '家庭收入状况声明', { commitmentAllowed: true }),
  residenceProof: applicantDoc('residence-proof', '居住证明', { commitmentAllowed: true }),
  schoolRegistration: applicantDoc('school-registration', '入学登记表', { form: 'electronic' }),
  contributionRecord: govDoc('contribution-record', '养老保险缴费记录'),
  personnelFile: govDoc('personnel-file', '职工人事档案'),
  bankCard: applicantDoc('bank-card', '本人银行账户信息', { form: 'electronic' }),
  dogVaccination: applicantDoc('dog-vaccination', '犬只狂犬病免疫证明', { copies: 1 }),
  salesContract: applicantDoc('sales-contract', '不动产买卖合同', { copies: 1 }),
  taxReceipt: govDoc('tax-receipt', '契税完税凭证'),
  sealSample: applicantDoc('seal-sample', '印章印模', { form: 'electronic' }),
  invoiceApplication: applicantDoc('invoice-application', '发票票种核定申请表', { form: 'electronic' }),
  feasibilityReport: applicantDoc('feasibility-report', '项目可行性研究报告', { form: 'electronic' }),
  fireSafety: applicantDoc('fire-safety', '消防安全检查合格证明或承诺书', { commitmentAllowed: true }),
  hygieneFacilities: applicantDoc('hygiene-facilities', '卫生设施设备清单', { deferrable: true }),
  waterTest: applicantDoc('water-test', '水质检测报告', { deferrable: true }),
  guaranteeDeposit: applicantDoc('guarantee-deposit', '质量保证金存入证明', { copies: 1 }),
  tourGuides: applicantDoc('tour-guides', '导游及管理人员名单', { deferrable: true }),
  fishingVessel: govDoc('fishing-vessel', '渔业船舶检验证书', '渔业船舶检验证书'),
  homesteadApplication: applicantDoc('homestead-application', '宅基地和建房（规划许可）申请表'),
  villageOpinion: applicantDoc('village-opinion', '村民小组会议讨论通过意见', { copies: 1 }),
} satisfies Record<string, Base>;

export type MaterialName = keyof typeof materials;

/** A material reference in a seed item: its base, required or not, plus item-specific changes. */
export type MaterialRef = MaterialName | [MaterialName, Partial<Material>];

export const materialise = (ref: MaterialRef): Material => {
  const [name, extra] = typeof ref === 'string' ? [ref, {}] : ref;
  const base = materials[name];
  return { deferrable: false, commitmentAllowed: false, required: true, ...base, ...extra };
};

/** The application form every item has, named after the item. */
export const applicationForm = (itemName: string): Material => ({
  id: 'application-form',
  name: `${itemName}申请表`,
  required: true,
  originals: 1,
  copies: 0,
  form: 'both',
  source: 'applicant',
  blankForm: `${itemName}申请表（空白表格）`,
  sample: `${itemName}申请表（填写示例）`,
  deferrable: false,
  commitmentAllowed: false,
});
