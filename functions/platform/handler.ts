// Platform function: liveness, the jurisdiction's public profile (with a year's working-day calendar, as
// published on the platform a few seconds ago at most) and the generated OpenAPI document. It also answers
// every request no other route matches, with a JSON 404.
import { toLocalDate } from '../../shared/calendar.ts';
import { tableCalendarSource } from '../calendar/wiring.ts';
import { clock } from '../lib/clock.ts';
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
