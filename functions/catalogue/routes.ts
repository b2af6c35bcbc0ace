// The catalogue's public contract: browse and read service items and their guides, topics, bundles and
// related items. Paths are the contract clients use; keep them.
import * as z from 'zod';
import { defineRoutes } from '../lib/route.ts';

const code = z.string().min(1).max(50).describe('Implementation code (实施编码) of the item');

export const listItemsQuery = z.object({
  department: z.string().min(1).max(32).optional(),
  type: z
    .string()
    .regex(/^\d{2}$/, 'a two-digit item type code')
    .optional(),
  level: z.coerce.number().int().min(1).max(6).optional(),
  object: z
    .enum(['person', 'enterprise'])
    .optional()
    .describe('Service object: natural persons or enterprises'),
  topic: z.string().min(1).max(64).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(2048).optional().describe('Opaque cursor from the previous page'),
});

export const catalogueRoutes = defineRoutes({
  'GET /items': {
    summary: 'Published service items (summaries), filtered and paged',
    tags: ['catalogue'],
    auth: 'public',
    query: listItemsQuery,
  },
  'GET /items/{code}': {
    summary: 'The current published version of an item with its full guide (办事指南)',
    tags: ['catalogue'],
    auth: 'public',
    params: z.object({ code }),
  },
  'GET /items/{code}/versions/{version}': {
    summary: 'One published or retired version of an item',
    tags: ['catalogue'],
    auth: 'public',
    params: z.object({ code, version: z.coerce.number().int().min(1) }),
  },
  'GET /items/{code}/related': {
    summary: 'Items linked by shared materials, by a licence one issues and another requires, or by topic',
    tags: ['catalogue'],
    auth: 'public',
    params: z.object({ code }),
  },
  'GET /topics': {
    summary: 'Topic and life-event navigation (我要开办企业, 我要办退休 …) with their items',
    tags: ['catalogue'],
    auth: 'public',
    query: z.object({ audience: z.enum(['person', 'enterprise']).optional() }),
  },
  'GET /bundles': {
    summary: 'One-thing bundles (一件事一次办)',
    tags: ['catalogue'],
    auth: 'public',
  },
  'GET /bundles/{code}': {
    summary: 'One bundle with its combined form and de-duplicated materials',
    tags: ['catalogue'],
    auth: 'public',
    params: z.object({ code: z.string().min(1).max(64) }),
  },
});
