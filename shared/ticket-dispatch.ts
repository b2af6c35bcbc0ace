// 智能派单 the dispatch suggestion: which department should answer a ticket, from its text, the catalogue
// and a small keyword list per department (shared/ticket-keywords.ts). Each published item is one document
// (its name, aliases and the passages of its guide, as the knowledge base cuts them); each department's
// keywords are another. The text is matched with BM25 over character pairs (the answers' tokens without
// the single characters, which match everything in Chinese), a keyword found whole adds its weight, and a
// department scores its keywords plus its best item and a share of its second. Two more kinds of evidence:
// people's words are matched as if they also said the catalogue's (a list of synonyms kept as data,
// shared/ticket-synonyms.ts), and each department has a profile — its name, its items' names and aliases
// and its keywords — matched with BM25 over single characters as well as pairs, so a department that has
// no items or keywords yet is still found by what its name says (渔 of 海洋与渔业局), and a rare character
// the text shares with a department's matters counts for it. The suggestion says why: which words matched
// which item, keyword list or profile.
import { bm25, type Passage, tokens } from './answers.ts';
import { defaultDispatchKeywords } from './ticket-keywords.ts';
import { defaultDispatchSynonyms } from './ticket-synonyms.ts';

export interface DispatchDocument {
  department: string;
  /** The item's code, or undefined for the department's keyword list. */
  itemCode?: string;
  /** The item's name (or 关键词 for the keyword list), for the explanation. */
  label: string;
  text: string;
}

export interface DepartmentSuggestion {
  department: string;
  score: number;
  reasons: Array<{ source: string; matched: string[] }>;
}

export interface DispatchIndex {
  size: number;
  suggest(text: string, limit?: number): DepartmentSuggestion[];
}

/** A keyword found whole is worth this much (a keyword names the matter, a pair of characters rarely does). */
const keywordWeight = 6;

/**
 * Character pairs of everyday speech that name no matter: pronouns, auxiliaries, time and degree words,
 * question words. People's complaints are full of them and guides use them too, so they only add noise.
 */
const commonPairs = new Set(
  (
    '我们 你们 他们 她们 自己 大家 这个 那个 这些 那些 这样 那样 这里 那里 这边 那边 已经 现在 今天 昨天 明天 ' +
    '以后 以前 之前 时候 一直 一个 一次 一下 一样 一点 几个 几次 好几 每天 每次 每个 个人 人家 没有 不是 就是 ' +
    '还是 还有 可以 能不 不能 能否 是否 怎么 什么 为什么 多少 哪里 哪些 如何 需要 要求 希望 问一 一问 请问 ' +
    '知道 不知 觉得 因为 所以 但是 而且 如果 虽然 然后 的话 说是 说好 结果 根本 非常 特别 比较 真的 到底 ' +
    '出来 起来 过来 回来 回家 东西 事情 问题 情况 时间 地方 里面 外面 上面 下面 门口 附近 旁边 这么 那么 ' +
    '已经 确认 处理 负责 联系 电话 帮忙 管一 一管 管管'
  ).split(' '),
);

const pairs = (text: string) => tokens(text).filter((t) => t.length >= 2 && !commonPairs.has(t));

/** Characters too common in speech or in every department's name to say anything about a matter. */
const commonCharacters = new Set([
  ...'的了是在有我你他她它们这那个一不也就都还和与及或把被让给对向从到为以之而其中上下里外大小多少人事',
  ...'要会能可想说问去来做办请吗呢吧啊么什怎样么没很太再又已经过着得地年月日天时候家好市区县局部委中心',
]);
const characters = (text: string) => tokens(text).filter((t) => t.length === 1 && !commonCharacters.has(t));

/** The profile's share in a department's score, beside its keywords and its items. */
const profileWeight = 1;

export interface DispatchOptions {
  /** The departments' names by code: a department is found by its name even with no items or keywords. */
  departmentNames?: Readonly<Record<string, string>>;
  /** Spoken words and the written words they stand for (defaults: shared/ticket-synonyms.ts). */
  synonyms?: Readonly<Record<string, readonly string[]>>;
}

export const buildDispatchIndex = (
  items: readonly DispatchDocument[],
  keywords: Readonly<Record<string, readonly string[]>>,
  options: DispatchOptions = {},
): DispatchIndex => {
  const ranking = bm25(items.map((d) => pairs(`${d.label} ${d.text}`)));
  const lists = Object.entries(keywords).map(([department, words]) => ({
    department,
    words: [...new Set(words.map((w) => w.toLowerCase()))],
  }));
  const names = options.departmentNames ?? {};
  const synonyms = Object.entries(options.synonyms ?? defaultDispatchSynonyms).map(
    ([spoken, written]) => [spoken.toLowerCase(), written.map((w) => w.toLowerCase())] as const,
  );
  const departments = [
    ...new Set([...items.map((d) => d.department), ...lists.map((l) => l.department), ...Object.keys(names)]),
  ];
  const profileText = (department: string) =>
    [
      names[department] ?? '',
      ...items.filter((d) => d.department === department).map((d) => d.label),
      ...lists.filter((l) => l.department === department).flatMap((l) => l.words),
    ].join(' ');
  const profiles = bm25(
    departments.map((department) => {
      const text = profileText(department).toLowerCase();
      return [...pairs(text), ...characters(text)];
    }),
  );

  return {
    size: ranking.size,
    suggest: (text, limit = 3) => {
      const said = text.toLowerCase();
      const meant = synonyms.filter(([spoken]) => said.includes(spoken)).flatMap(([, written]) => written);
      const lower = meant.length ? `${said} ${meant.join(' ')}` : said;
      const terms = [...new Set(pairs(lower))];
      const profileTerms = [...new Set([...terms, ...characters(lower)])];
      const byDept = new Map<string, { items: Array<{ score: number; label: string; matched: string[] }> }>();
      for (const [i, d] of items.entries()) {
        const score = ranking.score(i, terms);
        if (score <= 0) continue;
        // Pairs found in a large share of the guides (办理, 材料) explain nothing.
        const matched = terms.filter(
          (t) => ranking.holds(i, t) && ranking.documentFrequency(t) <= Math.max(1, items.length * 0.35),
        );
        const entry = byDept.get(d.department) ?? { items: [] };
        entry.items.push({ score, label: d.label, matched });
        byDept.set(d.department, entry);
      }
      const out: DepartmentSuggestion[] = [];
      for (const [p, department] of departments.entries()) {
        const found = lists
          .filter((l) => l.department === department)
          .flatMap((l) => l.words.filter((w) => lower.includes(w)));
        // A keyword inside a longer one found too (工资 in 拖欠工资) counts once, as the longer.
        const keywordsFound = found.filter((w) => !found.some((o) => o !== w && o.includes(w)));
        const itemHits = (byDept.get(department)?.items ?? []).sort((x, y) => y.score - x.score);
        const profile = profiles.score(p, profileTerms);
        const score =
          keywordWeight * keywordsFound.length +
          (itemHits[0]?.score ?? 0) +
          0.3 * (itemHits[1]?.score ?? 0) +
          profileWeight * profile;
        if (score <= 0) continue;
        const profileMatched =
          profile > 0
            ? profileTerms.filter(
                (t) =>
                  profiles.holds(p, t) &&
                  profiles.documentFrequency(t) <= Math.max(1, departments.length * 0.35),
              )
            : [];
        out.push({
          department,
          score: Math.round(score * 100) / 100,
          reasons: [
            ...(keywordsFound.length ? [{ source: '关键词', matched: keywordsFound }] : []),
            ...itemHits
              .slice(0, 2)
              .filter((h) => h.matched.length > 0)
              .map((h) => ({ source: h.label, matched: h.matched.slice(0, 6) })),
            ...(profileMatched.length && names[department]
              ? [{ source: names[department], matched: profileMatched.slice(0, 6) }]
              : []),
          ],
        });
      }
      return out
        .sort((x, y) => y.score - x.score || x.department.localeCompare(y.department))
        .slice(0, limit);
    },
  };
};

/**
 * The baseline the bench compares with: count the department's keywords and the characters of its item names
 * found in the text, nothing weighted.
 */
export const naiveKeywordSuggest = (
  items: readonly DispatchDocument[],
  keywords: Readonly<Record<string, readonly string[]>>,
  text: string,
  limit = 3,
): string[] => {
  const counts = new Map<string, number>();
  for (const [department, words] of Object.entries(keywords))
    counts.set(department, words.filter((w) => text.includes(w)).length);
  for (const d of items) {
    const hit = pairs(d.label).filter((p) => text.includes(p)).length;
    counts.set(d.department, (counts.get(d.department) ?? 0) + hit);
  }
  return [...counts.entries()]
    .filter(([, n]) => n > 0)
    .sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]))
    .slice(0, limit)
    .map(([d]) => d);
};

/** One document per published item: its name, aliases and the text of its guide's passages. */
export const dispatchDocumentsOf = (passages: readonly Passage[]): DispatchDocument[] => {
  const byItem = new Map<string, DispatchDocument>();
  for (const p of passages) {
    if (!p.department) continue;
    const doc = byItem.get(p.itemCode) ?? {
      department: p.department,
      itemCode: p.itemCode,
      label: p.itemName,
      text: p.aliases.join(' '),
    };
    doc.text += ` ${p.title} ${p.text}`;
    byItem.set(p.itemCode, doc);
  }
  return [...byItem.values()];
};

/** The default keywords with the jurisdiction's own added. */
export const dispatchKeywords = (
  added: Readonly<Record<string, readonly string[]>> = {},
): Record<string, readonly string[]> => {
  const out: Record<string, readonly string[]> = { ...defaultDispatchKeywords };
  for (const [d, words] of Object.entries(added)) out[d] = [...(out[d] ?? []), ...words];
  return out;
};
