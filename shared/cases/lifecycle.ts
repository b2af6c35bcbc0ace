// 办件生命周期 the case lifecycle as one table: for every action, the statuses it may start from, the roles
// that may take it and the status it leads to. Every use-case asks this table before it writes, so an
// illegal transition (deciding a withdrawn case, accepting twice) is refused the same way everywhere.
import { conflict, forbidden } from '../errors.ts';
import type { Role } from '../identity.ts';

export const CASE_STATUSES = [
  'SUBMITTED', // 已申请, waiting for acceptance
  'CORRECTION_REQUESTED', // 待补正: the applicant owes materials (clock stopped once accepted)
  'ACCEPTED', // 已受理: the clock runs, the workflow is starting
  'IN_REVIEW', // 审查中: department tasks are open
  'SUSPENDED', // 特别程序: hearing, testing, expert review, inspection (clock stopped)
  'COMPLETED', // 已办结 with an approval
  'DENIED', // 不予许可 / 不予批准
  'NOT_ACCEPTED', // 不予受理
  'WITHDRAWN', // 申请人撤回
  'DELIVERED', // 已送达: the paper result was signed for by courier
  'AWAITING_PICKUP', // 待领取: delivery failed, the result is back at the hall
  'PICKED_UP', // 已领取 at the window
  'AWAITING_PAYMENT', // 待缴费: approved, the payment order is out (clock stopped: the applicant owes the next step)
  'CLOSED_UNPAID', // 逾期未缴费: the payment deadline passed, the case closed without its result
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const statusNames: Record<CaseStatus, string> = {
  SUBMITTED: '已申请，待受理',
  CORRECTION_REQUESTED: '待补正',
  ACCEPTED: '已受理',
  IN_REVIEW: '审查中',
  SUSPENDED: '特别程序中',
  COMPLETED: '已办结',
  DENIED: '不予许可',
  NOT_ACCEPTED: '不予受理',
  WITHDRAWN: '已撤回',
  DELIVERED: '已送达',
  AWAITING_PICKUP: '待领取（投递未成功，已退回大厅）',
  PICKED_UP: '已领取',
  AWAITING_PAYMENT: '待缴费',
  CLOSED_UNPAID: '逾期未缴费，已终止',
};

/** Statuses nothing follows. */
export const terminalStatuses: ReadonlySet<CaseStatus> = new Set([
  'DENIED',
  'NOT_ACCEPTED',
  'WITHDRAWN',
  'DELIVERED',
  'PICKED_UP',
  'CLOSED_UNPAID',
]);

/**
 * Statuses in which the decision is made and the review is over: the terminal ones, and an approved case
 * whose paper result is still on its way (completed, or back at the hall awaiting pick-up).
 */
export const concludedStatuses: ReadonlySet<CaseStatus> = new Set([
  ...terminalStatuses,
  'COMPLETED',
  'AWAITING_PICKUP',
]);

/** Statuses in which the legal clock runs (deadline supervision applies). */
export const clockRunning: ReadonlySet<CaseStatus> = new Set(['ACCEPTED', 'IN_REVIEW']);

export type CaseAction =
  | 'submit'
  | 'accept'
  | 'accept-and-complete'
  | 'reject'
  | 'request-correction'
  | 'supplement'
  | 'start-review'
  | 'decide-task'
  | 'request-task-correction'
  | 'extend'
  | 'suspend'
  | 'resume'
  | 'complete'
  | 'deny'
  | 'withdraw'
  | 'mark-overdue'
  | 'recompute-deadline'
  | 'choose-delivery'
  | 'record-mailed-materials'
  | 'dispatch'
  | 'track'
  | 'deliver'
  | 'return-to-hall'
  | 'hand-over'
  | 'request-payment'
  | 'record-payment'
  | 'close-unpaid';

/** Who takes an action: a role, or the workflow itself (Step Functions calling back). */
export type Actor = Role | 'system';

interface Rule {
  from: readonly CaseStatus[];
  by: readonly Actor[];
  /** The status after; `undefined` keeps the current one (or, for supplements, returns to where it was). */
  to?: CaseStatus;
}

const applicants = ['citizen', 'enterprise', 'agent'] as const;

export const lifecycle: Record<CaseAction, Rule> = {
  submit: { from: [], by: applicants, to: 'SUBMITTED' },
  accept: { from: ['SUBMITTED'], by: ['clerk'], to: 'ACCEPTED' },
  'accept-and-complete': { from: ['SUBMITTED'], by: ['clerk'], to: 'COMPLETED' },
  reject: { from: ['SUBMITTED'], by: ['clerk'], to: 'NOT_ACCEPTED' },
  'request-correction': { from: ['SUBMITTED'], by: ['clerk'], to: 'CORRECTION_REQUESTED' },
  supplement: { from: ['CORRECTION_REQUESTED'], by: applicants },
  'start-review': { from: ['ACCEPTED', 'IN_REVIEW'], by: ['system'], to: 'IN_REVIEW' },
  'decide-task': { from: ['IN_REVIEW'], by: ['reviewer'] },
  'request-task-correction': { from: ['IN_REVIEW'], by: ['reviewer'], to: 'CORRECTION_REQUESTED' },
  extend: { from: ['ACCEPTED', 'IN_REVIEW', 'SUSPENDED', 'CORRECTION_REQUESTED'], by: ['supervisor'] },
  suspend: { from: ['IN_REVIEW'], by: ['reviewer', 'supervisor'], to: 'SUSPENDED' },
  resume: { from: ['SUSPENDED'], by: ['reviewer', 'supervisor'], to: 'IN_REVIEW' },
  complete: { from: ['ACCEPTED', 'IN_REVIEW'], by: ['system'], to: 'COMPLETED' },
  // 缴费: the approved case waits for its fees (the legal clock stops, as in a correction: the applicant owes
  // the next step); paid (or exempted) it goes on to its result; unpaid by the deadline it closes.
  'request-payment': { from: ['ACCEPTED', 'IN_REVIEW'], by: ['system'], to: 'AWAITING_PAYMENT' },
  'record-payment': { from: ['AWAITING_PAYMENT'], by: ['system'], to: 'IN_REVIEW' },
  'close-unpaid': { from: ['AWAITING_PAYMENT'], by: ['system'], to: 'CLOSED_UNPAID' },
  deny: { from: ['ACCEPTED', 'IN_REVIEW'], by: ['system'], to: 'DENIED' },
  withdraw: {
    from: ['SUBMITTED', 'CORRECTION_REQUESTED', 'ACCEPTED', 'IN_REVIEW', 'SUSPENDED'],
    by: applicants,
    to: 'WITHDRAWN',
  },
  'mark-overdue': { from: ['ACCEPTED', 'IN_REVIEW', 'SUSPENDED', 'CORRECTION_REQUESTED'], by: ['system'] },
  // An admin publishes a year's holiday arrangement (放假安排): the deadlines it changes are counted again.
  'recompute-deadline': {
    from: ['ACCEPTED', 'IN_REVIEW', 'SUSPENDED', 'CORRECTION_REQUESTED'],
    by: ['admin'],
  },
  // 物流寄递 (shared/delivery.ts): the applicant chooses pick-up or delivery until the result is sent; the
  // window records materials that came by post; the courier's reports move an approved case on.
  'choose-delivery': {
    from: ['SUBMITTED', 'CORRECTION_REQUESTED', 'ACCEPTED', 'IN_REVIEW', 'SUSPENDED', 'COMPLETED'],
    by: applicants,
  },
  'record-mailed-materials': {
    from: ['SUBMITTED', 'CORRECTION_REQUESTED', 'ACCEPTED', 'IN_REVIEW', 'SUSPENDED'],
    by: ['clerk'],
  },
  dispatch: { from: ['COMPLETED'], by: ['system'] },
  track: { from: ['COMPLETED'], by: ['system'] },
  deliver: { from: ['COMPLETED'], by: ['system'], to: 'DELIVERED' },
  'return-to-hall': { from: ['COMPLETED'], by: ['system'], to: 'AWAITING_PICKUP' },
  'hand-over': { from: ['AWAITING_PICKUP'], by: ['clerk'], to: 'PICKED_UP' },
};

/**
 * The status after `action`, or a 409 naming the current status when the case is not in a status the
 * action may start from; a 403 when the actor's role may never take it.
 */
export const transition = (status: CaseStatus, action: CaseAction, actor: Actor): CaseStatus => {
  const rule = lifecycle[action];
  if (!rule.by.includes(actor)) throw forbidden(`A ${actor} may not ${action} a case.`);
  if (!rule.from.includes(status)) {
    throw conflict(`The case is ${status} (${statusNames[status]}): it cannot ${action} now.`, [
      { path: 'status', message: status },
    ]);
  }
  return rule.to ?? status;
};

/** The actions open to a case in `status`: what a client may offer next. */
export const allowedActions = (status: CaseStatus): CaseAction[] =>
  (Object.keys(lifecycle) as CaseAction[]).filter((a) => lifecycle[a].from.includes(status));
