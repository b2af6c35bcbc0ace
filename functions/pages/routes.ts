// The portal's pages (portal/pages.ts) as routes: public, HTML. The home page and guides come drawn with
// their data; the other pages are the portal's shell, whose router draws them in the browser.
import * as z from 'zod';
import { portalPages } from '../../portal/pages.ts';
import type { RouteDef, RouteKey } from '../lib/route.ts';

const pageRoute = (page: string): RouteDef => ({
  summary: `The portal page ${page} (HTML)`,
  tags: ['portal'],
  auth: 'public',
  ...(page.includes('{') ? { params: z.record(z.string(), z.string().max(200)) } : {}),
});

export const pagesRoutes = Object.fromEntries(
  portalPages.map((page) => [`GET ${page}` as RouteKey, pageRoute(page)]),
) as Record<`GET ${(typeof portalPages)[number]}`, RouteDef>;
