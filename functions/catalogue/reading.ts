// What the catalogue's public answers are made of, shared by the catalogue function (as JSON) and the pages
// function (drawn into the portal's pages): one reading, so a page shows what the API answers.
import type { Item } from '../../shared/catalogue/item.ts';
import { notFound } from '../../shared/errors.ts';
import type { createCatalogueStore } from './store.ts';

/** Published versions kept in a warm function, at most (least recently read ones go first). */
export const publishedCacheSize = 2_000;

export const catalogueReading = (store: ReturnType<typeof createCatalogueStore>) => {
  // A published version's content does not change while it is current: once read it is kept, under its
  // code, number and publication instant (a version number could be published again after an import was
  // undone, never at the same instant). Every request still reads the head, so a retirement or a new
  // version shows at once.
  const published = new Map<string, Item>();
  const currentItem = async (code: string): Promise<Item> => {
    const pointer = await store.getCurrentPointer(code);
    if (!pointer) throw notFound(`No published item ${code}.`);
    const key = pointer.publishedAt && `${code}#${pointer.version}#${pointer.publishedAt}`;
    const kept = key ? published.get(key) : undefined;
    if (kept && key) {
      published.delete(key);
      published.set(key, kept);
      return kept;
    }
    const item = await store.getVersion(code, pointer.version);
    if (!item) throw notFound(`No published item ${code}.`);
    if (key && item.status === 'published' && item.publishedAt === pointer.publishedAt) {
      published.set(key, item);
      if (published.size > publishedCacheSize) published.delete(published.keys().next().value!);
    }
    return item;
  };
  return {
    /** The current published version of an item; 404 when there is none. */
    currentItem,
    /** One-thing bundles. */
    bundles: () => store.bundles(),
    /** Topics with their items, for one audience or all. */
    topics: async (audience?: 'person' | 'enterprise') => {
      const topics = (await store.topics()).filter((t) => !audience || t.audience === audience);
      return Promise.all(
        topics.map(async (topic) => ({ ...topic, items: await store.topicItems(topic.id) })),
      );
    },
  };
};
