// A stand-in for the domestic SMS provider the notifier calls (functions/notifier/messenger.ts): it speaks
// the same SendSms RPC, refuses a request whose signature, access key, timestamp, signature name or template
// is wrong as the provider does, renders the registered template with the parameters, and keeps what a
// phone would receive in an outbox (`GET /dev/outbox` on the gateway). The access key secret is made per
// start and handed to the notifier as the secret the config names, as a deployment would. A tester answers
// an SMS as the phone would (`POST /dev/sms/reply`): the provider pushes the reply (上行短信) to the
// platform's callback with the extension code the SMS went out under, signed with the same secret.
import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import { rpcSignature } from '../../functions/notifier/messenger.ts';
import {
  replyAnswerTemplates,
  replySignature,
  replySignatureHeaders,
  type SmsReplyPush,
} from '../../functions/ratings/sms-replies.ts';
import { messageTemplates, smsTemplateCode, type TemplateKey } from '../../shared/notifications.ts';
import { loopback } from './ports.ts';

export interface SentSms {
  /** The provider's id (BizId) and the platform's (OutId). */
  bizId: string;
  outId?: string;
  /** The number as the outbox shows it: the middle digits masked. */
  to: string;
  templateCode: string;
  text: string;
  /** The extension code it went out under: a reply comes back with it. */
  extendCode?: string;
  at: string;
}

/** A reply pushed to the platform: what was sent (to replay or tamper with) and what the platform answered. */
export interface PushedReply {
  push: { headers: Record<string, string>; body: string };
  status: number;
  answer: unknown;
}

export interface SmsProvider {
  url: string;
  accessKeySecret: string;
  outbox(): SentSms[];
  /** The phone that received the SMS `bizId` replies `text`. */
  reply(bizId: string, text: string): Promise<PushedReply | undefined>;
  setCallbackUrl(url: string): void;
  close(): Promise<void>;
}

/** The current version of every template, and the answers to replies, under the codes they are registered with. */
const registered = new Map<string, string>([
  ...(Object.keys(messageTemplates) as TemplateKey[]).map(
    (key) => [smsTemplateCode(key), messageTemplates[key].sms] as const,
  ),
  ...replyAnswerTemplates().map((t) => [t.code, t.sms] as const),
]);

/** The whole body of a request, as UTF-8 text. */
export const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });

export const startSmsProvider = async (options: {
  accessKeyId: string;
  signName: string;
  now: () => Date;
  log?: (line: string) => void;
}): Promise<SmsProvider> => {
  const accessKeySecret = randomBytes(18).toString('base64url');
  const sent: SentSms[] = [];
  // The full number of each message, for a reply: the outbox shows it masked.
  const phones = new Map<string, string>();
  let callbackUrl: string | undefined;
  const server = createServer(async (req, res) => {
    const answer = (status: number, body: Record<string, string>) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ RequestId: randomUUID(), ...body }));
    };
    if (req.method !== 'POST') return answer(405, { Code: 'MethodNotAllowed', Message: 'POST only' });
    const params = Object.fromEntries(new URLSearchParams(await readBody(req)));
    const { Signature: signature, ...signed } = params;
    if (signed.AccessKeyId !== options.accessKeyId)
      return answer(404, {
        Code: 'InvalidAccessKeyId.NotFound',
        Message: 'Specified access key is not found.',
      });
    const expected = Buffer.from(rpcSignature(signed, accessKeySecret));
    const given = Buffer.from(signature ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      return answer(400, { Code: 'SignatureDoesNotMatch', Message: 'Specified signature is not matched.' });
    const at = Date.parse(signed.Timestamp ?? '');
    if (Number.isNaN(at) || Math.abs(at - options.now().getTime()) > 15 * 60_000)
      return answer(400, { Code: 'InvalidTimeStamp.Expired', Message: 'Specified time stamp is expired.' });
    if (signed.Action !== 'SendSms' || signed.Version !== '2017-05-25')
      return answer(400, { Code: 'InvalidAction.NotFound', Message: 'Specified api is not found.' });
    if (signed.SignName !== options.signName)
      return answer(200, {
        Code: 'isv.SMS_SIGNATURE_ILLEGAL',
        Message: 'The signature name is not registered.',
      });
    const template = registered.get(signed.TemplateCode ?? '');
    if (!template)
      return answer(200, { Code: 'isv.SMS_TEMPLATE_ILLEGAL', Message: 'The template is not registered.' });
    if (!/^1\d{10}$/.test(signed.PhoneNumbers ?? ''))
      return answer(200, { Code: 'isv.MOBILE_NUMBER_ILLEGAL', Message: 'Invalid mobile number.' });
    let values: Record<string, unknown>;
    try {
      values = JSON.parse(signed.TemplateParam ?? '{}') as Record<string, unknown>;
    } catch {
      return answer(200, { Code: 'isv.INVALID_JSON_PARAM', Message: 'TemplateParam is not JSON.' });
    }
    const missing = [...template.matchAll(/\{(\w+)\}/g)]
      .map((m) => m[1]!)
      .filter((k) => values[k] === undefined);
    if (missing.length > 0)
      return answer(200, {
        Code: 'isv.TEMPLATE_MISSING_PARAMETERS',
        Message: `Missing: ${missing.join(', ')}`,
      });
    const bizId = `${Date.now()}^${randomBytes(6).toString('hex')}`;
    const phone = signed.PhoneNumbers!;
    sent.push({
      bizId,
      ...(signed.OutId ? { outId: signed.OutId } : {}),
      to: `${phone.slice(0, 3)}****${phone.slice(-4)}`,
      templateCode: signed.TemplateCode!,
      text: `【${signed.SignName}】${template.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k]))}`,
      ...(signed.SmsUpExtendCode ? { extendCode: signed.SmsUpExtendCode } : {}),
      at: options.now().toISOString(),
    });
    phones.set(bizId, phone);
    options.log?.(`sms provider: ${signed.TemplateCode} sent (${bizId})`);
    return answer(200, { Code: 'OK', Message: 'OK', BizId: bizId });
  });
  await new Promise<void>((resolve) => server.listen(0, loopback, resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('The SMS provider did not start');
  return {
    url: `http://${loopback}:${address.port}`,
    accessKeySecret,
    outbox: () => [...sent],
    reply: async (bizId, text) => {
      const original = sent.find((m) => m.bizId === bizId);
      const phone = phones.get(bizId);
      if (!original || !phone || !callbackUrl) return undefined;
      const now = options.now();
      const push: SmsReplyPush = {
        sequence_id: `${now.getTime()}${randomBytes(4).toString('hex')}`,
        phone_number: phone,
        content: text,
        dest_code: original.extendCode ?? '',
        send_time: now.toISOString(),
        sign_name: options.signName,
      };
      const body = JSON.stringify(push);
      const signed = {
        accessKeyId: options.accessKeyId,
        timestamp: now.toISOString(),
        nonce: randomUUID(),
      };
      const headers = {
        'content-type': 'application/json',
        [replySignatureHeaders.accessKeyId]: signed.accessKeyId,
        [replySignatureHeaders.timestamp]: signed.timestamp,
        [replySignatureHeaders.nonce]: signed.nonce,
        [replySignatureHeaders.signature]: replySignature(accessKeySecret, signed, body),
      };
      const response = await fetch(callbackUrl, { method: 'POST', headers, body });
      const answer = await response.json().catch(() => null);
      options.log?.(`sms provider: reply to ${bizId} pushed (${response.status})`);
      return { push: { headers, body }, status: response.status, answer };
    },
    setCallbackUrl: (next) => {
      callbackUrl = next;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
};
