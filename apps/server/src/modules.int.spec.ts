/**
 * Enabling and disabling plugins is configuration: a disabled plugin's procedures disappear while its
 * events stay in the log, and enabling it again folds its read models from the log.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runDemo } from '@xianzhi/core/demo';
import { openPlatform } from './platform';
import { BUNDLED_PLUGINS, enabledPlugins } from './modules';
import { createAppRouter } from './router';

const dir = mkdtempSync(join(tmpdir(), 'xianzhi-plugins-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const paths = (platform: Awaited<ReturnType<typeof openPlatform>>) =>
  Object.keys(createAppRouter({ scopes: () => platform.scopes, modules: platform.modules })._def.procedures);

describe('enabling and disabling plugins', () => {
  it(
    'hides a disabled plugin, keeps its events, and folds them again when it is enabled',
    { timeout: 240_000 },
    async () => {
      const options = { eventStore: join(dir, 'events.db'), cachePath: join(dir, 'cache.db') };
      expect(() => enabledPlugins(['nope'])).toThrow(/unknown plugins: nope/);
      const health = enabledPlugins(['health']);

      let platform = await openPlatform({ ...options, plugins: health });
      await runDemo(
        { store: platform.store, runtime: platform.runtime },
        { modules: platform.modules, today: '2026-11-29', scale: 'small' },
      );
      const network = await platform.runtime.query<unknown>(
        'health.facilities',
        'networkSummary',
        {},
        { asOf: '2023-06-30' },
      );
      expect(network).toBeTruthy();
      const head = await platform.store.headPosition();
      const healthEvents = (await platform.store.readAll()).filter((e) =>
        e.type.startsWith('health.'),
      ).length;
      expect(healthEvents).toBeGreaterThan(0);
      expect(paths(platform).some((p) => p.startsWith('health.'))).toBe(true);
      await platform.close();

      // disabled: procedures gone, events still in the log
      platform = await openPlatform({ ...options, plugins: [] });
      expect(paths(platform).some((p) => p.startsWith('health.'))).toBe(false);
      expect(platform.runtime.projections.some((p) => p.startsWith('health.'))).toBe(false);
      expect((await platform.store.readAll()).filter((e) => e.type.startsWith('health.')).length).toBe(
        healthEvents,
      );
      expect(await platform.store.headPosition()).toBe(head);
      await platform.close();

      // enabled again, with a fresh cache: its read models are folded from the log
      rmSync(options.cachePath, { force: true });
      platform = await openPlatform({ ...options, plugins: health });
      expect(
        platform.runtime
          .health()
          .filter((h) => h.name.startsWith('health.'))
          .every((h) => h.status === 'live' && h.lag === 0),
      ).toBe(true);
      const again = await platform.runtime.query<unknown>(
        'health.facilities',
        'networkSummary',
        {},
        { asOf: '2023-06-30' },
      );
      expect(again).toEqual(network);
      const facilities = await platform.runtime.query<unknown[]>(
        'health.facilities',
        'facilities',
        {},
        { asOf: '2023-06-30' },
      );
      expect(facilities.length).toBeGreaterThan(0);
      await platform.close();
      expect(BUNDLED_PLUGINS.map((p) => p.name)).toEqual([
        'education',
        'health',
        'enforcement',
        'talent',
        'assets',
      ]);
    },
  );
});
