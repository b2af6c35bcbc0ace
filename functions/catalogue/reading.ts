// What the catalogue's public answers are made of, shared by the catalogue function (as JSON) and the pages
// function (drawn into the portal's pages): one reading, so a page shows what the API answers.
import type { Item } from '../../shared/catalogue/item.ts';
import { notFound } from '../../shared/errors.ts';
import type { createCatalogueStore } from './store.ts';

export const catalogueReading = (store: ReturnType<typeof createCatalogueStore>) => ({
  /** The current published version of an item; 404 when there is none. */
  currentItem: async (code: string): Promise<Item> => {
    const head = await store.getHead(code);
    const item = head?.current ? await store.getVersion(code, head.current) : undefined;
    if (!item) throw notFound(`No published item ${code}.`);
    return item;
  },
  /** One-thing bundles. */
  bundles: () => store.bundles(),
  /** Topics with their items, for one audience or all. */
  topics: async (audience?: 'person' | 'enterprise') => {
    const topics = (await store.topics()).filter((t) => !audience || t.audience === audience);
    return Promise.all(topics.map(async (topic) => ({ ...topic, items: await store.topicItems(topic.id) })));
  },
});
