// 公民身份号码 (GB 11643-1999) checked against the standard's own published examples, and every way a
// number can be wrong said in Chinese and English; the same checks as zod fields and as form formats.
import { describe, expect, it } from 'vitest';
import { checkForm } from '../../shared/cases/form.ts';
import {
  creditCodeField,
  idNumberCheckChar,
  idNumberField,
  idNumberProblem,
  mobileField,
} from '../../shared/id-number.ts';

const today = '2026-12-07';

describe('公民身份号码', () => {
  it("accepts the standard's examples and computes their check characters", () => {
    // GB 11643-1999, Annex: 11010519491231002X (Beijing, Chaoyang) and 440524188001010014 (Guangdong).
    expect(idNumberCheckChar('11010519491231002')).toBe('X');
    expect(idNumberCheckChar('44052418800101001')).toBe('4');
    expect(idNumberProblem('11010519491231002X', today)).toBeUndefined();
    expect(idNumberProblem('440524188001010014', today)).toBeUndefined();
  });

  it('says what is wrong: shape, province, address, date, future, sequence, check character', () => {
    const en = (id: string) => idNumberProblem(id, today)?.en;
    expect(en('11010519491231002x')).toMatch(/capital X/);
    expect(en('000000000000000000')).toBe('no province has the code 00');
    expect(en('330000199001011230')).toMatch(/county-level/);
    expect(en('110105194913310021')).toBe('the date of birth 1949-13-31 does not exist');
    expect(en('110105202302290021')).toBe('the date of birth 2023-02-29 does not exist');
    expect(en('110105202612310023')).toBe('the date of birth 2026-12-31 is in the future');
    expect(en('110105194912310002')).toBe('the sequence number cannot be 000');
    expect(en('110105194912310021')).toBe('the check character should be X');
    expect(idNumberProblem('110105194912310021', today)?.zh).toBe('校验码应为 X');
    // Every single-digit substitution of a valid number is caught.
    const valid = '11010519491231002X';
    for (let i = 0; i < 17; i++)
      for (const d of '0123456789') {
        if (d === valid[i]) continue;
        const changed = valid.slice(0, i) + d + valid.slice(i + 1);
        expect(idNumberProblem(changed, today), changed).toBeDefined();
      }
  });

  it('is the same check as a zod field, in both languages', () => {
    const result = idNumberField().safeParse('110105194912310021');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe(
      '公民身份号码有误：校验码应为 X (identity number: the check character should be X)',
    );
    expect(creditCodeField().safeParse('91330902MA2A1B2C3D').success).toBe(false);
    expect(mobileField().safeParse('12345678901').success).toBe(false);
    expect(mobileField().safeParse('13905801234').success).toBe(true);
  });

  it('checks forms that name the formats', () => {
    const schema = {
      type: 'object',
      properties: {
        spouseIdNumber: { type: 'string', format: 'cn-id-number' },
        mobile: { type: 'string', format: 'cn-mobile' },
      },
    };
    expect(
      checkForm('ids@1', schema, { spouseIdNumber: '11010519491231002X', mobile: '13905801234' }),
    ).toEqual([]);
    expect(checkForm('ids@1', schema, { spouseIdNumber: '110105194912310021', mobile: '1390580' })).toEqual([
      { path: 'body.form.spouseIdNumber', message: expect.stringContaining('公民身份号码有误') },
      { path: 'body.form.mobile', message: expect.stringContaining('手机号码有误') },
    ]);
  });
});
