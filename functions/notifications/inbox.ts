// The inbox and the SMS preference of an account, beside its profile:
//   ACCOUNT#<sub> / NOTE#<time>#<eventId>   one message: template, title, text, case, readAt
//   ACCOUNT#<sub> / PREFS                   { sms: boolean }, SMS on unless the person turned it off
// A message's key holds the event's id and time, so a redelivered event finds its message already there.
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { StaffTemplateKey, TemplateKey } from '../../shared/notifications.ts';
import { accountKey } from '../lib/principals.ts';

export interface InboxMessage {
  id: string;
  at: string;
  template: TemplateKey | StaffTemplateKey;
  version: number;
  title: string;
  text: string;
  caseNumber?: string;
  ticketNumber?: string;
  readAt?: string;
}

const notePrefix = 'NOTE#';
const prefsKey = (sub: string) => ({ pk: accountKey(sub).pk, sk: 'PREFS' });

export const createInbox = (db: DynamoDBDocumentClient, tableName: string) => ({
  /** Adds a message once: false when it was there already. */
  add: async (sub: string, message: InboxMessage): Promise<boolean> => {
    try {
      await db.send(
        new PutCommand({
          TableName: tableName,
          Item: { pk: accountKey(sub).pk, sk: `${notePrefix}${message.id}`, message },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  },

  /** The newest messages first, and how many of them are unread. */
  list: async (sub: string, limit: number) => {
    const { Items = [] } = await db.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :note)',
        ExpressionAttributeValues: { ':pk': accountKey(sub).pk, ':note': notePrefix },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    const messages = Items.map((item) => item.message as InboxMessage);
    return { messages, unread: messages.filter((m) => !m.readAt).length };
  },

  /** Marks messages read (unknown ids are ignored); the ids that were marked now. */
  markRead: async (sub: string, ids: readonly string[], at: string) => {
    const marked: string[] = [];
    for (const id of ids) {
      try {
        await db.send(
          new UpdateCommand({
            TableName: tableName,
            Key: { pk: accountKey(sub).pk, sk: `${notePrefix}${id}` },
            UpdateExpression: 'SET message.readAt = :at',
            ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(message.readAt)',
            ExpressionAttributeValues: { ':at': at },
          }),
        );
        marked.push(id);
      } catch (error) {
        if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
      }
    }
    return marked;
  },

  preferences: async (sub: string): Promise<{ sms: boolean }> => {
    const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: prefsKey(sub) }));
    return { sms: Item?.sms !== false };
  },

  setPreferences: async (sub: string, prefs: { sms: boolean }, at: string) => {
    await db.send(
      new PutCommand({ TableName: tableName, Item: { ...prefsKey(sub), sms: prefs.sms, updatedAt: at } }),
    );
    return prefs;
  },
});
export type Inbox = ReturnType<typeof createInbox>;

/** A message's id: sortable by time, unique by event. */
export const messageId = (at: string, eventId: string) => `${at}#${eventId}`;
