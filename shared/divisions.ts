// 行政区划 administrative divisions (GB/T 2260) for the addresses a result is mailed to: every province-,
// prefecture- and county-level division of the mainland, from the generated table in `divisions-data.ts`
// (with the statistical codes of development zones, such as 130771, that addresses use too). A code is six
// digits: province (2), city (2), county (2); a county belongs to the city whose code it starts with, which
// belongs to its province the same way. A code that is not in the table — a typo, or a division abolished or
// renamed (110103 崇文区, 130721 宣化县) — is refused. 台湾, 香港 and 澳门 are known by name but take no
// delivery. Lookups are map reads; the table is parsed once, on first use.
import { CITIES, COUNTIES, PROVINCES } from './divisions-data.ts';

/** Province-level divisions outside the mainland table: known, but not delivered to. */
const OUTSIDE_MAINLAND = '71台湾省|81香港特别行政区|82澳门特别行政区';

export interface Division {
  code: string;
  name: string;
}

interface Table {
  provinces: Map<string, string>;
  cities: Map<string, string>;
  counties: Map<string, string>;
  /** City (4 digits) → its counties in code order; province (2 digits) → its cities. */
  countiesByCity: Map<string, Division[]>;
  citiesByProvince: Map<string, Division[]>;
}

const split = (rows: string, digits: number) =>
  rows.split('|').map((row) => [row.slice(0, digits), row.slice(digits)] as [string, string]);

let table: Table | undefined;
const load = (): Table => {
  if (table) return table;
  const provinces = new Map(split(`${PROVINCES}|${OUTSIDE_MAINLAND}`, 2));
  const cities = new Map(split(CITIES, 4));
  const counties = new Map<string, string>();
  const countiesByCity = new Map<string, Division[]>();
  const citiesByProvince = new Map<string, Division[]>();
  for (const [code, name] of cities) {
    const list = citiesByProvince.get(code.slice(0, 2)) ?? [];
    list.push({ code: `${code}00`, name });
    citiesByProvince.set(code.slice(0, 2), list);
  }
  for (const group of COUNTIES.split(';')) {
    const city = group.slice(0, 4);
    const list: Division[] = [];
    for (const row of group.slice(5).split(',')) {
      const code = `${city}${row.slice(0, 2)}`;
      counties.set(code, row.slice(2));
      list.push({ code, name: row.slice(2) });
    }
    countiesByCity.set(city, list);
  }
  table = { provinces, cities, counties, countiesByCity, citiesByProvince };
  return table;
};

/** Provinces a result can be mailed to: every mainland province-level division. */
export const deliveryProvinces = (): Division[] =>
  [...load().provinces]
    .filter(([code]) => load().citiesByProvince.has(code))
    .map(([code, name]) => ({ code: `${code}0000`, name }));

/** The cities of a province (its 6-digit code), as 6-digit codes. */
export const citiesOf = (provinceCode: string): Division[] =>
  provinceCode.endsWith('0000') ? (load().citiesByProvince.get(provinceCode.slice(0, 2)) ?? []) : [];

/** The counties of a city (its 6-digit code). */
export const countiesOf = (cityCode: string): Division[] =>
  cityName(cityCode) ? (load().countiesByCity.get(cityCode.slice(0, 4)) ?? []) : [];

export const provinceName = (code: string) =>
  code.endsWith('0000') ? load().provinces.get(code.slice(0, 2)) : undefined;
export const cityName = (code: string) =>
  code.endsWith('00') && !code.endsWith('0000') ? load().cities.get(code.slice(0, 4)) : undefined;
/** A county-level division's name; a city without counties (441900 东莞市) is its own county. */
export const countyName = (code: string) => load().counties.get(code);

/** City-level rows that stand for a grouping, not a place (北京 市辖区, 重庆 县, 省直辖县级行政区划). */
const groupingName = /^(市辖区|县|省直辖县级行政区划|自治区直辖县级行政区划)$/;

/** The names of a province / city / county triple as written on an address: groupings left out, a city
 * that is its own county (东莞市) named once. */
export const divisionNames = (a: { provinceCode: string; cityCode: string; countyCode: string }) => {
  const city = cityName(a.cityCode) ?? '';
  const county = countyName(a.countyCode) ?? '';
  return `${provinceName(a.provinceCode) ?? ''}${groupingName.test(city) || city === county ? '' : city}${county}`;
};

export interface DivisionIssue {
  path: 'provinceCode' | 'cityCode' | 'countyCode';
  message: string;
}

/**
 * What is wrong with a province / city / county triple: each must be a current division, the city within
 * the province and the county within the city. Empty when the triple holds.
 */
export const divisionIssues = (a: {
  provinceCode: string;
  cityCode: string;
  countyCode: string;
}): DivisionIssue[] => {
  const province = provinceName(a.provinceCode);
  if (!province) return [{ path: 'provinceCode', message: '不是省级行政区划代码 (not a province code)' }];
  if (citiesOf(a.provinceCode).length === 0)
    return [
      {
        path: 'provinceCode',
        message: `暂不支持寄往${province} (no delivery to ${province}: choose pick-up at the hall)`,
      },
    ];
  const city = cityName(a.cityCode);
  if (!city) return [{ path: 'cityCode', message: '不是现行的地级行政区划代码 (not a current city code)' }];
  if (a.cityCode.slice(0, 2) !== a.provinceCode.slice(0, 2))
    return [{ path: 'cityCode', message: `不属于${province} (the city is not in ${province})` }];
  if (!countyName(a.countyCode))
    return [{ path: 'countyCode', message: '不是现行的县级行政区划代码 (not a current county code)' }];
  if (a.countyCode.slice(0, 4) !== a.cityCode.slice(0, 4))
    return [{ path: 'countyCode', message: `不属于${city} (the county is not in ${city})` }];
  return [];
};
