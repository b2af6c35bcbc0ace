// The Courier port and its adapter for an EMS-like courier API over HTTPS. Every request, and every tracking
// callback the courier sends back, carries the platform's app key, a timestamp and an HMAC-SHA256 signature
// over `<appKey>\n<timestamp>\n<body>` with the app secret (kept in the secret store, named in the
// jurisdiction's config). Waybills are made per order id (the case number), and the courier answers a
// repeated order with the waybill it already made, so a retried dispatch never sends the result twice.
// The local cloud runs a courier that speaks the same API (infra/local/courier.ts).
import { createHmac, timingSafeEqual } from 'node:crypto';
import * as z from 'zod';
import type { TrackingEvent, TrackingKind } from '../../shared/delivery.ts';

export interface WaybillOrder {
  /** The platform's order id: the case number. */
  orderId: string;
  sender: { name: string; mobile: string; address: string };
  receiver: {
    name: string;
    mobile: string;
    provinceCode: string;
    cityCode: string;
    countyCode: string;
    address: string;
    postalCode?: string;
  };
  /** What is in the envelope (the result's name). */
  cargo: string;
}

export interface Courier {
  /** The courier's name as applicants read it. */
  name: string;
  createWaybill(order: WaybillOrder): Promise<{ waybillNumber: string }>;
}

export const signatureHeaders = {
  appKey: 'x-courier-app-key',
  timestamp: 'x-courier-timestamp',
  signature: 'x-courier-signature',
} as const;

export const courierSignature = (secret: string, appKey: string, timestamp: string, body: string) =>
  createHmac('sha256', secret).update(`${appKey}\n${timestamp}\n${body}`).digest('base64');

/** How far a signed message's timestamp may be from now: older ones are replays, not deliveries. */
export const signatureWindowMs = 5 * 60 * 1000;

/** Whether headers sign `body` with this key and secret, within the window around `now`. */
export const signatureValid = (
  headers: Record<string, string | undefined>,
  body: string,
  key: { appKey: string; secret: string },
  now: Date,
) => {
  const appKey = headers[signatureHeaders.appKey];
  const timestamp = headers[signatureHeaders.timestamp];
  const signature = headers[signatureHeaders.signature];
  if (!appKey || !timestamp || !signature || appKey !== key.appKey) return false;
  const at = Date.parse(timestamp);
  if (Number.isNaN(at) || Math.abs(now.getTime() - at) > signatureWindowMs) return false;
  const expected = Buffer.from(courierSignature(key.secret, appKey, timestamp, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
};

/** The courier's operation codes and the tracking kinds they mean. */
export const opCodes: Record<string, TrackingKind> = {
  PICKUP: 'collected',
  TRANSIT: 'in-transit',
  DELIVERING: 'out-for-delivery',
  SIGNED: 'delivered',
  FAILED: 'failed-attempt',
  RETURNED: 'returned',
};
export const opCodeOf = Object.fromEntries(
  Object.entries(opCodes).map(([code, kind]) => [kind, code]),
) as Record<TrackingKind, string>;

/** A tracking callback as the courier sends it: a batch of events. */
export const trackingCallbackSchema = z.object({
  events: z
    .array(
      z.object({
        eventId: z.string().min(1).max(80),
        waybillNo: z.string().min(1).max(30),
        orderId: z.string().min(1).max(60),
        opCode: z.enum(Object.keys(opCodes) as [string, ...string[]]),
        opTime: z.iso.datetime({ offset: true }),
        opOrgName: z.string().max(60).optional(),
        opDesc: z.string().max(200).optional(),
      }),
    )
    .min(1)
    .max(50),
});
export type TrackingCallback = z.infer<typeof trackingCallbackSchema>;

/** One callback event in the platform's terms. */
export const trackingEventOf = (e: TrackingCallback['events'][number]): TrackingEvent => ({
  eventId: e.eventId,
  kind: opCodes[e.opCode]!,
  occurredAt: e.opTime,
  ...(e.opOrgName ? { location: e.opOrgName } : {}),
  ...(e.opDesc ? { note: e.opDesc } : {}),
});

const waybillAnswer = z.object({ waybillNo: z.string().regex(/^[A-Z0-9]{8,30}$/) });

export const httpsCourier = (options: {
  name: string;
  endpoint: string;
  appKey: string;
  appSecret: () => Promise<string>;
  now: () => Date;
}): Courier => ({
  name: options.name,
  createWaybill: async (order) => {
    const body = JSON.stringify(order);
    const timestamp = options.now().toISOString();
    const response = await fetch(`${options.endpoint.replace(/\/+$/, '')}/waybills`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [signatureHeaders.appKey]: options.appKey,
        [signatureHeaders.timestamp]: timestamp,
        [signatureHeaders.signature]: courierSignature(
          await options.appSecret(),
          options.appKey,
          timestamp,
          body,
        ),
      },
      body,
      signal: AbortSignal.timeout(8000),
    });
    const answer = waybillAnswer.safeParse(await response.json().catch(() => ({})));
    if (!response.ok || !answer.success)
      throw new Error(`The courier answered ${response.status} to the waybill of ${order.orderId}`);
    return { waybillNumber: answer.data.waybillNo };
  },
});
