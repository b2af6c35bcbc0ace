// 动态管理 the lifecycle of an item: draft → published (immutable) → retired. A change to a published item
// is the next version's draft; publishing it makes it current; earlier versions stay readable. Which
// action is allowed in which state is one table, and every transition records who and when.
import { conflict } from '../errors.ts';
import type { Actor, Item, ItemInput, ItemStatus } from './item.ts';

export type ItemAction = 'edit-draft' | 'start-next-version' | 'publish' | 'retire';

const allowed: Record<ItemStatus, readonly ItemAction[]> = {
  draft: ['edit-draft', 'publish'],
  published: ['start-next-version', 'retire'],
  retired: [],
};

export const assertAllowed = (status: ItemStatus, action: ItemAction, code: string) => {
  if (!allowed[status].includes(action)) {
    throw conflict(`Item ${code} is ${status}: ${action} is not allowed.`, [
      { path: 'status', message: status },
    ]);
  }
};

export const createDraft = (input: ItemInput, actor: Actor, now: Date): Item => ({
  ...input,
  version: 1,
  status: 'draft',
  createdAt: now.toISOString(),
  createdBy: actor,
  updatedAt: now.toISOString(),
  updatedBy: actor,
});

export const editDraft = (draft: Item, input: ItemInput, actor: Actor, now: Date): Item => {
  assertAllowed(draft.status, 'edit-draft', draft.implementationCode);
  return {
    ...input,
    version: draft.version,
    status: 'draft',
    createdAt: draft.createdAt,
    createdBy: draft.createdBy,
    updatedAt: now.toISOString(),
    updatedBy: actor,
  };
};

/** The draft of the version after `published`, which stays current until the draft is published. */
export const startNextVersion = (
  published: Item,
  input: ItemInput,
  actor: Actor,
  now: Date,
  version: number,
): Item => {
  assertAllowed(published.status, 'start-next-version', published.implementationCode);
  return { ...createDraft(input, actor, now), version };
};

export const publish = (draft: Item, actor: Actor, now: Date): Item => {
  assertAllowed(draft.status, 'publish', draft.implementationCode);
  return { ...draft, status: 'published', publishedAt: now.toISOString(), publishedBy: actor };
};

export const retire = (published: Item, actor: Actor, now: Date, reason?: string): Item => {
  assertAllowed(published.status, 'retire', published.implementationCode);
  return {
    ...published,
    status: 'retired',
    retiredAt: now.toISOString(),
    retiredBy: actor,
    ...(reason ? { retiredReason: reason } : {}),
  };
};
