// The service catalogue as a citizen and an administrator meet it: the seeded demo jurisdiction on the
// local cloud, reached only through the HTTP API.

import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { dynamo } from '../../functions/lib/dynamo.ts';
import { seedJurisdiction } from '../../infra/local/seed.ts';
import { names } from '../../infra/naming.ts';
import { itemInputOf } from '../support/items.ts';
import { useLocalCloud } from '../support/local-cloud.ts';

const api = useLocalCloud('dinghai', async (cloud) => {
  await seedJurisdiction(cloud.jurisdiction);
});

/** A valid new item, based on a seeded one, under a new code. */
const newItem = async (code: string, changes: Record<string, unknown> = {}) => {
  const base = (await api.request('GET', '/items/330902-XK-0014')).body;
  const input = itemInputOf(base);
  return {
    ...input,
    implementationCode: code,
    name: `海岛民宿经营备案${code.slice(-3)}`,
    aliases: ['民宿备案'],
    topics: [],
    ...changes,
  };
};

const searchNames = async (q: string) => {
  const res = await api.request('GET', `/search?q=${encodeURIComponent(q)}&limit=20`);
  expect(res.status).toBe(200);
  return res.body.hits.map((h: { name: string }) => h.name) as string[];
};

describe('finding an item', () => {
  it('finds by any Chinese substring of the name or an alias', async () => {
    expect(await searchNames('身份证')).toContain('居民身份证换领');
    expect(await searchNames('换领')).toContain('居民身份证换领');
    expect(await searchNames('换身份证')).toContain('居民身份证换领');
  });

  it('finds by full pinyin and by initials', async () => {
    expect(await searchNames('shenfenzheng')).toContain('居民身份证换领');
    expect(await searchNames('sfz')).toContain('居民身份证换领');
  });

  it('tolerates one wrong or missing character in longer queries, ranked after exact hits', async () => {
    expect(await searchNames('居民身分证换领')).toContain('居民身份证换领');
    expect(await searchNames('居民身证换领')).toContain('居民身份证换领');
  });

  it('finds items that require or issue a licence by its name, exact and prefix matches first', async () => {
    const res = await api.request('GET', '/search?q=营业执照&limit=50');
    const hits = res.body.hits as Array<{ name: string; matched: string; highlight: string }>;
    expect(hits[0]!.name.startsWith('营业执照')).toBe(true);
    expect(hits.some((h) => h.matched === 'material')).toBe(true);
    expect(hits[0]!.highlight).toContain('<em>营业执照</em>');
    expect(res.body.facets.department.scjgj).toBeGreaterThan(0);
    expect(res.body.total).toBeGreaterThanOrEqual(hits.length);
  });

  it('rejects an empty query with the field named', async () => {
    const res = await api.request('GET', '/search?q=');
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].path).toBe('query.q');
  });

  it('lists published items with filters and complete paging', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const res = await api.request('GET', `/items?limit=25${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      seen.push(...res.body.items.map((i: { code: string }) => i.code));
      cursor = res.body.cursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBeGreaterThanOrEqual(85);

    const police = await api.request('GET', '/items?department=gaj&limit=100');
    expect(police.body.items.every((i: { department: string }) => i.department === 'gaj')).toBe(true);
    const licences = await api.request('GET', '/items?type=01&object=enterprise&limit=100');
    expect(licences.body.items.length).toBeGreaterThan(5);
    expect(licences.body.items.every((i: { type: string }) => i.type === '01')).toBe(true);
    const retirement = await api.request('GET', '/items?topic=retirement&limit=100');
    expect(retirement.body.items.map((i: { name: string }) => i.name)).toContain(
      '职工基本养老保险退休申请（退休审批）',
    );
    const bad = await api.request('GET', '/items?level=9&cursor=!!');
    expect(bad.status).toBe(400);
  });

  it('shows the full guide of an item and 404 for an unknown one', async () => {
    const res = await api.request('GET', '/items/330902-XK-0014');
    expect(res.status).toBe(200);
    expect(res.body.name).toBe('食品经营许可');
    expect(res.body.materials.length).toBeGreaterThan(3);
    expect(res.body.implementingBody.name).toContain('市场监督管理局');
    expect(res.body.formSchema.type).toBe('object');
    expect(res.body.workflow.stages.length).toBeGreaterThan(0);
    expect((await api.request('GET', '/items/330902-XK-9999')).status).toBe(404);
  });

  it('navigates by topic, relates items through licences, and merges bundles', async () => {
    const topics = await api.request('GET', '/topics?audience=enterprise');
    const start = topics.body.topics.find((t: { id: string }) => t.id === 'start-business');
    expect(start.items.length).toBeGreaterThanOrEqual(4);

    const related = await api.request('GET', '/items/330902-XK-0010/related');
    const reasons = related.body.related.flatMap((r: { reasons: string[] }) => r.reasons).join(' ');
    expect(reasons).toContain('需要本事项颁发的「营业执照」');

    const bundle = await api.request('GET', '/bundles/start-business');
    expect(bundle.body.items.length).toBe(5);
    const licenceMaterials = bundle.body.materials.filter(
      (m: { licenceType?: string }) => m.licenceType === '营业执照',
    );
    expect(licenceMaterials).toHaveLength(1);
    expect(licenceMaterials[0].neededBy.length).toBeGreaterThan(1);
    expect(Object.keys(bundle.body.combinedForm.properties).length).toBeGreaterThan(3);
  });
});

describe('administering the catalogue', () => {
  it('refuses anonymous callers and citizens', async () => {
    const body = await newItem('330902-QT-0901');
    expect((await api.request('POST', '/admin/items', { body })).status).toBe(401);
    expect((await api.request('POST', '/admin/items', { body, as: 'citizen' })).status).toBe(403);
  });

  it('answers bad JSON and oversized bodies clearly', async () => {
    const malformed = await api.request('POST', '/admin/items', {
      as: 'admin',
      rawBody: '{"name":',
      headers: { 'content-type': 'application/json' },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('MALFORMED_JSON');
    const huge = await api.request('POST', '/admin/items', {
      as: 'admin',
      body: { name: 'x'.repeat(1_100_000) },
    });
    expect(huge.status).toBe(413);
  });

  it('rejects rule violations with every field named and writes nothing', async () => {
    const body = await newItem('330902-QT-0902', {
      promisedLimit: { value: 30, unit: 'working-day' },
      department: 'nosuch',
      level: 5,
      townshipCodes: [],
      formSchema: { type: 'object', properties: { a: { type: 'strng' } } },
    });
    const res = await api.request('POST', '/admin/items', { as: 'admin', body });
    expect(res.status).toBe(400);
    const paths = res.body.error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'body.promisedLimit',
        'body.department',
        'body.townshipCodes',
        'body.formSchema',
      ]),
    );
    expect((await api.request('GET', '/admin/items/330902-QT-0902', { as: 'admin' })).status).toBe(404);
  });

  it('drafts, publishes, revises and retires an item, keeping every version readable', async () => {
    const code = '330902-QT-0903';
    const created = await api.request('POST', '/admin/items', { as: 'admin', body: await newItem(code) });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ version: 1, status: 'draft', createdBy: { sub: 'demo-admin' } });
    expect(
      (await api.request('POST', '/admin/items', { as: 'admin', body: await newItem(code) })).status,
    ).toBe(409);
    expect((await api.request('GET', `/items/${code}`)).status).toBe(404);

    const published = await api.request('POST', `/admin/items/${code}/publish`, { as: 'admin' });
    expect(published.body).toMatchObject({ status: 'published', version: 1 });
    expect((await api.request('GET', `/items/${code}`)).body.name).toBe('海岛民宿经营备案903');

    const revised = await api.request('PUT', `/admin/items/${code}`, {
      as: 'admin',
      body: await newItem(code, { name: '海岛民宿经营备案（修订）' }),
    });
    expect(revised.body).toMatchObject({ version: 2, status: 'draft' });
    expect((await api.request('GET', `/items/${code}`)).body.version).toBe(1);
    await api.request('POST', `/admin/items/${code}/publish`, { as: 'admin' });
    expect((await api.request('GET', `/items/${code}`)).body).toMatchObject({
      version: 2,
      name: '海岛民宿经营备案（修订）',
    });
    expect((await api.request('GET', `/items/${code}/versions/1`)).body.name).toBe('海岛民宿经营备案903');
    expect((await api.request('POST', `/admin/items/${code}/publish`, { as: 'admin' })).status).toBe(409);

    await expect
      .poll(() => searchNames('海岛民宿'), { timeout: 12_000, interval: 500 })
      .toContain('海岛民宿经营备案（修订）');

    expect((await api.request('POST', `/admin/items/${code}/retire`, { as: 'admin' })).status).toBe(200);
    expect((await api.request('GET', `/items/${code}`)).status).toBe(404);
    expect((await api.request('GET', `/items/${code}/versions/2`)).body.status).toBe('retired');
    const again = await api.request('POST', `/admin/items/${code}/retire`, { as: 'admin' });
    expect(again.status).toBe(409);
    expect(
      (await api.request('PUT', `/admin/items/${code}`, { as: 'admin', body: await newItem(code) })).status,
    ).toBe(409);
  });

  it('lists drafts, published and retired items for admins, with the reason an item was retired', async () => {
    const [draft, published, retired] = ['330902-QT-0905', '330902-QT-0906', '330902-QT-0907'];
    for (const code of [draft, published, retired])
      await api.request('POST', '/admin/items', { as: 'admin', body: await newItem(code) });
    for (const code of [published, retired])
      await api.request('POST', `/admin/items/${code}/publish`, { as: 'admin' });
    const retiring = await api.request('POST', `/admin/items/${retired}/retire`, {
      as: 'admin',
      body: { reason: '职能调整，不再受理' },
    });
    expect(retiring.body).toMatchObject({ status: 'retired', retiredReason: '职能调整，不再受理' });
    expect((await api.request('GET', '/admin/items', { as: 'citizen' })).status).toBe(403);

    const all = await api.request('GET', '/admin/items?limit=100', { as: 'admin' });
    expect(all.status).toBe(200);
    const ours = all.body.items.filter((i: { code: string }) => [draft, published, retired].includes(i.code));
    expect(ours).toEqual([
      { code: draft, name: '海岛民宿经营备案905', status: 'draft', latest: 1, draft: 1 },
      { code: published, name: '海岛民宿经营备案906', status: 'published', latest: 1, current: 1 },
      { code: retired, name: '海岛民宿经营备案907', status: 'retired', latest: 1 },
    ]);
    const drafts = await api.request('GET', '/admin/items?status=draft&limit=100', { as: 'admin' });
    expect(drafts.body.items.map((i: { code: string }) => i.code)).toContain(draft);
    expect(drafts.body.items.every((i: { status: string }) => i.status === 'draft')).toBe(true);

    const first = await api.request('GET', '/admin/items?limit=2', { as: 'admin' });
    expect(first.body.items).toHaveLength(2);
    const next = await api.request('GET', `/admin/items?limit=2&cursor=${first.body.cursor}`, {
      as: 'admin',
    });
    expect(next.body.items[0].code > first.body.items[1].code).toBe(true);
    expect((await api.request('GET', '/admin/items?cursor=nonsense', { as: 'admin' })).status).toBe(400);
  });

  it('indexes local data kept from before the list of all items existed, when the local cloud seeds again', async () => {
    const code = '330902-XK-0010';
    await dynamo().send(
      new UpdateCommand({
        TableName: names('dinghai').table,
        Key: { pk: `ITEM#${code}`, sk: 'HEAD' },
        UpdateExpression: 'REMOVE gsi3pk, gsi3sk',
      }),
    );
    const listed = async () =>
      (await api.request('GET', '/admin/items?limit=100', { as: 'admin' })).body.items.map(
        (i: { code: string }) => i.code,
      );
    expect(await listed()).not.toContain(code);
    expect(await seedJurisdiction(api.cloud.jurisdiction)).toContain('1 kept rows indexed');
    expect(await listed()).toContain(code);
  });

  it('imports CSV: valid rows land, invalid rows come back with their numbers and fields', async () => {
    const good = await newItem('330902-QT-0911');
    const columns = Object.keys(good);
    const cell = (v: unknown) => {
      const text = typeof v === 'string' ? v : JSON.stringify(v);
      return `"${text.replaceAll('"', '""')}"`;
    };
    const line = (item: Record<string, unknown>) => columns.map((c) => cell(item[c] ?? '')).join(',');
    const csv = [
      columns.join(','),
      line(good),
      line({
        ...good,
        implementationCode: '330902-QT-0912',
        statutoryLimit: { value: 1, unit: 'working-day' },
        promisedLimit: { value: 5, unit: 'working-day' },
      }),
      line({ ...good, implementationCode: '330902-QT-0913', name: '' }),
    ].join('\n');
    const res = await api.request('POST', '/admin/items/import', {
      as: 'admin',
      rawBody: csv,
      headers: { 'content-type': 'text/csv', 'x-import-id': 'csv-import-0001' },
    });
    expect(res.status).toBe(200);
    expect(res.body.landed).toBe(1);
    expect(res.body.rejected.map((r: { row: number }) => r.row)).toEqual([2, 3]);
    expect(res.body.rejected[0].errors[0].path).toBe('promisedLimit');
    expect((await api.request('GET', '/items/330902-QT-0911')).status).toBe(200);
    const progress = await api.request('GET', '/admin/imports/csv-import-0001', { as: 'admin' });
    expect(progress.body).toMatchObject({ status: 'done', total: 3, processed: 3, landed: 1, rejected: 2 });
  });

  it('imports atomically: one bad row and nothing lands', async () => {
    const rows = [await newItem('330902-QT-0921'), await newItem('330902-QT-0922', { department: 'nosuch' })];
    const res = await api.request('POST', '/admin/items/import?atomic=true', { as: 'admin', body: rows });
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain('rows.2.department');
    expect((await api.request('GET', '/admin/items/330902-QT-0921', { as: 'admin' })).status).toBe(404);
  });
});
