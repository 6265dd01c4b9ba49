/**
 * The scaffolding of the personnel demo story: the targets it must hit, the days it is measured
 * on, and `Story`, which numbers persons, documents and commands.
 */
import type { EducationLevel, PersonnelChangeInput, PersonSource } from '../index';
import { addDays, type Random } from '@xianzhi/kernel';
import { birthDateFor, personName } from './people';
import type { DemoCommand, DemoCounty } from '../../demo/types';

export const PERSONNEL_TARGETS = {
  townshipLeadersAgeBefore: 44.3,
  townshipLeadersAgeDrop: 2.2,
  townshipLeadersBachelorAfter: 74.6,
  villageSecretariesAgeBefore: 53.8,
  villageSecretariesAgeDrop: 6.3,
} as const;

/** The days to compare: the eve of each reform and the day itself. */
export function personnelDemoDates(county: DemoCounty) {
  const pair = (day: string) => ({ before: addDays(day, -1), after: day });
  return {
    townships: pair(county.dates.townships),
    villages: pair(county.dates.villages),
    groups: pair(county.dates.groups),
  };
}

export interface DemoPerson {
  id: string;
  age: number;
  education: EducationLevel;
  partyMember: boolean;
}

export interface Holding {
  person: DemoPerson;
  postId: string;
  single: boolean;
}

export const bachelorPlus = (e: EducationLevel) => e === 'bachelor' || e === 'master' || e === 'doctorate';

export class Story {
  readonly commands: DemoCommand[] = [];
  readonly abbr: string;
  #seq = 0;
  #docs = new Map<string, number>();

  constructor(
    readonly county: DemoCounty,
    readonly random: Random,
  ) {
    this.abbr = county.name.slice(0, 1);
  }

  doc(kind: string, year: string, issuedBy: string) {
    const key = `${kind}${year}`;
    const n = (this.#docs.get(key) ?? 0) + 1;
    this.#docs.set(key, n);
    return { documentNo: `${this.abbr}${kind}〔${year}〕${n * 3 + 7}号`, issuedBy };
  }

  decision(
    effectiveAt: string,
    authority: { documentNo: string; issuedBy: string },
    changes: PersonnelChangeInput[],
  ) {
    if (changes.length > 0)
      this.command('recordPersonnelDecision', {
        countyCode: this.county.countyCode,
        effectiveAt,
        authority,
        changes,
      });
  }

  command(command: string, input: Record<string, unknown> & { effectiveAt: string }) {
    this.commands.push({
      module: 'personnel',
      command,
      input,
      effectiveAt: input.effectiveAt,
      key: `demo:${this.county.countyCode}:personnel:${this.commands.length + 1}`,
    });
  }

  /** A new person with an exact age on `ageOn`; returns the person and its registration. */
  person(o: {
    age: number;
    ageOn: string;
    education: EducationLevel;
    partyMember: boolean;
    source: PersonSource;
    women: number;
  }): [DemoPerson, PersonnelChangeInput] {
    this.#seq += 1;
    const id = `p-${this.county.countyCode}-${String(this.#seq).padStart(5, '0')}`;
    const gender = this.random.next() < o.women ? 'female' : 'male';
    const p: DemoPerson = { id, age: o.age, education: o.education, partyMember: o.partyMember };
    return [
      p,
      {
        op: 'register-person',
        personId: id,
        name: personName(this.random, gender),
        gender,
        birthDate: birthDateFor(this.random, o.age, o.ageOn),
        education: o.education,
        partyMember: o.partyMember,
        source: o.source,
      },
    ];
  }

  dateBetween(from: string, to: string): string {
    const days = Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);
    return addDays(from, this.random.int(0, days));
  }
}

export const TOWNSHIP_EDUCATION_BEFORE: readonly (readonly [EducationLevel, number])[] = [
  ['associate', 38],
  ['vocational', 4],
  ['bachelor', 48],
  ['master', 10],
];
export const VILLAGE_EDUCATION_BEFORE: readonly (readonly [EducationLevel, number])[] = [
  ['junior-high', 35],
  ['senior-high', 30],
  ['vocational', 15],
  ['associate', 15],
  ['bachelor', 5],
];
export const VILLAGE_EDUCATION_AFTER: readonly (readonly [EducationLevel, number])[] = [
  ['senior-high', 20],
  ['vocational', 20],
  ['associate', 40],
  ['bachelor', 20],
];
