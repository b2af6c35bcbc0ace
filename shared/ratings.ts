// 好差评 (国办发〔2019〕51号, GB/T 39735-2020): a rating of one handling of a case by its applicant, five
// levels from 1 非常满意 to 5 非常不满意, with the aspects rated and the channel it came through. Ratings are
// append-only. A bad review (4 or 5) opens a rectification (整改) for the unit that handled the case: a
// return call within 1 working day (every real-name bad review gets one), the rectification within 15
// working days on the jurisdiction's calendar, a reply to the rater, then closed — or an appeal (申诉) that
// the review was mistaken or malicious, decided by a supervisor.
import * as z from 'zod';
import type { WorkingCalendar } from './calendar.ts';

export const ratingLevels = {
  1: '非常满意',
  2: '满意',
  3: '基本满意',
  4: '不满意',
  5: '非常不满意',
} as const;
export type RatingLevel = keyof typeof ratingLevels;
export const isBadReview = (level: number) => level >= 4;

export const ratingAspects = {
  efficiency: '办事效率',
  attitude: '服务态度',
  guide: '指南准确',
  convenience: '便捷程度',
  result: '办理结果',
} as const;

export const ratingChannels = {
  pc: 'PC 端',
  mobile: '移动端',
  qr: '窗口二维码',
  tablet: '窗口评价器',
  sms: '短信',
  hotline: '热线电话',
} as const;

export const ratingInputSchema = z.object({
  level: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)], {
    error: '1 非常满意 … 5 非常不满意',
  }),
  aspects: z
    .array(z.enum(Object.keys(ratingAspects) as [keyof typeof ratingAspects]))
    .max(5)
    .default([]),
  comment: z.string().trim().max(500).optional(),
  channel: z.enum(Object.keys(ratingChannels) as [keyof typeof ratingChannels]).default('pc'),
});
export type RatingInput = z.infer<typeof ratingInputSchema>;

export interface Rating extends RatingInput {
  caseNumber: string;
  itemCode?: string;
  /** The unit that handled the case, and the staff who accepted and decided it. */
  department: string;
  staff: Array<{ sub: string; name: string }>;
  /** Rated under the applicant's verified name (实名), as every signed-in rating is. */
  realName: boolean;
  at: string;
}

export const RECTIFICATION_STATUSES = [
  'awaiting-call', // 待回访
  'rectifying', // 整改中
  'awaiting-reply', // 待答复
  'closed', // 已办结
  'appealed', // 申诉中
  'void', // 申诉成立: the review was mistaken or malicious
] as const;
export type RectificationStatus = (typeof RECTIFICATION_STATUSES)[number];

export const rectificationLimits = { callWorkingDays: 1, rectifyWorkingDays: 15 } as const;

export interface Rectification {
  id: string;
  caseNumber: string;
  department: string;
  level: RatingLevel;
  status: RectificationStatus;
  openedAt: string;
  /** Local dates: the return call by, the rectification by (working days on the calendar). */
  callBy: string;
  rectifyBy: string;
  call?: { at: string; by: string; reached: boolean; note: string };
  rectified?: { at: string; by: string; measures: string };
  reply?: { at: string; by: string; text: string };
  appeal?: {
    at: string;
    by: string;
    reason: string;
    decision?: { at: string; by: string; upheld: boolean; opinion: string };
  };
  closedAt?: string;
}

/** The deadlines of a rectification opened on `openedOn` (the local date of the bad review). */
export const rectificationDeadlines = (calendar: WorkingCalendar, openedOn: string) => ({
  callBy: calendar.addWorkingDays(openedOn, rectificationLimits.callWorkingDays),
  rectifyBy: calendar.addWorkingDays(openedOn, rectificationLimits.rectifyWorkingDays),
});

type Step = 'call' | 'rectify' | 'reply' | 'appeal' | 'decide-appeal';

/** Which step may follow which status: the rectification's one table, as the case lifecycle has. */
export const rectificationSteps: Record<
  Step,
  { from: readonly RectificationStatus[]; to: RectificationStatus }
> = {
  call: { from: ['awaiting-call'], to: 'rectifying' },
  rectify: { from: ['rectifying'], to: 'awaiting-reply' },
  reply: { from: ['awaiting-reply'], to: 'closed' },
  appeal: { from: ['awaiting-call', 'rectifying'], to: 'appealed' },
  // An appeal refused returns to the work it interrupted; one upheld voids the review.
  'decide-appeal': { from: ['appealed'], to: 'void' },
};

/** Whether the rectification is past a deadline it has not met, on `today` (local date). */
export const overdueOf = (r: Rectification, today: string): Array<'call' | 'rectify'> => {
  if (r.status === 'closed' || r.status === 'void' || r.status === 'appealed') return [];
  const late: Array<'call' | 'rectify'> = [];
  if (!r.call && today > r.callBy) late.push('call');
  if (!r.rectified && today > r.rectifyBy) late.push('rectify');
  return late;
};

/** Per-level counts and the figures the public statistics show. */
export interface RatingCounts {
  levels: Record<RatingLevel, number>;
  /** Bad reviews, those rectified (closed), those closed on time, those voided on appeal. */
  bad: number;
  rectified: number;
  onTime: number;
  voided: number;
}

export const emptyCounts = (): RatingCounts => ({
  levels: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 },
  bad: 0,
  rectified: 0,
  onTime: 0,
  voided: 0,
});

/** 满意率: levels 1–3 of all ratings not voided; 整改率 and 按时整改率 of the bad reviews not voided. */
export const ratingFigures = (c: RatingCounts) => {
  const total = Object.values(c.levels).reduce((a, b) => a + b, 0) - c.voided;
  const satisfied = c.levels[1] + c.levels[2] + c.levels[3];
  const bad = c.bad - c.voided;
  const rate = (n: number, d: number) => (d === 0 ? null : Math.round((n / d) * 1000) / 10);
  return {
    total,
    satisfactionRate: rate(satisfied, total),
    rectificationRate: rate(c.rectified, bad),
    onTimeRate: rate(c.onTime, bad),
  };
};

/**
 * 窗口服务评价: a window clerk records a visit that left no case behind — a consultation, or a matter handled
 * on the spot — and the person rates it once by the QR code the window shows (or on the hall's tablet) with
 * the visit's code, within a few days. The rating names the unit and the clerk who served.
 */
export const windowServices = { consultation: '咨询', handled: '当场办结' } as const;
export type WindowService = keyof typeof windowServices;
export const visitRatingDays = 3;

export const windowVisitInputSchema = z.strictObject({
  service: z.enum(Object.keys(windowServices) as [WindowService]),
  itemCode: z.string().trim().min(1).max(64).optional(),
});
export type WindowVisitInput = z.infer<typeof windowVisitInputSchema>;

export const visitIdSchema = z.string().regex(/^W\d{8}-[0-9A-Z]{10}$/, 'a window visit number');
export const visitCodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[0-9A-Z]{6}$/, 'the six characters under the QR code');

export const visitRatingInputSchema = ratingInputSchema.extend({
  code: visitCodeSchema,
  channel: z.enum(['qr', 'tablet']).default('qr'),
});
export type VisitRatingInput = z.infer<typeof visitRatingInputSchema>;

export interface WindowVisit {
  id: string;
  at: string;
  service: WindowService;
  department: string;
  staff: { sub: string; name: string };
  itemCode?: string;
  itemName?: string;
  /** The last moment it may be rated. */
  rateBy: string;
}

export interface VisitRating extends RatingInput {
  visitId: string;
  service: WindowService;
  itemCode?: string;
  department: string;
  staff: Array<{ sub: string; name: string }>;
  /** Rated by whoever held the code at the window: not under a verified name. */
  realName: false;
  at: string;
}
