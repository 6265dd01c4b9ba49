/**
 * `xianzhi` — the command line. Until the server exists, `start` records the demo county in the
 * embedded store and prints its log and its townships as of two dates.
 */
import { EventRegistry, isXianzhiError } from '@xianzhi/kernel';
import { openSqliteEventStore } from '@xianzhi/event-store-sqlite';
import { loadEnv } from './env';
import { demoEvents } from './demo/events';
import { DEMO_STREAM, foldTownships, recordDemoCounty } from './demo/county';
import { kindLabel } from './demo/labels';

const USAGE = `用法 / usage: xianzhi <command>

  start           record the demo county (once) and show it as of two dates
  log             print the event log
  as-of <date>    the townships as of a date (YYYY-MM-DD)

The store is ./data/xianzhi.db (set XIANZHI_EVENTSTORE to use another file).`;

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  const env = loadEnv();
  const registry = new EventRegistry(demoEvents);
  const store = openSqliteEventStore({ path: env.storePath, registry });
  try {
    switch (command) {
      case 'start': {
        const { written, replayed } = await recordDemoCounty(store);
        console.log(`县志 Xianzhi — embedded store ${env.storePath}`);
        console.log(written > 0 ? `recorded ${written} demo events` : `demo county already recorded (${replayed} events; nothing written twice)`);
        await printLog(store);
        await printAsOf(store, '2019-06-01');
        await printAsOf(store, '2020-06-01');
        return 0;
      }
      case 'log':
        await printLog(store);
        return 0;
      case 'as-of': {
        const date = args[0];
        if (!date) throw new Error('as-of needs a date, e.g. xianzhi as-of 2019-06-01');
        await printAsOf(store, date);
        return 0;
      }
      default:
        console.log(USAGE);
        return command === undefined || command === 'help' || command === '--help' ? 0 : 2;
    }
  } finally {
    await store.close();
  }
}

async function printLog(store: ReturnType<typeof openSqliteEventStore>): Promise<void> {
  const events = await store.readAll();
  console.log(`\n事件日志 event log (${events.length} events)`);
  console.log('pos  effective   recorded                  type                        document');
  for (const e of events) {
    const doc = e.metadata.authority?.documentNo ?? '';
    console.log(
      `${String(e.position).padEnd(4)} ${e.metadata.effectiveAt.padEnd(11)} ${e.metadata.recordedAt.padEnd(25)} ${e.type.padEnd(27)} ${doc}  ${JSON.stringify(e.data)}`,
    );
  }
}

async function printAsOf(store: ReturnType<typeof openSqliteEventStore>, date: string): Promise<void> {
  const events = await store.readEffective({ asOf: date });
  const townships = [...foldTownships(events.filter((e) => e.stream === DEMO_STREAM)).values()].filter((t) => !t.endedAt);
  console.log(`\n截至 ${date} 的乡镇 townships as of ${date}: ${townships.length}`);
  for (const t of townships) console.log(`  ${t.code}  ${t.name}  (${kindLabel(t.kind)})`);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (isXianzhiError(error)) console.error(`错误 error [${error.code}]: ${error.message}`);
    else console.error(`错误 error: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
