// 12345 tickets, the domain: input rules, the steps table (who, from which status), deadlines counted on the
// jurisdiction's working days (dispatch, sign-for, handling with extensions, the reminder before it), the
// timers the workflow waits for, and the dispatch suggestion with its explanation.
import { describe, expect, it } from 'vitest';
import { loadJurisdiction } from '../../infra/jurisdictions/index.ts';
import { WorkingCalendar } from '../../shared/calendar.ts';
import type { Principal } from '../../shared/identity.ts';
import { buildDispatchIndex, naiveKeywordSuggest } from '../../shared/ticket-dispatch.ts';
import {
  addWorkingDaysAt,
  anonymousInputSchema,
  dispatchDeadline,
  formatTicketNumber,
  handlingDue,
  isTicketNumber,
  overdueStage,
  pendingTimers,
  reminderDate,
  stepProblem,
  type Ticket,
  ticketInputSchema,
  ticketsConfigSchema,
} from '../../shared/tickets.ts';

const dinghai = loadJurisdiction('dinghai');
const calendar = WorkingCalendar.forJurisdiction(dinghai.calendar);
const tz = 'Asia/Shanghai';
const config = ticketsConfigSchema.parse({});

const filer: Principal = { sub: 'p1', role: 'citizen', name: '张三' };
const centre: Principal = { sub: 's1', role: 'clerk', name: '陈窗口', department: 'zwfw' };
const unit: Principal = { sub: 's2', role: 'reviewer', name: '周审核', department: 'scjgj' };
const other: Principal = { sub: 's3', role: 'reviewer', name: '吴审核', department: 'zjj' };

const ticket = (over: Partial<Ticket> = {}): Ticket => ({
  ticketNumber: formatTicketNumber('330902', '2026-12-07', 1),
  type: 'complaint',
  text: '超市卖过期酸奶，要求退款',
  emergency: false,
  attachments: [],
  channel: 'web',
  anonymous: false,
  filedBy: 'p1',
  queryCodeHash: 'x',
  status: 'filed',
  filedAt: '2026-12-07T02:00:00.000Z',
  assisting: [],
  sendBacks: [],
  extensions: [],
  escalations: [],
  reopens: [],
  rev: 1,
  historyLength: 1,
  lastHash: 'h',
  ...over,
});

describe('ticket input', () => {
  it('needs a licence for a data dispute and only for it; only reports are anonymous', () => {
    const dispute = ticketInputSchema.safeParse({ type: 'data-dispute', text: '证照上的地址写错了门牌号' });
    expect(dispute.success).toBe(false);
    expect(dispute.error?.issues[0]?.path).toEqual(['licenceId']);
    expect(
      ticketInputSchema.safeParse({
        type: 'complaint',
        text: '门口商店卖过期食品',
        licenceId: '1.2.156.x.y.z',
      }).success,
    ).toBe(false);
    expect(anonymousInputSchema.safeParse({ type: 'report', text: '某工地夜间偷排污水到河里' }).success).toBe(
      true,
    );
    expect(
      anonymousInputSchema.safeParse({ type: 'complaint', text: '某工地夜间偷排污水到河里' }).success,
    ).toBe(false);
  });

  it('numbers tickets like cases, with a T and a check character', () => {
    const n = formatTicketNumber('330902', '2026-12-07', 12);
    expect(n).toMatch(/^T330902-20261207-000012-[0-9A-Z]$/);
    expect(isTicketNumber(n)).toBe(true);
    expect(isTicketNumber(`${n.slice(0, -1)}${n.endsWith('A') ? 'B' : 'A'}`)).toBe(false);
  });
});

describe('the steps table', () => {
  const now = new Date('2026-12-07T03:00:00Z');
  it('lets the centre dispatch, the lead unit sign or send back, the filer reopen — nobody else', () => {
    expect(stepProblem(ticket(), 'dispatch', centre, now)).toBeUndefined();
    expect(stepProblem(ticket(), 'dispatch', unit, now)?.kind).toBe('actor');
    const dispatched = ticket({ status: 'dispatched', lead: 'scjgj' });
    expect(stepProblem(dispatched, 'sign', unit, now)).toBeUndefined();
    expect(stepProblem(dispatched, 'send-back', unit, now)).toBeUndefined();
    expect(stepProblem(dispatched, 'sign', other, now)?.kind).toBe('actor');
    expect(stepProblem(dispatched, 'reply', unit, now)?.kind).toBe('status');
  });

  it('allows one extension request at a time, and reopening only after an unsatisfied visit in the window', () => {
    const handling = ticket({ status: 'handling', lead: 'scjgj' });
    const asked = ticket({
      status: 'handling',
      lead: 'scjgj',
      extensions: [{ requestedAt: now.toISOString(), days: 3, reasons: '需现场核查', by: '周审核' }],
    });
    expect(stepProblem(handling, 'request-extension', unit, now)).toBeUndefined();
    expect(stepProblem(asked, 'request-extension', unit, now)?.kind).toBe('status');
    expect(stepProblem(handling, 'decide-extension', centre, now)?.kind).toBe('status');
    expect(stepProblem(asked, 'decide-extension', centre, now)).toBeUndefined();
    const visited = (level: number) =>
      ticket({
        status: 'visited',
        lead: 'scjgj',
        visit: { at: now.toISOString(), by: '陈窗口', level },
        reopenUntil: '2026-12-14T03:00:00.000Z',
      });
    expect(stepProblem(visited(4), 'reopen', filer, now)).toBeUndefined();
    expect(stepProblem(visited(2), 'reopen', filer, now)?.kind).toBe('status');
    expect(stepProblem(visited(5), 'reopen', filer, new Date('2026-12-15T00:00:00Z'))?.kind).toBe('status');
    expect(stepProblem(visited(5), 'reopen', other, now)?.kind).toBe('actor');
  });
});

describe('deadlines on working days', () => {
  it('counts the dispatch limit in hours for emergencies and in working days otherwise, over weekends', () => {
    // Friday 2026-12-11 16:00 Beijing time: one working day later is Monday 16:00.
    const friday = new Date('2026-12-11T08:00:00Z');
    expect(dispatchDeadline(calendar, config, friday, true, tz).toISOString()).toBe(
      '2026-12-11T09:00:00.000Z',
    );
    expect(dispatchDeadline(calendar, config, friday, false, tz).toISOString()).toBe(
      '2026-12-14T08:00:00.000Z',
    );
    // Filed on a Saturday: the count starts with Monday; due by Monday's close.
    const saturday = new Date('2026-12-12T02:00:00Z');
    expect(addWorkingDaysAt(calendar, saturday, 1, tz).toISOString()).toBe('2026-12-14T09:00:00.000Z');
  });

  it('counts the handling limit by type from the sign-for, plus approved extensions, across New Year', () => {
    const signed = new Date('2026-12-21T02:00:00Z'); // Monday
    const complaint = handlingDue(calendar, config, { type: 'complaint', extensions: [] }, signed, tz);
    // 13 working days after Monday 21 December, with 1 January (元旦) off.
    expect(complaint.dueDate).toBe(calendar.addWorkingDays('2026-12-21', 13));
    expect(calendar.workingDaysBetween('2026-12-21', complaint.dueDate)).toBe(13);
    expect(complaint.handleBy).toBe(
      `${new Date(Date.parse(`${complaint.dueDate}T00:00:00+08:00`) + 86_400_000).toISOString()}`,
    );
    const extended = handlingDue(
      calendar,
      config,
      {
        type: 'complaint',
        extensions: [
          {
            requestedAt: '',
            days: 5,
            reasons: '',
            by: '',
            decision: { at: '', approved: true, opinion: '', by: '' },
          },
          {
            requestedAt: '',
            days: 9,
            reasons: '',
            by: '',
            decision: { at: '', approved: false, opinion: '', by: '' },
          },
        ],
      },
      signed,
      tz,
    );
    expect(calendar.workingDaysBetween('2026-12-21', extended.dueDate)).toBe(18);
    const enquiry = handlingDue(
      calendar,
      ticketsConfigSchema.parse({ limits: { enquiry: 2 } }),
      { type: 'enquiry', extensions: [] },
      signed,
      tz,
    );
    expect(calendar.workingDaysBetween('2026-12-21', enquiry.dueDate)).toBe(2);
  });

  it('reminds a working day before the limit, and plans the timers of the current stage only', () => {
    expect(reminderDate(calendar, config, '2026-12-21', calendar.addWorkingDays('2026-12-21', 13))).toBe(
      calendar.addWorkingDays('2026-12-21', 12),
    );
    const signedAt = '2026-12-21T02:00:00.000Z';
    const due = handlingDue(calendar, config, { type: 'complaint', extensions: [] }, new Date(signedAt), tz);
    const handling = ticket({ status: 'handling', lead: 'scjgj', signedAt, ...due });
    const timers = pendingTimers(handling, calendar, config, tz);
    expect(timers.map((t) => t.kind)).toEqual(['remind', 'escalate']);
    expect(timers[1]).toMatchObject({ stage: 'handle', at: due.handleBy });
    const reminded = {
      ...handling,
      remindedAt: timers[0]!.at,
      escalations: [{ at: due.handleBy, stage: 'handle' as const }],
    };
    expect(pendingTimers(reminded, calendar, config, tz)).toEqual([]);
    expect(overdueStage(handling, new Date(Date.parse(due.handleBy) + 1000))).toBe('handle');
    expect(overdueStage(handling, new Date(signedAt))).toBeUndefined();
  });
});

describe('the dispatch suggestion', () => {
  const docs = [
    { department: 'scjgj', itemCode: 'A', label: '食品经营许可', text: '食品销售 餐饮服务 食品安全' },
    { department: 'rlsbj', itemCode: 'B', label: '劳动保障监察投诉', text: '用人单位 拖欠 工资 劳动合同' },
    { department: 'zjj', itemCode: 'C', label: '物业服务投诉', text: '小区 物业 维修' },
  ];
  const keywords = { scjgj: ['过期食品'], rlsbj: ['拖欠工资', '工资'], zjj: ['物业'] };
  const index = buildDispatchIndex(docs, keywords);

  it('ranks the department whose items and keywords match, and says which words matched where', () => {
    const [first] = index.suggest('公司已经三个月拖欠工资了，老板一直不签劳动合同');
    expect(first?.department).toBe('rlsbj');
    // 工资 inside 拖欠工资 counts once, as the longer keyword.
    expect(first?.reasons[0]).toEqual({ source: '关键词', matched: ['拖欠工资'] });
    expect(first?.reasons[1]?.source).toBe('劳动保障监察投诉');
    expect(first?.reasons[1]?.matched).toEqual(expect.arrayContaining(['劳动', '合同']));
  });

  it('finds a department with no items or keywords by its name, and reads spoken words as written ones', () => {
    const named = buildDispatchIndex(docs, keywords, {
      departmentNames: { hyj: '海洋与渔业局', scjgj: '市场监督管理局' },
      synonyms: { 打鱼: ['渔业捕捞'] },
    });
    const [first] = named.suggest('有人在禁渔的时候偷偷出去打鱼');
    expect(first?.department).toBe('hyj');
    expect(first?.reasons).toEqual([{ source: '海洋与渔业局', matched: expect.arrayContaining(['渔业']) }]);
    // Without the synonym the text still shares a rare character with the name, but not the pair.
    const [plain] = buildDispatchIndex(docs, keywords, {
      departmentNames: { hyj: '海洋与渔业局' },
      synonyms: {},
    }).suggest('有人在禁渔的时候偷偷出去打鱼');
    expect(plain?.department).toBe('hyj');
    expect(plain?.reasons[0]?.matched).toEqual(['渔']);
    expect(plain!.score).toBeLessThan(first!.score);
  });

  it('answers nothing for a text nothing matches, and the baseline counts plain keywords', () => {
    expect(index.suggest('今天天气很好')).toEqual([]);
    expect(naiveKeywordSuggest(docs, keywords, '小区物业不管事')[0]).toBe('zjj');
  });
});
