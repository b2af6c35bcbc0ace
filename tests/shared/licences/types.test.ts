// The licence-type catalogue: each type code is the credit code of the body that defines the type plus its
// number, a jurisdiction's config extends the catalogue or aligns it with its province, and bad entries are
// refused with the field named.
import { describe, expect, it } from 'vitest';
import { loadJurisdiction } from '../../../infra/jurisdictions/index.ts';
import { isValidCreditCode } from '../../../shared/credit-code.ts';
import { jurisdictionSchema } from '../../../shared/jurisdiction.ts';
import {
  defaultLicenceTypes,
  definingBodies,
  definingCreditCodeOf,
  licenceCatalogue,
} from '../../../shared/licences/types.ts';

describe('the licence-type catalogue', () => {
  it('gives a business licence and a construction permit codes of different defining bodies', () => {
    const catalogue = licenceCatalogue();
    const business = catalogue.byName('营业执照')!;
    const construction = catalogue.byName('建筑工程施工许可证')!;
    expect(business.definedBy.name).toBe('国家市场监督管理总局');
    expect(definingCreditCodeOf(business.code)).toBe(definingBodies.samr.creditCode);
    expect(construction.definedBy.name).toBe('中华人民共和国住房和城乡建设部');
    expect(construction.code).toMatch(/^11100000000013338W\d{3}$/);
    expect(definingCreditCodeOf(business.code)).not.toBe(definingCreditCodeOf(construction.code));
  });

  it('has one code per type, each a valid credit code and a number, over many defining bodies', () => {
    const codes = new Set(defaultLicenceTypes.map((t) => t.code));
    expect(codes.size).toBe(defaultLicenceTypes.length);
    expect(new Set(defaultLicenceTypes.map((t) => t.name)).size).toBe(defaultLicenceTypes.length);
    for (const t of defaultLicenceTypes) {
      expect(t.code, t.name).toMatch(/^[0-9A-Z]{18}\d{3}$/);
      expect(isValidCreditCode(definingCreditCodeOf(t.code)!, { checkOrganisationCode: true }), t.name).toBe(
        true,
      );
      expect(definingCreditCodeOf(t.code)).toBe(t.definedBy.creditCode);
    }
    const bodies = new Set(defaultLicenceTypes.map((t) => t.definedBy.creditCode));
    expect(bodies.size).toBeGreaterThan(10);
    // No one prefix for all: the construction ministry defines only construction licences.
    const mohurd = defaultLicenceTypes.filter((t) => t.code.startsWith('11100000000013338W'));
    expect(mohurd.map((t) => t.name).sort()).toEqual([
      '商品房预售许可证',
      '建筑业企业资质证书',
      '建筑工程施工许可证',
    ]);
  });

  it('names where each confirmed code was published and marks every other as a stand-in', () => {
    const confirmed = Object.entries(definingBodies).filter(([, b]) => !('placeholder' in b));
    expect(confirmed.map(([key]) => key).sort()).toEqual(['mee', 'mnr', 'mohurd', 'mot', 'mps', 'samr']);
    for (const [key, b] of Object.entries(definingBodies)) {
      expect(isValidCreditCode(b.creditCode, { checkOrganisationCode: true }), key).toBe(true);
      if ('source' in b) expect(b.source, key).toContain(b.creditCode);
      else expect(b.creditCode.slice(8, 10), key).toBe('TB');
    }
    // The published numbers: 营业执照 001, 不动产权证书 001, 不动产登记证明 022, 道路运输经营许可证 008,
    // 居民身份证 001.
    const catalogue = licenceCatalogue();
    expect(catalogue.byName('营业执照')?.code).toBe('11100000MB0143028R001');
    expect(catalogue.byName('不动产权证书')?.code).toBe('11100000MB03271699001');
    expect(catalogue.byName('不动产登记证明')?.code).toBe('11100000MB03271699022');
    expect(catalogue.byName('道路运输经营许可证')?.code).toBe('11100000000019713D008');
    expect(catalogue.byName('居民身份证')?.code).toBe('11100000000013127D001');
    // 11100000000019713D is the transport ministry's, 11100000000013127D the public-security ministry's.
    expect(catalogue.byName('居民身份证')?.definedBy).toMatchObject({ name: '中华人民共和国公安部' });
    expect(catalogue.byName('居民身份证')?.definedBy).not.toHaveProperty('placeholder');
    expect(catalogue.byName('排污许可证')?.code).toMatch(/^11100000000014672N\d{3}$/);
    expect(catalogue.byName('结婚证')?.definedBy).toMatchObject({ placeholder: true });
  });

  it('takes a province’s own types and aligns default ones from the jurisdiction config', () => {
    const dinghai = loadJurisdiction('dinghai');
    const catalogue = licenceCatalogue(dinghai.licenceTypes);
    const aligned = catalogue.byName('小餐饮登记证')!;
    expect(aligned.definedBy.name).toBe('浙江省市场监督管理局');
    expect(aligned.code).toBe('11330000TB00001591001');
    // Aligned: the holder and validity of the default stay.
    expect(aligned).toMatchObject({ holder: 'person', validityYears: 3 });
    expect(catalogue.byName('食品小作坊登记证')).toMatchObject({
      code: '11330000TB00001591002',
      holder: 'either',
      validityYears: 3,
    });
    expect(catalogue.byCode('11330000TB00001591002')?.name).toBe('食品小作坊登记证');
    // Elsewhere the default stays.
    expect(licenceCatalogue(loadJurisdiction('ngari').licenceTypes).byName('小餐饮登记证')!.code).toBe(
      `${definingBodies.samr.creditCode}004`,
    );
  });

  it('refuses entries that would collide, lack a holder or carry a bad credit code', () => {
    const base = loadJurisdiction('dinghai');
    const result = jurisdictionSchema.safeParse({
      ...base,
      licenceTypes: [
        { name: '新证照', definedBy: { name: '浙江省某厅', creditCode: '11330000TB00001591' }, number: 9 },
        {
          name: '结婚证',
          definedBy: { name: '国家市场监督管理总局', creditCode: definingBodies.samr.creditCode },
          number: 1,
        },
        { name: '离婚证', definedBy: { name: '某部', creditCode: '11100000TB0000116X' }, number: 2 },
      ],
    });
    expect(result.success).toBe(false);
    const messages = result.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        'licenceTypes.0.holder: 新证照 is not a default type: say who holds it',
        expect.stringMatching(/^licenceTypes\.1\.number: 11100000MB0143028R001 would name both/),
        expect.stringMatching(/^licenceTypes\.2\.definedBy\.creditCode: check character should be/),
      ]),
    );
  });
});
