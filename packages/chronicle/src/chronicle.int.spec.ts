/**
 * The chronicle of the demo county against golden texts: the 建置沿革 of a merged township (鹤溪乡)
 * and of the town that absorbed it (黄林镇), the 2019–2020 大事记, and the reform report from
 * 2019-01-01 to the demo's "today" — in Chinese, and the report in English. "Today" is the demo's
 * clock, so the texts are stable.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { divisionsModule } from '@xianzhi/core/server';
import { retractEvent } from '@xianzhi/projections';
import { toHtml, toMarkdown } from './document';
import { chronicleEntries, type ChronicleRecord } from './entries';
import { eventsDocument, historyDocument } from './texts';
import { reportDocument, reportFigures } from './report';
import { DEMO_TODAY, recordDemo, type DemoPlatform } from './test/demo-platform';
import { golden } from './test/golden';

/** With seed 2019: 鹤溪乡 (510799206) and 双岗镇 were merged into 黄林镇 (510799118) on 2019-12-20. */
const MERGED = '510799206';
const ABSORBING = '510799118';

let p: DemoPlatform;
beforeAll(async () => {
  p = await recordDemo();
}, 300_000);
afterAll(async () => p?.close());

const md = async (doc: Promise<Parameters<typeof toMarkdown>[0] | null>) => {
  const d = await doc;
  if (!d) throw new Error('no document');
  return toMarkdown(d);
};

describe('建置沿革', () => {
  it('of the merged township: its establishment, then its abolition into the absorbing town, with the document', async () => {
    const text = await md(historyDocument(p.runtime, p.wording, { id: MERGED, asOf: DEMO_TODAY }));
    expect(text).toContain(
      '2019年12月20日，经四川省人民政府（川府民政〔2019〕27号）批准，撤销鹤溪乡、双岗镇，将其所辖区域划归黄林镇管辖。',
    );
    const g = golden('history-merged-township.md', text);
    expect(g.actual).toBe(g.expected);
  });

  it('of the absorbing town: the same merge told from its side, and its new class', async () => {
    const g = golden(
      'history-absorbing-town.md',
      await md(historyDocument(p.runtime, p.wording, { id: ABSORBING, asOf: DEMO_TODAY })),
    );
    expect(g.actual).toBe(g.expected);
  });

  it('as of a date before the merge: the township still stands and its abolition is not told', async () => {
    const text = await md(historyDocument(p.runtime, p.wording, { id: MERGED, asOf: '2019-12-19' }));
    expect(text).toContain('鹤溪乡，乡，统计用区划代码510799206，1992年8月1日设立。');
    expect(text).not.toContain('2019年12月20日');
  });

  it('as known before a retraction: the retracted change is told as known then, and not after', async () => {
    const all = await p.runtime.query<ChronicleRecord[]>(
      'chronicle.entries',
      'entries',
      { from: '2027-01-01' },
      { asOf: '2027-12-31' },
    );
    const scheduled = all.find(
      (r) => r.type === 'divisions.reclassified' && r.effectiveAt.startsWith('2027'),
    );
    const before = new Date(p.clock.now()).toISOString();
    // a separate platform would cost a second demo: retract on this one, last (the other specs have read it)
    if (!scheduled) return expect.fail('the demo schedules a reclassification for 2027-01-01');
    p.clock.advance(60_000);
    await retractEvent(p.store, p.runtime, {
      eventId: scheduled.eventId,
      reason: 'spec: recorded in error',
      actor: 'spec',
      authority: { documentNo: '青府发〔2026〕60号', issuedBy: '青溪县人民政府' },
    });
    p.clock.advance(60_000);
    const knownBefore = await md(
      historyDocument(p.runtime, p.wording, {
        id: scheduled.sentences[0]!.divisions![0]!,
        asOf: '2027-12-31',
        knownAt: before,
      }),
    );
    const now = await md(
      historyDocument(p.runtime, p.wording, {
        id: scheduled.sentences[0]!.divisions![0]!,
        asOf: '2027-12-31',
      }),
    );
    expect(knownBefore).toContain('2027年1月1日');
    expect(now).not.toMatch(/2027年1月1日[^\n]*确定为中心镇/);
  });

  it('of the county: the whole tree by year, changes of villages and groups counted', async () => {
    const text = await md(historyDocument(p.runtime, p.wording, { id: '510799', asOf: '2020-12-31' }));
    expect(text).toContain('## 1992年');
    expect(text).toContain('设立乡镇33个');
    expect(text).toContain('2020年6月30日，经青溪县人民政府（青府发〔2020〕15号）批准，撤并村（社区）80个');
  });
});

describe('大事记 and the report', () => {
  it('the 2019–2020 大事记: every module’s notable events, one paragraph per act, by year', async () => {
    const g = golden(
      'events-2019-2020.md',
      await md(
        eventsDocument(p.runtime, p.wording, {
          county: '510799',
          from: '2019-01-01',
          to: '2020-12-31',
          knownAt: new Date(p.clock.now()).toISOString(),
        }),
      ),
    );
    expect(g.actual).toBe(g.expected);
  });

  it('the reform report from 2019-01-01 to today, computed from the read models (33→13 is −60.6%)', async () => {
    const figures = (await reportFigures(p.runtime, {
      county: '510799',
      from: '2019-01-01',
      to: DEMO_TODAY,
    }))!;
    expect(figures.counts[0]).toEqual({
      key: 'township',
      before: 33,
      after: 13,
      change: -20,
      percent: -60.6,
    });
    const text = toMarkdown(reportDocument(figures));
    expect(text).toContain('乡镇由33个减少为13个，减少20个，减幅60.6%');
    const g = golden('report-2019-today.md', text);
    expect(g.actual).toBe(g.expected);
    const en = golden('report-2019-today.en.md', toMarkdown(reportDocument(figures, 'en')));
    expect(en.actual).toBe(en.expected);
    expect(toHtml(reportDocument(figures))).toContain(
      '<h1>青溪县乡镇行政区划和村级建制调整改革情况报告</h1>',
    );
  });
});

describe('the contract', () => {
  it('every module’s wording has the same keys in zh and en', () => {
    for (const m of p.modules) {
      if (!m.chronicle) continue;
      expect(Object.keys(m.chronicle.templates.en).sort(), m.name).toEqual(
        Object.keys(m.chronicle.templates.zh).sort(),
      );
    }
  });

  it('refuses two modules telling one event type', () => {
    expect(() => chronicleEntries([divisionsModule, { ...divisionsModule, name: 'copy' }])).toThrow(
      /two modules tell event type divisions\.\w+/,
    );
  });
});
