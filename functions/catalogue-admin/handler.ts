// Catalogue administration function: drafts, publication, retirement and imports, for admins; the curated
// answers (知识库), for admins and supervisors. Each change republishes the search and answer snapshots.
import { randomUUID } from 'node:crypto';
import type { AnswerArticle } from '../../shared/answers.ts';
import { notFound, validationFailed } from '../../shared/errors.ts';
import type { Principal } from '../../shared/identity.ts';
import { decodeCursor } from '../catalogue/keys.ts';
import { publishCatalogueSnapshots } from '../catalogue/search-publisher.ts';
import { createCatalogueStore } from '../catalogue/store.ts';
import { clock } from '../lib/clock.ts';
import { dynamo } from '../lib/dynamo.ts';
import { jurisdiction, resource } from '../lib/env.ts';
import { httpFunction, reply } from '../lib/http.ts';
import { tablePrincipalDirectory } from '../lib/principals.ts';
import { s3 } from '../lib/s3.ts';
import { parseImport } from './import-rows.ts';
import { catalogueAdminRoutes } from './routes.ts';
import { createCatalogueAdmin } from './service.ts';

const store = createCatalogueStore(dynamo(), resource('TABLE_NAME'));
const assetBucket = resource('ASSET_BUCKET_NAME');
const admin = createCatalogueAdmin({
  store,
  clock,
  departments: new Set(jurisdiction.departments.map((d) => d.code)),
  refreshSearch: async () => {
    await publishCatalogueSnapshots(s3(), assetBucket, store);
  },
});

const actorOf = (principal: Principal) => ({ sub: principal.sub, name: principal.name });

export const handler = httpFunction(
  catalogueAdminRoutes,
  {
    'GET /admin/items': async ({ query }) => {
      if (query.cursor && !decodeCursor(query.cursor)) {
        throw validationFailed([{ path: 'query.cursor', message: 'not a cursor returned by this API' }]);
      }
      return admin.list(query);
    },

    'POST /admin/items': async ({ body, principal }) => admin.create(body, actorOf(principal)),

    'GET /admin/items/{code}': async ({ params }) => admin.view(params.code),

    'PUT /admin/items/{code}': async ({ params, body, principal }) =>
      admin.update(params.code, body, actorOf(principal)),

    'POST /admin/items/{code}/publish': async ({ params, principal }) =>
      admin.publish(params.code, actorOf(principal)),

    'POST /admin/items/{code}/retire': async ({ params, body, principal }) =>
      admin.retire(params.code, actorOf(principal), body.reason),

    'GET /admin/answers': async () => ({ articles: await store.articles() }),

    'POST /admin/answers': async ({ body, principal }) => {
      const item = body.itemCode ? await store.getHead(body.itemCode) : undefined;
      if (body.itemCode && !item?.current)
        throw validationFailed([{ path: 'body.itemCode', message: `no published item ${body.itemCode}` }]);
      const article: AnswerArticle = {
        ...body,
        id: randomUUID(),
        ...(item?.summary ? { itemName: item.summary.name } : {}),
        status: 'published',
        createdBy: actorOf(principal),
        createdAt: clock.now().toISOString(),
      };
      await store.putArticle(article);
      await publishCatalogueSnapshots(s3(), assetBucket, store);
      return article;
    },

    'POST /admin/answers/{id}/retire': async ({ params }) => {
      const article = (await store.articles()).find((a) => a.id === params.id);
      if (!article) throw notFound(`No curated answer ${params.id}.`);
      if (article.status === 'retired') return article;
      const retired: AnswerArticle = { ...article, status: 'retired', retiredAt: clock.now().toISOString() };
      await store.putArticle(retired, 'published');
      await publishCatalogueSnapshots(s3(), assetBucket, store);
      return retired;
    },

    'POST /admin/items/import': async ({ query, headers, rawBody, contentType, principal }) => {
      const rows = parseImport(rawBody, contentType);
      const id = headers['x-import-id'] ?? randomUUID();
      const startedAt = clock.now().toISOString();
      const base = { id, total: rows.length, startedAt, by: principal.sub };
      await store.putImport(id, { ...base, status: 'running', processed: 0 });
      try {
        const result = await admin.importRows(rows, actorOf(principal), {
          atomic: query.atomic,
          publishRows: query.publish,
          onProgress: (processed) =>
            store.putImport(id, { ...base, status: 'running', processed }).then(() => undefined),
        });
        const finished = {
          ...base,
          status: 'done' as const,
          processed: rows.length,
          landed: result.landed,
          rejected: result.rejected.length,
        };
        await store.putImport(id, { ...finished, finishedAt: clock.now().toISOString() });
        if (result.rejected.length > 0 && result.landed === 0) {
          throw validationFailed(
            result.rejected.flatMap((r) =>
              (r.errors ?? []).map((e) => ({ path: `rows.${r.row}.${e.path}`, message: e.message })),
            ),
            query.atomic
              ? 'Nothing was imported: every row must be valid in an atomic import.'
              : 'No row could be imported.',
          );
        }
        return reply(200, {
          importId: id,
          atomic: query.atomic,
          total: rows.length,
          landed: result.landed,
          rejected: result.rejected,
          items: result.outcomes,
        });
      } catch (error) {
        await store.putImport(id, {
          ...base,
          status: 'failed',
          processed: 0,
          finishedAt: clock.now().toISOString(),
        });
        throw error;
      }
    },

    'GET /admin/imports/{id}': async ({ params }) => {
      const progress = await store.getImport(params.id);
      if (!progress) throw notFound(`No import ${params.id}.`);
      return progress;
    },
  },
  { principals: tablePrincipalDirectory(dynamo, () => resource('TABLE_NAME')) },
);
