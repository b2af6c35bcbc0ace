// 消息提醒: what an applicant is told at each step of a case, in the inbox and by SMS. Templates are
// versioned: an SMS template is registered with the SMS provider under a code (短信模板 must be approved
// before use), so a changed wording is a new version and a new registration, and a message records the
// template and version it was sent with. Parameters are identifiers, item names and dates only: never a
// name, an ID number or a reason (an SMS passes through operators; a lock screen shows it to anyone).
import type { TrackingKind } from './delivery.ts';
import { EventType } from './events.ts';
import { ratingReplyPrompt } from './ratings-sms.ts';

export type TemplateKey =
  | 'case-submitted'
  | 'case-accepted'
  | 'case-not-accepted'
  | 'correction-requested'
  | 'case-completed'
  | 'case-denied'
  | 'case-extended'
  | 'licence-issued'
  | 'rating-answered'
  | 'ticket-dispatched'
  | 'ticket-replied'
  | 'ticket-closed'
  | 'appointment-booked'
  | 'appointment-rescheduled'
  | 'appointment-cancelled'
  | 'appointment-reminder'
  | 'waybill-created'
  | 'out-for-delivery'
  | 'case-delivered'
  | 'delivery-returned'
  | 'payment-order-issued'
  | 'payment-received'
  | 'payment-refunded'
  | 'case-closed-unpaid';

export interface MessageTemplate {
  version: number;
  /** Urgent messages are sent at any hour; the others wait for the end of the quiet hours. */
  urgent: boolean;
  /** The inbox entry's title and text, with {placeholders}. */
  title: string;
  text: string;
  /** The SMS text as registered with the provider (its signature 【…】 is added by the provider). */
  sms: string;
  /**
   * The SMS invites a rating of the case by reply (shared/ratings-sms.ts): it goes out under an extension
   * code of its own, which the reply comes back with.
   */
  invitesRating?: boolean;
}

export const messageTemplates: Record<TemplateKey, MessageTemplate> = {
  'case-submitted': {
    version: 1,
    urgent: false,
    title: '申请已提交',
    text: '您申请的“{item}”已提交，办件编号 {caseNumber}，请等待窗口受理。',
    sms: '您申请的“{item}”已提交，办件编号{caseNumber}，请等待受理。',
  },
  'case-accepted': {
    version: 1,
    urgent: false,
    title: '申请已受理',
    text: '您申请的“{item}”（{caseNumber}）已受理，承诺于 {promisedBy} 前办结。',
    sms: '您申请的“{item}”（{caseNumber}）已受理，承诺于{promisedBy}前办结。',
  },
  'case-not-accepted': {
    version: 2,
    urgent: false,
    title: '申请不予受理',
    text: '您申请的“{item}”（{caseNumber}）不予受理，原因请在“我的办件”中查看。',
    sms: `您申请的“{item}”（{caseNumber}）不予受理，详情请登录网上办事大厅查看。${ratingReplyPrompt}。`,
    invitesRating: true,
  },
  'correction-requested': {
    version: 1,
    urgent: true,
    title: '请补正材料',
    text: '您申请的“{item}”（{caseNumber}）需要补正 {items} 项材料或信息，请在“我的办件”中查看清单并补正。',
    sms: '您申请的“{item}”（{caseNumber}）需补正{items}项材料或信息，请登录网上办事大厅查看并补正。',
  },
  'case-completed': {
    version: 2,
    urgent: false,
    title: '办件已办结',
    text: '您申请的“{item}”（{caseNumber}）已办结。',
    sms: `您申请的“{item}”（{caseNumber}）已办结，欢迎对本次服务作出评价，${ratingReplyPrompt}。`,
    invitesRating: true,
  },
  'case-denied': {
    version: 2,
    urgent: false,
    title: '申请未获批准',
    text: '您申请的“{item}”（{caseNumber}）未获批准，决定及理由请在“我的办件”中查看。',
    sms: `您申请的“{item}”（{caseNumber}）未获批准，详情请登录网上办事大厅查看。${ratingReplyPrompt}。`,
    invitesRating: true,
  },
  'case-extended': {
    version: 1,
    urgent: false,
    title: '办理时限已延长',
    text: '您申请的“{item}”（{caseNumber}）经批准延长 {days} 个工作日，现承诺于 {promisedBy} 前办结。',
    sms: '您申请的“{item}”（{caseNumber}）经批准延长{days}个工作日，承诺于{promisedBy}前办结。',
  },
  'licence-issued': {
    version: 1,
    urgent: false,
    title: '电子证照已签发',
    text: '“{item}”的电子证照已签发，可在“证照夹”中查看和出示。',
    sms: '您的电子证照已签发（{caseNumber}），可登录网上办事大厅在证照夹中查看。',
  },
  'rating-answered': {
    version: 1,
    urgent: false,
    title: '您的评价已答复',
    text: '您对“{item}”（{caseNumber}）的评价，办理单位已整改并答复，请在办件页查看。',
    sms: '您对“{item}”（{caseNumber}）的评价，办理单位已整改并答复，请登录网上办事大厅查看。',
  },
  'ticket-dispatched': {
    version: 1,
    urgent: false,
    title: '诉求已派单',
    text: '您的{type}诉求（工单 {ticketNumber}）已派至{department}办理。',
    sms: '您的{type}诉求（工单{ticketNumber}）已派至{department}办理。',
  },
  'ticket-replied': {
    version: 1,
    urgent: false,
    title: '诉求已答复',
    text: '您的{type}诉求（工单 {ticketNumber}）已由{department}答复，请在“我的诉求”中查看，稍后将有回访。',
    sms: '您的{type}诉求（工单{ticketNumber}）已答复，请登录网上办事大厅查看。',
  },
  'ticket-closed': {
    version: 1,
    urgent: false,
    title: '诉求已办结',
    text: '您的{type}诉求（工单 {ticketNumber}）已办结，感谢您的反映。',
    sms: '您的{type}诉求（工单{ticketNumber}）已办结，感谢您的反映。',
  },
  'appointment-booked': {
    version: 1,
    urgent: false,
    title: '预约成功',
    text: '您已预约 {date} {time} 在{place}办理“{item}”，预约号 {code}。如需改约或取消，请在“我的预约”中办理。',
    sms: '您已预约{date} {time}在{place}办理“{item}”，预约号{code}。',
  },
  'appointment-rescheduled': {
    version: 1,
    urgent: false,
    title: '预约已改期',
    text: '您办理“{item}”的预约（{code}）已改为 {date} {time}，地点：{place}。',
    sms: '您办理“{item}”的预约（{code}）已改为{date} {time}，地点：{place}。',
  },
  'appointment-cancelled': {
    version: 1,
    urgent: false,
    title: '预约已取消',
    text: '您 {date} {time} 办理“{item}”的预约（{code}）已取消。',
    sms: '您{date} {time}办理“{item}”的预约（{code}）已取消。',
  },
  'appointment-reminder': {
    version: 1,
    urgent: false,
    title: '明日预约提醒',
    text: '提醒：您预约了明天 {date} {time} 在{place}办理“{item}”（预约号 {code}），请带齐材料按时办理。',
    sms: '提醒：您预约了明天{date} {time}在{place}办理“{item}”（预约号{code}），请带齐材料按时办理。',
  },
  'waybill-created': {
    version: 1,
    urgent: false,
    title: '办理结果已寄出',
    text: '您申请的“{item}”（{caseNumber}）的办理结果已交{courier}寄出，可在办件页查看物流进度。',
    sms: '您申请的“{item}”（{caseNumber}）的办理结果已交{courier}寄出，请登录网上办事大厅查看物流。',
  },
  'out-for-delivery': {
    version: 1,
    urgent: false,
    title: '办理结果派送中',
    text: '您申请的“{item}”（{caseNumber}）的办理结果正在派送，请保持电话畅通。',
    sms: '您申请的“{item}”（{caseNumber}）的办理结果正在派送，请保持电话畅通。',
  },
  'case-delivered': {
    version: 1,
    urgent: false,
    title: '办理结果已送达',
    text: '您申请的“{item}”（{caseNumber}）的办理结果已签收，欢迎对本次服务作出评价。',
    sms: '您申请的“{item}”（{caseNumber}）的办理结果已签收，欢迎评价。',
  },
  'delivery-returned': {
    version: 1,
    urgent: true,
    title: '投递未成功，请到窗口领取',
    text: '您申请的“{item}”（{caseNumber}）的办理结果投递未成功，已退回政务服务中心，请携带身份证件到窗口领取。',
    sms: '您申请的“{item}”（{caseNumber}）的办理结果投递未成功，已退回政务服务中心，请携身份证件到窗口领取。',
  },
  'payment-order-issued': {
    version: 1,
    urgent: true,
    title: '请缴纳费用',
    text: '您申请的“{item}”（{caseNumber}）已核准，应缴 {amount} 元，请于 {dueBy} 前在办件页缴费；逾期未缴，办件将终止。',
    sms: '您申请的“{item}”（{caseNumber}）应缴{amount}元，请于{dueBy}前登录网上办事大厅缴费，逾期办件终止。',
  },
  'payment-received': {
    version: 1,
    urgent: false,
    title: '缴费成功',
    text: '您为“{item}”（{caseNumber}）缴纳的 {amount} 元已到账，电子票据可在办件页查看和查验。',
    sms: '您为“{item}”（{caseNumber}）缴纳的{amount}元已到账，电子票据请登录网上办事大厅查看。',
  },
  'payment-refunded': {
    version: 1,
    urgent: false,
    title: '费用已退还',
    text: '您为“{item}”（{caseNumber}）缴纳的费用已退还 {amount} 元，原路退回，原因请在办件页查看。',
    sms: '您为“{item}”（{caseNumber}）缴纳的费用已退还{amount}元，原路退回。',
  },
  'case-closed-unpaid': {
    version: 1,
    urgent: false,
    title: '逾期未缴费，办件已终止',
    text: '您申请的“{item}”（{caseNumber}）未在缴费期限内缴费，办件已终止；如需办理请重新申请。',
    sms: '您申请的“{item}”（{caseNumber}）逾期未缴费，办件已终止，如需办理请重新申请。',
  },
};

/** Which template each event an applicant cares about uses. */
export const templateOfEvent: Partial<Record<EventType, TemplateKey>> = {
  [EventType.CaseSubmitted]: 'case-submitted',
  [EventType.CaseAccepted]: 'case-accepted',
  [EventType.CaseNotAccepted]: 'case-not-accepted',
  [EventType.CorrectionRequested]: 'correction-requested',
  [EventType.CaseCompleted]: 'case-completed',
  [EventType.CaseDenied]: 'case-denied',
  [EventType.CaseExtended]: 'case-extended',
  [EventType.LicenceIssued]: 'licence-issued',
  [EventType.RectificationReplied]: 'rating-answered',
  [EventType.TicketDispatched]: 'ticket-dispatched',
  [EventType.TicketReplied]: 'ticket-replied',
  [EventType.TicketClosed]: 'ticket-closed',
  [EventType.AppointmentBooked]: 'appointment-booked',
  [EventType.AppointmentRescheduled]: 'appointment-rescheduled',
  [EventType.AppointmentCancelled]: 'appointment-cancelled',
  [EventType.AppointmentReminderDue]: 'appointment-reminder',
  [EventType.WaybillCreated]: 'waybill-created',
  [EventType.PaymentOrderIssued]: 'payment-order-issued',
  [EventType.PaymentReceived]: 'payment-received',
  [EventType.PaymentRefunded]: 'payment-refunded',
  [EventType.CaseClosedUnpaid]: 'case-closed-unpaid',
};

/** 物流寄递: the tracking events an applicant is told of, and the template of each. */
export const trackingTemplates: Partial<Record<TrackingKind, TemplateKey>> = {
  'out-for-delivery': 'out-for-delivery',
  delivered: 'case-delivered',
  returned: 'delivery-returned',
};

export type MessageParams = Record<string, string | number>;

const idNumberLike = /\d{17}[\dXx]|\d{15}/;

/** A template with its parameters filled in; refuses anything shaped like an ID number. */
export const fill = (text: string, params: MessageParams): string => {
  const filled = text.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`The template needs {${name}}`);
    return String(value);
  });
  if (idNumberLike.test(filled)) throw new Error('A message may not carry an ID number');
  return filled;
};

/** The SMS provider's code of a template version, as the local provider registers them. */
export const smsTemplateCode = (key: TemplateKey, version = messageTemplates[key].version) =>
  `TB_${key.toUpperCase().replaceAll('-', '_')}_V${version}`;

export interface QuietHours {
  /** Local "HH:MM" when quiet starts and ends (the end may be the next morning). */
  from: string;
  to: string;
}

export const defaultQuietHours: QuietHours = { from: '21:00', to: '08:00' };

const minutes = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
};

/** The local wall-clock minute of the day of an instant in a time zone. */
const localMinute = (at: Date, timeZone: string) => {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return get('hour') * 60 + get('minute');
};

/**
 * When a non-urgent SMS may go: now outside the quiet hours, else the end of them (local time). The quiet
 * hours may span midnight (21:00–08:00) or not (12:00–13:30).
 */
export const sendableAt = (at: Date, quiet: QuietHours, timeZone: string): Date => {
  const now = localMinute(at, timeZone);
  const [from, to] = [minutes(quiet.from), minutes(quiet.to)];
  const inQuiet = from <= to ? now >= from && now < to : now >= from || now < to;
  if (!inQuiet) return at;
  const wait = (to - now + 24 * 60) % (24 * 60);
  const next = new Date(at.getTime() + wait * 60_000);
  next.setUTCSeconds(0, 0);
  return next;
};

/**
 * 催办, 督办, the red and yellow cards, overdue rectifications: what staff are told in their workbench inbox (never by SMS). Each names who
 * hears it: the unit's staff who handle the matter, or the supervisors — of the unit and of the service
 * centre, which supervises the hotline's tickets.
 */
export type StaffTemplateKey =
  | 'ticket-reminded'
  | 'ticket-escalated'
  | 'case-overdue'
  | 'case-due-soon'
  | 'rectification-overdue';

export interface StaffMessageTemplate {
  version: number;
  title: string;
  text: string;
  /** The roles told, in the event's department; `centre` adds the service centre's supervisors. */
  roles: ReadonlyArray<'clerk' | 'reviewer' | 'supervisor'>;
  centre: boolean;
}

export const staffTemplates: Record<StaffTemplateKey, StaffMessageTemplate> = {
  'ticket-reminded': {
    version: 1,
    title: '催办：工单将到办理时限',
    text: '工单 {ticketNumber}（{type}）将于 {dueDate} 到办理时限，请抓紧办理并答复。',
    roles: ['clerk', 'reviewer', 'supervisor'],
    centre: false,
  },
  'ticket-escalated': {
    version: 1,
    title: '督办：工单已超时',
    text: '工单 {ticketNumber}（{type}）{stage}已超过时限，提请督办。',
    roles: ['supervisor'],
    centre: true,
  },
  'case-overdue': {
    version: 1,
    title: '红牌：办件已超期',
    text: '办件 {caseNumber}（“{item}”）已超过办理时限 {dueDate}，请尽快办结。',
    roles: ['reviewer', 'supervisor'],
    centre: false,
  },
  'case-due-soon': {
    version: 1,
    title: '黄牌：办件临近期限',
    text: '办件 {caseNumber}（“{item}”）将于 {dueDate} 到办理时限，请抓紧办理。',
    roles: ['reviewer', 'supervisor'],
    centre: false,
  },
  'rectification-overdue': {
    version: 1,
    title: '差评整改已超期',
    text: '办件 {caseNumber}（“{item}”）的差评{step}已超过时限 {dueDate}，请尽快办理。',
    roles: ['clerk', 'reviewer', 'supervisor'],
    centre: true,
  },
};

/** The step of a rectification an overdue notice is about, as the message says it. */
export const rectificationStepNames = { call: '回访', rectify: '整改' } as const;

/** Which staff template each event staff are told of uses. */
export const staffTemplateOfEvent: Partial<Record<EventType, StaffTemplateKey>> = {
  [EventType.TicketReminded]: 'ticket-reminded',
  [EventType.TicketEscalated]: 'ticket-escalated',
  [EventType.CaseOverdue]: 'case-overdue',
  [EventType.CaseDueSoon]: 'case-due-soon',
  [EventType.RectificationOverdue]: 'rectification-overdue',
};

/** The stage of a ticket an escalation is about, as the message says it. */
export const ticketStageNames = { dispatch: '派单', sign: '签收', handle: '办理' } as const;
