// Answers function: the passages of the published guides, loaded from their snapshot (rebuilt whenever the
// catalogue changes) into an index per container, answer questions; below the confidence threshold the
// answer is the jurisdiction's 12345 hotline.
import { type AnswerIndex, buildAnswerIndex, type Passage } from '../../shared/answers.ts';
import { answersKey, createObjectReader } from '../catalogue/search-snapshot.ts';
import { jurisdiction, resource } from '../lib/env.ts';
import { httpFunction } from '../lib/http.ts';
import { s3 } from '../lib/s3.ts';
import { answersRoutes } from './routes.ts';

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
              message: `没有找到可靠的答案。请拨打 ${jurisdiction.contacts.hotline} 政务服务便民热线，由工作人员为您解答。`,
            },
          }),
    };
  },
});
