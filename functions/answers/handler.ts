// Answers function: the passages of the published guides, loaded from their snapshot (rebuilt whenever the
// catalogue changes) into an index per container, answer questions; below the confidence threshold the
// answer is a 12345 enquiry opened with the question (人工 hand-off), or the hotline.
import { type AnswerIndex, buildAnswerIndex, type Passage } from '../../shared/answers.ts';
import { answersKey, createObjectReader } from '../catalogue/search-snapshot.ts';
import { jurisdiction, resource } from '../lib/env.ts';
import { httpFunction } from '../lib/http.ts';
import { s3 } from '../lib/s3.ts';
import { answersRoutes } from './routes.ts';

/** The enquiry a question becomes when the knowledge base cannot answer it, or did not help. */
export const handOffTicket = (question: string) => ({
  type: 'enquiry' as const,
  text: `智能问答未能解答：${question}`,
  question,
});

const currentIndex = createObjectReader<AnswerIndex>(
  s3(),
  resource('ASSET_BUCKET_NAME'),
  answersKey,
  (bytes) => buildAnswerIndex(JSON.parse(Buffer.from(bytes).toString('utf8')) as Passage[]),
  () => buildAnswerIndex([]),
);

export const handler = httpFunction(answersRoutes, {
  'POST /answers': async ({ body }) => {
    const { hits, confidence, answered } = (await currentIndex()).ask(body.question, body.limit);
    return {
      question: body.question,
      answered,
      confidence,
      hits,
      ...(answered
        ? {}
        : {
            handOff: {
              hotline: jurisdiction.contacts.hotline,
              message: `没有找到可靠的答案。可以提交人工咨询（12345 工单），或拨打 ${jurisdiction.contacts.hotline} 政务服务便民热线，由工作人员为您解答。`,
              // 人工: the request that opens a 12345 enquiry with the question (signed in).
              ticket: { method: 'POST', path: '/tickets', body: handOffTicket(body.question) },
            },
          }),
    };
  },
});
