// 短信评价: the SMS that tells an applicant their case has concluded invites a rating by reply (回复 1–5), and
// the reply (上行短信) comes back through the SMS provider's push. The invitation goes out under an extension
// code (扩展码) of its own, appended to the sending number, so the reply names the invitation it answers
// without the platform keeping the mobile number. What a reply may say, and the answers to a reply that
// cannot be used, live here; each answer is a registered SMS template like the others, and versioned.
import { type RatingLevel, ratingLevels } from './ratings.ts';

/** How long after the invitation was sent a reply is still taken as a rating (natural days). */
export const smsReplyDays = 7;
/** How long an invitation's code is kept after that, so a late reply is told so rather than ignored. */
export const smsReplyKeepDays = 30;
/** Digits of an invitation's extension code. */
export const extendCodeDigits = 6;

/** What the invitation asks for, as the SMS templates that carry it say it. */
export const ratingReplyPrompt = `回复数字评价：${(Object.entries(ratingLevels) as Array<[string, string]>)
  .map(([level, name]) => `${level}${name}`)
  .join(' ')}`;

const words = new Map<string, RatingLevel>(
  (Object.entries(ratingLevels) as Array<[string, string]>).map(([level, name]) => [
    name,
    Number(level) as RatingLevel,
  ]),
);
const chineseDigits: Record<string, RatingLevel> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5 };

/**
 * The level a reply gives, with what followed it as a comment: a digit 1–5 (full-width too), 一 to 五, or a
 * level's own words (非常满意 … 非常不满意), alone or followed by a few words. Anything else is not a rating.
 */
export const parseRatingReply = (text: string): { level: RatingLevel; comment?: string } | undefined => {
  // NFKC turns full-width digits and letters into their ASCII forms.
  const plain = text.normalize('NFKC').trim();
  const bare = plain.replace(/[\s\p{P}\p{S}]+/gu, '');
  if (bare === '') return undefined;
  const word = words.get(bare);
  if (word) return { level: word };
  // A digit (or 一…五) alone, or followed by a separator or 分 and a comment: "5", "５。", "2 窗口很耐心".
  const m = /^([1-5一二三四五])(?:分)?(?:$|[\s\p{P}\p{S}]+(.*)$)/su.exec(plain);
  if (m) {
    const level = (chineseDigits[m[1]!] ?? Number(m[1])) as RatingLevel;
    const comment = m[2]?.trim().slice(0, 500);
    return comment ? { level, comment } : { level };
  }
  // A level's words followed by a comment: the longest words first, so 非常不满意 is not read as 满意.
  for (const [name, level] of [...words].sort((a, b) => b[0].length - a[0].length)) {
    if (plain.startsWith(name)) {
      const rest = plain
        .slice(name.length)
        .replace(/^[\s\p{P}\p{S}]+/u, '')
        .trim();
      return rest ? { level, comment: rest.slice(0, 500) } : { level };
    }
  }
  return undefined;
};

/** Why a reply was not taken as a rating, each answered once per invitation. */
export type ReplyAnswerKey = 'unreadable' | 'late' | 'rated';

export const replyAnswers: Record<ReplyAnswerKey, { version: number; sms: string }> = {
  unreadable: {
    version: 1,
    sms: `未能识别您对办件{caseNumber}的评价。请${ratingReplyPrompt}，也可登录网上办事大厅评价。`,
  },
  late: {
    version: 1,
    sms: `您对办件{caseNumber}的评价回复已超过${smsReplyDays}天，未能记录，如需评价请登录网上办事大厅。`,
  },
  rated: {
    version: 1,
    sms: '办件{caseNumber}已评价过，每次办理只能评价一次，感谢您的反馈。',
  },
};

/** The provider's code of an answer's template, as the local provider registers them. */
export const replyAnswerCode = (key: ReplyAnswerKey, version = replyAnswers[key].version) =>
  `TB_RATING_REPLY_${key.toUpperCase()}_V${version}`;
