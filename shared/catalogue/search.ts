// 智能搜索 catalogue search that serves inside a Lambda function. Chinese word tokenizers miss most substring
// queries, so names and aliases are indexed by character bigrams (single characters for one-character
// queries), and every candidate is verified with a plain substring test: whatever `name.includes(q)` finds,
// search finds. Pinyin (full and initials) is computed at build time (search-build.ts, with pinyin-pro) and
// travels in the snapshot, so the search function never loads the pinyin dictionary;
// material and result names are few distinct strings shared by many items, so they are matched by scanning
// the distinct strings. A query of 4+ characters with no direct hit falls back to typo tolerance: one
// wrong, missing or extra character. The snapshot holds the documents and their pinyin only; the bigram
// postings travel as raw typed arrays, so loading parses only the documents. A hand-written index was chosen over
// FlexSearch/MiniSearch because 100% substring recall, exact totals and facets over all matches are
// requirements those libraries do not guarantee; pinyin conversion uses the pinyin-pro library.

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

/**
 * Per document: the texts it is matched on, normalised as queries are. Derived lazily and cached, so a
 * cold load pays only for parsing; a document's keys are computed the first time a query touches it.
 */
class Entry {
  private cachedNameKey?: string;
  private cachedAliasKeys?: string[];
  private cachedPinyin?: string;

  constructor(
    readonly doc: SearchDoc,
    /** Syllables of the name, space-separated, as the snapshot stores them. */
    readonly namePinyin: string,
    readonly aliasPinyin: string[],
  ) {}

  get nameKey() {
    this.cachedNameKey ??= normalise(this.doc.name);
    return this.cachedNameKey;
  }

  get aliasKeys() {
    this.cachedAliasKeys ??= this.doc.aliases.map(normalise);
    return this.cachedAliasKeys;
  }

  get nameSyllables() {
    return this.namePinyin === '' ? [] : this.namePinyin.split(' ');
  }

  /** Full pinyin and initials of the name and aliases, separated by '|'. */
  get pinyinText() {
    this.cachedPinyin ??= pinyinTextOf(
      [this.namePinyin, ...this.aliasPinyin].map((p) => (p === '' ? [] : p.split(' '))),
    );
    return this.cachedPinyin;
  }
}

const snapshotVersion = 2;

const pinyinTextOf = (syllableLists: string[][]) =>
  syllableLists
    .flatMap((syllables) => [syllables.join(''), syllables.map((s) => s.charAt(0)).join('')])
    .join('|');

/** Names and queries are compared in one form: NFKC (full-width to half-width), lower case, no spaces. */
const normalise = (text: string) => text.normalize('NFKC').toLowerCase().replace(/\s+/g, '');

const isLatin = (query: string) => /^[a-z0-9]+$/.test(query);

/** Whether `query`, first found at `from`, is somewhere one whole '|'-separated part of `text`. */
const wholePart = (text: string, query: string, from: number) => {
  const bar = 124; // '|'
  for (let at = from; at >= 0; at = text.indexOf(query, at + 1)) {
    const end = at + query.length;
    if (
      (at === 0 || text.charCodeAt(at - 1) === bar) &&
      (end === text.length || text.charCodeAt(end) === bar)
    )
      return true;
  }
  return false;
};

/** A gram of one or two UTF-16 units as one number (no text holds U+0000, so unigrams cannot collide). */
const gramKey = (text: string, at: number, length: 1 | 2) =>
  text.charCodeAt(at) * 65536 + (length === 2 ? text.charCodeAt(at + 1) : 0);

const queryGrams = (query: string) => {
  if (query.length === 1) return [gramKey(query, 0, 1)];
  const keys = new Set<number>();
  for (let i = 0; i + 1 < query.length; i++) keys.add(gramKey(query, i, 2));
  return [...keys];
};

/**
 * Posting lists in compressed-row form: sorted gram keys, offsets, and doc ids. Built once at publication,
 * stored in the snapshot as raw typed arrays, and used on load without parsing.
 */
class Postings {
  constructor(
    readonly keys: Float64Array,
    readonly offsets: Uint32Array,
    readonly ids: Uint32Array,
  ) {}

  static build(texts: ReadonlyArray<readonly string[]>, unigrams: boolean) {
    const lists = new Map<number, number[]>();
    texts.forEach((parts, id) => {
      const seen = new Set<number>();
      for (const text of parts) {
        for (let i = 0; i < text.length; i++) {
          if (unigrams) seen.add(gramKey(text, i, 1));
          if (i + 1 < text.length) seen.add(gramKey(text, i, 2));
        }
      }
      for (const key of seen) {
        const list = lists.get(key);
        if (list) list.push(id);
        else lists.set(key, [id]);
      }
    });
    const keys = Float64Array.from([...lists.keys()].sort((a, b) => a - b));
    const offsets = new Uint32Array(keys.length + 1);
    let total = 0;
    keys.forEach((key, i) => {
      offsets[i] = total;
      total += lists.get(key)!.length;
    });
    offsets[keys.length] = total;
    const ids = new Uint32Array(total);
    keys.forEach((key, i) => {
      ids.set(lists.get(key)!, offsets[i]!);
    });
    return new Postings(keys, offsets, ids);
  }

  get(key: number): Uint32Array {
    let lo = 0;
    let hi = this.keys.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const value = this.keys[mid]!;
      if (value === key) return this.ids.subarray(this.offsets[mid]!, this.offsets[mid + 1]!);
      if (value < key) lo = mid + 1;
      else hi = mid - 1;
    }
    return new Uint32Array(0);
  }

  /** Docs holding every gram of the query: a superset of the docs whose text contains it. */
  candidates(query: string): Uint32Array {
    const lists = queryGrams(query)
      .map((key) => this.get(key))
      .sort((a, b) => a.length - b.length);
    if (lists.length === 0 || lists[0]!.length === 0) return new Uint32Array(0);
    let result: Uint32Array = lists[0]!;
    for (const list of lists.slice(1)) {
      // Both lists are ascending: each id of the shorter one is sought in the longer one by galloping
      // (doubling steps, then a binary search), so a rare gram beside a common one costs little.
      const out = new Uint32Array(result.length);
      let n = 0;
      let j = 0;
      for (let i = 0; i < result.length && j < list.length; i++) {
        const id = result[i]!;
        if (list[j]! < id) {
          let step = 1;
          let lo = j;
          while (j + step < list.length && list[j + step]! < id) {
            lo = j + step;
            step *= 2;
          }
          let hi = Math.min(j + step, list.length - 1);
          while (lo < hi) {
            const mid = (lo + hi) >>> 1;
            if (list[mid]! < id) lo = mid + 1;
            else hi = mid;
          }
          j = lo;
        }
        if (list[j] === id) out[n++] = id;
      }
      result = out.subarray(0, n);
      if (n === 0) break;
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

/**
 * Whether the query is within one edit of some substring of the text: Myers' bit-parallel form of the
 * approximate matching above, one machine word per text character, for queries of up to 31 characters.
 * `masks` holds, per UTF-16 unit, the bit set of its positions in the query (set by the caller).
 */
const withinOneEdit = (text: string, m: number, masks: Int32Array) => {
  const high = 1 << (m - 1);
  const all = m === 31 ? 0x7fffffff : (1 << m) - 1;
  let vp = all;
  let vn = 0;
  let score = m;
  for (let j = 0; j < text.length; j++) {
    const eq = masks[text.charCodeAt(j)]!;
    const xv = eq | vn;
    const xh = ((((eq & vp) + vp) & all) ^ vp) | eq;
    let ph = (vn | ~(xh | vp)) & all;
    let mh = vp & xh;
    if (ph & high) score++;
    else if (mh & high) score--;
    if (score <= 1) return true;
    ph = (ph << 1) & all;
    mh = (mh << 1) & all;
    vp = (mh | ~(xv | ph)) & all;
    vn = ph & xv;
  }
  return false;
};

/** Bit sets per UTF-16 unit for withinOneEdit, shared by every index (cleared after each use). */
const editMasks = new Int32Array(65536);

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

const kinds: readonly MatchKind[] = ['name', 'alias', 'pinyin', 'material', 'result', 'fuzzy'];
const kindIndex = Object.fromEntries(kinds.map((k, i) => [k, i])) as Record<MatchKind, number>;

interface Phrase {
  display: string;
  key: string;
  docs: Uint32Array;
}

class CatalogueIndex implements SearchIndex {
  // Per-query scratch space, reused: a generation stamp marks which docs this query matched.
  private readonly score: Int32Array;
  private readonly kind: Uint8Array;
  private readonly stamp: Uint32Array;
  private readonly matched: Uint32Array;
  /** Fuzzy matching's scratch: grams shared with the query per document, and the documents touched. */
  private readonly shared: Uint8Array;
  private readonly touched: Uint32Array;
  /** Every name as queries are compared with it, computed once on load: no query pays for another's. */
  private readonly nameKeys: string[];
  /** Each document's place among equal scores (the shorter name, then the code), computed once. */
  private readonly rank: Uint32Array;
  private generation = 0;
  private readonly materials: Phrase[];
  private readonly results: Phrase[];
  /** Facet values as small integers per document, so counting allocates nothing per match. */
  private readonly facetNames: { department: string[]; type: string[] } = { department: [], type: [] };
  private readonly departmentOf: Uint16Array;
  private readonly typeOf: Uint16Array;

  constructor(
    readonly entries: Entry[],
    readonly postings: { name: Postings; alias: Postings; pinyin: Postings },
  ) {
    const size = entries.length;
    this.score = new Int32Array(size);
    this.kind = new Uint8Array(size);
    this.stamp = new Uint32Array(size);
    this.matched = new Uint32Array(size);
    this.shared = new Uint8Array(size);
    this.touched = new Uint32Array(size);
    this.nameKeys = entries.map((e) => e.nameKey);
    this.rank = new Uint32Array(size);
    const order = Array.from(entries, (_, id) => id).sort((a, b) => {
      const x = entries[a]!.doc;
      const y = entries[b]!.doc;
      return x.name.length - y.name.length || (x.code < y.code ? -1 : x.code > y.code ? 1 : 0);
    });
    order.forEach((id, place) => {
      this.rank[id] = place;
    });
    const phrases = (pick: (doc: SearchDoc) => string[]): Phrase[] => {
      const map = new Map<string, number[]>();
      entries.forEach(({ doc }, id) => {
        for (const display of new Set(pick(doc))) {
          const docs = map.get(display);
          if (docs) docs.push(id);
          else map.set(display, [id]);
        }
      });
      return [...map].map(([display, docs]) => ({
        display,
        key: normalise(display),
        docs: Uint32Array.from(docs),
      }));
    };
    const numbering = (names: string[]) => {
      const ids = new Map<string, number>();
      return (value: string) => {
        let id = ids.get(value);
        if (id === undefined) {
          id = names.push(value) - 1;
          ids.set(value, id);
        }
        return id;
      };
    };
    const departmentId = numbering(this.facetNames.department);
    const typeId = numbering(this.facetNames.type);
    this.departmentOf = Uint16Array.from(entries, (e) => departmentId(e.doc.department));
    this.typeOf = Uint16Array.from(entries, (e) => typeId(e.doc.type));
    this.materials = phrases((d) => d.materials);
    this.results = phrases((d) => d.results);
  }

  get size() {
    return this.entries.length;
  }

  private mark(id: number, score: number, kind: MatchKind, count: number) {
    if (this.stamp[id] !== this.generation) {
      this.stamp[id] = this.generation;
      this.score[id] = score;
      this.kind[id] = kindIndex[kind];
      this.matched[count] = id;
      return count + 1;
    }
    if (this.score[id]! < score) {
      this.score[id] = score;
      this.kind[id] = kindIndex[kind];
    }
    return count;
  }

  search(query: string, options: SearchOptions = {}): SearchResult {
    const q = normalise(query);
    const limit = options.limit ?? 10;
    if (q === '') return { query, total: 0, hits: [], facets: { department: {}, type: {} } };
    // The loops below run over every match (tens of thousands for a common character): they mark each
    // matched document in place, without a call or an allocation per document.
    const generation = ++this.generation;
    const { stamp, score, kind, matched } = this;
    let count = 0;

    const names = this.nameKeys;
    const candidates = this.postings.name.candidates(q);
    const nameKind = kindIndex.name;
    for (let i = 0; i < candidates.length; i++) {
      const id = candidates[i]!;
      const name = names[id]!;
      const at = name.indexOf(q);
      if (at < 0) continue;
      // Name matches come first, so a document is not marked yet here.
      stamp[id] = generation;
      score[id] = at > 0 ? 800 - Math.min(at, 50) : name.length === q.length ? 1000 : 900;
      kind[id] = nameKind;
      matched[count++] = id;
    }
    const aliases = this.postings.alias.candidates(q);
    const entries = this.entries;
    const aliasKind = kindIndex.alias;
    for (let i = 0; i < aliases.length; i++) {
      const id = aliases[i]!;
      // An alias match (600 or 700) is below every name match: it only adds documents not marked yet.
      if (stamp[id] === generation) continue;
      const keys = entries[id]!.aliasKeys;
      let best = 0;
      for (let k = 0; k < keys.length; k++) {
        const alias = keys[k]!;
        if (alias.length >= q.length && alias.includes(q))
          best = Math.max(best, alias.length === q.length ? 700 : 600);
      }
      if (best === 0) continue;
      stamp[id] = generation;
      score[id] = best;
      kind[id] = aliasKind;
      matched[count++] = id;
    }
    if (isLatin(q)) {
      const pinyin = this.postings.pinyin.candidates(q);
      const pinyinKind = kindIndex.pinyin;
      for (let i = 0; i < pinyin.length; i++) {
        const id = pinyin[i]!;
        // Pinyin (500 or 550) is below names and aliases: it only adds documents not marked yet.
        if (stamp[id] === generation) continue;
        const text = entries[id]!.pinyinText;
        const at = text.indexOf(q);
        if (at < 0) continue;
        stamp[id] = generation;
        score[id] = wholePart(text, q, at) ? 550 : 500;
        kind[id] = pinyinKind;
        matched[count++] = id;
      }
    }
    // A material or result match scores 300, below every match above: it only adds documents not marked
    // yet (a document is marked once, by its best match).
    for (const [phraseKind, phrases] of [
      [kindIndex.material, this.materials],
      [kindIndex.result, this.results],
    ] as const) {
      for (const phrase of phrases) {
        if (!phrase.key.includes(q)) continue;
        const docs = phrase.docs;
        for (let i = 0; i < docs.length; i++) {
          const id = docs[i]!;
          if (stamp[id] === generation) continue;
          stamp[id] = generation;
          score[id] = 300;
          kind[id] = phraseKind;
          matched[count++] = id;
        }
      }
    }
    if (count < limit && q.length >= 4 && !isLatin(q)) count = this.fuzzy(q, count);

    const departmentOf = this.departmentOf;
    const typeOf = this.typeOf;
    const departmentCounts = new Uint32Array(this.facetNames.department.length);
    const typeCounts = new Uint32Array(this.facetNames.type.length);
    const wantDepartment = options.department ? this.facetNames.department.indexOf(options.department) : -1;
    const wantType = options.type ? this.facetNames.type.indexOf(options.type) : -1;
    const rank = this.rank;
    const top: number[] = [];
    // The worst of the best `limit` so far, once there are that many: a match that does not beat it is
    // only counted.
    let floorScore = -1;
    let floorRank = 0;
    let total = 0;
    for (let i = 0; i < count; i++) {
      const id = matched[i]!;
      const d = departmentOf[id]!;
      const t = typeOf[id]!;
      if (options.department && d !== wantDepartment) continue;
      if (options.type && t !== wantType) continue;
      total++;
      departmentCounts[d]!++;
      typeCounts[t]!++;
      if (top.length === limit && limit > 0) {
        const s = score[id]!;
        if (s < floorScore || (s === floorScore && rank[id]! > floorRank)) continue;
      }
      // Keep the best `limit` in order by binary insertion: no sort of every match.
      let lo = 0;
      let hi = top.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (this.before(id, top[mid]!)) hi = mid;
        else lo = mid + 1;
      }
      top.splice(lo, 0, id);
      if (top.length > limit) top.pop();
      if (top.length === limit && limit > 0) {
        const last = top[limit - 1]!;
        floorScore = score[last]!;
        floorRank = rank[last]!;
      }
    }
    const facet = (names: string[], counts: Uint32Array) =>
      Object.fromEntries(names.flatMap((name, i) => (counts[i]! > 0 ? [[name, counts[i]!]] : [])));
    return {
      query,
      total,
      facets: {
        department: facet(this.facetNames.department, departmentCounts),
        type: facet(this.facetNames.type, typeCounts),
      },
      hits: top.map((id) => this.hit(id, q)),
    };
  }

  /** Ranking: higher score, then the shorter name, then the code — deterministic. */
  private before(a: number, b: number) {
    if (this.score[a] !== this.score[b]) return this.score[a]! > this.score[b]!;
    return this.rank[a]! < this.rank[b]!;
  }

  private hit(id: number, q: string): SearchHit {
    const entry = this.entries[id]!;
    const { doc } = entry;
    const matched = kinds[this.kind[id] ?? 0] ?? 'name';
    const around = (display: string, key: string) => {
      const at = key.indexOf(q);
      return at < 0 ? display : emphasise(display, at, at + q.length);
    };
    let highlight = doc.name;
    if (matched === 'name') highlight = around(doc.name, entry.nameKey);
    else if (matched === 'alias') {
      const i = entry.aliasKeys.findIndex((a) => a.includes(q));
      highlight = around(doc.aliases[i]!, entry.aliasKeys[i]!);
    } else if (matched === 'pinyin') highlight = pinyinHighlight(doc.name, entry.nameSyllables, q);
    else if (matched === 'material' || matched === 'result') {
      const list = matched === 'material' ? doc.materials : doc.results;
      const text = list.find((m) => normalise(m).includes(q)) ?? list[0]!;
      highlight = `${matched === 'material' ? '材料' : '结果'}：${around(text, normalise(text))}`;
    } else {
      const position = fuzzyPosition(entry.nameKey, q);
      if (position) highlight = emphasise(doc.name, position.start, position.end);
    }
    return {
      code: doc.code,
      name: doc.name,
      department: doc.department,
      departmentName: doc.departmentName,
      type: doc.type,
      score: this.score[id]!,
      matched,
      highlight,
    };
  }

  private fuzzy(q: string, count: number) {
    // One edit touches at most two of the query's bigrams, so a match shares all the others. Shared grams
    // are counted per document in scratch space reused across queries (cleared behind itself).
    const grams = queryGrams(q);
    const needed = Math.max(1, grams.length - 2);
    const shared = this.shared;
    const touched = this.touched;
    let touchedCount = 0;
    for (const key of grams) {
      const ids = this.postings.name.get(key);
      for (let i = 0; i < ids.length; i++) {
        const id = ids[i]!;
        if (shared[id] === 0) touched[touchedCount++] = id;
        if (shared[id]! < 255) shared[id]!++;
      }
    }
    const bitParallel = q.length <= 31;
    if (bitParallel) for (let i = 0; i < q.length; i++) editMasks[q.charCodeAt(i)]! |= 1 << i;
    let n = count;
    for (let i = 0; i < touchedCount; i++) {
      const id = touched[i]!;
      const enough = shared[id]! >= needed;
      shared[id] = 0;
      if (!enough || this.stamp[id] === this.generation) continue;
      const name = this.nameKeys[id]!;
      const close = bitParallel
        ? withinOneEdit(name, q.length, editMasks)
        : fuzzyPosition(name, q) !== undefined;
      if (close) n = this.mark(id, 200, 'fuzzy', n);
    }
    if (bitParallel) for (let i = 0; i < q.length; i++) editMasks[q.charCodeAt(i)] = 0;
    return n;
  }
}

const postingsOf = (entries: Entry[]) => ({
  name: Postings.build(
    entries.map((e) => [e.nameKey]),
    true,
  ),
  alias: Postings.build(
    entries.map((e) => e.aliasKeys),
    true,
  ),
  pinyin: Postings.build(
    entries.map((e) => e.pinyinText.split('|')),
    true,
  ),
});

/** Builds an index from documents whose pinyin is already known (see search-build.ts). */
export const indexEntries = (
  docs: ReadonlyArray<{ doc: SearchDoc; namePinyin: string; aliasPinyin: string[] }>,
): SearchIndex => {
  const entries = docs.map(({ doc, namePinyin, aliasPinyin }) => new Entry(doc, namePinyin, aliasPinyin));
  return new CatalogueIndex(entries, postingsOf(entries));
};

type SnapshotRow = [
  code: string,
  name: string,
  aliases: string[],
  department: string,
  departmentName: number,
  type: string,
  materials: number[],
  results: number[],
  namePinyin: string,
  aliasPinyin: string[],
];

interface SnapshotHeader {
  v: number;
  strings: string[];
  rows: SnapshotRow[];
  /** Per posting section (name, alias, pinyin): number of keys and of ids. */
  sections: Array<[keys: number, ids: number]>;
}

const align8 = (n: number) => Math.ceil(n / 8) * 8;
const sectionNames = ['name', 'alias', 'pinyin'] as const;

/**
 * The snapshot: a length-prefixed JSON header (documents, with shared strings stored once and pinyin as
 * text) followed by the posting lists as raw little-endian typed arrays, 8-byte aligned.
 */
export const serializeSearchIndex = (index: SearchIndex): Uint8Array => {
  const { entries, postings } = index as CatalogueIndex;
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
  const rows: SnapshotRow[] = entries.map(({ doc, namePinyin, aliasPinyin }) => [
    doc.code,
    doc.name,
    doc.aliases,
    doc.department,
    intern(doc.departmentName),
    doc.type,
    doc.materials.map(intern),
    doc.results.map(intern),
    namePinyin,
    aliasPinyin,
  ]);
  const sections = sectionNames.map((name) => postings[name]);
  const header: SnapshotHeader = {
    v: snapshotVersion,
    strings,
    rows,
    sections: sections.map((p) => [p.keys.length, p.ids.length]),
  };
  const headerBytes = new TextEncoder().encode(JSON.stringify(header));
  let size = align8(8 + headerBytes.length);
  for (const p of sections)
    size = align8(align8(size + p.keys.byteLength) + p.offsets.byteLength + p.ids.byteLength);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  view.setUint32(0, 0x74627331, true);
  view.setUint32(4, headerBytes.length, true);
  out.set(headerBytes, 8);
  let at = align8(8 + headerBytes.length);
  for (const p of sections) {
    out.set(new Uint8Array(p.keys.buffer, p.keys.byteOffset, p.keys.byteLength), at);
    at = align8(at + p.keys.byteLength);
    out.set(new Uint8Array(p.offsets.buffer, p.offsets.byteOffset, p.offsets.byteLength), at);
    at += p.offsets.byteLength;
    out.set(new Uint8Array(p.ids.buffer, p.ids.byteOffset, p.ids.byteLength), at);
    at = align8(at + p.ids.byteLength);
  }
  return out;
};

export const loadSearchIndex = (snapshot: Uint8Array): SearchIndex => {
  // One copy into a fresh buffer makes every section aligned for typed-array views.
  const bytes = snapshot.slice();
  const view = new DataView(bytes.buffer);
  if (view.getUint32(0, true) !== 0x74627331) throw new Error('not a catalogue search snapshot');
  const headerLength = view.getUint32(4, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength))) as SnapshotHeader;
  if (header.v !== snapshotVersion)
    throw new Error(`search snapshot version ${header.v} is not ${snapshotVersion}`);
  let at = align8(8 + headerLength);
  const sections = header.sections.map(([keyCount, idCount]) => {
    const keys = new Float64Array(bytes.buffer, at, keyCount);
    at = align8(at + keys.byteLength);
    const offsets = new Uint32Array(bytes.buffer, at, keyCount + 1);
    at += offsets.byteLength;
    const ids = new Uint32Array(bytes.buffer, at, idCount);
    at = align8(at + ids.byteLength);
    return new Postings(keys, offsets, ids);
  });
  const { strings } = header;
  const entries = header.rows.map(
    ([code, name, aliases, department, departmentName, type, materials, results, namePy, aliasPy]) =>
      new Entry(
        {
          code,
          name,
          aliases,
          department,
          departmentName: strings[departmentName]!,
          type,
          materials: materials.map((i) => strings[i]!),
          results: results.map((i) => strings[i]!),
        },
        namePy,
        aliasPy,
      ),
  );
  return new CatalogueIndex(entries, { name: sections[0]!, alias: sections[1]!, pinyin: sections[2]! });
};
