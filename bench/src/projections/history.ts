/**
 * A synthetic county history: `events` events recorded day by day from 2019-01-01 to 2023-12-31
 * (county time, UTC+8), deterministic for a seed. Proportions (of the events after the initial
 * set-up of the county's divisions and posts):
 *
 * - service actions ~94.6 %: requested → accepted → completed (or rejected) at service points;
 * - appointments / dismissals of officials 5 %;
 * - division changes 0.25 % (villages established, merged, renamed; a few townships merged);
 * - retractions 0.1 % (`kernel.event-retracted` on `kernel-retractions`, of an event recorded in
 *   the previous ~90 days).
 *
 * Effective dates: mostly the recording day (half as a date, half as an instant earlier that
 * day); 2 % backdated 1 day … 1 year (log-uniform); 1 % future-dated 1 … 60 days.
 *
 * The store is written through `openSqliteEventStore` with an injected clock that walks through
 * the five years, one append per (day, stream), and cached in the OS temp folder by size and seed.
 */
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  RETRACTIONS_STREAM,
  eventRetracted,
  parseEffectiveAt,
  type NewEvent,
  seededRandom,
} from '@xianzhi/kernel';
import { openSqliteEventStore } from '@xianzhi/event-store-sqlite';
import {
  SERVICE_KINDS,
  benchRegistry,
  divisionEstablished,
  divisionMerged,
  divisionRenamed,
  officialAppointed,
  officialDismissed,
  serviceAccepted,
  serviceCompleted,
  serviceRejected,
  serviceRequested,
  type ServiceKind,
} from './events';

/** Bump when the generator changes: the cached files are keyed by it. */
const GENERATOR_VERSION = 1;

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
export const HISTORY_START_MS = parseEffectiveAt('2019-01-01')!.ms;
export const HISTORY_END_MS = parseEffectiveAt('2024-01-01')!.ms - 1;
export const HISTORY_DAYS = Math.round((HISTORY_END_MS + 1 - HISTORY_START_MS) / DAY_MS);
/**
 * "Now" for the runtime and for later appends: after the last recording day and after every
 * future-dated event (≤ 60 days after it), so every event of the history is in effect.
 */
export const NOW_MS = parseEffectiveAt('2024-03-01T12:00:00+08:00')!.ms;
export const COUNTY_STREAM = 'county-510722';

export interface HistoryStats {
  events: number;
  seed: number;
  setup: number;
  service: number;
  officials: number;
  divisions: number;
  retractions: number;
  backdated: number;
  futureDated: number;
  appends: number;
  /** Townships still standing at the end (not merged away). */
  townships: string[];
  firstRecordedMs: number;
  lastRecordedMs: number;
  generatedMs: number;
}

export interface History {
  path: string;
  stats: HistoryStats;
  /** True when this call generated the file (false: it was cached). */
  generated: boolean;
}

export function historyPath(events: number, seed: number): string {
  return join(tmpdir(), `xianzhi-bench-history-v${GENERATOR_VERSION}-${events}-${seed}.db`);
}

/** A deterministic random source (the kernel's seeded PRNG). */
export const random = (seed: number): (() => number) => seededRandom(seed).next;

/** Returns the cached history for (events, seed), generating it first if missing. */
export async function ensureHistory(
  events: number,
  seed: number,
  log: (m: string) => void,
): Promise<History> {
  const path = historyPath(events, seed);
  const statsPath = `${path}.json`;
  if (existsSync(path) && existsSync(statsPath)) {
    const stats = JSON.parse(readFileSync(statsPath, 'utf8')) as HistoryStats;
    return { path, stats, generated: false };
  }
  const tmp = `${path}.tmp-${process.pid}`;
  const removeTmp = () => {
    for (const s of ['', '-wal', '-shm', '-journal']) rmSync(tmp + s, { force: true });
  };
  removeTmp();
  log(`projections: generating ${events.toLocaleString('en-US')} events (seed ${seed}) into ${path} …`);
  try {
    const stats = await generateHistory(tmp, events, seed, log);
    renameSync(tmp, path);
    removeTmp();
    writeFileSync(statsPath, `${JSON.stringify(stats, null, 2)}\n`);
    log(
      `projections: generated ${events.toLocaleString('en-US')} events in ${(stats.generatedMs / 1000).toFixed(1)} s ` +
        `(${stats.appends.toLocaleString('en-US')} appends; service ${stats.service}, officials ${stats.officials}, ` +
        `divisions ${stats.divisions}, retractions ${stats.retractions}, backdated ${stats.backdated}, future-dated ${stats.futureDated}, set-up ${stats.setup})`,
    );
    return { path, stats, generated: true };
  } catch (error) {
    removeTmp();
    throw error;
  }
}

// ── the county ───────────────────────────────────────────────────────────────────────────────

const SYLLABLES = [...'青石牛龙凤安平和兴福永太新华金玉清泉花林云山河桥溪坝坪湾沟岭塘观寺堡营铺场'];
const SURNAMES = [
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '赵',
  '黄',
  '周',
  '吴',
  '徐',
  '孙',
  '胡',
  '朱',
  '高',
  '林',
  '何',
  '郭',
  '马',
  '罗',
  '欧阳',
  '司马',
];
const GIVEN = [
  '伟',
  '芳',
  '娜',
  '秀英',
  '敏',
  '静',
  '丽',
  '强',
  '磊',
  '军',
  '洋',
  '勇',
  '艳',
  '杰',
  '娟',
  '涛',
  '明',
  '超',
  '秀兰',
  '霞',
  '平',
  '刚',
  '桂英',
  '建华',
];
const NOTES = [
  '窗口办理，材料齐全。',
  '线上预约，需补交户口簿复印件。',
  '代办员上门受理，申请人年逾八十、行动不便。',
  '咨询城乡居民医保缴费标准。',
  '反映村道路灯损坏，转乡镇综治中心。',
  '申请临时救助，家庭因病致困，待入户核查。',
  '办理新生儿户口登记，父母双方到场。',
];
const REJECT_REASONS = [
  '材料不全，一次性告知补正。',
  '不符合申请条件。',
  '申请人撤回申请。',
  '重复申请，已合并办理。',
];
const RETRACT_REASONS = [
  '录入错误，事件重复登记。',
  '文号录入错误，原记录作废。',
  '误录到其他服务点，撤回后重新登记。',
];
const TOWNSHIP_POSTS = [
  'party-secretary',
  'head',
  'deputy-head-1',
  'deputy-head-2',
  'discipline-secretary',
  'congress-chair',
];
const VILLAGE_POSTS = ['party-secretary', 'committee-director'];
const DISMISS_REASONS = ['term-ended', 'transferred', 'retired', 'removed'] as const;

interface Township {
  id: string;
  alive: boolean;
}
interface Village {
  id: string;
  township: string;
  alive: boolean;
}
interface Post {
  id: string;
  divisionId: string;
  alive: boolean;
  holder: string | null;
}
interface Point {
  id: string;
  /** The village (or township, for a township's service centre) it serves. */
  divisionId: string;
  alive: boolean;
}
interface FollowUp {
  action: 'accepted' | 'completed' | 'rejected';
  requestId: string;
  pointId: string;
  kind: ServiceKind;
}
interface Pending {
  stream: string;
  event: NewEvent;
  /** Retraction candidates only (not set-up, not retractions). */
  retractable: boolean;
}

async function generateHistory(
  path: string,
  total: number,
  seed: number,
  log: (m: string) => void,
): Promise<HistoryStats> {
  const started = performance.now();
  const rnd = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const hex8 = () => (Math.floor(rnd() * 2 ** 32) >>> 0).toString(16).padStart(8, '0');
  const uuid = () => {
    const a = hex8();
    const b = hex8();
    const c = hex8();
    const d = hex8();
    const variant = ((parseInt(c[0]!, 16) & 0x3) | 0x8).toString(16);
    return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${variant}${c.slice(1, 4)}-${c.slice(4)}${d}`;
  };
  const placeName = (suffix: string) => pick(SYLLABLES) + pick(SYLLABLES) + suffix;
  const person = () => pick(SURNAMES) + pick(GIVEN);
  const dateText = (ms: number) => new Date(ms + 8 * HOUR_MS).toISOString().slice(0, 10);
  const authority = (year: number) => ({
    documentNo: `三府函〔${year}〕${int(1, 300)}号`,
    issuedBy: '三台县人民政府',
  });

  const stats: HistoryStats = {
    events: total,
    seed,
    setup: 0,
    service: 0,
    officials: 0,
    divisions: 0,
    retractions: 0,
    backdated: 0,
    futureDated: 0,
    appends: 0,
    townships: [],
    firstRecordedMs: 0,
    lastRecordedMs: 0,
    generatedMs: 0,
  };

  // The world.
  const townships: Township[] = [];
  const villages: Village[] = [];
  const villageById = new Map<string, Village>();
  const posts: Post[] = [];
  const points: Point[] = [];
  const pointById = new Map<string, Point>();
  let nextVillage = 0;
  let nextPerson = 0;
  let nextRequest = 0;
  const townshipOf = (divisionId: string): string => villageById.get(divisionId)?.township ?? divisionId;
  const addPoint = (divisionId: string) => {
    const p = { id: `pt-${divisionId}`, divisionId, alive: true };
    points.push(p);
    pointById.set(p.id, p);
  };
  const addPosts = (divisionId: string, names: readonly string[]) => {
    for (const n of names) posts.push({ id: `${divisionId}.${n}`, divisionId, alive: true, holder: null });
  };

  let clockMs = HISTORY_START_MS;
  const store = openSqliteEventStore({ path, registry: benchRegistry(), now: () => clockMs });
  let written = 0;
  const flush = (pending: Pending[], dayStart: number, retractable: string[]) => {
    const byStream = new Map<string, Pending[]>();
    for (const p of pending) {
      let list = byStream.get(p.stream);
      if (!list) byStream.set(p.stream, (list = []));
      list.push(p);
    }
    let k = 0;
    for (const [stream, list] of byStream) {
      // Recorded from 08:00 county time, one second apart: later than every "today" instant.
      clockMs = dayStart + 8 * HOUR_MS + k++ * 1000;
      for (let i = 0; i < list.length; i += 5000) {
        const chunk = list.slice(i, i + 5000);
        store.appendSync(
          stream,
          chunk.map((p) => p.event),
        );
        stats.appends += 1;
      }
      for (const p of list) if (p.retractable) retractable.push(p.event.id!);
    }
    if (stats.firstRecordedMs === 0) stats.firstRecordedMs = dayStart + 8 * HOUR_MS;
    stats.lastRecordedMs = clockMs;
    written += pending.length;
  };

  // ── set-up on day 0: the county as it stood, with historical effective dates ──
  const setup: Pending[] = [];
  const countyEvent = (event: NewEvent) => setup.push({ stream: COUNTY_STREAM, event, retractable: false });
  for (let t = 1; t <= 30; t++) {
    const id = `t${String(t).padStart(2, '0')}`;
    townships.push({ id, alive: true });
    const established = `19${int(50, 92)}-${String(int(1, 12)).padStart(2, '0')}-01`;
    countyEvent(
      divisionEstablished.create(
        { divisionId: id, level: 'township', parentId: null, name: placeName(rnd() < 0.6 ? '镇' : '乡') },
        {
          effectiveAt: established,
          authority: { documentNo: '川府民政〔1992〕27号', issuedBy: '四川省人民政府' },
        },
      ),
    );
    addPoint(id);
    addPosts(id, TOWNSHIP_POSTS);
    const n = int(10, 20);
    for (let v = 0; v < n; v++) {
      const vid = `v${String(++nextVillage).padStart(4, '0')}`;
      const village = { id: vid, township: id, alive: true };
      villages.push(village);
      villageById.set(vid, village);
      countyEvent(
        divisionEstablished.create(
          { divisionId: vid, level: 'village', parentId: id, name: placeName('村') },
          {
            effectiveAt: established,
            authority: { documentNo: '川府民政〔1992〕27号', issuedBy: '四川省人民政府' },
          },
        ),
      );
      addPoint(vid);
      addPosts(vid, VILLAGE_POSTS);
    }
  }
  for (const post of posts) {
    const personId = `p${++nextPerson}`;
    post.holder = personId;
    setup.push({
      stream: `officials-${townshipOf(post.divisionId)}`,
      event: officialAppointed.create(
        { postId: post.id, divisionId: post.divisionId, personId, name: person() },
        {
          effectiveAt: `${int(2014, 2018)}-${String(int(1, 12)).padStart(2, '0')}-${String(int(1, 28)).padStart(2, '0')}`,
          authority: authority(2018),
          actor: 'county-office',
        },
      ),
      retractable: false,
    });
  }
  for (const p of setup) p.event.id = uuid();
  stats.setup = setup.length;

  // ── day by day ──
  const budget = total - setup.length;
  if (budget < HISTORY_DAYS) throw new Error(`at least ${setup.length + HISTORY_DAYS} events are needed`);
  const due: FollowUp[][] = Array.from({ length: HISTORY_DAYS + 200 }, () => []);
  /** Ids of recent retractable events (about the last 90 days), for retractions. */
  let recent: string[] = [];
  let older: string[] = [];
  const retracted = new Set<string>();
  let lastProgress = performance.now();

  const alive = <T extends { alive: boolean }>(list: readonly T[], tries = 20): T | undefined => {
    for (let i = 0; i < tries; i++) {
      const x = pick(list);
      if (x.alive) return x;
    }
    return list.find((x) => x.alive);
  };

  for (let day = 0; day < HISTORY_DAYS; day++) {
    const dayStart = HISTORY_START_MS + day * DAY_MS;
    const year = new Date(dayStart + 8 * HOUR_MS).getUTCFullYear();
    const count = Math.floor(((day + 1) * budget) / HISTORY_DAYS) - Math.floor((day * budget) / HISTORY_DAYS);
    const pending: Pending[] = day === 0 ? [...setup] : [];
    const today = due[day]!;
    let todayIndex = 0;

    /** Effective time for an event recorded today (and counts backdated / future-dated ones). */
    const effective = (): string => {
      const r = rnd();
      if (r < 0.02) {
        stats.backdated += 1;
        const back = Math.max(1, Math.min(365, Math.floor(Math.exp(rnd() * Math.log(366)))));
        return dateText(dayStart - back * DAY_MS);
      }
      if (r < 0.03) {
        stats.futureDated += 1;
        return dateText(dayStart + int(1, 60) * DAY_MS);
      }
      if (rnd() < 0.5) return dateText(dayStart);
      return new Date(dayStart + Math.floor(rnd() * 7 * HOUR_MS)).toISOString();
    };

    const service = (f: FollowUp): Pending => {
      const point = pointById.get(f.pointId)!;
      const townshipId = townshipOf(point.divisionId);
      const ref = { requestId: f.requestId, pointId: f.pointId, townshipId, kind: f.kind };
      const meta = { effectiveAt: effective(), actor: `clerk-${f.pointId}` };
      const event =
        f.action === 'accepted'
          ? serviceAccepted.create(ref, meta)
          : f.action === 'completed'
            ? serviceCompleted.create(ref, meta)
            : serviceRejected.create({ ...ref, reason: pick(REJECT_REASONS) }, meta);
      return { stream: `service-${townshipId}`, event, retractable: true };
    };

    const schedule = (offset: number, f: FollowUp) =>
      due[Math.min(due.length - 1, day + Math.max(1, offset))]!.push(f);

    const newRequest = (): Pending => {
      const point = alive(points)!;
      const requestId = `r${(++nextRequest).toString(36)}`;
      const kind = pick(SERVICE_KINDS);
      const townshipId = townshipOf(point.divisionId);
      const f = { requestId, pointId: point.id, kind };
      const r = rnd();
      if (r < 0.05) schedule(int(0, 3), { ...f, action: 'rejected' });
      else {
        const accept = int(0, 2);
        schedule(accept, { ...f, action: 'accepted' });
        if (rnd() < 0.9) {
          // Lead time: log-normal, median ~4.5 days, capped at 120.
          const z = Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
          schedule(accept + Math.min(120, Math.round(Math.exp(1.5 + z))), { ...f, action: 'completed' });
        } else schedule(accept + int(1, 10), { ...f, action: 'rejected' });
      }
      return {
        stream: `service-${townshipId}`,
        event: serviceRequested.create(
          { requestId, pointId: point.id, townshipId, kind, applicant: person(), note: pick(NOTES) },
          { effectiveAt: effective(), actor: `clerk-${point.id}` },
        ),
        retractable: true,
      };
    };

    const official = (): Pending => {
      const post = alive(posts)!;
      const meta = () => ({ effectiveAt: effective(), authority: authority(year), actor: 'county-office' });
      const stream = `officials-${townshipOf(post.divisionId)}`;
      if (post.holder !== null && rnd() < 0.6) {
        const personId = post.holder;
        post.holder = null;
        return {
          stream,
          event: officialDismissed.create(
            { postId: post.id, divisionId: post.divisionId, personId, reason: pick(DISMISS_REASONS) },
            meta(),
          ),
          retractable: true,
        };
      }
      const personId = `p${++nextPerson}`;
      post.holder = personId;
      return {
        stream,
        event: officialAppointed.create(
          { postId: post.id, divisionId: post.divisionId, personId, name: person() },
          meta(),
        ),
        retractable: true,
      };
    };

    const division = (): Pending => {
      const meta = () => ({ effectiveAt: effective(), authority: authority(year), actor: 'county-office' });
      const r = rnd();
      const liveTownships = townships.filter((t) => t.alive);
      if (r < 0.015 && liveTownships.length > 24) {
        const from = pick(liveTownships);
        const into = pick(liveTownships.filter((t) => t !== from));
        from.alive = false;
        for (const v of villages) if (v.township === from.id) v.township = into.id;
        for (const p of posts) if (p.divisionId === from.id) p.alive = false;
        pointById.get(`pt-${from.id}`)!.alive = false;
        return {
          stream: COUNTY_STREAM,
          event: divisionMerged.create({ divisionId: from.id, level: 'township', intoId: into.id }, meta()),
          retractable: true,
        };
      }
      if (r < 0.1) {
        const t = pick(liveTownships);
        return {
          stream: COUNTY_STREAM,
          event: divisionRenamed.create(
            { divisionId: t.id, level: 'township', name: placeName(rnd() < 0.6 ? '镇' : '乡') },
            meta(),
          ),
          retractable: true,
        };
      }
      if (r < 0.4) {
        const from = alive(villages)!;
        const siblings = villages.filter((v) => v.alive && v !== from && v.township === from.township);
        if (siblings.length > 0) {
          const into = pick(siblings);
          from.alive = false;
          for (const p of posts) if (p.divisionId === from.id) p.alive = false;
          pointById.get(`pt-${from.id}`)!.alive = false;
          return {
            stream: COUNTY_STREAM,
            event: divisionMerged.create({ divisionId: from.id, level: 'village', intoId: into.id }, meta()),
            retractable: true,
          };
        }
      }
      if (r < 0.65) {
        const t = pick(liveTownships);
        const vid = `v${String(++nextVillage).padStart(4, '0')}`;
        const village = { id: vid, township: t.id, alive: true };
        villages.push(village);
        villageById.set(vid, village);
        addPoint(vid);
        addPosts(vid, VILLAGE_POSTS);
        return {
          stream: COUNTY_STREAM,
          event: divisionEstablished.create(
            { divisionId: vid, level: 'village', parentId: t.id, name: placeName('村') },
            meta(),
          ),
          retractable: true,
        };
      }
      const v = alive(villages)!;
      return {
        stream: COUNTY_STREAM,
        event: divisionRenamed.create({ divisionId: v.id, level: 'village', name: placeName('村') }, meta()),
        retractable: true,
      };
    };

    const retractable: string[] = [];
    for (let slot = 0; slot < count; slot++) {
      const r = rnd();
      let p: Pending;
      const pool = recent.length > 0 ? recent : older;
      if (r < 0.001 && pool.length > 0) {
        let target = pick(pool);
        for (let i = 0; i < 10 && retracted.has(target); i++) target = pick(pool);
        if (retracted.has(target)) {
          slot -= 1;
          continue;
        }
        retracted.add(target);
        stats.retractions += 1;
        p = {
          stream: RETRACTIONS_STREAM,
          event: eventRetracted.create(
            { eventId: target, reason: pick(RETRACT_REASONS) },
            { authority: authority(year), actor: 'county-office' },
          ),
          retractable: false,
        };
      } else if (r < 0.0035) {
        stats.divisions += 1;
        p = division();
      } else if (r < 0.0535) {
        stats.officials += 1;
        p = official();
      } else {
        stats.service += 1;
        p = todayIndex < today.length ? service(today[todayIndex++]!) : newRequest();
      }
      p.event.id = uuid();
      pending.push(p);
    }
    // Follow-ups that did not fit today wait for tomorrow (a backlog, as at a real counter).
    if (todayIndex < today.length && day + 1 < due.length) due[day + 1]!.unshift(...today.slice(todayIndex));
    due[day] = [];
    flush(pending, dayStart, retractable);
    if (day % 90 === 89) {
      older = recent;
      recent = [];
    }
    recent.push(...retractable);
    if (performance.now() - lastProgress > 10_000) {
      lastProgress = performance.now();
      log(
        `  generated ${written.toLocaleString('en-US')} / ${total.toLocaleString('en-US')} events (${dateText(dayStart)})`,
      );
    }
  }
  const head = store.headPositionSync();
  await store.close();
  if (head !== total) throw new Error(`generator wrote ${head} events, expected ${total}`);
  stats.townships = townships.filter((t) => t.alive).map((t) => t.id);
  stats.generatedMs = Math.round(performance.now() - started);
  return stats;
}
