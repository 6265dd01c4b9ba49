/**
 * The registry as the authorities keep it, over real HTTP: a real county (三台县, 510722) imported
 * from the 2019-10-31 national codes into an empty platform (no demo), then its 2019→2020 township
 * and village reform — the codes and names the bureau published for 2020-06-30, more than 1,000
 * changes — previewed in one POST and enacted in one command that answers every id and code it
 * assigned; full names and parent codes through the API and the CSV export; successors of many
 * divisions at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRPCClientError } from '@trpc/client';
import type { EnactAdjustmentInput, TreeNode } from '@xianzhi/core';
import {
  importChinaDivision,
  inferChanges,
  readChinaDivision,
  registryCounty,
  type ChinaDivisionSnapshot,
} from '@xianzhi/core/import';
import { applyEvent, emptyRegistry, registryStream } from '@xianzhi/core/server';
import { startHarness, type Harness } from './harness';

const COUNTY = '510722';

let h: Harness;
let y2020: ChinaDivisionSnapshot;
let reform: EnactAdjustmentInput;

beforeAll(async () => {
  h = await startHarness('registry', { demo: false });
  const context = { store: h.platform.store, runtime: h.platform.runtime };
  await importChinaDivision(context, { code: COUNTY, snapshot: '2019-10-31' });
  y2020 = await readChinaDivision({ code: COUNTY, snapshot: '2020-06-30' });
  const registry = emptyRegistry();
  for (const e of await h.platform.store.readStream(registryStream(COUNTY))) applyEvent(registry, e, 'fold');
  reform = {
    countyCode: COUNTY,
    authority: { documentNo: '川府民政〔2019〕27号', issuedBy: '四川省人民政府', approvedOn: '2019-11-28' },
    effectiveAt: '2020-06-30',
    description: '三台县乡镇行政区划和村级建制调整改革',
    changes: inferChanges(registryCounty(registry, COUNTY)!, y2020.counties[0]!).changes,
  };
}, 120_000);

afterAll(async () => {
  await h?.close();
});

describe('a county-wide reform over HTTP', () => {
  it('previews ≥ 1,000 changes in one POST: nothing written, the tree after it, every code marked given', async () => {
    expect(reform.changes.length).toBeGreaterThanOrEqual(1000);
    expect(JSON.stringify(reform).length).toBeGreaterThan(46_000);
    const head = await h.head();
    const preview = await h.client(h.admin).divisions.preview.mutate(reform);
    expect(await h.head()).toBe(head);
    expect(preview.before.byLevel).toMatchObject({ township: 63, village: 1042 });
    expect(preview.after.byLevel).toMatchObject({ township: 33, village: 462 });
    expect(preview.codes.length).toBeGreaterThan(150); // 76 new villages and townships, 118 moved, re-coded ones
    expect(preview.codes.every((c) => c.source === 'given')).toBe(true);
    // A query would carry the document in its URL; the procedure is a mutation (POST only).
    const get = await fetch(
      `${h.url}/trpc/divisions.preview?input=${encodeURIComponent(JSON.stringify({ ...reform, changes: reform.changes.slice(0, 1) }))}`,
      {
        headers: { authorization: `Bearer ${h.admin}` },
      },
    );
    expect(get.status).toBe(405);
  }, 60_000);

  it('enacts it in one command, answering every assigned id and code; as of 2020-06-30 the tree is the published one', async () => {
    const r = await h.client(h.admin).divisions.enactAdjustment.mutate(reform);
    const established = r.assigned.filter((a) => a.name !== undefined);
    expect(established.length).toBeGreaterThan(0);
    expect(established.every((a) => a.id.startsWith(`div-${COUNTY}-`) && a.source === 'given')).toBe(true);
    const published = new Set(
      y2020.counties[0]!.townships.flatMap((t) => [t.code, ...t.villages.map((v) => v.code)]),
    );
    expect(r.assigned.every((a) => a.code === null || published.has(a.code))).toBe(true);

    const rows: string[] = [];
    const walk = (n: TreeNode, parent: string) => {
      rows.push(`${n.code}|${n.fullName}|${parent}`);
      for (const c of n.children) walk(c, n.code ?? '');
    };
    const tree = (await h
      .client(h.admin)
      .divisions.tree.query({ rootId: COUNTY, asOf: '2020-06-30' })) as TreeNode[];
    walk(tree[0]!, '');
    const county = y2020.counties[0]!;
    const expected = [
      `${COUNTY}|${county.name}|`,
      ...county.townships.flatMap((t) => [
        `${t.code}|${t.fullName}|${COUNTY}`,
        ...t.villages.map((v) => `${v.code}|${v.fullName}|${t.code}`),
      ]),
    ];
    expect(rows.sort()).toEqual(expected.sort());
  }, 60_000);

  it('refuses a code held by another unit, naming the holder, and writes nothing', async () => {
    const head = await h.head();
    const error = await h
      .client(h.admin)
      .divisions.enactAdjustment.mutate({
        ...reform,
        authority: { ...reform.authority, documentNo: '三府函〔2021〕1号' },
        effectiveAt: '2021-01-01',
        changes: [{ op: 'recode', division: '510722104201', code: '510722104203' }],
      })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(TRPCClientError);
    expect((error as Error).message).toMatch(
      /changes\[0\] \(recode\): code 510722104203 is already held by 行政村 迎丰村（510722104203） on 2021-01-01/,
    );
    expect(await h.head()).toBe(head);
  });
});

describe('published names and parent codes', () => {
  it('divisions.list and its CSV export carry the full name and the parent code', async () => {
    const rows = (await h
      .client(h.admin)
      .divisions.list.query({ level: 'village', rootId: '510722104', asOf: '2020-06-30' })) as {
      code: string;
      name: string;
      fullName: string;
      parentCode: string;
      parent: string;
    }[];
    expect(rows.find((r) => r.code === '510722104201')).toMatchObject({
      name: '宝塔村',
      fullName: '宝塔村村民委员会',
      parent: '塔山镇',
      parentCode: '510722104',
    });
    const csv = await (
      await fetch(
        `${h.url}/export/divisions.list.csv?input=${encodeURIComponent(JSON.stringify({ level: 'village', rootId: '510722104' }))}&asOf=2020-06-30`,
        {
          headers: { authorization: `Bearer ${h.admin}` },
        },
      )
    ).text();
    const [header, ...lines] = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(header).toBe('统计用区划代码,名称,全称,类型,上级代码,上级,分类');
    expect(lines).toContain('510722104201,宝塔村,宝塔村村民委员会,行政村,510722104,塔山镇,');
  });

  it('divisions.successors answers for many divisions at once', async () => {
    const rows = (await h
      .client(h.admin)
      .divisions.successors.query({ ids: ['510722102', '510722104', '510722999'], on: '2019-10-31' })) as {
      ref: string;
      successors: { name: string }[] | null;
    }[];
    expect(rows.map((r) => [r.ref, r.successors?.map((s) => s.name) ?? null])).toEqual([
      ['510722102', ['北坝镇']],
      ['510722104', ['塔山镇']],
      ['510722999', null],
    ]);
  });
});
