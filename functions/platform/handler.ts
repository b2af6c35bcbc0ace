import { tableCalendarSource } from '../calendar/wiring.ts';
import { jurisdiction, resource } from '../lib/env.ts';
import { httpFunction } from '../lib/http.ts';
import { buildOpenApi } from '../lib/openapi.ts';
import { httpRoutes } from '../manifest.ts';
import { jurisdictionProfile } from './profile.ts';
import { platformRoutes } from './routes.ts';

const calendars = tableCalendarSource(resource('TABLE_NAME'));

let openApi: ReturnType<typeof buildOpenApi> | undefined;

export const handler = httpFunction(platformRoutes, {
  'GET /health': async () => ({ status: 'ok' as const, jurisdiction: jurisdiction.id }),

  'GET /jurisdiction': async ({ query }) => jurisdictionProfile(calendars, query.year),

  'GET /openapi.json': async () => {
    openApi ??= buildOpenApi(
      {
        title: `tongban API — ${jurisdiction.name.zh}`,
        version: '1',
        description: `Online government services of ${jurisdiction.name.en} (${jurisdiction.name.zh}).`,
      },
      httpRoutes(),
    );
    return openApi;
  },
});
