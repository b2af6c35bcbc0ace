// 办件 the case: what is recorded about one application from submission to result, its department tasks
// (办理环节) and the views of it each reader may see. A case keeps the item version it was submitted under;
// the rest of the domain (lifecycle, deadlines, history) works on these shapes.
import type { Item, Workflow } from '../catalogue/item.ts';
import type { DeliveryChoice, MailedMaterials, Shipment } from '../delivery.ts';
import { mask, type SealedValue } from '../sealed.ts';
import type { MaterialSubmission } from './application.ts';
import type { Deadline, Pause } from './deadline.ts';
import { type CaseStatus, statusNames } from './lifecycle.ts';

export interface Applicant {
  type: 'person' | 'enterprise';
  name: string;
  /** 身份证号 (ID type 身份证) of a person; never logged. */
  idNumber?: string;
  /** 统一社会信用代码 of an enterprise. */
  creditCode?: string;
  legalRepresentative?: string;
  mobile?: string;
  /** Blind index of a person's ID number (shared/sealed.ts): finds and compares it without the number. */
  idIndex?: string;
  /** The account that acts for itself; absent when an agent applies for someone without an account. */
  sub?: string;
}

/** 经办人 / 代办人: who applied on the applicant's behalf, and the authorisation they showed. */
export interface Agent {
  sub: string;
  name: string;
  idNumber?: string;
  authorisationKey: string;
}

export interface CaseItemRef {
  code: string;
  version: number;
  name: string;
  department: string;
  caseType: 1 | 2;
  /** Promised and statutory limits in working days (other units are converted when the case is made). */
  promisedDays: number;
  statutoryDays: number;
  resultName: string;
  licenceType?: string;
}

export interface Correction {
  /** 补正 requested at acceptance (by the window) or during review (by a department). */
  source: 'acceptance' | 'review';
  taskId?: string;
  missing: MissingItem[];
  requestedAt: string;
  by: { sub: string; name: string; department?: string };
  /** Where the case returns when the applicant supplements. */
  returnTo: CaseStatus;
}

export interface MissingItem {
  materialId?: string;
  field?: string;
  reason: string;
}

export interface Extension {
  days: number;
  reasons: string;
  at: string;
  by: { sub: string; name: string };
}

export interface Suspension {
  kind: 'hearing' | 'testing' | 'expert-review' | 'inspection' | 'other';
  reasons: string;
  at: string;
  by: { sub: string; name: string; department?: string };
}

export interface CaseResult {
  outcome: 'approved' | 'denied' | 'not-accepted' | 'withdrawn' | 'unpaid';
  /** 结果名称, e.g. the licence issued. */
  name?: string;
  /** The e-licence issued as the result (电子证照标识). */
  licenceId?: string;
  reasons?: string;
  at: string;
}

export interface CaseRecord {
  caseNumber: string;
  /** 查询码: anyone with it may read the case's progress (no personal data). */
  queryCode: string;
  kind: 'single' | 'bundle' | 'child';
  /** Parent of a child case, children of a bundle case. */
  parent?: string;
  children?: string[];
  bundle?: { code: string; name: string };
  /** The item of a single or child case; a bundle case lists its children's items. */
  item?: CaseItemRef;
  items?: CaseItemRef[];
  status: CaseStatus;
  applicant: Applicant;
  agent?: Agent;
  /** The account that submitted the case (the applicant, or the agent). */
  submittedBy: string;
  channel: string;
  form: Record<string, unknown>;
  materials: MaterialSubmission[];
  /** Department that accepts and answers for the case (the item's). */
  handlingDepartment: string;
  /** Every department with a part in the case: the handling one and those of the workflow's tasks. */
  departments: string[];
  submittedAt: string;
  acceptedAt?: string;
  acceptance?: { noticeNumber: string; by: { sub: string; name: string; department?: string } };
  deadline?: Deadline;
  extensionDays: number;
  extensions: Extension[];
  pauses: Pause[];
  correction?: Correction;
  suspension?: Suspension;
  result?: CaseResult;
  /** First time supervision found the case past its deadline. */
  overdueAt?: string;
  /** 领取方式: how the applicant receives a paper result (pick-up at the hall when absent). */
  delivery?: DeliveryChoice & { chosenAt: string };
  /** 运单 the courier's waybill of the result and its tracking. */
  shipment?: Shipment;
  /** 邮寄材料 materials that arrived by post, as the window recorded them. */
  mailedIn?: MailedMaterials[];
  /** Revision for optimistic concurrency; every write of the case increments it. */
  rev: number;
  /** Entries in the history and the hash of the last one (the chain's head). */
  historyLength: number;
  historyHead: string;
  updatedAt: string;
  /**
   * The personal values of the case, sealed (shared/cases/personal.ts), by their path in the record
   * (`applicant.idNumber`, `form.phone` …); the value at that path is then its mask.
   */
  sealed?: Record<string, SealedValue>;
}

export const TASK_STATUSES = ['pending', 'claimed', 'correction', 'approved', 'denied', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
export const openTaskStatuses: ReadonlySet<TaskStatus> = new Set(['pending', 'claimed', 'correction']);

/** 办理环节 one department's task in one stage of a case's workflow. */
export interface TaskRecord {
  taskId: string;
  caseNumber: string;
  itemName: string;
  stage: number;
  stageName: string;
  completion: 'all' | 'any';
  index: number;
  name: string;
  department: string;
  status: TaskStatus;
  assignedAt: string;
  dueDate?: string;
  claimedBy?: { sub: string; name: string };
  decidedBy?: { sub: string; name: string };
  decidedAt?: string;
  opinion?: string;
  /** Step Functions task token of the callback that waits for this task's decision. */
  token?: string;
  rev: number;
}

/** Task ids name the case, stage and position, so a task is found from its id alone. */
export const taskIdOf = (caseNumber: string, stage: number, index: number) =>
  `${caseNumber}.${stage}.${index}`;
export const parseTaskId = (taskId: string) => {
  const match = /^(.+)\.(\d{1,2})\.(\d{1,2})$/.exec(taskId);
  if (!match) return undefined;
  return { caseNumber: match[1]!, stage: Number(match[2]), index: Number(match[3]) };
};

export interface PlannedStage {
  stage: number;
  name: string;
  completion: 'all' | 'any';
  limitDays: number;
  tasks: Array<{ taskId: string; department: string; name: string; index: number }>;
}

/** The item's workflow as the state machine runs it: stages in order, tasks of a stage in parallel. */
export const planWorkflow = (caseNumber: string, workflow: Workflow): PlannedStage[] =>
  workflow.stages.map((s, i) => ({
    stage: i + 1,
    name: s.name,
    completion: s.completion,
    limitDays: s.limitDays,
    tasks: s.tasks.map((t, j) => ({
      taskId: taskIdOf(caseNumber, i + 1, j + 1),
      department: t.department,
      name: t.name,
      index: j + 1,
    })),
  }));

export const departmentsOf = (item: Pick<Item, 'department' | 'workflow'>) => [
  ...new Set([item.department, ...item.workflow.stages.flatMap((s) => s.tasks.map((t) => t.department))]),
];

/** Limits in working days: natural days count as 5/7 of that (rounded down), hours as whole office days. */
export const workingDaysOf = (limit: Item['promisedLimit']) =>
  limit.unit === 'working-day'
    ? limit.value
    : limit.unit === 'natural-day'
      ? Math.floor((limit.value * 5) / 7)
      : Math.ceil(limit.value / 8);

export const itemRefOf = (item: Item): CaseItemRef => ({
  code: item.implementationCode,
  version: item.version,
  name: item.name,
  department: item.department,
  caseType: item.caseType,
  promisedDays: workingDaysOf(item.promisedLimit),
  statutoryDays: workingDaysOf(item.statutoryLimit),
  resultName: item.result.name,
  ...(item.result.licenceType ? { licenceType: item.result.licenceType } : {}),
});

/**
 * The applicant as every response shows them: ID number and mobile masked (stored sealed, their masks are
 * what the record holds; a row not yet migrated is masked here), the blind index left out.
 */
export const maskApplicant = ({ idIndex: _index, ...a }: Applicant): Applicant => ({
  ...a,
  ...(a.idNumber ? { idNumber: mask('id-number', a.idNumber) } : {}),
  ...(a.mobile ? { mobile: mask('mobile', a.mobile) } : {}),
});

/** The current step as a citizen reads it on the progress page. */
export const currentStep = (record: CaseRecord, openTasks: readonly TaskRecord[]) => {
  if (record.status === 'IN_REVIEW' && openTasks.length > 0) {
    const stage = Math.min(...openTasks.map((t) => t.stage));
    const names = openTasks.filter((t) => t.stage === stage).map((t) => t.name);
    return `${openTasks.find((t) => t.stage === stage)?.stageName ?? '审查'}：${[...new Set(names)].join('、')}`;
  }
  return statusNames[record.status];
};

/** 办件进度 what anyone with the query code may read: no names, no ID numbers, no form data. */
export const progressView = (record: CaseRecord, openTasks: readonly TaskRecord[]) => ({
  caseNumber: record.caseNumber,
  itemName: record.item?.name ?? record.bundle?.name,
  status: record.status,
  statusName: statusNames[record.status],
  currentStep: currentStep(record, openTasks),
  submittedAt: record.submittedAt,
  acceptedAt: record.acceptedAt,
  promisedBy: record.deadline?.dueDate,
  ...(record.deadline ? { provisional: record.deadline.provisional ?? false } : {}),
  ...(record.result ? { result: { outcome: record.result.outcome, at: record.result.at } } : {}),
  ...(record.children ? { children: record.children } : {}),
  updatedAt: record.updatedAt,
});

/** The summary an applicant gets back, the first time and on every replay. */
export const submissionView = (record: CaseRecord) => ({
  caseNumber: record.caseNumber,
  queryCode: record.queryCode,
  status: record.status,
  ...(record.deadline
    ? { promisedBy: record.deadline.dueDate, provisional: record.deadline.provisional ?? false }
    : {}),
  ...(record.children ? { children: record.children } : {}),
});
