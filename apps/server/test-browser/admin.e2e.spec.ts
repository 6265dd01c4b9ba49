/**
 * The admin UI's journey in headless Chromium (Debian's, driven by playwright-core): the real server
 * in-process on a free port with a fresh demo county (every module and plugin, bulk history scaled
 * down: `scale: 'small'`), the built UI at /. Sign in; the county today and on 2019-06-01; a merged
 * township's history and lineage; a refused merge (error next to the field, nothing written); a
 * valid merge seen live in another tab; retracting it from the event log and seeing it as known
 * before and after; tokens; the cadres (roster as of two dates, a refused appointment next to its
 * field, statistics and charts); the services (points, statistics by level and month); institutions
 * and reform plans; the grassroots page (zones, party organisations, power lists, cadre pay and
 * training) and each reform module's own page, with a refused zone decision and commands recorded
 * through their forms (a township out of its zone and back, a course and its attendance); every plugin's first page with its table (and the assets handovers); English.
 *
 * Screenshots of each page go to artifacts/screenshots/ (git-ignored).
 */
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken } from '@xianzhi/api';
import { runDemo } from '@xianzhi/core/demo';
import { countyDate } from '@xianzhi/kernel';
import { openPlatform, type Platform } from '../src/platform';
import { enabledPlugins } from '../src/modules';
import { startServer, type Server } from '../src/serve';

const CHROMIUM = '/usr/bin/chromium';
const here = fileURLToPath(new URL('.', import.meta.url));
const adminDir = resolve(here, '../../admin');
const dist = join(adminDir, 'dist');
const shots = resolve(here, '../../../artifacts/screenshots');
const COUNTY = '510799';
const REFORM_DOC = '川府民政〔2019〕27号';

interface Township {
  id: string;
  code: string;
  name: string;
  classification?: string;
  children: Township[];
}

/** The newest modification time under `path` (files and folders). */
function newest(path: string): number {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(s.mtimeMs, ...readdirSync(path).map((f) => newest(join(path, f))));
}

/** Builds the UI when dist is missing or older than its sources (its own, the admin kit's, and the plugins' pages). */
function ensureBuilt(): void {
  const index = join(dist, 'index.html');
  const sources = [
    ...['src', 'index.html', 'vite.config.ts', 'package.json'].map((f) => join(adminDir, f)),
    resolve(adminDir, '../../packages/admin-kit/src'),
    resolve(adminDir, '../../plugins'),
  ].filter((f) => existsSync(f));
  if (existsSync(index) && statSync(index).mtimeMs >= Math.max(...sources.map(newest))) return;
  // vitest sets NODE_ENV=test, which would give a development build of React.
  execFileSync('npm', ['run', 'build'], {
    cwd: adminDir,
    stdio: 'pipe',
    env: { ...process.env, NODE_ENV: 'production' },
  });
}

let dir: string;
let platform: Platform;
let server: Server;
let token: string;
let context: BrowserContext;
let page: Page;
let shot = 0;

async function screenshot(name: string, p: Page = page): Promise<void> {
  shot += 1;
  await p.screenshot({ path: join(shots, `${String(shot).padStart(2, '0')}-${name}.png`), fullPage: true });
}

/** Calls a query procedure over HTTP with the admin token. */
async function api<T>(path: string, input?: unknown): Promise<T> {
  const qs = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`;
  const res = await fetch(`${server.url}/trpc/${path}${qs}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const body = (await res.json()) as { result?: { data: T }; error?: unknown };
  if (!body.result) throw new Error(`${path} failed: ${JSON.stringify(body.error)}`);
  return body.result.data;
}

const head = async () => (await api<{ head: number }>('system.health')).head;
const townships = async (asOf?: string) =>
  (await api<Township[]>('divisions.tree', { rootId: COUNTY, depth: 1, ...(asOf ? { asOf } : {}) }))[0]!
    .children;
const text = (p: Page, testId: string) => p.getByTestId(testId).first().textContent();
/**
 * The texts of the page's error areas (role="alert"), after waiting for one; fails on any sentence
 * in them with a word in Latin letters and no Chinese character, or with two Latin words in a row
 * (an English message on a Chinese screen, even one quoting a Chinese example). Numbers, dates and
 * single codes are allowed.
 */
async function chineseErrorsOnly(p: Page): Promise<string[]> {
  await p.locator('[role="alert"]').first().waitFor();
  const texts = await p.locator('[role="alert"]').allTextContents();
  const english = texts
    .flatMap((t) => t.split(/[。；;！？!?\n]|\.\s/))
    .map((t) => t.trim())
    .filter(
      (t) => (/[A-Za-z]{2,}/.test(t) && !/[\u4e00-\u9fff]/.test(t)) || /[A-Za-z]{2,}\s+[A-Za-z]{2,}/.test(t),
    );
  expect(english, texts.join(' | ')).toEqual([]);
  return texts;
}

/** Clicks a navigation entry by the start of its name (an entry may carry a tag such as 暂未开放). */
const nav = (p: Page, name: string) =>
  p
    .getByRole('navigation')
    .getByRole('link', { name: new RegExp(`^${name}`) })
    .first()
    .click();

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `Chromium not found at ${CHROMIUM} — .ci/run installs it with apt-get install -y chromium`,
    );
  ensureBuilt();
  mkdirSync(shots, { recursive: true });
  for (const f of readdirSync(shots)) if (/^\d\d-.*\.png$/.test(f)) rmSync(join(shots, f));
  dir = mkdtempSync(join(tmpdir(), 'xianzhi-admin-e2e-'));
  // The plugins `xianzhi serve` enables by default: their pages are part of the journey once bundled.
  platform = await openPlatform({
    eventStore: join(dir, 'xianzhi.db'),
    cachePath: join(dir, 'projections.db'),
    plugins: enabledPlugins(),
  });
  // Every module's and plugin's story, with bulk history scaled down (3,000 service requests).
  await runDemo(
    { store: platform.store, runtime: platform.runtime },
    { seed: 2019, modules: platform.modules, scale: 'small' },
  );
  token = (
    await issueToken(
      { store: platform.store, runtime: platform.runtime, knownScopes: platform.scopes },
      { name: 'admin', scopes: ['admin'] },
      'e2e',
    )
  ).token;
  server = await startServer({ platform, adminDist: dist, port: 0, host: '127.0.0.1' });
  context = await chromium.launchPersistentContext(join(dir, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1440, height: 900 },
    locale: 'zh-CN',
  });
  context.setDefaultTimeout(15_000);
  page = context.pages()[0] ?? (await context.newPage());
}, 300_000);

afterAll(async () => {
  await context?.close();
  await server?.close();
  await platform?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the admin UI, in Chromium', { timeout: 60_000 }, () => {
  it('signs in with the admin token', async () => {
    await page.goto(server.url);
    await page.getByLabel('访问令牌').fill(token);
    await screenshot('sign-in');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByText('当前用户：admin').waitFor();
    expect(await page.evaluate("localStorage.getItem('xianzhi.token')")).toBe(token);
  });

  it('measures the first load: bytes over the wire (HTML, JS, CSS) and the time to the first chart', async () => {
    // A figure for the report (artifacts/first-load.json), not a speed assertion: the cache is
    // bypassed so every asset crosses the wire as a first visitor's would.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    const types = new Map<string, string>();
    const bytes = new Map<string, number>();
    cdp.on('Network.responseReceived', (e) => types.set(e.requestId, e.type));
    cdp.on('Network.loadingFinished', (e) => bytes.set(e.requestId, e.encodedDataLength));
    const started = Date.now();
    await page.goto(server.url);
    await page.locator('.recharts-surface').first().waitFor();
    const firstChartMs = Date.now() - started;
    const byType: Record<string, number> = {};
    for (const [id, type] of types) byType[type] = (byType[type] ?? 0) + (bytes.get(id) ?? 0);
    const assets = (byType.Document ?? 0) + (byType.Script ?? 0) + (byType.Stylesheet ?? 0);
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: false });
    await cdp.detach();
    mkdirSync(resolve(shots, '..'), { recursive: true });
    writeFileSync(
      resolve(shots, '../first-load.json'),
      `${JSON.stringify({ assetsBytes: assets, byType, firstChartMs }, null, 2)}\n`,
    );
    expect(assets).toBeGreaterThan(0);
  });

  it('shows 13 townships today and 33 on 2019-06-01, with a banner and a shareable URL', async () => {
    await expect.poll(() => text(page, 'count-township-value')).toBe('13');
    expect(await page.getByTestId('time-banner').count()).toBe(0);
    await page.getByTestId('statistics-table').waitFor();
    await page.locator('.recharts-surface').first().waitFor();
    await screenshot('overview-today');

    await page.getByTestId('asof-date').fill('2019-06-01');
    await expect.poll(() => new URL(page.url()).searchParams.get('asOf')).toBe('2019-06-01');
    await expect.poll(() => text(page, 'count-township-value')).toBe('33');
    expect(await text(page, 'time-banner')).toContain('2019年6月1日');
    await screenshot('overview-2019-06-01');

    // The year slider keeps the month and day: its first year is the county's founding, 1992.
    await page.getByTestId('asof-year').focus();
    await page.keyboard.press('Home');
    await expect.poll(() => new URL(page.url()).searchParams.get('asOf')).toBe('1992-06-01');
    await expect.poll(() => text(page, 'count-township-value')).toBe('0');
    await page.getByTestId('asof-year').press('End');
    await expect
      .poll(() => new URL(page.url()).searchParams.get('asOf'))
      .toBe(`${Number(countyDate(Date.now()).slice(0, 4)) + 1}-06-01`);
    await expect.poll(() => text(page, 'time-banner')).toContain('待生效');
    await page.getByTestId('asof-date').fill('2019-06-01');
    await expect.poll(() => text(page, 'count-township-value')).toBe('33');
  });

  it('opens a merged township: its history and the merge in its lineage graph with the document', async () => {
    const before = await townships('2019-06-01');
    const now = new Set((await townships()).map((t) => t.id));
    const merged = before.find((t) => !now.has(t.id))!;
    const target = (await api<{ ended: { successorIds: string[] } }>('divisions.get', { id: merged.id }))
      .ended.successorIds[0]!;

    await nav(page, '行政区划');
    await expect.poll(() => new URL(page.url()).searchParams.get('asOf')).toBe('2019-06-01');
    await page.getByTestId('division-search').fill(merged.name);
    await page.getByTestId('search-results').getByRole('link', { name: merged.name }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/divisions/${merged.id}`);
    expect(await text(page, 'division-status')).toContain('存续');

    // Back to the present: the same township, now merged.
    await page.getByTestId('time-reset').click();
    await expect.poll(() => text(page, 'division-status')).toContain('并入');
    const history = page.getByTestId('history-table');
    await history.getByText('合并').first().waitFor();
    expect(await history.textContent()).toContain(REFORM_DOC);
    const graph = page.getByTestId('lineage-graph');
    await graph.getByTestId('lineage-edge-label').filter({ hasText: REFORM_DOC }).first().waitFor();
    await graph.getByTestId(`lineage-node-${merged.id}`).waitFor();
    await screenshot('division-history-lineage');

    // Clicking a node opens that division.
    await graph.getByTestId(`lineage-node-${target}`).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/divisions/${target}`);
    expect(await text(page, 'division-status')).toContain('存续');
  });

  it('refuses a merge effective before the county existed: the error next to the field, nothing written', async () => {
    const list = await townships();
    const into = list.find((t) => t.classification === 'main-urban-town')!;
    const source = list.find((t) => t.classification === 'border-town')!;
    const headBefore = await head();

    await nav(page, '录入调整');
    // Every kind of adjustment has its form.
    for (const op of [
      'split',
      'abolish',
      'rename',
      'change-kind',
      'reclassify',
      'transfer',
      'move-seat',
      'boundary',
      'establish',
    ]) {
      await page.locator(`[data-op="${op}"]`).click();
      await page.locator(`[data-testid="record-form"][data-op="${op}"]`).waitFor();
      await page.getByRole('button', { name: '换一种调整' }).click();
    }
    await page.locator('[data-op="merge"]').click();
    const form = page.getByTestId('record-form');
    // An empty form: every message in Chinese.
    await page.getByTestId('preview-button').click();
    await chineseErrorsOnly(page);
    await form.getByLabel('文号', { exact: true }).fill('青府民政〔2026〕9号');
    await form.getByLabel('发文机关', { exact: true }).fill('青溪县人民政府');
    await form.getByLabel('生效日期', { exact: true }).fill('1990-01-01');
    await form.getByLabel('被合并的区划 1').fill(source.code);
    await form.getByLabel('并入', { exact: true }).fill(into.code);
    await page.getByTestId('preview-button').click();

    const error = form.locator('[data-field="changes.0.into"]').getByTestId('error-changes.0.into');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/于1992年8月1日.*才设立/);
    expect(await head()).toBe(headBefore);
    await screenshot('record-merge-refused');

    // A valid merge, effective today; another tab shows the tree change live.
    const other = await context.newPage();
    await other.goto(`${server.url}/divisions`);
    const rows = other.locator('li[data-level="township"]');
    await expect.poll(() => rows.count()).toBe(13);
    await rows.first().getByRole('button', { name: '展开' }).click();
    await expect.poll(() => other.locator('li[data-level="village"]').count()).toBeGreaterThan(0);

    await form.getByLabel('生效日期', { exact: true }).fill(countyDate(Date.now()));
    await page.getByTestId('preview-button').click();
    await expect.poll(() => text(page, 'preview-after-township')).toBe('12');
    await screenshot('record-merge-preview');
    await page.getByTestId('submit-button').click();
    await page.getByTestId('record-done').waitFor();
    expect(await head()).toBe(headBefore + 1);

    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(12);
    expect(await other.getByTestId('live-status').getAttribute('class')).toContain('live-live');
    await screenshot('tree-updated-live', other);
    await other.close();
  });

  it('finds the merge in the event log, retracts it, and shows it as known before the retraction', async () => {
    await nav(page, '事件日志');
    await page.getByTestId('filter-type').fill('divisions.merged');
    await page.getByTestId('filter-apply').click();
    const first = page.getByTestId('event-table').locator('tbody tr').first();
    await expect.poll(() => first.textContent()).toContain('青府民政〔2026〕9号');
    await first.click();
    await page.getByTestId('event-envelope').waitFor();
    expect(await text(page, 'event-envelope')).toContain('"divisions.merged"');
    await page.getByTestId('retract-open').click();
    const retract = page.getByTestId('retract-form');
    await retract.getByLabel('撤回原因').fill('录入错误：并非本次批复的调整');
    await retract.getByLabel('文号', { exact: true }).fill('青府民政〔2026〕10号');
    await retract.getByLabel('发文机关', { exact: true }).fill('青溪县人民政府');
    await page.getByTestId('retract-submit').click();
    await expect.poll(() => text(page, 'event-status')).toContain('撤回');
    await screenshot('event-log-retracted');

    // As known when the merge was recorded (before the retraction), it shows…
    await page.getByTestId('known-at-recording').click();
    await expect.poll(() => new URL(page.url()).searchParams.get('knownAt')).not.toBeNull();
    await nav(page, '概览');
    await expect.poll(() => text(page, 'count-township-value')).toBe('12');
    expect(await text(page, 'time-banner')).toContain('之前录入的事件');
    await screenshot('overview-known-before-retraction');

    // …as known now, it is gone.
    await page.getByTestId('time-reset').click();
    await expect.poll(() => text(page, 'count-township-value')).toBe('13');
    expect(await page.getByTestId('time-banner').count()).toBe(0);
  });

  it('records a document of several changes imported from a JSON file: codes given and generated, the full name on the division page', async () => {
    const township = (await townships())[0]!;
    const today = countyDate(Date.now());
    const reform = {
      countyCode: COUNTY,
      authority: { documentNo: '青府民政〔2026〕12号', issuedBy: '青溪县人民政府', approvedOn: today },
      effectiveAt: today,
      changes: [
        {
          op: 'establish',
          kind: 'village',
          name: '浏览器村',
          fullName: '浏览器村村民委员会',
          parent: township.code,
        },
        {
          op: 'establish',
          kind: 'village',
          name: '代码村',
          parent: township.code,
          code: `${township.code}390`,
        },
      ],
    };
    const headBefore = await head();
    await nav(page, '录入调整');
    await page.getByTestId('changes-file').setInputFiles({
      name: 'reform.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(reform)),
    });
    await expect.poll(() => page.getByTestId('record-changes').locator('tbody tr').count()).toBe(2);
    expect(await page.getByLabel('文号', { exact: true }).inputValue()).toBe('青府民政〔2026〕12号');
    await page.getByTestId('preview-button').click();
    const codes = page.getByTestId('assigned-codes');
    await codes.waitFor();
    expect(await codes.locator('tr[data-code-source="given"]').count()).toBe(1);
    expect(await codes.locator('tr[data-code-source="generated"]').count()).toBe(1);
    expect(await head()).toBe(headBefore);
    await screenshot('record-imported-preview');
    await page.getByTestId('submit-button').click();
    await page.getByTestId('record-done').waitFor();
    expect(await head()).toBe(headBefore + 2);

    const [village] = await api<{ id: string }[]>('divisions.search', { q: '浏览器村' });
    await page.goto(`${server.url}/divisions/${village!.id}`);
    await expect.poll(() => text(page, 'division-full-name')).toBe('浏览器村村民委员会');
    await screenshot('division-full-name');
  });

  it('issues a token (the secret shown once), lists and revokes it', async () => {
    await nav(page, '访问令牌');
    // An empty form: the server's refusal, field by field, in Chinese only.
    await page.getByRole('button', { name: '签发' }).click();
    await page.getByTestId('error-name').waitFor();
    expect(await text(page, 'error-name')).toBe('必填');
    expect(await text(page, 'error-scopes')).toBe('至少选择一项');
    await chineseErrorsOnly(page);
    await page.getByLabel('名称', { exact: true }).fill('教育局');
    await page.getByLabel('divisions:read').check();
    await page.getByRole('button', { name: '签发' }).click();
    expect(await text(page, 'token-secret')).toMatch(/xz_[a-z0-9]{12}_/);
    const row = page.getByTestId('token-table').locator('tr', { hasText: '教育局' });
    await row.waitFor();
    await screenshot('access');
    page.once('dialog', (d) => void d.accept());
    await row.getByRole('button', { name: '吊销' }).click();
    await expect.poll(() => row.textContent()).toContain('吊销');
  });

  it('shows the cadres: the roster as of two dates, a refused appointment, statistics and charts', async () => {
    // A township that survived the reform and whose party secretary changed with it.
    const secretary = async (id: string, asOf?: string) =>
      (
        await api<{ posts: { postId: string; holders: { name: string }[] }[] }[]>('personnel.roster', {
          divisionIds: [id],
          ...(asOf ? { asOf } : {}),
        })
      )[0]?.posts.find((p) => p.postId === `${id}:township-party-committee:party-secretary`);
    const before = new Set((await townships('2019-06-01')).map((t) => t.id));
    let chosen: { id: string; post: string; now: string; then: string } | undefined;
    for (const t of await townships()) {
      if (!before.has(t.id)) continue;
      const [now, then] = [await secretary(t.id), await secretary(t.id, '2019-06-01')];
      const [a, b] = [now?.holders[0]?.name, then?.holders[0]?.name];
      if (now && a && b && a !== b) {
        chosen = { id: t.id, post: now.postId, now: a, then: b };
        break;
      }
    }
    expect(chosen).toBeDefined();
    const { id, post, now, then } = chosen!;

    await nav(page, '干部队伍');
    await page.getByTestId('roster-township-select').selectOption(id);
    const holder = page
      .getByTestId('roster-township')
      .locator(`tr[data-post="${post}"]`)
      .getByTestId('roster-holder');
    await expect.poll(() => holder.first().textContent()).toBe(now);
    await screenshot('personnel-roster-today');
    await page.getByTestId('asof-date').fill('2019-06-01');
    await expect.poll(() => holder.first().textContent()).toBe(then);
    await screenshot('personnel-roster-2019-06-01');
    await page.getByTestId('time-reset').click();
    await expect.poll(() => holder.first().textContent()).toBe(now);

    // Appointing someone else to the occupied secretary post: refused next to the post, nothing written.
    const someone = (await api<{ id: string; name: string }[]>('personnel.search', { q: then })).find(
      (p) => p.name === then,
    );
    const headBefore = await head();
    const form = page.getByTestId('personnel-form');
    await page.getByTestId('personnel-op-appoint').click();
    await form.getByLabel('文号', { exact: true }).fill('青委〔2026〕1号');
    await form.getByLabel('发文机关', { exact: true }).fill('中共青溪县委');
    await form.getByTestId('person-input').fill(someone!.id);
    await form.getByTestId('person-resolved').waitFor();
    await form.getByTestId('post-select').selectOption(post);
    await page.getByTestId('personnel-submit').click();
    const error = form.locator('[data-field="postId"]').getByTestId('error-postId');
    await error.waitFor();
    expect(await error.textContent()).toContain(now);
    expect(await head()).toBe(headBefore);
    await screenshot('personnel-appointment-refused');

    // Statistics by group with charts, and before/after the township reform.
    const stats = page.getByTestId('cadre-statistics-table');
    await stats.waitFor();
    expect(Number(await text(page, 'average-age-township-leaders'))).toBeGreaterThan(30);
    await page.getByTestId('cadre-charts').locator('.recharts-surface').first().waitFor();
    await page.getByTestId('dual-role-summary').waitFor();
    await page.getByTestId('cadre-compare-table').locator('tr[data-metric="averageAge"]').waitFor();
    await page.getByTestId('compare-chart').locator('.recharts-surface').first().waitFor();
    await screenshot('personnel-statistics');
  });

  it('shows the services: points by level, statistics by level and by month, open requests', async () => {
    await nav(page, '便民服务');
    await expect.poll(() => text(page, 'point-count-township-centre-value')).toBe('13');
    const table = page.getByTestId('services-statistics-table');
    await table.locator('tr[data-level="village-room"]').waitFor();
    expect(await table.locator('tr[data-level="total"]').textContent()).toMatch(/3,000|3000/);
    await page.getByTestId('services-chart').locator('.recharts-surface').first().waitFor();
    await screenshot('services-statistics');

    // At the end of a weekday in 2022 some requests were still being handled: open the point of the
    // oldest one and see it among the point's open requests.
    const on = '2022-06-15';
    const open = await api<{ total: number; requests: { requestId: string; pointId: string }[] }>(
      'services.openRequests',
      { asOf: on, limit: 1 },
    );
    expect(open.total).toBeGreaterThan(0);
    const { requestId, pointId } = open.requests[0]!;
    const point = await api<{ level: string }>('services.point', { pointId, asOf: on });
    await page.getByTestId('asof-date').fill(on);
    await page.getByTestId('points-level').selectOption(point.level);
    await page.getByTestId('points-table').locator(`tr[data-point="${pointId}"]`).click();
    const requests = page.getByTestId('open-requests');
    await requests.getByTestId('open-request').filter({ hasText: requestId }).waitFor();
    await screenshot('services-open-requests');
    await page.getByTestId('time-reset').click();
  });

  it('shows institutions (county totals, per township) and the reform plan with its five steps', async () => {
    await nav(page, '机构编制');
    await expect.poll(() => text(page, 'total-stations-value')).toBe('67');
    expect(await text(page, 'total-quotas-value')).toBe('354');
    await expect.poll(() => page.getByTestId('institutions-table').locator('tbody tr').count()).toBe(13);
    await page.getByTestId('institutions-table').locator('tbody tr').first().click();
    await page.getByTestId('institutions-detail').locator('tbody tr').first().waitFor();
    await screenshot('institutions');

    await nav(page, '改革方案');
    const plan = page.getByTestId('reform-plan').first();
    await plan.waitFor();
    expect(await plan.locator('[data-step].done').count()).toBe(5);
    expect(await plan.getByTestId('reform-links').textContent()).toContain(REFORM_DOC);
    await screenshot('reform');
  });

  it('previews the reform report in the chronicle page and downloads it as a DOCX that opens', async () => {
    await nav(page, '县志');
    const preview = page.getByTestId('chronicle-preview');
    await expect.poll(() => preview.textContent(), { timeout: 30_000 }).toMatch(/乡镇由33个减少为\d+个/);
    expect(await preview.locator('h1').textContent()).toBe('青溪县乡镇行政区划和村级建制调整改革情况报告');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('chronicle-docx').click(),
    ]);
    expect(download.suggestedFilename()).toBe('青溪县乡镇行政区划和村级建制调整改革情况报告.docx');
    const file = join(dir, 'report.docx');
    await download.saveAs(file);
    const xml = await (await JSZip.loadAsync(readFileSync(file))).file('word/document.xml')!.async('string');
    expect(xml).toContain('青溪县乡镇行政区划和村级建制调整改革情况报告');
    expect(xml).toMatch(/乡镇由33个减少为\d+个/);
    await screenshot('chronicle');
  });

  it('shows the grassroots page: zones, party organisations and power lists per township, cadre pay against the target and training', async () => {
    await nav(page, '基层治理');
    await expect.poll(() => new URL(page.url()).pathname).toBe('/grassroots');
    await page.goto(`${server.url}/grassroots?asOf=2021-07-05`);
    await expect.poll(() => page.getByTestId('grassroots-zones').locator('tbody tr').count()).toBe(5);
    await expect.poll(() => page.getByTestId('grassroots-party').locator('tbody tr').count()).toBe(13);
    await expect.poll(() => page.getByTestId('grassroots-powers').locator('tbody tr').count()).toBe(13);
    // June's payroll is recorded on 2021-07-05: every secretary paid, three below the 3,500 元 target
    await expect
      .poll(async () =>
        /^2021-06：村党组织书记 (\d+) 人，已发放 (\d+) 人，达到 3,500.00 元目标 (\d+) 人/
          .exec((await text(page, 'grassroots-pay')) ?? '')
          ?.slice(1)
          .map(Number),
      )
      .toSatisfy((n?: number[]) => n !== undefined && n[0]! > 0 && n[1] === n[0] && n[2] === n[0]! - 3);
    await page.goto(`${server.url}/grassroots?asOf=2021-12-31`);
    await expect.poll(() => page.getByTestId('grassroots-training').locator('tbody tr').count()).toBe(13);
    await screenshot('grassroots');
    await page.getByTestId('time-reset').click();
  });

  it('opens each reform page and records through its forms: a township out of its zone and back, a course and its attendance, seen without a reload; a refused join in Chinese next to its field', async () => {
    interface ZoneRow {
      zoneId: string;
      name: string;
      townships: { townshipId: string; name: string }[];
    }
    await page.goto(`${server.url}/grassroots`);
    await page.getByTestId('grassroots-open-zones').click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/grassroots/zones');
    await expect.poll(() => page.getByTestId('zones-table').locator('tbody tr').count()).toBe(5);
    const zone = (await api<ZoneRow[]>('zones.zones', {})).find((z) => z.townships.length > 1)!;
    const member = zone.townships[0]!;
    const row = page
      .getByTestId('zones-townships')
      .locator('tbody tr')
      .filter({ hasText: member.name })
      .first();
    await expect.poll(() => row.textContent()).toContain(zone.name);
    const before = await head();

    // refused: the township is in a zone already — the message in Chinese under the township, nothing written
    await page.getByTestId('zones-op-join').click();
    await page.getByTestId('zones-zone').selectOption(zone.zoneId);
    await page.getByTestId('zones-township').selectOption(member.townshipId);
    await page.getByTestId('zones-form-submit').click();
    await chineseErrorsOnly(page);
    const refusal = page.locator('[data-field="townshipId"]').getByTestId('error-townshipId');
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain(`${member.name}自`);
    expect(await refusal.textContent()).toContain(`已属于${zone.name}`);
    expect(await head()).toBe(before);
    await screenshot('zones-refused');

    // taken out of its zone: the tables follow without a reload
    await page.getByTestId('zones-op-leave').click();
    await page.getByTestId('doc-documentNo').fill('青委发〔2026〕31号');
    await page.getByTestId('doc-issuedBy').fill('中共青溪县委');
    await page.getByTestId('zones-zone').selectOption(zone.zoneId);
    await page.getByTestId('zones-township').selectOption(member.townshipId);
    await page.getByTestId('zones-form-submit').click();
    await page.getByTestId('zones-form-done').waitFor();
    expect(await head()).toBe(before + 1);
    await expect.poll(() => row.textContent()).toContain('未划入');
    // and back in
    await page.getByTestId('zones-form-done').getByRole('button').click();
    await page.getByTestId('zones-op-join').click();
    await page.getByTestId('zones-zone').selectOption(zone.zoneId);
    await page.getByTestId('zones-township').selectOption(member.townshipId);
    await page.getByTestId('zones-role').selectOption('central-town');
    await page.getByTestId('zones-form-submit').click();
    await page.getByTestId('zones-form-done').waitFor();
    await expect.poll(() => row.textContent()).toContain(zone.name);
    expect(await row.textContent()).toContain('中心镇');
    await screenshot('zones');

    // 党组织 and 权力清单: their tables as of the time bar
    await page.goto(`${server.url}/grassroots/party?asOf=2021-07-05`);
    await expect.poll(() => page.getByTestId('party-counts').locator('tbody tr').count()).toBe(13);
    expect(await page.getByTestId('party-tree').locator('tbody tr').count()).toBeGreaterThan(13);
    await page.getByTestId('party-tree').locator('tbody tr').nth(1).click();
    await page.getByTestId('party-op-dissolve').click();
    expect(await page.getByTestId('party-orgId').inputValue()).not.toBe('');
    await screenshot('party');
    await page.goto(`${server.url}/grassroots/powers?asOf=2021-07-05`);
    await expect.poll(() => page.getByTestId('powers-townships-table').locator('tbody tr').count()).toBe(13);
    await page.getByTestId('powers-office').waitFor();
    await screenshot('powers');

    // 村干部报酬与培训: a course, then its attendance, each seen in the courses table without a reload
    await page.goto(`${server.url}/grassroots/cadres?asOf=2021-12-31`);
    await expect.poll(() => page.getByTestId('cadres-pay').locator('tbody tr').count()).toBe(13);
    const title = '乡村振兴专题轮训（E2E）';
    await page.getByTestId('cadres-op-holdCourse').click();
    await page.getByTestId('cadres-title').fill(title);
    await page.getByLabel('主办单位', { exact: true }).fill('中共青溪县委组织部');
    await page.getByTestId('cadres-form-submit').click();
    await page.getByTestId('cadres-form-done').waitFor();
    const course = page.getByTestId('cadres-courses').locator('tbody tr').filter({ hasText: title });
    await expect.poll(() => course.count()).toBe(1);
    await page.getByTestId('cadres-form-done').getByRole('button').click();
    await page.getByTestId('cadres-op-attendance').click();
    await page.getByTestId('cadres-course').selectOption({ label: `${title}（2021-12-31）` });
    const people = page.getByTestId('cadres-people').locator('option');
    await expect.poll(() => people.count()).toBeGreaterThan(0);
    await page.getByTestId('cadres-people').selectOption({ index: 0 });
    await page.getByTestId('cadres-form-submit').click();
    await page.getByTestId('cadres-form-done').waitFor();
    await expect.poll(async () => (await course.locator('td').allTextContents()).at(-2)).toBe('1');
    await screenshot('cadres');
    await page.getByTestId('time-reset').click();
  });

  it('a token limited to a township sees its own township on the reform pages, and the county’s forms give way to a note', async () => {
    const township = (await townships())[0]!;
    const limited = (
      await issueToken(
        { store: platform.store, runtime: platform.runtime, knownScopes: platform.scopes },
        {
          name: `${township.name}组织委员`,
          scopes: ['zones:read', 'party:write', 'powers:read', 'cadres:write'],
          subtree: township.id,
        },
        'e2e',
      )
    ).token;
    const rows = (testId: string) => page.getByTestId(testId).locator('tbody tr').count();
    await page.evaluate(`localStorage.setItem('xianzhi.token', ${JSON.stringify(limited)})`);
    try {
      await page.goto(`${server.url}/grassroots/zones`);
      await expect.poll(() => rows('zones-townships')).toBe(1);
      expect(await page.getByTestId('zones-townships').textContent()).toContain(township.name);
      expect(await rows('zones-table')).toBe(1);
      expect(await page.getByTestId('zones-form').count()).toBe(0);
      await page.goto(`${server.url}/grassroots/party?asOf=2021-07-05`);
      await expect.poll(() => rows('party-counts')).toBe(1);
      await page.getByTestId('party-form').waitFor(); // party decisions for its own organisations
      await page.goto(`${server.url}/grassroots/powers?asOf=2021-07-05`);
      await expect.poll(() => rows('powers-townships-table')).toBe(1);
      expect(await page.getByTestId('powers-form').count()).toBe(0);
      await page.goto(`${server.url}/grassroots/cadres?asOf=2021-12-31`);
      await expect.poll(() => rows('cadres-training')).toBe(1);
      expect(await page.getByTestId('cadres-form').count()).toBe(0);
      expect(await page.locator('.page-error').count()).toBe(0);
    } finally {
      await page.evaluate(`localStorage.setItem('xianzhi.token', ${JSON.stringify(token)})`);
      await page.goto(server.url);
      await page.getByText('当前用户：admin').waitFor();
    }
  });

  it('lists every plugin in the navigation and opens its first page with its table', async () => {
    const plugins = (
      await api<{ kind: string; name: string; title: { zh: string } }[]>('system.modules')
    ).filter((m) => m.kind === 'plugin');
    if (plugins.length === 0) {
      expect(await text(page, 'nav-plugins-empty')).toBe('暂无已注册的插件');
      await nav(page, '全部插件');
      await page.getByTestId('plugins-empty').waitFor();
      await screenshot('plugins');
      return;
    }
    expect(plugins.map((p) => p.name).sort()).toEqual([
      'assets',
      'education',
      'enforcement',
      'health',
      'talent',
    ]);
    for (const plugin of plugins) {
      await page.getByTestId('nav-plugins').getByRole('link', { name: plugin.title.zh, exact: true }).click();
      await expect.poll(() => new URL(page.url()).pathname).toBe(`/plugins/${plugin.name}`);
      const body = page.getByTestId('plugin-page');
      await body.locator('table tbody tr').first().waitFor();
      await screenshot(`plugin-${plugin.name}`);
    }
    // the collective assets handovers: the merged villages, some still open
    await page.goto(`${server.url}/plugins/assets/handovers`);
    await page.getByTestId('plugin-page').locator('table tbody tr').first().waitFor();
    expect(await page.getByTestId('plugin-page').textContent()).toMatch(/未完成移交 [1-9]\d* 个/);
    await screenshot('plugin-assets-handovers');
  });

  it('switches to English, remembered across a reload, with ISO-like dates', async () => {
    await page.getByTestId('lang-switch').click();
    await page.getByRole('navigation').getByRole('link', { name: 'Overview', exact: true }).waitFor();
    await page.goto(`${server.url}/?asOf=2019-06-01`);
    await page.getByRole('navigation').getByRole('link', { name: 'Overview', exact: true }).waitFor();
    await expect.poll(() => text(page, 'count-township-value')).toBe('33');
    expect(await text(page, 'time-banner')).toContain('as of 2019-06-01');
    await page.locator('.recharts-surface').first().waitFor();
    expect(await page.evaluate('document.documentElement.lang')).toBe('en');
    expect(await page.evaluate("localStorage.getItem('xianzhi.lang')")).toBe('en');
    await screenshot('overview-english');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(await page.evaluate("localStorage.getItem('xianzhi.token')")).toBeNull();
  });
});
