// A portal test file's setting: the portal built once, a seeded local cloud serving it, and a headless
// Chromium (tests/support/browser.ts) for the file's tests.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { buildPortal } from '../../infra/local/portal.ts';
import { seedJurisdiction } from '../../infra/local/seed.ts';
import { launchChromium } from './browser.ts';
import { useLocalCloud } from './local-cloud.ts';

export const usePortal = async (jurisdictionId: string) => {
  const portalDir = await buildPortal(mkdtempSync(join(tmpdir(), 'tongban-portal-')));
  const api = useLocalCloud(
    jurisdictionId,
    async (cloud) => void (await seedJurisdiction(cloud.jurisdiction)),
    {
      portalDir,
    },
  );
  const held: { browser?: Browser } = {};
  beforeAll(async () => {
    held.browser = await launchChromium();
  });
  afterAll(async () => {
    await held.browser?.close();
  });
  /**
   * A desktop page with `who` signed in at `path` through the province's login. Tokens live in the page's
   * memory only, so a test moves on by links, as staff do, never by reloading.
   */
  const signedIn = async (who: string, path: string) => {
    const context = await held.browser!.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${api.url}${path}`);
    await page.getByRole('main').getByRole('button', { name: '登录' }).click();
    await page.locator(`a[data-user="${who}"]`).click();
    await page.waitForURL(`${api.url}${path}`);
    return { context, page };
  };
  return { api, browser: () => held.browser!, signedIn };
};
