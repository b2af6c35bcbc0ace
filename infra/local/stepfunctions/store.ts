// What the local Step Functions endpoint keeps on disk, so state machines and executions outlive a restart:
// one JSON file for the state machines, one per execution (status, history, and every task's recorded
// result, which is what a resumed execution is replayed from). Files are replaced atomically; a file that
// does not parse stops the endpoint with the file named, rather than silently losing executions.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';

const json = z.json();

export const machineRecordSchema = z.object({
  name: z.string(),
  arn: z.string(),
  definition: z.string(),
  roleArn: z.string(),
  type: z.string(),
  createdAt: z.number(),
  updatedAt: z.number().optional(),
});
export type MachineRecord = z.infer<typeof machineRecordSchema>;

const historyEventSchema = z.object({
  id: z.number(),
  previousEventId: z.number(),
  timestamp: z.number(),
  type: z.string(),
  details: z.record(z.string(), json).optional(),
  /** Identifies the event across a replay, so a resumed execution does not log it twice. */
  key: z.string(),
});
export type HistoryEvent = z.infer<typeof historyEventSchema>;

const outcomeSchema = z.union([
  z.object({ ok: z.literal(true), output: json }),
  z.object({ ok: z.literal(false), error: z.string(), cause: z.string() }),
]);
export type Outcome = z.infer<typeof outcomeSchema>;

const taskRecordSchema = z.object({
  startedAt: z.number(),
  token: z.string().optional(),
  /** The callback's function was invoked (or events put): a resumed execution does not do it again. */
  submitted: z.boolean().optional(),
  deadline: z.number().optional(),
  heartbeatSeconds: z.number().optional(),
  heartbeatAt: z.number().optional(),
  dueAt: z.number().optional(),
  /** Cancelled because a sibling Map iteration or Parallel branch failed: its token is dead. */
  abandoned: z.boolean().optional(),
  outcome: outcomeSchema.optional(),
});
export type TaskRecord = z.infer<typeof taskRecordSchema>;

export const executionStatuses = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'] as const;

const executionRecordSchema = z.object({
  executionArn: z.string(),
  stateMachineArn: z.string(),
  stateMachineName: z.string(),
  name: z.string(),
  input: z.string(),
  /** The definition the execution started with: a later update does not change a running execution. */
  definition: z.string(),
  roleArn: z.string(),
  status: z.enum(executionStatuses),
  startDate: z.number(),
  stopDate: z.number().optional(),
  output: z.string().optional(),
  error: z.string().optional(),
  cause: z.string().optional(),
  history: z.array(historyEventSchema),
  /** Recorded results by state path, e.g. `Review#1` or `Departments#1[2]/Review#1`. */
  tasks: z.record(z.string(), taskRecordSchema),
});
export type ExecutionRecord = z.infer<typeof executionRecordSchema>;

export interface Store {
  machines: MachineRecord[];
  executions: ExecutionRecord[];
  saveMachines(machines: Iterable<MachineRecord>): void;
  /** Marks an execution as changed; it is written on the next `flush` (or shortly after). */
  touch(record: ExecutionRecord): void;
  flush(): void;
  /** Writes what is pending and ignores every change after. */
  close(): void;
}

const writeAtomically = (file: string, content: string) => {
  writeFileSync(`${file}.tmp`, content);
  renameSync(`${file}.tmp`, file);
};

const readJson = <T>(file: string, schema: z.ZodType<T>): T => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`Step Functions data file ${file} is not valid JSON: ${(error as Error).message}`);
  }
  const result = schema.safeParse(parsed);
  if (!result.success) {
    throw new Error(`Step Functions data file ${file} is not as expected: ${z.prettifyError(result.error)}`);
  }
  return result.data;
};

/** A store in `dataDir`, or one that keeps nothing when `dataDir` is omitted. */
export const openStore = (dataDir?: string): Store => {
  if (!dataDir) {
    return { machines: [], executions: [], saveMachines() {}, touch() {}, flush() {}, close() {} };
  }
  const machinesFile = join(dataDir, 'state-machines.json');
  const executionsDir = join(dataDir, 'executions');
  mkdirSync(executionsDir, { recursive: true });
  const fileOf = (arn: string) =>
    join(executionsDir, `${createHash('sha256').update(arn).digest('hex').slice(0, 40)}.json`);

  const machines = existsSync(machinesFile) ? readJson(machinesFile, z.array(machineRecordSchema)) : [];
  const executions = readdirSync(executionsDir)
    .filter((file) => file.endsWith('.json'))
    .map((file) => readJson(join(executionsDir, file), executionRecordSchema));

  const dirty = new Set<ExecutionRecord>();
  let scheduled: NodeJS.Immediate | undefined;
  let closed = false;
  const flush = () => {
    if (scheduled) clearImmediate(scheduled);
    scheduled = undefined;
    for (const record of dirty) writeAtomically(fileOf(record.executionArn), JSON.stringify(record));
    dirty.clear();
  };
  return {
    machines,
    executions,
    saveMachines(list) {
      if (!closed) writeAtomically(machinesFile, JSON.stringify([...list], null, 2));
    },
    touch(record) {
      if (closed) return;
      dirty.add(record);
      scheduled ??= setImmediate(flush);
    },
    flush,
    close() {
      flush();
      closed = true;
    },
  };
};
