// The demo catalogue: service items a Chinese district really runs, with complete guides, written compactly
// and expanded by `seedCatalogue(jurisdiction)` into full items for that jurisdiction (its departments'
// names and credit codes, its hall, hours and phones, its division code in every implementation code).
import type { Bundle } from '../../shared/catalogue/bundle.ts';
import type { ItemInput, ItemType, Limit, Workflow } from '../../shared/catalogue/item.ts';
import type { Topic } from '../../shared/catalogue/topic.ts';
import type { Jurisdiction } from '../../shared/jurisdiction.ts';
import { applicationForm, type MaterialRef, materialise } from './materials.ts';

type FieldType = 'string' | 'integer' | 'date' | 'boolean' | 'phone' | 'idNumber';
type Field = [key: string, title: string, type: FieldType, required?: boolean];

interface SeedItem {
  n: number;
  name: string;
  aliases?: string[];
  dept: string;
  type: ItemType;
  level?: number;
  statutory: number | [number, Limit['unit']];
  promised: number;
  objects: number[];
  materials: MaterialRef[];
  result: [name: string, type: ItemInput['result']['type'], licenceType?: string];
  basis: [law: string, article: string];
  topics?: string[];
  fees?: Array<[name: string, standard: string, basis: string, amountFen?: number]>;
  fields: Field[];
  workflow?: Workflow['stages'];
  joint?: string[];
  fullyOnline?: boolean;
  visits?: number;
  township?: boolean;
  faqs?: Array<[string, string]>;
  conditions?: string[];
  variant?: ItemInput['variant'];
}

const person = [1];
const enterprise = [2];
const both = [1, 2];

export const topics: Topic[] = [
  {
    id: 'start-business',
    name: '我要开办企业',
    audience: 'enterprise',
    description: '营业执照、印章、发票、社保和公积金开户一次办结',
  },
  {
    id: 'food-business',
    name: '我要开餐馆',
    audience: 'enterprise',
    description: '食品经营、卫生、环保相关许可',
  },
  {
    id: 'construction',
    name: '我要建房子',
    audience: 'enterprise',
    description: '工程建设项目从用地规划到施工许可',
  },
  {
    id: 'transport',
    name: '我要跑运输',
    audience: 'enterprise',
    description: '道路运输经营及车辆、从业人员相关事项',
  },
  {
    id: 'tourism',
    name: '我要办旅行社',
    audience: 'enterprise',
    description: '旅行社、娱乐场所和演出相关许可',
  },
  { id: 'environment', name: '我要办环保手续', audience: 'enterprise', description: '排污许可、环评审批等' },
  {
    id: 'retirement',
    name: '我要办退休',
    audience: 'person',
    description: '退休审批、养老金领取、医保和公积金',
  },
  {
    id: 'newborn',
    name: '我要生孩子',
    audience: 'person',
    description: '生育登记、出生医学证明、户口登记和医保参保',
  },
  { id: 'marriage', name: '我要结婚', audience: 'person', description: '婚姻登记及相关户籍事项' },
  {
    id: 'employment',
    name: '我要找工作',
    audience: 'person',
    description: '就业登记、失业登记、职业培训补贴',
  },
  { id: 'housing', name: '我要买房', audience: 'person', description: '不动产登记、公积金贷款和提取' },
  { id: 'identity', name: '我要办证件', audience: 'person', description: '身份证、户口、驾驶证等证件' },
  { id: 'assistance', name: '我要申请救助', audience: 'person', description: '低保、残疾人、困难群众救助' },
  { id: 'education', name: '我要上学', audience: 'person', description: '义务教育入学、学生资助' },
  { id: 'veterans', name: '我是退役军人', audience: 'person', description: '优待证、安置和抚恤' },
];

const law = {
  idCard: ['《中华人民共和国居民身份证法》', '第八条'],
  hukou: ['《中华人民共和国户口登记条例》', '第十条'],
  companyRegistration: ['《中华人民共和国市场主体登记管理条例》', '第三条'],
  food: ['《中华人民共和国食品安全法》', '第三十五条'],
  property: ['《不动产登记暂行条例》', '第十四条'],
  socialInsurance: ['《中华人民共和国社会保险法》', '第五十八条'],
  population: ['《中华人民共和国人口与计划生育法》', '第二十条'],
  disability: ['《中华人民共和国残疾人保障法》', '第二十三条'],
  planning: ['《中华人民共和国城乡规划法》', '第四十条'],
  publicHealth: ['《公共场所卫生管理条例》', '第八条'],
  roadTransport: ['《中华人民共和国道路运输条例》', '第二十四条'],
  construction: ['《中华人民共和国建筑法》', '第七条'],
  civilAffairs: ['《婚姻登记条例》', '第五条'],
  employment: ['《就业服务与就业管理规定》', '第六十二条'],
  medicalInsurance: ['《医疗保障基金使用监督管理条例》', '第十五条'],
  housingFund: ['《住房公积金管理条例》', '第二十四条'],
  tax: ['《中华人民共和国税收征收管理法》', '第十五条'],
  environment: ['《排污许可管理条例》', '第六条'],
  eia: ['《中华人民共和国环境影响评价法》', '第二十二条'],
  education: ['《中华人民共和国义务教育法》', '第十二条'],
  tourism: ['《旅行社条例》', '第六条'],
  entertainment: ['《娱乐场所管理条例》', '第九条'],
  safety: ['《安全生产许可证条例》', '第二条'],
  veterans: ['《中华人民共和国退役军人保障法》', '第六十三条'],
  land: ['《中华人民共和国土地管理法》', '第六十二条'],
  fishery: ['《中华人民共和国渔业法》', '第二十三条'],
  relief: ['《社会救助暂行办法》', '第十一条'],
  dogs: ['《浙江省城市养犬管理规定》', '第九条'],
  seal: ['《印铸刻字业暂行管理规则》', '第五条'],
  license: ['《中华人民共和国行政许可法》', '第四十二条'],
} satisfies Record<string, [string, string]>;

const single = (dept: string, limitDays: number, name = '审查决定'): Workflow['stages'] => [
  { name, completion: 'all', limitDays, tasks: [{ department: dept, name: '审核' }] },
];

// biome-ignore format: one item a line reads as a catalogue
const items: SeedItem[] = [
  // 公安 Public security
  { n: 1, name: '居民身份证换领', aliases: ['换身份证', '身份证到期换证'], dept: 'gaj', type: '07', statutory: 60, promised: 20, objects: person, materials: ['idCard', 'photo'], result: ['居民身份证', 'certificate'], basis: law.idCard, topics: ['identity'], fields: [['reason', '换领原因', 'string', true], ['mobile', '联系电话', 'phone', true], ['delivery', '是否邮寄送达', 'boolean']], fees: [['居民身份证工本费', '20元/证', '《关于居民身份证收费标准的通知》', 2000]], faqs: [['身份证有效期满前多久可以换领？', '有效期满前三个月内即可申请换领，过期后也可换领。'], ['可以异地换领吗？', '可以，全国范围内均可跨省通办换领。']] },
  { n: 2, name: '居民身份证补领', aliases: ['身份证丢了', '补办身份证'], dept: 'gaj', type: '07', statutory: 60, promised: 20, objects: person, materials: ['hukou', 'photo'], result: ['居民身份证', 'certificate'], basis: law.idCard, topics: ['identity'], fields: [['lostDate', '遗失日期', 'date', true], ['mobile', '联系电话', 'phone', true]], fees: [['居民身份证工本费', '40元/证', '《关于居民身份证收费标准的通知》', 4000]] },
  { n: 3, name: '临时居民身份证申领', aliases: ['临时身份证'], dept: 'gaj', type: '07', statutory: 3, promised: 0, objects: person, materials: ['hukou', 'photo'], result: ['临时居民身份证', 'certificate'], basis: law.idCard, topics: ['identity'], fields: [['reason', '申领原因', 'string', true]], fees: [['临时居民身份证工本费', '10元/证', '《关于居民身份证收费标准的通知》', 1000]] },
  { n: 4, name: '户口迁移（市内迁移）', aliases: ['迁户口', '户口迁入'], dept: 'gaj', type: '07', statutory: 20, promised: 5, objects: person, materials: ['hukou', 'idCard', ['propertyCertificate', { situation: '投靠房产的', required: false }], ['residenceProof', { required: false }]], result: ['居民户口簿（迁移后）', 'certificate', '居民户口簿'], basis: law.hukou, topics: ['identity', 'housing'], fields: [['fromAddress', '迁出地址', 'string', true], ['toAddress', '迁入地址', 'string', true], ['members', '随迁人数', 'integer', true]] },
  { n: 5, name: '出生登记（新生儿落户）', aliases: ['新生儿上户口', '宝宝落户'], dept: 'gaj', type: '07', statutory: 20, promised: 1, objects: person, materials: ['birthCertificate', 'hukou', ['marriageCertificate', { required: false, situation: '父母已婚的' }]], result: ['居民户口簿（新增成员页）', 'certificate', '居民户口簿'], basis: law.hukou, topics: ['newborn'], fields: [['childName', '新生儿姓名', 'string', true], ['birthDate', '出生日期', 'date', true], ['guardianMobile', '监护人电话', 'phone', true]], fullyOnline: true, visits: 0 },
  { n: 6, name: '养犬登记', aliases: ['狗证', '犬只登记'], dept: 'gaj', type: '07', statutory: 20, promised: 5, objects: person, materials: ['idCard', 'dogVaccination', ['residenceProof', { required: false }]], result: ['养犬登记证', 'certificate', '养犬登记证'], basis: law.dogs, fields: [['breed', '犬只品种', 'string', true], ['dogName', '犬名', 'string'], ['address', '饲养地址', 'string', true]], fees: [['犬类管理服务费', '首年300元', '地方物价部门核定']] },
  { n: 7, name: '公章刻制备案', aliases: ['刻章', '印章备案'], dept: 'gaj', type: '10', statutory: 1, promised: 0, objects: enterprise, materials: ['businessLicence', 'sealSample'], result: ['印章刻制备案回执', 'other'], basis: law.seal, topics: ['start-business'], fields: [['sealTypes', '印章种类', 'string', true], ['quantity', '数量', 'integer', true]], fullyOnline: true, visits: 0 },
  { n: 8, name: '机动车驾驶证期满换证', aliases: ['驾照到期换证', '换驾照'], dept: 'gaj', type: '07', statutory: 3, promised: 0, objects: person, materials: ['idCard', 'driverLicence', ['medicalProof', { name: '机动车驾驶人身体条件证明' }]], result: ['机动车驾驶证', 'certificate', '机动车驾驶证'], basis: ['《机动车驾驶证申领和使用规定》', '第六十三条'], topics: ['identity'], fields: [['licenceNumber', '驾驶证档案编号', 'string', true], ['mobile', '联系电话', 'phone', true]], fees: [['驾驶证工本费', '10元/本', '国家发展改革委、财政部规定', 1000]] },
  { n: 9, name: '户籍证明开具', aliases: ['开户籍证明', '无犯罪记录证明'], dept: 'gaj', type: '20', statutory: 5, promised: 0, objects: person, materials: ['idCard'], result: ['户籍证明', 'other'], basis: law.hukou, topics: ['identity'], fields: [['purpose', '证明用途', 'string', true]], fullyOnline: true, visits: 0 },

  // 市场监管 Market regulation
  { n: 10, name: '营业执照设立登记（有限责任公司）', aliases: ['开公司', '注册公司', '企业设立登记'], dept: 'scjgj', type: '01', statutory: 15, promised: 1, objects: enterprise, materials: ['idCard', 'articles', 'leaseContract', ['powerOfAttorney', { required: false }]], result: ['营业执照', 'licence', '营业执照'], basis: law.companyRegistration, topics: ['start-business'], fields: [['companyName', '企业名称', 'string', true], ['registeredCapital', '注册资本（万元）', 'integer', true], ['businessScope', '经营范围', 'string', true], ['legalRepresentative', '法定代表人', 'string', true], ['address', '住所', 'string', true]], fullyOnline: true, visits: 0, faqs: [['企业名称需要先核准吗？', '实行名称自主申报，提交设立登记时一并申报即可。'], ['多久能拿到营业执照？', '材料齐全的，1个工作日内办结，电子营业执照即时发放。']] },
  { n: 11, name: '个体工商户设立登记', aliases: ['办个体执照', '个体户注册'], dept: 'scjgj', type: '01', statutory: 15, promised: 0, objects: person, materials: ['idCard', 'leaseContract'], result: ['营业执照', 'licence', '营业执照'], basis: ['《促进个体工商户发展条例》', '第八条'], topics: ['start-business', 'food-business'], fields: [['shopName', '字号名称', 'string'], ['businessScope', '经营范围', 'string', true], ['address', '经营场所', 'string', true]], fullyOnline: true, visits: 0 },
  { n: 12, name: '企业变更登记', aliases: ['公司变更', '变更法人'], dept: 'scjgj', type: '01', statutory: 15, promised: 1, objects: enterprise, materials: ['businessLicence', ['articles', { name: '公司章程修正案' }], ['powerOfAttorney', { required: false }]], result: ['营业执照', 'licence', '营业执照'], basis: law.companyRegistration, topics: ['start-business'], fields: [['changeItems', '变更事项', 'string', true], ['before', '变更前内容', 'string', true], ['after', '变更后内容', 'string', true]], fullyOnline: true, visits: 0, variant: 'change' },
  { n: 13, name: '企业注销登记', aliases: ['公司注销', '简易注销'], dept: 'scjgj', type: '01', statutory: 15, promised: 3, objects: enterprise, materials: ['businessLicence', ['articles', { name: '清算报告' }]], result: ['准予注销登记通知书', 'approval-document'], basis: law.companyRegistration, fields: [['reason', '注销原因', 'string', true], ['simplified', '是否适用简易注销', 'boolean', true]], variant: 'cancellation' },
  { n: 14, name: '食品经营许可', aliases: ['办食品许可证', '餐饮许可证', '开饭店许可'], dept: 'scjgj', type: '01', statutory: 20, promised: 5, objects: enterprise, materials: ['businessLicence', 'layoutPlan', 'healthCertificates', ['safetyRules', { name: '食品安全管理制度' }]], result: ['食品经营许可证', 'licence', '食品经营许可证'], basis: law.food, topics: ['food-business'], fields: [['businessType', '经营项目', 'string', true], ['address', '经营场所', 'string', true], ['area', '经营面积（平方米）', 'integer', true]], faqs: [['需要现场核查吗？', '仅销售预包装食品的免于现场核查，其他情形在受理后10个工作日内核查。']] },
  { n: 15, name: '食品经营许可延续', aliases: ['食品许可证续期'], dept: 'scjgj', type: '01', statutory: 20, promised: 5, objects: enterprise, materials: ['businessLicence', 'foodLicence'], result: ['食品经营许可证', 'licence', '食品经营许可证'], basis: law.food, topics: ['food-business'], fields: [['licenceNumber', '原许可证编号', 'string', true]], variant: 'renewal', fullyOnline: true, visits: 0 },
  { n: 16, name: '小餐饮登记', aliases: ['小吃店登记'], dept: 'scjgj', type: '01', level: 5, township: true, statutory: 15, promised: 5, objects: person, materials: ['idCard', 'healthCertificates', 'leaseContract'], result: ['小餐饮登记证', 'certificate', '小餐饮登记证'], basis: ['《浙江省食品小作坊小餐饮店小食杂店和食品摊贩管理规定》', '第十四条'], topics: ['food-business'], fields: [['shopName', '店名', 'string', true], ['address', '经营地址', 'string', true]] },
  { n: 17, name: '特种设备使用登记', aliases: ['电梯登记', '锅炉登记'], dept: 'scjgj', type: '01', statutory: 15, promised: 5, objects: enterprise, materials: ['businessLicence', ['safetyRules', { name: '特种设备安全管理制度' }]], result: ['特种设备使用登记证', 'certificate', '特种设备使用登记证'], basis: ['《中华人民共和国特种设备安全法》', '第三十三条'], fields: [['equipmentType', '设备种类', 'string', true], ['quantity', '台数', 'integer', true]] },
  { n: 18, name: '药品零售企业许可', aliases: ['开药店'], dept: 'scjgj', type: '01', statutory: 30, promised: 15, objects: enterprise, materials: ['businessLicence', 'layoutPlan', ['safetyRules', { name: '药品质量管理制度' }]], result: ['药品经营许可证', 'licence', '药品经营许可证'], basis: ['《中华人民共和国药品管理法》', '第五十二条'], fields: [['pharmacist', '执业药师姓名', 'string', true], ['address', '经营地址', 'string', true]] },

  // 人社 Human resources and social security
  { n: 20, name: '职工基本养老保险退休申请（退休审批）', aliases: ['办退休', '退休审批', '领养老金'], dept: 'rlsbj', type: '07', statutory: 20, promised: 10, objects: person, materials: ['idCard', 'personnelFile', 'contributionRecord', 'bankCard'], result: ['退休审批表', 'approval-document'], basis: law.socialInsurance, topics: ['retirement'], fields: [['retireDate', '拟退休日期', 'date', true], ['employer', '所在单位', 'string', true], ['mobile', '联系电话', 'phone', true]], faqs: [['什么时候开始领取养老金？', '审批通过后的次月起按月发放。']] },
  { n: 21, name: '社会保障卡申领', aliases: ['办社保卡', '社保卡补办'], dept: 'rlsbj', type: '20', statutory: 20, promised: 10, objects: person, materials: ['idCard', 'photo'], result: ['社会保障卡', 'certificate', '社会保障卡'], basis: ['《社会保障卡管理办法》', '第十条'], topics: ['employment', 'newborn'], fields: [['bank', '合作银行', 'string', true], ['mobile', '联系电话', 'phone', true]], fullyOnline: true, visits: 0 },
  { n: 22, name: '就业登记', aliases: ['就业备案'], dept: 'rlsbj', type: '20', level: 5, township: true, statutory: 5, promised: 0, objects: person, materials: ['idCard', 'laborContract'], result: ['就业登记信息', 'other'], basis: law.employment, topics: ['employment'], fields: [['employer', '用工单位', 'string', true], ['startDate', '入职日期', 'date', true]], fullyOnline: true, visits: 0 },
  { n: 23, name: '失业登记', aliases: ['登记失业'], dept: 'rlsbj', type: '20', level: 5, township: true, statutory: 5, promised: 0, objects: person, materials: ['idCard'], result: ['失业登记证明', 'other'], basis: law.employment, topics: ['employment'], fields: [['lastEmployer', '原工作单位', 'string'], ['reason', '失业原因', 'string', true]], fullyOnline: true, visits: 0 },
  { n: 24, name: '失业保险金申领', aliases: ['领失业金'], dept: 'rlsbj', type: '05', statutory: 20, promised: 5, objects: person, materials: ['idCard', 'bankCard', ['laborContract', { name: '解除或终止劳动合同证明' }]], result: ['失业保险待遇核定通知', 'approval-document'], basis: ['《失业保险条例》', '第十六条'], topics: ['employment'], fields: [['separationDate', '离职日期', 'date', true]], fullyOnline: true, visits: 0 },
  { n: 25, name: '灵活就业人员参保登记', aliases: ['个人交社保'], dept: 'rlsbj', type: '20', statutory: 5, promised: 0, objects: person, materials: ['idCard'], result: ['参保登记信息', 'other'], basis: law.socialInsurance, topics: ['employment'], fields: [['insuranceTypes', '参保险种', 'string', true]], fullyOnline: true, visits: 0 },
  { n: 26, name: '单位社会保险参保登记', aliases: ['企业社保开户'], dept: 'rlsbj', type: '20', statutory: 5, promised: 0, objects: enterprise, materials: ['businessLicence'], result: ['社会保险登记证明', 'other'], basis: law.socialInsurance, topics: ['start-business'], fields: [['employees', '参保人数', 'integer', true], ['contact', '经办人', 'string', true]], fullyOnline: true, visits: 0 },
  { n: 27, name: '职业培训补贴申领', aliases: ['技能补贴'], dept: 'rlsbj', type: '05', statutory: 20, promised: 10, objects: person, materials: ['idCard', 'bankCard', ['schoolRegistration', { name: '职业资格证书或培训合格证书' }]], result: ['补贴发放通知', 'approval-document'], basis: ['《职业技能提升行动方案》', '第三条'], topics: ['employment'], fields: [['course', '培训项目', 'string', true], ['certificateNumber', '证书编号', 'string', true]] },

  // 医保 Healthcare security
  { n: 30, name: '城乡居民基本医疗保险参保登记', aliases: ['医保参保', '新生儿医保'], dept: 'ybj', type: '20', statutory: 5, promised: 0, objects: person, materials: ['idCard', ['hukou', { required: false }]], result: ['参保登记信息', 'other'], basis: law.medicalInsurance, topics: ['newborn'], fields: [['insuredName', '参保人姓名', 'string', true], ['category', '参保类别', 'string', true]], fullyOnline: true, visits: 0 },
  { n: 31, name: '异地就医备案', aliases: ['外地看病备案'], dept: 'ybj', type: '20', statutory: 5, promised: 0, objects: person, materials: ['idCard', ['residenceProof', { required: false, situation: '异地长期居住的' }]], result: ['异地就医备案信息', 'other'], basis: law.medicalInsurance, fields: [['destination', '就医地', 'string', true], ['from', '备案开始日期', 'date', true]], fullyOnline: true, visits: 0 },
  { n: 32, name: '门诊慢特病待遇认定', aliases: ['慢性病认定'], dept: 'ybj', type: '07', statutory: 20, promised: 10, objects: person, materials: ['idCard', 'medicalProof'], result: ['门诊慢特病待遇认定结果', 'approval-document'], basis: law.medicalInsurance, topics: ['assistance'], fields: [['disease', '病种', 'string', true], ['hospital', '定点医院', 'string', true]] },
  { n: 33, name: '医保关系转移接续', aliases: ['医保转移'], dept: 'ybj', type: '20', statutory: 15, promised: 5, objects: person, materials: ['idCard'], result: ['医保关系转移接续凭证', 'other'], basis: law.medicalInsurance, topics: ['retirement', 'employment'], fields: [['fromRegion', '转出地', 'string', true]], fullyOnline: true, visits: 0 },
  { n: 34, name: '退休人员医疗保险待遇核定', aliases: ['退休医保'], dept: 'ybj', type: '07', statutory: 20, promised: 5, objects: person, materials: ['idCard', 'contributionRecord'], result: ['医保待遇核定通知', 'approval-document'], basis: law.medicalInsurance, topics: ['retirement'], fields: [['retireDate', '退休日期', 'date', true]] },

  // 卫健 Health
  { n: 40, name: '生育登记', aliases: ['准生证', '生育服务登记'], dept: 'wjj', type: '20', level: 5, township: true, statutory: 5, promised: 0, objects: person, materials: ['idCard', ['marriageCertificate', { required: false }]], result: ['生育登记回执', 'other'], basis: law.population, topics: ['newborn', 'marriage'], fields: [['spouseName', '配偶姓名', 'string', true], ['expectedDate', '预产期', 'date']], fullyOnline: true, visits: 0 },
  { n: 41, name: '出生医学证明首次签发', aliases: ['出生证'], dept: 'wjj', type: '07', statutory: 10, promised: 0, objects: person, materials: ['idCard'], result: ['出生医学证明', 'certificate', '出生医学证明'], basis: ['《中华人民共和国母婴保健法》', '第二十三条'], topics: ['newborn'], fields: [['childName', '新生儿姓名', 'string', true], ['hospital', '出生医院', 'string', true]] },
  { n: 42, name: '公共场所卫生许可', aliases: ['卫生许可证', '理发店卫生许可', '宾馆卫生许可'], dept: 'wjj', type: '01', statutory: 20, promised: 7, objects: enterprise, materials: ['businessLicence', 'layoutPlan', 'hygieneFacilities', ['waterTest', { required: false, situation: '游泳场所' }], 'healthCertificates'], result: ['公共场所卫生许可证', 'licence', '公共场所卫生许可证'], basis: law.publicHealth, topics: ['food-business', 'tourism'], fields: [['venueType', '场所类别', 'string', true], ['address', '场所地址', 'string', true], ['area', '营业面积（平方米）', 'integer', true]], joint: ['sthjj'], workflow: [{ name: '材料审查', completion: 'all', limitDays: 2, tasks: [{ department: 'wjj', name: '材料审查' }] }, { name: '现场核查', completion: 'all', limitDays: 5, tasks: [{ department: 'wjj', name: '卫生学评价' }, { department: 'sthjj', name: '排水与噪声核查' }] }] },
  { n: 43, name: '医疗机构执业登记', aliases: ['开诊所'], dept: 'wjj', type: '01', statutory: 45, promised: 20, objects: enterprise, materials: ['businessLicence', 'layoutPlan', ['safetyRules', { name: '医疗质量安全管理制度' }]], result: ['医疗机构执业许可证', 'licence', '医疗机构执业许可证'], basis: ['《医疗机构管理条例》', '第十五条'], fields: [['clinicName', '机构名称', 'string', true], ['beds', '床位数', 'integer']] },

  // 民政 Civil affairs
  { n: 50, name: '内地居民结婚登记', aliases: ['领结婚证', '结婚登记'], dept: 'mzj', type: '07', statutory: 1, promised: 0, objects: person, materials: ['idCard', 'hukou', 'photo'], result: ['结婚证', 'certificate', '结婚证'], basis: law.civilAffairs, topics: ['marriage'], fields: [['spouseName', '对方姓名', 'string', true], ['spouseIdNumber', '对方身份证号', 'idNumber', true], ['appointmentDate', '预约日期', 'date', true]], visits: 1 },
  { n: 51, name: '内地居民离婚登记', aliases: ['协议离婚'], dept: 'mzj', type: '07', statutory: [30, 'natural-day'], promised: 30, objects: person, materials: ['idCard', 'hukou', 'marriageCertificate', ['articles', { name: '离婚协议书' }]], result: ['离婚证', 'certificate', '离婚证'], basis: law.civilAffairs, topics: ['marriage'], fields: [['spouseName', '对方姓名', 'string', true]], visits: 2 },
  { n: 52, name: '最低生活保障审核确认', aliases: ['低保', '申请低保'], dept: 'mzj', type: '05', level: 5, township: true, statutory: 30, promised: 20, objects: person, materials: ['idCard', 'hukou', 'incomeProof'], result: ['低保审核确认通知书', 'approval-document'], basis: law.relief, topics: ['assistance'], fields: [['householdSize', '家庭人口', 'integer', true], ['monthlyIncome', '家庭月收入（元）', 'integer', true], ['address', '居住地址', 'string', true]], faqs: [['多久能批下来？', '乡镇（街道）受理后30个工作日内作出审核确认决定。']] },
  { n: 53, name: '特困人员救助供养认定', aliases: ['五保'], dept: 'mzj', type: '05', level: 5, township: true, statutory: 30, promised: 20, objects: person, materials: ['idCard', 'hukou', 'incomeProof'], result: ['特困人员救助供养证', 'certificate'], basis: law.relief, topics: ['assistance'], fields: [['careType', '供养方式', 'string', true]] },
  { n: 54, name: '高龄津贴申领', aliases: ['老人补贴'], dept: 'mzj', type: '05', statutory: 20, promised: 5, objects: person, materials: ['idCard', 'bankCard'], result: ['高龄津贴发放通知', 'approval-document'], basis: ['《中华人民共和国老年人权益保障法》', '第三十三条'], topics: ['retirement', 'assistance'], fields: [['birthDate', '出生日期', 'date', true]], fullyOnline: true, visits: 0 },
  { n: 55, name: '社会团体成立登记', aliases: ['成立协会'], dept: 'mzj', type: '01', statutory: 60, promised: 30, objects: [4], materials: ['idCard', ['articles', { name: '社会团体章程草案' }], 'leaseContract'], result: ['社会团体法人登记证书', 'certificate', '社会团体法人登记证书'], basis: ['《社会团体登记管理条例》', '第九条'], fields: [['orgName', '社团名称', 'string', true], ['members', '会员数', 'integer', true]] },

  // 残联 Disabled persons
  { n: 60, name: '残疾人证办理', aliases: ['办残疾证', '残疾评定'], dept: 'cl', type: '07', statutory: 30, promised: 20, objects: person, materials: ['idCard', 'hukou', 'photo', ['medicalProof', { name: '残疾评定表' }]], result: ['残疾人证', 'certificate', '残疾人证'], basis: law.disability, topics: ['assistance'], fields: [['disabilityType', '残疾类别', 'string', true], ['hospital', '评定机构', 'string', true]] },
  { n: 61, name: '残疾人两项补贴申领', aliases: ['困难残疾人生活补贴', '重度残疾人护理补贴'], dept: 'cl', type: '05', statutory: 30, promised: 15, objects: person, materials: ['idCard', 'disabilityCertificate', 'bankCard'], result: ['补贴发放通知', 'approval-document'], basis: law.disability, topics: ['assistance'], fields: [['subsidyType', '补贴类型', 'string', true]], joint: ['mzj'], workflow: [{ name: '联合审核', completion: 'all', limitDays: 15, tasks: [{ department: 'cl', name: '残疾等级核实' }, { department: 'mzj', name: '家庭经济状况核对' }] }] },
  { n: 62, name: '残疾人辅助器具适配', aliases: ['轮椅申请'], dept: 'cl', type: '20', statutory: 20, promised: 10, objects: person, materials: ['disabilityCertificate'], result: ['辅助器具适配通知', 'other'], basis: law.disability, topics: ['assistance'], fields: [['device', '辅具名称', 'string', true]] },

  // 自然资源和规划 Natural resources and planning
  { n: 70, name: '不动产登记（国有建设用地使用权及房屋所有权首次登记）', aliases: ['房产证', '办不动产证'], dept: 'zrzyj', type: '07', statutory: 30, promised: 5, objects: both, materials: ['idCard', 'landOwnership', ['constructionDrawings', { name: '房屋竣工验收材料' }], 'taxReceipt'], result: ['不动产权证书', 'certificate', '不动产权证书'], basis: law.property, topics: ['housing', 'construction'], fields: [['location', '坐落', 'string', true], ['area', '建筑面积（平方米）', 'integer', true]] },
  { n: 71, name: '不动产转移登记（二手房买卖）', aliases: ['过户', '二手房过户'], dept: 'zrzyj', type: '07', statutory: 30, promised: 1, objects: person, materials: ['idCard', 'propertyCertificate', 'salesContract', 'taxReceipt', ['marriageCertificate', { required: false }]], result: ['不动产权证书', 'certificate', '不动产权证书'], basis: law.property, topics: ['housing'], fields: [['location', '坐落', 'string', true], ['price', '成交价（元）', 'integer', true], ['buyerName', '买受人', 'string', true]], joint: ['swj'], workflow: [{ name: '登记与缴税', completion: 'all', limitDays: 1, tasks: [{ department: 'zrzyj', name: '登记审核' }, { department: 'swj', name: '税费核定' }] }], faqs: [['能一次办完吗？', '登记、缴税一窗受理、并联办理，材料齐全的1个工作日办结。']] },
  { n: 72, name: '不动产抵押登记', aliases: ['房屋抵押'], dept: 'zrzyj', type: '07', statutory: 30, promised: 1, objects: both, materials: ['idCard', 'propertyCertificate', ['salesContract', { name: '抵押合同' }]], result: ['不动产登记证明', 'certificate', '不动产登记证明'], basis: law.property, topics: ['housing'], fields: [['mortgagee', '抵押权人', 'string', true], ['amount', '担保金额（元）', 'integer', true]], fullyOnline: true, visits: 0 },
  { n: 73, name: '建设工程规划许可', aliases: ['工程规划许可证'], dept: 'zrzyj', type: '01', statutory: 20, promised: 10, objects: enterprise, materials: ['businessLicence', 'landUsePermit', 'constructionDrawings'], result: ['建设工程规划许可证', 'licence', '建设工程规划许可证'], basis: law.planning, topics: ['construction'], fields: [['projectName', '项目名称', 'string', true], ['floorArea', '总建筑面积（平方米）', 'integer', true]] },
  { n: 74, name: '建设用地规划许可', aliases: ['用地规划许可证'], dept: 'zrzyj', type: '01', statutory: 20, promised: 10, objects: enterprise, materials: ['businessLicence', 'landOwnership', 'feasibilityReport'], result: ['建设用地规划许可证', 'licence', '建设用地规划许可证'], basis: law.planning, topics: ['construction'], fields: [['projectName', '项目名称', 'string', true], ['landArea', '用地面积（平方米）', 'integer', true]] },
  { n: 75, name: '农村宅基地和建房审批', aliases: ['农村建房', '宅基地审批'], dept: 'nyncj', type: '01', level: 5, township: true, statutory: 20, promised: 15, objects: person, materials: ['idCard', 'hukou', 'homesteadApplication', 'villageOpinion'], result: ['农村宅基地批准书', 'approval-document'], basis: law.land, topics: ['housing'], fields: [['village', '所在村', 'string', true], ['area', '申请面积（平方米）', 'integer', true]], joint: ['zrzyj'], workflow: [{ name: '联审', completion: 'all', limitDays: 10, tasks: [{ department: 'nyncj', name: '宅基地审查' }, { department: 'zrzyj', name: '规划审查' }] }, { name: '审批', completion: 'all', limitDays: 5, tasks: [{ department: 'nyncj', name: '审批决定' }] }] },

  // 住建 Housing and construction
  { n: 80, name: '建筑工程施工许可', aliases: ['施工许可证', '开工许可'], dept: 'zjj', type: '01', statutory: 7, promised: 3, objects: enterprise, materials: ['businessLicence', 'planningPermit', 'constructionContract', 'supervisionContract', 'fundsProof', 'constructionDrawings'], result: ['建筑工程施工许可证', 'licence', '建筑工程施工许可证'], basis: law.construction, topics: ['construction'], fields: [['projectName', '工程名称', 'string', true], ['contractPrice', '合同价格（万元）', 'integer', true], ['startDate', '计划开工日期', 'date', true]], joint: ['zrzyj', 'yjglj'], workflow: [{ name: '并联审查', completion: 'all', limitDays: 2, tasks: [{ department: 'zjj', name: '施工条件审查' }, { department: 'zrzyj', name: '规划核实' }, { department: 'yjglj', name: '安全生产条件核查' }] }, { name: '许可决定', completion: 'all', limitDays: 1, tasks: [{ department: 'zjj', name: '许可决定' }] }] },
  { n: 81, name: '商品房预售许可', aliases: ['预售证'], dept: 'zjj', type: '01', statutory: 10, promised: 5, objects: enterprise, materials: ['businessLicence', 'planningPermit', 'landOwnership', ['feasibilityReport', { name: '商品房预售方案' }]], result: ['商品房预售许可证', 'licence', '商品房预售许可证'], basis: ['《城市商品房预售管理办法》', '第七条'], topics: ['construction', 'housing'], fields: [['projectName', '项目名称', 'string', true], ['units', '预售套数', 'integer', true]] },
  { n: 82, name: '建筑业企业资质核准', aliases: ['施工资质'], dept: 'zjj', type: '01', statutory: 20, promised: 10, objects: enterprise, materials: ['businessLicence', ['safetyRules', { name: '企业技术负责人及人员证书' }]], result: ['建筑业企业资质证书', 'certificate', '建筑业企业资质证书'], basis: ['《建筑业企业资质管理规定》', '第十条'], topics: ['construction'], fields: [['qualification', '申请资质类别', 'string', true]] },
  { n: 83, name: '房屋建筑工程竣工验收备案', aliases: ['竣工备案'], dept: 'zjj', type: '10', statutory: 15, promised: 5, objects: enterprise, materials: ['businessLicence', 'planningPermit', ['constructionDrawings', { name: '工程竣工验收报告' }]], result: ['竣工验收备案证明', 'other'], basis: ['《房屋建筑和市政基础设施工程竣工验收备案管理办法》', '第四条'], topics: ['construction'], fields: [['projectName', '工程名称', 'string', true]] },
  { n: 84, name: '公共租赁住房资格申请', aliases: ['公租房', '申请廉租房'], dept: 'zjj', type: '05', statutory: 30, promised: 20, objects: person, materials: ['idCard', 'hukou', 'incomeProof'], result: ['公共租赁住房资格确认通知', 'approval-document'], basis: ['《公共租赁住房管理办法》', '第七条'], topics: ['housing', 'assistance'], fields: [['householdSize', '家庭人口', 'integer', true], ['currentHousing', '现住房情况', 'string', true]], joint: ['mzj'], workflow: [{ name: '资格联审', completion: 'all', limitDays: 15, tasks: [{ department: 'zjj', name: '住房状况审核' }, { department: 'mzj', name: '收入财产核对' }] }] },

  // 交通运输 Transport
  { n: 90, name: '道路运输经营许可（货运）', aliases: ['货运许可证', '道路运输证'], dept: 'jtj', type: '01', statutory: 20, promised: 5, objects: enterprise, materials: ['businessLicence', 'vehicleList', 'driverQualifications', ['safetyRules', { name: '安全生产管理制度' }]], result: ['道路运输经营许可证', 'licence', '道路运输经营许可证'], basis: law.roadTransport, topics: ['transport'], fields: [['vehicles', '车辆数', 'integer', true], ['scope', '经营范围', 'string', true]], fullyOnline: true, visits: 0 },
  { n: 91, name: '道路旅客运输经营许可', aliases: ['客运许可'], dept: 'jtj', type: '01', statutory: 20, promised: 10, objects: enterprise, materials: ['businessLicence', 'vehicleList', 'driverQualifications', 'safetyRules'], result: ['道路运输经营许可证', 'licence', '道路运输经营许可证'], basis: law.roadTransport, topics: ['transport'], fields: [['routes', '拟经营线路', 'string', true], ['vehicles', '车辆数', 'integer', true]] },
  { n: 92, name: '道路运输车辆年度审验', aliases: ['营运车年审'], dept: 'jtj', type: '06', statutory: 5, promised: 0, objects: enterprise, materials: ['roadTransportLicence', 'vehicleList'], result: ['车辆审验记录', 'other'], basis: law.roadTransport, topics: ['transport'], fields: [['plate', '车牌号', 'string', true]], fullyOnline: true, visits: 0 },
  { n: 93, name: '出租汽车驾驶员从业资格注册', aliases: ['网约车驾驶证'], dept: 'jtj', type: '07', statutory: 20, promised: 5, objects: person, materials: ['idCard', 'driverLicence', 'photo'], result: ['从业资格证', 'certificate', '从业资格证'], basis: ['《出租汽车驾驶员从业资格管理规定》', '第十四条'], topics: ['transport', 'employment'], fields: [['company', '聘用企业', 'string', true]] },
  { n: 94, name: '公路超限运输许可', aliases: ['大件运输许可'], dept: 'jtj', type: '01', statutory: 15, promised: 5, objects: enterprise, materials: ['roadTransportLicence', ['vehicleList', { name: '车货总体外廓尺寸和总质量证明' }]], result: ['超限运输车辆通行证', 'licence'], basis: ['《公路安全保护条例》', '第三十五条'], topics: ['transport'], fields: [['route', '通行路线', 'string', true], ['date', '通行日期', 'date', true]], fullyOnline: true, visits: 0 },

  // 税务 Taxation
  { n: 100, name: '新办纳税人套餐（发票申领）', aliases: ['领发票', '发票申领', '税务登记'], dept: 'swj', type: '20', statutory: 10, promised: 0, objects: enterprise, materials: ['businessLicence', 'invoiceApplication'], result: ['发票领用结果', 'other'], basis: law.tax, topics: ['start-business'], fields: [['invoiceTypes', '票种', 'string', true], ['quantity', '月领用数量', 'integer', true]], fullyOnline: true, visits: 0 },
  { n: 101, name: '个人所得税经营所得汇算清缴', aliases: ['个税汇算'], dept: 'swj', type: '04', statutory: [90, 'natural-day'], promised: 0, objects: person, materials: ['idCard'], result: ['完税证明', 'other'], basis: ['《中华人民共和国个人所得税法》', '第十二条'], fields: [['year', '所属年度', 'integer', true], ['income', '经营所得（元）', 'integer', true]], fullyOnline: true, visits: 0 },
  { n: 102, name: '契税申报', aliases: ['买房交契税'], dept: 'swj', type: '04', statutory: 5, promised: 0, objects: person, materials: ['idCard', 'salesContract'], result: ['契税完税凭证', 'certificate', '契税完税凭证'], basis: ['《中华人民共和国契税法》', '第九条'], topics: ['housing'], fields: [['location', '不动产坐落', 'string', true], ['price', '成交价（元）', 'integer', true]] },

  // 生态环境 Ecology and environment
  { n: 110, name: '排污许可证核发', aliases: ['排污证'], dept: 'sthjj', type: '01', statutory: 20, promised: 10, objects: enterprise, materials: ['businessLicence', 'eiaReport', 'monitoringPlan'], result: ['排污许可证', 'licence', '排污许可证'], basis: law.environment, topics: ['environment'], fields: [['industry', '行业类别', 'string', true], ['pollutants', '主要污染物', 'string', true]] },
  { n: 111, name: '建设项目环境影响报告表审批', aliases: ['环评审批'], dept: 'sthjj', type: '01', statutory: 30, promised: 10, objects: enterprise, materials: ['businessLicence', 'eiaReport', 'feasibilityReport'], result: ['环境影响报告表批复', 'approval-document'], basis: law.eia, topics: ['environment', 'construction'], fields: [['projectName', '项目名称', 'string', true], ['investment', '总投资（万元）', 'integer', true]] },
  { n: 112, name: '危险废物经营许可', aliases: ['危废许可'], dept: 'sthjj', type: '01', statutory: 20, promised: 15, objects: enterprise, materials: ['businessLicence', 'safetyRules', 'eiaReport'], result: ['危险废物经营许可证', 'licence', '危险废物经营许可证'], basis: ['《危险废物经营许可证管理办法》', '第十条'], topics: ['environment'], fields: [['wasteCategories', '经营类别', 'string', true], ['capacity', '年经营规模（吨）', 'integer', true]] },

  // 教育 Education
  { n: 120, name: '义务教育阶段新生入学登记', aliases: ['小学报名', '入学报名'], dept: 'jyj', type: '20', statutory: 20, promised: 10, objects: person, materials: ['hukou', ['propertyCertificate', { required: false, situation: '以房产入学的' }], 'schoolRegistration'], result: ['入学通知书', 'other'], basis: law.education, topics: ['education'], fields: [['childName', '儿童姓名', 'string', true], ['birthDate', '出生日期', 'date', true], ['school', '意向学校', 'string']], fullyOnline: true, visits: 0 },
  { n: 121, name: '民办学校设立审批', aliases: ['办培训学校'], dept: 'jyj', type: '01', statutory: [90, 'natural-day'], promised: 30, objects: enterprise, materials: ['idCard', 'leaseContract', ['articles', { name: '学校章程' }], 'fundsProof'], result: ['民办学校办学许可证', 'licence', '民办学校办学许可证'], basis: ['《中华人民共和国民办教育促进法》', '第十七条'], topics: ['education'], fields: [['schoolName', '学校名称', 'string', true], ['capacity', '办学规模（人）', 'integer', true]] },
  { n: 122, name: '家庭经济困难学生资助申请', aliases: ['助学金'], dept: 'jyj', type: '05', statutory: 30, promised: 15, objects: person, materials: ['idCard', 'incomeProof'], result: ['资助认定结果', 'approval-document'], basis: ['《学生资助资金管理办法》', '第十二条'], topics: ['education', 'assistance'], fields: [['studentName', '学生姓名', 'string', true], ['school', '就读学校', 'string', true]] },
  { n: 123, name: '教师资格认定', aliases: ['教资认定'], dept: 'jyj', type: '07', statutory: 30, promised: 20, objects: person, materials: ['idCard', 'photo', ['medicalProof', { name: '体检合格证明' }]], result: ['教师资格证书', 'certificate', '教师资格证书'], basis: ['《教师资格条例》', '第十三条'], topics: ['employment', 'education'], fields: [['subject', '任教学科', 'string', true], ['level', '资格种类', 'string', true]] },

  // 文旅 Culture and tourism
  { n: 130, name: '旅行社设立许可', aliases: ['开旅行社'], dept: 'wlj', type: '01', statutory: 20, promised: 10, objects: enterprise, materials: ['businessLicence', 'leaseContract', 'guaranteeDeposit', 'tourGuides'], result: ['旅行社业务经营许可证', 'licence', '旅行社业务经营许可证'], basis: law.tourism, topics: ['tourism'], fields: [['agencyName', '旅行社名称', 'string', true], ['address', '经营场所', 'string', true]] },
  { n: 131, name: '娱乐场所从事娱乐场所经营活动审批', aliases: ['KTV许可', '娱乐经营许可'], dept: 'wlj', type: '01', statutory: 20, promised: 10, objects: enterprise, materials: ['businessLicence', 'layoutPlan', 'fireSafety'], result: ['娱乐经营许可证', 'licence', '娱乐经营许可证'], basis: law.entertainment, topics: ['tourism'], fields: [['venueName', '场所名称', 'string', true], ['rooms', '包厢数', 'integer', true]], joint: ['gaj'], workflow: [{ name: '并联审查', completion: 'all', limitDays: 7, tasks: [{ department: 'wlj', name: '经营条件审查' }, { department: 'gaj', name: '治安条件核查' }] }, { name: '许可决定', completion: 'all', limitDays: 3, tasks: [{ department: 'wlj', name: '许可决定' }] }] },
  { n: 132, name: '营业性演出审批', aliases: ['演出审批', '办演唱会'], dept: 'wlj', type: '01', statutory: 3, promised: 2, objects: enterprise, materials: ['businessLicence', ['articles', { name: '演出节目内容及演员名单' }]], result: ['营业性演出批准文件', 'approval-document'], basis: ['《营业性演出管理条例》', '第十三条'], topics: ['tourism'], fields: [['showName', '演出名称', 'string', true], ['showDate', '演出日期', 'date', true]], fullyOnline: true, visits: 0 },
  { n: 133, name: '网吧（互联网上网服务营业场所）设立审批', aliases: ['开网吧'], dept: 'wlj', type: '01', statutory: 20, promised: 10, objects: enterprise, materials: ['businessLicence', 'layoutPlan', 'fireSafety'], result: ['网络文化经营许可证', 'licence', '网络文化经营许可证'], basis: ['《互联网上网服务营业场所管理条例》', '第十条'], topics: ['tourism'], fields: [['terminals', '计算机台数', 'integer', true]] },

  // 政务服务 Government services
  { n: 140, name: '政府信息公开申请', aliases: ['依申请公开'], dept: 'zwfw', type: '20', statutory: 20, promised: 15, objects: both, materials: ['idCard'], result: ['政府信息公开答复书', 'other'], basis: ['《中华人民共和国政府信息公开条例》', '第三十三条'], fields: [['description', '所需信息描述', 'string', true], ['purpose', '用途', 'string']], fullyOnline: true, visits: 0 },
  { n: 141, name: '企业投资项目备案', aliases: ['项目备案'], dept: 'zwfw', type: '10', statutory: 3, promised: 0, objects: enterprise, materials: ['businessLicence', 'feasibilityReport'], result: ['项目备案通知书', 'approval-document'], basis: ['《企业投资项目核准和备案管理条例》', '第十三条'], topics: ['construction'], fields: [['projectName', '项目名称', 'string', true], ['investment', '总投资（万元）', 'integer', true]], fullyOnline: true, visits: 0 },

  // 应急管理 Emergency management
  { n: 150, name: '危险化学品经营许可', aliases: ['危化品许可'], dept: 'yjglj', type: '01', statutory: 30, promised: 15, objects: enterprise, materials: ['businessLicence', 'safetyRules', 'layoutPlan'], result: ['危险化学品经营许可证', 'licence', '危险化学品经营许可证'], basis: ['《危险化学品安全管理条例》', '第三十三条'], fields: [['chemicals', '经营品种', 'string', true], ['storage', '储存设施', 'string', true]] },
  { n: 151, name: '烟花爆竹零售经营许可', aliases: ['卖烟花许可'], dept: 'yjglj', type: '01', statutory: 20, promised: 10, objects: both, materials: ['businessLicence', 'safetyRules'], result: ['烟花爆竹经营（零售）许可证', 'licence', '烟花爆竹经营（零售）许可证'], basis: ['《烟花爆竹安全管理条例》', '第十九条'], fields: [['address', '零售点地址', 'string', true]] },
  { n: 152, name: '非煤矿矿山企业安全生产许可', aliases: ['安全生产许可证'], dept: 'yjglj', type: '01', statutory: 45, promised: 20, objects: enterprise, materials: ['businessLicence', 'safetyRules', 'feasibilityReport'], result: ['安全生产许可证', 'licence', '安全生产许可证'], basis: law.safety, fields: [['mineName', '矿山名称', 'string', true]] },

  // 公积金 Housing provident fund
  { n: 160, name: '住房公积金提取（离退休）', aliases: ['退休提取公积金'], dept: 'gjj', type: '20', statutory: 3, promised: 0, objects: person, materials: ['idCard', 'bankCard', ['personnelFile', { name: '退休证明' }]], result: ['提取到账通知', 'other'], basis: law.housingFund, topics: ['retirement'], fields: [['account', '公积金账号', 'string', true]], fullyOnline: true, visits: 0 },
  { n: 161, name: '住房公积金提取（购房）', aliases: ['买房提取公积金'], dept: 'gjj', type: '20', statutory: 3, promised: 0, objects: person, materials: ['idCard', 'salesContract', 'bankCard'], result: ['提取到账通知', 'other'], basis: law.housingFund, topics: ['housing'], fields: [['account', '公积金账号', 'string', true], ['amount', '提取金额（元）', 'integer', true]], fullyOnline: true, visits: 0 },
  { n: 162, name: '住房公积金个人住房贷款', aliases: ['公积金贷款'], dept: 'gjj', type: '20', statutory: 15, promised: 10, objects: person, materials: ['idCard', 'salesContract', 'incomeProof', ['marriageCertificate', { required: false }]], result: ['贷款审批通知', 'approval-document'], basis: law.housingFund, topics: ['housing'], fields: [['amount', '贷款金额（万元）', 'integer', true], ['years', '贷款年限', 'integer', true]] },
  { n: 163, name: '单位住房公积金缴存登记', aliases: ['公积金开户'], dept: 'gjj', type: '20', statutory: 3, promised: 0, objects: enterprise, materials: ['businessLicence'], result: ['缴存登记信息', 'other'], basis: law.housingFund, topics: ['start-business'], fields: [['employees', '缴存人数', 'integer', true]], fullyOnline: true, visits: 0 },

  // 退役军人 Veterans
  { n: 170, name: '退役军人优待证申领', aliases: ['优待证'], dept: 'tyjr', type: '20', statutory: 30, promised: 20, objects: person, materials: ['idCard', 'retiredSoldierCertificate', 'photo'], result: ['退役军人优待证', 'certificate', '退役军人优待证'], basis: law.veterans, topics: ['veterans'], fields: [['serviceYears', '服役年限', 'integer', true]] },
  { n: 171, name: '退役士兵自主就业一次性经济补助发放', aliases: ['退伍补助'], dept: 'tyjr', type: '05', statutory: 30, promised: 15, objects: person, materials: ['idCard', 'retiredSoldierCertificate', 'bankCard'], result: ['补助发放通知', 'approval-document'], basis: law.veterans, topics: ['veterans', 'employment'], fields: [['dischargeDate', '退役日期', 'date', true]] },
  { n: 172, name: '残疾等级评定（退役军人）', aliases: ['伤残评定'], dept: 'tyjr', type: '07', statutory: 60, promised: 40, objects: person, materials: ['idCard', 'retiredSoldierCertificate', 'medicalProof'], result: ['残疾军人证', 'certificate', '残疾军人证'], basis: ['《伤残抚恤管理办法》', '第八条'], topics: ['veterans'], fields: [['injury', '致残情形', 'string', true]] },

  // 农业农村 Agriculture
  { n: 180, name: '渔业捕捞许可', aliases: ['捕捞证', '渔船捕捞许可'], dept: 'nyncj', type: '01', statutory: 20, promised: 10, objects: both, materials: ['idCard', 'fishingVessel'], result: ['渔业捕捞许可证', 'licence', '渔业捕捞许可证'], basis: law.fishery, fields: [['vesselName', '渔船名称', 'string', true], ['fishingArea', '作业场所', 'string', true]] },
  { n: 181, name: '农药经营许可', aliases: ['卖农药许可'], dept: 'nyncj', type: '01', statutory: 20, promised: 10, objects: enterprise, materials: ['businessLicence', 'safetyRules', 'layoutPlan'], result: ['农药经营许可证', 'licence', '农药经营许可证'], basis: ['《农药管理条例》', '第二十四条'], fields: [['storageArea', '仓储面积（平方米）', 'integer', true]] },
  { n: 182, name: '动物防疫条件合格证核发', aliases: ['养殖场防疫证'], dept: 'nyncj', type: '01', statutory: 20, promised: 10, objects: enterprise, materials: ['businessLicence', 'layoutPlan'], result: ['动物防疫条件合格证', 'certificate', '动物防疫条件合格证'], basis: ['《中华人民共和国动物防疫法》', '第二十五条'], fields: [['species', '养殖品种', 'string', true], ['scale', '养殖规模', 'integer', true]] },
  { n: 183, name: '农机购置补贴申领', aliases: ['农机补贴'], dept: 'nyncj', type: '05', statutory: 30, promised: 15, objects: both, materials: ['idCard', 'bankCard', ['salesContract', { name: '农机购置发票' }]], result: ['补贴发放通知', 'approval-document'], basis: ['《农业机械化促进法》', '第二十七条'], fields: [['machine', '机具名称', 'string', true], ['price', '购置价格（元）', 'integer', true]], fullyOnline: true, visits: 0 },
  { n: 184, name: '种子生产经营许可', aliases: ['种子许可证'], dept: 'nyncj', type: '01', statutory: 20, promised: 15, objects: enterprise, materials: ['businessLicence', 'layoutPlan'], result: ['种子生产经营许可证', 'licence', '种子生产经营许可证'], basis: ['《中华人民共和国种子法》', '第三十一条'], fields: [['crops', '作物种类', 'string', true]] },
];

export const bundles: Array<Omit<Bundle, 'itemCodes'> & { items: number[] }> = [
  {
    code: 'start-business',
    name: '开办企业一件事',
    description: '一次申请，营业执照、印章刻制、发票申领、社保登记和公积金开户同步办理，全程网办，零跑腿。',
    audience: 'enterprise',
    items: [10, 7, 100, 26, 163],
    topics: ['start-business'],
  },
  {
    code: 'retirement',
    name: '退休一件事',
    description: '退休审批、医保待遇核定和公积金提取一次办结。',
    audience: 'person',
    items: [20, 34, 160],
    topics: ['retirement'],
  },
  {
    code: 'newborn',
    name: '出生一件事',
    description: '出生医学证明、新生儿落户、医保参保和社保卡申领一次办。',
    audience: 'person',
    items: [41, 5, 30, 21],
    topics: ['newborn'],
  },
];

const typeCodeOf: Record<ItemType, string> = {
  '00': 'QL',
  '01': 'XK',
  '02': 'CF',
  '03': 'QZ',
  '04': 'ZS',
  '05': 'JF',
  '06': 'JC',
  '07': 'QR',
  '08': 'JL',
  '09': 'CJ',
  '10': 'QT',
  '20': 'GG',
};

const fieldSchema = ([, title, type]: Field) => {
  switch (type) {
    case 'integer':
      return { type: 'integer', title, minimum: 0 };
    case 'date':
      return { type: 'string', title, format: 'date' };
    case 'boolean':
      return { type: 'boolean', title };
    case 'phone':
      // Personal: sealed where stored, masked where shown (shared/cases/personal.ts).
      return { type: 'string', title, format: 'cn-mobile', 'x-sensitive': true };
    case 'idNumber':
      return { type: 'string', title, format: 'cn-id-number', 'x-sensitive': true };
    default:
      return { type: 'string', title, minLength: 1, maxLength: 200 };
  }
};

const formSchemaOf = (seed: SeedItem) => ({
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title: `${seed.name}申请表`,
  type: 'object',
  additionalProperties: false,
  properties: Object.fromEntries(seed.fields.map((f) => [f[0], fieldSchema(f)])),
  required: seed.fields.filter((f) => f[3]).map((f) => f[0]),
});

const implementationCode = (jurisdiction: Jurisdiction, seed: SeedItem) =>
  `${jurisdiction.divisionCode}-${typeCodeOf[seed.type]}-${String(seed.n).padStart(4, '0')}`;

const processSteps = (seed: SeedItem, onTheSpot: boolean): ItemInput['processSteps'] => [
  {
    name: '申请',
    description: seed.fullyOnline
      ? '通过网上办事大厅或移动端在线提交申请和材料。'
      : '在线提交或到政务服务中心综合窗口提交申请。',
  },
  {
    name: '受理',
    description: '综合窗口对材料进行形式审查，材料齐全的当场受理；不齐全的一次性告知需补正的全部内容。',
  },
  onTheSpot
    ? { name: '办结', description: '符合条件的当场办结，出具结果。' }
    : { name: '审查', description: '承办部门对申请材料进行审查，需要现场核查的组织核查。' },
  ...(onTheSpot ? [] : [{ name: '决定', description: '在承诺时限内作出决定，不予办理的书面说明理由。' }]),
  {
    name: '送达',
    description: seed.fullyOnline ? '电子结果即时推送，纸质结果可免费邮寄。' : '窗口领取或免费邮寄送达。',
  },
];

/** 上门办: items of older and disabled people, whose staff may come to the applicant's home. */
const homeVisitItems = new Set([53, 54, 60, 61, 62]);

/** Expands the compact seed into full items for one jurisdiction. */
export const seedCatalogue = (jurisdiction: Jurisdiction) => {
  const departments = new Map(jurisdiction.departments.map((d) => [d.code, d]));
  const codeOf = new Map(items.map((seed) => [seed.n, implementationCode(jurisdiction, seed)]));
  const inputs: ItemInput[] = items.map((seed) => {
    const department = departments.get(seed.dept);
    if (!department) throw new Error(`Jurisdiction ${jurisdiction.id} has no department ${seed.dept}`);
    const [statutoryValue, unit] =
      typeof seed.statutory === 'number' ? [seed.statutory, 'working-day' as const] : seed.statutory;
    const onTheSpot = seed.promised === 0;
    const level = seed.township ? 5 : (seed.level ?? 4);
    const fullyOnline = seed.fullyOnline ?? false;
    return {
      basicCode: `${typeCodeOf[seed.type]}${String(seed.n).padStart(6, '0')}`,
      implementationCode: codeOf.get(seed.n)!,
      ...(seed.variant ? { variant: seed.variant } : {}),
      name: seed.name,
      aliases: seed.aliases ?? [],
      type: seed.type,
      level,
      department: seed.dept,
      implementingBody: { name: department.name, creditCode: department.creditCode, nature: 1 },
      legalBasis: [
        { name: seed.basis[0], article: seed.basis[1] },
        { name: '《优化营商环境条例》', article: '第三十五条' },
      ],
      statutoryLimit: { value: statutoryValue, unit },
      promisedLimit: { value: seed.promised, unit },
      caseType: onTheSpot ? 1 : 2,
      serviceObjects: seed.objects,
      handlingForms: fullyOnline ? ['window', 'online', 'mobile', 'courier'] : ['window', 'online'],
      channels: {
        appointment: true,
        ...(homeVisitItems.has(seed.n) ? { homeVisit: true } : {}),
        onlinePayment: Boolean(seed.fees),
        courierDelivery: true,
        fullyOnline,
      },
      onSiteVisits: seed.visits ?? (fullyOnline ? 0 : 1),
      acceptanceConditions: seed.conditions ?? [
        `申请人符合${seed.basis[0]}规定的条件`,
        '申请材料齐全、符合法定形式',
      ],
      processSteps: processSteps(seed, onTheSpot),
      jointDepartments: seed.joint ?? [],
      intermediaryServices: [],
      result: {
        name: seed.result[0],
        type: seed.result[1],
        ...(seed.result[2] ? { licenceType: seed.result[2] } : {}),
        sample: `${seed.result[0]}（样本）`,
      },
      materials: [applicationForm(seed.name), ...seed.materials.map(materialise)],
      fees: seed.fees
        ? {
            free: false,
            items: seed.fees.map(([name, standard, basis, amountFen]) => ({
              name,
              standard,
              basis,
              reducible: true,
              ...(amountFen === undefined ? {} : { amountFen }),
            })),
          }
        : { free: true },
      venue: jurisdiction.contacts.hallAddress,
      officeHours: jurisdiction.contacts.officeHours,
      consultationPhone: department.phone ?? jurisdiction.contacts.consultation,
      complaintPhone: jurisdiction.contacts.complaint,
      faqs: [
        ...(seed.faqs ?? []).map(([q, a]) => ({ q, a })),
        { q: '可以委托他人代办吗？', a: '可以，受托人须携带本人有效身份证件和授权委托书。' },
        { q: '办理进度在哪里查询？', a: '凭办件编号和查询码在网上办事大厅或移动端随时查询办理进度。' },
      ],
      topics: seed.topics ?? [],
      lifeEvents: (seed.topics ?? []).map((t) => topics.find((x) => x.id === t)?.name ?? t),
      townshipCodes: seed.township
        ? [`${jurisdiction.divisionCode}001`, `${jurisdiction.divisionCode}002`]
        : [],
      formSchema: formSchemaOf(seed),
      workflow: { stages: seed.workflow ?? single(seed.dept, Math.max(seed.promised, 0)) },
    };
  });
  return {
    items: inputs,
    topics,
    bundles: bundles.map(({ items: members, ...bundle }) => ({
      ...bundle,
      itemCodes: members.map((n) => codeOf.get(n)!),
    })),
  };
};
