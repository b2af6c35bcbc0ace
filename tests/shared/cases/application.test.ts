// Application rules with the facts supplied directly: every problem is reported at once, under its field.
import { describe, expect, it } from 'vitest';
import { type CitedFacts, checkMaterials } from '../../../shared/cases/application.ts';
import { checkForm } from '../../../shared/cases/form.ts';
import type { Material } from '../../../shared/catalogue/item.ts';

const material = (id: string, extra: Partial<Material> = {}): Material => ({
  id,
  name: id,
  required: true,
  originals: 1,
  copies: 0,
  form: 'both',
  source: 'applicant',
  deferrable: false,
  commitmentAllowed: false,
  ...extra,
});

const item = {
  materials: [
    material('form'),
    material('id-card', { licenceType: '居民身份证', source: 'government' }),
    material('income', { commitmentAllowed: true }),
    material('plan', { deferrable: true }),
    material('photo', { required: false }),
  ],
};
const key = 'uploads/owner/00000000-0000-4000-8000-000000000000';
const facts = (over: Partial<CitedFacts> = {}): CitedFacts => ({
  uploads: new Map([[key, { size: 10, contentType: 'application/pdf' }]]),
  licences: new Map([
    ['L1', { type: '居民身份证', holderId: '330902199001011238', status: 'valid', validUntil: '2036-01-01' }],
    ['L2', { type: '结婚证', holderId: '330902199001011238', status: 'valid' }],
    ['L3', { type: '居民身份证', holderId: '330902199001011238', status: 'revoked' }],
    ['L4', { type: '居民身份证', holderId: '330902198506152461', status: 'valid' }],
  ]),
  ...over,
});
const check = (submissions: Parameters<typeof checkMaterials>[0]['submissions'], f = facts()) =>
  checkMaterials({
    item,
    submissions,
    applicantId: '330902199001011238',
    facts: f,
    today: '2026-12-01',
    latestDeferral: '2026-12-15',
  });

describe('materials of an application', () => {
  it('accepts an upload, a held licence, a commitment and a deferral where the item allows them', () => {
    expect(
      check([
        { materialId: 'form', via: 'upload', key },
        { materialId: 'id-card', via: 'licence', licenceId: 'L1' },
        { materialId: 'income', via: 'commitment' },
        { materialId: 'plan', via: 'deferred', dueDate: '2026-12-10' },
      ]),
    ).toEqual([]);
  });

  it('reports each wrong way of satisfying a material under its index, and each missing required one', () => {
    const issues = check([
      { materialId: 'form', via: 'commitment' },
      { materialId: 'id-card', via: 'licence', licenceId: 'L2' },
      { materialId: 'plan', via: 'deferred', dueDate: '2027-01-30' },
      { materialId: 'photo', via: 'upload', key: `${key.slice(0, -1)}1` },
    ]);
    const paths = issues.map((i) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'body.materials.0.via',
        'body.materials.1.licenceId',
        'body.materials.2.dueDate',
        'body.materials.3.key',
      ]),
    );
    expect(
      issues
        .filter((i) => i.path === 'body.materials')
        .map((i) => i.message)
        .join(),
    ).toContain('income');
  });

  it('accepts only a valid licence held by the applicant', () => {
    for (const licenceId of ['L3', 'L4', 'unknown']) {
      const issues = check([
        { materialId: 'form', via: 'upload', key },
        { materialId: 'id-card', via: 'licence', licenceId },
        { materialId: 'income', via: 'commitment' },
        { materialId: 'plan', via: 'upload', key },
      ]);
      expect(issues.map((i) => i.path)).toEqual(['body.materials.1.licenceId']);
    }
  });

  it('refuses to defer every required material (容缺 needs the main materials)', () => {
    const onlyDeferrable = { materials: [material('plan', { deferrable: true })] };
    const issues = checkMaterials({
      item: onlyDeferrable,
      submissions: [{ materialId: 'plan', via: 'deferred', dueDate: '2026-12-02' }],
      applicantId: 'x',
      facts: facts(),
      today: '2026-12-01',
      latestDeferral: '2026-12-15',
    });
    expect(issues.map((i) => i.path)).toEqual(['body.materials']);
  });
});

describe('the application form', () => {
  const schema = {
    type: 'object',
    additionalProperties: false,
    properties: { size: { type: 'integer', minimum: 1 }, name: { type: 'string', minLength: 1 } },
    required: ['size', 'name'],
  };
  it('lists every bad, missing and unknown field', () => {
    const issues = checkForm('t@1', schema, { size: 0, extra: true });
    expect(issues.map((i) => i.path).sort()).toEqual(['body.form.extra', 'body.form.name', 'body.form.size']);
    expect(checkForm('t@1', schema, { size: 2, name: '张三' })).toEqual([]);
  });
});
