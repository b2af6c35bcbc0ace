// Portal figures (the portal issue): the weight of what a phone downloads to show the home and guide pages
// (HTML + JS + CSS, gzip and brotli), beside the API data those pages carry; and the time until the page is
// interactive in headless Chromium throttled to DevTools' network profiles with a 4× slower CPU, beside the
// same page unthrottled. Interactive: the search field is there and the page's data is shown (the topic list
// on home, the materials table on a guide) — drawn by the pages function, whose links and search form work
// before any script runs. Live, beside it: the script has arrived and taken the page over (hydrated).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
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
const pages = {
  home: { path: '/', ready: 'h2#topics + ul li', data: ['/jurisdiction', '/topics', '/bundles'] },
  guide: {
    path: `/guide/${guideCode}`,
    ready: 'table tbody tr',
    data: ['/jurisdiction', `/items/${guideCode}`],
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
    const files = [html, ...assets.map((a) => readFileSync(join(dir, a)))];
    const gzip = files.reduce((sum, f) => sum + gzipSync(f, { level: 9 }).length, 0);
    const brotli = files.reduce((sum, f) => sum + brotliCompressSync(f).length, 0);
    const rows: Array<{ figure: string; value: string }> = [
      {
        figure: `home and guide pages: HTML + JS + CSS (${files.length} files), gzip / brotli (kB; aim ≤ 150)`,
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
    const interactive = async (
      path: string,
      ready: string,
      profile?: keyof typeof profiles,
    ): Promise<{ interactive: number; live: number }> => {
      const samples: number[] = [];
      const live: number[] = [];
      for (let i = 0; i < runs; i++) {
        const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
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
        const started = performance.now();
        await page.goto(`${cloud.url}${path}`, { waitUntil: 'commit', timeout: 60_000 });
        await page.locator('#q, h1').first().waitFor({ timeout: 60_000 });
        await page.locator(ready).first().waitFor({ timeout: 60_000 });
        samples.push(performance.now() - started);
        await page.locator('html[data-live]').waitFor({ state: 'attached', timeout: 60_000 });
        live.push(performance.now() - started);
        await context.close();
      }
      return { interactive: median(samples) / 1000, live: median(live) / 1000 };
    };
    for (const [name, page] of Object.entries(pages)) {
      const bare = await interactive(page.path, page.ready);
      for (const profile of Object.keys(profiles) as Array<keyof typeof profiles>) {
        const measured = await interactive(page.path, page.ready, profile);
        rows.push({
          figure: `${name}: interactive, ${profile} + 4× CPU, cold cache, median of ${runs} (s; aim ≤ 3)`,
          value: measured.interactive.toFixed(2),
        });
        rows.push({
          figure: `${name}: live (script hydrated), ${profile} + 4× CPU (s)`,
          value: measured.live.toFixed(2),
        });
      }
      rows.push({
        figure: `baseline: ${name} interactive / live unthrottled (s)`,
        value: `${bare.interactive.toFixed(2)} / ${bare.live.toFixed(2)}`,
      });
    }
    return rows;
  } finally {
    await browser.close();
    await cloud.stop();
    rmSync(dir, { recursive: true, force: true });
  }
};
