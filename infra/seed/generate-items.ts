// Generates large, realistic, valid catalogues for load tests and benchmarks: names composed the way real
// implementation lists name things (object + action + variant + qualifier), deterministic for a seed.
import type { ItemInput, ItemType } from '../../shared/catalogue/item.ts';
import type { Jurisdiction } from '../../shared/jurisdiction.ts';
import { seedCatalogue } from './catalogue.ts';

const objects = [
  '道路货物运输',
  '道路旅客运输',
  '机动车维修',
  '驾驶员培训',
  '出租汽车客运',
  '网络预约出租汽车',
  '公路超限运输',
  '港口经营',
  '水路运输',
  '船舶代理',
  '食品生产',
  '食品经营',
  '食品小作坊',
  '保健食品',
  '药品零售',
  '药品批发',
  '医疗器械经营',
  '第二类医疗器械',
  '化妆品生产',
  '特种设备',
  '计量器具',
  '检验检测机构',
  '工业产品生产',
  '商品条码',
  '广告发布',
  '二级建造师',
  '建筑业企业',
  '工程监理企业',
  '房地产开发企业',
  '物业服务企业',
  '建设工程消防设计',
  '城镇污水排入排水管网',
  '城市道路占用',
  '城市道路挖掘',
  '户外广告设置',
  '临时占用绿地',
  '砍伐城市树木',
  '建筑垃圾处置',
  '燃气经营',
  '供热经营',
  '排污许可',
  '建设项目环境影响评价',
  '危险废物经营',
  '辐射安全',
  '取水',
  '河道管理范围内建设项目',
  '水土保持方案',
  '采矿权',
  '探矿权',
  '建设用地',
  '临时用地',
  '乡村建设规划',
  '不动产',
  '测绘资质',
  '林木采伐',
  '林草种子生产经营',
  '野生动物人工繁育',
  '动物诊疗',
  '动物防疫条件',
  '兽药经营',
  '农药经营',
  '肥料登记',
  '农作物种子生产经营',
  '渔业捕捞',
  '水产苗种生产',
  '渔业船舶',
  '生鲜乳收购站',
  '拖拉机和联合收割机',
  '出版物零售',
  '印刷经营',
  '电影放映单位',
  '营业性演出',
  '娱乐场所',
  '互联网上网服务营业场所',
  '旅行社',
  '导游',
  '文物保护单位修缮',
  '体育类民办非企业单位',
  '高危险性体育项目',
  '民办学校',
  '校外培训机构',
  '教师资格',
  '中小学生学籍',
  '人力资源服务',
  '劳务派遣',
  '职业技能等级',
  '失业保险',
  '工伤保险',
  '养老保险',
  '医疗保险',
  '生育保险',
  '社会保障卡',
  '住房公积金',
  '最低生活保障',
  '特困人员',
  '临时救助',
  '孤儿基本生活费',
  '社会团体',
  '民办非企业单位',
  '基金会',
  '养老机构',
  '殡葬服务',
  '婚姻',
  '收养',
  '残疾人证',
  '残疾人就业',
  '退役军人',
  '烈士褒扬',
  '优抚对象',
  '宗教活动场所',
  '宗教教职人员',
  '户籍',
  '居民身份证',
  '居住证',
  '出入境证件',
  '机动车',
  '驾驶证',
  '犬只',
  '公章刻制',
  '旅馆业特种行业',
  '典当业特种行业',
  '保安服务',
  '大型群众性活动',
  '烟花爆竹',
  '危险化学品',
  '非药品类易制毒化学品',
  '安全生产',
  '消防救援',
  '气象探测',
  '人工影响天气',
  '防雷装置',
  '无线电台',
  '电信业务',
  '统计调查',
  '价格认证',
  '政府采购',
  '公共资源交易',
  '招标投标',
  '企业投资项目',
  '外商投资企业',
  '对外贸易经营者',
  '酒类经营',
  '成品油零售',
  '粮食收购',
  '烟草专卖零售',
  '药品广告',
  '医疗机构',
  '医师执业',
  '护士执业',
  '母婴保健技术服务',
  '放射诊疗',
  '公共场所卫生',
  '生活饮用水供水单位',
  '消毒产品生产企业',
  '职业病诊断',
  '中医诊所',
  '计划生育',
  '老年人优待',
  '法律援助',
  '公证',
  '人民调解',
  '律师执业',
  '司法鉴定',
];
const actions = [
  '许可',
  '登记',
  '备案',
  '审批',
  '核准',
  '认定',
  '证核发',
  '资格认定',
  '年度报告',
  '补贴申领',
  '证明开具',
  '信息查询',
];
const variants = [
  '',
  '（新设）',
  '（变更）',
  '（延续）',
  '（注销）',
  '（补证）',
  '（换证）',
  '（首次申请）',
  '（增项）',
  '（迁移）',
];
const qualifiers = [
  '',
  '-法人',
  '-自然人',
  '-市级权限',
  '-县级权限',
  '-乡镇受托',
  '-告知承诺制',
  '-容缺受理',
  '-跨省通办',
  '-全程网办',
];

const typeOfAction: Record<string, ItemType> = {
  许可: '01',
  登记: '07',
  备案: '10',
  审批: '01',
  核准: '01',
  认定: '07',
  证核发: '01',
  资格认定: '07',
  年度报告: '06',
  补贴申领: '05',
  证明开具: '20',
  信息查询: '20',
};

/** Small, fast, seedable PRNG (mulberry32). */
const random = (seed: number) => {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

/**
 * `count` valid items for `jurisdiction`. Each is a seeded item's guide under a generated name, type,
 * department and code; names are distinct while the combination space allows (it holds 2,000,000).
 */
export const generateItems = (jurisdiction: Jurisdiction, count: number, seed = 1): ItemInput[] => {
  const templates = seedCatalogue(jurisdiction).items;
  const next = random(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
  const seen = new Set<string>();
  const out: ItemInput[] = [];
  for (let i = 0; out.length < count; i++) {
    const object = pick(objects);
    const action = pick(actions);
    const name = `${object}${action}${pick(variants)}${pick(qualifiers)}`;
    if (seen.has(name) && i < count * 4) continue;
    seen.add(name);
    const template = pick(templates);
    const type = typeOfAction[action]!;
    const n = out.length + 1;
    out.push({
      ...template,
      basicCode: `G${String(n).padStart(9, '0')}`.slice(0, 10),
      implementationCode: `${jurisdiction.divisionCode}-G-${String(n).padStart(7, '0')}`,
      name,
      aliases: next() < 0.3 ? [`${object}${action}`] : [],
      type,
      topics: [],
      lifeEvents: [],
    });
  }
  return out;
};
