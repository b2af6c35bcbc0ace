// 短信评价: what a reply to the invitation may say, and the answers to one that cannot be used.
import { describe, expect, it } from 'vitest';
import { messageTemplates } from '../../shared/notifications.ts';
import {
  parseRatingReply,
  ratingReplyPrompt,
  replyAnswerCode,
  replyAnswers,
} from '../../shared/ratings-sms.ts';

describe('parseRatingReply', () => {
  it.each([
    ['1', 1],
    [' 5 ', 5],
    ['５', 5],
    ['２。', 2],
    ['三', 3],
    ['4分', 4],
    ['非常满意', 1],
    ['满意', 2],
    ['基本满意！', 3],
    ['不满意', 4],
    ['非常不满意', 5],
  ])('reads %j as level %i', (text, level) => {
    expect(parseRatingReply(text)).toEqual({ level });
  });

  it('keeps what follows the level as a comment', () => {
    expect(parseRatingReply('５ 不予受理的理由没讲清楚')).toEqual({
      level: 5,
      comment: '不予受理的理由没讲清楚',
    });
    expect(parseRatingReply('2，窗口很耐心')).toEqual({ level: 2, comment: '窗口很耐心' });
    expect(parseRatingReply('非常不满意，等了很久')).toEqual({ level: 5, comment: '等了很久' });
    expect(parseRatingReply('满意 谢谢')).toEqual({ level: 2, comment: '谢谢' });
  });

  it.each([
    '',
    '  ',
    '0',
    '6',
    '12',
    '10',
    '好的，谢谢',
    '收到',
    '不太满意',
    'TD',
    '１２',
  ])('does not take %j as a rating', (text) => {
    expect(parseRatingReply(text)).toBeUndefined();
  });
});

describe('the invitation and the answers', () => {
  it('asks the same way in every invitation, and names every answer by its versioned code', () => {
    const inviting = Object.values(messageTemplates).filter((t) => t.invitesRating);
    expect(inviting).toHaveLength(3);
    for (const t of inviting) expect(t.sms).toContain(ratingReplyPrompt);
    expect(ratingReplyPrompt).toBe('回复数字评价：1非常满意 2满意 3基本满意 4不满意 5非常不满意');
    expect(replyAnswerCode('unreadable')).toBe('TB_RATING_REPLY_UNREADABLE_V1');
    for (const a of Object.values(replyAnswers)) expect(a.sms).toContain('{caseNumber}');
  });
});
