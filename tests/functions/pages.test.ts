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

  it('inlines the stylesheet and the island, which the CSP allows by their hashes, and nothing else inline', async () => {
    for (const path of ['/', '/guide/330902-XK-0010']) {
      const { headers, html } = await page(path);
      const style = /<style>(.*?)<\/style>/s.exec(html)?.[1];
      expect(style).toBeTruthy();
      const island = /<script id="tongban-island">(.*?)<\/script>/s.exec(html)?.[1];
      expect(island).toBeTruthy();
      const sha256 = (text: string) => createHash('sha256').update(text).digest('base64');
      const csp = headers.get('content-security-policy')!;
      expect(csp).toContain(`style-src 'self' 'sha256-${sha256(style!)}';`);
      expect(csp).toContain(`script-src 'self' 'sha256-${sha256(island!)}';`);
      expect(html).not.toMatch(/<link rel="stylesheet"/);
      // The executable scripts: the island, in the head before any control, and the build's own file.
      expect([...html.matchAll(/<script(?![^>]*type="application\/json")[^>]*>/g)].map((m) => m[0])).toEqual([
        expect.stringMatching(/^<script type="module" crossorigin src="\/assets\/index-[\w-]+\.js">$/),
        '<script id="tongban-island">',
      ]);
      expect(html.indexOf('<script id="tongban-island">')).toBeLessThan(html.indexOf('</head>'));
      // Every other inline element is data.
      expect(html.match(/<script/g)).toHaveLength(4);
      expect(html.match(/<style/g)).toHaveLength(1);
      expect(html).not.toMatch(/ on[a-z]+=/);
    }
  });

  it("carries the page's words in each offered language, for the island to set before the app arrives", async () => {
    const { html } = await page('/guide/330902-XK-0010');
    const json = /<script type="application\/json" id="tongban-languages">(.*?)<\/script>/s.exec(html)?.[1];
    const wordings = JSON.parse(json!) as Record<
      string,
      {
        lang: string;
        title: string;
        texts: Array<[number, string]>;
        attributes: Array<[string, number, string]>;
      }
    >;
    // Dinghai offers Chinese and English.
    expect(Object.keys(wordings).sort()).toEqual(['en', 'zh']);
    expect(wordings.zh!.lang).toBe('zh-CN');
    expect(wordings.en!.lang).toBe('en');
    expect(wordings.en!.title).toBe('Online Service Hall · Dinghai District, Zhoushan');
    // The same slots in each language, the interface's words only: the item's own text stays Chinese.
    expect(wordings.en!.texts.map(([i]) => i)).toEqual(wordings.zh!.texts.map(([i]) => i));
    const en = new Map(wordings.en!.texts);
    const zh = new Map(wordings.zh!.texts);
    const slot = (text: string) => [...zh].find(([, value]) => value === text)?.[0];
    expect(en.get(slot('首页')!)).toBe('Home');
    expect(en.get(slot('申请材料')!)).toBe('Materials');
    expect(en.get(slot('网上办事大厅')!)).toBe('Online Service Hall');
    expect(en.get(slot('不收费')!)).toBe('Free of charge');
    // Nothing of the item's own: its name is not among the slots.
    const item = (await api.request('GET', '/items/330902-XK-0010')).body as { name: string };
    expect(slot(item.name)).toBeUndefined();
    // The materials table's labels for narrow screens.
    expect(wordings.en!.attributes.some(([name, , value]) => name === 'data-label' && value === 'Form')).toBe(
      true,
    );
    expect(wordings.en!.attributes.some(([name]) => name === 'aria-label')).toBe(true);
  });

  it('answers the other pages with the shell, and an unknown item with the shell and 404', async () => {
    for (const path of ['/wallet', '/find', '/work/window', '/case/330902-20261207-000001-T']) {
      const { status, html } = await page(path);
      expect(status, path).toBe(200);
      expect(html, path).toContain('<div id="app"></div>');
      expect(carried(html), path).toBeUndefined();
      // The island is the drawn pages'.
      expect(html, path).not.toContain('<script id="tongban-island">');
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
