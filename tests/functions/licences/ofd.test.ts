// The licence as an OFD package, read back with tools that know nothing of how it was written: `unzip`
// lists and extracts the package, fontkit opens the embedded subsets, and the XML is read as text. (The
// browser test renders it with an independent OFD viewer.)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as fontkit from 'fontkit';
import { afterAll, describe, expect, it } from 'vitest';
import { type LicenceOfdInput, renderLicenceOfd } from '../../../functions/licences/ofd.ts';

const dir = mkdtempSync(join(tmpdir(), 'tongban-ofd-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const licence: LicenceOfdInput = {
  title: '营业执照',
  identifier: '1.2.156.3005.2.11100000MB0143028R001.11330902023177714Y.20261201000123.001.5',
  typeCode: '11100000MB0143028R001',
  issuerCreditCode: '11330902023177714Y',
  holderName: '舟山海韵水产有限公司',
  holderIdLabel: '统一社会信用代码',
  holderIdType: '统一社会信用代码',
  holderId: '91330902MA2A1B2C31',
  issuerName: '舟山市定海区市场监督管理局',
  issueDate: '2026-12-07',
  validFrom: '2026-12-07',
  fields: [
    { label: '变更事项', value: '经营范围' },
    { label: '变更后', value: '水产品批发、零售 & <冷链>' },
  ],
  qrPayload: 'TBV1:1.2.156.3005.2.11100000MB0143028R001.11330902023177714Y.20261201000123.001.5:abc',
};

let unpacked = 0;
const unzip = (bytes: Uint8Array) => {
  const zip = join(dir, `licence-${++unpacked}.ofd`);
  writeFileSync(zip, bytes);
  const out = join(dir, `licence-${unpacked}`);
  execFileSync('unzip', ['-q', zip, '-d', out]);
  const listing = execFileSync('unzip', ['-Z1', zip], { encoding: 'utf8' }).trim().split('\n');
  return { listing, read: (path: string) => readFileSync(join(out, path)) };
};

describe('renderLicenceOfd', () => {
  it('writes the OFD package: entry, document, resources, one page and the embedded fonts', () => {
    const { ofd, stamp } = renderLicenceOfd(licence);
    const { listing, read } = unzip(ofd);
    expect(listing.sort()).toEqual([
      'Doc_0/Document.xml',
      'Doc_0/DocumentRes.xml',
      'Doc_0/Pages/Page_0/Content.xml',
      'Doc_0/PublicRes.xml',
      'Doc_0/Res/NotoSerifSC-Bold-subset.ttf',
      'Doc_0/Res/NotoSerifSC-Regular-subset.ttf',
      'OFD.xml',
    ]);
    const entry = read('OFD.xml').toString('utf8');
    expect(entry).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<ofd:OFD xmlns:ofd="http:\/\/www.ofdspec.org\/2016"/,
    );
    expect(entry).toContain('<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot>');
    const document = read('Doc_0/Document.xml').toString('utf8');
    expect(document).toContain('<ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox>');
    expect(document).toContain('BaseLoc="Pages/Page_0/Content.xml"');
    expect(read('Doc_0/PublicRes.xml').toString('utf8')).toContain(
      '<ofd:FontFile>NotoSerifSC-Regular-subset.ttf</ofd:FontFile>',
    );
    // The stamp goes over the issuer and the date, inside the page.
    expect(stamp.page).toBe(0);
    const { x, y, width: w, height: h } = stamp;
    expect(x).toBeGreaterThan(100);
    expect(x + w).toBeLessThan(200);
    expect(y + h).toBeLessThan(287);
    // Every identifier is unique, and MaxUnitID is the largest.
    const page = read('Doc_0/Pages/Page_0/Content.xml').toString('utf8');
    const ids = [...`${document}${page}${read('Doc_0/PublicRes.xml')}`.matchAll(/ ID="(\d+)"/g)].map((m) =>
      Number(m[1]),
    );
    expect(new Set(ids).size).toBe(ids.length);
    expect(document).toContain(`<ofd:MaxUnitID>${Math.max(...ids)}</ofd:MaxUnitID>`);
  });

  it('carries the GB/T 36903 metadata as custom data', () => {
    const entry = unzip(renderLicenceOfd({ ...licence, validUntil: '2031-12-06' }).ofd)
      .read('OFD.xml')
      .toString('utf8');
    const data = [...entry.matchAll(/<ofd:CustomData Name="([^"]+)">([^<]*)<\/ofd:CustomData>/g)].map((m) => [
      m[1],
      m[2],
    ]);
    // The GB/T 36903 elements in the order and names national e-licence systems write them.
    expect(data).toEqual([
      ['证照名称', '营业执照'],
      ['证照类型代码', '11100000MB0143028R001'],
      ['证照编号', '20261201000123'],
      ['证照标识', licence.identifier],
      ['证照颁发机构', '舟山市定海区市场监督管理局'],
      ['证照颁发机构代码', '11330902023177714Y'],
      ['证照颁发日期', '2026-12-07'],
      ['持证主体', '舟山海韵水产有限公司'],
      ['持证主体代码', '91330902MA2A1B2C31'],
      ['持证主体代码类型', '统一社会信用代码'],
      ['持证主体代码类型代码', '001'],
      ['证照有效期起始日期', '2026-12-07'],
      ['证照有效期截止日期', '2031-12-06'],
    ]);
    expect(unzip(renderLicenceOfd(licence).ofd).read('OFD.xml').toString('utf8')).toContain(
      '<ofd:CustomData Name="证照有效期截止日期">长期</ofd:CustomData>',
    );
  });

  it('draws the face as text in the embedded fonts, which map every character it prints', () => {
    const { read } = unzip(renderLicenceOfd(licence).ofd);
    const page = read('Doc_0/Pages/Page_0/Content.xml').toString('utf8');
    const texts = [...page.matchAll(/<ofd:TextCode[^>]*>([^<]*)<\/ofd:TextCode>/g)].map((m) => m[1]!);
    for (const expected of [
      '营业执照',
      '持证主体',
      '舟山海韵水产有限公司',
      '91330902MA2A1B2C31',
      '水产品批发、零售 &amp; &lt;冷链&gt;',
      '长期',
      '发证机关：舟山市定海区市场监督管理局',
      '发证日期：2026年12月7日',
      '扫描二维码核验证照',
    ])
      expect(texts).toContain(expected);
    // Each character of the page is in the subset of its font (parsed by fontkit from the file alone).
    for (const [id, file] of [
      ['1', 'NotoSerifSC-Regular-subset.ttf'],
      ['2', 'NotoSerifSC-Bold-subset.ttf'],
    ] as const) {
      const font = fontkit.create(read(`Doc_0/Res/${file}`)) as fontkit.Font;
      const used = [
        ...page.matchAll(new RegExp(`Font="${id}"[^>]*>(?:<[^>]+>)*?<ofd:TextCode[^>]*>([^<]*)<`, 'g')),
      ]
        .map((m) => m[1]!.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>'))
        .join('');
      expect(used.length, file).toBeGreaterThan(3);
      for (const character of used)
        expect(font.hasGlyphForCodePoint(character.codePointAt(0)!), `${character} in ${file}`).toBe(true);
      expect(font.hasGlyphForCodePoint('鑫'.codePointAt(0)!)).toBe(false);
      expect(font.numGlyphs).toBeLessThan(200);
    }
    // The QR code is vector paths in its square.
    expect(page).toMatch(/<ofd:PathObject ID="\d+" Boundary="22 221 46 46" Stroke="false" Fill="true">/);
  });

  it('gives the same bytes for the same licence, and refuses characters the font cannot print', () => {
    expect(
      Buffer.from(renderLicenceOfd(licence).ofd).equals(Buffer.from(renderLicenceOfd(licence).ofd)),
    ).toBe(true);
    expect(() => renderLicenceOfd({ ...licence, holderName: '张𰻝' })).toThrow(/holderName has characters/);
    expect(() => renderLicenceOfd({ ...licence, validFrom: '2026-13-01' })).toThrow(/validFrom/);
  });
});
