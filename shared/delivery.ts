// 物流寄递 courier delivery: how an applicant receives a paper result (pick-up at the hall 窗口领取, or
// delivery by courier 邮寄送达 to an address whose province / city / county are checked against the division
// table), the waybill (运单) a courier makes for it, the tracking events the courier reports and what each
// does to the case. A failed delivery comes back to the hall (退回大厅) and waits for pick-up. Materials an
// applicant mails in (邮寄材料) are recorded against their waybill number when they arrive.
//
// Tracking events arrive over the network, late, twice or out of order: a shipment's state is derived from
// the set of events it has (by the courier's event id), never from the order they came in. The first final
// event (delivered, or returned to the hall) decides; events after it are kept in the timeline only.
import * as z from 'zod';
import type { Item } from './catalogue/item.ts';
import { divisionIssues, divisionNames } from './divisions.ts';

export const DELIVERY_METHODS = ['pickup', 'courier'] as const;
export type DeliveryMethod = (typeof DELIVERY_METHODS)[number];

export const deliveryMethodNames: Record<DeliveryMethod, string> = {
  pickup: '窗口领取',
  courier: '邮寄送达',
};

const divisionCode = z.string().regex(/^\d{6}$/, 'a 6-digit division code (GB/T 2260)');

/** 收件地址: the recipient, a mainland mobile, the three division codes and the street address. */
export const addressSchema = z
  .object({
    recipient: z
      .string()
      .trim()
      .min(2, '收件人姓名 (2–30 characters)')
      .max(30, '收件人姓名 (2–30 characters)'),
    mobile: z.string().regex(/^1[3-9]\d{9}$/, '11-digit mainland mobile number'),
    provinceCode: divisionCode,
    cityCode: divisionCode,
    countyCode: divisionCode,
    /** 详细地址: street, number, building, room. */
    detail: z.string().trim().min(4, '详细地址 (4–120 characters)').max(120, '详细地址 (4–120 characters)'),
    postalCode: z
      .string()
      .regex(/^\d{6}$/, 'a 6-digit postal code')
      .optional(),
  })
  .superRefine((a, ctx) => {
    // Division codes that failed their format were reported already.
    if (![a.provinceCode, a.cityCode, a.countyCode].every((c) => /^\d{6}$/.test(c))) return;
    for (const issue of divisionIssues(a))
      ctx.addIssue({ code: 'custom', path: [issue.path], message: issue.message });
  });
export type Address = z.infer<typeof addressSchema>;

export const deliveryChoiceSchema = z.discriminatedUnion(
  'method',
  [
    z.object({ method: z.literal('pickup') }),
    z.object({ method: z.literal('courier'), address: addressSchema }),
  ],
  { error: 'method: pickup (窗口领取) or courier (邮寄送达) with an address' },
);
export type DeliveryChoice = z.infer<typeof deliveryChoiceSchema>;

/** The division names of an address, for the waybill and the case page. */
export const addressLine = (a: Address) => `${divisionNames(a)}${a.detail}`;

/** Results that exist on paper (a licence, a certificate, a decision document) can be mailed. */
export const hasPaperResult = (result: Pick<Item['result'], 'type'>) => result.type !== 'other';

/** Whether an item offers delivery of its result by courier: the channel is open and there is paper. */
export const courierOffered = (item: Pick<Item, 'channels' | 'result'>) =>
  item.channels.courierDelivery && hasPaperResult(item.result);

/** 运单 tracking events, as every courier adapter reports them. */
export const TRACKING_KINDS = [
  'collected', // 已揽收
  'in-transit', // 运输中
  'out-for-delivery', // 派送中
  'delivered', // 已签收
  'failed-attempt', // 投递未成功
  'returned', // 已退回政务服务中心
] as const;
export type TrackingKind = (typeof TRACKING_KINDS)[number];

export const trackingNames: Record<TrackingKind, string> = {
  collected: '已揽收',
  'in-transit': '运输中',
  'out-for-delivery': '派送中',
  delivered: '已签收',
  'failed-attempt': '投递未成功',
  returned: '已退回政务服务中心，请到窗口领取',
};

/** The state of a waybill: made, or where its latest (or final) event put it. */
export const SHIPMENT_STATUSES = ['created', ...TRACKING_KINDS] as const;
export type ShipmentStatus = (typeof SHIPMENT_STATUSES)[number];

const finalKinds: ReadonlySet<TrackingKind> = new Set(['delivered', 'returned']);
export const isFinal = (status: ShipmentStatus) => finalKinds.has(status as TrackingKind);

export const trackingEventSchema = z.object({
  /** The courier's id of the event: the same event reported twice has the same id. */
  eventId: z.string().min(1).max(80),
  kind: z.enum(TRACKING_KINDS),
  occurredAt: z.iso.datetime({ offset: true }),
  /** Where it happened, as the courier says (a depot, a town); never the recipient's address. */
  location: z.string().max(60).optional(),
  note: z.string().max(200).optional(),
});
export type TrackingEvent = z.infer<typeof trackingEventSchema>;

export interface Shipment {
  waybillNumber: string;
  courier: string;
  createdAt: string;
  status: ShipmentStatus;
  /** Every event once, in the order they happened. */
  events: TrackingEvent[];
}

/** What a tracking event does to the case: the lifecycle action it takes and what the applicant is told. */
export const caseEffectOf = (
  kind: TrackingKind,
): { action?: 'deliver' | 'return-to-hall'; notice?: 'out-for-delivery' | 'delivered' | 'returned' } => {
  switch (kind) {
    case 'delivered':
      return { action: 'deliver', notice: 'delivered' };
    case 'returned':
      return { action: 'return-to-hall', notice: 'returned' };
    case 'out-for-delivery':
      return { notice: 'out-for-delivery' };
    default:
      return {};
  }
};

const byTime = (a: TrackingEvent, b: TrackingEvent) =>
  Date.parse(a.occurredAt) - Date.parse(b.occurredAt) || a.eventId.localeCompare(b.eventId);

/**
 * The shipment after `event`: unchanged when the event is known (by id); otherwise the event joins the
 * timeline in time order, and the status is the first final event if there is one, else the latest event.
 * `decided` is the final kind this event settled, when it is the one that did.
 */
export const applyTrackingEvent = (
  shipment: Shipment,
  event: TrackingEvent,
): { shipment: Shipment; known: boolean; decided?: TrackingKind } => {
  if (shipment.events.some((e) => e.eventId === event.eventId)) return { shipment, known: true };
  const events = [...shipment.events, event].sort(byTime);
  const wasFinal = isFinal(shipment.status);
  const final = events.find((e) => finalKinds.has(e.kind));
  const status: ShipmentStatus = wasFinal ? shipment.status : (final?.kind ?? events.at(-1)!.kind);
  const decided = !wasFinal && final ? final.kind : undefined;
  return { shipment: { ...shipment, events, status }, known: false, ...(decided ? { decided } : {}) };
};

/** 邮寄材料 materials the applicant mailed in, recorded by the window when they arrive. */
export const mailedMaterialsSchema = z.object({
  waybillNumber: z
    .string()
    .trim()
    .regex(/^[A-Z0-9]{8,20}$/, '运单号: 8–20 capital letters and digits'),
  courier: z.string().trim().min(2).max(20).default('EMS'),
  /** The materials of the case that arrived in the envelope. */
  materialIds: z.array(z.string().min(1).max(60)).min(1, 'name at least one material').max(50),
  note: z.string().trim().max(500).optional(),
});
export type MailedMaterialsInput = z.infer<typeof mailedMaterialsSchema>;

export interface MailedMaterials extends MailedMaterialsInput {
  receivedAt: string;
  by: { sub: string; name: string };
}
