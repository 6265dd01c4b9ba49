/**
 * The chronicle's procedures, called as tokens call them: a county token reads every text and
 * downloads them as DOCX; a token limited to one township reads its township's texts only (another
 * township's history is refused, the 大事记 and the report keep to its divisions); and a module the
 * chronicle has never heard of is told in the 大事记 as soon as it declares a chronicle entry.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import JSZip from 'jszip';
import { z } from 'zod';
import { defineChronicle, defineEvent, defineModule, tell } from '@xianzhi/kernel';
import { divisionsModule } from '@xianzhi/core/server';
import { callerOf, openTestPlatform, testCounty, trpcCode } from '@xianzhi/testkit';
import { chronicleModule, chronicleRouter } from './module';
import { DEMO_TODAY, recordDemo, type DemoPlatform } from './test/demo-platform';

let p: DemoPlatform;
let procedures: ReturnType<typeof chronicleRouter>;
beforeAll(async () => {
  p = await recordDemo();
  procedures = chronicleRouter(p.wording, new Set(p.modules.map((m) => m.name)));
}, 300_000);
afterAll(async () => p?.close());

const county = () =>
  callerOf(p, procedures, { tokenId: 'c', name: '县地方志办', scopes: ['chronicle:read'] });
/** 黄林镇 (510799118) absorbed 鹤溪乡 and 双岗镇 on 2019-12-20. */
const township = async () => {
  const [d] = await p.runtime.query<{ id: string }[]>('divisions.tree', 'search', { q: '黄林镇' }, {});
  return callerOf(p, procedures, {
    tokenId: 't',
    name: '黄林镇',
    scopes: ['chronicle:read'],
    subtree: d!.id,
  });
};

describe('the chronicle procedures', () => {
  it('a county token reads the history, the 大事记 and the report, and downloads a DOCX', async () => {
    const c = county();
    expect((await c.history({ id: '510799206' })).markdown).toContain(
      '撤销鹤溪乡、双岗镇，将其所辖区域划归黄林镇管辖',
    );
    expect((await c.events({ county: '510799', from: '2019-01-01', to: '2020-12-31' })).markdown).toContain(
      '## 2020年',
    );
    const report = await c.report({ county: '510799', from: '2019-01-01', to: DEMO_TODAY });
    expect(report.figures.counts[0]).toMatchObject({ before: 33, after: 13 });
    expect(report.html).toContain('<h1>青溪县乡镇行政区划和村级建制调整改革情况报告</h1>');
    const docx = await c.docx({ text: 'report', county: '510799', from: '2019-01-01', to: DEMO_TODAY });
    expect(docx.filename).toBe('青溪县乡镇行政区划和村级建制调整改革情况报告.docx');
    const xml = await (
      await JSZip.loadAsync(Buffer.from(docx.base64, 'base64'))
    )
      .file('word/document.xml')!
      .async('string');
    expect(xml).toContain('减幅60.6%');
    expect(await trpcCode(c.history({ id: '999999' }))).toBe('NOT_FOUND');
    expect(await trpcCode(c.report({ county: '510799', from: '2019-13-01', to: DEMO_TODAY }))).toBe(
      'BAD_REQUEST',
    );
  });

  it('a township token gets its township’s texts only', async () => {
    const t = await township();
    expect((await t.history({ id: '510799118' })).markdown).toContain('黄林镇确定为主城区镇');
    // another township (金水镇 absorbed 河溪乡 and 古平镇)
    const [other] = await p.runtime.query<{ id: string }[]>('divisions.tree', 'search', { q: '金水镇' }, {});
    expect(await trpcCode(t.history({ id: other!.id }))).toBe('FORBIDDEN');
    expect(await trpcCode(t.docx({ text: 'history', id: other!.id }))).toBe('FORBIDDEN');
    const events = (await t.events({ county: '510799', from: '2019-01-01', to: '2020-12-31' })).markdown;
    expect(events).toContain('撤销鹤溪乡、双岗镇，将其所辖区域划归黄林镇管辖');
    expect(events).not.toContain('金水镇');
    const report = await t.report({ county: '510799', from: '2019-01-01', to: DEMO_TODAY });
    expect(report.figures.counts[0]).toMatchObject({ key: 'township', after: 1 });
    expect(report.figures.adjustments).toEqual([]);
    expect(report.markdown).not.toContain('金水镇');
  });
});

describe('a module the chronicle has never heard of', () => {
  it('is told in the 大事记 once it declares a chronicle entry', async () => {
    const libraryOpened = defineEvent(
      'library.opened',
      1,
      z.object({ townshipId: z.string(), name: z.string() }),
    );
    const library = defineModule({
      name: 'library',
      title: { zh: '图书馆', en: 'Libraries' },
      events: [libraryOpened],
      chronicle: defineChronicle(
        { zh: { opened: '{township}开办{name}' }, en: { opened: '{name} opened in {township}' } },
        tell(libraryOpened, {
          notable: true,
          describe: (e, names) => ({
            template: 'opened',
            params: { township: names.division(e.data.townshipId), name: e.data.name },
            divisions: [e.data.townshipId],
          }),
        }),
      ),
    });
    const chronicle = chronicleModule([divisionsModule, library]);
    const platform = await openTestPlatform({ modules: [divisionsModule, library, chronicle] });
    try {
      const tc = await testCounty(platform);
      await platform.append('library-1', [
        libraryOpened.create(
          { townshipId: tc.id('510798101'), name: '甲镇图书馆' },
          {
            effectiveAt: '2020-05-04',
            authority: { documentNo: '测文〔2020〕1号', issuedBy: '测试县文化局' },
          },
        ),
      ]);
      const caller = callerOf(platform, chronicle.router, {
        tokenId: 'c',
        name: '县志办',
        scopes: ['chronicle:read'],
      });
      const text = await caller.events({ county: '510798', from: '2020-01-01', to: '2020-12-31' });
      expect(text.markdown).toContain(
        '2020年5月4日，经测试县文化局（测文〔2020〕1号）批准，甲镇开办甲镇图书馆。',
      );
      expect(
        (await caller.events({ county: '510798', from: '2020-01-01', to: '2020-12-31', lang: 'en' }))
          .markdown,
      ).toContain('4 May 2020: approved by 测试县文化局 (测文〔2020〕1号), 甲镇图书馆 opened in 甲镇.');
    } finally {
      await platform.close();
    }
  });
});
