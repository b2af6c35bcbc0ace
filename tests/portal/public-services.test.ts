// What anyone can do in the portal without signing in, in headless Chromium against the local cloud: follow
// a case by its number and query code (with field-level errors for bad input), and verify an e-licence by
// pasting its QR text or uploading a picture of the QR code, seeing each check. axe-core finds no serious or
// critical violation; each step is photographed into tests/screenshots/.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { launchChromium, screenshot, seriousViolations } from '../support/browser.ts';
import { usePortal } from '../support/portal.ts';
import { applyForHousing, issuedLicence } from '../support/review.ts';

const { api, browser } = await usePortal('dinghai');

const page = async (path: string): Promise<Page> => {
  const context = await browser().newContext({ viewport: { width: 390, height: 844 } });
  const p = await context.newPage();
  await p.goto(`${api.url}${path}`);
  return p;
};

const accessible = async (p: Page) => expect(await seriousViolations(p)).toEqual([]);

describe('public services of the portal', () => {
  it('follows a case by its number and query code, and says what is wrong with bad input', async () => {
    const submitted = await applyForHousing(api);
    expect(submitted.status).toBe(201);
    const { caseNumber, queryCode } = submitted.body as { caseNumber: string; queryCode: string };

    const p = await page('/');
    await p.getByRole('link', { name: '进度查询' }).click();
    await p.getByRole('heading', { level: 1, name: '办件进度查询' }).waitFor();
    await p.getByLabel('办件编号').fill('12345');
    await p.getByRole('button', { name: '查询' }).click();
    await p.locator('#caseNumber-error').waitFor();
    expect(await p.getByLabel('办件编号').getAttribute('aria-invalid')).toBe('true');
    expect(await p.locator('#queryCode-error').textContent()).toContain('8 位');
    await accessible(p);
    await screenshot(p, 'portal-11-track-errors');

    await p.getByLabel('办件编号').fill(caseNumber);
    await p.getByLabel('查询码').fill(queryCode === 'AAAAAAAA' ? 'BBBBBBBB' : 'AAAAAAAA');
    await p.getByRole('button', { name: '查询' }).click();
    await p.getByRole('alert').waitFor();
    expect(await p.getByRole('alert').textContent()).toContain('没有找到这个办件');

    await p.getByLabel('查询码').fill(queryCode);
    await p.getByRole('button', { name: '查询' }).click();
    await p.getByRole('heading', { level: 2, name: caseNumber }).waitFor();
    expect(await p.locator('main').textContent()).toContain('已申请，待受理');
    await accessible(p);
    await screenshot(p, 'portal-12-track-found');
    await p.context().close();
  });

  it('verifies a licence from its QR text and from a picture of its QR code, showing each check', async () => {
    const { credential } = await issuedLicence(api);
    const p = await page('/check');
    await p.getByRole('heading', { level: 1, name: '电子证照核验' }).waitFor();
    await p.getByLabel('二维码文字').fill(credential);
    await p.getByRole('button', { name: '核验' }).click();
    await p.getByRole('heading', { level: 2, name: /核验通过/ }).waitFor();
    const checks = await p.locator('ul.checks').textContent();
    for (const name of ['电子印章签名', '发证机关', '证照状态', '有效期'])
      expect(checks).toContain(`✓ ${name}`);
    expect(await p.locator('main').textContent()).toContain('舟山海韵水产有限公司');
    await accessible(p);
    await screenshot(p, 'portal-13-check-valid');

    // A tampered credential fails its signature, said in words as well as by the mark.
    const [h, payload, sig] = credential.split('.') as [string, string, string];
    const tampered = `${h}.${payload}.${sig.slice(0, -4)}${sig.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
    await p.getByLabel('二维码文字').fill(tampered);
    await p.getByRole('button', { name: '核验' }).click();
    await p.getByRole('heading', { level: 2, name: /核验未通过/ }).waitFor();
    expect(await p.locator('ul.checks').textContent()).toContain('✗ 电子印章签名：未通过');
    await screenshot(p, 'portal-14-check-invalid');

    // A picture of the QR code, read in the browser.
    const picture = await QRCode.toBuffer(credential, { errorCorrectionLevel: 'M', margin: 4, scale: 4 });
    await p
      .getByLabel('二维码图片')
      .setInputFiles({ name: 'qr.png', mimeType: 'image/png', buffer: picture });
    await p.getByRole('heading', { level: 2, name: /核验通过/ }).waitFor({ timeout: 20_000 });
    expect(await p.getByLabel('二维码文字').inputValue()).toBe(credential);
    await p.context().close();
  }, 90_000);

  it('scans a licence QR code with the camera where the browser allows it', async () => {
    // The code the holder's wallet shows on screen (the credential itself, or a reference when it is long).
    const { qr } = await issuedLicence(api);
    // Chromium's fake camera plays a video file: here, the QR code held still in front of the lens.
    const video = join(mkdtempSync(join(tmpdir(), 'tongban-camera-')), 'qr.y4m');
    writeFileSync(video, qrVideo(qr));
    const camera = await launchChromium([
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${video}`,
    ]);
    try {
      const context = await camera.newContext({ viewport: { width: 390, height: 844 } });
      await context.grantPermissions(['camera'], { origin: api.url });
      const p = await context.newPage();
      await p.goto(`${api.url}/check`);
      await p.getByRole('button', { name: '用摄像头扫码' }).click();
      await p.getByLabel('摄像头画面').waitFor();
      await accessible(p);
      await p.getByRole('heading', { level: 2, name: /核验通过/ }).waitFor({ timeout: 30_000 });
      expect(await p.getByLabel('二维码文字').inputValue()).toBe(qr);
      // The camera is let go once the code is read.
      expect(await p.getByLabel('摄像头画面').count()).toBe(0);
      await screenshot(p, 'portal-83-check-camera');
    } finally {
      await camera.close();
    }
  }, 90_000);
});

/** Two frames of a YUV4MPEG2 video (640×480, 4:2:0) of the QR code of `text`, black on white, filling the height. */
const qrVideo = (text: string) => {
  const { modules } = QRCode.create([{ data: new TextEncoder().encode(text), mode: 'byte' }], {
    errorCorrectionLevel: 'M',
  });
  const [width, height] = [640, 480];
  const scale = Math.floor(height / (modules.size + 8));
  const left = Math.floor((width - modules.size * scale) / 2);
  const top = Math.floor((height - modules.size * scale) / 2);
  const luma = Buffer.alloc(width * height, 235);
  for (let y = 0; y < modules.size * scale; y++)
    for (let x = 0; x < modules.size * scale; x++)
      if (modules.get(Math.floor(y / scale), Math.floor(x / scale))) luma[(top + y) * width + left + x] = 16;
  const chroma = Buffer.alloc((width * height) / 2, 128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), luma, chroma]);
  return Buffer.concat([
    Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`),
    frame,
    frame,
  ]);
};
