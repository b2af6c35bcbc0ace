// 统一支付 the PaymentProvider port and its adapter for the provincial non-tax payment platform (非税收入统一
// 缴款平台), spoken over HTTPS as JSON. The platform's requests are signed with the merchant key (HMAC-SHA256
// over method, path, timestamp, nonce and body; the key is a secret the config names); the provider's
// callbacks and statements are signed with its own key (ECDSA P-256 with SHA-256, DER) and verified here
// with the public key the config holds, so a forged or tampered callback is refused. The local cloud runs a
// simulator speaking the same protocol (infra/local/payment-provider.ts).
import {
  createHmac,
  createPublicKey,
  type KeyObject,
  randomUUID,
  timingSafeEqual,
  verify,
} from 'node:crypto';
import * as z from 'zod';
import type { StatementLine } from '../../shared/payments.ts';

/** What the provider tells the platform: a payment made, or a refund done. */
export const callbackMessageSchema = z.object({
  notifyId: z.string().min(1).max(80),
  type: z.enum(['PAID', 'REFUNDED']),
  orderId: z.string().min(1).max(60),
  paymentCode: z.string().regex(/^\d{20}$/),
  txnId: z.string().min(1).max(80),
  refundId: z.string().min(1).max(80).optional(),
  amountFen: z.number().int().min(1).max(1_000_000_000),
  /** When the money moved, by the provider's clock. */
  at: z.iso.datetime({ offset: true }),
});
export type CallbackMessage = z.infer<typeof callbackMessageSchema>;

/** The callback's body: the message as base64url JSON and the provider's signature over exactly that text. */
export const callbackBodySchema = z.object({
  data: z.string().min(2).max(8192),
  signature: z.string().min(8).max(400),
});
export type CallbackBody = z.infer<typeof callbackBodySchema>;

export const statementLineSchema = z.object({
  kind: z.enum(['payment', 'refund']),
  ref: z.string().min(1).max(80),
  txnId: z.string().min(1).max(80),
  orderId: z.string().min(1).max(60),
  amountFen: z.number().int().min(1),
  at: z.iso.datetime({ offset: true }),
});
const statementSchema = z.object({ day: z.iso.date(), lines: z.array(statementLineSchema) });

export const orderQuerySchema = z.object({
  status: z.enum(['UNPAID', 'PAID', 'UNKNOWN']),
  txnId: z.string().optional(),
  amountFen: z.number().int().optional(),
  paidAt: z.string().optional(),
});
export type OrderQuery = z.infer<typeof orderQuerySchema>;

export interface ProviderOrder {
  orderId: string;
  paymentCode: string;
  amountFen: number;
  /** 缴款事项 what the payment is for, as the payer's bank shows it. */
  subject: string;
  deadline: string;
}

/** The provider as the payments function uses it. */
export interface PaymentProvider {
  /** Registers an order; the provider's hosted page where the applicant pays it. */
  createOrder(order: ProviderOrder): Promise<{ payUrl: string }>;
  /** 主动查询 the order's state at the provider, for a callback that never came. */
  queryOrder(orderId: string): Promise<OrderQuery>;
  /** Asks for a refund of (part of) a payment; done when its REFUNDED callback arrives. */
  refund(request: {
    orderId: string;
    txnId: string;
    refundId: string;
    amountFen: number;
    reason: string;
  }): Promise<void>;
  /** The signed statement of a day (local date): every payment and refund the provider booked. */
  statement(day: string): Promise<StatementLine[]>;
  /** The message of a callback whose signature holds, else undefined. */
  verifyCallback(body: CallbackBody): CallbackMessage | undefined;
}

/** The text the merchant key signs for one request. */
export const requestSigningText = (
  method: string,
  path: string,
  timestamp: string,
  nonce: string,
  body: string,
) => `${method}\n${path}\n${timestamp}\n${nonce}\n${body}`;

export const signRequest = (secret: string, text: string) =>
  createHmac('sha256', secret).update(text).digest('hex');

/** Constant-time comparison of two hex signatures. */
export const sameSignature = (a: string, b: string) => {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
};

/** Whether `signature` (base64 DER ECDSA P-256/SHA-256) by the provider's key covers `text`. */
export const verifyProviderSignature = (publicKey: KeyObject, text: string, signature: string) => {
  try {
    return verify('sha256', Buffer.from(text, 'utf8'), publicKey, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
};

/** Parses a callback whose signature was checked; undefined for anything that is not a message. */
export const decodeCallbackData = (data: string): CallbackMessage | undefined => {
  try {
    const parsed = callbackMessageSchema.safeParse(
      JSON.parse(Buffer.from(data, 'base64url').toString('utf8')),
    );
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
};

export interface NonTaxOptions {
  endpoint: string;
  merchantId: string;
  providerPublicKey: string;
  merchantKey: () => Promise<string>;
  now: () => Date;
  fetch?: typeof fetch;
}

export class ProviderError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'ProviderError';
  }
}

/** The adapter: the non-tax payment platform over HTTPS. */
export const nonTaxProvider = (options: NonTaxOptions): PaymentProvider => {
  const publicKey = createPublicKey(options.providerPublicKey);
  const doFetch = options.fetch ?? fetch;
  const base = options.endpoint.replace(/\/$/, '');
  const basePath = new URL(base).pathname.replace(/\/$/, '');

  const call = async (method: 'GET' | 'POST', path: string, body?: unknown, signed = false) => {
    const text = body === undefined ? '' : JSON.stringify(body);
    const timestamp = String(options.now().getTime());
    const nonce = randomUUID();
    const signature = signRequest(
      await options.merchantKey(),
      requestSigningText(method, `${basePath}${path}`, timestamp, nonce, text),
    );
    const response = await doFetch(`${base}${path}`, {
      method,
      headers: {
        'content-type': 'application/json',
        'x-merchant-id': options.merchantId,
        'x-timestamp': timestamp,
        'x-nonce': nonce,
        'x-signature': signature,
      },
      ...(body === undefined ? {} : { body: text }),
      signal: AbortSignal.timeout(10_000),
    });
    const answer = await response.text();
    if (!response.ok)
      throw new ProviderError(`The payment provider answered ${response.status}`, response.status);
    if (signed && !verifyProviderSignature(publicKey, answer, response.headers.get('x-signature') ?? ''))
      throw new ProviderError("The payment provider's answer is not signed by its key");
    return JSON.parse(answer) as unknown;
  };

  return {
    createOrder: async (order) => {
      const answer = z.object({ payUrl: z.url() }).parse(await call('POST', '/orders', order));
      return answer;
    },
    queryOrder: async (orderId) =>
      orderQuerySchema.parse(await call('GET', `/orders/${encodeURIComponent(orderId)}`, undefined, true)),
    refund: async (request) => {
      await call('POST', '/refunds', request);
    },
    statement: async (day) => {
      const answer = statementSchema.parse(await call('GET', `/statements/${day}`, undefined, true));
      if (answer.day !== day) throw new ProviderError(`The provider sent the statement of ${answer.day}`);
      return answer.lines;
    },
    verifyCallback: (body) =>
      verifyProviderSignature(publicKey, body.data, body.signature)
        ? decodeCallbackData(body.data)
        : undefined,
  };
};
