// Catalogue administration: drafts, publication, retirement and bulk import of the implementation list, and
// the curated answers (知识库) that 智能问答 answers with beside the guides.
import * as z from 'zod';
import { articleInputSchema } from '../../shared/answers.ts';
import { itemInputSchema } from '../../shared/catalogue/item.ts';
import { defineRoutes } from '../lib/route.ts';

const code = z.string().min(1).max(50);

const status = z.enum(['draft', 'published', 'retired']);

/** Who curates the answers: the administrators and the centre's supervisors. */
const curators = ['admin', 'supervisor'] as const;

export const catalogueAdminRoutes = defineRoutes({
  'GET /admin/items': {
    summary: 'Every item with its state (draft, published, retired) and versions, in code order',
    tags: ['catalogue-admin'],
    auth: ['admin'],
    query: z.object({
      status: status.optional(),
      limit: z.coerce.number().int().min(1).max(100).default(50),
      cursor: z.string().max(2048).optional().describe('Opaque cursor from the previous page'),
    }),
    response: z.object({
      items: z.array(
        z.object({
          code,
          name: z.string(),
          status,
          latest: z.number().int().describe('the newest version, draft or not'),
          current: z.number().int().optional().describe('the published version'),
          draft: z.number().int().optional().describe('the version being drafted'),
        }),
      ),
      cursor: z.string().optional(),
    }),
  },
  'POST /admin/items': {
    summary: 'Create an item as a draft',
    tags: ['catalogue-admin'],
    auth: ['admin'],
    body: itemInputSchema,
    status: 201,
  },
  'GET /admin/items/{code}': {
    summary: 'An item as the administration sees it: head, draft and versions',
    tags: ['catalogue-admin'],
    auth: ['admin'],
    params: z.object({ code }),
  },
  'PUT /admin/items/{code}': {
    summary: 'Edit the draft, or start the next version of a published item',
    tags: ['catalogue-admin'],
    auth: ['admin'],
    params: z.object({ code }),
    body: itemInputSchema,
  },
  'POST /admin/items/{code}/publish': {
    summary: 'Publish the draft: it becomes the current, immutable version',
    tags: ['catalogue-admin'],
    auth: ['admin'],
    params: z.object({ code }),
  },
  'POST /admin/items/{code}/retire': {
    summary: 'Retire the published item (动态管理): it leaves the catalogue, its versions stay readable',
    tags: ['catalogue-admin'],
    auth: ['admin'],
    params: z.object({ code }),
    body: z
      .object({ reason: z.string().trim().min(2).max(500).optional().describe('why it is retired') })
      .default({}),
  },
  'GET /admin/answers': {
    summary: '知识库 the curated answers, published and retired, newest first',
    tags: ['answers'],
    auth: curators,
  },
  'POST /admin/answers': {
    summary:
      '知识库 publish a curated answer (written by staff, or the reply of a closed request), answering at once',
    tags: ['answers'],
    auth: curators,
    body: articleInputSchema,
    status: 201,
  },
  'POST /admin/answers/{id}/retire': {
    summary: '知识库 retire a curated answer: it stops answering',
    tags: ['answers'],
    auth: curators,
    params: z.object({ id: z.uuid() }),
  },
  'POST /admin/items/import': {
    summary:
      'Import items from a JSON array or CSV; valid rows land, invalid rows come back with their errors',
    tags: ['catalogue-admin'],
    auth: ['admin'],
    query: z.object({
      atomic: z
        .enum(['true', 'false'])
        .default('false')
        .transform((v) => v === 'true'),
      publish: z
        .enum(['true', 'false'])
        .default('true')
        .transform((v) => v === 'true'),
    }),
    headers: z.object({
      'x-import-id': z
        .string()
        .regex(/^[A-Za-z0-9_-]{8,64}$/, '8–64 letters, digits, _ or -')
        .optional()
        .describe('Choose the import id up front to follow progress while the import runs'),
    }),
  },
  'GET /admin/imports/{id}': {
    summary: 'Progress and outcome of an import',
    tags: ['catalogue-admin'],
    auth: ['admin'],
    params: z.object({ id: z.string().min(1).max(64) }),
  },
});
