// What the window, review and case pages share: the shapes the case API answers, the jurisdiction's
// department names and time zone, times shown in that zone, and the deadline mark in words (never colour
// alone).
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { getJson, type JurisdictionProfile } from '../api.ts';
import { usePick, useText } from './text.ts';

export type Flag = 'on-time' | 'due-soon' | 'overdue';

export interface CaseSummary {
  caseNumber: string;
  itemName?: string;
  status: string;
  statusName: string;
  handlingDepartment: string;
  applicantType: 'person' | 'enterprise';
  byAgent?: boolean;
  promisedDays?: number;
  submittedAt: string;
}

/** A department task as `GET /tasks` and the case view give it: who claimed and decided it, and when. */
export interface Task {
  taskId: string;
  caseNumber: string;
  itemName: string;
  stageName: string;
  name: string;
  department: string;
  status: 'pending' | 'claimed' | 'correction' | 'approved' | 'denied' | 'cancelled';
  opinion?: string;
  claimedBy?: StaffMember;
  decidedBy?: StaffMember;
  decidedAt?: string;
  dueDate?: string;
  workingDaysLeft?: number;
  flag?: Flag;
}
interface StaffMember {
  sub: string;
  name: string;
}

const text = {
  zh: {
    person: '个人',
    enterprise: '企业',
    byAgent: '（代办）',
    days: (n: number) => (n === 0 ? '即办' : `${n} 个工作日`),
    taskStatus: {
      pending: '待认领',
      claimed: '已认领',
      correction: '待补正',
      approved: '同意',
      denied: '不同意',
      cancelled: '已取消',
    },
    flag: {
      'on-time': (left: number) => `剩余 ${left} 个工作日`,
      'due-soon': (left: number) => (left === 0 ? '今天到期' : `即将到期：剩余 ${left} 个工作日`),
      overdue: (left: number) => `已超期 ${-left} 个工作日`,
    },
  },
  en: {
    person: 'Person',
    enterprise: 'Enterprise',
    byAgent: ' (by an agent)',
    days: (n: number) => (n === 0 ? 'On the spot' : `${n} working days`),
    taskStatus: {
      pending: 'Not claimed',
      claimed: 'Claimed',
      correction: 'Awaiting correction',
      approved: 'Approved',
      denied: 'Denied',
      cancelled: 'Cancelled',
    },
    flag: {
      'on-time': (left: number) => `${left} working days left`,
      'due-soon': (left: number) => (left === 0 ? 'Due today' : `Due soon: ${left} working days left`),
      overdue: (left: number) => `Overdue by ${-left} working days`,
    },
  },
};

/** China keeps one time zone; a jurisdiction's profile may name its own. */
const chinaTime = 'Asia/Shanghai';

/** The profile, read once per page load: every table and field of a page names departments from it. */
let profile: Promise<JurisdictionProfile> | undefined;

/** Department names by code and the jurisdiction's time zone. */
export const useJurisdiction = () => {
  const [value, setValue] = useState<JurisdictionProfile>();
  useEffect(() => {
    profile ??= getJson<JurisdictionProfile>('/jurisdiction');
    profile.then(setValue).catch(() => {
      profile = undefined;
    });
  }, []);
  const pick = usePick();
  const departments = value?.departments ?? [];
  const english = pick({ zh: false, en: true });
  return {
    departments,
    departmentName: (code: string) => {
      const d = departments.find((x) => x.code === code);
      return (english ? d?.nameEn : undefined) ?? d?.name ?? code;
    },
    timeZone: value?.timezone || chinaTime,
  };
};

/** `2026-12-07 09:30` in the jurisdiction's zone. */
export const localTime = (iso: string, timeZone: string) =>
  new Intl.DateTimeFormat('sv-SE', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso));

export const useCaseWords = () => {
  const t = useText(text);
  return {
    applicant: (c: Pick<CaseSummary, 'applicantType' | 'byAgent'>) =>
      `${t[c.applicantType]}${c.byAgent ? t.byAgent : ''}`,
    days: t.days,
    taskStatus: (s: Task['status']) => t.taskStatus[s],
  };
};

/** Working days left in words, with a sign for due-soon and overdue; the class adds colour on top. */
export const DueMark = ({ flag, left }: { flag?: Flag; left?: number }) => {
  const t = useText(text);
  if (!flag || left === undefined) return null;
  return (
    <span class={`due ${flag}`}>
      {flag === 'on-time' ? '' : flag === 'overdue' ? '⛔ ' : '⚠ '}
      {t.flag[flag](left)}
    </span>
  );
};

/** A data table of the workbench: its caption, column headers, and the rows given (each with a row header). */
export const Table = ({
  caption,
  columns,
  children,
}: {
  caption: string;
  columns: string[];
  children: ComponentChildren;
}) => (
  <div class="table-scroll staff-wide">
    <table>
      <caption>{caption}</caption>
      <thead>
        <tr>
          {columns.map((c) => (
            <th key={c} scope="col">
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  </div>
);
