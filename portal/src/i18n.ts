// Interface strings in Simplified Chinese (the default), English, and the minority scripts a jurisdiction
// adds (`languages` in its config: Tibetan for Ngari). The chosen language is remembered in the browser and
// set on <html lang>, so screen readers pronounce the page in the right language. The Tibetan strings are a
// first translation for review by the jurisdiction's translators.
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { statusNames } from '../../shared/cases/lifecycle.ts';
import { itemTypes } from '../../shared/catalogue/item-types.ts';
import { languageKey } from './remembered.ts';

export const languages = { zh: '中文', en: 'English', bo: 'བོད་ཡིག' } as const;
export type Language = keyof typeof languages;

/** 物流寄递 strings, also used by the Tibetan pages until the jurisdiction's translators give theirs. */
/** What the history calls the delivery steps (the staff's workbench and the Tibetan pages say the same). */
export const deliveryActionsZh = {
  'choose-delivery': '选择领取方式',
  'record-mailed-materials': '登记邮寄材料',
  dispatch: '交快递寄出',
  track: '物流进度',
  deliver: '已送达',
  'return-to-hall': '退回大厅待领取',
  'hand-over': '窗口领取',
};

export const deliveryZh = {
  title: '领取方式',
  method: '办理结果怎么拿',
  pickup: '到政务服务中心窗口领取',
  courier: '邮寄送达（免费寄到您填写的地址）',
  notOffered: '本事项的办理结果请到窗口领取。',
  recipient: '收件人',
  mobile: '收件人手机号',
  province: '省',
  city: '市',
  county: '区县',
  choose: '请选择',
  detail: '详细地址',
  detailHint: '街道、门牌号、楼栋和房号',
  postalCode: '邮政编码（可不填）',
  save: '保存领取方式',
  saved: '领取方式已保存。',
  chosen: '您选择了',
  sentTo: '寄往',
  waybill: '运单号',
  courierName: '快递',
  tracking: '物流进度',
  noTracking: '办结后将交快递寄出，物流进度会显示在这里。',
  kinds: {
    created: '已下单，等待揽收',
    collected: '已揽收',
    'in-transit': '运输中',
    'out-for-delivery': '派送中',
    delivered: '已签收',
    'failed-attempt': '投递未成功',
    returned: '已退回政务服务中心',
  } as Record<string, string>,
  returnedNote: (address: string, hours: string) =>
    `投递未成功，办理结果已退回政务服务中心。请携带身份证件到 ${address} 领取（${hours}）。`,
  deliveredNote: '办理结果已送达。',
  mailedIn: '邮寄收到的材料',
  change: '更改领取方式',
};

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
  bundleItems: '一次办结的事项',
  bundleMaterials: (n: number) => `合并后只需提交 ${n} 份材料`,
  neededBy: (n: number) => `${n} 个事项共用`,
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
  signIn: '登录',
  signOut: '退出',
  myCases: '我的办件',
  tickets: '12345 诉求',
  wallet: '证照夹',
  workbench: '工作台',
  inbox: '消息',
  unread: '未读',
  unreadBadge: (n: number) => `${n} 条未读`,
  unreadCount: (n: number) => (n === 0 ? '没有未读消息。' : `${n} 条未读消息`),
  markRead: '标为已读',
  markAllRead: '全部标为已读',
  noMessages: '还没有消息。办件的每一步进展都会在这里告诉您。',
  smsToo: '同时用短信通知我',
  smsHint: '短信发到您在统一身份认证登记的手机号；夜间（21:00–次日 8:00）的一般提醒在早上 8 点后发送。',
  licenceState: '证照状态',
  noLicences: '证照夹里还没有电子证照。',
  licenceStatus: { valid: '有效', revoked: '已注销', suspended: '已暂停', expired: '已过期' } as Record<
    string,
    string
  >,
  validUntil: '有效期至',
  longTerm: '长期',
  downloadPdf: (name: string) => `下载${name} PDF`,
  downloadOfd: (name: string) => `下载${name} OFD（电子证照文件）`,
  accessLog: '用证记录',
  licenceQr: (name: string) => `${name}的核验二维码`,
  showQr: '出示二维码',
  noAccess: '还没有部门调用过这份证照。',
  readBy: (who: string, dept: string, n: string) => `${dept} ${who} 因办件 ${n} 调用`,
  signingIn: '正在登录…',
  signInFailed: '登录没有完成，请重新登录。',
  mustSignIn: '查看我的办件需要先登录。',
  noCases: '您还没有办件。',
  track: '进度查询',
  trackTitle: '办件进度查询',
  caseNumber: '办件编号',
  caseNumberHint: '受理回执上的编号，例如 330902-20261207-000001-T',
  queryCode: '查询码',
  queryCodeHint: '8 位字母或数字，随办件编号一同告知申请人',
  lookUp: '查询',
  status: '办理状态',
  currentStep: '当前环节',
  submittedAt: '申请时间',
  promisedBy: '承诺办结日期',
  provisional: '（暂定：次年节假日安排公布后可能调整）',
  noSuchCase: '没有找到这个办件，或查询码不符。请核对后再试。',
  check: '证照核验',
  checkTitle: '电子证照核验',
  checkIntro:
    '粘贴证照二维码中的文字、上传二维码图片、用摄像头扫码，或上传 OFD 电子证照文件，即可核验证照的真伪和状态。',
  qrText: '二维码文字',
  qrImage: '二维码图片',
  verify: '核验',
  checkNames: {
    signature: '电子印章签名',
    issuer: '发证机关',
    status: '证照状态（未注销、未暂停）',
    expiry: '有效期',
    package: 'OFD 文件结构',
    digests: '文件摘要（SM3，防篡改）',
    seal: '电子印章有效（签章时）',
    chain: '签章人证书链',
  } as Record<string, string>,
  ofdFile: 'OFD 电子证照文件',
  ofdTooLarge: '文件过大：电子证照 OFD 文件不超过 700 KB。',
  ofdChecked: (n: number) => `已核对 ${n} 个文件的摘要`,
  signedAt: '签章时间',
  passed: '通过',
  failed: '未通过',
  validLicence: '核验通过：这是一份有效的电子证照。',
  invalidLicence: '核验未通过：请勿凭此证照办理业务。',
  noQrFound: '图片中没有找到二维码。',
  scan: '用摄像头扫码',
  stopScan: '停止扫码',
  scanning: '请将二维码对准摄像头…',
  cameraUnavailable: '无法使用摄像头。请允许浏览器使用摄像头，或粘贴二维码内容、上传二维码图片。',
  camera: '摄像头画面',
  licenceName: '证照名称',
  holder: '持证主体',
  issuedBy: '发证机关',
  applyOnline: '在线办理',
  mustSignInToApply: '在线办理需要先登录（实名认证）。',
  applyIntro: '请填写申请表并提供全部材料。带“必填”的项目必须填写；提交后可在“我的办件”查看进度。',
  applicationForm: '申请表',
  requiredMark: '（必填）',
  optionalMark: '（选填）',
  choose: '请选择',
  numberRange: (min?: number, max?: number) =>
    min !== undefined && max !== undefined
      ? `${min} 至 ${max} 之间的数`
      : min !== undefined
        ? `不小于 ${min}`
        : max !== undefined
          ? `不大于 ${max}`
          : '',
  lengthLimit: (n: number) => `最多 ${n} 个字`,
  ways: {
    upload: '上传文件',
    licence: '使用电子证照（免提交）',
    commitment: '告知承诺',
    deferred: '容缺后补',
  } as Record<string, string>,
  chooseFile: '选择文件',
  fileHint: 'PDF、OFD、JPEG 或 PNG，不超过 20 MB',
  uploadProgress: (name: string) => `${name}上传进度`,
  uploadingFile: (file: string) => `正在上传 ${file}…`,
  uploaded: (file: string) => `已上传 ${file}`,
  uploadProblems: {
    type: '只能上传 PDF、OFD、JPEG 或 PNG 文件。',
    size: '文件须大于 0 且不超过 20 MB。',
    failed: '上传没有完成，请重新选择文件。',
  } as Record<string, string>,
  heldLicence: '证照夹中的电子证照',
  licenceNote: '办理部门将调用这份证照，调用记录可在证照夹中查看。',
  commitmentText: '本人承诺所填信息和所述情况真实，知晓不实承诺将承担相应法律责任，同意部门事后核查。',
  deferredBy: '承诺补交日期',
  deferredHint: '容缺受理：主要材料齐全即可受理，本材料须在承诺办结时限内补交。',
  waitForUploads: '还有文件正在上传，请等上传完成后再提交。',
  provideMaterial: '请提供这份材料：上传文件，或选择其他可用的方式。',
  submitApplication: '提交申请',
  submitting: '正在提交…',
  problemsTitle: (n: number) => `有 ${n} 处需要修改`,
  networkRetry: '网络中断，申请未确认送达。请再次提交，不会重复办件。',
  signInAgain: '登录已过期，请重新登录。',
  notOnline: '本事项暂不支持网上申请，请到窗口办理。',
  readGuide: '查看办事指南',
  caseTitle: (n: string) => `办件 ${n}`,
  submitted: '申请已提交。',
  keepCodes: '请记下办件编号和查询码，凭它们可随时查询进度。',
  itemName: '办理事项',
  afterAcceptance: '受理后确定',
  tasks: '办理环节',
  noTasksYet: '受理后，各部门的办理环节将显示在这里。',
  taskStatus: {
    pending: '待办',
    claimed: '办理中',
    correction: '等待补正',
    approved: '已通过',
    denied: '未通过',
    cancelled: '已取消',
  } as Record<string, string>,
  dueBy: (d: string) => `${d} 前完成`,
  caseStatus: statusNames as Record<string, string>,
  correctionTitle: '需要补正（一次性告知）',
  correctionIntro: (by: string, at: string) => `${by}于 ${at} 一次性告知需补正的全部内容：`,
  formField: '表单项',
  colon: '：',
  materialWord: '材料',
  supplementTitle: '提交补正',
  sendSupplement: '提交补正',
  supplemented: '补正已提交，办件已退回窗口继续办理。',
  withdrawTitle: '撤回申请',
  withdraw: '撤回申请…',
  withdrawQuestion: '确定撤回这份申请吗？撤回后本办件终止，需要时请重新申请。',
  withdrawReasons: '撤回原因（选填）',
  confirmWithdraw: '确认撤回',
  cancel: '取消',
  withdrawn: '申请已撤回。',
  history: '办理记录',
  opinion: '意见',
  chainIntact: (n: number) => `办理记录完整：${n} 条记录的哈希链校验通过，未被改动。`,
  chainBroken: (at?: number) =>
    `办理记录校验未通过${at === undefined ? '' : `（第 ${at + 1} 条起）`}，请联系办理部门。`,
  actions: {
    submit: '提交申请',
    accept: '受理',
    'accept-and-complete': '受理并办结',
    reject: '不予受理',
    'request-correction': '要求补正',
    supplement: '提交补正',
    'start-review': '开始审查',
    'assign-task': '分派任务',
    'claim-task': '认领任务',
    'decide-task': '部门审查',
    'request-task-correction': '要求补正',
    extend: '延长时限',
    suspend: '进入特别程序',
    resume: '恢复办理',
    complete: '办结',
    deny: '不予许可',
    withdraw: '撤回申请',
    'mark-overdue': '标记超期',
    'recompute-deadline': '重算办结日期',
    ...deliveryActionsZh,
  } as Record<string, string>,
  roles: {
    citizen: '申请人',
    enterprise: '申请企业',
    agent: '代办人',
    clerk: '窗口人员',
    reviewer: '审核人员',
    supervisor: '监察人员',
    admin: '管理员',
    system: '系统',
  } as Record<string, string>,
  ratingsLink: '好差评公示',
  rateTitle: '评价这次服务',
  rateIntro: '办件已办结。请评价这次服务，评价只能提交一次；差评会由承办部门回访和整改。',
  rateLevel: '满意程度',
  rateLevelMissing: '请选择满意程度。',
  ratingLevels: { 1: '非常满意', 2: '满意', 3: '基本满意', 4: '不满意', 5: '非常不满意' } as Record<
    number,
    string
  >,
  rateAspects: '评价的方面（可多选，可不选）',
  ratingAspects: {
    efficiency: '办事效率',
    attitude: '服务态度',
    guide: '指南准确',
    convenience: '便捷程度',
    result: '办理结果',
  } as Record<string, string>,
  rateComment: '意见和建议（可不填）',
  rateCommentHint: '最多 500 字。',
  rateSubmit: '提交评价',
  rateFailed: '评价没有提交成功，请稍后再试。',
  rated: '感谢你的评价。',
  yourRating: '你的评价',
  ratedAt: '评价时间',
  ratedAspects: '评价的方面',
  ratedComment: '意见和建议',
  rectTitle: '差评整改进度',
  rectIntro: '承办部门会电话回访，整改后答复你。',
  rectStatus: {
    'awaiting-call': '待回访',
    rectifying: '整改中',
    'awaiting-reply': '待答复',
    closed: '已答复，整改完成',
    appealed: '部门已申诉，监察人员核实中',
    void: '申诉成立',
  } as Record<string, string>,
  rectCall: '回访',
  rectCallBy: (date: string) => `应在 ${date} 前回访`,
  rectReached: '已联系到你',
  rectNotReached: '未能联系到你',
  rectMeasures: '整改措施',
  rectifyBy: (date: string) => `应在 ${date} 前整改`,
  rectReply: '部门答复',
  rectVoid: '申诉成立：经监察人员核实，这条评价不计入统计。',
  rectOpinion: '核实意见',
  statsTitle: '好差评公示',
  statsIntro:
    '办事群众对已办结办件的评价。满意率按“非常满意、满意、基本满意”计；整改率、按时整改率按差评计。',
  statsAll: '全部评价',
  statsTotal: '评价总数',
  satisfactionRate: '满意率',
  rectificationRate: '差评整改率',
  onTimeRate: '按时整改率',
  percent: (n: number | null) => (n === null ? '暂无' : `${n}%`),
  statsLevels: '各满意程度的评价数',
  statsCount: '评价数',
  statsLevel: '满意程度',
  statsDepartments: '各部门评价',
  statsDepartment: '部门',
  statsBad: '差评数',
  statsChart: '各部门满意率',
  statsNone: '还没有评价。',
  statsItems: '各事项评价',
  statsItem: '事项',
  statsLevelsChart: '各满意程度所占比例',
  /** 物流寄递: how the result reaches the applicant (Tibetan pages use these until translated). */
  delivery: deliveryZh,
};

export type Strings = typeof zh;

/** The strings loaded so far: Chinese always; English and Tibetan once chosen (each its own chunk). */
const loaded: Partial<Record<Language, Strings>> = { zh };

/** Loads a language's strings before it is shown; Chinese is always there. */
export const loadLanguage = async (language: Language): Promise<void> => {
  if (loaded[language]) return;
  loaded[language] = (
    language === 'en' ? await import('./i18n-en.ts') : await import('./i18n-bo.ts')
  ).default;
};

const isLanguage = (value: unknown): value is Language => typeof value === 'string' && value in languages;

/** The remembered language (offered here or not: the layout falls back when the jurisdiction lacks it). */
export const initialLanguage = (): Language => {
  const saved = globalThis.localStorage?.getItem(languageKey);
  return isLanguage(saved) ? saved : 'zh';
};

/** BCP 47 tags for <html lang>. */
export const languageTags: Record<Language, string> = { zh: 'zh-CN', en: 'en', bo: 'bo' };

export const rememberLanguage = (language: Language) => {
  globalThis.localStorage?.setItem(languageKey, language);
  if (typeof document !== 'undefined') document.documentElement.lang = languageTags[language];
};

export const LanguageContext = createContext<{ language: Language; setLanguage: (l: Language) => void }>({
  language: 'zh',
  setLanguage: () => undefined,
});

/** The strings of `language` once loaded (Chinese until then). */
export const stringsOf = (language: Language): Strings => loaded[language] ?? zh;

/** The strings of the chosen language (Chinese until they have arrived). */
export const useStrings = () => loaded[useContext(LanguageContext).language] ?? zh;
