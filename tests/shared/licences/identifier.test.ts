// GB/T 36904 identifiers: published e-licence numbers check out, ours round-trip, and any single changed
// character is caught by the check character.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatLicenceId, parseLicenceId } from '../../../shared/licences/identifier.ts';
import { defaultLicenceTypes } from '../../../shared/licences/types.ts';

// E-licence identifiers as printed on issued licences and in provincial interface specifications.
const published = [
  '1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.002.S',
  '1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.001.U',
  '1.2.156.3005.2.11100000000013338W009.11330105002500287C.2025052201.002.0',
  '1.2.156.3005.2.11100000000013338W087.11370800MB28559184.37080001202411010001.001.3',
];
const charset = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

describe('e-licence identifiers', () => {
  it('accepts published identifiers and rebuilds them from their parts', () => {
    for (const id of published) {
      const parts = parseLicenceId(id);
      expect(parts, id).toBeDefined();
      expect(formatLicenceId(parts!)).toBe(id);
    }
  });

  it('formats ours with a 3-digit version and a check character', () => {
    const id = formatLicenceId({
      typeCode: defaultLicenceTypes.find((t) => t.name === '建筑工程施工许可证')!.code,
      issuerCreditCode: '11330902023217499R',
      serial: '20261201000123',
      version: 1,
    });
    expect(id).toMatch(
      /^1\.2\.156\.3005\.2\.11100000000013338W001\.11330902023217499R\.20261201000123\.001\.[0-9A-Z]$/,
    );
    expect(parseLicenceId(id)).toMatchObject({ serial: '20261201000123', version: 1 });
  });

  it('accepts serials with capital letters, as other platforms issue them', () => {
    const id = formatLicenceId({
      typeCode: '11100000000013338W050',
      issuerCreditCode: '113700000045046442',
      serial: '209FA4E88F9E4C878F3E9BED2CE7EA49',
      version: 1,
    });
    expect(parseLicenceId(id)).toMatchObject({ serial: '209FA4E88F9E4C878F3E9BED2CE7EA49', version: 1 });
    expect(parseLicenceId(id.replace('209FA', '209FB'))).toBeUndefined();
    expect(parseLicenceId(id.replace('209FA', '209fa'))).toBeUndefined();
  });

  it('refuses malformed parts', () => {
    const good = {
      typeCode: defaultLicenceTypes[0]!.code,
      issuerCreditCode: '11330902023217499R',
      serial: '1',
      version: 1,
    };
    expect(() => formatLicenceId({ ...good, issuerCreditCode: '11330902023217499X' })).toThrow(RangeError);
    expect(() => formatLicenceId({ ...good, version: 1000 })).toThrow(RangeError);
    expect(() => formatLicenceId({ ...good, serial: '12a' })).toThrow(RangeError);
    expect(() => formatLicenceId({ ...good, serial: '12-3' })).toThrow(RangeError);
  });

  it('detects any single changed character of the checked part (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...published),
        fc.nat(),
        fc.constantFrom(...charset),
        (id, at, replacement) => {
          const positions = [...id].map((c, i) => (c === '.' || i < 15 ? -1 : i)).filter((i) => i >= 0);
          const i = positions[at % positions.length]!;
          fc.pre(id[i] !== replacement);
          const changed = id.slice(0, i) + replacement + id.slice(i + 1);
          expect(parseLicenceId(changed)).toBeUndefined();
        },
      ),
      { numRuns: 2000 },
    );
  });
});
