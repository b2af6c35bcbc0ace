// Message templates and quiet hours, as the notifier uses them.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { notifierTypes } from '../../functions/notifier/subscriptions.ts';
import { caseEffectOf, TRACKING_KINDS } from '../../shared/delivery.ts';
import { EventType } from '../../shared/events.ts';
import {
  defaultQuietHours,
  fill,
  messageTemplates,
  rectificationStepNames,
  sendableAt,
  smsTemplateCode,
  staffTemplateOfEvent,
  staffTemplates,
  templateOfEvent,
  ticketStageNames,
  trackingTemplates,
} from '../../shared/notifications.ts';

const at = (beijing: string) => new Date(`${beijing}+08:00`);

describe('message templates', () => {
  it('fill every placeholder, and refuse a missing one or anything shaped like an ID number', () => {
    const params = {
      item: '营业执照',
      caseNumber: '330902-20261208-000001-K',
      promisedBy: '2027-01-05',
      days: 5,
      items: 2,
      ticketNumber: 'T330902-20261208-000001-K',
      type: '数据异议',
      department: '舟山市定海区人力资源和社会保障局',
      code: 'YY2612094F7K2Q',
      date: '2026-12-10',
      time: '14:30',
      place: '上门服务（舟山市定海区人力资源和社会保障局）',
      courier: 'EMS',
      amount: '12345.67',
      dueBy: '2027-01-05',
    };
    for (const template of Object.values(messageTemplates)) {
      expect(fill(template.sms, params)).not.toContain('{');
      expect(fill(template.text, params)).not.toContain('{');
      // At most two SMS segments (67 characters each) with the longest signature and a 20-character item.
      const long = fill(template.sms, { ...params, item: '营'.repeat(20) });
      expect(long.length + '【张家口经开区政务服务】'.length).toBeLessThanOrEqual(134);
    }
    expect(() => fill(messageTemplates['case-accepted'].sms, { item: 'x' })).toThrow('{caseNumber}');
    expect(() => fill('{item}', { item: '330902199001011238' })).toThrow('ID number');
  });

  it('names a template for every event the applicant is told of, with a versioned provider code', () => {
    // Every event the notifier subscribes to has its template, for the applicant or for staff, not both;
    // a tracking event's template depends on the step: those the applicant is told of have one each.
    expect(
      [
        ...Object.keys(templateOfEvent),
        ...Object.keys(staffTemplateOfEvent),
        EventType.ShipmentTracked,
      ].sort(),
    ).toEqual([...notifierTypes].sort());
    expect(Object.keys(trackingTemplates).sort()).toEqual(
      TRACKING_KINDS.filter((kind) => caseEffectOf(kind).notice).sort(),
    );
    expect(smsTemplateCode('case-accepted')).toBe('TB_CASE_ACCEPTED_V1');
    expect(smsTemplateCode('case-accepted', 2)).toBe('TB_CASE_ACCEPTED_V2');
  });
});

describe('quiet hours', () => {
  it('send at once by day and wait for 08:00 by night, across midnight', () => {
    const tz = 'Asia/Shanghai';
    expect(sendableAt(at('2026-12-08T10:00:00'), defaultQuietHours, tz)).toEqual(at('2026-12-08T10:00:00'));
    expect(sendableAt(at('2026-12-08T20:59:59'), defaultQuietHours, tz)).toEqual(at('2026-12-08T20:59:59'));
    expect(sendableAt(at('2026-12-08T21:00:00'), defaultQuietHours, tz)).toEqual(at('2026-12-09T08:00:00'));
    expect(sendableAt(at('2026-12-09T02:30:20'), defaultQuietHours, tz)).toEqual(at('2026-12-09T08:00:00'));
    expect(sendableAt(at('2026-12-09T08:00:00'), defaultQuietHours, tz)).toEqual(at('2026-12-09T08:00:00'));
    // A quiet spell within one day.
    const lunch = { from: '12:00', to: '13:30' };
    expect(sendableAt(at('2026-12-08T12:10:00'), lunch, tz)).toEqual(at('2026-12-08T13:30:00'));
    expect(sendableAt(at('2026-12-08T11:59:00'), lunch, tz)).toEqual(at('2026-12-08T11:59:00'));
  });

  it('never send inside them, and never wait longer than they last', () => {
    const tz = 'Asia/Shanghai';
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 366 * 24 * 60 }), (minute) => {
        const now = new Date(Date.UTC(2026, 0, 1) + minute * 60_000);
        const when = sendableAt(now, defaultQuietHours, tz);
        const hour = (when.getUTCHours() + 8) % 24;
        expect(hour >= 8 && hour < 21).toBe(true);
        expect(when.getTime() - now.getTime()).toBeLessThanOrEqual(11 * 3600_000);
        expect(when.getTime()).toBeGreaterThanOrEqual(now.getTime() - 60_000);
      }),
    );
  });
});

describe('staff message templates', () => {
  it('fill with identifiers and dates only, and each names who is told', () => {
    const params = {
      ticketNumber: 'T330902-20261208-000001-K',
      type: '投诉',
      dueDate: '2026-12-24',
      stage: ticketStageNames.sign,
      caseNumber: '330902-20261208-000001-K',
      item: '公共租赁住房资格申请',
      step: rectificationStepNames.rectify,
    };
    for (const template of Object.values(staffTemplates)) {
      expect(fill(template.text, params)).not.toContain('{');
      expect(template.roles.length).toBeGreaterThan(0);
    }
    expect(fill(staffTemplates['ticket-escalated'].text, params)).toBe(
      '工单 T330902-20261208-000001-K（投诉）签收已超过时限，提请督办。',
    );
    expect(staffTemplates['ticket-escalated'].roles).toEqual(['supervisor']);
    expect(fill(staffTemplates['rectification-overdue'].text, params)).toBe(
      '办件 330902-20261208-000001-K（“公共租赁住房资格申请”）的差评整改已超过时限 2026-12-24，请尽快办理。',
    );
    expect(staffTemplates['rectification-overdue']).toMatchObject({ centre: true });
  });
});
