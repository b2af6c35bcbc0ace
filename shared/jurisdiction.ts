// A jurisdiction (辖区) is one tenant: a province, prefecture, city, district, county or development zone that
// runs its own copy of the platform. Its config file names it, lists its departments (部门) with their credit
// codes, its public phones and hall, and the local additions to the national working-day calendar. The file
// is checked strictly — unknown keys are typos, not extensions — because a mistake here reaches every case.
import * as z from 'zod';
import { appointmentsConfigSchema } from './appointments-config.ts';
import { creditCodeProblem } from './credit-code.ts';
import { assuranceLevelSchema } from './identity.ts';
import { licenceTypeConfigProblems, licenceTypeConfigSchema } from './licences/types.ts';
import { ticketsConfigSchema } from './tickets-config.ts';

export const JURISDICTION_LEVELS = [
  'province',
  'prefecture',
  'city',
  'district',
  'county',
  'development-zone',
] as const;

/**
 * Departments every jurisdiction must have, because the shared seed catalogue (基本目录 rows shared by all
 * tenants) assigns its items to these codes. Local departments come on top.
 */
export const REQUIRED_DEPARTMENT_CODES = [
  'gaj', // 公安局
  'scjgj', // 市场监督管理局
  'rlsbj', // 人力资源和社会保障局
  'ybj', // 医疗保障局
  'wjj', // 卫生健康局
  'mzj', // 民政局
  'zrzyj', // 自然资源和规划局
  'zjj', // 住房和城乡建设局
  'jtj', // 交通运输局
  'swj', // 税务局
  'cl', // 残疾人联合会
  'sthjj', // 生态环境分局
  'jyj', // 教育局
  'wlj', // 文化和旅游局
  'zwfw', // 政务服务和数据管理局, runs the service hall (政务服务中心)
  'yjglj', // 应急管理局
  'gjj', // 住房公积金管理中心
  'tyjr', // 退役军人事务局
  'nyncj', // 农业农村局
] as const;

// Follow-up checks skip values that already failed their format, so each mistake is reported once.
const sixDigits = /^\d{6}$/;
const isoShape = /^\d{4}-\d{2}-\d{2}$/;

// First two digits of GB/T 2260 division codes (省级); anything else is a typo.
const provincePrefixes = new Set(
  '11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82'.split(
    ' ',
  ),
);

const chineseName = (max: number) =>
  z
    .string()
    .min(2)
    .max(max)
    .regex(/\p{Script=Han}/u, 'a name in Chinese')
    .refine((s) => s === s.trim(), 'no leading or trailing spaces');

const englishName = (max: number) =>
  z
    .string()
    .min(2)
    .max(max)
    .regex(/^[\x20-\x7e]+$/, 'a name in English (printable ASCII)')
    .refine((s) => s === s.trim(), 'no leading or trailing spaces');

/** 'YYYY-MM-DD' that exists on the calendar (2025-02-29 does not). */
export const isoDateSchema = z.iso.date({ error: 'a real calendar date as YYYY-MM-DD' });

/**
 * Phone numbers as the public sees them: landlines with area code and an optional extension (0580-2022345,
 * 010-12345678-801), mobiles, short service numbers (110, 12345, 12366, 95598) and 400 numbers.
 */
export const phoneSchema = z
  .string()
  .regex(
    /^(?:0\d{2,3}-\d{7,8}(?:-\d{1,6})?|1[3-9]\d{9}|1\d{2}|12\d{3}|9\d{4}|400-?\d{3}-?\d{4})$/,
    'a phone number such as 0580-2022345 or 12345',
  );

/** Government organs' codes are issued from their old organisation codes, so both check characters apply. */
const organCreditCode = z.string().superRefine((value, ctx) => {
  const problem = creditCodeProblem(value, { checkOrganisationCode: true });
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

export const departmentSchema = z.strictObject({
  code: z.string().regex(/^[a-z][a-z0-9-]{1,31}$/, 'a short lowercase code such as scjgj'),
  name: chineseName(64),
  nameEn: englishName(128),
  creditCode: organCreditCode,
  /** Consultation line of this department; the jurisdiction's consultation phone when absent. */
  phone: phoneSchema.optional(),
});

// Local calendars are typed by hand every year; a year outside this window is a typo.
const calendarDate = isoDateSchema.refine(
  (d) => !isoShape.test(d) || (d >= '2000-01-01' && d <= '2100-12-31'),
  'a date between 2000-01-01 and 2100-12-31',
);

export const namedDaySchema = z.strictObject({ date: calendarDate, name: chineseName(32) });

export const calendarConfigSchema = z
  .strictObject({
    /** Days off observed only here, e.g. Tibet's 藏历新年 Losar and 雪顿节 Shoton. */
    localHolidays: z.array(namedDaySchema).default([]),
    /** Extra working days decided locally (调休 make-up days for a local holiday); rare. */
    localWorkdays: z.array(namedDaySchema).default([]),
  })
  .superRefine((calendar, ctx) => {
    const holidays = new Set<string>();
    calendar.localHolidays.forEach((day, i) => {
      if (holidays.has(day.date))
        ctx.addIssue({
          code: 'custom',
          path: ['localHolidays', i, 'date'],
          message: `${day.date} is listed twice`,
        });
      holidays.add(day.date);
    });
    const workdays = new Set<string>();
    calendar.localWorkdays.forEach((day, i) => {
      const path = ['localWorkdays', i, 'date'];
      if (workdays.has(day.date))
        ctx.addIssue({ code: 'custom', path, message: `${day.date} is listed twice` });
      if (holidays.has(day.date))
        ctx.addIssue({ code: 'custom', path, message: `${day.date} is also a local holiday` });
      workdays.add(day.date);
    });
  })
  .default({ localHolidays: [], localWorkdays: [] });

/**
 * AWS Regions a tenant stack may name. A real jurisdiction deploys in the China Regions (partition aws-cn),
 * where its citizens' data stays: Beijing cn-north-1 and Ningxia cn-northwest-1. The global Regions are for
 * demos; the ones listed offer every service the stack uses.
 */
export const CHINA_REGIONS = ['cn-north-1', 'cn-northwest-1'] as const;
export const GLOBAL_REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-2',
  'eu-west-1',
  'eu-central-1',
  'ap-southeast-1',
  'ap-northeast-1',
] as const;
export const AWS_REGIONS = [...CHINA_REGIONS, ...GLOBAL_REGIONS] as const;
export type ChinaRegion = (typeof CHINA_REGIONS)[number];

export const isChinaRegion = (region: string): region is ChinaRegion =>
  (CHINA_REGIONS as readonly string[]).includes(region);

/** The partition of a Region: China's ARNs read `arn:aws-cn:…`. */
export const partitionOf = (region: string) => (isChinaRegion(region) ? 'aws-cn' : 'aws');

export const regionSchema = z.enum(AWS_REGIONS, {
  error: `an AWS Region tongban deploys to: ${AWS_REGIONS.join(', ')}`,
});

/** Why a Cognito upstream cannot be had in a Region, or undefined when it can. */
export const cognitoUpstreamProblem = (region: string) =>
  isChinaRegion(region)
    ? `Cognito user pools are not available in the China Regions (${region}); tongban's own sign-in serves them`
    : undefined;

/**
 * Where the portal (网上办事大厅) is served: a domain of the jurisdiction's with its certificate. In the China
 * Regions CloudFront serves no content on its own *.cloudfront.cn names and takes no ACM certificate, so a
 * portal there needs an ICP-filed domain and a certificate uploaded to IAM; in a global Region an ACM
 * certificate in us-east-1 or an IAM one. Without this block a global stack serves the portal on the
 * distribution's own name, and a China stack deploys without the portal.
 */
export const portalConfigSchema = z.strictObject({
  /** e.g. zwfw.dinghai.gov.cn: the portal's origin is https://<domainName>. */
  domainName: z
    .string()
    .max(253)
    .regex(
      /^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
      'a lowercase domain name such as zwfw.dinghai.gov.cn',
    ),
  /** An ACM certificate in us-east-1 covering domainName (global Regions only). */
  acmCertificateArn: z
    .string()
    .regex(/^arn:aws:acm:us-east-1:\d{12}:certificate\/[0-9a-f-]{36}$/, 'an ACM certificate ARN in us-east-1')
    .optional(),
  /** The ID of an IAM server certificate covering domainName (what CloudFront takes in China), e.g. ASCA…. */
  iamCertificateId: z
    .string()
    .regex(/^[A-Z0-9]{16,128}$/, 'an IAM server certificate ID such as ASCAEXAMPLE1234567890')
    .optional(),
});
export type PortalConfig = z.infer<typeof portalConfigSchema>;

/** Why a portal config cannot be had in a Region, as [field, message], or undefined when it can. */
export const portalConfigProblem = (region: string, portal: PortalConfig): [string, string] | undefined => {
  if (isChinaRegion(region)) {
    if (portal.acmCertificateArn)
      return ['acmCertificateArn', `CloudFront in the China Regions (${region}) takes no ACM certificate`];
    if (!portal.iamCertificateId)
      return [
        'iamCertificateId',
        `CloudFront in the China Regions (${region}) needs the certificate of the ICP-filed domain, uploaded to IAM`,
      ];
    return undefined;
  }
  if (!portal.acmCertificateArn === !portal.iamCertificateId)
    return ['acmCertificateArn', 'exactly one of acmCertificateArn and iamCertificateId'];
  return undefined;
};

const timeZone = z
  .string()
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'an IANA time zone such as Asia/Shanghai')
  .default('Asia/Shanghai');

/** A secret named, never written: its value lives in the deployment's secret store (see the sign-in README). */
const secretName = z
  .string()
  .regex(/^[A-Z][A-Z0-9_]{2,63}$/, 'the name of a secret in SCREAMING_SNAKE_CASE, never the secret itself');
const providerId = z.string().regex(/^[a-z][a-z0-9-]{1,30}$/, 'a lowercase slug such as zjzwfw');
const https = z.url({ protocol: /^https$/, error: 'an https:// URL' });

/**
 * 统一身份认证 the upstream identity providers people sign in with, behind tongban's own OpenID Provider.
 * `ticket`: a province's ticket-based single sign-on (redirect with the return URL → one-time `ticket` →
 * server-side exchange with the access code for the verified identity). `oidc`: any OpenID Connect
 * provider, by its issuer's discovery document.
 */
export const identityProviderSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('ticket'),
    id: providerId,
    name: chineseName(32),
    /** The province's login page; the return URL is added as `service`. */
    loginUrl: https,
    /** Where the ticket is exchanged server-side for the verified identity. */
    exchangeUrl: https,
    /** tongban's application code at the province (接入应用编码). */
    appId: z.string().min(1).max(64),
    /** The access code (接入密钥), by name. */
    accessCodeSecret: secretName,
    /** Who may sign in through it: people and legal persons, or staff (whose roles tongban grants). */
    audience: z.enum(['public', 'staff']).default('public'),
  }),
  z.strictObject({
    kind: z.literal('oidc'),
    id: providerId,
    name: chineseName(32),
    /** The provider's issuer; its discovery document is at `<issuer>/.well-known/openid-configuration`. */
    issuer: https,
    clientId: z.string().min(1).max(128),
    clientSecretSecret: secretName,
    /** The assurance level this provider's sign-ins are worth. */
    level: assuranceLevelSchema.default('L2'),
    audience: z.enum(['public', 'staff']).default('public'),
  }),
]);
export type IdentityProviderConfig = z.infer<typeof identityProviderSchema>;

export const identityConfigSchema = z.strictObject({
  providers: z.array(identityProviderSchema).min(1),
  /** The portal, a public client: where it may be sent back after sign-in and after sign-out. */
  portal: z.strictObject({
    redirectUris: z.array(z.url()).min(1),
    postLogoutRedirectUris: z.array(z.url()).default([]),
  }),
  /**
   * The jurisdiction's first administrator, named at deployment: the upstream account (provider id and that
   * provider's own account id) granted `admin` of `department` at its first sign-in. Later grants are theirs.
   */
  firstAdministrator: z
    .strictObject({
      provider: providerId,
      upstreamId: z.string().min(1).max(128),
      department: z.string().regex(/^[a-z][a-z0-9-]{1,31}$/),
    })
    .optional(),
});
export type IdentityConfig = z.infer<typeof identityConfigSchema>;

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a local time HH:MM');

/**
 * 消息提醒: when non-urgent SMS wait (quiet hours, local time), and the SMS provider. SMS in the China Regions
 * goes through a domestic provider (AWS sends none there): `aliyun` is its SendSms API, signed with the
 * access key whose secret is named here; templates are registered with the provider under the codes of
 * shared/notifications.ts. Without `sms` applicants are told in the inbox only.
 */
export const notificationsConfigSchema = z.strictObject({
  quietHours: z.strictObject({ from: hhmm, to: hhmm }).default({ from: '21:00', to: '08:00' }),
  sms: z
    .strictObject({
      provider: z.literal('aliyun'),
      endpoint: https.default('https://dysmsapi.aliyuncs.com'),
      /** 短信签名 as registered with the provider, e.g. 定海政务服务. */
      signName: z.string().min(2).max(32),
      accessKeyId: z.string().regex(/^[A-Za-z0-9-]{8,64}$/, 'the access key ID (not its secret)'),
      accessKeySecret: secretName,
    })
    .optional(),
});
export type NotificationsConfig = z.infer<typeof notificationsConfigSchema>;

/**
 * 物流寄递: the courier that carries paper results to applicants (an EMS-like HTTPS API). Requests to it and
 * its tracking callbacks are signed with the app secret, named here and kept in the secret store. Without
 * this block results are picked up at the hall.
 */
export const deliveryConfigSchema = z.strictObject({
  courier: z.strictObject({
    provider: z.literal('ems'),
    /** The courier's name as applicants read it (中国邮政 EMS). */
    name: z.string().min(2).max(20).default('EMS'),
    endpoint: https,
    /** The platform's customer code at the courier (客户号 / appKey). */
    appKey: z.string().regex(/^[A-Za-z0-9-]{8,64}$/, 'the app key (not its secret)'),
    appSecret: secretName,
  }),
});
export type DeliveryConfig = z.infer<typeof deliveryConfigSchema>;

/**
 * 统一支付: the provincial non-tax payment platform (非税收入统一缴款平台) the jurisdiction collects fees
 * through. The platform signs its callbacks and statements with its key (ECDSA P-256, public half here); the
 * merchant's request-signing key is a secret named here, never written in the file.
 */
export const paymentsConfigSchema = z.strictObject({
  provider: z.literal('nontax'),
  endpoint: https,
  /** 执收单位编码 the merchant id the provider gave the jurisdiction. */
  merchantId: z.string().regex(/^[A-Za-z0-9-]{4,40}$/, 'the merchant id (letters, digits, dashes)'),
  /** The provider's public key (PEM, SubjectPublicKeyInfo, P-256) its callbacks and statements verify with. */
  providerPublicKey: z
    .string()
    .regex(/^-----BEGIN PUBLIC KEY-----[\s\S]+-----END PUBLIC KEY-----\s*$/, 'a PEM public key'),
  merchantKeySecret: secretName,
  /** Calendar days the applicant has to pay, ending at the end of the last local day. */
  payWithinDays: z.number().int().min(1).max(90).default(15),
});
export type PaymentsConfig = z.infer<typeof paymentsConfigSchema>;

export const jurisdictionSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z][a-z0-9-]{1,30}$/, 'a lowercase slug such as dinghai'),
    /** The name in Chinese and English, and in each of `languages` (e.g. Tibetan for Ngari). */
    name: z.strictObject({
      zh: chineseName(32),
      en: englishName(96),
      bo: z.string().min(1).max(64).optional(),
    }),
    /** 行政区划代码 (GB/T 2260, or the statistical code for zones that have no GB/T 2260 code). */
    divisionCode: z
      .string()
      .regex(sixDigits, 'a 6-digit administrative division code')
      .refine(
        (code) => !sixDigits.test(code) || provincePrefixes.has(code.slice(0, 2)),
        'does not start with a province code',
      ),
    level: z.enum(JURISDICTION_LEVELS),
    /** Enclosing divisions in Chinese; absent only for a province. */
    parent: z.strictObject({ province: chineseName(16), prefecture: chineseName(16).optional() }).optional(),
    timezone: timeZone,
    /**
     * Interface languages beyond Chinese and English that the portal offers here: a minority script the
     * portal has strings for (bo: Tibetan). The jurisdiction's name must be given in each.
     */
    languages: z.array(z.enum(['bo'])).default([]),
    /** Where the tenant stack deploys; a China Region for a real jurisdiction. */
    region: regionSchema,
    /**
     * A Cognito user pool as an upstream sign-in provider of the stack (global Regions only, for demos);
     * tongban's own OpenID Provider issues the API's tokens either way.
     */
    cognitoUpstream: z.boolean().default(false),
    departments: z.array(departmentSchema).min(1),
    contacts: z.strictObject({
      /** 12345 政务服务便民热线 */
      hotline: phoneSchema,
      consultation: phoneSchema,
      complaint: phoneSchema,
      hallAddress: chineseName(128),
      officeHours: z.string().min(4).max(128),
    }),
    calendar: calendarConfigSchema,
    /**
     * The public address of the jurisdiction's API (its custom domain), e.g. https://api.zwfw.example.cn:
     * e-licences name their status lists under it so any verifier can fetch them. Without it they are
     * named by URN and fetched from this platform's GET /status-lists/{list}.
     */
    /** The portal's own domain and certificate (see portalConfigSchema). */
    portal: portalConfigSchema.optional(),
    publicUrl: z
      .url({ protocol: /^https$/, error: 'an https:// URL without a trailing slash' })
      .refine((u) => !u.endsWith('/'), 'an https:// URL without a trailing slash')
      .optional(),
    /** How people sign in: the upstream providers the sign-in function brokers, and the portal client. */
    identity: identityConfigSchema.optional(),
    notifications: notificationsConfigSchema.default({ quietHours: { from: '21:00', to: '08:00' } }),
    /**
     * 电子证照目录 as the province keeps it: types it defines, and default types aligned with the body and
     * number of its catalogue (see shared/licences/types.ts).
     */
    licenceTypes: z.array(licenceTypeConfigSchema).default([]),
    /** 12345 诉求工单: limits by type, dispatch and sign-for limits, reminders, the reopen window, keywords. */
    tickets: ticketsConfigSchema.prefault({}),
    /** 预约 halls, windows, hours, slots, cut-offs, the no-show rule and home visits (shared/appointments-config.ts). */
    appointments: appointmentsConfigSchema.prefault({}),
    /** 物流寄递: the courier of paper results (see deliveryConfigSchema). */
    delivery: deliveryConfigSchema.optional(),
    /** 统一支付: without it items with fees are paid at the window (no online payment step). */
    payments: paymentsConfigSchema.optional(),
  })
  .superRefine((value, ctx) => {
    const issue = (path: (string | number)[], message: string) =>
      ctx.addIssue({ code: 'custom', path, message });

    const first = new Map<string, number>();
    value.departments.forEach((department, i) => {
      const seen = first.get(department.code);
      if (seen === undefined) first.set(department.code, i);
      else
        issue(
          ['departments', i, 'code'],
          `duplicate department code ${department.code} (also departments.${seen}.code)`,
        );
    });
    const missing = REQUIRED_DEPARTMENT_CODES.filter((code) => !first.has(code));
    if (missing.length > 0)
      issue(['departments'], `missing required department codes: ${missing.join(', ')}`);

    // GB/T 2260: a province ends in 0000, a prefecture-level unit in 00, a county-level unit in neither.
    const code = value.divisionCode;
    const fits: Record<JurisdictionLevel, [boolean, string]> = {
      province: [code.endsWith('0000'), 'a province code ends in 0000'],
      prefecture: [
        code.endsWith('00') && !code.endsWith('0000'),
        'a prefecture code ends in 00 (e.g. 542500)',
      ],
      city: [!code.endsWith('0000'), 'a city code does not end in 0000'],
      district: [!code.endsWith('00'), 'a district code does not end in 00'],
      county: [!code.endsWith('00'), 'a county code does not end in 00'],
      'development-zone': [!code.endsWith('00'), 'a development zone code does not end in 00'],
    };
    const [ok, rule] = fits[value.level];
    if (sixDigits.test(code) && !ok) issue(['divisionCode'], `does not fit level ${value.level}: ${rule}`);

    for (const language of value.languages)
      if (!value.name[language])
        issue(['name', language], `the name in ${language}, an interface language here`);

    const cognito = value.cognitoUpstream ? cognitoUpstreamProblem(value.region) : undefined;
    if (cognito) issue(['cognitoUpstream'], cognito);

    const portal = value.portal ? portalConfigProblem(value.region, value.portal) : undefined;
    if (portal) issue(['portal', portal[0]], portal[1]);

    for (const [i, field, message] of licenceTypeConfigProblems(value.licenceTypes))
      issue(['licenceTypes', i, field], message);

    value.appointments.halls.forEach((hall, i) => {
      if (hall.id === 'home')
        issue(['appointments', 'halls', i, 'id'], 'home names home visits: pick another id');
      hall.windows.forEach((w, j) => {
        w.departments.forEach((d, k) => {
          if (!first.has(d) && !(missing as readonly string[]).includes(d))
            issue(['appointments', 'halls', i, 'windows', j, 'departments', k], `no department ${d} here`);
        });
      });
    });

    if (value.level === 'province' && value.parent) issue(['parent'], 'a province has no parent');
    if (value.level !== 'province' && !value.parent) issue(['parent'], 'required below province level');
    if (value.level === 'prefecture' && value.parent?.prefecture)
      issue(['parent', 'prefecture'], 'a prefecture lies directly in its province');
  });

export type JurisdictionLevel = (typeof JURISDICTION_LEVELS)[number];
export type Jurisdiction = z.infer<typeof jurisdictionSchema>;
/** The file as written, before defaults (timezone, empty calendar lists) are filled in. */
export type JurisdictionInput = z.input<typeof jurisdictionSchema>;
export type Department = z.infer<typeof departmentSchema>;
export type NamedDay = z.infer<typeof namedDaySchema>;
export type CalendarConfig = Jurisdiction['calendar'];

/** The secrets a jurisdiction's config names, by the use that may read them (each an SSM parameter in AWS). */
export const configuredSecrets = (jurisdiction: Jurisdiction) => ({
  identity: (jurisdiction.identity?.providers ?? []).map((p) =>
    p.kind === 'ticket' ? p.accessCodeSecret : p.clientSecretSecret,
  ),
  messaging: jurisdiction.notifications.sms ? [jurisdiction.notifications.sms.accessKeySecret] : [],
  courier: jurisdiction.delivery ? [jurisdiction.delivery.courier.appSecret] : [],
  payment: jurisdiction.payments ? [jurisdiction.payments.merchantKeySecret] : [],
});
