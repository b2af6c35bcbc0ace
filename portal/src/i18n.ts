// Interface strings in Simplified Chinese (the default) and English. The chosen language is remembered in
// the browser and set on <html lang>, so screen readers pronounce the page in the right language.
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { itemTypes } from '../../shared/catalogue/item-types.ts';

export const languages = { zh: '中文', en: 'English' } as const;
export type Language = keyof typeof languages;

const zh = {
  skip: '跳到主要内容',
  portal: '网上办事大厅',
  home: '首页',
  departments: '部门',
  language: '语言',
  searchLabel: '搜索办事事项',
  searchHint: '可输入事项名称、简称、拼音或拼音首字母，例如 yyzz',
  search: '搜索',
  topics: '主题服务',
  bundles: '一件事一次办',
  itemsCount: (n: number) => `${n} 个事项`,
  results: (q: string, n: number) => `“${q}”的搜索结果：共 ${n} 项`,
  noResults: '没有找到相关事项。请换个说法，或按部门浏览。',
  matchedBy: {
    name: '名称',
    alias: '别名',
    pinyin: '拼音',
    material: '材料',
    result: '办理结果',
    fuzzy: '近似',
  } as Record<string, string>,
  loading: '正在加载…',
  loadFailed: '加载失败，请稍后重试。',
  notFound: '没有找到这个页面或事项。',
  department: '实施部门',
  itemType: '事项类型',
  itemTypes: itemTypes as Record<string, string>,
  statutoryLimit: '法定办结时限',
  promisedLimit: '承诺办结时限',
  workingDays: (n: number) => (n === 0 ? '即办' : `${n} 个工作日`),
  onSiteVisits: '到现场次数',
  visits: (n: number) => `${n} 次`,
  fees: '收费',
  free: '不收费',
  conditions: '受理条件',
  materials: '申请材料',
  material: '材料名称',
  copies: '原件 / 复印件',
  copiesValue: (o: number, c: number) => `原件 ${o} 份 / 复印件 ${c} 份`,
  form: '形式',
  forms: { paper: '纸质', electronic: '电子', both: '纸质或电子' } as Record<string, string>,
  required: '必需',
  optional: '非必需',
  replaceable: '可如何替代',
  byLicence: (t: string) => `可用电子证照“${t}”代替`,
  byCommitment: '可告知承诺',
  deferrable: '可容缺后补',
  none: '—',
  process: '办理流程',
  legalBasis: '设定依据',
  faqs: '常见问题',
  venue: '办理地点',
  officeHours: '办公时间',
  consultation: '咨询电话',
  complaint: '投诉电话',
  fullyOnline: '全程网办',
  applyNote: '网上申请需先登录。',
  departmentsTitle: '办事部门',
  phone: '电话',
  itemsOf: (name: string) => `${name}的办事事项`,
  footer: '一网通办 · 政务服务',
};

export type Strings = typeof zh;

const en: Strings = {
  skip: 'Skip to main content',
  portal: 'Online Service Hall',
  home: 'Home',
  departments: 'Departments',
  language: 'Language',
  searchLabel: 'Search services',
  searchHint: 'Type a name, a short name, pinyin or pinyin initials, e.g. yyzz',
  search: 'Search',
  topics: 'Services by topic',
  bundles: 'One thing, done once',
  itemsCount: (n) => `${n} services`,
  results: (q, n) => `${n} results for “${q}”`,
  noResults: 'No service found. Try other words, or browse by department.',
  matchedBy: {
    name: 'name',
    alias: 'alias',
    pinyin: 'pinyin',
    material: 'material',
    result: 'result',
    fuzzy: 'similar',
  },
  loading: 'Loading…',
  loadFailed: 'Could not load. Please try again later.',
  notFound: 'This page or service was not found.',
  department: 'Department',
  itemType: 'Type',
  itemTypes: {
    '00': 'Administrative power',
    '01': 'Administrative licensing',
    '02': 'Administrative penalty',
    '03': 'Administrative enforcement',
    '04': 'Administrative levy',
    '05': 'Administrative payment',
    '06': 'Administrative inspection',
    '07': 'Administrative confirmation',
    '08': 'Administrative reward',
    '09': 'Administrative ruling',
    '10': 'Other administrative power',
    '20': 'Public service',
  },
  statutoryLimit: 'Statutory time limit',
  promisedLimit: 'Promised time limit',
  workingDays: (n) => (n === 0 ? 'On the spot' : `${n} working day${n === 1 ? '' : 's'}`),
  onSiteVisits: 'Visits in person',
  visits: (n) => String(n),
  fees: 'Fees',
  free: 'Free of charge',
  conditions: 'Conditions',
  materials: 'Materials',
  material: 'Material',
  copies: 'Originals / copies',
  copiesValue: (o, c) => `${o} original${o === 1 ? '' : 's'} / ${c} cop${c === 1 ? 'y' : 'ies'}`,
  form: 'Form',
  forms: { paper: 'Paper', electronic: 'Electronic', both: 'Paper or electronic' },
  required: 'Required',
  optional: 'Optional',
  replaceable: 'Can be replaced by',
  byLicence: (t) => `the e-licence “${t}”`,
  byCommitment: 'a written commitment',
  deferrable: 'later submission',
  none: '—',
  process: 'Steps',
  legalBasis: 'Legal basis',
  faqs: 'Questions and answers',
  venue: 'Where',
  officeHours: 'Office hours',
  consultation: 'Enquiries',
  complaint: 'Complaints',
  fullyOnline: 'Fully online',
  applyNote: 'Sign in to apply online.',
  departmentsTitle: 'Departments',
  phone: 'Phone',
  itemsOf: (name) => `Services of ${name}`,
  footer: 'tongban · government services online',
};

export const strings: Record<Language, Strings> = { zh, en };

const storageKey = 'tongban.language';

export const initialLanguage = (): Language => {
  const saved = globalThis.localStorage?.getItem(storageKey);
  return saved === 'en' || saved === 'zh' ? saved : 'zh';
};

export const rememberLanguage = (language: Language) => {
  globalThis.localStorage?.setItem(storageKey, language);
  document.documentElement.lang = language === 'zh' ? 'zh-CN' : 'en';
};

export const LanguageContext = createContext<{ language: Language; setLanguage: (l: Language) => void }>({
  language: 'zh',
  setLanguage: () => undefined,
});

/** The strings of the chosen language. */
export const useStrings = () => strings[useContext(LanguageContext).language];
