// The portal drawn on the server, for the pages function: the same components the browser runs, with the
// API answers the page will carry, so a phone on a slow line reads the page (and follows its links and search)
// from the first response, before any script has arrived. Drawn in Chinese, the portal's first language.
import { renderToString } from 'preact-render-to-string';
import { carryData } from './api.ts';
import { App } from './app.tsx';

/** The markup of the portal at `path` (a path of portal/pages.ts), drawn with `data` (API answers by path). */
export const drawPage = (path: string, data: Record<string, unknown>) => {
  const global = globalThis as { location?: unknown };
  const had = global.location;
  // The router reads the page's address from `location`, as in a browser.
  global.location = new URL(path, 'https://portal.invalid');
  carryData(data);
  try {
    return renderToString(<App />);
  } finally {
    global.location = had;
    carryData({});
  }
};
