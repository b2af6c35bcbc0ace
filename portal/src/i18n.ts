// Interface strings in Simplified Chinese (the default), English, and the minority scripts a jurisdiction
// adds (`languages` in its config: Tibetan for Ngari). The chosen language is remembered in the browser and
// set on <html lang>, so screen readers pronounce the page in the right language. The Tibetan strings are a
// first translation for review by the jurisdiction's translators.
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { itemTypes } from '../../shared/catalogue/item-types.ts';

export const languages = { zh: '中文', en: 'English', bo: 'བོད་ཡིག' } as const;
export type Language = keyof typeof languages;

const zh = {
  skip: '跳到主要内容',
  mainNav: '主导航',
  careMode: '大字 · 高对比',
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
  mainNav: 'Main',
  careMode: 'Large text · high contrast',
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

const bo: Strings = {
  skip: 'གཙོ་བོའི་ནང་དོན་ལ་མཆོངས།',
  mainNav: 'གཙོ་བོའི་ཕྱོགས་སྟོན།',
  careMode: 'ཡིག་གཟུགས་ཆེ་བ། · ཁ་དོག་གསལ་བ།',
  portal: 'དྲ་ཐོག་ཞབས་ཞུའི་ཚོམ་ཆེན།',
  home: 'མ་ངོས།',
  departments: 'སྡེ་ཚན།',
  language: 'སྐད་ཡིག',
  searchLabel: 'ཞབས་ཞུའི་རྣམ་གྲངས་འཚོལ་བ།',
  searchHint: 'རྣམ་གྲངས་ཀྱི་མིང་ངམ། མིང་ཐུང་། པིན་ཡིན་ཡང་ན་པིན་ཡིན་གྱི་ཡིག་འགོ་འབྲི་ཆོག དཔེར་ན། yyzz',
  search: 'འཚོལ།',
  topics: 'བརྗོད་གཞིའི་ཞབས་ཞུ།',
  bundles: 'ལས་དོན་གཅིག་ཐེངས་གཅིག་ལ་སྒྲུབ།',
  itemsCount: (n) => `རྣམ་གྲངས་ ${n}`,
  results: (q, n) => `“${q}” ཡི་འཚོལ་འབྲས། ཁྱོན་ ${n}`,
  noResults: 'འབྲེལ་ཡོད་རྣམ་གྲངས་མ་རྙེད། ཚིག་གཞན་ཞིག་གིས་འཚོལ་བའམ། སྡེ་ཚན་ལྟར་ལྟ་རོགས།',
  matchedBy: {
    name: 'མིང་།',
    alias: 'མིང་གཞན།',
    pinyin: 'པིན་ཡིན།',
    material: 'ཡིག་ཆ།',
    result: 'གྲུབ་འབྲས།',
    fuzzy: 'ཆ་འདྲ།',
  },
  loading: 'ནང་འཇུག་བྱེད་བཞིན་པ།',
  loadFailed: 'ནང་འཇུག་མ་ཐུབ། ཅུང་ཙམ་རྗེས་སུ་ཡང་བསྐྱར་ཚོད་ལྟ་གནང་རོགས།',
  notFound: 'ཤོག་ངོས་འདི་འམ་རྣམ་གྲངས་འདི་མ་རྙེད།',
  department: 'ལག་བསྟར་སྡེ་ཚན།',
  itemType: 'རྣམ་གྲངས་ཀྱི་རིགས།',
  itemTypes: {
    '00': 'སྲིད་འཛིན་དབང་ཆ།',
    '01': 'སྲིད་འཛིན་ཆོག་མཆན།',
    '02': 'སྲིད་འཛིན་ཉེས་ཆད།',
    '03': 'སྲིད་འཛིན་བཙན་ཤེད།',
    '04': 'སྲིད་འཛིན་སྡུད་ལེན།',
    '05': 'སྲིད་འཛིན་སྤྲོད་ལེན།',
    '06': 'སྲིད་འཛིན་ཞིབ་བཤེར།',
    '07': 'སྲིད་འཛིན་གཏན་འཁེལ།',
    '08': 'སྲིད་འཛིན་བྱ་དགའ།',
    '09': 'སྲིད་འཛིན་ཐག་གཅོད།',
    '10': 'སྲིད་འཛིན་དབང་ཆ་གཞན།',
    '20': 'སྤྱི་པའི་ཞབས་ཞུ།',
  },
  statutoryLimit: 'ཁྲིམས་ལུགས་ཀྱི་དུས་ཚད།',
  promisedLimit: 'ཁས་ལེན་དུས་ཚད།',
  workingDays: (n) => (n === 0 ? 'ལམ་སང་སྒྲུབ།' : `ལས་ཉིན་ ${n}`),
  onSiteVisits: 'ས་ཐོག་ཏུ་ཡོང་དགོས་པའི་ཐེངས་གྲངས།',
  visits: (n) => `ཐེངས་ ${n}`,
  fees: 'འགྲོ་སོང་།',
  free: 'རིན་མེད།',
  conditions: 'ལེན་པའི་ཆ་རྐྱེན།',
  materials: 'ཞུ་སྙན་ཡིག་ཆ།',
  material: 'ཡིག་ཆའི་མིང་།',
  copies: 'མ་ཡིག / འདྲ་བཤུས།',
  copiesValue: (o, c) => `མ་ཡིག་ ${o} / འདྲ་བཤུས་ ${c}`,
  form: 'རྣམ་པ།',
  forms: { paper: 'ཤོག་བུ།', electronic: 'གློག་རྡུལ།', both: 'ཤོག་བུ་འམ་གློག་རྡུལ།' },
  required: 'ངེས་པར་དགོས།',
  optional: 'ངེས་པར་མི་དགོས།',
  replaceable: 'ཚབ་བྱེད་ཐབས།',
  byLicence: (t) => `གློག་རྡུལ་ལག་ཁྱེར་“${t}”ཡིས་ཚབ་ཆོག`,
  byCommitment: 'ཁས་ལེན་ཡི་གེས་ཚབ་ཆོག',
  deferrable: 'རྗེས་སུ་འབུལ་ཆོག',
  none: '—',
  process: 'ལས་རིམ།',
  legalBasis: 'ཁྲིམས་ཀྱི་གཞི་རྩ།',
  faqs: 'རྒྱུན་མཐོང་དྲི་བ།',
  venue: 'ལས་སྒྲུབ་ས་གནས།',
  officeHours: 'ལས་ཀའི་དུས་ཚོད།',
  consultation: 'འདྲི་རྩད་ཁ་པར།',
  complaint: 'གདོང་ལེན་ཁ་པར།',
  fullyOnline: 'དྲ་ཐོག་ཏུ་ཧྲིལ་སྒྲུབ།',
  applyNote: 'དྲ་ཐོག་ནས་ཞུ་སྙན་འབུལ་བར་སྔོན་ལ་ནང་འཛུལ་བྱེད་དགོས།',
  departmentsTitle: 'ལས་སྒྲུབ་སྡེ་ཚན།',
  phone: 'ཁ་པར།',
  itemsOf: (name) => `${name} ཡི་ཞབས་ཞུའི་རྣམ་གྲངས།`,
  footer: 'དྲ་རྒྱ་གཅིག་གིས་ཚང་མ་སྒྲུབ། · གཞུང་གི་ཞབས་ཞུ།',
};

export const strings: Record<Language, Strings> = { zh, en, bo };

const storageKey = 'tongban.language';

const isLanguage = (value: unknown): value is Language => typeof value === 'string' && value in languages;

/** The remembered language (offered here or not: the layout falls back when the jurisdiction lacks it). */
export const initialLanguage = (): Language => {
  const saved = globalThis.localStorage?.getItem(storageKey);
  return isLanguage(saved) ? saved : 'zh';
};

/** BCP 47 tags for <html lang>. */
export const languageTags: Record<Language, string> = { zh: 'zh-CN', en: 'en', bo: 'bo' };

export const rememberLanguage = (language: Language) => {
  globalThis.localStorage?.setItem(storageKey, language);
  document.documentElement.lang = languageTags[language];
};

export const LanguageContext = createContext<{ language: Language; setLanguage: (l: Language) => void }>({
  language: 'zh',
  setLanguage: () => undefined,
});

/** The strings of the chosen language. */
export const useStrings = () => strings[useContext(LanguageContext).language];
