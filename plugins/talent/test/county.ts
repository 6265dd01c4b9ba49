/**
 * Test support: an in-memory store and runtime with the divisions module and this plugin, and a
 * small county whose townships merge on 2019-12-20 and whose villages merge on 2020-06-30.
 *
 * 测试县 510798 (1992-08-01): 甲镇 510798101 (一村, 二村), 乙镇 510798102 (三村), 丙乡 510798201 (四村, 五村).
 * 2019-12-20 (川府民政〔2019〕27号): 乙镇 merges into 甲镇 (三村 moves to 甲镇).
 * 2020-06-30 (测府发〔2020〕6号): 三村 merges into 一村.
 */
import { EventRegistry, parseEffectiveAt, type AnyCommand, type ModuleDefinition } from '@xianzhi/kernel';
import { openSqliteEventStore, type SqliteEventStore } from '@xianzhi/event-store-sqlite';
import { ManualClock, createProjectionRuntime, executeCommand, type CommandResult, type ProjectionRuntime } from '@xianzhi/projections';
import { divisionsModule, enactAdjustment, type EnactAdjustmentInput, type TreeNode } from '@xianzhi/core';

export const COUNTY = '510798';

export interface TestCounty {
  store: SqliteEventStore;
  runtime: ProjectionRuntime;
  clock: ManualClock;
  /** Runs a command one minute after the previous one (so each is recorded at its own time). */
  run: (command: AnyCommand, input: unknown, idempotencyKey?: string) => Promise<CommandResult>;
  /** The division id of a statistical code (as of 2019-06-01, before the reform). */
  id: (code: string) => Promise<string>;
  close: () => Promise<void>;
}

const adjustment = (documentNo: string, effectiveAt: string, changes: EnactAdjustmentInput['changes']): EnactAdjustmentInput => ({
  countyCode: COUNTY,
  authority: { documentNo, issuedBy: documentNo.startsWith('川') ? '四川省人民政府' : '测试县人民政府', approvedOn: effectiveAt },
  effectiveAt,
  changes,
});

export async function openTestCounty(plugin: ModuleDefinition, options: { mergeVillages?: boolean } = {}): Promise<TestCounty> {
  const modules = [divisionsModule, plugin];
  const clock = new ManualClock(parseEffectiveAt('2024-06-30T12:00:00+08:00')!.ms);
  const store = openSqliteEventStore({ path: ':memory:', registry: new EventRegistry(modules.flatMap((m) => m.events)), now: () => clock.now() });
  const runtime = createProjectionRuntime({ store, projections: modules.flatMap((m) => m.projections), clock });
  await runtime.start();
  const run = (command: AnyCommand, input: unknown, idempotencyKey?: string) => {
    clock.advance(60_000);
    return executeCommand({ store, runtime }, command, input, { actor: 'test', ...(idempotencyKey ? { idempotencyKey } : {}) });
  };
  await run(
    enactAdjustment,
    adjustment('测府函〔1992〕1号', '1992-08-01', [
      { op: 'establish', kind: 'county', name: '测试县' },
      { op: 'establish', kind: 'town', name: '甲镇', parent: COUNTY, code: '510798101' },
      { op: 'establish', kind: 'town', name: '乙镇', parent: COUNTY, code: '510798102' },
      { op: 'establish', kind: 'xiang', name: '丙乡', parent: COUNTY, code: '510798201' },
      { op: 'establish', kind: 'village', name: '一村', parent: '510798101', code: '510798101201' },
      { op: 'establish', kind: 'village', name: '二村', parent: '510798101', code: '510798101202' },
      { op: 'establish', kind: 'village', name: '三村', parent: '510798102', code: '510798102201' },
      { op: 'establish', kind: 'village', name: '四村', parent: '510798201', code: '510798201201' },
      { op: 'establish', kind: 'village', name: '五村', parent: '510798201', code: '510798201202' },
    ]),
  );
  await run(enactAdjustment, adjustment('川府民政〔2019〕27号', '2019-12-20', [{ op: 'merge', sources: ['510798102'], into: '510798101' }]));
  if (options.mergeVillages !== false) {
    // 三村 has moved to 甲镇 and taken a new code there: name it by id
    const [sancun] = await runtime.query<TreeNode[]>('divisions.tree', 'search', { q: '三村' }, { asOf: '2020-01-01' });
    await run(enactAdjustment, adjustment('测府发〔2020〕6号', '2020-06-30', [{ op: 'merge', sources: [sancun!.id], into: '510798101201' }]));
  }
  const id = async (code: string) => {
    const d = await runtime.query<{ id: string } | null>('divisions.tree', 'get', { id: code }, { asOf: '2019-06-01' });
    if (!d) throw new Error(`no division ${code}`);
    return d.id;
  };
  return {
    store,
    runtime,
    clock,
    run,
    id,
    close: async () => {
      await runtime.stop();
      await store.close();
    },
  };
}
