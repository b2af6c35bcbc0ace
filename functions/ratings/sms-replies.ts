// 短信评价: the invitation to rate by reply, and the reply (上行短信) the SMS provider pushes back. Table rows:
//   SMSINVITE#<extendCode> / INVITE      the invitation: case, applicant, sent at, reply by, kept until
//                                        (the code is free again after that; expiresAt lets the table drop it)
//   SMSREPLY#<sequenceId> / REPLY        a push taken, with its outcome: the same push again changes nothing
//   SMSINVITE#<extendCode> / ANSWER#<k>  the one answer of kind k sent for the invitation
// The mobile number is not stored: the extension code the invitation went out under names it, and the
// number in the push is used only to answer, there and then.
import { createHash, createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { Clock } from '../../shared/clock.ts';
import { DomainError } from '../../shared/errors.ts';
import type { RatingInput } from '../../shared/ratings.ts';
import {
  extendCodeDigits,
  parseRatingReply,
  type ReplyAnswerKey,
  replyAnswerCode,
  replyAnswers,
  smsReplyDays,
  smsReplyKeepDays,
} from '../../shared/ratings-sms.ts';
import type { Messenger } from '../notifier/messenger.ts';

const day = 24 * 3600_000;
const inviteKey = (code: string) => ({ pk: `SMSINVITE#${code}`, sk: 'INVITE' });
const answerKey = (code: string, kind: ReplyAnswerKey) => ({ pk: `SMSINVITE#${code}`, sk: `ANSWER#${kind}` });
const replyKey = (sequenceId: string) => ({ pk: `SMSREPLY#${sequenceId}`, sk: 'REPLY' });

export interface SmsInvitation {
  extendCode: string;
  caseNumber: string;
  /** The applicant who is invited: the rating is theirs. */
  sub: string;
  sentAt: string;
  replyBy: string;
  keepUntil: string;
}

/**
 * A fresh extension code for the invitation of `caseNumber`: random, and not held by another invitation
 * still kept. Written before the SMS goes, so the reply always finds it.
 */
export const issueInvitation = async (
  db: DynamoDBDocumentClient,
  tableName: string,
  invite: { caseNumber: string; sub: string },
  now: Date,
): Promise<SmsInvitation> => {
  for (let attempt = 0; attempt < 20; attempt++) {
    const extendCode = String(randomInt(10 ** extendCodeDigits)).padStart(extendCodeDigits, '0');
    const keepUntil = new Date(now.getTime() + (smsReplyDays + smsReplyKeepDays) * day);
    const invitation: SmsInvitation = {
      extendCode,
      ...invite,
      sentAt: now.toISOString(),
      replyBy: new Date(now.getTime() + smsReplyDays * day).toISOString(),
      keepUntil: keepUntil.toISOString(),
    };
    try {
      await db.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...inviteKey(extendCode), invitation, expiresAt: Math.ceil(keepUntil.getTime() / 1000) },
          ConditionExpression: 'attribute_not_exists(pk) OR invitation.keepUntil < :now',
          ExpressionAttributeValues: { ':now': now.toISOString() },
        }),
      );
      return invitation;
    } catch (error) {
      if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
    }
  }
  throw new Error('No free extension code for the rating invitation');
};

/** The provider's push of one reply (上行短信), as its callback sends it. */
export const smsReplyPushSchema = z.object({
  /** The provider's id of the incoming message. */
  sequence_id: z.string().trim().min(1).max(64),
  phone_number: z.string().regex(/^1\d{10}$/, 'a mainland mobile number'),
  content: z.string().max(1000),
  /** The extension code the reply was sent to: the invitation's. */
  dest_code: z
    .string()
    .regex(/^\d{0,12}$/, 'digits')
    .default(''),
  send_time: z.string().max(40),
  sign_name: z.string().max(40).optional(),
});
export type SmsReplyPush = z.infer<typeof smsReplyPushSchema>;

export const replySignatureHeaders = {
  accessKeyId: 'x-sms-access-key-id',
  timestamp: 'x-sms-timestamp',
  nonce: 'x-sms-nonce',
  signature: 'x-sms-signature',
} as const;

/** The push's signature: HMAC-SHA256 with the account's access key secret over the key, time, nonce and body. */
export const replySignature = (
  secret: string,
  signed: { accessKeyId: string; timestamp: string; nonce: string },
  body: string,
) =>
  createHmac('sha256', secret)
    .update(
      [
        signed.accessKeyId,
        signed.timestamp,
        signed.nonce,
        createHash('sha256').update(body, 'utf8').digest('hex'),
      ].join('\n'),
    )
    .digest('base64');

/** How far a push's timestamp may be from now; older ones are replays. */
export const replySignatureWindowMs = 5 * 60 * 1000;

export const replySignatureValid = (
  headers: Record<string, string | undefined>,
  body: string,
  key: { accessKeyId: string; secret: string },
  now: Date,
) => {
  const accessKeyId = headers[replySignatureHeaders.accessKeyId];
  const timestamp = headers[replySignatureHeaders.timestamp];
  const nonce = headers[replySignatureHeaders.nonce];
  const signature = headers[replySignatureHeaders.signature];
  if (!accessKeyId || !timestamp || !nonce || !signature || accessKeyId !== key.accessKeyId) return false;
  const at = Date.parse(timestamp);
  if (Number.isNaN(at) || Math.abs(now.getTime() - at) > replySignatureWindowMs) return false;
  const expected = Buffer.from(replySignature(key.secret, { accessKeyId, timestamp, nonce }, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
};

export type ReplyOutcome = 'rated' | 'unreadable' | 'late' | 'rated-already' | 'unknown';

/**
 * Takes one reply: finds its invitation by the extension code, reads the level, and records the rating with
 * channel `sms` through `rate` (the domain's one way of rating a case). A reply that cannot be used gets one
 * answer per invitation and kind, so a phone's auto-reply cannot start an exchange; a reply to no invitation
 * gets none. The same push again returns the first outcome and does nothing more.
 */
export const createSmsReplies = (deps: {
  db: DynamoDBDocumentClient;
  tableName: string;
  clock: Clock;
  messenger?: Messenger;
  rate: (caseNumber: string, sub: string, input: RatingInput) => Promise<unknown>;
  rated: (caseNumber: string) => Promise<boolean>;
}) => {
  const { db, tableName } = deps;

  const answer = async (
    invitation: SmsInvitation,
    kind: ReplyAnswerKey,
    phone: string,
    sequenceId: string,
  ): Promise<string> => {
    if (!deps.messenger) return 'no provider';
    try {
      await db.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...answerKey(invitation.extendCode, kind),
            at: deps.clock.now().toISOString(),
            sequenceId,
            expiresAt: Math.ceil(Date.parse(invitation.keepUntil) / 1000),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return 'answered before';
      throw error;
    }
    const sent = await deps.messenger.send({
      id: `reply-${sequenceId}`,
      to: phone,
      templateCode: replyAnswerCode(kind),
      params: { caseNumber: invitation.caseNumber },
      extendCode: invitation.extendCode,
    });
    return sent.ok ? 'answered' : `answer failed: ${sent.code}`;
  };

  const take = async (push: SmsReplyPush): Promise<{ outcome: ReplyOutcome; answer?: string }> => {
    const { Item: seen } = await db.send(
      new GetCommand({ TableName: tableName, Key: replyKey(push.sequence_id), ConsistentRead: true }),
    );
    if (seen) return { outcome: seen.outcome as ReplyOutcome, answer: 'none: the same push again' };
    const now = deps.clock.now();
    const { Item } = push.dest_code
      ? await db.send(
          new GetCommand({ TableName: tableName, Key: inviteKey(push.dest_code), ConsistentRead: true }),
        )
      : { Item: undefined };
    const invitation = Item?.invitation as SmsInvitation | undefined;
    let outcome: ReplyOutcome;
    let answered: string | undefined;
    if (!invitation || invitation.keepUntil < now.toISOString()) {
      outcome = 'unknown';
    } else if (invitation.replyBy < now.toISOString()) {
      outcome = 'late';
    } else {
      const parsed = parseRatingReply(push.content);
      if (!parsed) outcome = 'unreadable';
      else if (await deps.rated(invitation.caseNumber)) outcome = 'rated-already';
      else {
        try {
          await deps.rate(invitation.caseNumber, invitation.sub, {
            level: parsed.level,
            aspects: [],
            ...(parsed.comment ? { comment: parsed.comment } : {}),
            channel: 'sms',
          });
          outcome = 'rated';
        } catch (error) {
          // Rated a moment ago through another channel: the rating is given once.
          if (!(error instanceof DomainError) || error.code !== 'CONFLICT') throw error;
          outcome = 'rated-already';
        }
      }
    }
    if (invitation && outcome !== 'rated' && outcome !== 'unknown')
      answered = await answer(
        invitation,
        outcome === 'rated-already' ? 'rated' : outcome,
        push.phone_number,
        push.sequence_id,
      );
    await db.send(
      new PutCommand({
        TableName: tableName,
        Item: {
          ...replyKey(push.sequence_id),
          outcome,
          at: now.toISOString(),
          expiresAt: Math.ceil((now.getTime() + (smsReplyDays + smsReplyKeepDays) * day) / 1000),
        },
      }),
    );
    return { outcome, ...(answered ? { answer: answered } : {}) };
  };

  return { take };
};

/** Every answer's template, under the code it is registered with. */
export const replyAnswerTemplates = () =>
  (Object.keys(replyAnswers) as ReplyAnswerKey[]).map((key) => ({
    code: replyAnswerCode(key),
    sms: replyAnswers[key].sms,
  }));
