// 消息中心: the signed-in person's messages (newest first, with how many are unread), read marks, and
// whether they also want SMS.
import * as z from 'zod';
import { roles } from '../../shared/identity.ts';
import { defineRoutes } from '../lib/route.ts';

export const notificationsRoutes = defineRoutes({
  'GET /notifications': {
    summary: 'My messages, newest first, and how many of them are unread',
    tags: ['notifications'],
    auth: roles,
    query: z.object({ limit: z.coerce.number().int().min(1).max(100).default(50) }),
  },
  'POST /notifications/read': {
    summary: 'Marks my messages read',
    tags: ['notifications'],
    auth: roles,
    body: z.object({ ids: z.array(z.string().min(1).max(120)).min(1).max(100) }),
  },
  'GET /notifications/preferences': {
    summary: 'Whether I am also told by SMS',
    tags: ['notifications'],
    auth: roles,
  },
  'PUT /notifications/preferences': {
    summary: 'Turns SMS on or off (the inbox always gets the message)',
    tags: ['notifications'],
    auth: roles,
    body: z.object({ sms: z.boolean() }),
  },
});
