// Catalogue administration use-cases: validate, apply the lifecycle rule, persist in one transaction, and
// refresh the search snapshot after anything that changes the published catalogue.

import { passagesOf } from '../../shared/answers.ts';
import { checkItem, duplicateCodes } from '../../shared/catalogue/invariants.ts';
import {
  type Actor,
  type Item,
  type ItemInput,
  itemInputSchema,
  toSummary,
} from '../../shared/catalogue/item.ts';
import {
  createDraft,
  editDraft,
  publish,
  retire,
  startNextVersion,
} from '../../shared/catalogue/versions.ts';
import type { Clock } from '../../shared/clock.ts';
import {
  conflict,
  DomainError,
  type FieldIssue,
  issuesToDetails,
  notFound,
  validationFailed,
} from '../../shared/errors.ts';
import { type CatalogueStore, type ItemHead, toSearchDoc } from '../catalogue/store.ts';

export interface CatalogueAdminDeps {
  store: CatalogueStore;
  clock: Clock;
  departments: ReadonlySet<string>;
  /** Rebuilds the search snapshot from the published catalogue. */
  refreshSearch: () => Promise<void>;
}

export interface RowOutcome {
  row: number;
  code?: string;
  status: 'created' | 'updated' | 'rejected';
  errors?: FieldIssue[];
}

const prefixed = (prefix: string, issues: FieldIssue[]) =>
  issues.map((i) => ({ path: i.path === '(root)' ? prefix : `${prefix}.${i.path}`, message: i.message }));

export const createCatalogueAdmin = (deps: CatalogueAdminDeps) => {
  const { store, clock } = deps;

  const validate = (input: ItemInput, prefix = 'body') => {
    const issues = checkItem(input, deps.departments);
    if (issues.length > 0)
      throw validationFailed(prefixed(prefix, issues), 'The item breaks catalogue rules.');
  };

  const requireHead = async (code: string) => {
    const head = await store.getHead(code);
    if (!head) throw notFound(`No item ${code}.`);
    return head;
  };

  const create = async (input: ItemInput, actor: Actor) => {
    validate(input);
    if (await store.getHead(input.implementationCode)) {
      throw conflict(`Item ${input.implementationCode} already exists: edit it with PUT.`);
    }
    const draft = createDraft(input, actor, clock.now());
    const head: ItemHead = { code: draft.implementationCode, latest: 1, draft: 1, status: 'draft', rev: 0 };
    await store.saveDraft(head, undefined, draft, true);
    return draft;
  };

  /** Edits the draft, or starts the next version when only a published version exists. */
  const update = async (code: string, input: ItemInput, actor: Actor) => {
    if (input.implementationCode !== code) {
      throw validationFailed([
        { path: 'body.implementationCode', message: `must be ${code}, the item being edited` },
      ]);
    }
    validate(input);
    const head = await requireHead(code);
    if (head.draft) {
      const draft = await store.getVersion(code, head.draft);
      const edited = editDraft(draft!, input, actor, clock.now());
      await store.saveDraft({ ...head, rev: head.rev }, head.rev, edited, false);
      return edited;
    }
    if (head.status !== 'published' || !head.current) {
      throw conflict(`Item ${code} is ${head.status}: it can no longer be edited.`, [
        { path: 'status', message: head.status },
      ]);
    }
    const published = await store.getVersion(code, head.current);
    const next = startNextVersion(published!, input, actor, clock.now(), head.latest + 1);
    await store.saveDraft({ ...head, latest: next.version, draft: next.version }, head.rev, next, true);
    return next;
  };

  const publishDraft = async (code: string, actor: Actor, refresh = true) => {
    const head = await requireHead(code);
    if (!head.draft)
      throw conflict(`Item ${code} has no draft to publish.`, [{ path: 'status', message: head.status }]);
    const draft = (await store.getVersion(code, head.draft))!;
    // Departments may have changed since the draft was written.
    validate(draft, 'item');
    const published = publish(draft, actor, clock.now());
    const previous = head.current ? await store.getVersion(code, head.current) : undefined;
    const { draft: _done, ...rest } = head;
    await store.publish(
      {
        ...rest,
        current: published.version,
        status: 'published',
        summary: toSummary(published),
        search: toSearchDoc(published),
        answers: passagesOf(published),
      },
      head.rev,
      published,
      previous,
    );
    if (refresh) await deps.refreshSearch();
    return published;
  };

  const retireItem = async (code: string, actor: Actor, reason?: string) => {
    const head = await requireHead(code);
    if (head.status !== 'published' || !head.current) {
      throw conflict(`Item ${code} is ${head.status}: only a published item can be retired.`, [
        { path: 'status', message: head.status },
      ]);
    }
    const current = (await store.getVersion(code, head.current))!;
    const retired = retire(current, actor, clock.now(), reason);
    const { current: _gone, summary: _s, search: _x, answers: _a, ...rest } = head;
    await store.retire({ ...rest, status: 'retired' }, head.rev, retired);
    await deps.refreshSearch();
    return retired;
  };

  /** The administration's list: drafts and retired items too, each named by its newest version. */
  const list = async (filter: { status?: Item['status']; limit: number; cursor?: string }) => {
    const { heads, cursor } = await store.listHeads(filter);
    const items = await Promise.all(
      heads.map(async (head) => ({
        code: head.code,
        name: head.summary?.name ?? (await store.getVersion(head.code, head.latest))?.name ?? head.code,
        status: head.status,
        latest: head.latest,
        current: head.current,
        draft: head.draft,
      })),
    );
    return cursor ? { items, cursor } : { items };
  };

  const view = async (code: string) => {
    const head = await requireHead(code);
    const versions: Item[] = [];
    for (let v = 1; v <= head.latest; v++) {
      const item = await store.getVersion(code, v);
      if (item) versions.push(item);
    }
    return {
      code,
      status: head.status,
      current: head.current,
      draft: head.draft,
      versions: versions.map((v) => ({
        version: v.version,
        status: v.status,
        updatedAt: v.updatedAt,
        updatedBy: v.updatedBy,
        publishedAt: v.publishedAt,
        retiredAt: v.retiredAt,
        retiredReason: v.retiredReason,
      })),
      item: versions.at(-1),
    };
  };

  /**
   * Imports rows. Every row is validated first; `atomic` lands all or nothing. Valid rows become drafts
   * (new items or the next version of existing ones) and, with `publishRows`, are published.
   */
  /** Rows landing at once: each takes a few sequential round trips, so parallel rows cut an import's time. */
  const importConcurrency = 8;

  const importRows = async (
    rows: ReadonlyArray<{ row: number; value: unknown }>,
    actor: Actor,
    options: { atomic: boolean; publishRows: boolean; onProgress?: (done: number) => Promise<void> },
  ) => {
    const outcomes: RowOutcome[] = [];
    const valid: Array<{ row: number; input: ItemInput }> = [];
    for (const { row, value } of rows) {
      const parsed = itemInputSchema.safeParse(value);
      if (!parsed.success) {
        outcomes.push({ row, status: 'rejected', errors: issuesToDetails(parsed.error.issues) });
        continue;
      }
      const issues = checkItem(parsed.data, deps.departments);
      if (issues.length > 0)
        outcomes.push({ row, code: parsed.data.implementationCode, status: 'rejected', errors: issues });
      else valid.push({ row, input: parsed.data });
    }
    for (const duplicate of duplicateCodes(valid.map((v) => v.input))) {
      const entry = valid[duplicate.index]!;
      outcomes.push({
        row: entry.row,
        code: duplicate.code,
        status: 'rejected',
        errors: [
          { path: 'implementationCode', message: `duplicate of row ${valid[duplicate.firstIndex]!.row}` },
        ],
      });
    }
    const rejectedRows = new Set(outcomes.map((o) => o.row));
    const toLand = valid.filter((v) => !rejectedRows.has(v.row));
    if (options.atomic && outcomes.length > 0) {
      return { landed: 0, rejected: outcomes.sort((a, b) => a.row - b.row), outcomes: [] as RowOutcome[] };
    }

    const landed: Array<{ row: number; code: string; created: boolean; earlier?: ItemHead }> = [];
    const landRow = async ({ row, input }: (typeof toLand)[number]) => {
      const earlier = await store.getHead(input.implementationCode);
      const entry = { row, code: input.implementationCode, created: !earlier, earlier };
      landed.push(entry);
      try {
        if (earlier) await update(input.implementationCode, input, actor);
        else await create(input, actor);
        if (options.publishRows) await publishDraft(input.implementationCode, actor, false);
      } catch (error) {
        // Without `atomic`, a row that cannot land (say, a retired item) is reported like an invalid one.
        if (options.atomic || !(error instanceof DomainError)) throw error;
        landed.splice(landed.indexOf(entry), 1);
        const errors =
          error.details.length > 0 ? error.details : [{ path: '(root)', message: error.message }];
        outcomes.push({ row, code: input.implementationCode, status: 'rejected', errors });
      }
    };
    try {
      // Rows name distinct items (duplicates were refused above), so a few land at once.
      let next = 0;
      let done = 0;
      let failure: unknown;
      const worker = async () => {
        while (next < toLand.length && failure === undefined) {
          const row = toLand[next++]!;
          try {
            await landRow(row);
          } catch (error) {
            failure ??= error;
            return;
          }
          done++;
          if (options.onProgress && done % 25 === 0) await options.onProgress(done);
        }
      };
      await Promise.all(Array.from({ length: importConcurrency }, worker));
      if (failure !== undefined) throw failure;
    } catch (error) {
      if (!options.atomic) throw error;
      // All or nothing: a write failed midway, so the rows that landed are taken back.
      for (const { code, earlier } of landed.reverse()) {
        if (earlier) await store.revert(earlier);
        else await store.deleteItem(code);
      }
      throw error;
    }
    if (options.publishRows && landed.length > 0) await deps.refreshSearch();
    return {
      landed: landed.length,
      rejected: outcomes.sort((a, b) => a.row - b.row),
      outcomes: landed.map(
        (l) => ({ row: l.row, code: l.code, status: l.created ? 'created' : 'updated' }) as RowOutcome,
      ),
    };
  };

  return { create, update, publish: publishDraft, retire: retireItem, list, view, importRows };
};
