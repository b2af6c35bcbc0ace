// A stand-in for the provincial non-tax payment platform the payments function calls
// (functions/payments/provider.ts): it speaks the same protocol, refuses a request whose merchant, timestamp,
// nonce or HMAC signature is wrong, serves the hosted pay page (收银台) where an applicant pays an order,
// refunds, and answers the signed daily statement. Each payment and refund is told to the platform's public
// callback route by an asynchronous callback signed with its own P-256 key — and, as real providers behave,
// some are late, some duplicated, some overtaken by later ones, and some deliveries fail and are retried,
// as `hostility` says (seeded, so a run can be repeated). Its key pair and the merchant secret are made per
// start and handed to the functions as the deployment would.
import { generateKeyPairSync, randomBytes, randomUUID, sign } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import {
  type CallbackMessage,
  requestSigningText,
  sameSignature,
  signRequest,
} from '../../functions/payments/provider.ts';
import { toLocalDate } from '../../shared/calendar.ts';
import { formatYuan, type StatementLine } from '../../shared/payments.ts';
import { loopback } from './ports.ts';
import { readBody } from './sms-provider.ts';

export interface Hostility {
  /** Share of callbacks sent a second time. */
  duplicate: number;
  /** Share held back for `lateMs` before the first attempt. */
  late: number;
  lateMs: number;
  /** Share held back a little, so later callbacks overtake them. */
  outOfOrder: number;
  /** Share whose first delivery attempt fails (the connection drops before the platform hears it). */
  fail: number;
  /** Attempts per delivery, with a doubling wait from `retryMs`. */
  maxAttempts: number;
  retryMs: number;
}

export const cleanDeliveries: Hostility = {
  duplicate: 0,
  late: 0,
  lateMs: 0,
  outOfOrder: 0,
  fail: 0,
  maxAttempts: 8,
  retryMs: 100,
};

interface SimOrder {
  orderId: string;
  paymentCode: string;
  amountFen: number;
  subject: string;
  deadline: string;
  status: 'UNPAID' | 'PAID';
  txnId?: string;
  paidAt?: string;
  refundedFen: number;
}

export interface DeliveryStats {
  sent: number;
  delivered: number;
  duplicated: number;
  late: number;
  outOfOrder: number;
  failedAttempts: number;
  refused: number;
  gaveUp: number;
  /** Milliseconds from an attempt to the platform's answer, for each attempt that reached it. */
  answerMs: number[];
}

export interface PaymentSimulator {
  url: string;
  merchantSecret: string;
  publicKeyPem: string;
  /** Where callbacks go (the platform's public callback route), known once the gateway listens. */
  setCallbackUrl(url: string): void;
  setHostility(h: Partial<Hostility>, seed?: number): void;
  /** Pays an order as the hosted page's button does; the transaction id. */
  pay(orderId: string): string;
  /** Resolves when every callback scheduled so far has been answered or given up. */
  settled(): Promise<void>;
  stats(): DeliveryStats;
  /** Every callback body sent, oldest first (to replay one as an attacker or a retrying network would). */
  sentCallbacks(): Array<{ data: string; signature: string }>;
  orders(): SimOrder[];
  close(): Promise<void>;
}

/** A small seeded generator (mulberry32): hostility that can be repeated. */
const seeded = (seed: number) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export const startPaymentSimulator = async (options: {
  merchantId: string;
  now: () => Date;
  timeZone?: string;
  log?: (line: string) => void;
}): Promise<PaymentSimulator> => {
  const log = options.log ?? (() => undefined);
  const timeZone = options.timeZone ?? 'Asia/Shanghai';
  const merchantSecret = randomBytes(24).toString('base64url');
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const signText = (text: string) => sign('sha256', Buffer.from(text, 'utf8'), privateKey).toString('base64');

  const localTime = new Intl.DateTimeFormat('sv-SE', { timeZone, dateStyle: 'short', timeStyle: 'short' });
  const orders = new Map<string, SimOrder>();
  const statement: StatementLine[] = [];
  const seenNonces = new Map<string, number>();
  const sent: Array<{ data: string; signature: string }> = [];
  let callbackUrl: string | undefined;
  let hostility: Hostility = { ...cleanDeliveries };
  let random = seeded(1);
  let txnSeq = 0;
  const pending = new Set<Promise<void>>();
  const stats: DeliveryStats = {
    sent: 0,
    delivered: 0,
    duplicated: 0,
    late: 0,
    outOfOrder: 0,
    failedAttempts: 0,
    refused: 0,
    gaveUp: 0,
    answerMs: [],
  };

  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  /** One delivery of a signed body: attempts with a doubling wait until the platform says SUCCESS. */
  const deliver = async (body: { data: string; signature: string }, failFirst: boolean) => {
    for (let attempt = 1; attempt <= hostility.maxAttempts; attempt++) {
      if (attempt > 1) await sleep(hostility.retryMs * 2 ** (attempt - 2));
      if (attempt === 1 && failFirst) {
        stats.failedAttempts++;
        continue;
      }
      if (!callbackUrl) {
        stats.failedAttempts++;
        continue;
      }
      const started = performance.now();
      try {
        const response = await fetch(callbackUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(30_000),
        });
        const answer = (await response.json().catch(() => ({}))) as { code?: string };
        stats.answerMs.push(performance.now() - started);
        if (response.ok && answer.code === 'SUCCESS') {
          stats.delivered++;
          return;
        }
        if (response.status >= 400 && response.status < 500) stats.refused++;
        stats.failedAttempts++;
      } catch (error) {
        stats.failedAttempts++;
        log(`payment callback attempt ${attempt}: ${String(error)}`);
      }
    }
    stats.gaveUp++;
  };

  /** Signs a message and schedules its deliveries as the hostility says. */
  const notify = (message: Omit<CallbackMessage, 'notifyId'>) => {
    const data = Buffer.from(JSON.stringify({ notifyId: randomUUID(), ...message })).toString('base64url');
    const body = { data, signature: signText(data) };
    sent.push(body);
    stats.sent++;
    const late = random() < hostility.late;
    const overtaken = !late && random() < hostility.outOfOrder;
    const twice = random() < hostility.duplicate;
    const failFirst = random() < hostility.fail;
    if (late) stats.late++;
    if (overtaken) stats.outOfOrder++;
    const first = late ? hostility.lateMs : overtaken ? 50 + random() * 250 : 0;
    const run = async (delay: number, fail: boolean) => {
      if (delay > 0) await sleep(delay);
      await deliver(body, fail);
    };
    const jobs = [run(first, failFirst)];
    if (twice) {
      stats.duplicated++;
      jobs.push(run(first + random() * 200, false));
    }
    const all = Promise.all(jobs).then(() => undefined);
    pending.add(all);
    void all.finally(() => pending.delete(all));
  };

  const pay = (orderId: string) => {
    const order = orders.get(orderId);
    if (!order) throw new Error(`No order ${orderId}`);
    if (order.status === 'PAID') return order.txnId!;
    const at = options.now().toISOString();
    txnSeq++;
    const txnId = `NT${at.slice(0, 10).replaceAll('-', '')}${String(txnSeq).padStart(8, '0')}${randomBytes(3).toString('hex')}`;
    Object.assign(order, { status: 'PAID', txnId, paidAt: at });
    statement.push({ kind: 'payment', ref: txnId, txnId, orderId, amountFen: order.amountFen, at });
    notify({ type: 'PAID', orderId, paymentCode: order.paymentCode, txnId, amountFen: order.amountFen, at });
    return txnId;
  };

  /** The merchant's signature, timestamp (5 minutes either way) and a fresh nonce; a reason when refused. */
  const refusal = (req: IncomingMessage, path: string, body: string): string | undefined => {
    const header = (name: string) => {
      const v = req.headers[name];
      return typeof v === 'string' ? v : '';
    };
    if (header('x-merchant-id') !== options.merchantId) return 'unknown merchant';
    const ts = Number(header('x-timestamp'));
    if (!Number.isFinite(ts) || Math.abs(options.now().getTime() - ts) > 5 * 60_000) return 'stale timestamp';
    const nonce = header('x-nonce');
    if (!nonce || seenNonces.has(nonce)) return 'nonce used';
    const expected = signRequest(
      merchantSecret,
      requestSigningText(req.method ?? 'GET', path, header('x-timestamp'), nonce, body),
    );
    if (!sameSignature(expected, header('x-signature'))) return 'bad signature';
    seenNonces.set(nonce, ts);
    if (seenNonces.size > 100_000) seenNonces.clear();
    return undefined;
  };

  const server = createServer(async (req, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const body = await readBody(req);
    const answer = (status: number, value: unknown, signed = false) => {
      const text = JSON.stringify(value);
      res.writeHead(status, {
        'content-type': 'application/json',
        ...(signed ? { 'x-signature': signText(text) } : {}),
      });
      res.end(text);
    };
    const html = (status: number, page: string) => {
      res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
      res.end(page);
    };
    try {
      // The hosted pay page: the order, and one button; after paying, back to where the payer came from.
      const payPage = /^\/pay\/([^/]+)$/.exec(url.pathname);
      if (payPage) {
        const order = orders.get(decodeURIComponent(payPage[1]!));
        if (!order)
          return html(
            404,
            '<!doctype html><html lang="zh-CN"><title>订单不存在</title><p>订单不存在</p></html>',
          );
        const back = url.searchParams.get('return') ?? new URLSearchParams(body).get('return') ?? '';
        const safeBack = /^https?:\/\//.test(back) ? back : '';
        if (req.method === 'POST') {
          pay(order.orderId);
          if (safeBack) {
            res.writeHead(303, { location: safeBack });
            return res.end();
          }
        }
        const paid = order.status === 'PAID';
        return html(
          200,
          `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>统一缴款（模拟）</title>
<style>body{font-family:sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}button{font-size:1.1rem;padding:.6rem 1.4rem;background:#0b5cad;color:#fff;border:0;border-radius:4px}dt{font-weight:bold}</style></head>
<body><main><h1>非税收入统一缴款（本地模拟）</h1><dl><dt>缴款事项</dt><dd>${escapeHtml(order.subject)}</dd><dt>缴款码</dt><dd>${order.paymentCode}</dd><dt>金额</dt><dd>¥${formatYuan(order.amountFen)}</dd><dt>缴款期限</dt><dd>${escapeHtml(localTime.format(new Date(order.deadline)))}</dd></dl>
${paid ? `<p role="status">已缴款，交易号 ${order.txnId}</p>${safeBack ? `<p><a href="${escapeHtml(safeBack)}">返回办件</a></p>` : ''}` : `<form method="post"><input type="hidden" name="return" value="${escapeHtml(safeBack)}"><button type="submit">确认缴款</button></form>`}
</main></body></html>`,
        );
      }
      const path = url.pathname + url.search;
      const why = refusal(req, path, body);
      if (why) return answer(401, { code: 'UNAUTHORIZED', message: why });
      if (req.method === 'POST' && url.pathname === '/orders') {
        const input = JSON.parse(body) as Omit<SimOrder, 'status' | 'refundedFen'>;
        const existing = orders.get(input.orderId);
        if (
          existing &&
          (existing.amountFen !== input.amountFen || existing.paymentCode !== input.paymentCode)
        )
          return answer(409, { code: 'ORDER_EXISTS', message: 'another order has this id' });
        if (!existing) orders.set(input.orderId, { ...input, status: 'UNPAID', refundedFen: 0 });
        const host = req.headers.host ?? '';
        return answer(200, { payUrl: `http://${host}/pay/${encodeURIComponent(input.orderId)}` });
      }
      const query = /^\/orders\/([^/]+)$/.exec(url.pathname);
      if (req.method === 'GET' && query) {
        const order = orders.get(decodeURIComponent(query[1]!));
        if (!order) return answer(200, { status: 'UNKNOWN' }, true);
        return answer(
          200,
          order.status === 'PAID'
            ? { status: 'PAID', txnId: order.txnId, amountFen: order.amountFen, paidAt: order.paidAt }
            : { status: 'UNPAID' },
          true,
        );
      }
      if (req.method === 'POST' && url.pathname === '/refunds') {
        const input = JSON.parse(body) as {
          orderId: string;
          txnId: string;
          refundId: string;
          amountFen: number;
        };
        const order = orders.get(input.orderId);
        if (!order || order.txnId !== input.txnId)
          return answer(404, { code: 'NO_PAYMENT', message: 'no such payment' });
        if (statement.some((l) => l.kind === 'refund' && l.ref === input.refundId))
          return answer(200, { accepted: true });
        if (
          !Number.isSafeInteger(input.amountFen) ||
          input.amountFen < 1 ||
          input.amountFen > order.amountFen - order.refundedFen
        )
          return answer(409, { code: 'AMOUNT', message: 'more than is left of the payment' });
        order.refundedFen += input.amountFen;
        const at = options.now().toISOString();
        statement.push({
          kind: 'refund',
          ref: input.refundId,
          txnId: input.txnId,
          orderId: order.orderId,
          amountFen: input.amountFen,
          at,
        });
        notify({
          type: 'REFUNDED',
          orderId: order.orderId,
          paymentCode: order.paymentCode,
          txnId: input.txnId,
          refundId: input.refundId,
          amountFen: input.amountFen,
          at,
        });
        return answer(200, { accepted: true });
      }
      const day = /^\/statements\/(\d{4}-\d{2}-\d{2})$/.exec(url.pathname);
      if (req.method === 'GET' && day) {
        const lines = statement.filter((l) => toLocalDate(new Date(l.at), timeZone) === day[1]);
        return answer(200, { day: day[1], lines }, true);
      }
      return answer(404, { code: 'NOT_FOUND', message: 'no such operation' });
    } catch (error) {
      log(`payment simulator: ${String(error)}`);
      return answer(400, { code: 'BAD_REQUEST', message: 'malformed request' });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, loopback, resolve));
  const address = server.address();
  const url = `http://${loopback}:${typeof address === 'object' && address ? address.port : 0}`;

  return {
    url,
    merchantSecret,
    publicKeyPem,
    setCallbackUrl: (next) => {
      callbackUrl = next;
    },
    setHostility: (h, seed = 1) => {
      hostility = { ...cleanDeliveries, ...h };
      random = seeded(seed);
    },
    pay,
    settled: async () => {
      while (pending.size > 0) await Promise.all([...pending]);
    },
    stats: () => ({ ...stats, answerMs: [...stats.answerMs] }),
    sentCallbacks: () => [...sent],
    orders: () => [...orders.values()].map((o) => ({ ...o })),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
