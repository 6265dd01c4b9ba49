/**
 * The education demo for the demo county 青溪县: its schools before the township reform (spread
 * over the 33 townships), their re-layout after the merger of 2019-12-20 (small village primary
 * schools merged into boarding central schools, junior highs merged, nine-year schools formed,
 * public kindergartens opened in 2020–2023, buildings of merged schools given up a year later), and
 * enrolment reports every autumn from 2019 on — so the layout, utilisation and progress read models
 * tell the story: utilisation rising towards 94 %, the counts approaching the 2025 targets, and one
 * township still lacking a public kindergarten.
 *
 * Deterministic from `context.seed`; every command carries an idempotency key, so a second run
 * writes nothing. Nothing dated after `context.today` is recorded.
 */
import { seededRandom, type DemoContext, type NewEvent } from '@xianzhi/kernel';
import { townshipsAcrossReform } from '@xianzhi/divisions-contract';
import { changeSchool, closeSchool, mergeSchools, openSchool, reportEnrolment } from './decide';
import { educationStream, schoolOpened, termOf, type SchoolKind } from './index';

// ── the simulated county ───────────────────────────────────────────────────────────────────────

interface Sim {
  id: string;
  name: string;
  kind: SchoolKind;
  /** The township it was opened in. */
  townshipId: string;
  /** The township it belongs to after the reform. */
  survivorId: string;
  capacity: number;
  boarding: boolean;
  public: boolean;
  /** How full the school is relative to the county's level (small village schools are emptier). */
  factor: number;
  open: boolean;
  /** Capacity merged in and not yet given up. */
  absorbed: number;
}

interface Action {
  date: string;
  key: string;
  /** Updates the simulation and names the command to run (or nothing). */
  run: () => { command: Parameters<DemoContext['execute']>[0]; input: Record<string, unknown> } | undefined;
}

const REFORM = '2019-12-20';
/** The county-wide level of use by year (before the per-school factor). */
const LEVEL: Record<number, number> = {
  2019: 0.86,
  2020: 0.88,
  2021: 0.91,
  2022: 0.94,
  2023: 0.96,
  2024: 0.975,
  2025: 0.98,
};

export async function educationDemo(context: DemoContext): Promise<void> {
  const random = seededRandom(context.seed * 31 + 7);
  const county = context.countyCode;
  const { townships: old, survivorOf } = await townshipsAcrossReform(context, 'education.schools', {
    before: '2019-06-01',
    reform: REFORM,
  });
  const survivors = [...new Set(survivorOf.values())].sort();
  const nameOf = new Map(old.map((t) => [t.id, t.name]));

  const schools = new Map<string, Sim>();
  const before: NewEvent[] = [];
  const actions: Action[] = [];
  let seq = 0;
  // Keys are numbered in planning order (deterministic), so two actions never share one.
  const add = (date: string, key: string, run: Action['run']) =>
    actions.push({ date, key: `demo:education:${county}:${actions.length + 1}:${key}`, run });

  const open = (
    t: string,
    date: string,
    s: Omit<Sim, 'id' | 'townshipId' | 'survivorId' | 'open' | 'absorbed'>,
  ): Sim => {
    const id = `school-${county}-${String(++seq).padStart(3, '0')}`;
    const sim: Sim = {
      ...s,
      id,
      townshipId: t,
      survivorId: survivorOf.get(t) ?? t,
      open: false,
      absorbed: 0,
    };
    schools.set(id, sim);
    const data = {
      countyCode: county,
      schoolId: id,
      name: sim.name,
      kind: sim.kind,
      townshipId: t,
      capacity: sim.capacity,
      boarding: sim.boarding,
      public: sim.public,
    };
    if (date < REFORM) {
      // the schools as they stood before the reform: bulk history, appended in one go
      before.push(schoolOpened.create(data, { effectiveAt: date }));
      sim.open = true;
    } else {
      add(date, `open:${id}`, () => {
        sim.open = true;
        return { command: openSchool, input: { ...data, effectiveAt: date } };
      });
    }
    return sim;
  };
  const year = (from: number, to: number, md = '09-01') => `${random.int(from, to)}-${md}`;

  // 1. Before the reform: every township has village primaries; towns have a boarding central
  //    primary, a junior high and a public kindergarten; many xiangs lack one or the other.
  for (const t of old) {
    const town = t.kind === 'town';
    const base = t.name;
    const villages = t.children.filter((c) => c.kind === 'village');
    if (town || random.next() < 0.55) {
      open(t.id, year(1993, 2005), {
        name: `${base}中心小学`,
        kind: 'primary',
        capacity: random.int(20, 36) * 30,
        boarding: true,
        public: true,
        factor: 0.96 + random.next() * 0.1,
      });
    }
    if (town && random.next() < 0.35) {
      open(t.id, year(2003, 2012), {
        name: `${base}第二中心小学`,
        kind: 'primary',
        capacity: random.int(12, 20) * 30,
        boarding: true,
        public: true,
        factor: 0.9 + random.next() * 0.08,
      });
    }
    const villagePrimaries = (town ? 4 : 3) + (random.next() < 0.2 ? 1 : 0);
    for (let i = 0; i < villagePrimaries; i++) {
      const v = villages[i % Math.max(1, villages.length)];
      const name = v
        ? `${v.name.replace(/村$/, '')}村小学${i >= villages.length ? '二校区' : ''}`
        : `${base}第${i + 2}小学`;
      open(t.id, year(1993, 2008), {
        name,
        kind: 'primary',
        capacity: random.int(4, 10) * 30,
        boarding: false,
        public: true,
        factor: 0.68 + random.next() * 0.14,
      });
    }
    if (town || random.next() < 0.75) {
      open(t.id, year(1993, 2006), {
        name: `${base}初级中学`,
        kind: 'junior-high',
        capacity: random.int(16, 30) * 50,
        boarding: true,
        public: true,
        factor: 0.92 + random.next() * 0.1,
      });
      if (town && random.next() < 0.45) {
        open(t.id, year(2000, 2010), {
          name: `${base}第二初级中学`,
          kind: 'junior-high',
          capacity: random.int(8, 14) * 50,
          boarding: false,
          public: true,
          factor: 0.8 + random.next() * 0.1,
        });
      }
    }
    if (town ? random.next() < 0.85 : random.next() < 0.4) {
      open(t.id, year(2000, 2016), {
        name: `${base}中心幼儿园`,
        kind: 'kindergarten',
        capacity: random.int(6, 12) * 30,
        boarding: false,
        public: true,
        factor: 0.9 + random.next() * 0.12,
      });
    }
    if (town && random.next() < 0.3) {
      open(t.id, year(2008, 2017), {
        name: `${base}${random.pick(['小太阳', '启明星', '金色童年', '蓝天'])}幼儿园`,
        kind: 'kindergarten',
        capacity: random.int(4, 8) * 30,
        boarding: false,
        public: false,
        factor: 0.8 + random.next() * 0.12,
      });
    }
  }
  const xiang = old.find((t) => t.kind !== 'town') ?? old[0]!;
  open(xiang.id, '2012-09-01', {
    name: `${xiang.name}九年一贯制学校`,
    kind: 'nine-year',
    capacity: 1200,
    boarding: true,
    public: true,
    factor: 0.9,
  });

  // 2. After the reform, township by township (the survivors): merge village primaries into the
  //    boarding central schools in three waves, merge surplus boarding primaries and junior highs,
  //    give a township without a boarding primary one, open public kindergartens.
  const mergedInto = new Map<string, Sim[]>();
  const merge = (date: string, sources: Sim[], target: Sim) => {
    if (sources.length === 0) return;
    add(date, `merge:${target.id}:${date}`, () => {
      for (const s of sources) {
        s.open = false;
        target.capacity += s.capacity;
        target.absorbed += s.capacity;
      }
      return {
        command: mergeSchools,
        input: {
          countyCode: county,
          effectiveAt: date,
          sourceIds: sources.map((s) => s.id),
          targetId: target.id,
        },
      };
    });
    mergedInto.set(target.id, [...(mergedInto.get(target.id) ?? []), ...sources]);
    // A year on, the merged schools' buildings are given up but for a quarter (new dormitories).
    const later = `${Number(date.slice(0, 4)) + 1}-07-31`;
    add(later, `capacity:${target.id}:${date}`, () => {
      if (!target.open || target.absorbed === 0) return undefined;
      target.capacity -= Math.round((target.absorbed * 3) / 4);
      target.absorbed = 0;
      return {
        command: changeSchool,
        input: { countyCode: county, effectiveAt: later, schoolId: target.id, capacity: target.capacity },
      };
    });
  };
  const waves = ['2020-07-20', '2021-07-20', '2022-07-20'];
  const ofSurvivor = (s: string, pred: (x: Sim) => boolean) =>
    [...schools.values()].filter((x) => x.survivorId === s && pred(x));
  let noKindergarten: string | undefined;
  let nineYear = 0;
  survivors.forEach((s, si) => {
    const name = nameOf.get(s) ?? s;
    const boarding = ofSurvivor(s, (x) => x.kind === 'primary' && x.boarding).sort(
      (a, b) => b.capacity - a.capacity,
    );
    let centrals = boarding.slice(0, 3);
    merge('2020-07-20', boarding.slice(3), centrals[0]!);
    if (centrals.length === 0) {
      const biggest = ofSurvivor(s, (x) => x.kind === 'primary').sort((a, b) => b.capacity - a.capacity)[0]!;
      add('2020-08-20', `boarding:${biggest.id}`, () => {
        biggest.boarding = true;
        biggest.factor = 0.97;
        biggest.capacity += 300;
        return {
          command: changeSchool,
          input: {
            countyCode: county,
            effectiveAt: '2020-08-20',
            schoolId: biggest.id,
            boarding: true,
            capacity: biggest.capacity,
            name: `${name}中心小学`,
          },
        };
      });
      centrals = [biggest];
    }
    // village primaries: keep about two in five of them, merging the others wave by wave
    const village = random.shuffle(
      ofSurvivor(s, (x) => x.kind === 'primary' && !x.boarding && !centrals.includes(x)),
    );
    const keep = Math.max(1, Math.round(village.length * 0.42));
    const go = village.slice(keep);
    waves.forEach((wave, wi) => {
      const part = go.filter((_, i) => i % waves.length === wi);
      const byTarget = new Map<Sim, Sim[]>();
      part.forEach((x, i) => {
        const c = centrals[i % centrals.length]!;
        byTarget.set(c, [...(byTarget.get(c) ?? []), x]);
      });
      for (const [c, xs] of byTarget) merge(wave, xs, c);
    });
    // junior highs: at most three per township
    const juniors = ofSurvivor(s, (x) => x.kind === 'junior-high').sort((a, b) => b.capacity - a.capacity);
    merge('2021-07-20', juniors.slice(3), juniors[0]!);
    // two new nine-year schools (2021), each formed from a small junior high and a village primary
    if (nineYear < 2 && juniors.length >= 2) {
      nineYear += 1;
      const date = '2021-08-01';
      const nine = open(s, date, {
        name: `${name}九年一贯制学校`,
        kind: 'nine-year',
        capacity: 900,
        boarding: true,
        public: true,
        factor: 0.97,
      });
      const primary = village.slice(0, keep)[0];
      merge('2021-08-10', [juniors[1]!, ...(primary ? [primary] : [])], nine);
    }
    // kindergartens: a public one where there is none (but in one township, still planned in 2024)
    const publicKg = ofSurvivor(s, (x) => x.kind === 'kindergarten' && x.public);
    if (publicKg.length === 0) {
      if (noKindergarten === undefined) noKindergarten = s;
      else
        open(s, `${2020 + (si % 3)}-09-01`, {
          name: `${name}中心幼儿园`,
          kind: 'kindergarten',
          capacity: 270,
          boarding: false,
          public: true,
          factor: 0.95,
        });
    }
  });
  // more public kindergartens (a second campus in the bigger towns): 39 opened, one private closes
  const kindergartens = () => [...schools.values()].filter((x) => x.kind === 'kindergarten').length;
  for (let i = 0; kindergartens() < 39 && i < survivors.length * 3; i++) {
    const s = survivors[i % survivors.length]!;
    if (s === noKindergarten) continue;
    open(s, `${2021 + (i % 3)}-09-01`, {
      name: `${nameOf.get(s) ?? s}第${Math.floor(i / survivors.length) + 2}幼儿园`,
      kind: 'kindergarten',
      capacity: 240,
      boarding: false,
      public: true,
      factor: 0.93,
    });
  }
  // a private kindergarten closes (its licence not renewed)
  const priv = [...schools.values()].find((x) => x.kind === 'kindergarten' && !x.public);
  if (priv) {
    add('2022-01-20', `close:${priv.id}`, () => {
      priv.open = false;
      return {
        command: closeSchool,
        input: {
          countyCode: county,
          effectiveAt: '2022-01-20',
          schoolId: priv.id,
          reason: '办学许可证到期未续',
        },
      };
    });
  }

  // 3. Enrolment reports every autumn (the annual statistics, 09-20), for every school open then.
  for (let y = 2019; y <= 2025; y++) {
    for (const date of [`${y}-09-20`]) {
      add(date, `report:${termOf(date)}`, () => {
        const level = LEVEL[y] ?? 0.95;
        const reports = [...schools.values()]
          .filter((x) => x.open)
          .map((x) => {
            const noise = 0.97 + random.next() * 0.06;
            const share = x.absorbed > 0 ? 0.92 : 1; // right after a merger, not every pupil follows
            return {
              schoolId: x.id,
              enrolled: Math.round(x.capacity * Math.min(1.04, level * x.factor * noise * share)),
            };
          });
        return { command: reportEnrolment, input: { countyCode: county, effectiveAt: date, reports } };
      });
    }
  }

  // Record the schools of before the reform, then everything else in date order (then in the
  // order planned), up to today.
  await context.append(
    educationStream(county),
    before.filter((e) => e.metadata!.effectiveAt! <= context.today),
    { idempotencyKey: `demo:education:${county}:before-${REFORM}` },
  );
  const ordered = actions
    .map((a, i) => ({ a, i }))
    .sort((x, y) => x.a.date.localeCompare(y.a.date) || x.i - y.i);
  for (const { a } of ordered) {
    if (a.date > context.today) break;
    const next = a.run();
    if (next) await context.execute(next.command, next.input, { idempotencyKey: a.key });
  }
  context.log(
    `education: ${schools.size} schools over ${old.length} → ${survivors.length} townships, reports up to ${context.today}`,
  );
}
