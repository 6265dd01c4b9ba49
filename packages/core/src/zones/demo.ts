/**
 * The zones story of the demo county: in 2018 the county plan groups its thirteen central towns —
 * those that survive the township reform — into five development zones (五路), each with a main
 * town; the small townships around them are in no zone until they merge into a central town on
 * 2019-12-20, when their villages count in its zone. In 2022 one town moves to another zone and a
 * characteristic town becomes a central town.
 */
import { addDays, type DemoContext, type Random } from '@xianzhi/kernel';
import type { ZoneDirection, ZoneRole } from '@xianzhi/divisions-contract';
import { recordStory } from '../demo/story';
import type { DemoCounty, DemoScript } from '../demo/types';
import { zonesCommands } from './decide';

/** The five zones and how many of the central towns each groups (13 in all). */
const ZONES: readonly { direction: ZoneDirection; name: string; description: string; size: number }[] = [
  { direction: 'central', name: '中路', description: '县城核心区，主城区及近郊城镇', size: 3 },
  { direction: 'north', name: '北路', description: '北部农旅融合发展区', size: 3 },
  { direction: 'west', name: '西路', description: '西部生态康养发展区', size: 2 },
  { direction: 'east', name: '东路', description: '东部工业集中发展区', size: 3 },
  { direction: 'south', name: '南路', description: '南部现代农业发展区', size: 2 },
];

export const ZONES_DEMO = { established: '2018-03-01', realigned: '2022-03-01' } as const;

/**
 * @example
 * const script = zonesDemo(county, seededRandom(2019)); // 2 decisions
 */
export function zonesDemo(county: DemoCounty, random: Random): DemoScript {
  const towns = random.shuffle([...county.townships.after]);
  const abbr = county.name.slice(0, 1);
  const authority = (no: number, on: string) => ({
    documentNo: `${abbr}委发〔${on.slice(0, 4)}〕${no}号`,
    issuedBy: `中共${county.name}委`,
    approvedOn: addDays(on, -14),
  });
  let k = 0;
  const zones = ZONES.map((z, zi) => {
    const members = towns.slice(k, (k += z.size));
    const role = (i: number): ZoneRole =>
      i > 0
        ? random.next() < 0.5
          ? 'central-town'
          : 'characteristic-town'
        : zi === 0
          ? 'main-urban'
          : 'sub-centre';
    return { ...z, townships: members.map((t, i) => ({ townshipId: t.id, role: role(i) })) };
  });
  if (k !== towns.length)
    throw new Error(`the zones story groups ${k} towns; the county has ${towns.length}`);
  const key = (k: string) => `demo:${county.countyCode}:zones:${k}`;
  // 2022: the last town of 东路 moves to 南路; 北路's first characteristic town becomes a central town
  const mover = zones[3]!.townships[zones[3]!.townships.length - 1]!;
  const promoted = zones[1]!.townships.find((t) => t.role === 'characteristic-town');
  const zoneId = (i: number) => `zone-${county.countyCode}-${i + 1}`;
  return {
    module: 'zones',
    summary: `五路发展：${zones.length} 个片区、${towns.length} 个中心镇（${ZONES_DEMO.established}），${ZONES_DEMO.realigned} 调整一次`,
    commands: [
      {
        module: 'zones',
        command: 'recordZoneChanges',
        input: {
          countyCode: county.countyCode,
          effectiveAt: ZONES_DEMO.established,
          authority: authority(6, ZONES_DEMO.established),
          changes: zones.map((z, i) => ({
            op: 'establish',
            zoneId: zoneId(i),
            name: z.name,
            direction: z.direction,
            description: z.description,
            townships: z.townships,
          })),
        },
        effectiveAt: ZONES_DEMO.established,
        key: key('establish'),
      },
      {
        module: 'zones',
        command: 'recordZoneChanges',
        input: {
          countyCode: county.countyCode,
          effectiveAt: ZONES_DEMO.realigned,
          authority: authority(4, ZONES_DEMO.realigned),
          changes: [
            { op: 'move', townshipId: mover.townshipId, toZoneId: zoneId(4), role: 'central-town' },
            ...(promoted
              ? [
                  {
                    op: 'change-role',
                    zoneId: zoneId(1),
                    townshipId: promoted.townshipId,
                    role: 'central-town',
                  },
                ]
              : []),
          ],
        },
        effectiveAt: ZONES_DEMO.realigned,
        key: key('realign'),
      },
    ],
  };
}

/** The zones module's `demo` hook: records the story in the demo county. */
export const recordZonesDemo = (context: DemoContext): Promise<void> =>
  recordStory(context, zonesDemo, { module: 'zones', title: '五路发展', commands: zonesCommands });
