// 智能问答, answers first: a question is matched against passages cut from the published guides (each FAQ,
// the conditions, the materials, the time limits, the fees, the venue and hours, the result) and answered
// with the best few, each naming its item and section, with a confidence. Ranking is BM25 over Chinese
// characters and character pairs (and Latin words), raised for the passages of an item the question names
// and for the section the question asks about (materials, time, fees, place, conditions). Below the
// threshold the platform says it has no answer and offers a person (人工, a 12345 request) instead.
import * as z from 'zod';
import type { ItemInput } from './catalogue/item.ts';

export const PASSAGE_SECTIONS = [
  'faq',
  'conditions',
  'materials',
  'limits',
  'fees',
  'venue',
  'result',
  'article',
] as const;
export type PassageSection = (typeof PASSAGE_SECTIONS)[number];

export interface Passage {
  /** The item the passage is about ('' for an article about none). */
  itemCode: string;
  /** The item's department (the dispatch suggestion of tickets groups passages by it). */
  department?: string;
  itemName: string;
  aliases: string[];
  section: PassageSection;
  /** The question a FAQ answers, or the section's heading. */
  title: string;
  text: string;
  /** A curated answer's id (section 'article'). */
  articleId?: string;
}

/**
 * A curated answer (知识库条目): staff write it, or publish the reply of a closed request, so the next person
 * with the same question has the answer at once. It may be about an item. Retired articles stop answering.
 */
export const articleInputSchema = z.object({
  question: z.string().trim().min(4).max(200).describe('The question as people ask it'),
  answer: z.string().trim().min(4).max(2000),
  itemCode: z.string().min(1).max(50).optional().describe('The item the answer is about, if any'),
  source: z
    .object({ ticketNumber: z.string().min(1).max(40) })
    .optional()
    .describe('The closed request whose reply this publishes'),
});
export type ArticleInput = z.infer<typeof articleInputSchema>;

export interface AnswerArticle extends ArticleInput {
  id: string;
  itemName?: string;
  status: 'published' | 'retired';
  createdBy: { sub: string; name: string };
  createdAt: string;
  retiredAt?: string;
}

/** A published article as the one passage it answers with. */
export const passageOfArticle = (a: AnswerArticle): Passage => ({
  itemCode: a.itemCode ?? '',
  itemName: a.itemName ?? '',
  aliases: [],
  section: 'article',
  title: a.question,
  text: a.answer,
  articleId: a.id,
});

const days = (l: { value: number; unit: string }) =>
  l.unit === 'working-day' ? (l.value === 0 ? '即办' : `${l.value} 个工作日`) : `${l.value} ${l.unit}`;

/** The passages of one published item. */
export const passagesOf = (item: ItemInput): Passage[] => {
  const base = {
    itemCode: item.implementationCode,
    department: item.department,
    itemName: item.name,
    aliases: item.aliases ?? [],
  };
  const materials = item.materials.map((m) => {
    const ways = [
      m.licenceType ? `可用${m.licenceType}电子证照免提交` : '',
      m.commitmentAllowed ? '可告知承诺' : '',
      m.deferrable ? '可容缺后补' : '',
    ].filter(Boolean);
    return `${m.name}（${m.required ? '必需' : '非必需'}${ways.length ? `，${ways.join('，')}` : ''}）`;
  });
  const fees = item.fees.free
    ? `办理${item.name}不收费。`
    : `办理${item.name}收费：${item.fees.items.map((f) => `${f.name} ${f.standard}（依据${f.basis}）`).join('；')}。`;
  return [
    ...(item.faqs ?? []).map((f) => ({ ...base, section: 'faq' as const, title: f.q, text: f.a })),
    {
      ...base,
      section: 'conditions',
      title: `${item.name}的受理条件`,
      text: `办理${item.name}需要满足：${item.acceptanceConditions.join('；')}。`,
    },
    {
      ...base,
      section: 'materials',
      title: `${item.name}需要提交的材料`,
      text: `办理${item.name}需要准备以下材料：${materials.join('；')}。`,
    },
    {
      ...base,
      section: 'limits',
      title: `${item.name}的办理时限`,
      text: `${item.name}法定办结时限${days(item.statutoryLimit)}，承诺${days(item.promisedLimit)}办结；最多跑 ${item.onSiteVisits} 次。`,
    },
    { ...base, section: 'fees', title: `${item.name}的收费`, text: fees },
    {
      ...base,
      section: 'venue',
      title: `${item.name}的办理地点和时间`,
      text: `${item.name}在${item.venue}办理，办公时间${item.officeHours}，咨询电话${item.consultationPhone}。`,
    },
    {
      ...base,
      section: 'result',
      title: `${item.name}的办理结果`,
      text: `办理${item.name}的结果是${item.result.name}。`,
    },
  ];
};

/** What a question asks about, by its words. */
const intents: Array<[PassageSection, RegExp]> = [
  ['materials', /材料|带什么|准备什么|要带|提交什么|证件|复印件|原件/],
  ['limits', /多久|多长时间|几天|时限|多少天|什么时候能|办结/],
  ['fees', /多少钱|收费|费用|要钱|免费|交钱|工本费/],
  ['venue', /哪里|地址|地点|几点|时间上班|电话|窗口在|去哪/],
  ['conditions', /条件|能不能|可以申请|符合|资格|要求/],
  ['result', /拿到什么|发什么证|结果/],
];

const isHan = (c: string) => /\p{Script=Han}/u.test(c);

/** Characters and character pairs of the Chinese runs, Latin words and numbers whole. */
export const tokens = (text: string): string[] => {
  const out: string[] = [];
  for (const run of text.toLowerCase().match(/\p{Script=Han}+|[a-z0-9]+/gu) ?? []) {
    if (!isHan(run[0]!)) {
      out.push(run);
      continue;
    }
    const chars = [...run];
    for (let i = 0; i < chars.length; i++) {
      out.push(chars[i]!);
      if (i + 1 < chars.length) out.push(chars[i]! + chars[i + 1]!);
    }
  }
  return out;
};

export interface AnswerHit {
  itemCode: string;
  itemName: string;
  section: PassageSection;
  title: string;
  text: string;
  score: number;
  articleId?: string;
}

export interface AnswerIndex {
  size: number;
  ask(question: string, limit?: number): { hits: AnswerHit[]; confidence: number; answered: boolean };
}

const k1 = 1.2;
const b = 0.75;
/** A best score below this is no answer: the platform offers a person instead. */
export const answerThreshold = 0.45;

/**
 * Okapi BM25 over documents given as their terms: each document's score for a query's terms, and how many
 * documents hold a term. Shared by the answers and the tickets' dispatch suggestion.
 */
export const bm25 = (documents: readonly (readonly string[])[]) => {
  const tfs = documents.map((terms) => {
    const tf = new Map<string, number>();
    for (const t of terms) tf.set(t, (tf.get(t) ?? 0) + 1);
    return tf;
  });
  const df = new Map<string, number>();
  for (const tf of tfs) for (const t of tf.keys()) df.set(t, (df.get(t) ?? 0) + 1);
  const avg = documents.reduce((s, d) => s + d.length, 0) / Math.max(1, documents.length);
  const idf = (t: string) => {
    const n = df.get(t) ?? 0;
    return Math.log(1 + (documents.length - n + 0.5) / (n + 0.5));
  };
  return {
    size: documents.length,
    documentFrequency: (t: string) => df.get(t) ?? 0,
    /** Whether document `i` holds the term. */
    holds: (i: number, t: string) => tfs[i]!.has(t),
    score: (i: number, terms: readonly string[]) => {
      const tf = tfs[i]!;
      const length = documents[i]!.length;
      let score = 0;
      for (const t of terms) {
        const f = tf.get(t);
        if (!f) continue;
        score += (idf(t) * (f * (k1 + 1))) / (f + k1 * (1 - b + (b * length) / avg));
      }
      return score;
    },
  };
};

export const buildAnswerIndex = (passages: readonly Passage[]): AnswerIndex => {
  const docs = passages.map((p) => ({ passage: p, names: [p.itemName, ...p.aliases].filter(Boolean) }));
  const ranking = bm25(passages.map((p) => tokens(`${p.title} ${p.text}`)));
  /** How much of an item's name (or an alias) the question holds: its character pairs found. */
  const nameCover = (question: string, names: string[]) => {
    let best = 0;
    for (const name of names) {
      const pairs = tokens(name).filter((t) => t.length === 2);
      if (pairs.length === 0) continue;
      const found = pairs.filter((p) => question.includes(p)).length / pairs.length;
      best = Math.max(best, found);
    }
    return best;
  };

  return {
    size: ranking.size,
    ask: (question, limit = 3) => {
      const terms = [...new Set(tokens(question))];
      const asked = intents.filter(([, re]) => re.test(question)).map(([s]) => s);
      const scored = docs.map((d, i) => {
        let score = ranking.score(i, terms);
        score *= 1 + 2 * nameCover(question, d.names);
        if (asked.includes(d.passage.section)) score *= 1.6;
        return { d, score };
      });
      scored.sort((x, y) => y.score - x.score);
      const top = scored.slice(0, limit).filter((s) => s.score > 0);
      // Confidence: how far the best passage stands above the field, squashed to 0…1.
      const best = top[0]?.score ?? 0;
      const typical = scored[Math.min(scored.length - 1, 20)]?.score ?? 0;
      const confidence = best === 0 ? 0 : Math.round((1 - Math.exp(-(best - typical) / 12)) * 100) / 100;
      return {
        hits: top.map(({ d, score }) => ({
          itemCode: d.passage.itemCode,
          itemName: d.passage.itemName,
          section: d.passage.section,
          title: d.passage.title,
          text: d.passage.text,
          score: Math.round(score * 100) / 100,
          ...(d.passage.articleId ? { articleId: d.passage.articleId } : {}),
        })),
        confidence,
        answered: confidence >= answerThreshold,
      };
    },
  };
};
