/**
 * The township part of the personnel story: the leadership teams of the townships before the
 * reform (5 posts each), the new teams of 7 on the reform day (some leaders stay, some come from the
 * merged townships, the rest are new, so that the average age and education hit the targets), and
 * a few transfers and degrees afterwards.
 */
import {
  postIdOf,
  type EducationLevel,
  type Organisation,
  type PersonnelChangeInput,
  type PersonSource,
  type Role,
} from '../index';
import { weighted } from '../../demo/draw';
import { agesSumming } from './people';
import {
  PERSONNEL_TARGETS,
  TOWNSHIP_EDUCATION_BEFORE,
  bachelorPlus,
  personnelDemoDates,
  type DemoPerson,
  type Holding,
  type Story,
} from './story';

type Slot = readonly [Organisation, Role];
const SECRETARY: Slot = ['township-party-committee', 'party-secretary'];
const HEAD: Slot = ['township-government', 'township-head'];
const PARTY_DEPUTY: Slot = ['township-party-committee', 'deputy'];
const GOV_DEPUTY: Slot = ['township-government', 'deputy'];
const MEMBER: Slot = ['township-party-committee', 'member'];
const TEAM_BEFORE: readonly Slot[] = [SECRETARY, HEAD, PARTY_DEPUTY, GOV_DEPUTY, GOV_DEPUTY];
const TEAM_AFTER: readonly Slot[] = [
  SECRETARY,
  HEAD,
  PARTY_DEPUTY,
  PARTY_DEPUTY,
  GOV_DEPUTY,
  GOV_DEPUTY,
  MEMBER,
];

export function townships(story: Story): void {
  const { county, random } = story;
  const dates = personnelDemoDates(county);
  const eve = dates.townships.before;
  const before = county.townships.before;
  const ages = agesSumming(
    random,
    before.length * TEAM_BEFORE.length,
    Math.round(PERSONNEL_TARGETS.townshipLeadersAgeBefore * before.length * TEAM_BEFORE.length),
    7,
    30,
    57,
  );
  const teams = new Map<string, Holding[]>();
  // 2016–2018: each township's team, by one county decision each
  before.forEach((t, ti) => {
    const date = story.dateBetween('2016-01-04', '2018-12-20');
    const changes: PersonnelChangeInput[] = [];
    for (const slot of new Set(TEAM_BEFORE))
      changes.push({ op: 'establish-post', divisionId: t.id, organisation: slot[0], role: slot[1] });
    const team: Holding[] = [];
    TEAM_BEFORE.forEach((slot, si) => {
      const age = ages[ti * TEAM_BEFORE.length + si]!;
      const education = weighted(random, TOWNSHIP_EDUCATION_BEFORE);
      const source = age < 36 && bachelorPlus(education) ? 'selected-graduate' : 'other';
      const [p, reg] = story.person({
        age,
        ageOn: eve,
        education,
        partyMember: slot[0] === 'township-party-committee' || random.next() < 0.85,
        source,
        women: 0.15,
      });
      const postId = postIdOf(t.id, slot[0], slot[1]);
      changes.push(reg, { op: 'appoint', personId: p.id, postId });
      team.push({ person: p, postId, single: slot[1] !== 'deputy' });
    });
    teams.set(t.id, team);
    story.decision(date, story.doc('委', date.slice(0, 4), `中共${county.name}委员会`), changes);
  });

  // The reform day: new teams of 7
  const day = dates.townships.after;
  const afterIds = new Set(county.townships.after.map((t) => t.id));
  const beforeIds = new Set(before.map((t) => t.id));
  const establish: PersonnelChangeInput[] = [];
  const dismiss: PersonnelChangeInput[] = [];
  const transfers: PersonnelChangeInput[] = [];
  const appoint: PersonnelChangeInput[] = [];
  const abolish: PersonnelChangeInput[] = [];
  const open: { postId: string; slot: Slot; townshipId: string }[] = [];
  const carried: DemoPerson[] = [];
  for (const t of county.townships.after) {
    if (!beforeIds.has(t.id))
      for (const slot of new Set(TEAM_BEFORE))
        establish.push({ op: 'establish-post', divisionId: t.id, organisation: slot[0], role: slot[1] });
    establish.push({ op: 'establish-post', divisionId: t.id, organisation: MEMBER[0], role: MEMBER[1] });
    const kept = new Map<string, number>();
    for (const h of teams.get(t.id) ?? []) {
      const stays = h.person.age <= 52 && random.next() < (bachelorPlus(h.person.education) ? 0.5 : 0.15);
      if (stays) {
        carried.push(h.person);
        kept.set(h.postId, (kept.get(h.postId) ?? 0) + 1);
      } else
        dismiss.push({
          op: 'dismiss',
          personId: h.person.id,
          postId: h.postId,
          reason: '乡镇行政区划调整，免去原职务',
        });
    }
    for (const slot of TEAM_AFTER) {
      const postId = postIdOf(t.id, slot[0], slot[1]);
      const k = kept.get(postId) ?? 0;
      if (k > 0) kept.set(postId, k - 1);
      else open.push({ postId, slot, townshipId: t.id });
    }
  }
  random.shuffle(open);
  for (const t of before) {
    if (afterIds.has(t.id)) continue;
    for (const h of teams.get(t.id)!) {
      const moves = h.person.age <= 50 && random.next() < (bachelorPlus(h.person.education) ? 0.3 : 0.06);
      const target = moves
        ? open.findIndex((o) => h.person.partyMember || o.slot[0] === 'township-government')
        : -1;
      if (target >= 0) {
        const [o] = open.splice(target, 1);
        carried.push(h.person);
        transfers.push({ op: 'transfer', personId: h.person.id, fromPostId: h.postId, toPostId: o!.postId });
      } else
        dismiss.push({
          op: 'dismiss',
          personId: h.person.id,
          postId: h.postId,
          reason: '乡镇撤并，免去原职务',
        });
    }
    for (const slot of new Set(TEAM_BEFORE))
      abolish.push({ op: 'abolish-post', postId: postIdOf(t.id, slot[0], slot[1]) });
  }
  // New persons fill the open posts, so that the team's average age and education are the story's
  const total = county.townships.after.length * TEAM_AFTER.length;
  const beforeMean = ages.reduce((a, b) => a + b, 0) / ages.length;
  const afterSum = Math.round((beforeMean - PERSONNEL_TARGETS.townshipLeadersAgeDrop) * total);
  const carriedSum = carried.reduce((s, p) => s + p.age, 0);
  const newAges = agesSumming(random, open.length, afterSum - carriedSum, 6, 28, 55);
  const bachelorNeeded =
    Math.round((PERSONNEL_TARGETS.townshipLeadersBachelorAfter / 100) * total) -
    carried.filter((p) => bachelorPlus(p.education)).length;
  if (bachelorNeeded < 0 || bachelorNeeded > open.length)
    throw new Error(
      `the township story cannot reach ${PERSONNEL_TARGETS.townshipLeadersBachelorAfter}% bachelor+`,
    );
  open.forEach((o, i) => {
    const education: EducationLevel =
      i < bachelorNeeded ? (random.next() < 0.2 ? 'master' : 'bachelor') : 'associate';
    const age = newAges[i]!;
    const source: PersonSource = age < 36 && bachelorPlus(education) ? 'selected-graduate' : 'other';
    const partyMember = o.slot[0] === 'township-party-committee' || random.next() < 0.8;
    const [p, reg] = story.person({
      age,
      ageOn: dates.townships.before,
      education,
      partyMember,
      source,
      women: 0.2,
    });
    appoint.push(reg, { op: 'appoint', personId: p.id, postId: o.postId });
  });
  story.decision(day, story.doc('委', day.slice(0, 4), `中共${county.name}委员会`), [
    ...establish,
    ...dismiss,
    ...transfers,
    ...appoint,
    ...abolish,
  ]);

  // 2021–2022: deputies move between townships; some earn degrees
  const deputies = county.townships.after.map((t) => postIdOf(t.id, GOV_DEPUTY[0], GOV_DEPUTY[1]));
  const moved = (transfers as { personId: string; toPostId: string }[])
    .filter((t) => deputies.includes(t.toPostId))
    .slice(0, 3);
  moved.forEach((t, i) => {
    const to = deputies[(deputies.indexOf(t.toPostId) + 1 + i) % deputies.length]!;
    if (to === t.toPostId) return;
    const date = `2021-0${3 + i}-15`;
    story.command('transferPerson', {
      countyCode: county.countyCode,
      effectiveAt: date,
      authority: story.doc('委', '2021', `中共${county.name}委员会`),
      personId: t.personId,
      fromPostId: t.toPostId,
      toPostId: to,
    });
  });
  const upgrades = (
    appoint.filter((c) => c.op === 'register-person') as { personId: string; education: EducationLevel }[]
  )
    .filter((r) => r.education === 'associate')
    .slice(0, 5);
  if (upgrades.length) {
    story.decision(
      '2022-07-01',
      { documentNo: `${story.abbr}委组〔2022〕19号`, issuedBy: `中共${county.name}委组织部` },
      upgrades.map((u) => ({ op: 'update-person', personId: u.personId, education: 'bachelor' })),
    );
  }
}
