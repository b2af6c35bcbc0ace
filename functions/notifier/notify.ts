// Telling applicants: each event an applicant cares about becomes one inbox message and, for a person with a
// verified mobile who has not turned SMS off, one SMS from the registered template. An SMS is a record of its
// own before it is sent, keyed by the event, so it goes at most once:
//   SMS#<eventId> / SMS   sub, template, version, params, status held | pending | sent | failed | skipped,
//                         notBefore, providerId; while held: gsi3 SMS-HELD / <notBefore>#<eventId>
// Non-urgent SMS wait out the quiet hours (held), and the scheduled sweep sends them when they end.
// The mobile number is read from the profile at the moment of sending and kept nowhere else.
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Clock } from '../../shared/clock.ts';
import type { Jurisdiction } from '../../shared/jurisdiction.ts';
import {
  fill,
  type MessageParams,
  messageTemplates,
  type StaffTemplateKey,
  sendableAt,
  smsTemplateCode,
  staffTemplates,
  type TemplateKey,
} from '../../shared/notifications.ts';
import { SERVICE_CENTRE, ticketTypes } from '../../shared/tickets.ts';
import { createAppointmentStore } from '../appointments/store.ts';
import { createCaseStore } from '../cases/store.ts';
import { grantJournal } from '../lib/grants.ts';
import { readAccountProfile } from '../lib/principals.ts';
import { createInbox, messageId } from '../notifications/inbox.ts';
import { issueInvitation } from '../ratings/sms-replies.ts';
import { createTicketStore } from '../tickets/store.ts';
import type { Messenger } from './messenger.ts';

const heldIndex = { name: 'gsi3', pk: 'SMS-HELD' } as const;
const smsKey = (eventId: string) => ({ pk: `SMS#${eventId}`, sk: 'SMS' });

export interface Notice {
  eventId: string;
  /** When the change happened. */
  at: string;
  template: TemplateKey;
  /** The case the message is about, or the ticket (12345 诉求). */
  caseNumber?: string;
  ticketNumber?: string;
  /** The appointment (预约) the message is about. */
  appointmentId?: string;
  /** Parameters the event itself gives (dates, counts); the item's name is looked up. */
  params?: MessageParams;
}

export interface StaffNotice {
  eventId: string;
  at: string;
  template: StaffTemplateKey;
  /** The department whose staff are told: the ticket's unit, the case's handling department. */
  department: string;
  caseNumber?: string;
  ticketNumber?: string;
  params: MessageParams;
}

interface SmsRecord {
  sub: string;
  template: TemplateKey;
  version: number;
  params: Record<string, string>;
  status: 'held' | 'pending' | 'sent' | 'failed' | 'skipped';
  notBefore: string;
  reason?: string;
  /** The extension code of the rating invitation it carries, once issued (a retry keeps it). */
  extendCode?: string;
}

export const createNotifier = (deps: {
  db: DynamoDBDocumentClient;
  tableName: string;
  jurisdiction: Jurisdiction;
  clock: Clock;
  messenger?: Messenger;
}) => {
  const { db, tableName } = deps;
  const inbox = createInbox(db, tableName);

  const cases = createCaseStore(db, tableName);
  const tickets = createTicketStore(db, tableName);
  const grants = grantJournal(db, tableName);
  const appointments = createAppointmentStore(db, tableName);

  const putSms = async (eventId: string, record: SmsRecord) => {
    try {
      await db.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...smsKey(eventId),
            ...record,
            ...(record.status === 'held'
              ? { gsi3pk: heldIndex.pk, gsi3sk: `${record.notBefore}#${eventId}` }
              : {}),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return record;
    } catch (error) {
      if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
      const { Item } = await db.send(
        new GetCommand({ TableName: tableName, Key: smsKey(eventId), ConsistentRead: true }),
      );
      return Item as SmsRecord;
    }
  };

  /** Sends a pending or due SMS once: the status moves to sending first, so a second sender stops there. */
  const send = async (eventId: string, record: SmsRecord): Promise<string> => {
    if (!deps.messenger) return 'no provider';
    const claimed = await db
      .send(
        new UpdateCommand({
          TableName: tableName,
          Key: smsKey(eventId),
          UpdateExpression: 'SET #status = :sending, claimedAt = :now REMOVE gsi3pk, gsi3sk',
          ConditionExpression: '#status IN (:held, :pending)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':sending': 'sending',
            ':held': 'held',
            ':pending': 'pending',
            ':now': deps.clock.now().toISOString(),
          },
        }),
      )
      .then(() => true)
      .catch((error: { name?: string }) => {
        if (error.name === 'ConditionalCheckFailedException') return false;
        throw error;
      });
    if (!claimed) return 'already sent';
    const finish = (values: Record<string, unknown>) =>
      db.send(
        new UpdateCommand({
          TableName: tableName,
          Key: smsKey(eventId),
          UpdateExpression: `SET ${Object.keys(values)
            .map((k) => `#${k} = :${k}`)
            .join(', ')}`,
          ExpressionAttributeNames: Object.fromEntries(Object.keys(values).map((k) => [`#${k}`, k])),
          ExpressionAttributeValues: Object.fromEntries(Object.entries(values).map(([k, v]) => [`:${k}`, v])),
        }),
      );
    const profile = await readAccountProfile(db, tableName, record.sub);
    const mobile = profile?.identity?.kind === 'person' ? profile.identity.mobile : undefined;
    if (!mobile) {
      await finish({ status: 'skipped', reason: 'no verified mobile' });
      return 'skipped: no verified mobile';
    }
    // 短信评价: an SMS that invites a rating by reply goes out under an extension code of its own.
    let extendCode = record.extendCode;
    const current = messageTemplates[record.template];
    if (
      !extendCode &&
      current.invitesRating &&
      current.version === record.version &&
      record.params.caseNumber
    ) {
      extendCode = (
        await issueInvitation(
          db,
          tableName,
          { caseNumber: record.params.caseNumber, sub: record.sub },
          deps.clock.now(),
        )
      ).extendCode;
      await finish({ extendCode });
    }
    const result = await deps.messenger.send({
      id: eventId,
      to: mobile,
      templateCode: smsTemplateCode(record.template, record.version),
      params: record.params,
      ...(extendCode ? { extendCode } : {}),
    });
    if (result.ok) {
      await finish({ status: 'sent', providerId: result.providerId, sentAt: deps.clock.now().toISOString() });
      return 'sent';
    }
    if (result.retry) {
      await finish({ status: 'pending', reason: result.code });
      throw new Error(`The SMS provider answered ${result.code}; the message will be sent again`);
    }
    await finish({ status: 'failed', reason: result.code });
    return `failed: ${result.code}`;
  };

  /** One event's inbox message and SMS; what was done, for the log (no personal data). */
  const notify = async (notice: Notice) => {
    const extra = Object.fromEntries(Object.entries(notice.params ?? {}).map(([k, v]) => [k, String(v)]));
    if (notice.appointmentId) {
      const a = await appointments.get(notice.appointmentId);
      if (!a) return 'no such appointment';
      // The hall and window, or the visiting department: never the address a home visit goes to.
      const place =
        a.kind === 'home' ? `上门服务（${a.slot.windowName}）` : `${a.slot.hallName}${a.slot.windowName}`;
      return deliver(
        notice,
        a.sub,
        { item: a.itemName, code: a.id, date: a.slot.date, time: a.slot.start, place, ...extra },
        {},
      );
    }
    if (notice.ticketNumber) {
      const ticket = (await tickets.load(notice.ticketNumber))?.ticket;
      if (!ticket) return 'no such ticket';
      // An anonymous report is followed with its query code; there is nobody to tell.
      if (ticket.anonymous || !ticket.filedBy) return 'anonymous: not told';
      const department = ticket.lead
        ? (deps.jurisdiction.departments.find((d) => d.code === ticket.lead)?.name ?? ticket.lead)
        : '';
      return deliver(
        notice,
        ticket.filedBy,
        { ticketNumber: ticket.ticketNumber, type: ticketTypes[ticket.type], department, ...extra },
        { ticketNumber: ticket.ticketNumber },
      );
    }
    const record = notice.caseNumber ? await cases.getCase(notice.caseNumber) : undefined;
    if (!record) return 'no such case';
    const params: Record<string, string> = {
      caseNumber: record.caseNumber,
      item: record.item?.name ?? record.bundle?.name ?? '',
      ...extra,
    };
    return deliver(notice, record.submittedBy, params, { caseNumber: record.caseNumber });
  };

  const deliver = async (
    notice: Notice,
    sub: string,
    params: Record<string, string>,
    about: { caseNumber?: string; ticketNumber?: string },
  ) => {
    const template = messageTemplates[notice.template];
    const added = await inbox.add(sub, {
      id: messageId(notice.at, notice.eventId),
      at: notice.at,
      template: notice.template,
      version: template.version,
      title: template.title,
      text: fill(template.text, params),
      ...about,
    });
    if (!deps.jurisdiction.notifications.sms) return `inbox ${added ? 'added' : 'kept'}; no SMS provider`;
    // Checked now, so a template that cannot be filled fails here rather than at the provider.
    fill(template.sms, params);
    const now = deps.clock.now();
    const prefs = await inbox.preferences(sub);
    const notBefore = template.urgent
      ? now
      : sendableAt(now, deps.jurisdiction.notifications.quietHours, deps.jurisdiction.timezone);
    const sms = await putSms(notice.eventId, {
      sub,
      template: notice.template,
      version: template.version,
      params,
      status: !prefs.sms ? 'skipped' : notBefore > now ? 'held' : 'pending',
      notBefore: notBefore.toISOString(),
      ...(prefs.sms ? {} : { reason: 'SMS turned off' }),
    });
    const smsOutcome = sms.status === 'pending' ? await send(notice.eventId, sms) : sms.status;
    return `inbox ${added ? 'added' : 'kept'}; SMS ${smsOutcome}`;
  };

  /**
   * 催办, 督办, the red card: one inbox message for each member of staff the template names, in the event's
   * department (and the service centre's supervisors when it says so). No SMS: staff see it at work. A
   * redelivered event finds each message there already.
   */
  const notifyStaff = async (notice: StaffNotice) => {
    const template = staffTemplates[notice.template];
    const params: Record<string, string> = Object.fromEntries(
      Object.entries(notice.params).map(([k, v]) => [k, String(v)]),
    );
    if (notice.caseNumber) {
      const record = await cases.getCase(notice.caseNumber);
      if (!record) return 'no such case';
      params.caseNumber = record.caseNumber;
      params.item = record.item?.name ?? record.bundle?.name ?? '';
    }
    const text = fill(template.text, params);
    const staff = await grants.staff();
    const told = staff.filter(
      (s) =>
        (s.department === notice.department &&
          s.roles.some((r) => (template.roles as readonly string[]).includes(r))) ||
        (template.centre && s.department === SERVICE_CENTRE && s.roles.includes('supervisor')),
    );
    let added = 0;
    for (const member of told) {
      const fresh = await inbox.add(member.sub, {
        id: messageId(notice.at, notice.eventId),
        at: notice.at,
        template: notice.template,
        version: template.version,
        title: template.title,
        text,
        ...(notice.caseNumber ? { caseNumber: notice.caseNumber } : {}),
        ...(notice.ticketNumber ? { ticketNumber: notice.ticketNumber } : {}),
      });
      if (fresh) added++;
    }
    return `staff told: ${added} added, ${told.length - added} kept`;
  };

  /** The scheduled sweep: held SMS whose quiet hours have ended, and pending ones a failure left behind. */
  const sweep = async () => {
    const now = deps.clock.now().toISOString();
    const { Items = [] } = await db.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: heldIndex.name,
        KeyConditionExpression: 'gsi3pk = :pk AND gsi3sk <= :now',
        ExpressionAttributeValues: { ':pk': heldIndex.pk, ':now': `${now}~` },
        Limit: 200,
      }),
    );
    const outcomes: Record<string, number> = {};
    for (const item of Items) {
      const eventId = String(item.pk).slice('SMS#'.length);
      const outcome = await send(eventId, item as SmsRecord).catch(() => 'retry later');
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    }
    return outcomes;
  };

  return { notify, notifyStaff, sweep };
};
