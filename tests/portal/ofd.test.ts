// The OFD licence as people meet it, in headless Chromium against the local cloud: the issued OFD rendered by
// an independent OFD viewer (ofd.js, from the registry, nothing fetched at run time) reads like a licence —
// title, holder, fields, issuer and date, the seal's stamp, a QR code that scans to a valid verification —
// and the public verify page takes the OFD file and shows each check, failing a changed file and a revoked
// licence by name. Screenshots go to tests/screenshots/ofd-*.png; axe-core finds no serious violation.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { screenshot, seriousViolations } from '../support/browser.ts';
import { usePortal } from '../support/portal.ts';
import { issuedLicence } from '../support/review.ts';

const { api, browser } = await usePortal('dinghai');
const resolve = createRequire(import.meta.url).resolve;
const dir = mkdtempSync(join(tmpdir(), 'tongban-ofd-portal-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const state: { id?: string; ofd?: Uint8Array } = {};

const issuedOfd = async () => {
  if (!state.ofd) {
    const { licenceId } = await issuedLicence(api);
    const read = await api.request('GET', `/licences/${licenceId}`, { as: 'enterprise' });
    state.id = licenceId;
    state.ofd = new Uint8Array(await (await fetch(read.body.ofd.url)).arrayBuffer());
  }
  return { id: state.id!, ofd: state.ofd };
};

/** A blank page (no portal, no CSP) with the viewer loaded from its package; nothing else is fetched. */
const viewer = async () => {
  const context = await browser().newContext({ viewport: { width: 860, height: 1200 } });
  const page = await context.newPage();
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.setContent(
    '<!doctype html><html lang="zh-CN"><body style="margin:0;background:#fff"><div id="ofd"></div></body></html>',
  );
  await page.addScriptTag({ path: resolve('ofd.js/lib/ofd.umd.min.js') });
  return { page, requests };
};

/** Renders the OFD with ofd.js: parseOfdDocument, then renderOfd's page elements into the document. */
const render = (page: Page, ofd: Uint8Array): Promise<string> =>
  page.evaluate(`new Promise((done) => {
    const bytes = Uint8Array.from(atob(${JSON.stringify(Buffer.from(ofd).toString('base64'))}), (c) => c.charCodeAt(0));
    ofd.parseOfdDocument({
      ofd: bytes.buffer,
      success: (documents) => {
        const pages = ofd.renderOfd(820, documents[0]);
        for (const p of pages) document.getElementById('ofd').appendChild(p);
        done('rendered ' + pages.length);
      },
      fail: (error) => done('failed: ' + error),
    });
  })`);

/** The QR code read off a PNG by jsQR in the browser (the pixels as the viewer drew them). */
const readQr = async (png: Buffer): Promise<string | null> => {
  const context = await browser().newContext();
  const page = await context.newPage();
  await page.setContent('<!doctype html><html><body></body></html>');
  await page.addScriptTag({ path: resolve('jsqr/dist/jsQR.js') });
  const text = (await page.evaluate(`(async () => {
    const image = new Image();
    image.src = 'data:image/png;base64,${png.toString('base64')}';
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = image.width;
    canvas.height = image.height;
    const context2d = canvas.getContext('2d');
    context2d.drawImage(image, 0, 0);
    const pixels = context2d.getImageData(0, 0, image.width, image.height);
    return jsQR(pixels.data, image.width, image.height)?.data ?? null;
  })()`)) as string | null;
  await context.close();
  return text;
};

describe('the OFD licence in the browser', () => {
  it('renders in an independent OFD viewer and reads like a licence, its QR code leading to verification', async () => {
    const { id, ofd } = await issuedOfd();
    const { page, requests } = await viewer();
    expect(await render(page, ofd)).toBe('rendered 1');
    // The seal's picture comes from SignedValue.dat, drawn where the stamp annotation says.
    await page
      .locator('[name="seal_img_div"] img, [name="seal_img_div"]')
      .first()
      .waitFor({ timeout: 20_000 });
    const text = (await page.locator('#ofd').textContent()) ?? '';
    for (const expected of [
      '营业执照',
      `证照编号：${id}`,
      '持证主体',
      '舟山海韵水产有限公司',
      '统一社会信用代码',
      '91330902MA2A1B2C31',
      '变更事项',
      '水产品批发、零售',
      '有效期至',
      '发证机关：舟山市定海区市场监督管理局',
      '扫描二维码核验证照',
    ])
      expect(text.replace(/\s+/g, ''), expected).toContain(expected.replace(/\s+/g, ''));
    await page.waitForTimeout(300);
    await screenshot(page, 'ofd-01-licence-face');
    const png = await page.locator('#ofd').screenshot();
    writeFileSync(join(dir, 'face.png'), png);
    // Offline: the viewer asked for nothing beyond the page itself.
    expect(
      requests.filter((u) => !u.startsWith('about:') && !u.startsWith('data:') && !u.startsWith('blob:')),
    ).toEqual([]);
    await page.context().close();

    const qr = await readQr(png);
    // The short reference to this licence (the OFD is verified by its own seal; the code leads online).
    expect(qr).toMatch(new RegExp(`^TBV1:${id.replaceAll('.', '\\.')}:[A-Za-z0-9_-]{43}$`));
    const verified = await api.request('POST', '/verify', { body: { qr } });
    expect(verified.body).toMatchObject({ valid: true, licence: { name: '营业执照' } });
  });

  it('verifies the OFD file on the public page, each check shown; a changed file and a revoked licence fail', async () => {
    const { id, ofd } = await issuedOfd();
    const file = join(dir, 'licence.ofd');
    writeFileSync(file, ofd);
    const context = await browser().newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(`${api.url}/check`);
    await page.getByRole('heading', { level: 1, name: '电子证照核验' }).waitFor();
    await page.getByLabel('OFD 电子证照文件').setInputFiles(file);
    await page.getByRole('heading', { level: 2, name: /核验通过/ }).waitFor();
    const checks = (await page.locator('ul.checks').first().textContent()) ?? '';
    for (const name of [
      'OFD 文件结构',
      '文件摘要',
      '电子印章签名',
      '电子印章有效',
      '签章人证书链',
      '证书未吊销',
      '证照状态',
      '有效期',
    ])
      expect(checks).toContain(`✓ ${name}`);
    expect(await page.locator('main').textContent()).toContain('舟山海韵水产有限公司');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'ofd-02-verify-valid');

    // One character of the page's content changed: its digest no longer matches.
    const files = unzipSync(ofd);
    const content = new TextDecoder().decode(files['Doc_0/Pages/Page_0/Content.xml']);
    const changed = zipSync({
      ...files,
      'Doc_0/Pages/Page_0/Content.xml': new TextEncoder().encode(
        content.replace('水产品批发、零售', '水产品批发、零食'),
      ),
    });
    const tampered = join(dir, 'tampered.ofd');
    writeFileSync(tampered, changed);
    await page.getByLabel('OFD 电子证照文件').setInputFiles(tampered);
    await page.getByRole('heading', { level: 2, name: /核验未通过/ }).waitFor();
    expect(await page.locator('ul.checks').first().textContent()).toContain(
      '✗ 文件摘要（SM3，防篡改）：未通过',
    );
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'ofd-03-verify-tampered');

    const revoked = await api.request('POST', `/licences/${id}/status`, {
      as: { sub: 'admin-scjgj', role: 'admin', name: '证照管理员', department: 'scjgj' },
      body: { status: 'revoked', reason: '以欺骗手段取得许可' },
    });
    expect(revoked.status).toBe(200);
    await page.getByLabel('OFD 电子证照文件').setInputFiles(file);
    await page.getByText(/Revoked in the status list/).waitFor();
    const after = (await page.locator('ul.checks').first().textContent()) ?? '';
    expect(after).toContain('✓ 文件摘要');
    expect(after).toContain('✗ 证照状态（未注销、未暂停）：未通过');
    await screenshot(page, 'ofd-04-verify-revoked');
    await context.close();
  });
});
