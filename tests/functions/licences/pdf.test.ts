// The printable licence PDF as a reader meets it: poppler (pdftotext, pdftoppm, pdffonts — tools that know
// nothing of how it was made) extracts the text and reports the embedded fonts, and jsQR reads the QR code
// back off the rendered page.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type LicencePdfInput, renderLicencePdf } from '../../../functions/licences/pdf.ts';
import { QrPayloadTooLargeError, qrByteCapacity, qrMatrix } from '../../../functions/licences/pdf-qr.ts';
import { pdftotext, readQrCode, saved } from '../../support/pdf.ts';

/** A compact JWS of about the size the licence service signs: header, a licence payload, an ES256 signature. */
/** Bytes that look random but are the same at every run, so a module-by-module check is reproducible. */
const fixedBytes = (length: number, seed: string) => {
  const chunks: Buffer[] = [];
  for (let i = 0; chunks.length * 32 < length; i++)
    chunks.push(createHash('sha256').update(`${seed}${i}`).digest());
  return Buffer.concat(chunks).subarray(0, length);
};

const jwsOfBytes = (total: number) => {
  const header = Buffer.from('{"alg":"ES256","kid":"330902-2024"}').toString('base64url');
  const signature = fixedBytes(64, 'signature').toString('base64url');
  const payloadLength = total - header.length - signature.length - 2;
  return `${header}.${fixedBytes(payloadLength, 'payload').toString('base64url').slice(0, payloadLength)}.${signature}`;
};

const licence: LicencePdfInput = {
  title: '公共场所卫生许可证',
  identifier: '1.2.156.3005.2.11100000000013338W.11330902023217499R.0001.001.K',
  holderName: '舟山市定海区海韵宾馆有限公司',
  holderIdLabel: '统一社会信用代码',
  holderId: '91330902MA2A1B2C3X',
  issuerName: '舟山市定海区卫生健康局',
  issueDate: '2024-03-05',
  validUntil: '2028-03-04',
  fields: [
    { label: '法定代表人', value: '王海明' },
    {
      label: '单位地址',
      value: '浙江省舟山市定海区解放西路188号海韵大厦一至五层（含地下一层停车场），面积约三千二百平方米',
    },
    { label: '许可项目', value: '住宿业（宾馆）；沐浴场所' },
    { label: '卫生许可证号', value: '舟定卫公字〔2024〕第0128号' },
  ],
  qrPayload:
    'https://zwfw.dinghai.gov.cn/licences/1.2.156.3005.2.11100000000013338W.11330902023217499R.0001.001.K',
  verifyUrl: 'https://zwfw.dinghai.gov.cn/licences/verify',
};

describe('renderLicencePdf', () => {
  it('renders one A4 page whose text a PDF reader extracts', async () => {
    const bytes = await renderLicencePdf(licence);

    expect(Buffer.from(bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    const path = saved(bytes);
    const info = execFileSync('pdfinfo', [path], { encoding: 'utf8' });
    expect(info).toMatch(/^Pages:\s+1$/m);
    expect(info).toMatch(/^Page size:\s+595\.2\d* x 841\.8\d* pts \(A4\)$/m);
    const text = pdftotext(bytes);
    for (const expected of [
      '公共场所卫生许可证',
      '持证主体',
      licence.holderName,
      `证照编号：${licence.identifier}`,
      `统一社会信用代码`,
      licence.holderId,
      `发证机关：${licence.issuerName}`,
      '发证日期：2024年3月5日',
      '有效期至',
      '2028年3月4日',
      '住宿业（宾馆）；沐浴场所',
      '舟定卫公字〔2024〕第0128号',
      licence.verifyUrl!,
    ])
      expect(text).toContain(expected);
    // The seal is a drawn mark: its characters do not break into the issuer line or repeat the name.
    expect(text.split(licence.issuerName)).toHaveLength(2);
  });

  it('embeds only a subset of the CJK font, with a ToUnicode map', async () => {
    const bytes = await renderLicencePdf(licence);

    const fonts = execFileSync('pdffonts', [saved(bytes)], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .slice(2);
    expect(fonts).toHaveLength(2);
    for (const line of fonts) {
      // name, type, encoding, then emb sub uni: yes yes yes
      expect(line).toMatch(/^[A-Z]{6}\+NotoSerifSC-(Regular|Bold)\s+CID TrueType\s+Identity-H\s+yes yes yes/);
    }
    expect(bytes.byteLength).toBeLessThan(80_000);
  });

  it('prints a QR code that reads back as the payload, up to a 1,500-byte JWS', async () => {
    const small = await renderLicencePdf(licence);
    const jws = jwsOfBytes(1500);
    const large = await renderLicencePdf({ ...licence, qrPayload: jws });

    expect(readQrCode(small)?.data).toBe(licence.qrPayload);
    const read = readQrCode(large);
    expect(read?.data).toBe(jws);
    // Error correction would hide a few wrong modules from the decoder: compare every module as printed.
    const matrix = qrMatrix(jws);
    expect(read?.version).toBe(matrix.version);
    const wrong = [];
    for (let row = 0; row < matrix.size; row++)
      for (let column = 0; column < matrix.size; column++)
        if (read!.darkAt(row, column, matrix.size) !== matrix.isDark(row, column)) wrong.push([row, column]);
    expect(wrong).toEqual([]);
  });

  it('refuses a payload no QR code can hold, naming its size', async () => {
    const payload = jwsOfBytes(qrByteCapacity + 200);

    const rendering = renderLicencePdf({ ...licence, qrPayload: payload });

    await expect(rendering).rejects.toBeInstanceOf(QrPayloadTooLargeError);
    await expect(rendering).rejects.toThrow(`${payload.length} bytes`);
    expect(qrMatrix('a'.repeat(qrByteCapacity)).version).toBe(40);
    expect(() => qrMatrix('a'.repeat(qrByteCapacity + 1))).toThrow(QrPayloadTooLargeError);
  });

  it('prints 长期 without an expiry date, and the status and a watermark when the licence is revoked', async () => {
    const { validUntil: _, ...noExpiry } = licence;

    const current = pdftotext(await renderLicencePdf(noExpiry));
    const revoked = pdftotext(await renderLicencePdf({ ...noExpiry, status: '已撤销' }));

    expect(current).toMatch(/有效期至\s+长期/);
    expect(current).not.toContain('证照状态');
    expect(revoked).toContain('证照状态：已撤销');
  });

  it('gives the same bytes for the same licence', async () => {
    const first = await renderLicencePdf(licence);
    const second = await renderLicencePdf(licence);
    const other = await renderLicencePdf({ ...licence, holderName: '舟山市定海区海韵宾馆' });

    expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);
    expect(Buffer.from(other).equals(Buffer.from(first))).toBe(false);
  });

  it('keeps long values inside the table, breaking Chinese anywhere and Latin runs whole', async () => {
    const address = `${'浙江省舟山市定海区'.repeat(8)}ABCDEFGHIJ0123456789`;

    const text = pdftotext(
      await renderLicencePdf({ ...licence, fields: [{ label: '地址', value: address }] }),
    );

    // Every wrapped line is a slice of the value, and together they spell it.
    const lines = text.split('\n').filter((line) => line && address.includes(line.trim()));
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.map((line) => line.trim()).join('')).toBe(address);
    expect(lines.some((line) => line.includes('ABCDEFGHIJ0123456789'))).toBe(true);
  });

  it('prints the rare characters of the 通用规范汉字表 and refuses one the font lacks, naming it', async () => {
    const text = pdftotext(await renderLicencePdf({ ...licence, holderName: '王𫖯龑' }));

    expect(text).toContain('王𫖯龑');
    await expect(renderLicencePdf({ ...licence, holderName: '𠮷田' })).rejects.toThrow(
      'holderName has characters the licence font cannot print: 𠮷 (U+20BB7)',
    );
  });

  it('rejects a malformed date and more fields than one page holds', async () => {
    const many = Array.from({ length: 40 }, (_, i) => ({
      label: `项目${i + 1}`,
      value: '经营范围'.repeat(20),
    }));

    await expect(renderLicencePdf({ ...licence, issueDate: '2024-02-30' })).rejects.toThrow(/issueDate/);
    await expect(renderLicencePdf({ ...licence, fields: many })).rejects.toThrow(/do not fit on one A4 page/);
  });
});
