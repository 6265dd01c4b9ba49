/**
 * The chronicle as the composition root mounts it: told from every enabled module — the core
 * modules and the five bundled plugins each contribute sentences to the 大事记 through their
 * chronicle entries, and a disabled plugin's sentences disappear with it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createCallerFactory, runtimeDivisions } from '@xianzhi/api';
import { runDemo } from '@xianzhi/core/demo';
import type { ChronicleRecord } from '@xianzhi/chronicle/server';
import { openPlatform } from './platform';
import { BUNDLED_PLUGINS } from './modules';
import { createAppRouter } from './router';

const dir = mkdtempSync(join(tmpdir(), 'xianzhi-chronicle-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the chronicle of every enabled module', () => {
  it(
    'tells the core modules and every bundled plugin in the 大事记; a disabled plugin is not told',
    { timeout: 400_000 },
    async () => {
      const options = { eventStore: join(dir, 'events.db'), cachePath: join(dir, 'cache.db') };
      let platform = await openPlatform({ ...options, plugins: [...BUNDLED_PLUGINS] });
      await runDemo(
        { store: platform.store, runtime: platform.runtime },
        { modules: platform.modules, today: '2026-11-29', scale: 'small' },
      );
      const call = (p: typeof platform) =>
        createCallerFactory(createAppRouter({ scopes: () => p.scopes, modules: p.modules }))({
          store: p.store,
          runtime: p.runtime,
          caller: { tokenId: 't', name: '县志办', scopes: ['chronicle:read'] },
          requestId: 'spec',
          divisions: runtimeDivisions(p.runtime),
          log: () => {},
        });
      const records = await platform.runtime.query<ChronicleRecord[]>(
        'chronicle.entries',
        'entries',
        { county: '510799', notable: true },
        { asOf: '2026-11-29' },
      );
      const told = new Set(records.map((r) => r.module));
      for (const m of [
        'divisions',
        'personnel',
        'institutions',
        'reform',
        'services',
        'party',
        'powers',
        'cadres',
        'zones',
        ...BUNDLED_PLUGINS.map((p) => p.name),
      ])
        expect(told, m).toContain(m);
      const text = (
        await call(platform).chronicle.events({ county: '510799', from: '1990-01-01', to: '2026-11-29' })
      ).markdown;
      // a sentence of each plugin's own wording
      expect(text).toMatch(/学校和幼儿园\d+所|开办/); // education
      expect(text).toMatch(/医疗卫生机构\d+个|卫生院/); // health
      expect(text).toMatch(/综合行政执法队/); // enforcement
      expect(text).toMatch(/第一书记|返乡农民工/); // talent
      expect(text).toMatch(/集体资产/); // assets
      await platform.close();

      platform = await openPlatform({ ...options, plugins: [] });
      const without = (
        await call(platform).chronicle.events({ county: '510799', from: '1990-01-01', to: '2026-11-29' })
      ).markdown;
      expect(without).not.toMatch(/集体资产|第一书记|返乡农民工/);
      expect(without).toContain('川府民政〔2019〕27号');
      await platform.close();
    },
  );
});
