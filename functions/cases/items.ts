// Published item versions for cases, from the catalogue's table. A published version never changes, so
// versions are cached per container; the current version is read fresh each time, or taken as last read by
// a change that checks it in its own transaction.
import type { Item } from '../../shared/catalogue/item.ts';
import type { CatalogueStore } from '../catalogue/store.ts';
import type { ItemSource } from './context.ts';

export const createItemSource = (catalogue: CatalogueStore): ItemSource => {
  const versions = new Map<string, Item>();
  const version = async (code: string, n: number) => {
    const key = `${code}@${n}`;
    const cached = versions.get(key);
    if (cached) return cached;
    const item = await catalogue.getVersion(code, n);
    // Only published and retired versions are immutable; drafts are never cases' versions anyway.
    if (item && item.status !== 'draft') versions.set(key, item);
    return item;
  };
  const lastRead = new Map<string, number>();
  const current = async (code: string) => {
    const head = await catalogue.getHead(code);
    if (!head?.current || head.status !== 'published') {
      lastRead.delete(code);
      return undefined;
    }
    lastRead.set(code, head.current);
    return version(code, head.current);
  };
  return {
    current,
    lastKnown: async (code) => {
      const known = lastRead.get(code);
      return known === undefined ? current(code) : version(code, known);
    },
    version,
    bundle: (code) => catalogue.getBundle(code),
  };
};
