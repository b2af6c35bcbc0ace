// Case entities in the single table: key templates and the access patterns they serve.
//
//   CASE#<n> / C              the case. gsi1 SUBMITTER#<sub> / <submittedAt>#<n>: "my cases" (not children);
//                             gsi2 QUEUE#<department>#<status> / <submittedAt>#<n>: a department's cases by
//                             status (the window's acceptance queue; the service centre's window reads
//                             every department's, one query each); gsi3 OPEN / <dueDate>#<n>: cases whose
//                             legal clock is running or paused, earliest deadline first (supervision)
//   CASE#<n> / T#<stage>.<i>  one department task. gsi1 TASKS#<department>#<open|done> / <dueDate>#<taskId>:
//                             a department's queue, earliest deadline first
//   CASE#<n> / ~H#<000001>    one history entry (hash-chained). The case row and its tasks sort before the
//                             history, so one query (sk < "~") reads a case with its tasks and no history
//   IDEM#<sub>#<key> / IDEM   an Idempotency-Key already used, with the case it made (expires after a day)
//   SEQ#<division>#<date> / SEQ   the day's case-number counter (numbers are never reused)
//   LICENCE#<id> / LICENCE    an e-licence's catalogue record, read when an application cites one
export const caseKey = (caseNumber: string) => ({ pk: `CASE#${caseNumber}`, sk: 'C' });
export const taskKey = (caseNumber: string, stage: number, index: number) => ({
  pk: `CASE#${caseNumber}`,
  sk: `T#${String(stage).padStart(2, '0')}.${String(index).padStart(2, '0')}`,
});
export const historyKey = (caseNumber: string, seq: number) => ({
  pk: `CASE#${caseNumber}`,
  sk: `~H#${String(seq).padStart(6, '0')}`,
});
export const historyPrefix = '~H#';
export const idempotencyKey = (sub: string, key: string) => ({ pk: `IDEM#${sub}#${key}`, sk: 'IDEM' });
export const sequenceKey = (divisionCode: string, date: string) => ({
  pk: `SEQ#${divisionCode}#${date}`,
  sk: 'SEQ',
});
export const licenceKey = (id: string) => ({ pk: `LICENCE#${id}`, sk: 'LICENCE' });

export const submitterIndex = { name: 'gsi1', pk: (sub: string) => `SUBMITTER#${sub}` } as const;
export const queueIndex = {
  name: 'gsi2',
  pk: (department: string, status: string) => `QUEUE#${department}#${status}`,
} as const;
export const openIndex = { name: 'gsi3', pk: 'OPEN' } as const;
export const taskIndex = {
  name: 'gsi1',
  pk: (department: string, open: boolean) => `TASKS#${department}#${open ? 'open' : 'done'}`,
} as const;

/** Sort-key stand-in for "no deadline yet", so such rows list last. */
export const noDueDate = '9999-12-31';
