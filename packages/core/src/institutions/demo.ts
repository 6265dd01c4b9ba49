/**
 * The institutions story of the demo county: after the township reform, 67 stations of county
 * departments are devolved to the new townships with 354 staffing quotas and 274 staff; every
 * township gets its party-government offices and public institutions; seven get an approval office
 * (the report's figure) and ten key townships a comprehensive enforcement team.
 */
import { addDays, type DemoContext, type Random } from '@xianzhi/kernel';
import { apportion } from '../demo/draw';
import { recordStory } from '../demo/story';
import { institutionsCommands } from './commands';
import type { OfficeKind } from './index';
import type { DemoCounty, DemoScript } from '../demo/types';

export const INSTITUTIONS_TARGETS = {
  stations: 67,
  quotas: 354,
  staff: 274,
  approvalOffices: 7,
  enforcementTeams: 10,
} as const;

const STATION_TYPES = [
  ['县农业农村局', '农业综合服务站'],
  ['县林业局', '林业站'],
  ['县水务局', '水利站'],
  ['县自然资源和规划局', '自然资源所'],
  ['县文化广播电视和旅游局', '文化站'],
  ['县人力资源和社会保障局', '劳动保障所'],
  ['县畜牧兽医局', '畜牧兽医站'],
  ['县住房和城乡建设局', '村镇建设服务站'],
] as const;

const OFFICES: readonly (readonly [OfficeKind, string])[] = [
  ['party-government-office', '党政办公室'],
  ['party-government-office', '党建工作办公室'],
  ['party-government-office', '经济发展办公室'],
  ['party-government-office', '社会事务办公室'],
  ['approval-office', '行政审批办公室'],
  ['public-institution', '便民服务中心'],
  ['public-institution', '社会治理综合服务中心'],
];

/**
 * @example
 * const script = institutionsDemo(county, seededRandom(2019)); // 3 commands
 */
export function institutionsDemo(county: DemoCounty, random: Random): DemoScript {
  const townships = county.townships.after;
  const n = townships.length;
  const per = Math.floor(INSTITUTIONS_TARGETS.stations / n);
  const extra = INSTITUTIONS_TARGETS.stations % n;
  if (per + (extra > 0 ? 1 : 0) > STATION_TYPES.length)
    throw new Error(`${n} townships are too few for ${INSTITUTIONS_TARGETS.stations} stations`);
  const stations: { department: string; name: string; townshipId: string; quotas: number; staff: number }[] =
    [];
  townships.forEach((t, i) => {
    const count = per + (i < extra ? 1 : 0);
    for (let k = 0; k < count; k++)
      stations.push({
        department: STATION_TYPES[k]![0],
        name: STATION_TYPES[k]![1],
        townshipId: t.id,
        quotas: 2,
        staff: 1,
      });
  });
  // quotas: 2 each, the rest by weight; staff: 1 each, the rest one by one where a quota is free
  const more = apportion(
    INSTITUTIONS_TARGETS.quotas - 2 * stations.length,
    stations.map(() => 0.5 + random.next()),
  );
  stations.forEach((s, i) => (s.quotas += more[i]!));
  for (let left = INSTITUTIONS_TARGETS.staff - stations.length; left > 0;) {
    const s = stations[random.int(0, stations.length - 1)]!;
    if (s.staff < s.quotas) {
      s.staff += 1;
      left -= 1;
    }
  }
  const abbr = county.name.slice(0, 1);
  const devolvedOn = addDays(county.dates.townships, 72);
  const teamsOn = addDays(county.dates.townships, 164);
  const authority = (no: number, on: string) => ({
    documentNo: `${abbr}委编发〔${on.slice(0, 4)}〕${no}号`,
    issuedBy: `中共${county.name}委机构编制委员会`,
    approvedOn: addDays(on, -10),
  });
  const key = (k: string) => `demo:${county.countyCode}:institutions:${k}`;
  const keyTownships = random.shuffle([...townships]).slice(0, INSTITUTIONS_TARGETS.enforcementTeams);
  // the approval offices: in seven of the key townships (drawn from them, so the other figures keep their draws)
  const approval = new Set(keyTownships.slice(0, INSTITUTIONS_TARGETS.approvalOffices).map((t) => t.id));
  return {
    module: 'institutions',
    summary: `机构编制：${stations.length} 个站所下放（编制 ${INSTITUTIONS_TARGETS.quotas} 名、实有 ${INSTITUTIONS_TARGETS.staff} 人），${approval.size} 个行政审批办公室，${keyTownships.length} 个综合行政执法队`,
    commands: [
      {
        module: 'institutions',
        command: 'devolveStations',
        input: {
          countyCode: county.countyCode,
          effectiveAt: devolvedOn,
          authority: authority(5, devolvedOn),
          stations,
        },
        effectiveAt: devolvedOn,
        key: key('stations'),
      },
      {
        module: 'institutions',
        command: 'establishOffices',
        input: {
          countyCode: county.countyCode,
          effectiveAt: devolvedOn,
          authority: authority(6, devolvedOn),
          offices: townships.flatMap((t) =>
            OFFICES.filter(([kind]) => kind !== 'approval-office' || approval.has(t.id)).map(
              ([kind, name]) => ({
                townshipId: t.id,
                kind,
                name,
                ...(kind === 'approval-office' ? { quotas: 3 } : {}),
              }),
            ),
          ),
        },
        effectiveAt: devolvedOn,
        key: key('offices'),
      },
      {
        module: 'institutions',
        command: 'establishOffices',
        input: {
          countyCode: county.countyCode,
          effectiveAt: teamsOn,
          authority: authority(12, teamsOn),
          offices: keyTownships.map((t) => ({
            townshipId: t.id,
            kind: 'enforcement-team',
            name: '综合行政执法队',
            quotas: random.int(6, 10),
          })),
        },
        effectiveAt: teamsOn,
        key: key('enforcement-teams'),
      },
    ],
  };
}

/** The institutions module's `demo` hook: records the story in the demo county. */
export const recordInstitutionsDemo = (context: DemoContext): Promise<void> =>
  recordStory(context, institutionsDemo, {
    module: 'institutions',
    title: '机构编制',
    commands: institutionsCommands,
  });
