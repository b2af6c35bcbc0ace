// Pages function: the portal's pages as HTML. The home page and every guide arrive drawn, with their data in
// the page, so a phone on a slow line shows them and follows their links after one round trip; their island
// (the shell's one inline script) makes their controls work at once, the language choice with the page's
// words in each offered language, which the page carries too; the app's bundle then hydrates them without
// asking the API again. Every other page is the portal's shell, without the island. The shell (the built
// index.html with its stylesheet and island inlined) is compiled into the function from the same build the
// portal deploys (`PORTAL_SHELL`, see infra/bundling.ts), so page, scripts and CSP always belong together.
import type { Language } from '../../portal/src/i18n.ts';
import { drawnWordings, drawPage } from '../../portal/src/server.tsx';
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
const island = /<script id="tongban-island">[\s\S]*?<\/script>/;

/** Data in a page: JSON that cannot end its script element. */
const carried = (id: string, data: Record<string, unknown>) =>
  `<script type="application/json" id="${id}">${JSON.stringify(data).replace(/</g, '\\u003c')}</script>`;

/** The languages the portal offers here: Chinese, English and the jurisdiction's own. */
const offered = (profile: { languages?: readonly Language[] }): Language[] => [
  'zh',
  'en',
  ...(profile.languages ?? []),
];

/** A drawn page: the markup at `path` with `data`, and the page's words in each offered language. */
const drawn = async (path: string, data: Record<string, unknown>, languages: readonly Language[]) => {
  const markup = drawPage(path, data);
  const wordings = await drawnWordings(path, data, languages, markup);
  return `<div id="app">${markup}</div>${carried('tongban-data', data)}${carried('tongban-languages', wordings)}`;
};

/** The page: the shell, with the drawn page when there is one, else without the island. */
const page = (status: number, drawing?: string) => {
  if (!shell) throw new Error('The pages function was built without the portal (PORTAL_SHELL)');
  const html = shell
    .replace(emptyOrigin, `<meta name="tongban-api-origin" content="${apiOrigin}" />`)
    .replace(drawing ? emptyApp : island, () => drawing ?? '');
  // Browsers revalidate every time; CloudFront keeps a drawn page a minute, the shell five.
  return reply(status, html, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': `public, max-age=0, s-maxage=${drawing ? 60 : 300}`,
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
    const data = { '/jurisdiction': profile, '/topics': { topics }, '/bundles': { bundles } };
    return page(200, await drawn('/', data, offered(profile)));
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
    const path = `/guide/${encodeURIComponent(code)}`;
    const data = { '/jurisdiction': profile, [`/items/${encodeURIComponent(code)}`]: item };
    return page(200, await drawn(path, data, offered(profile)));
  },
});
