// Portal figures (the portal issue): the weight of what a phone downloads to show the home and guide pages
// (HTML + JS + CSS, gzip and brotli), beside the API data those pages carry; and the time until the page is
// interactive in headless Chromium throttled to DevTools' network profiles with a 4× slower CPU, beside the
// same page unthrottled. Interactive, strictly: every control of the drawn page has answered when used, as
// soon as it is on screen — the 适老化 switch (the page turns large print), the language choice (the page is in
// English), then the search on home (it asks for the results) or applying on a guide (it asks for the
// application page) in one visit, sign-in (it leaves for the provider) in another; the later of the two. Beside it the earlier figures: usable (the search field and the
// page's data shown, the links and the form working by themselves) and live (the app's bundle has arrived
// and taken the page over).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { startLocalCloud } from '../infra/local/cloud.ts';
import { buildPortal } from '../infra/local/portal.ts';
import { seedJurisdiction } from '../infra/local/seed.ts';
import { launchChromium } from '../tests/support/browser.ts';
import { scaled } from './scale.ts';
import { median } from './stats.ts';

/** DevTools' presets (bytes per second, round-trip milliseconds), as Chromium's own network emulation. */
const profiles = {
  'Slow 3G': { latency: 2000, bytesPerSecond: (500 * 1000 * 0.8) / 8 },
  'Fast 3G': { latency: 562.5, bytesPerSecond: (1.6 * 1000 * 1000 * 0.9) / 8 },
} as const;

const kB = (n: number) => (n / 1024).toFixed(1);

const guideCode = '330902-XK-0010';
/**
 * The page going to an address matching `pattern`: its request starting (a drawn page's link or form), or
 * the address changing in place (the app's router, once it has taken over).
 */
const leaving = (page: Page, pattern: RegExp, timeout: number) => {
  const request = page.waitForRequest((r) => pattern.test(r.url()), { timeout });
  const routed = page.waitForURL(pattern, { waitUntil: 'commit', timeout });
  // The slower of the two is no longer waited for.
  request.catch(() => undefined);
  routed.catch(() => undefined);
  return Promise.race([request, routed]).then(() => performance.now());
};

/** When `effect` was seen, with `action` done (a click that starts a navigation returns only once it commits). */
const seen = async (effect: Promise<number>, action: Promise<unknown>) =>
  (await Promise.all([effect, action]))[0];

/**
 * Using the page's own control last (it leaves the page or asks for results): the search on home, applying
 * on a guide. Controls are found by CSS, which costs the throttled page less than accessibility queries.
 */
const search = async (page: Page, timeout: number) => {
  await page.locator('#q').fill('营业执照', { force: true, timeout });
  const asked = leaving(page, /\/(?:find|search)\?q=/, timeout);
  return seen(asked, page.locator('.search button[type="submit"]').click({ force: true, timeout }));
};
const apply = async (page: Page, timeout: number) => {
  const asked = leaving(page, /\/apply\//, timeout);
  return seen(asked, page.locator('a.button[href^="/apply/"]').click({ force: true, timeout }));
};

const pages = {
  home: {
    path: '/',
    ready: 'h2#topics + ul li',
    data: ['/jurisdiction', '/topics', '/bundles'],
    own: search,
  },
  guide: {
    path: `/guide/${guideCode}`,
    ready: 'table tbody tr',
    data: ['/jurisdiction', `/items/${guideCode}`],
    own: apply,
  },
} as const;

export const benchPortal = async () => {
  const dir = await buildPortal(mkdtempSync(join(tmpdir(), 'tongban-portal-bench-')));
  const cloud = await startLocalCloud({ jurisdictionId: 'dinghai', portalDir: dir });
  const browser = await launchChromium();
  try {
    await seedJurisdiction(cloud.jurisdiction);
    const html = readFileSync(join(dir, 'index.html'));
    const assets = [...html.toString('utf8').matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]!);
    // The app's files, and the island the drawn pages inline.
    const files = [
      html,
      ...assets.map((a) => readFileSync(join(dir, a))),
      readFileSync(join(dir, 'island.js')),
    ];
    const gzip = files.reduce((sum, f) => sum + gzipSync(f, { level: 9 }).length, 0);
    const brotli = files.reduce((sum, f) => sum + brotliCompressSync(f).length, 0);
    const rows: Array<{ figure: string; value: string }> = [
      {
        figure: `home and guide pages: HTML + JS + CSS + island (${files.length} files), gzip / brotli (kB; aim ≤ 150)`,
        value: `${kB(gzip)} / ${kB(brotli)}`,
      },
    ];
    for (const [name, page] of Object.entries(pages)) {
      let data = 0;
      for (const path of page.data)
        data += gzipSync(Buffer.from(await (await fetch(`${cloud.url}${path}`)).arrayBuffer())).length;
      rows.push({ figure: `baseline: the API data the ${name} page carries, gzip (kB)`, value: kB(data) });
      const drawn = Buffer.from(
        await (
          await fetch(`${cloud.url}${page.path}`, { headers: { 'accept-encoding': 'identity' } })
        ).arrayBuffer(),
      );
      rows.push({
        figure: `${name}: the drawn page as sent (HTML, inlined styles, markup, data), gzip / brotli (kB)`,
        value: `${kB(gzipSync(drawn, { level: 9 }).length)} / ${kB(brotliCompressSync(drawn).length)}`,
      });
    }

    const runs = scaled(5, 1);
    /** A fresh visitor's page, on `profile` with a 4× slower CPU (unthrottled without), nothing cached. */
    const visit = async (profile?: keyof typeof profiles) => {
      const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
      if (profile) {
        const p = profiles[profile];
        await cdp.send('Network.emulateNetworkConditions', {
          offline: false,
          latency: p.latency,
          downloadThroughput: p.bytesPerSecond,
          uploadThroughput: p.bytesPerSecond,
        });
        await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
      }
      return { page, close: () => context.close() };
    };
    const timeout = 60_000;
    /** Seconds from asking for `path` until `then` is done. */
    const timed = async (
      path: string,
      profile: keyof typeof profiles | undefined,
      then: (page: Page) => Promise<number>,
    ) => {
      const { page, close } = await visit(profile);
      try {
        const started = performance.now();
        await page.goto(`${cloud.url}${path}`, { waitUntil: 'commit', timeout });
        return ((await then(page)) - started) / 1000;
      } finally {
        await close();
      }
    };
    const measure = async (
      { path, ready, own }: (typeof pages)[keyof typeof pages],
      profile?: keyof typeof profiles,
    ) => {
      const usable: number[] = [];
      const live: number[] = [];
      const interactive: number[] = [];
      for (let i = 0; i < runs; i++) {
        const { page, close } = await visit(profile);
        const started = performance.now();
        await page.goto(`${cloud.url}${path}`, { waitUntil: 'commit', timeout });
        await page.locator('#q, h1').first().waitFor({ timeout });
        await page.locator(ready).first().waitFor({ timeout });
        usable.push(performance.now() - started);
        await page.locator('html[data-live]').waitFor({ state: 'attached', timeout });
        live.push(performance.now() - started);
        await close();
        // Every control, used as soon as it is there; each waits for its effect.
        const controls = await timed(path, profile, async (page) => {
          // Real clicks and choices, without waiting for the page to settle first (a person does not).
          await page.locator('.care-toggle').click({ force: true, timeout });
          await page.locator('html.care').waitFor({ state: 'attached', timeout });
          await page.locator('.language select').selectOption('en', { force: true, timeout });
          await page.locator('.top nav a[href="/"]', { hasText: /^Home$/ }).waitFor({ timeout });
          return own(page, timeout);
        });
        const signIn = await timed(path, profile, async (page) => {
          const asked = leaving(page, /\/oidc\/auth\?/, timeout);
          return seen(asked, page.locator('.account button').click({ force: true, timeout }));
        });
        interactive.push(Math.max(controls, signIn) * 1000);
      }
      const s = (values: number[]) => median(values) / 1000;
      return { usable: s(usable), live: s(live), interactive: s(interactive) };
    };
    for (const [name, page] of Object.entries(pages)) {
      const bare = await measure(page);
      for (const profile of Object.keys(profiles) as Array<keyof typeof profiles>) {
        const measured = await measure(page, profile);
        rows.push({
          figure: `${name}: interactive (every control answers: 适老化, language, ${name === 'home' ? 'search' : 'apply'}, sign-in), ${profile} + 4× CPU, cold cache, median of ${runs} (s; aim ≤ 3)`,
          value: measured.interactive.toFixed(2),
        });
        rows.push({
          figure: `${name}: usable (page shown, links and search form working), ${profile} + 4× CPU (s)`,
          value: measured.usable.toFixed(2),
        });
        rows.push({
          figure: `${name}: live (app's bundle hydrated), ${profile} + 4× CPU (s)`,
          value: measured.live.toFixed(2),
        });
      }
      rows.push({
        figure: `baseline: ${name} interactive / usable / live unthrottled (s)`,
        value: `${bare.interactive.toFixed(2)} / ${bare.usable.toFixed(2)} / ${bare.live.toFixed(2)}`,
      });
    }
    return rows;
  } finally {
    await browser.close();
    await cloud.stop();
    rmSync(dir, { recursive: true, force: true });
  }
};
