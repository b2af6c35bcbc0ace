// A stand-in for the courier the delivery function calls (functions/delivery/courier.ts): it speaks the same
// waybill API, refuses a request whose app key, timestamp or signature is wrong, answers a repeated order
// with the waybill it already made, and then reports each waybill's journey to the platform as the courier
// would — signed tracking callbacks, one step at a time at its pace, stamped with the local clock:
// collected, in transit, out for delivery, then signed for or (when told to fail) a failed attempt and the
// return to the hall. `POST /dev/courier` sets the outcome and pace of the waybills made after it;
// `GET /dev/courier` lists the waybills and the callbacks sent. The app secret is made per start and
// handed to the delivery function as the secret the config names, as a deployment would.
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import * as z from 'zod';
import {
  courierSignature,
  opCodeOf,
  signatureHeaders,
  signatureValid,
} from '../../functions/delivery/courier.ts';
import type { TrackingKind } from '../../shared/delivery.ts';
import { loopback } from './ports.ts';
import { readBody } from './sms-provider.ts';

export type CourierOutcome = 'delivered' | 'failed';

export interface SimulatedWaybill {
  waybillNo: string;
  orderId: string;
  outcome: CourierOutcome;
  /** The recipient as a depot sees it on the label: the surname and the mobile's last four digits. */
  label: string;
  sent: Array<{ eventId: string; kind: TrackingKind; at: string; status?: number }>;
}

export interface CourierSimulator {
  url: string;
  appSecret: string;
  /** Where tracking callbacks go (the gateway's `/courier/tracking`), known once the gateway listens. */
  setCallbackUrl(url: string): void;
  /** Signs a callback body as the courier does, for a test that sends its own. */
  signedHeaders(body: string): Record<string, string>;
  configure(input: { outcome?: CourierOutcome; paceMs?: number }): {
    outcome: CourierOutcome;
    paceMs: number;
  };
  waybills(): SimulatedWaybill[];
  close(): Promise<void>;
}

export const courierSettingsSchema = z.object({
  outcome: z.enum(['delivered', 'failed']).optional(),
  paceMs: z.number().int().min(20).max(600_000).optional(),
});

const journeys: Record<CourierOutcome, TrackingKind[]> = {
  delivered: ['collected', 'in-transit', 'out-for-delivery', 'delivered'],
  failed: ['collected', 'in-transit', 'out-for-delivery', 'failed-attempt', 'returned'],
};
const places: Record<TrackingKind, string> = {
  collected: '政务服务中心揽投部',
  'in-transit': '区域邮件处理中心',
  'out-for-delivery': '收件地投递部',
  delivered: '收件地投递部',
  'failed-attempt': '收件地投递部',
  returned: '政务服务中心揽投部',
};
const notes: Partial<Record<TrackingKind, string>> = {
  delivered: '本人签收',
  'failed-attempt': '收件人电话无人接听，投递未成功',
  returned: '退回寄件人',
};

const order = z.object({
  orderId: z.string().min(1).max(60),
  receiver: z.object({ name: z.string().min(1), mobile: z.string().regex(/^1\d{10}$/) }),
});

export const startCourierSimulator = async (options: {
  appKey: string;
  now: () => Date;
  paceMs?: number;
  log?: (line: string) => void;
}): Promise<CourierSimulator> => {
  const appSecret = randomBytes(24).toString('base64url');
  const log = options.log ?? (() => undefined);
  let callbackUrl: string | undefined;
  let settings: { outcome: CourierOutcome; paceMs: number } = {
    outcome: 'delivered',
    paceMs: options.paceMs ?? 3000,
  };
  const byOrder = new Map<string, SimulatedWaybill>();
  const timers = new Set<NodeJS.Timeout>();
  let serial = 0;

  const signedHeaders = (body: string) => {
    const timestamp = options.now().toISOString();
    return {
      'content-type': 'application/json',
      [signatureHeaders.appKey]: options.appKey,
      [signatureHeaders.timestamp]: timestamp,
      [signatureHeaders.signature]: courierSignature(appSecret, options.appKey, timestamp, body),
    };
  };

  const later = (ms: number, run: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      run();
    }, ms);
    timer.unref();
    timers.add(timer);
  };

  /** Sends one step, retrying a few times as a courier does when the platform does not answer 2xx. */
  const report = (
    waybill: SimulatedWaybill,
    kind: TrackingKind,
    attempt = 1,
    eventId = randomUUID(),
    at = options.now().toISOString(),
  ) => {
    const body = JSON.stringify({
      events: [
        {
          eventId,
          waybillNo: waybill.waybillNo,
          orderId: waybill.orderId,
          opCode: opCodeOf[kind],
          opTime: at,
          opOrgName: places[kind],
          ...(notes[kind] ? { opDesc: notes[kind] } : {}),
        },
      ],
    });
    const record = { eventId, kind, at } as SimulatedWaybill['sent'][number];
    waybill.sent.push(record);
    if (!callbackUrl) return;
    void fetch(callbackUrl, { method: 'POST', headers: signedHeaders(body), body })
      .then((res) => res.status)
      .catch(() => 0)
      .then((status) => {
        record.status = status;
        // The same event (id and time) again, a little later each time.
        if ((status < 200 || status >= 300) && attempt < 6)
          later(Math.max(settings.paceMs, 1000) * attempt, () => {
            waybill.sent.splice(waybill.sent.indexOf(record), 1);
            report(waybill, kind, attempt + 1, eventId, at);
          });
        else if (status < 200 || status >= 300)
          log(`courier: ${waybill.waybillNo} ${kind} not taken (${status})`);
      });
  };

  const journey = (waybill: SimulatedWaybill, pace: number) => {
    journeys[waybill.outcome].forEach((kind, i) => {
      later(pace * (i + 1), () => report(waybill, kind));
    });
  };

  const server = createServer(async (req, res) => {
    const answer = (status: number, body: Record<string, unknown>) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'POST' || req.url !== '/waybills') return answer(404, { code: 'NOT_FOUND' });
    const body = await readBody(req);
    const headers = Object.fromEntries(
      Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]),
    );
    if (!signatureValid(headers, body, { appKey: options.appKey, secret: appSecret }, options.now()))
      return answer(401, { code: 'SIGNATURE_INVALID', message: '签名错误' });
    let parsed: z.infer<typeof order>;
    try {
      parsed = order.parse(JSON.parse(body));
    } catch {
      return answer(400, { code: 'ORDER_INVALID', message: '订单信息不完整' });
    }
    const known = byOrder.get(parsed.orderId);
    if (known) return answer(200, { waybillNo: known.waybillNo, repeated: true });
    serial += 1;
    const waybill: SimulatedWaybill = {
      waybillNo: `1${String(Date.now() % 1e8).padStart(8, '0')}${String(serial).padStart(4, '0')}`,
      orderId: parsed.orderId,
      outcome: settings.outcome,
      label: `${parsed.receiver.name.slice(0, 1)}** ${parsed.receiver.mobile.slice(-4)}`,
      sent: [],
    };
    byOrder.set(parsed.orderId, waybill);
    log(`courier: waybill ${waybill.waybillNo} for ${waybill.orderId} (${waybill.outcome})`);
    journey(waybill, settings.paceMs);
    return answer(200, { waybillNo: waybill.waybillNo });
  });
  await new Promise<void>((resolve) => server.listen(0, loopback, resolve));
  const address = server.address();
  const url = `http://${loopback}:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    url,
    appSecret,
    setCallbackUrl: (next) => {
      callbackUrl = next;
    },
    signedHeaders,
    configure: (input) => {
      settings = { ...settings, ...input };
      return settings;
    },
    waybills: () => [...byOrder.values()],
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
