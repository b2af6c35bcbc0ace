// The portal's pages as the pages function answers them on the local cloud: the home page and guides drawn
// with their data (what the API answers, carried in the page), the CSP naming the inlined stylesheet by its
// hash, the shell for every other page, and nothing an item's text says able to break out of the page.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { seedJurisdiction } from '../../infra/local/seed.ts';
import { itemInputOf } from '../support/items.ts';
import { useLocalCloud } from '../support/local-cloud.ts';

const api = useLocalCloud('dinghai', async (cloud) => {
  await seedJurisdiction(cloud.jurisdiction);
});

const page = async (path: string) => {
  const response = await fetch(`${api.url}${path}`);
  return { status: response.status, headers: response.headers, html: await response.text() };
};

/** The data a page carries, by API path. */
const carried = (html: string) => {
  const json = /<script type="application\/json" id="tongban-data">(.*?)<\/script>/s.exec(html)?.[1];
  return json === undefined ? undefined : (JSON.parse(json) as Record<string, unknown>);
};

const appOf = (html: string) => /<div id="app">(.*?)<\/div><script type="application\/json"/s.exec(html)?.[1];

describe('the pages function', () => {
  it('draws a guide with the item the API answers, and carries that answer', async () => {
    const code = '330902-XK-0010';
    const { status, headers, html } = await page(`/guide/${code}`);
    expect(status).toBe(200);
    expect(headers.get('content-type')).toBe('text/html; charset=utf-8');
    const item = (await api.request('GET', `/items/${code}`)).body;
    const data = carried(html)!;
    expect(data[`/items/${code}`]).toEqual(item);
    expect(data['/jurisdiction']).toEqual((await api.request('GET', '/jurisdiction')).body);
    // The markup is there before any script: the name and every material.
    const app = appOf(html)!;
    expect(app).toContain(`>${item.name}</h1>`);
    for (const material of item.materials as Array<{ name: string }>) expect(app).toContain(material.name);
    // Kept at the edge a minute, revalidated by browsers.
    expect(headers.get('cache-control')).toBe('public, max-age=0, s-maxage=60');
  });

  it('draws the home page with its topics and bundles', async () => {
    const { status, html } = await page('/');
    expect(status).toBe(200);
    const data = carried(html)!;
    expect(data['/topics']).toEqual((await api.request('GET', '/topics')).body);
    expect(data['/bundles']).toEqual((await api.request('GET', '/bundles')).body);
    const topics = (data['/topics'] as { topics: Array<{ name: string }> }).topics;
    expect(topics.length).toBeGreaterThan(0);
    for (const topic of topics) expect(appOf(html)).toContain(topic.name);
    // The search form submits by itself, before the script has arrived.
    expect(appOf(html)).toMatch(/<form action="\/find" method="get"/);
  });

  it('inlines the stylesheet, which the CSP allows by its hash and nothing else inline', async () => {
    const { headers, html } = await page('/');
    const style = /<style>(.*?)<\/style>/s.exec(html)?.[1];
    expect(style).toBeTruthy();
    const hash = createHash('sha256').update(style!).digest('base64');
    const csp = headers.get('content-security-policy')!;
    expect(csp).toContain(`style-src 'self' 'sha256-${hash}'`);
    expect(csp).toContain("script-src 'self';");
    expect(html).not.toMatch(/<link rel="stylesheet"/);
    // The one executable script is the build's own file.
    expect([...html.matchAll(/<script(?![^>]*type="application\/json")[^>]*>/g)].map((m) => m[0])).toEqual([
      expect.stringMatching(/^<script type="module" crossorigin src="\/assets\/index-[\w-]+\.js">$/),
    ]);
  });

  it('answers the other pages with the shell, and an unknown item with the shell and 404', async () => {
    for (const path of ['/wallet', '/find', '/work/window', '/case/330902-20261207-000001-T']) {
      const { status, html } = await page(path);
      expect(status, path).toBe(200);
      expect(html, path).toContain('<div id="app"></div>');
      expect(carried(html), path).toBeUndefined();
    }
    const unknown = await page('/guide/330902-XK-9999');
    expect(unknown.status).toBe(404);
    expect(unknown.html).toContain('<div id="app"></div>');
  });

  it('compresses pages for browsers that accept it, as CloudFront does', async () => {
    const plain = await (await fetch(`${api.url}/`, { headers: { 'accept-encoding': 'identity' } })).text();
    const response = await fetch(`${api.url}/`, { headers: { 'accept-encoding': 'br' } });
    expect(response.headers.get('content-encoding')).toBe('br');
    expect(await response.text()).toBe(plain);
  });

  it("keeps an item's text inside the page, whatever it says", async () => {
    const code = '330902-QT-0981';
    const base = itemInputOf((await api.request('GET', '/items/330902-XK-0014')).body);
    const hostile = '</script><script>alert(1)</script><!--';
    const created = await api.request('POST', '/admin/items', {
      as: 'admin',
      body: { ...base, implementationCode: code, name: `民宿备案${hostile}`, aliases: [], topics: [] },
    });
    expect(created.status).toBe(201);
    expect((await api.request('POST', `/admin/items/${code}/publish`, { as: 'admin' })).status).toBe(200);
    const { html } = await page(`/guide/${code}`);
    expect(html).not.toContain('<script>alert(1)</script>');
    expect((carried(html)![`/items/${code}`] as { name: string }).name).toBe(`民宿备案${hostile}`);
  });
});
