import { afterEach, describe, expect, it } from 'vitest';
import {
  EventRegistry,
  InvariantViolation,
  ValidationError,
  parseEffectiveAt,
  type AnyCommand,
} from '@xianzhi/kernel';
import { openSqliteEventStore, type SqliteEventStore } from '@xianzhi/event-store-sqlite';
import {
  ManualClock,
  createProjectionRuntime,
  executeCommand,
  retractEvent,
  type ProjectionRuntime,
} from '@xianzhi/projections';
import {
  abolishPost,
  appointToPost,
  cadreStatistics,
  compareCadreStatistics,
  dismissFromPost,
  establishPost,
  personnelModule,
  postIdOf,
  recordPersonnelDecision,
  registerPerson,
  transferPerson,
  updatePerson,
  type DivisionRoster,
  type PersonView,
} from './server';

const COUNTY = '510722';
const TOWN = 'div-510722-2';
const TOWN2 = 'div-510722-3';
const V1 = 'div-510722-5';
const V2 = 'div-510722-6';
const G1 = 'div-510722-9';
const doc = (documentNo: string) => ({ documentNo, issuedBy: '中共三台县委' });
const SECRETARY = postIdOf(TOWN, 'township-party-committee', 'party-secretary');
const SECRETARY2 = postIdOf(TOWN2, 'township-party-committee', 'party-secretary');
const DEPUTY = postIdOf(TOWN, 'township-government', 'deputy');
const V1_SEC = postIdOf(V1, 'village-party-organisation', 'party-secretary');
const V1_DIR = postIdOf(V1, 'village-committee', 'committee-director');
const V2_SEC = postIdOf(V2, 'village-party-organisation', 'party-secretary');
const V2_DIR = postIdOf(V2, 'village-committee', 'committee-director');
const G1_LEADER = postIdOf(G1, 'group', 'group-leader');

let store: SqliteEventStore;
let runtime: ProjectionRuntime;
let clock: ManualClock;

async function setup() {
  clock = new ManualClock(parseEffectiveAt('2024-06-30T12:00:00+08:00')!.ms);
  store = openSqliteEventStore({
    path: ':memory:',
    registry: new EventRegistry(personnelModule.events),
    now: () => clock.now(),
  });
  runtime = createProjectionRuntime({ store, projections: personnelModule.projections, clock });
  await runtime.start();
}

afterEach(async () => {
  await runtime.stop();
  await store.close();
});

const run = (command: AnyCommand, input: Record<string, unknown>) => {
  clock.advance(60_000);
  return executeCommand({ store, runtime }, command, { countyCode: COUNTY, ...input }, { actor: 'test' });
};

const person = (personId: string, name: string, birthDate: string, more: Record<string, unknown> = {}) => ({
  op: 'register-person',
  personId,
  name,
  gender: 'male',
  birthDate,
  education: 'bachelor',
  partyMember: true,
  source: 'other',
  ...more,
});

/** Two townships' and two villages' posts, four persons, established 2015-01-01. */
async function foundation() {
  return run(recordPersonnelDecision, {
    effectiveAt: '2015-01-01',
    authority: doc('三委〔2015〕1号'),
    changes: [
      person('p-zhang', '张建国', '1970-06-15'),
      person('p-li', '李秀英', '1982-03-01', { gender: 'female', education: 'master' }),
      person('p-wang', '王强', '1965-09-09', { education: 'senior-high' }),
      person('p-zhao', '赵明', '1990-01-20', {
        partyMember: false,
        education: 'associate',
        source: 'returning-migrant-worker',
      }),
      {
        op: 'establish-post',
        divisionId: TOWN,
        organisation: 'township-party-committee',
        role: 'party-secretary',
      },
      {
        op: 'establish-post',
        divisionId: TOWN2,
        organisation: 'township-party-committee',
        role: 'party-secretary',
      },
      { op: 'establish-post', divisionId: TOWN, organisation: 'township-government', role: 'deputy' },
      {
        op: 'establish-post',
        divisionId: V1,
        organisation: 'village-party-organisation',
        role: 'party-secretary',
      },
      { op: 'establish-post', divisionId: V1, organisation: 'village-committee', role: 'committee-director' },
      {
        op: 'establish-post',
        divisionId: V2,
        organisation: 'village-party-organisation',
        role: 'party-secretary',
      },
      { op: 'establish-post', divisionId: V2, organisation: 'village-committee', role: 'committee-director' },
      { op: 'establish-post', divisionId: G1, organisation: 'group', role: 'group-leader' },
    ],
  });
}

const roster = (divisionIds: string[], asOf?: string, knownAt?: number) =>
  runtime.query<DivisionRoster[]>(
    'personnel.roster',
    'roster',
    { divisionIds },
    { ...(asOf ? { asOf } : {}), ...(knownAt ? { knownAt } : {}) },
  );
const holdersOf = async (postId: string, asOf?: string, knownAt?: number) => {
  const division = postId.split(':')[0]!;
  const [r] = await roster([division], asOf, knownAt);
  return r!.posts.find((p) => p.postId === postId)!.holders.map((h) => h.name);
};

describe('personnel: persons', () => {
  it('registers persons (given or next id) and refuses a duplicate id or a birth date after the registration', async () => {
    await setup();
    await foundation();
    const r = await run(registerPerson, {
      effectiveAt: '2016-01-01',
      name: '刘芳',
      gender: 'female',
      birthDate: '1988-08-08',
      education: 'bachelor',
      partyMember: false,
    });
    expect(r.events[0]!.data).toMatchObject({
      personId: 'person-510722-5',
      countyCode: COUNTY,
      source: 'other',
    });
    await expect(
      run(registerPerson, {
        effectiveAt: '2016-01-01',
        personId: 'p-zhang',
        name: '张三',
        gender: 'male',
        birthDate: '1980-01-01',
        education: 'bachelor',
        partyMember: true,
      }),
    ).rejects.toThrow(/person p-zhang is already registered \(张建国, since 2015-01-01\)/);
    await expect(
      run(registerPerson, {
        effectiveAt: '2016-01-01',
        name: '未来',
        gender: 'male',
        birthDate: '2017-01-01',
        education: 'bachelor',
        partyMember: true,
      }),
    ).rejects.toThrow(/birth date 2017-01-01 of 未来 is not before 2016-01-01/);
    await expect(
      run(registerPerson, {
        effectiveAt: '2016-01-01',
        name: '',
        gender: 'x',
        birthDate: '1980-02-30',
        education: 'phd',
        partyMember: true,
      }),
    ).rejects.toBeInstanceOf(ValidationError);
  });

  it('updates education and party membership as of a date; refuses unknown persons, empty updates, and leaving the party while in a party post', async () => {
    await setup();
    await foundation();
    await run(updatePerson, { effectiveAt: '2018-07-01', personId: 'p-wang', education: 'associate' });
    const wang = (asOf: string) =>
      runtime.query<PersonView>('personnel.roster', 'person', { personId: 'p-wang' }, { asOf });
    expect((await wang('2018-06-30')).education).toBe('senior-high');
    expect((await wang('2018-07-01')).educationLabel).toBe('大专');
    await expect(
      run(updatePerson, { effectiveAt: '2018-07-01', personId: 'p-nobody', education: 'bachelor' }),
    ).rejects.toThrow(/no person p-nobody is registered as of 2018-07-01/);
    await expect(run(updatePerson, { effectiveAt: '2018-07-01', personId: 'p-wang' })).rejects.toBeInstanceOf(
      ValidationError,
    );
    await run(appointToPost, { effectiveAt: '2019-01-01', personId: 'p-wang', postId: V1_SEC });
    await expect(
      run(updatePerson, { effectiveAt: '2019-02-01', personId: 'p-wang', partyMember: false }),
    ).rejects.toThrow(/holds post .*村（社区）党组织党组织书记.* which needs a party member/);
  });
});

describe('personnel: posts', () => {
  it('establishes posts with derived ids, refuses duplicates, roles foreign to the organisation, and reuse of an abolished id', async () => {
    await setup();
    await foundation();
    await expect(
      run(establishPost, {
        effectiveAt: '2016-01-01',
        divisionId: TOWN,
        organisation: 'township-party-committee',
        role: 'party-secretary',
      }),
    ).rejects.toThrow(/already exists \(established on 2015-01-01\)/);
    const bad = run(establishPost, {
      effectiveAt: '2016-01-01',
      divisionId: TOWN,
      organisation: 'township-government',
      role: 'committee-director',
    });
    await expect(bad).rejects.toBeInstanceOf(ValidationError);
    await expect(bad).rejects.toThrow(/role: a township-government has no committee-director/);
    await run(abolishPost, {
      effectiveAt: '2019-12-20',
      postId: SECRETARY2,
      authority: doc('三委〔2019〕88号'),
    });
    await expect(
      run(establishPost, {
        effectiveAt: '2020-01-01',
        divisionId: TOWN2,
        organisation: 'township-party-committee',
        role: 'party-secretary',
      }),
    ).rejects.toThrow(/was abolished on 2019-12-20; an abolished post's id is never reused/);
    const titled = await run(establishPost, {
      effectiveAt: '2020-01-01',
      postId: 'deputy-agri',
      divisionId: TOWN,
      organisation: 'township-government',
      role: 'deputy',
      title: '副镇长（分管农业）',
    });
    expect(titled.events[0]!.data).toMatchObject({ postId: 'deputy-agri', title: '副镇长（分管农业）' });
  });

  it('abolishes an empty post (gone from the roster from that date) and refuses one that is still held, naming the holder', async () => {
    await setup();
    await foundation();
    await run(appointToPost, {
      effectiveAt: '2016-03-01',
      personId: 'p-zhang',
      postId: SECRETARY,
      authority: doc('三委〔2016〕12号'),
    });
    await expect(run(abolishPost, { effectiveAt: '2019-12-20', postId: SECRETARY })).rejects.toThrow(
      /is still held by 张建国 \(since 2016-03-01\); dismiss or transfer them/,
    );
    await expect(run(abolishPost, { effectiveAt: '2019-12-20', postId: 'no-such-post' })).rejects.toThrow(
      /no post no-such-post exists as of 2019-12-20/,
    );
    await run(abolishPost, { effectiveAt: '2019-12-20', postId: SECRETARY2 });
    expect((await roster([TOWN2], '2019-12-19'))[0]!.posts).toHaveLength(1);
    expect((await roster([TOWN2], '2019-12-20'))[0]!.posts).toHaveLength(0);
    await expect(
      run(appointToPost, { effectiveAt: '2020-01-01', personId: 'p-li', postId: SECRETARY2 }),
    ).rejects.toThrow(/was abolished on 2019-12-20/);
  });
});

describe('personnel: appointments, dismissals, transfers', () => {
  it('appoints to a single-holder post and refuses a second holder, naming the holder and since when', async () => {
    await setup();
    await foundation();
    const r = await run(appointToPost, {
      effectiveAt: '2016-03-01',
      personId: 'p-zhang',
      postId: SECRETARY,
      authority: doc('三委〔2016〕12号'),
    });
    expect(r.events[0]!.metadata.authority?.documentNo).toBe('三委〔2016〕12号');
    const second = run(appointToPost, { effectiveAt: '2017-05-01', personId: 'p-li', postId: SECRETARY });
    await expect(second).rejects.toBeInstanceOf(InvariantViolation);
    await expect(second).rejects.toThrow(
      /乡镇党委党委书记\) is held by 张建国（p-zhang） since 2016-03-01 \(三委〔2016〕12号\) and holds one person at a time; dismiss or transfer 张建国 first/,
    );
    await expect(
      run(appointToPost, { effectiveAt: '2017-05-01', personId: 'p-zhang', postId: SECRETARY }),
    ).rejects.toThrow(/张建国（p-zhang） already holds/);
    // a deputy post holds several persons
    await run(appointToPost, { effectiveAt: '2016-03-01', personId: 'p-li', postId: DEPUTY });
    await run(appointToPost, { effectiveAt: '2016-03-01', personId: 'p-zhao', postId: DEPUTY });
    expect(await holdersOf(DEPUTY)).toEqual(['李秀英', '赵明']);
  });

  it('refuses non-party members in party posts, minors, persons registered later and unknown posts', async () => {
    await setup();
    await foundation();
    await expect(
      run(appointToPost, { effectiveAt: '2016-03-01', personId: 'p-zhao', postId: V1_SEC }),
    ).rejects.toThrow(/赵明（p-zhao） is not a party member as of 2016-03-01/);
    await run(registerPerson, {
      effectiveAt: '2016-01-01',
      personId: 'p-young',
      name: '小刘',
      gender: 'male',
      birthDate: '2000-05-01',
      education: 'senior-high',
      partyMember: false,
    });
    await expect(
      run(appointToPost, { effectiveAt: '2016-03-01', personId: 'p-young', postId: G1_LEADER }),
    ).rejects.toThrow(/小刘（p-young） is 15 on 2016-03-01; a post needs someone at least 18/);
    await run(registerPerson, {
      effectiveAt: '2020-01-01',
      personId: 'p-late',
      name: '迟到',
      gender: 'male',
      birthDate: '1980-05-01',
      education: 'senior-high',
      partyMember: false,
    });
    await expect(
      run(appointToPost, { effectiveAt: '2019-03-01', personId: 'p-late', postId: G1_LEADER }),
    ).rejects.toThrow(/person p-late is only registered on 2020-01-01; it cannot be appointed on 2019-03-01/);
    await expect(
      run(appointToPost, { effectiveAt: '2019-03-01', personId: 'p-wang', postId: 'nowhere' }),
    ).rejects.toThrow(/no post nowhere exists as of 2019-03-01; establish it first/);
    await run(establishPost, {
      effectiveAt: '2020-01-01',
      postId: 'new-post',
      divisionId: TOWN,
      organisation: 'township-government',
      role: 'member',
    });
    await expect(
      run(appointToPost, { effectiveAt: '2019-03-01', personId: 'p-wang', postId: 'new-post' }),
    ).rejects.toThrow(
      /post new-post is only established on 2020-01-01; it cannot be given a holder on 2019-03-01/,
    );
  });

  it('dismisses a holder (the post is vacant from that date) and refuses dismissing a non-holder', async () => {
    await setup();
    await foundation();
    await run(appointToPost, { effectiveAt: '2016-03-01', personId: 'p-zhang', postId: SECRETARY });
    await run(dismissFromPost, {
      effectiveAt: '2019-12-20',
      personId: 'p-zhang',
      postId: SECRETARY,
      reason: '到龄退休',
      authority: doc('三委〔2019〕90号'),
    });
    expect(await holdersOf(SECRETARY, '2019-12-19')).toEqual(['张建国']);
    expect(await holdersOf(SECRETARY, '2019-12-20')).toEqual([]);
    const zhang = await runtime.query<PersonView>('personnel.roster', 'person', { personId: 'p-zhang' });
    expect(zhang.career).toEqual([
      expect.objectContaining({
        postId: SECRETARY,
        from: '2016-03-01',
        to: '2019-12-20',
        endDocumentNo: '三委〔2019〕90号',
        divisionId: TOWN,
      }),
    ]);
    await expect(
      run(dismissFromPost, { effectiveAt: '2020-01-01', personId: 'p-zhang', postId: SECRETARY }),
    ).rejects.toThrow(/张建国（p-zhang） does not hold post .* on 2020-01-01/);
    await expect(
      run(dismissFromPost, { effectiveAt: '2016-01-01', personId: 'p-li', postId: SECRETARY }),
    ).rejects.toThrow(/李秀英（p-li） does not hold/);
  });

  it('transfers a person between posts in one command; refuses an occupied target or the same post', async () => {
    await setup();
    await foundation();
    await run(appointToPost, { effectiveAt: '2016-03-01', personId: 'p-zhang', postId: SECRETARY });
    await run(appointToPost, { effectiveAt: '2016-03-01', personId: 'p-li', postId: SECRETARY2 });
    await expect(
      run(transferPerson, {
        effectiveAt: '2018-01-01',
        personId: 'p-zhang',
        fromPostId: SECRETARY,
        toPostId: SECRETARY2,
      }),
    ).rejects.toThrow(/is held by 李秀英（p-li）/);
    await expect(
      run(transferPerson, {
        effectiveAt: '2018-01-01',
        personId: 'p-zhang',
        fromPostId: SECRETARY,
        toPostId: SECRETARY,
      }),
    ).rejects.toThrow(/two different posts/);
    await expect(
      run(transferPerson, {
        effectiveAt: '2018-01-01',
        personId: 'p-wang',
        fromPostId: SECRETARY,
        toPostId: DEPUTY,
      }),
    ).rejects.toThrow(/王强（p-wang） does not hold/);
    const r = await run(transferPerson, {
      effectiveAt: '2018-01-01',
      personId: 'p-zhang',
      fromPostId: SECRETARY,
      toPostId: DEPUTY,
      authority: doc('三委〔2018〕3号'),
    });
    expect(r.events.map((e) => e.type)).toEqual(['personnel.transferred']);
    expect(await holdersOf(SECRETARY, '2018-01-01')).toEqual([]);
    expect(await holdersOf(DEPUTY, '2018-01-01')).toEqual(['张建国']);
    expect(await holdersOf(SECRETARY, '2017-12-31')).toEqual(['张建国']);
  });

  it('records a decision all or nothing, naming the failing change', async () => {
    await setup();
    await foundation();
    const head = await store.headPosition();
    const decision = run(recordPersonnelDecision, {
      effectiveAt: '2016-03-01',
      changes: [
        { op: 'appoint', personId: 'p-zhang', postId: SECRETARY },
        { op: 'appoint', personId: 'p-li', postId: SECRETARY },
      ],
    });
    await expect(decision).rejects.toThrow(/^changes\[1\] \(appoint\): .* is held by 张建国/);
    expect(await store.headPosition()).toBe(head);
    await expect(
      run(recordPersonnelDecision, { effectiveAt: '2016-03-01', changes: [] }),
    ).rejects.toBeInstanceOf(ValidationError);
  });
});

describe('personnel: time', () => {
  it('records a past tenure with `until`, and refuses a backdated appointment that overlaps a later one, naming it', async () => {
    await setup();
    await foundation();
    const x = await run(appointToPost, {
      effectiveAt: '2016-03-01',
      personId: 'p-zhang',
      postId: SECRETARY,
      authority: doc('三委〔2016〕12号'),
    });
    await run(appointToPost, {
      effectiveAt: '2015-02-01',
      until: '2016-01-31',
      personId: 'p-li',
      postId: SECRETARY,
      authority: doc('三委〔2015〕5号'),
    });
    expect(await holdersOf(SECRETARY, '2015-06-01')).toEqual(['李秀英']);
    expect(await holdersOf(SECRETARY, '2016-02-15')).toEqual([]);
    expect(await holdersOf(SECRETARY, '2016-03-01')).toEqual(['张建国']);
    await expect(
      run(appointToPost, { effectiveAt: '2016-02-01', personId: 'p-wang', postId: SECRETARY }),
    ).rejects.toThrow(
      new RegExp(
        `contradicts personnel.appointed effective 2016-03-01 \\(三委〔2016〕12号\\), recorded .* as event ${x.events[0]!.id}: .* is held by 王强`,
      ),
    );
    await expect(
      run(appointToPost, {
        effectiveAt: '2015-02-01',
        until: '2015-01-01',
        personId: 'p-wang',
        postId: V2_SEC,
      }),
    ).rejects.toThrow(/ends on 2015-01-01, which is not after its start on 2015-02-01/);
    await expect(
      run(appointToPost, {
        effectiveAt: '2015-02-01',
        until: '2016-06-01',
        personId: 'p-wang',
        postId: SECRETARY,
      }),
    ).rejects.toThrow(/is held by 李秀英/);
  });

  it('answers the roster before, between and after changes, as known before a backdated appointment, and after a retraction', async () => {
    await setup();
    await foundation();
    await run(appointToPost, { effectiveAt: '2016-03-01', personId: 'p-zhang', postId: SECRETARY });
    const beforeBackdate = clock.now();
    await run(appointToPost, { effectiveAt: '2015-06-01', personId: 'p-wang', postId: V1_SEC });
    expect(await holdersOf(V1_SEC, '2015-05-31')).toEqual([]);
    expect(await holdersOf(V1_SEC, '2015-06-01')).toEqual(['王强']);
    expect(await holdersOf(V1_SEC, '2015-06-01', beforeBackdate)).toEqual([]);
    const wrong = await run(appointToPost, { effectiveAt: '2017-01-01', personId: 'p-li', postId: V1_DIR });
    clock.advance(3_600_000);
    const r = await retractEvent(store, runtime, {
      eventId: wrong.events[0]!.id,
      reason: '任职文件录入错误',
      authority: doc('三委〔2017〕2号'),
    });
    await runtime.waitForPosition(r.lastPosition);
    expect(await holdersOf(V1_DIR, '2018-01-01')).toEqual([]);
    expect(await holdersOf(V1_DIR, '2018-01-01', r.events[0]!.recordedMs - 1)).toEqual(['李秀英']);
    // the decider no longer sees the retracted appointment: the post is free
    await run(appointToPost, { effectiveAt: '2017-01-01', personId: 'p-zhao', postId: V1_DIR });
    expect(await holdersOf(V1_DIR, '2018-01-01')).toEqual(['赵明']);
  });
});

describe('personnel: statistics', () => {
  async function villages() {
    await foundation();
    await run(recordPersonnelDecision, {
      effectiveAt: '2017-01-01',
      changes: [
        { op: 'appoint', personId: 'p-wang', postId: V1_SEC },
        { op: 'appoint', personId: 'p-wang', postId: V1_DIR },
        { op: 'appoint', personId: 'p-li', postId: V2_SEC },
        { op: 'appoint', personId: 'p-zhao', postId: V2_DIR },
        { op: 'appoint', personId: 'p-zhao', postId: G1_LEADER },
        { op: 'appoint', personId: 'p-zhang', postId: SECRETARY },
      ],
    });
  }

  it('computes average age on the as-of date, bachelor share, sources and women by level', async () => {
    await setup();
    await villages();
    const secretaries = await cadreStatistics(runtime, {
      level: 'village-party-secretaries',
      asOf: '2020-02-29',
    });
    // 王强 1965-09-09 → 54; 李秀英 1982-03-01 → 37 on 2020-02-29
    expect(secretaries).toMatchObject({
      on: '2020-02-29',
      count: 2,
      averageAge: 45.5,
      bachelorOrHigher: { count: 1, percent: 50 },
      women: { count: 1, percent: 50 },
    });
    const nextDay = await cadreStatistics(runtime, {
      level: 'village-party-secretaries',
      asOf: '2020-03-01',
    });
    expect(nextDay.averageAge).toBe(46);
    const leaders = await cadreStatistics(runtime, { level: 'village-leaders', asOf: '2020-03-01' });
    expect(leaders.count).toBe(3); // 王强 holds two posts and counts once
    expect(leaders.partyMembers).toBe(2);
    const groups = await cadreStatistics(runtime, { level: 'group-leaders', asOf: '2020-03-01' });
    expect(groups.bySource['returning-migrant-worker']).toBe(1);
    const township = await cadreStatistics(runtime, { level: 'township-leaders', asOf: '2020-03-01' });
    expect(township).toMatchObject({ count: 1, averageAge: 49, byEducation: { bachelor: 1 } });
    expect((await cadreStatistics(runtime, { level: 'township-leaders', asOf: '2016-12-31' })).count).toBe(0);
    await expect(runtime.query('personnel.roster', 'statistics', { level: 'all' })).rejects.toBeInstanceOf(
      ValidationError,
    );
  });

  it('computes dual-role (一肩挑) coverage over villages with both posts filled and over all villages given', async () => {
    await setup();
    await villages();
    const s = await cadreStatistics(runtime, { level: 'village-party-secretaries', asOf: '2018-01-01' });
    expect(s.dualRole).toEqual({
      villages: 2,
      bothFilled: 2,
      dualRole: 1,
      percentOfFilled: 50,
      percentOfAll: 50,
      without: [V2],
    });
    const withUnstaffed = await cadreStatistics(runtime, {
      asOf: '2018-01-01',
      villageIds: [V1, V2, 'div-510722-7', 'div-510722-8'],
    });
    expect(withUnstaffed.dualRole).toMatchObject({
      villages: 4,
      bothFilled: 2,
      dualRole: 1,
      percentOfFilled: 50,
      percentOfAll: 25,
    });
    // 2020: 赵明 leaves V2's committee and 李秀英 takes it: both villages have dual role
    await run(recordPersonnelDecision, {
      effectiveAt: '2020-01-01',
      changes: [
        { op: 'dismiss', personId: 'p-zhao', postId: V2_DIR },
        { op: 'appoint', personId: 'p-li', postId: V2_DIR },
      ],
    });
    const cmp = await compareCadreStatistics(runtime, {
      level: 'village-party-secretaries',
      from: '2019-12-31',
      to: '2020-01-01',
    });
    expect(cmp.before.dualRole.percentOfFilled).toBe(50);
    expect(cmp.after.dualRole.percentOfFilled).toBe(100);
    expect(cmp.averageAgeChange).toBe(0);
    const one = await cadreStatistics(runtime, {
      level: 'village-party-secretaries',
      asOf: '2020-01-01',
      divisionIds: [V1],
    });
    expect(one).toMatchObject({ count: 1, dualRole: { villages: 1, dualRole: 1 } });
  });
});
