// 智能问答: anyone asks in their own words; the best passages of the published guides come back with their
// item and section, or, when nothing fits well enough, the way to a person.
import * as z from 'zod';
import { defineRoutes } from '../lib/route.ts';

export const answersRoutes = defineRoutes({
  'POST /answers': {
    summary: 'Answers a question from the guides: the best passages with their item and a confidence',
    tags: ['answers'],
    auth: 'public',
    body: z.object({
      question: z.string().trim().min(2, '请输入问题 (ask a question of at least 2 characters)').max(200),
      limit: z.number().int().min(1).max(5).default(3),
    }),
  },
});
