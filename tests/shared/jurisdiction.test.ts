// Jurisdiction config: the five sample tenants load, and a bad file is refused with the file and every bad
// field named — the message an operator sees when `cdk synth` stops.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  JurisdictionConfigError,
  listJurisdictionIds,
  loadAllJurisdictions,
  loadJurisdiction,
  loadJurisdictionFile,
} from '../../infra/jurisdictions/index.ts';
import { creditCodeCheckChar, isValidCreditCode } from '../../shared/credit-code.ts';
import {
  CHINA_REGIONS,
  GLOBAL_REGIONS,
  type JurisdictionInput,
  jurisdictionSchema,
  type NamedDay,
  partitionOf,
  REQUIRED_DEPARTMENT_CODES,
} from '../../shared/jurisdiction.ts';

const folder = join(import.meta.dirname, '../../infra/jurisdictions');
const sampleIds = ['dinghai', 'maanshan', 'ngari', 'xinglongtai', 'zjk-edz'];

/** A sample file as written (before defaults), typed loosely enough to be broken on purpose. */
type Editable = Omit<JurisdictionInput, 'calendar' | 'contacts'> & {
  calendar: { localHolidays: NamedDay[]; localWorkdays: NamedDay[] };
  contacts: Record<string, string>;
};
const raw = (id: string): Editable => JSON.parse(readFileSync(join(folder, `${id}.json`), 'utf8'));

/** "path: message" lines of a failed parse, the form the loader prints. */
const problems = (input: unknown) => {
  const result = jurisdictionSchema.safeParse(input);
  if (result.success) return [];
  return result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
};

/** The same code with a wrong 18th character, and the one it should have. */
const breakCheckChar = (code: string) => {
  const right = creditCodeCheckChar(code.slice(0, 17));
  return { code: code.slice(0, 17) + (right === 'A' ? 'B' : 'A'), right };
};

describe('the sample jurisdictions', () => {
  const all = loadAllJurisdictions();

  it('are the five tenants of the plan, each in a file named after its id', () => {
    expect(listJurisdictionIds()).toEqual(sampleIds);
    expect(all.map((j) => j.id)).toEqual(sampleIds);
  });

  it('have the divisions and levels of the plan', () => {
    const summary = Object.fromEntries(all.map((j) => [j.id, [j.name.zh, j.divisionCode, j.level]]));
    expect(summary).toEqual({
      dinghai: ['定海区', '330902', 'district'],
      maanshan: ['马鞍山市', '340500', 'city'],
      ngari: ['阿里地区', '542500', 'prefecture'],
      xinglongtai: ['兴隆台区', '211103', 'district'],
      'zjk-edz': ['张家口经济开发区', '130771', 'development-zone'],
    });
    for (const j of all) expect(j.timezone).toBe('Asia/Shanghai');
  });

  it('each deploy to a China Region, without a Cognito user pool', () => {
    const regions = Object.fromEntries(all.map((j) => [j.id, j.region]));
    expect(regions).toEqual({
      dinghai: 'cn-north-1',
      maanshan: 'cn-north-1',
      ngari: 'cn-northwest-1',
      xinglongtai: 'cn-north-1',
      'zjk-edz': 'cn-north-1',
    });
    for (const j of all) expect(j.cognitoUpstream, j.id).toBe(false);
  });

  it('each have every department the seed catalogue needs, with valid credit codes', () => {
    for (const j of all) {
      const codes = j.departments.map((d) => d.code);
      expect(codes, j.id).toEqual(expect.arrayContaining([...REQUIRED_DEPARTMENT_CODES]));
      expect(codes.length, j.id).toBeGreaterThan(REQUIRED_DEPARTMENT_CODES.length); // local departments too
      for (const d of j.departments)
        expect(isValidCreditCode(d.creditCode, { checkOrganisationCode: true }), d.name).toBe(true);
      expect(new Set(j.departments.map((d) => d.creditCode)).size, j.id).toBe(j.departments.length);
      expect(j.contacts.hotline).toBe('12345');
    }
  });

  it('give Ngari Losar (藏历新年) and Shoton (雪顿节) for 2025, 2026 and 2027', () => {
    const { localHolidays } = loadJurisdiction('ngari').calendar;
    for (const year of ['2025', '2026', '2027']) {
      const of = (name: string) => localHolidays.filter((d) => d.name === name && d.date.startsWith(year));
      expect(of('藏历新年').length, `Losar ${year}`).toBeGreaterThanOrEqual(3);
      expect(of('雪顿节').length, `Shoton ${year}`).toBeGreaterThanOrEqual(3);
    }
    expect(loadJurisdiction('dinghai').calendar.localHolidays).toEqual([]);
  });

  it('refuse an unknown id, listing the known ones', () => {
    expect(() => loadJurisdiction('beijing')).toThrowError(JurisdictionConfigError);
    expect(() => loadJurisdiction('beijing')).toThrowError(
      /Unknown jurisdiction "beijing"\. Known ids: dinghai, maanshan, ngari, xinglongtai, zjk-edz/,
    );
  });
});

describe('jurisdictionSchema', () => {
  it('fills in the defaults', () => {
    const parsed = jurisdictionSchema.parse({ ...raw('dinghai'), timezone: undefined, calendar: undefined });
    expect(parsed.timezone).toBe('Asia/Shanghai');
    expect(parsed.calendar).toEqual({ localHolidays: [], localWorkdays: [] });
  });

  it.each([
    ['33090', 'divisionCode: a 6-digit administrative division code'],
    ['33090A', 'divisionCode: a 6-digit administrative division code'],
    ['990902', 'divisionCode: does not start with a province code'],
    ['330900', 'divisionCode: does not fit level district: a district code does not end in 00'],
  ])('refuses the division code %s', (divisionCode, problem) => {
    expect(problems({ ...raw('dinghai'), divisionCode })).toEqual([problem]);
  });

  it('requires a Region from the known list', () => {
    expect(problems({ ...raw('dinghai'), region: undefined })[0]).toMatch(/^region: /);
    for (const region of ['cn-east-1', 'us-gov-west-1', 'CN-NORTH-1'])
      expect(problems({ ...raw('dinghai'), region })[0]).toMatch(/^region: an AWS Region .*cn-northwest-1/);
    expect(problems({ ...raw('dinghai'), region: 'us-east-1' })).toEqual([]);
    expect(CHINA_REGIONS.map(partitionOf)).toEqual(['aws-cn', 'aws-cn']);
    expect(GLOBAL_REGIONS.map(partitionOf)).toEqual(GLOBAL_REGIONS.map(() => 'aws'));
  });

  it('refuses a Cognito upstream in a China Region, and takes one elsewhere', () => {
    expect(problems({ ...raw('dinghai'), cognitoUpstream: true })).toEqual([
      "cognitoUpstream: Cognito user pools are not available in the China Regions (cn-north-1); tongban's own sign-in serves them",
    ]);
    expect(problems({ ...raw('dinghai'), region: 'eu-west-1', cognitoUpstream: true })).toEqual([]);
  });

  it('takes an https public address without a trailing slash, and nothing else', () => {
    expect(problems({ ...raw('dinghai'), publicUrl: 'https://api.zwfw.example.cn' })).toEqual([]);
    for (const publicUrl of [
      'http://api.zwfw.example.cn',
      'https://api.zwfw.example.cn/',
      'api.zwfw.example.cn',
    ])
      expect(problems({ ...raw('dinghai'), publicUrl })[0]).toMatch(/^publicUrl: /);
  });

  it('refuses a duplicate department code, naming it and both places', () => {
    const input = raw('dinghai');
    input.departments[5] = { ...input.departments[5]!, code: 'gaj' };
    expect(problems(input)).toEqual([
      'departments.5.code: duplicate department code gaj (also departments.0.code)',
      'departments: missing required department codes: mzj',
    ]);
  });

  it('refuses a file without a department the seed catalogue needs', () => {
    const input = raw('maanshan');
    input.departments = input.departments.filter((d) => d.code !== 'ybj' && d.code !== 'gjj');
    expect(problems(input)).toEqual(['departments: missing required department codes: ybj, gjj']);
  });

  it('refuses a bad credit code, naming the department and the expected check character', () => {
    const input = raw('ngari');
    const { code, right } = breakCheckChar(input.departments[3]!.creditCode);
    input.departments[3]!.creditCode = code;
    expect(problems(input)).toEqual([`departments.3.creditCode: check character should be ${right}`]);
  });

  it('requires the organisation code check of a government organ', () => {
    const input = raw('ngari');
    const first17 = `${input.departments[0]!.creditCode.slice(0, 16)}${input.departments[0]!.creditCode[16] === '1' ? '2' : '1'}`;
    input.departments[0]!.creditCode = first17 + creditCodeCheckChar(first17);
    expect(problems(input)).toEqual([
      expect.stringMatching(/^departments\.0\.creditCode: organisation code check character \(position 17\)/),
    ]);
  });

  it('refuses bad phones, dates, names and unknown keys, reporting all of them at once', () => {
    const input = raw('ngari');
    input.contacts.consultation = '2022345';
    input.departments[1]!.phone = '0580 2022345';
    input.calendar.localHolidays[0] = { date: '2025-02-29', name: '藏历新年' };
    input.departments[2]!.name = 'Human Resources';
    input.contacts.fax = '0897-2821000';
    expect(problems(input)).toEqual(
      expect.arrayContaining([
        'contacts.consultation: a phone number such as 0580-2022345 or 12345',
        'departments.1.phone: a phone number such as 0580-2022345 or 12345',
        'calendar.localHolidays.0.date: a real calendar date as YYYY-MM-DD',
        'departments.2.name: a name in Chinese',
        'contacts: Unrecognized key: "fax"',
      ]),
    );
  });

  it('accepts the phone numbers the public dials', () => {
    const input = raw('dinghai');
    for (const phone of [
      '0580-2022345',
      '010-12345678',
      '0580-2022345-801',
      '13800138000',
      '110',
      '12345',
      '95598',
      '400-810-0000',
    ]) {
      input.contacts.complaint = phone;
      expect(problems(input), phone).toEqual([]);
    }
  });

  it('refuses a day listed as both a local holiday and a local workday', () => {
    const input = raw('ngari');
    input.calendar.localWorkdays = [{ date: '2026-02-24', name: '藏历新年' }];
    expect(problems(input)).toEqual(['calendar.localWorkdays.0.date: 2026-02-24 is also a local holiday']);
  });

  it('checks the parent against the level', () => {
    expect(problems({ ...raw('dinghai'), parent: undefined })).toEqual([
      'parent: required below province level',
    ]);
    expect(problems({ ...raw('ngari'), parent: { province: '西藏自治区', prefecture: '拉萨市' } })).toEqual([
      'parent.prefecture: a prefecture lies directly in its province',
    ]);
  });
});

describe('loading a bad file', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tongban-jurisdiction-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('names the file and every bad field with its message', () => {
    const input = raw('ngari');
    const { code, right } = breakCheckChar(input.departments[3]!.creditCode);
    input.departments[3]!.creditCode = code;
    input.divisionCode = '5425';
    const file = join(dir, 'ngari.json');
    writeFileSync(file, JSON.stringify(input));

    let message = '';
    try {
      loadJurisdictionFile(file);
    } catch (error) {
      expect(error).toBeInstanceOf(JurisdictionConfigError);
      message = (error as Error).message;
    }
    expect(message.split('\n')).toEqual([
      `${file}: divisionCode: a 6-digit administrative division code`,
      `${file}: departments.3.creditCode: check character should be ${right}`,
    ]);
  });

  it('refuses a file whose id does not match its name', () => {
    const file = join(dir, 'ali.json');
    writeFileSync(file, JSON.stringify(raw('ngari')));
    expect(() => loadJurisdictionFile(file)).toThrowError(
      `${file}: id: must be "ali" to match the file name`,
    );
  });

  it('refuses a file that is not JSON', () => {
    const file = join(dir, 'ngari.json');
    writeFileSync(file, '{ "id": "ngari", ');
    expect(() => loadJurisdictionFile(file)).toThrowError(new RegExp(`^${file}: not readable JSON`));
  });

  it('loads a good copy', () => {
    const file = join(dir, 'ngari.json');
    writeFileSync(file, JSON.stringify(raw('ngari')));
    expect(loadJurisdictionFile(file)).toEqual(loadJurisdiction('ngari'));
  });
});
