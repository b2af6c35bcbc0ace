// Smart search over the published catalogue: Chinese substrings, pinyin, initials and typos.
import * as z from 'zod';
import { defineRoutes } from '../lib/route.ts';

export const searchRoutes = defineRoutes({
  'GET /search': {
    summary: 'Search published items by name, alias, pinyin, initials, material or result (typo-tolerant)',
    tags: ['catalogue'],
    auth: 'public',
    query: z.object({
      q: z.string().trim().min(1, 'type at least one character').max(64),
      limit: z.coerce.number().int().min(1).max(50).default(10),
      department: z.string().min(1).max(32).optional(),
      type: z
        .string()
        .regex(/^\d{2}$/, 'a two-digit item type code')
        .optional(),
    }),
  },
});
