// 智能问答: how often the held-out questions (tests/fixtures/answer-questions.json, written from the guides
// in people's own words) find their item first and among the first three, how many questions no guide
// answers are handed to a person, and the latency of POST /answers on the local cloud beside GET /search
// (the catalogue's other question box) in the same run.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startLocalCloud } from '../infra/local/cloud.ts';
import { seedJurisdiction } from '../infra/local/seed.ts';
import { scaled } from './scale.ts';
import { summary, timeAsync } from './stats.ts';

const heldOut = JSON.parse(
  readFileSync(join(import.meta.dirname, '..', 'tests', 'fixtures', 'answer-questions.json'), 'utf8'),
) as { questions: Array<{ question: string; item: string }>; unanswerable: string[] };

export const benchAnswers = async () => {
  const cloud = await startLocalCloud({ jurisdictionId: 'dinghai' });
  try {
    await seedJurisdiction(cloud.jurisdiction);
    const ask = async (question: string) =>
      (await (
        await fetch(`${cloud.url}/answers`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ question }),
        })
      ).json()) as { answered: boolean; hits: Array<{ itemCode: string }> };
    let top1 = 0;
    let top3 = 0;
    for (const { question, item } of heldOut.questions) {
      const { hits } = await ask(question);
      if (hits[0]?.itemCode.endsWith(item)) top1++;
      if (hits.some((h) => h.itemCode.endsWith(item))) top3++;
    }
    let handedOff = 0;
    for (const question of heldOut.unanswerable) if (!(await ask(question)).answered) handedOff++;

    // Both functions warm before they are timed.
    await fetch(`${cloud.url}/search?q=${encodeURIComponent('身份证')}`).then((x) => x.json());
    const answers: number[] = [];
    const searches: number[] = [];
    const rounds = scaled(10, 1);
    for (let r = 0; r < rounds; r++)
      for (const { question } of heldOut.questions) {
        answers.push((await timeAsync(() => ask(question))).ms);
        const q = encodeURIComponent(question.slice(0, 6));
        searches.push((await timeAsync(() => fetch(`${cloud.url}/search?q=${q}`).then((x) => x.json()))).ms);
      }
    const n = heldOut.questions.length;
    const pct = (k: number) => `${((100 * k) / n).toFixed(1)} % (${k} of ${n})`;
    return [
      { figure: 'held-out questions: item first', value: pct(top1) },
      { figure: 'held-out questions: item among the first three (aim ≥ 90 %)', value: pct(top3) },
      {
        figure: 'questions no guide answers, handed to a person',
        value: `${handedOff} of ${heldOut.unanswerable.length}`,
      },
      { figure: `POST /answers through the gateway (ms), n ${answers.length}`, value: fmt(summary(answers)) },
      {
        figure: `baseline: GET /search through the gateway (ms), n ${searches.length}`,
        value: fmt(summary(searches)),
      },
    ];
  } finally {
    await cloud.stop();
  }
};

const fmt = (s: { p50: string; p99: string }) => `p50 ${s.p50} / p99 ${s.p99}`;
