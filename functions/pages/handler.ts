// Pages function: the portal's pages as HTML. The home page and every guide arrive drawn, with their data in
// the page, so a phone on a slow line shows them and follows their links after one round trip; the browser
// then hydrates them without asking the API again. Every other page is the portal's shell. The shell (the
// built index.html with its stylesheet inlined) is compiled into the function from the same build the portal
// deploys (`PORTAL_SHELL`, see infra/bundling.ts), so page, script and CSP always belong together.
import { drawPage } from '../../portal/src/server.tsx';
import { DomainError } from '../../shared/errors.ts';
import { tableCalendarSource } from '../calendar/wiring.ts';
import { catalogueReading } from '../catalogue/reading.ts';
import { createCatalogueStore } from '../catalogue/store.ts';
import { dynamo } from '../lib/dynamo.ts';
import { resource } from '../lib/env.ts';
import { httpFunction, reply } from '../lib/http.ts';
import { jurisdictionProfile } from '../platform/profile.ts';
import { pagesRoutes } from './routes.ts';

const shell = process.env.PORTAL_SHELL;
/** The API's origin for the page's meta tag (the stack's API endpoint); empty: the portal's own origin. */
const apiOrigin = /^https:\/\/[^"<>\s]+$/.test(process.env.API_ORIGIN ?? '') ? process.env.API_ORIGIN! : '';
const table = resource('TABLE_NAME');
const catalogue = catalogueReading(createCatalogueStore(dynamo(), table));
const calendars = tableCalendarSource(table);

const emptyApp = '<div id="app"></div>';
const emptyOrigin = '<meta name="tongban-api-origin" content="" />';

/** Data in a page: JSON that cannot end its script element. */
const carried = (data: Record<string, unknown>) =>
  `<script type="application/json" id="tongban-data">${JSON.stringify(data).replace(/</g, '\\u003c')}</script>`;

/** The page: the shell, with the drawn markup and its data when there are any. */
const page = (status: number, path?: string, data?: Record<string, unknown>) => {
  if (!shell) throw new Error('The pages function was built without the portal (PORTAL_SHELL)');
  const html = shell
    .replace(emptyOrigin, `<meta name="tongban-api-origin" content="${apiOrigin}" />`)
    .replace(
      emptyApp,
      path && data ? `<div id="app">${drawPage(path, data)}</div>${carried(data)}` : emptyApp,
    );
  // Browsers revalidate every time; CloudFront keeps a drawn page a minute, the shell five.
  return reply(status, html, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': `public, max-age=0, s-maxage=${data ? 60 : 300}`,
  });
};

const shellPage = async () => page(200);

export const handler = httpFunction(pagesRoutes, {
  ...(Object.fromEntries(Object.keys(pagesRoutes).map((key) => [key, shellPage])) as Record<
    keyof typeof pagesRoutes,
    typeof shellPage
  >),

  'GET /': async () => {
    const [profile, topics, bundles] = await Promise.all([
      jurisdictionProfile(calendars),
      catalogue.topics(),
      catalogue.bundles(),
    ]);
    return page(200, '/', { '/jurisdiction': profile, '/topics': { topics }, '/bundles': { bundles } });
  },

  'GET /guide/{code}': async ({ params }) => {
    const { code } = params as { code: string };
    const [profile, item] = await Promise.all([
      jurisdictionProfile(calendars),
      catalogue.currentItem(code).catch((error: unknown) => {
        if (error instanceof DomainError && error.code === 'NOT_FOUND') return undefined;
        throw error;
      }),
    ]);
    // An unknown item: the shell, whose guide page says so.
    if (!item) return page(404);
    return page(200, `/guide/${encodeURIComponent(code)}`, {
      '/jurisdiction': profile,
      [`/items/${encodeURIComponent(code)}`]: item,
    });
  },
});
