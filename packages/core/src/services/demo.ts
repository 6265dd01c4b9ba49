/**
 * The services story of the demo county: the four-level service system opened level by level after
 * each reform (county centre → township centres → village service rooms → grid workers), then about
 * 200,000 service requests over 2021–2023 with their lifecycles — proxy services (民事代办) mostly at
 * the village rooms and grid workers, lead times from hours at the county centre to days in the
 * villages.
 *
 * The points are commands. The requests are bulk appends, one stream per request holding its whole
 * lifecycle in one append, each event produced by the request deciders themselves (so they are what
 * the commands would have written), generated lazily in batches of 1,000 streams: about 650,000
 * events for 200,000 requests, never all in memory.
 */
import {
  addDays,
  seededRandom,
  type DemoContext,
  type NewEvent,
  type Random,
  type RecordedEvent,
} from '@xianzhi/kernel';
import { apportion, weighted } from '../demo/draw';
import { recordStory } from '../demo/story';
import { servicesCommands } from './commands';
import { pointIdOf, serviceRequestStream, type PointLevel, type ServiceKind } from './index';
import {
  acceptDecider,
  completeDecider,
  evolveRequest,
  proxyDecider,
  rejectDecider,
  requestDecider,
  type RequestState,
} from './lifecycle';
import type { DemoAppend, DemoCommand, DemoCounty, DemoScript, DivisionRef } from '../demo/types';

export interface ServicesDemoOptions {
  /** Requests to generate (default 200,000). */
  requests?: number;
  /** First and last month (default 2021-01 to 2023-12). */
  from?: string;
  to?: string;
  /** Streams per yielded batch (default 1,000). */
  batchSize?: number;
}

export const SERVICES_TARGETS = {
  requests: 200_000,
  /** Share of requests per level. */
  levels: {
    'county-centre': 0.25,
    'township-centre': 0.4,
    'village-room': 0.25,
    'grid-worker': 0.1,
  } satisfies Record<PointLevel, number>,
  /** Share of the accepted requests handled by proxy, per level. */
  proxied: {
    'county-centre': 0.02,
    'township-centre': 0.12,
    'village-room': 0.45,
    'grid-worker': 0.85,
  } satisfies Record<PointLevel, number>,
  /** Median hours from request to completion (before proxy), per level. */
  medianHours: {
    'county-centre': 2,
    'township-centre': 16,
    'village-room': 30,
    'grid-worker': 40,
  } satisfies Record<PointLevel, number>,
} as const;

const LEVELS: PointLevel[] = ['county-centre', 'township-centre', 'village-room', 'grid-worker'];

const KINDS: Record<PointLevel, readonly (readonly [ServiceKind, number])[]> = {
  'county-centre': [
    ['social-insurance', 25],
    ['medical-insurance', 20],
    ['household-registration', 15],
    ['land-and-housing', 15],
    ['employment', 10],
    ['certification', 10],
    ['other', 5],
  ],
  'township-centre': [
    ['social-insurance', 20],
    ['medical-insurance', 20],
    ['civil-affairs', 15],
    ['agricultural-subsidy', 15],
    ['certification', 15],
    ['land-and-housing', 10],
    ['other', 5],
  ],
  'village-room': [
    ['civil-affairs', 30],
    ['agricultural-subsidy', 20],
    ['certification', 20],
    ['medical-insurance', 15],
    ['social-insurance', 10],
    ['other', 5],
  ],
  'grid-worker': [
    ['civil-affairs', 40],
    ['medical-insurance', 25],
    ['social-insurance', 20],
    ['other', 15],
  ],
};

interface Point {
  id: string;
  level: PointLevel;
}

const MINUTE = 60_000;
const HOUR = 3_600_000;

/** A standard normal draw (Box–Muller). */
const normal = (random: Random) =>
  Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next());

function months(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = from.split('-').map(Number) as [number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  while (y < ty || (y === ty && m <= tm)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    if (++m > 12) [y, m] = [y + 1, 1];
  }
  return out;
}

/** One request's lifecycle, decided step by step by the module's own deciders. */
function steps() {
  let state: RequestState = {};
  const events: NewEvent[] = [];
  /** `ms` is the step's time (the decider was given it as an ISO instant). */
  const step = (ms: number, decide: (state: RequestState) => NewEvent[]) => {
    for (const e of decide(state)) {
      const recorded = { type: e.type, data: e.data, metadata: e.metadata, effectiveMs: ms } as RecordedEvent;
      state = evolveRequest(state, recorded);
      events.push(e);
    }
  };
  return { events, step };
}

function pointsOf(county: DemoCounty) {
  const centre: Point & { divisionId: string; name: string } = {
    id: pointIdOf(county.county.id, 'county-centre'),
    level: 'county-centre',
    divisionId: county.county.id,
    name: `${county.name}政务服务中心`,
  };
  const townships = county.townships.after.map((t) => ({
    id: pointIdOf(t.id, 'township-centre'),
    level: 'township-centre' as const,
    divisionId: t.id,
    name: `${t.name}便民服务中心`,
    parentPointId: centre.id,
  }));
  const townshipOf = (d: DivisionRef, i: number) =>
    townships.find((p) => p.divisionId === d.parentId) ?? townships[i % townships.length]!;
  const rooms = county.villages.after.map((v, i) => ({
    id: pointIdOf(v.id, 'village-room'),
    level: 'village-room' as const,
    divisionId: v.id,
    name: `${v.name}便民服务室`,
    parentPointId: townshipOf(v, i).id,
  }));
  const villageName = new Map(county.villages.after.map((v) => [v.id, v.name]));
  const grid = county.groups.after.map((g, i) => {
    const room = rooms.find((r) => r.divisionId === g.parentId) ?? rooms[i % rooms.length]!;
    return {
      id: pointIdOf(g.id, 'grid-worker'),
      level: 'grid-worker' as const,
      divisionId: g.id,
      name: `${villageName.get(g.parentId ?? '') ?? ''}${g.name}网格员`,
      parentPointId: room.id,
    };
  });
  return { centre, townships, rooms, grid };
}

/**
 * @example
 * const script = servicesDemo(county, seededRandom(2019));
 * for await (const batch of script.appends!()) for (const a of batch) await store.append(a.stream, a.events, { expectedRevision: 'no-stream', idempotencyKey: a.key });
 */
export function servicesDemo(
  county: DemoCounty,
  random: Random,
  options: ServicesDemoOptions = {},
): DemoScript {
  const total = options.requests ?? SERVICES_TARGETS.requests;
  const monthList = months(options.from ?? '2021-01', options.to ?? '2023-12');
  const batchSize = options.batchSize ?? 1_000;
  const { centre, townships, rooms, grid } = pointsOf(county);
  const opened = {
    'county-centre': '2016-01-01',
    'township-centre': addDays(county.dates.townships, 12),
    'village-room': addDays(county.dates.villages, 1),
    'grid-worker': addDays(county.dates.groups, 1),
  };
  const authority = {
    documentNo: `${county.name.slice(0, 1)}府办发〔2020〕21号`,
    issuedBy: `${county.name}人民政府办公室`,
  };
  const commands: DemoCommand[] = (
    [
      ['county-centre', [centre]],
      ['township-centre', townships],
      ['village-room', rooms],
      ['grid-worker', grid],
    ] as const
  ).map(([level, points]) => ({
    module: 'services',
    command: 'openServicePoints',
    input: {
      countyCode: county.countyCode,
      effectiveAt: opened[level],
      ...(level === 'county-centre' ? {} : { authority }),
      points: points.map(({ id, ...p }) => ({ pointId: id, ...p })),
    },
    effectiveAt: opened[level],
    key: `demo:${county.countyCode}:services:points:${level}`,
  }));
  const byLevel: Record<PointLevel, Point[]> = {
    'county-centre': [centre],
    'township-centre': townships,
    'village-room': rooms,
    'grid-worker': grid,
  };
  const seed = random.int(0, 2 ** 31 - 1);

  async function* appends(): AsyncIterable<DemoAppend[]> {
    const rng = seededRandom(seed);
    // busier points get more requests
    const weights = Object.fromEntries(
      LEVELS.map((l) => [l, byLevel[l].map(() => 0.4 + rng.next() * 1.2)]),
    ) as Record<PointLevel, number[]>;
    const monthWeights = monthList.map(
      (m, i) =>
        (1 + 0.012 * i) * (m.endsWith('-02') ? 0.7 : m.endsWith('-01') ? 1.15 : 0.95 + rng.next() * 0.1),
    );
    const perMonth = apportion(total, monthWeights);
    let batch: DemoAppend[] = [];
    for (const [mi, month] of monthList.entries()) {
      const [y, m] = month.split('-').map(Number) as [number, number];
      const start = Date.UTC(y, m - 1, 1) - 8 * HOUR;
      const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
      const perLevel = apportion(
        perMonth[mi]!,
        LEVELS.map((l) => SERVICES_TARGETS.levels[l]),
      );
      const requests: { level: PointLevel; point: Point; at: number }[] = [];
      LEVELS.forEach((level, li) => {
        const points = byLevel[level];
        const counts = apportion(perLevel[li]!, weights[level]);
        points.forEach((point, pi) => {
          for (let k = 0; k < counts[pi]!; k++) {
            const open = level === 'grid-worker' ? 8 * 60 : 8 * 60 + 30;
            const close = level === 'grid-worker' ? 20 * 60 : 17 * 60 + 30;
            const at =
              start +
              rng.int(0, days - 1) * 24 * HOUR +
              rng.int(open, close) * MINUTE +
              rng.int(0, 59) * 1000;
            requests.push({ level, point, at });
          }
        });
      });
      requests.sort((a, b) => a.at - b.at);
      const yyyymm = month.replace('-', '');
      for (const [ri, r] of requests.entries()) {
        const requestId = `${county.countyCode}-${yyyymm}-${String(ri + 1).padStart(5, '0')}`;
        batch.push({
          stream: serviceRequestStream(requestId),
          events: lifecycle(rng, requestId, r.point, r.level, r.at),
          key: `demo:${county.countyCode}:services:${requestId}`,
        });
        if (batch.length >= batchSize) {
          yield batch;
          batch = [];
        }
      }
    }
    if (batch.length) yield batch;
  }

  return {
    module: 'services',
    commands,
    appends,
    summary: `便民服务：${1 + townships.length + rooms.length + grid.length} 个服务点（四级），${total} 件服务事项（${monthList[0]} 至 ${monthList[monthList.length - 1]}）`,
  };
}

function lifecycle(rng: Random, requestId: string, point: Point, level: PointLevel, at: number): NewEvent[] {
  const life = steps();
  const iso = (ms: number) => new Date(ms).toISOString();
  const kind = weighted(rng, KINDS[level]);
  life.step(at, (s) =>
    requestDecider.decide({ requestId, pointId: point.id, kind, effectiveAt: iso(at) }, s),
  );
  if (rng.next() < 0.02) {
    const rejected = at + rng.int(10, 90) * MINUTE;
    life.step(rejected, (s) =>
      rejectDecider.decide(
        { requestId, effectiveAt: iso(rejected), reason: '申请材料不全，已一次性告知补正' },
        s,
      ),
    );
    return life.events;
  }
  const accepted = at + (level === 'county-centre' ? rng.int(2, 30) : rng.int(5, 90)) * MINUTE;
  life.step(accepted, (s) => acceptDecider.decide({ requestId, effectiveAt: iso(accepted) }, s));
  let last = accepted;
  const proxied = rng.next() < SERVICES_TARGETS.proxied[level];
  if (proxied) {
    last = accepted + rng.int(20, 360) * MINUTE;
    const agent = level === 'grid-worker' ? '网格员' : '代办员';
    life.step(last, (s) => proxyDecider.decide({ requestId, effectiveAt: iso(last), agent }, s));
    if (rng.next() < 0.015) {
      const rejected = last + rng.int(1, 48) * HOUR;
      life.step(rejected, (s) =>
        rejectDecider.decide({ requestId, effectiveAt: iso(rejected), reason: '经核实不符合办理条件' }, s),
      );
      return life.events;
    }
  }
  const median = SERVICES_TARGETS.medianHours[level] * (proxied ? 1.6 : 1) * HOUR;
  const done = Math.max(last + 5 * MINUTE, at + Math.round(median * Math.exp(0.7 * normal(rng))));
  life.step(done, (s) => completeDecider.decide({ requestId, effectiveAt: iso(done) }, s));
  return life.events;
}

/** The services demo at `scale: 'small'`: every point and month, a sixty-sixth of the requests. */
export const SMALL_SERVICES: ServicesDemoOptions = { requests: 3_000 };

/** The services module's `demo` hook: records the story (scaled down when `context.scale` is `small`, unless `options` say otherwise). */
export const recordServicesDemo = (context: DemoContext, options?: ServicesDemoOptions): Promise<void> =>
  recordStory(
    context,
    (county, random) =>
      servicesDemo(county, random, options ?? (context.scale === 'small' ? SMALL_SERVICES : {})),
    {
      module: 'services',
      title: '便民服务',
      commands: servicesCommands,
    },
  );
