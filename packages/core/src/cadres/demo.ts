/**
 * The cadre pay and training story of the demo county (the personnel story runs first):
 *
 * - 2019-01-01 pay scales: a village party secretary 2,800 元 a month; 2021-01-01 raised to the
 *   county's target, 3,500 元;
 * - the payroll of December 2020 (old scale) and of June 2021 (new scale — a few villages still pay
 *   3,200 元, one of which is corrected with back pay on 2021-08-01);
 * - 2021: a training course for forty village party secretaries (March) and a rotation course for
 *   the village “two committees” (September) attended by 85% of them.
 */
import { addDays, type DemoContext, type Random } from '@xianzhi/kernel';
import { recordStory } from '../demo/story';
import type { DemoCounty, DemoScript } from '../demo/types';
import type { DivisionRoster } from '../personnel/roster';
import { cadresCommands } from './decide';
import { CADRE_ORGANISATIONS, isSecretaryPost, SECRETARY_PAY_TARGET_FEN } from './vocabulary';

export const CADRES_DEMO = {
  oldScale: '2019-01-01',
  newScale: '2021-01-01',
  months: ['2020-12', '2021-06'] as const,
  correction: '2021-08-01',
  secretaryCourse: '2021-03-15',
  rotation: '2021-09-06',
  /** Villages paying less than the target in June 2021 (before the correction of one of them). */
  belowTarget: 3,
  /** Places of the secretaries' course (drawn among the secretaries). */
  secretaryPlaces: 40,
  /** The share of the two committees' members attending the rotation course. */
  rotationShare: 0.85,
} as const;

/** The holders the story pays and trains, read from the personnel roster. */
export interface CadresDemoPeople {
  /** Per payroll month: [postId, personId] of each village party secretary at the month's end. */
  secretaries: Record<string, [string, string][]>;
  /** Person ids of the village party secretaries and of the two committees at the courses' dates. */
  secretaryCourse: string[];
  rotation: string[];
}

const SCALES = (secretaryFen: number, directorFen: number, memberFen: number, groupFen: number) => [
  { organisation: 'village-party-organisation', role: 'party-secretary', monthlyFen: secretaryFen },
  { organisation: 'village-party-organisation', role: 'deputy', monthlyFen: memberFen },
  { organisation: 'village-party-organisation', role: 'member', monthlyFen: memberFen },
  { organisation: 'village-committee', role: 'committee-director', monthlyFen: directorFen },
  { organisation: 'village-committee', role: 'deputy', monthlyFen: memberFen },
  { organisation: 'village-committee', role: 'member', monthlyFen: memberFen },
  { organisation: 'group', role: 'group-leader', monthlyFen: groupFen },
];

/**
 * @example
 * const script = cadresDemo(county, people, seededRandom(2019));
 */
export function cadresDemo(county: DemoCounty, people: CadresDemoPeople, random: Random): DemoScript {
  const c = county.countyCode;
  const abbr = county.name.slice(0, 1);
  const authority = (no: number, on: string) => ({
    documentNo: `${abbr}委组〔${on.slice(0, 4)}〕${no}号`,
    issuedBy: `中共${county.name}委组织部`,
    approvedOn: addDays(on, -10),
  });
  const key = (k: string) => `demo:${c}:cadres:${k}`;
  const step = (
    k: string,
    command: string,
    effectiveAt: string,
    no: number,
    rest: Record<string, unknown>,
  ) => ({
    module: 'cadres',
    command,
    input: { countyCode: c, effectiveAt, authority: authority(no, effectiveAt), ...rest },
    effectiveAt,
    key: key(k),
  });
  const [december, june] = CADRES_DEMO.months;
  const below = new Set(
    random
      .shuffle([...(people.secretaries[june] ?? [])])
      .slice(0, CADRES_DEMO.belowTarget)
      .map(([postId]) => postId),
  );
  const corrected = (people.secretaries[june] ?? []).find(([postId]) => below.has(postId));
  const secretaryCourse = random.shuffle([...people.secretaryCourse]).slice(0, CADRES_DEMO.secretaryPlaces);
  const rotation = random
    .shuffle([...people.rotation])
    .slice(0, Math.round(people.rotation.length * CADRES_DEMO.rotationShare));
  const pay = (month: string, fen: (postId: string) => number) =>
    (people.secretaries[month] ?? []).map(([postId, personId]) => ({
      postId,
      personId,
      amountFen: fen(postId),
    }));
  const commands = [
    step('scales-2019', 'setPayScales', CADRES_DEMO.oldScale, 3, {
      scales: SCALES(280_000, 250_000, 180_000, 60_000),
    }),
    step('scales-2021', 'setPayScales', CADRES_DEMO.newScale, 1, {
      scales: SCALES(SECRETARY_PAY_TARGET_FEN, 300_000, 220_000, 80_000),
    }),
    step(`payroll-${december}`, 'recordPayroll', '2021-01-05', 2, {
      month: december,
      payments: pay(december, () => 280_000),
    }),
    step(`payroll-${june}`, 'recordPayroll', '2021-07-05', 21, {
      month: june,
      payments: pay(june, (postId) => (below.has(postId) ? 320_000 : SECRETARY_PAY_TARGET_FEN)),
    }),
    ...(corrected
      ? [
          step('correction', 'correctPayment', CADRES_DEMO.correction, 27, {
            month: june,
            postId: corrected[0],
            personId: corrected[1],
            amountFen: SECRETARY_PAY_TARGET_FEN,
            reason: '按新标准补发差额',
          }),
        ]
      : []),
    step('course-secretaries', 'holdCourse', CADRES_DEMO.secretaryCourse, 9, {
      courseId: `course-${c}-2021-1`,
      title: '村党组织书记示范培训班',
      organiser: `中共${county.name}委组织部`,
      endsOn: addDays(CADRES_DEMO.secretaryCourse, 4),
      hours: 40,
    }),
    step('attendance-secretaries', 'recordAttendance', CADRES_DEMO.secretaryCourse, 10, {
      courseId: `course-${c}-2021-1`,
      personIds: secretaryCourse,
    }),
    step('course-rotation', 'holdCourse', CADRES_DEMO.rotation, 30, {
      courseId: `course-${c}-2021-2`,
      title: '村“两委”干部轮训班',
      organiser: `${county.name}委党校`,
      endsOn: addDays(CADRES_DEMO.rotation, 2),
      hours: 24,
    }),
    step('attendance-rotation', 'recordAttendance', CADRES_DEMO.rotation, 31, {
      courseId: `course-${c}-2021-2`,
      personIds: rotation,
    }),
  ].filter((s) => !('payments' in s.input) || (s.input.payments as unknown[]).length > 0);
  return {
    module: 'cadres',
    summary: `村干部报酬与培训：村党组织书记 ${people.secretaries[june]?.length ?? 0} 人，2021年起月报酬 3,500 元；培训班 2 期，轮训 ${rotation.length} 人`,
    commands: commands.filter(
      (s) => !('personIds' in s.input) || (s.input.personIds as unknown[]).length > 0,
    ),
  };
}

/** The holders of the roster's posts that `which` selects, as [postId, personId] (each person once). */
function holders(
  rosters: DivisionRoster[],
  which: (p: DivisionRoster['posts'][number]) => boolean,
): [string, string][] {
  const seen = new Set<string>();
  const out: [string, string][] = [];
  for (const r of rosters)
    for (const p of r.posts)
      if (which(p))
        for (const h of p.holders)
          if (!seen.has(h.personId)) {
            seen.add(h.personId);
            out.push([p.postId, h.personId]);
          }
  return out;
}

/** The cadres' `demo` hook: reads the personnel story's holders, then records pay and training. */
export async function recordCadresDemo(context: DemoContext): Promise<void> {
  let people: CadresDemoPeople | undefined;
  await recordStory(
    context,
    (county, random) => {
      if (!people) throw new Error('the cadres story needs the personnel story’s holders');
      return cadresDemo(county, people, random);
    },
    {
      module: 'cadres',
      title: '村干部报酬与培训',
      commands: cadresCommands,
      prepare: async () => {
        const roster = (asOf: string) =>
          context.query<DivisionRoster[]>(
            'personnel.roster',
            'roster',
            { countyCode: context.countyCode },
            { asOf },
          );
        const secretaries: Record<string, [string, string][]> = {};
        for (const month of CADRES_DEMO.months)
          secretaries[month] = holders(await roster(`${month}-28`), isSecretaryPost);
        people = {
          secretaries,
          secretaryCourse: holders(await roster(CADRES_DEMO.secretaryCourse), isSecretaryPost).map(
            ([, personId]) => personId,
          ),
          rotation: holders(await roster(CADRES_DEMO.rotation), (p) =>
            CADRE_ORGANISATIONS.has(p.organisation),
          ).map(([, personId]) => personId),
        };
      },
    },
  );
}
