// 智能搜索 catalogue search that serves inside a Lambda function. Chinese word tokenizers miss most substring
// queries, so names and aliases are indexed by character bigrams (single characters for one-character
// queries), and every candidate is verified with a plain substring test: whatever `name.includes(q)` finds,
// search finds. Pinyin (full and initials) comes from pinyin-pro at build time and travels in the snapshot;
// material and result names are few distinct strings shared by many items, so they are matched by scanning
// the distinct strings. A query of 4+ characters with no direct hit falls back to typo tolerance: one
// wrong, missing or extra character. The snapshot holds the documents and their pinyin only; the bigram
// postings are rebuilt on load, which is faster than parsing them. A hand-written index was chosen over
// FlexSearch/MiniSearch because 100% substring recall, exact totals and facets over all matches are
// requirements those libraries do not guarantee; pinyin conversion uses the pinyin-pro library.
import { pinyin } from 'pinyin-pro';

export interface SearchDoc {
  code: string;
  name: string;
  aliases: string[];
  department: string;
  departmentName: string;
  type: string;
  materials: string[];
  results: string[];
}

export type MatchKind = 'name' | 'alias' | 'pinyin' | 'material' | 'result' | 'fuzzy';

export interface SearchHit {
  code: string;
  name: string;
  department: string;
  departmentName: string;
  type: string;
  score: number;
  matched: MatchKind;
  /** The matched text with the match wrapped in <em>…</em>. */
  highlight: string;
}

export interface SearchResult {
  query: string;
  /** Every item matched (before `limit`); facets count the same set. */
  total: number;
  hits: SearchHit[];
  facets: { department: Record<string, number>; type: Record<string, number> };
}

export interface SearchOptions {
  limit?: number;
  department?: string;
  type?: string;
}

export interface SearchIndex {
  readonly size: number;
  search(query: string, options?: SearchOptions): SearchResult;
}

/** Per document: the pinyin syllables of its name, and of each alias, as the snapshot stores them. */
interface Entry {
  doc: SearchDoc;
  nameSyllables: string[];
  aliasSyllables: string[][];
  /** Concatenated full pinyin and initials of the name and aliases, separated by '|'. */
  pinyinText: string;
}

const snapshotVersion = 1;
const separator = '\u0001';

const syllablesOf = (text: string) =>
  pinyin(text, { toneType: 'none', type: 'array', v: true }).map((s) =>
    s.toLowerCase().replace(/[^a-z0-9]/g, ''),
  );

const pinyinTextOf = (nameSyllables: string[], aliasSyllables: string[][]) =>
  [nameSyllables, ...aliasSyllables]
    .flatMap((syllables) => [syllables.join(''), syllables.map((s) => s.charAt(0)).join('')])
    .join('|');

const normalise = (query: string) => query.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, '');

const isLatin = (query: string) => /^[a-z0-9]+$/.test(query);

const bigrams = (text: string) => {
  const grams = new Set<string>();
  for (let i = 0; i + 1 < text.length; i++) grams.add(text.slice(i, i + 2));
  return grams;
};

/** Posting lists: gram → ascending doc ids. */
class Postings {
  private readonly lists = new Map<string, number[]>();

  add(text: string, id: number, unigrams: boolean) {
    const grams = bigrams(text);
    if (unigrams) for (const ch of text) grams.add(ch);
    for (const gram of grams) {
      const list = this.lists.get(gram);
      if (!list) this.lists.set(gram, [id]);
      else if (list[list.length - 1] !== id) list.push(id);
    }
  }

  get(gram: string): readonly number[] {
    return this.lists.get(gram) ?? [];
  }

  /** Docs containing every gram of the query (a superset of the docs containing the query). */
  candidates(query: string): readonly number[] {
    const grams = query.length === 1 ? [query] : [...bigrams(query)];
    const lists = grams.map((g) => this.get(g)).sort((a, b) => a.length - b.length);
    if (lists.length === 0 || lists[0]!.length === 0) return [];
    let result = lists[0]!;
    for (const list of lists.slice(1)) {
      const other = new Set(list);
      result = result.filter((id) => other.has(id));
      if (result.length === 0) break;
    }
    return result;
  }
}

/** Edit distance ≤ 1 between the query and some substring of the text (Sellers' approximate matching). */
const fuzzyPosition = (text: string, query: string): { start: number; end: number } | undefined => {
  const m = query.length;
  let previous = new Array<number>(m + 1);
  for (let i = 0; i <= m; i++) previous[i] = i;
  const starts = new Array<number>(m + 1).fill(0);
  let previousStarts = starts.slice();
  for (let j = 1; j <= text.length; j++) {
    const current = new Array<number>(m + 1);
    const currentStarts = new Array<number>(m + 1);
    current[0] = 0;
    currentStarts[0] = j;
    for (let i = 1; i <= m; i++) {
      const substitution = previous[i - 1]! + (query[i - 1] === text[j - 1] ? 0 : 1);
      const deletion = previous[i]! + 1;
      const insertion = current[i - 1]! + 1;
      const best = Math.min(substitution, deletion, insertion);
      current[i] = best;
      currentStarts[i] =
        best === substitution
          ? previousStarts[i - 1]!
          : best === deletion
            ? previousStarts[i]!
            : currentStarts[i - 1]!;
    }
    if (current[m]! <= 1) return { start: currentStarts[m]!, end: j };
    previous = current;
    previousStarts = currentStarts;
  }
  return undefined;
};

const emphasise = (text: string, start: number, end: number) =>
  `${text.slice(0, start)}<em>${text.slice(start, end)}</em>${text.slice(end)}`;

/** Highlights the characters whose syllables (or initials) the pinyin query covered. */
const pinyinHighlight = (text: string, syllables: string[], query: string) => {
  const attempt = (parts: string[]) => {
    const joined = parts.join('');
    const at = joined.indexOf(query);
    if (at < 0) return undefined;
    let offset = 0;
    let first = -1;
    let last = -1;
    parts.forEach((part, i) => {
      const from = offset;
      offset += part.length;
      if (first < 0 && at < offset) first = i;
      if (from < at + query.length) last = i;
    });
    return first >= 0 && syllables.length === [...text].length ? emphasise(text, first, last + 1) : text;
  };
  return attempt(syllables) ?? attempt(syllables.map((s) => s.charAt(0))) ?? text;
};

class CatalogueIndex implements SearchIndex {
  private readonly names = new Postings();
  private readonly aliases = new Postings();
  private readonly pinyin = new Postings();
  /** Distinct material and result names → docs. */
  private readonly materials = new Map<string, number[]>();
  private readonly results = new Map<string, number[]>();

  constructor(readonly entries: Entry[]) {
    entries.forEach((entry, id) => {
      const { doc } = entry;
      this.names.add(doc.name.toLowerCase(), id, true);
      if (doc.aliases.length > 0) this.aliases.add(doc.aliases.join(separator).toLowerCase(), id, true);
      this.pinyin.add(entry.pinyinText, id, true);
      for (const m of new Set(doc.materials))
        (this.materials.get(m) ?? this.materials.set(m, []).get(m)!).push(id);
      for (const r of new Set(doc.results)) (this.results.get(r) ?? this.results.set(r, []).get(r)!).push(id);
    });
  }

  get size() {
    return this.entries.length;
  }

  search(query: string, options: SearchOptions = {}): SearchResult {
    const q = normalise(query);
    const limit = options.limit ?? 10;
    const empty: SearchResult = { query, total: 0, hits: [], facets: { department: {}, type: {} } };
    if (q === '') return empty;

    // Highlights are built for the returned hits only, so each match keeps a thunk.
    const scored = new Map<number, { score: number; matched: MatchKind; highlight: () => string }>();
    const consider = (id: number, score: number, matched: MatchKind, highlight: () => string) => {
      const current = scored.get(id);
      if (!current || current.score < score) scored.set(id, { score, matched, highlight });
    };

    for (const id of this.names.candidates(q)) {
      const name = this.entries[id]!.doc.name;
      const at = name.toLowerCase().indexOf(q);
      if (at < 0) continue;
      const score = at === 0 ? (name.length === q.length ? 1000 : 900) : 800 - Math.min(at, 50);
      consider(id, score, 'name', () => emphasise(name, at, at + q.length));
    }
    for (const id of this.aliases.candidates(q)) {
      for (const alias of this.entries[id]!.doc.aliases) {
        const at = alias.toLowerCase().indexOf(q);
        if (at >= 0)
          consider(id, alias.length === q.length ? 700 : 600, 'alias', () =>
            emphasise(alias, at, at + q.length),
          );
      }
    }
    if (isLatin(q)) {
      for (const id of this.pinyin.candidates(q)) {
        const entry = this.entries[id]!;
        if (!entry.pinyinText.includes(q)) continue;
        const exact = entry.pinyinText.split('|').includes(q);
        consider(id, exact ? 550 : 500, 'pinyin', () =>
          pinyinHighlight(entry.doc.name, entry.nameSyllables, q),
        );
      }
    }
    for (const [kind, table, label] of [
      ['material', this.materials, '材料'],
      ['result', this.results, '结果'],
    ] as const) {
      for (const [text, ids] of table) {
        const at = text.toLowerCase().indexOf(q);
        if (at < 0) continue;
        for (const id of ids)
          consider(id, 300, kind, () => `${label}：${emphasise(text, at, at + q.length)}`);
      }
    }
    if (scored.size < limit && q.length >= 4 && !isLatin(q)) this.fuzzy(q, scored, consider);

    const department: Record<string, number> = {};
    const type: Record<string, number> = {};
    const top: Array<{ id: number; score: number }> = [];
    let total = 0;
    for (const [id, match] of scored) {
      const doc = this.entries[id]!.doc;
      if (options.department && doc.department !== options.department) continue;
      if (options.type && doc.type !== options.type) continue;
      total++;
      department[doc.department] = (department[doc.department] ?? 0) + 1;
      type[doc.type] = (type[doc.type] ?? 0) + 1;
      if (top.length < limit || this.before(id, match.score, top[top.length - 1]!)) {
        top.push({ id, score: match.score });
        top.sort((a, b) => (this.before(a.id, a.score, b) ? -1 : 1));
        if (top.length > limit) top.pop();
      }
    }
    return {
      query,
      total,
      facets: { department, type },
      hits: top.map(({ id }) => {
        const doc = this.entries[id]!.doc;
        const match = scored.get(id)!;
        return {
          code: doc.code,
          name: doc.name,
          department: doc.department,
          departmentName: doc.departmentName,
          type: doc.type,
          score: match.score,
          matched: match.matched,
          highlight: match.highlight(),
        };
      }),
    };
  }

  /** Ranking: higher score, then the shorter name, then the code — deterministic. */
  private before(id: number, score: number, other: { id: number; score: number }) {
    if (score !== other.score) return score > other.score;
    const a = this.entries[id]!.doc;
    const b = this.entries[other.id]!.doc;
    if (a.name.length !== b.name.length) return a.name.length < b.name.length;
    return a.code < b.code;
  }

  private fuzzy(
    q: string,
    scored: Map<number, unknown>,
    consider: (id: number, score: number, matched: MatchKind, highlight: () => string) => void,
  ) {
    // One edit touches at most two of the query's bigrams, so a match shares all the others.
    const grams = [...bigrams(q)];
    const needed = Math.max(1, grams.length - 2);
    const counts = new Map<number, number>();
    for (const gram of grams) {
      for (const id of this.names.get(gram)) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    for (const [id, count] of counts) {
      if (count < needed || scored.has(id)) continue;
      const name = this.entries[id]!.doc.name;
      const position = fuzzyPosition(name, q);
      if (position) consider(id, 200, 'fuzzy', () => emphasise(name, position.start, position.end));
    }
  }
}

const entryOf = (doc: SearchDoc, nameSyllables: string[], aliasSyllables: string[][]): Entry => ({
  doc,
  nameSyllables,
  aliasSyllables,
  pinyinText: pinyinTextOf(nameSyllables, aliasSyllables),
});

export const buildSearchIndex = (docs: readonly SearchDoc[]): SearchIndex =>
  new CatalogueIndex(docs.map((doc) => entryOf(doc, syllablesOf(doc.name), doc.aliases.map(syllablesOf))));

type SnapshotRow = [
  code: string,
  name: string,
  aliases: string[],
  department: string,
  departmentName: string,
  type: string,
  materials: number[],
  results: number[],
  namePinyin: string,
  aliasPinyin: string[],
];

/** Compact snapshot: distinct strings (materials, results, department names) stored once, pinyin as text. */
export const serializeSearchIndex = (index: SearchIndex): Uint8Array => {
  const entries = (index as CatalogueIndex).entries;
  const strings: string[] = [];
  const stringIds = new Map<string, number>();
  const intern = (s: string) => {
    let id = stringIds.get(s);
    if (id === undefined) {
      id = strings.push(s) - 1;
      stringIds.set(s, id);
    }
    return id;
  };
  const rows: SnapshotRow[] = entries.map(({ doc, nameSyllables, aliasSyllables }) => [
    doc.code,
    doc.name,
    doc.aliases,
    doc.department,
    doc.departmentName,
    doc.type,
    doc.materials.map(intern),
    doc.results.map(intern),
    nameSyllables.join(' '),
    aliasSyllables.map((s) => s.join(' ')),
  ]);
  return new TextEncoder().encode(JSON.stringify({ v: snapshotVersion, strings, rows }));
};

export const loadSearchIndex = (snapshot: Uint8Array): SearchIndex => {
  const parsed = JSON.parse(new TextDecoder().decode(snapshot)) as {
    v: number;
    strings: string[];
    rows: SnapshotRow[];
  };
  if (parsed.v !== snapshotVersion)
    throw new Error(`search snapshot version ${parsed.v} is not ${snapshotVersion}`);
  const { strings } = parsed;
  const split = (text: string) => (text === '' ? [] : text.split(' '));
  return new CatalogueIndex(
    parsed.rows.map(
      ([code, name, aliases, department, departmentName, type, materials, results, namePy, aliasPy]) =>
        entryOf(
          {
            code,
            name,
            aliases,
            department,
            departmentName,
            type,
            materials: materials.map((i) => strings[i]!),
            results: results.map((i) => strings[i]!),
          },
          split(namePy),
          aliasPy.map(split),
        ),
    ),
  );
};
