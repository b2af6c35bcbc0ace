// Notifications function: the inbox and SMS preference of the signed-in person (the notifier fills the inbox).
import { clock } from '../lib/clock.ts';
import { dynamo } from '../lib/dynamo.ts';
import { resource } from '../lib/env.ts';
import { httpFunction } from '../lib/http.ts';
import { createInbox } from './inbox.ts';
import { notificationsRoutes } from './routes.ts';

const inbox = createInbox(dynamo(), resource('TABLE_NAME'));

export const handler = httpFunction(notificationsRoutes, {
  'GET /notifications': ({ principal, query }) => inbox.list(principal.sub, query.limit),
  'POST /notifications/read': async ({ principal, body }) => ({
    marked: await inbox.markRead(principal.sub, body.ids, clock.now().toISOString()),
  }),
  'GET /notifications/preferences': ({ principal }) => inbox.preferences(principal.sub),
  'PUT /notifications/preferences': ({ principal, body }) =>
    inbox.setPreferences(principal.sub, body, clock.now().toISOString()),
});
