/**
 * The interactive API reference (/api/docs) in headless Chromium (Debian's, driven by
 * playwright-core): Swagger UI from the server's own files (no network beyond the server), under the
 * server's Content-Security-Policy, loads the OpenAPI document with no error: its Chinese title, every
 * module's section, and a query's parameters with their Chinese descriptions.
 */
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startHarness, type Harness } from '../test/harness';

let h: Harness;
let browser: Browser;

beforeAll(async () => {
  h = await startHarness('api-docs', { demo: false });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await h?.close();
});

it('renders the OpenAPI document from the server’s own files, with no CSP violation and nothing fetched elsewhere', async () => {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const problems: string[] = [];
  const elsewhere: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('request', (r) => {
    if (!r.url().startsWith(h.url) && !r.url().startsWith('data:')) elsewhere.push(r.url());
  });
  await page.goto(`${h.url}/api/docs`);
  expect(await page.title()).toMatch(/县志.*接口文档/);
  await page.waitForSelector('.opblock-tag', { timeout: 60_000 });
  expect(await page.locator('.info .title').innerText()).toMatch(/县志 Xianzhi REST API/);
  // a section per module, the plugins' among them, titled in Chinese
  // every module's section is in Swagger UI's model, with no error (it renders them as they scroll into view)
  const model = await page.evaluate(() => {
    const ui = (
      globalThis as unknown as {
        ui: {
          errSelectors: { allErrors(): { toJS(): unknown[] } };
          specSelectors: { taggedOperations(): { keySeq(): { toJS(): string[] } } };
        };
      }
    ).ui;
    return {
      errors: ui.errSelectors.allErrors().toJS(),
      tags: ui.specSelectors.taggedOperations().keySeq().toJS(),
    };
  });
  expect(model.errors).toEqual([]);
  expect(model.tags).toEqual(
    expect.arrayContaining([
      'divisions',
      'personnel',
      'education',
      'health',
      'enforcement',
      'talent',
      'assets',
      'events',
    ]),
  );
  expect(await page.locator('.opblock-tag').first().innerText()).toMatch(/行政区划/);
  // open divisions.list: its parameters carry the schemas' Chinese descriptions
  await page.locator('#operations-divisions-divisions_list .opblock-summary').scrollIntoViewIfNeeded();
  await page.locator('#operations-divisions-divisions_list .opblock-summary').click();
  await page.waitForSelector('#operations-divisions-divisions_list .parameters', { timeout: 30_000 });
  const params = await page.locator('#operations-divisions-divisions_list .parameters').innerText();
  expect(params).toContain('asOf');
  expect(params).toMatch(/哪一天/);
  expect(problems).toEqual([]);
  expect(elsewhere).toEqual([]);
}, 120_000);
