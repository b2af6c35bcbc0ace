// 黄牌 on the schedule: an open case that has come within a few working days of its due date (as 电子监察
// counts it, on the jurisdiction's calendar and with its pauses) raises CaseDueSoon once per due date, which
// tells the handling unit's reviewers and supervisors in their inbox. The red card is the case's own
// CaseOverdue, raised when its review's wait times out.
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { domainEvent, EventType } from '../../shared/events.ts';
import type { CaseContext } from '../cases/context.ts';
import { createReading } from '../cases/reading.ts';
import { raiseOnce } from '../lib/detected.ts';

export const createCardSweep = (ctx: CaseContext, db: DynamoDBDocumentClient, tableName: string) => {
  const reading = createReading(ctx);
  return async () => {
    await ctx.deps.calendars.fresh();
    const { cases } = await reading.supervision({ flag: 'due-soon', limit: 1000 });
    const at = ctx.now();
    let raised = 0;
    for (const c of cases) {
      const fresh = await raiseOnce(
        db,
        tableName,
        { subject: `CASE#${c.caseNumber}`, what: `DUE-SOON#${c.dueDate}`, keepDays: 400 },
        domainEvent(EventType.CaseDueSoon, {
          caseNumber: c.caseNumber,
          dueDate: c.dueDate,
          department: c.handlingDepartment,
        }),
        at,
      );
      if (fresh) raised++;
    }
    return { dueSoon: cases.length, raised };
  };
};
