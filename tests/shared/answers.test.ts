// The passages of a guide and the ranking that answers from them.
import { describe, expect, it } from 'vitest';
import { loadJurisdiction } from '../../infra/jurisdictions/index.ts';
import { seedCatalogue } from '../../infra/seed/catalogue.ts';
import { answerThreshold, buildAnswerIndex, passagesOf, tokens } from '../../shared/answers.ts';

const { items } = seedCatalogue(loadJurisdiction('dinghai'));
const housing = items.find((i) => i.implementationCode === '330902-JF-0084')!;

describe('answers', () => {
  it('reads Chinese as characters and pairs, Latin words and numbers whole', () => {
    expect(tokens('二手房 KTV 12345')).toEqual(['二', '二手', '手', '手房', '房', 'ktv', '12345']);
  });

  it('cuts a guide into its FAQs and sections, saying how each material may be replaced', () => {
    const passages = passagesOf(housing);
    expect(passages.filter((p) => p.section === 'faq')).toHaveLength(housing.faqs.length);
    expect(new Set(passages.map((p) => p.section))).toEqual(
      new Set(['faq', 'conditions', 'materials', 'limits', 'fees', 'venue', 'result']),
    );
    const materials = passages.find((p) => p.section === 'materials')!.text;
    expect(materials).toContain('可告知承诺');
    expect(passages.find((p) => p.section === 'limits')!.text).toContain('承诺20 个工作日办结');
  });

  it('answers from the item the question names, in the section it asks about, and declines the rest', () => {
    const index = buildAnswerIndex(items.flatMap(passagesOf));
    const asked = index.ask('公租房申请要交钱吗');
    expect(asked.hits[0]).toMatchObject({ itemCode: '330902-JF-0084', section: 'fees' });
    expect(asked.answered).toBe(true);
    const stranger = index.ask('推荐一部好看的电影');
    expect(stranger.confidence).toBeLessThan(answerThreshold);
    expect(stranger.answered).toBe(false);
    expect(buildAnswerIndex([]).ask('身份证').hits).toEqual([]);
  });
});
