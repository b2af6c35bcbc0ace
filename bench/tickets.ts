// 智能派单: how often the labelled citizen texts (tests/fixtures/ticket-dispatch.json, written in people's own
// words, each labelled with the department that answers for it) get their department first and among the
// first three from the dispatch suggestion over the seed catalogue's guides and the keyword lists, beside a
// naive baseline (count each department's keywords and item-name pairs found in the text) on the same set,
// and the time one suggestion takes. Two held-out sets: `heldOut`, and `heldOutSecond`, written later for
// all the seed jurisdiction's departments (the maritime and port ones have no keyword list).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadJurisdiction } from '../infra/jurisdictions/index.ts';
import { seedCatalogue } from '../infra/seed/catalogue.ts';
import { passagesOf } from '../shared/answers.ts';
import {
  buildDispatchIndex,
  dispatchDocumentsOf,
  dispatchKeywords,
  naiveKeywordSuggest,
} from '../shared/ticket-dispatch.ts';
import { scaled } from './scale.ts';
import { summary } from './stats.ts';

const labelled = JSON.parse(
  readFileSync(join(import.meta.dirname, '..', 'tests', 'fixtures', 'ticket-dispatch.json'), 'utf8'),
) as {
  tickets: Array<{ text: string; department: string }>;
  heldOut: Array<{ text: string; department: string }>;
  heldOutSecond: Array<{ text: string; department: string }>;
};

export const benchTickets = async () => {
  const jurisdiction = loadJurisdiction('dinghai');
  const passages = seedCatalogue(jurisdiction).items.flatMap(passagesOf);
  const documents = dispatchDocumentsOf(passages);
  const keywords = dispatchKeywords(jurisdiction.tickets.keywords);
  const built = performance.now();
  const departmentNames = Object.fromEntries(jurisdiction.departments.map((d) => [d.code, d.name]));
  const index = buildDispatchIndex(documents, keywords, { departmentNames });
  const buildMs = performance.now() - built;

  const score = (
    rank: (text: string) => string[],
    set: ReadonlyArray<{ text: string; department: string }> = labelled.tickets,
  ) => {
    let top1 = 0;
    let top3 = 0;
    for (const { text, department } of set) {
      const ranked = rank(text);
      if (ranked[0] === department) top1++;
      if (ranked.slice(0, 3).includes(department)) top3++;
    }
    return { top1, top3, n: set.length };
  };
  const suggested = score((t) => index.suggest(t, 3).map((s) => s.department));
  const naive = score((t) => naiveKeywordSuggest(documents, keywords, t, 3));
  const heldOut = score((t) => index.suggest(t, 3).map((s) => s.department), labelled.heldOut);
  const naiveHeldOut = score((t) => naiveKeywordSuggest(documents, keywords, t, 3), labelled.heldOut);
  // The same ranker without the synonym list: what the character n-grams and the profiles bring alone.
  const plain = buildDispatchIndex(documents, keywords, { departmentNames, synonyms: {} });
  const plainRank = (t: string) => plain.suggest(t, 3).map((s) => s.department);
  const plainHeldOut = score(plainRank, labelled.heldOut);
  const plainHeldOutSecond = score(plainRank, labelled.heldOutSecond);
  const heldOutSecond = score((t) => index.suggest(t, 3).map((s) => s.department), labelled.heldOutSecond);
  const naiveHeldOutSecond = score(
    (t) => naiveKeywordSuggest(documents, keywords, t, 3),
    labelled.heldOutSecond,
  );

  const rounds = scaled(50, 3);
  const timings: number[] = [];
  const naiveTimings: number[] = [];
  for (let r = 0; r < rounds; r++)
    for (const { text } of [...labelled.tickets, ...labelled.heldOut, ...labelled.heldOutSecond]) {
      let start = performance.now();
      index.suggest(text, 3);
      timings.push(performance.now() - start);
      start = performance.now();
      naiveKeywordSuggest(documents, keywords, text, 3);
      naiveTimings.push(performance.now() - start);
    }
  const pct = (k: number, n: number) => `${((100 * k) / n).toFixed(1)} % (${k} of ${n})`;
  const pair = (s: { top1: number; top3: number; n: number }) => `${pct(s.top1, s.n)}; ${pct(s.top3, s.n)}`;
  const fmt = (s: { p50: string; p99: string }) => `p50 ${s.p50} / p99 ${s.p99}`;
  return [
    {
      figure: 'labelled tickets (used while writing the keywords): first; among the first three',
      value: pair(suggested),
    },
    { figure: 'baseline, naive keyword count, same tickets', value: pair(naive) },
    { figure: 'held-out tickets: first; among the first three (aim ≥ 90 %)', value: pair(heldOut) },
    { figure: 'baseline, naive keyword count, held-out tickets', value: pair(naiveHeldOut) },
    {
      figure: 'second held-out set (written later, all 21 departments): first; among the first three',
      value: pair(heldOutSecond),
    },
    { figure: 'baseline, naive keyword count, second held-out set', value: pair(naiveHeldOutSecond) },
    { figure: 'without the synonym list, held-out tickets', value: pair(plainHeldOut) },
    { figure: 'without the synonym list, second held-out set', value: pair(plainHeldOutSecond) },
    { figure: `suggestion (ms, in process), n ${timings.length}`, value: fmt(summary(timings)) },
    {
      figure: `baseline suggestion (ms, in process), n ${naiveTimings.length}`,
      value: fmt(summary(naiveTimings)),
    },
    {
      figure: `index build over ${documents.length} items and ${Object.keys(keywords).length} keyword lists (ms)`,
      value: buildMs.toFixed(1),
    },
  ];
};
