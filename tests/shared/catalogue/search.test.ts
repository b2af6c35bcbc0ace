// Catalogue search: Chinese substrings with full recall, pinyin, typos, materials and ranking.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadSearchIndex, type SearchDoc, serializeSearchIndex } from '../../../shared/catalogue/search.ts';
import { buildSearchIndex } from '../../../shared/catalogue/search-build.ts';

const doc = (code: string, name: string, extra: Partial<SearchDoc> = {}): SearchDoc => ({
  code,
  name,
  aliases: [],
  department: 'gaj',
  departmentName: '公安分局',
  type: '07',
  materials: [],
  results: [],
  ...extra,
});

const docs = [
  doc('1', '居民身份证换领', { aliases: ['换身份证'], results: ['居民身份证'] }),
  doc('2', '居民身份证补领', { results: ['居民身份证'] }),
  doc('3', '营业执照设立登记（有限责任公司）', { department: 'scjgj', type: '01', results: ['营业执照'] }),
  doc('4', '食品经营许可', {
    department: 'scjgj',
    type: '01',
    materials: ['营业执照'],
    results: ['食品经营许可证'],
  }),
  doc('5', '营业执照', { department: 'scjgj', type: '01' }),
  doc('6', '不动产转移登记', { department: 'zrzyj', materials: ['居民身份证', '不动产权证书'] }),
];
const index = loadSearchIndex(serializeSearchIndex(buildSearchIndex(docs)));
const codes = (q: string) => index.search(q, { limit: 50 }).hits.map((h) => h.code);

describe('catalogue search', () => {
  it('finds substrings, pinyin, initials and aliases', () => {
    expect(codes('身份证')).toEqual(expect.arrayContaining(['1', '2']));
    expect(codes('换领')).toEqual(['1']);
    expect(codes('shenfenzheng').slice(0, 2).sort()).toEqual(['1', '2']);
    expect(codes('sfz').slice(0, 2).sort()).toEqual(['1', '2']);
    expect(codes('换身份证')[0]).toBe('1');
  });

  it('tolerates one wrong, missing or extra character', () => {
    expect(codes('居民身分证换领')).toContain('1');
    expect(codes('居民身证换领')).toContain('1');
    expect(codes('居民身份份证换领')).toContain('1');
    expect(codes('不动产转登记')).toContain('6');
  });

  it('ranks exact, then prefix, then material matches', () => {
    const hits = index.search('营业执照', { limit: 10 }).hits;
    expect(hits.map((h) => [h.code, h.matched])).toEqual([
      ['5', 'name'],
      ['3', 'name'],
      ['4', 'material'],
    ]);
    expect(hits[1]!.highlight).toBe('<em>营业执照</em>设立登记（有限责任公司）');
  });

  it('filters and counts facets over every match', () => {
    const all = index.search('登记');
    expect(all.total).toBe(2);
    expect(all.facets.department).toEqual({ scjgj: 1, zrzyj: 1 });
    expect(index.search('登记', { department: 'zrzyj' }).hits.map((h) => h.code)).toEqual(['6']);
    expect(index.search('   ').total).toBe(0);
  });

  it('finds every item a naive scan finds (property)', () => {
    const chars = '居民身份证换领补营业执照设立登记食品经营许可不动产转移有限责任公司（）';
    const name = fc
      .array(fc.integer({ min: 0, max: chars.length - 1 }), { minLength: 2, maxLength: 12 })
      .map((a) => a.map((i) => chars[i]).join(''));
    fc.assert(
      fc.property(
        fc.array(name, { minLength: 1, maxLength: 30 }),
        fc.nat(),
        fc.nat(),
        fc.nat(),
        (names, pick, start, length) => {
          const corpus = names.map((n, i) => doc(String(i), n));
          const idx = buildSearchIndex(corpus);
          const source = names[pick % names.length]!;
          const from = start % source.length;
          const q = source.slice(from, from + 1 + (length % (source.length - from)));
          const found = new Set(idx.search(q, { limit: corpus.length }).hits.map((h) => h.code));
          return corpus.filter((d) => d.name.includes(q)).every((d) => found.has(d.code));
        },
      ),
      { numRuns: 200 },
    );
  });
});
