// The Messenger port: one SMS from a registered template and its parameters. The adapter speaks a domestic
// provider's SendSms API (the China Regions have no AWS SMS): an RPC call signed with the access key
// (HMAC-SHA1 over the canonical query, signature version 1.0), answered with a code and the provider's id of
// the message. `OutId` carries the platform's message id, so the provider's receipts and statements can be
// matched to it, and `SmsUpExtendCode` the extension code a reply to it comes back with. The local cloud
// runs a provider that checks the same signature (infra/local/sms-provider.ts).
import { createHmac, randomUUID } from 'node:crypto';

export interface Sms {
  /** The platform's id of the message (idempotency and receipts). */
  id: string;
  /** Mainland mobile number, 11 digits. */
  to: string;
  templateCode: string;
  params: Record<string, string>;
  /** 扩展码: digits appended to the sending number, which a reply (上行短信) comes back with. */
  extendCode?: string;
}

export type SendResult = { ok: true; providerId: string } | { ok: false; code: string; retry: boolean };

export interface Messenger {
  send(sms: Sms): Promise<SendResult>;
}

/** RFC 3986 encoding as the signature wants it: only A–Z a–z 0–9 - _ . ~ stay as they are. */
export const percentEncode = (value: string) =>
  encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** The signature of a parameter set for a POST to the API's root path. */
export const rpcSignature = (params: Record<string, string>, secret: string) => {
  const canonical = Object.keys(params)
    .sort()
    .map((key) => `${percentEncode(key)}=${percentEncode(params[key]!)}`)
    .join('&');
  const stringToSign = `POST&${percentEncode('/')}&${percentEncode(canonical)}`;
  return createHmac('sha1', `${secret}&`).update(stringToSign).digest('base64');
};

/** Codes after which sending the same message again cannot succeed. */
const permanent = new Set([
  'isv.MOBILE_NUMBER_ILLEGAL',
  'isv.TEMPLATE_MISSING_PARAMETERS',
  'isv.SMS_TEMPLATE_ILLEGAL',
  'isv.SMS_SIGNATURE_ILLEGAL',
  'isv.BLACK_KEY_CONTROL_LIMIT',
  'isv.PARAM_LENGTH_LIMIT',
]);

export const rpcSmsMessenger = (options: {
  endpoint: string;
  accessKeyId: string;
  accessKeySecret: () => Promise<string>;
  signName: string;
  now?: () => Date;
}): Messenger => ({
  send: async (sms) => {
    const params: Record<string, string> = {
      AccessKeyId: options.accessKeyId,
      Action: 'SendSms',
      Format: 'JSON',
      OutId: sms.id,
      PhoneNumbers: sms.to,
      RegionId: 'cn-hangzhou',
      SignName: options.signName,
      SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: randomUUID(),
      SignatureVersion: '1.0',
      ...(sms.extendCode ? { SmsUpExtendCode: sms.extendCode } : {}),
      TemplateCode: sms.templateCode,
      TemplateParam: JSON.stringify(sms.params),
      Timestamp: (options.now?.() ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      Version: '2017-05-25',
    };
    const body = new URLSearchParams({
      ...params,
      Signature: rpcSignature(params, await options.accessKeySecret()),
    });
    let response: Response;
    try {
      response = await fetch(`${options.endpoint.replace(/\/+$/, '')}/`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body,
        signal: AbortSignal.timeout(8000),
      });
    } catch {
      return { ok: false, code: 'NETWORK', retry: true };
    }
    const answer = (await response.json().catch(() => ({}))) as { Code?: string; BizId?: string };
    if (response.ok && answer.Code === 'OK' && answer.BizId) return { ok: true, providerId: answer.BizId };
    const code = answer.Code ?? `HTTP_${response.status}`;
    return { ok: false, code, retry: !permanent.has(code) };
  },
});
