/**
 * The village and group part of the personnel story: the 2017 elections (about 40% of villages
 * with one person as secretary and director), the village reform day (every village 一肩挑, the
 * secretaries 6.3 years younger on average) and the group reform day (new group leaders from
 * returning migrant workers, reserve cadres and party members).
 */
import { postIdOf, type PersonnelChangeInput, type PersonSource } from '../index';
import { apportion, weighted } from '../../demo/draw';
import { agesSumming } from './people';
import {
  PERSONNEL_TARGETS,
  VILLAGE_EDUCATION_AFTER,
  VILLAGE_EDUCATION_BEFORE,
  personnelDemoDates,
  type DemoPerson,
  type Story,
} from './story';
import type { DivisionRef } from '../../demo/types';

/** Villages by township (one decision each), or in chunks when the parents are not known. */
function byParent(list: readonly DivisionRef[], size: number): DivisionRef[][] {
  const groups = new Map<string, DivisionRef[]>();
  list.forEach((d, i) => {
    const key = d.parentId ?? `chunk-${Math.floor(i / size)}`;
    groups.set(key, [...(groups.get(key) ?? []), d]);
  });
  return [...groups.values()];
}

const chunks = <T>(list: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(list.length / size) }, (_, i) => list.slice(i * size, (i + 1) * size));

export function villages(story: Story): void {
  const { county, random } = story;
  const dates = personnelDemoDates(county);
  const eve = dates.villages.before;
  const before = county.villages.before;
  const secretaryAges = agesSumming(
    random,
    before.length,
    Math.round(PERSONNEL_TARGETS.villageSecretariesAgeBefore * before.length),
    8,
    36,
    66,
  );
  const secretary = new Map<string, DemoPerson>();
  const director = new Map<string, DemoPerson>();
  let vi = 0;
  // 2017: the village two-committee elections (村两委换届), one decision per township
  for (const chunk of byParent(before, 12)) {
    const date = story.dateBetween('2017-03-01', '2017-04-28');
    const changes: PersonnelChangeInput[] = [];
    for (const v of chunk) {
      const sec = postIdOf(v.id, 'village-party-organisation', 'party-secretary');
      const dir = postIdOf(v.id, 'village-committee', 'committee-director');
      changes.push({
        op: 'establish-post',
        divisionId: v.id,
        organisation: 'village-party-organisation',
        role: 'party-secretary',
      });
      changes.push({
        op: 'establish-post',
        divisionId: v.id,
        organisation: 'village-committee',
        role: 'committee-director',
      });
      const [s, reg] = story.person({
        age: secretaryAges[vi++]!,
        ageOn: eve,
        education: weighted(random, VILLAGE_EDUCATION_BEFORE),
        partyMember: true,
        source: 'party-member',
        women: 0.1,
      });
      changes.push(reg, { op: 'appoint', personId: s.id, postId: sec });
      secretary.set(v.id, s);
      if (random.next() < 0.4) {
        changes.push({ op: 'appoint', personId: s.id, postId: dir });
        director.set(v.id, s);
      } else {
        const age = Math.max(30, Math.min(64, Math.round(50 + (random.next() - 0.5) * 20)));
        const [d, dreg] = story.person({
          age,
          ageOn: eve,
          education: weighted(random, VILLAGE_EDUCATION_BEFORE),
          partyMember: random.next() < 0.6,
          source: 'other',
          women: 0.15,
        });
        changes.push(dreg, { op: 'appoint', personId: d.id, postId: dir });
        director.set(v.id, d);
      }
    }
    story.decision(date, story.doc('委组', '2017', `中共${county.name}委组织部`), changes);
  }

  // The reform day: every village one person as secretary and director
  const day = dates.villages.after;
  const afterIds = new Set(county.villages.after.map((v) => v.id));
  const dismiss: PersonnelChangeInput[] = [];
  const appoint: PersonnelChangeInput[] = [];
  const abolish: PersonnelChangeInput[] = [];
  const fresh: DivisionRef[] = [];
  let carriedSum = 0;
  for (const v of county.villages.after) {
    const sec = postIdOf(v.id, 'village-party-organisation', 'party-secretary');
    const dir = postIdOf(v.id, 'village-committee', 'committee-director');
    const s = secretary.get(v.id);
    const d = director.get(v.id);
    if (s && s.age <= 58 && random.next() < 0.55) {
      carriedSum += s.age;
      if (d !== s) {
        if (d)
          dismiss.push({ op: 'dismiss', personId: d.id, postId: dir, reason: '村级建制调整，实行“一肩挑”' });
        appoint.push({ op: 'appoint', personId: s.id, postId: dir });
      }
      continue;
    }
    if (s) dismiss.push({ op: 'dismiss', personId: s.id, postId: sec, reason: '村级建制调整' });
    if (d) dismiss.push({ op: 'dismiss', personId: d.id, postId: dir, reason: '村级建制调整' });
    if (!s) {
      appoint.push({
        op: 'establish-post',
        divisionId: v.id,
        organisation: 'village-party-organisation',
        role: 'party-secretary',
      });
      appoint.push({
        op: 'establish-post',
        divisionId: v.id,
        organisation: 'village-committee',
        role: 'committee-director',
      });
    }
    fresh.push(v);
  }
  const beforeMean = secretaryAges.reduce((a, b) => a + b, 0) / secretaryAges.length;
  const afterSum = Math.round(
    (beforeMean - PERSONNEL_TARGETS.villageSecretariesAgeDrop) * county.villages.after.length,
  );
  const newAges = agesSumming(random, fresh.length, afterSum - carriedSum, 7, 28, 58);
  fresh.forEach((v, i) => {
    const source = weighted<PersonSource>(random, [
      ['returning-migrant-worker', 40],
      ['reserve-cadre', 30],
      ['party-member', 25],
      ['selected-graduate', 5],
    ]);
    const [p, reg] = story.person({
      age: newAges[i]!,
      ageOn: eve,
      education: weighted(random, VILLAGE_EDUCATION_AFTER),
      partyMember: true,
      source,
      women: 0.2,
    });
    appoint.push(reg);
    appoint.push({
      op: 'appoint',
      personId: p.id,
      postId: postIdOf(v.id, 'village-party-organisation', 'party-secretary'),
    });
    appoint.push({
      op: 'appoint',
      personId: p.id,
      postId: postIdOf(v.id, 'village-committee', 'committee-director'),
    });
  });
  for (const v of before) {
    if (afterIds.has(v.id)) continue;
    const s = secretary.get(v.id)!;
    const d = director.get(v.id)!;
    dismiss.push({
      op: 'dismiss',
      personId: s.id,
      postId: postIdOf(v.id, 'village-party-organisation', 'party-secretary'),
      reason: '村建制撤并',
    });
    dismiss.push({
      op: 'dismiss',
      personId: d.id,
      postId: postIdOf(v.id, 'village-committee', 'committee-director'),
      reason: '村建制撤并',
    });
    abolish.push({
      op: 'abolish-post',
      postId: postIdOf(v.id, 'village-party-organisation', 'party-secretary'),
    });
    abolish.push({ op: 'abolish-post', postId: postIdOf(v.id, 'village-committee', 'committee-director') });
  }
  story.decision(day, story.doc('委组', day.slice(0, 4), `中共${county.name}委组织部`), [
    ...dismiss,
    ...appoint,
    ...abolish,
  ]);
}

export function groups(story: Story): void {
  const { county, random } = story;
  const dates = personnelDemoDates(county);
  const leader = new Map<string, DemoPerson>();
  for (const chunk of chunks(county.groups.before, 40)) {
    const date = story.dateBetween('2017-05-02', '2017-06-30');
    const changes: PersonnelChangeInput[] = [];
    for (const g of chunk) {
      changes.push({ op: 'establish-post', divisionId: g.id, organisation: 'group', role: 'group-leader' });
      const source = weighted<PersonSource>(random, [
        ['other', 70],
        ['party-member', 20],
        ['returning-migrant-worker', 10],
      ]);
      const age = Math.max(35, Math.min(68, Math.round(55 + (random.next() - 0.5) * 22)));
      const [p, reg] = story.person({
        age,
        ageOn: dates.groups.before,
        education: weighted(random, VILLAGE_EDUCATION_BEFORE),
        partyMember: source === 'party-member',
        source,
        women: 0.2,
      });
      changes.push(reg, { op: 'appoint', personId: p.id, postId: postIdOf(g.id, 'group', 'group-leader') });
      leader.set(g.id, p);
    }
    story.decision(date, story.doc('民发', '2017', `${county.name}民政局`), changes);
  }
  const day = dates.groups.after;
  const afterIds = new Set(county.groups.after.map((g) => g.id));
  const dismiss: PersonnelChangeInput[] = [];
  const appoint: PersonnelChangeInput[] = [];
  const abolish: PersonnelChangeInput[] = [];
  const fresh: DivisionRef[] = [];
  for (const g of county.groups.after) {
    const old = leader.get(g.id);
    if (old && old.age <= 60 && random.next() < 0.3) continue;
    if (old)
      dismiss.push({
        op: 'dismiss',
        personId: old.id,
        postId: postIdOf(g.id, 'group', 'group-leader'),
        reason: '村民小组优化调整',
      });
    else
      appoint.push({ op: 'establish-post', divisionId: g.id, organisation: 'group', role: 'group-leader' });
    fresh.push(g);
  }
  // The new group leaders' sources, in the story's proportions
  const sources: PersonSource[] = (
    ['returning-migrant-worker', 'reserve-cadre', 'party-member', 'other'] as const
  ).flatMap((s, i) => Array<PersonSource>(apportion(fresh.length, [40, 25, 25, 10])[i]!).fill(s));
  random.shuffle(sources);
  fresh.forEach((g, i) => {
    const source = sources[i]!;
    const age = random.int(30, 52);
    const [p, reg] = story.person({
      age,
      ageOn: dates.groups.before,
      education: weighted(random, VILLAGE_EDUCATION_AFTER),
      partyMember: source === 'party-member',
      source,
      women: 0.25,
    });
    appoint.push(reg, { op: 'appoint', personId: p.id, postId: postIdOf(g.id, 'group', 'group-leader') });
  });
  for (const g of county.groups.before) {
    if (afterIds.has(g.id)) continue;
    dismiss.push({
      op: 'dismiss',
      personId: leader.get(g.id)!.id,
      postId: postIdOf(g.id, 'group', 'group-leader'),
      reason: '村民小组撤并',
    });
    abolish.push({ op: 'abolish-post', postId: postIdOf(g.id, 'group', 'group-leader') });
  }
  story.decision(day, story.doc('民发', day.slice(0, 4), `${county.name}民政局`), [
    ...dismiss,
    ...appoint,
    ...abolish,
  ]);
}
