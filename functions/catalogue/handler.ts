// Catalogue function: the public face of the service catalogue — listings, full guides, versions, topics,
// bundles and related items.
import { mergeBundle } from '../../shared/catalogue/bundle.ts';
import type { Item, ItemSummary } from '../../shared/catalogue/item.ts';
import { notFound, validationFailed } from '../../shared/errors.ts';
import { dynamo } from '../lib/dynamo.ts';
import { resource } from '../lib/env.ts';
import { httpFunction } from '../lib/http.ts';
import { decodeCursor } from './keys.ts';
import { catalogueReading } from './reading.ts';
import { catalogueRoutes } from './routes.ts';
import { createCatalogueStore } from './store.ts';

const store = createCatalogueStore(dynamo(), resource('TABLE_NAME'));

const { currentItem, topics } = catalogueReading(store);

/** Why two items are related, in words a citizen understands. */
const relatedItems = async (item: Item) => {
  const found = new Map<string, { item: ItemSummary; reasons: string[] }>();
  const add = (summaries: ItemSummary[], reason: string) => {
    for (const summary of summaries) {
      if (summary.code === item.implementationCode) continue;
      const entry = found.get(summary.code) ?? { item: summary, reasons: [] };
      if (!entry.reasons.includes(reason)) entry.reasons.push(reason);
      found.set(summary.code, entry);
    }
  };
  const lookups: Array<Promise<void>> = [];
  for (const material of item.materials) {
    lookups.push(
      store.linked('material', material.name).then((s) => add(s, `同样需要材料「${material.name}」`)),
    );
    if (material.licenceType) {
      const type = material.licenceType;
      lookups.push(
        store.linked('issues-licence', type).then((s) => add(s, `办理后取得本事项所需的「${type}」`)),
      );
    }
  }
  if (item.result.licenceType) {
    const type = item.result.licenceType;
    lookups.push(store.linked('requires-licence', type).then((s) => add(s, `需要本事项颁发的「${type}」`)));
  }
  for (const topic of item.topics ?? []) {
    lookups.push(store.topicItems(topic).then((s) => add(s, `同属主题「${topic}」`)));
  }
  await Promise.all(lookups);
  return [...found.values()].sort(
    (a, b) => b.reasons.length - a.reasons.length || a.item.code.localeCompare(b.item.code),
  );
};

export const handler = httpFunction(catalogueRoutes, {
  'GET /items': async ({ query }) => {
    if (query.cursor && !decodeCursor(query.cursor)) {
      throw validationFailed([{ path: 'query.cursor', message: 'not a cursor returned by this API' }]);
    }
    return store.listPublished(query);
  },

  'GET /items/{code}': async ({ params }) => currentItem(params.code),

  'GET /items/{code}/versions/{version}': async ({ params }) => {
    const item = await store.getVersion(params.code, params.version);
    // Drafts are work in progress of the administration, not public.
    if (!item || item.status === 'draft')
      throw notFound(`No published version ${params.version} of ${params.code}.`);
    return item;
  },

  'GET /items/{code}/related': async ({ params }) => {
    const item = await currentItem(params.code);
    return { code: item.implementationCode, related: await relatedItems(item) };
  },

  'GET /topics': async ({ query }) => ({ topics: await topics(query.audience) }),

  'GET /bundles': async () => ({ bundles: await store.bundles() }),

  'GET /bundles/{code}': async ({ params }) => {
    const bundle = await store.getBundle(params.code);
    if (!bundle) throw notFound(`No bundle ${params.code}.`);
    const items = await Promise.all(bundle.itemCodes.map(currentItem));
    return { ...bundle, ...mergeBundle(bundle, items) };
  },
});
