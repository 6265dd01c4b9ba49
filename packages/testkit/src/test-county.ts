/**
 * testCounty: the small county every module's specs share, recorded on the county's registry stream
 * with the divisions events exactly as the divisions decider writes them for these adjustments (a
 * core spec holds the two together), so a plugin's specs need neither the core package nor a copy.
 *
 * 测试县 510798 (1992-08-01, 测府函〔1992〕1号):
 *   甲镇 510798101 (一村 …201, 二村 …202) · 乙镇 510798102 (三村 …102201) · 丙乡 510798201 (四村 …201201, 五村 …201202)
 * 2019-12-20 (川府民政〔2019〕27号): 乙镇 merges into 甲镇; 三村 moves to 甲镇 as 510798101203.
 * 2020-06-30 (测府发〔2020〕6号): 三村 merges into 一村 (unless `mergeVillages: false`).
 *
 * @example
 * const platform = await openTestPlatform({ modules: [talent] });
 * const county = await testCounty(platform);
 * county.id('510798102') // 乙镇's division id
 */
import type { Authority, NewEvent } from '@xianzhi/kernel';
import { divisionEstablished, divisionsMerged, type DivisionKind } from '@xianzhi/divisions-contract';
import type { TestPlatform } from './platform';

export const TEST_COUNTY_CODE = '510798';

/** The adjustments of the test county, in the order they are recorded. */
export interface TestAdjustment {
  authority: Authority & { approvedOn: string };
  effectiveAt: string;
  events: NewEvent[];
}

const authority = (documentNo: string, effectiveAt: string): TestAdjustment['authority'] => ({
  documentNo,
  issuedBy: documentNo.startsWith('川') ? '四川省人民政府' : '测试县人民政府',
  approvedOn: effectiveAt,
});

/** The division ids the divisions decider gives, in order of establishment: div-510798-1, -2… */
const ESTABLISHED: [name: string, kind: DivisionKind, code: string, parentCode?: string][] = [
  ['测试县', 'county', '510798'],
  ['甲镇', 'town', '510798101', '510798'],
  ['乙镇', 'town', '510798102', '510798'],
  ['丙乡', 'xiang', '510798201', '510798'],
  ['一村', 'village', '510798101201', '510798101'],
  ['二村', 'village', '510798101202', '510798101'],
  ['三村', 'village', '510798102201', '510798102'],
  ['四村', 'village', '510798201201', '510798201'],
  ['五村', 'village', '510798201202', '510798201'],
];

const idOf = new Map(ESTABLISHED.map(([, , code], i) => [code, `div-${TEST_COUNTY_CODE}-${i + 1}`]));
const id = (code: string): string => idOf.get(code)!;

/** The test county's adjustments as events (the divisions decider's output for them). */
export function testCountyAdjustments(options: { mergeVillages?: boolean } = {}): TestAdjustment[] {
  const founding = authority('测府函〔1992〕1号', '1992-08-01');
  const adjustments: TestAdjustment[] = [
    {
      authority: founding,
      effectiveAt: '1992-08-01',
      events: ESTABLISHED.map(([name, kind, code, parent]) =>
        divisionEstablished.create({
          id: id(code),
          name,
          kind,
          code,
          ...(parent ? { parentId: id(parent) } : {}),
        }),
      ),
    },
    {
      authority: authority('川府民政〔2019〕27号', '2019-12-20'),
      effectiveAt: '2019-12-20',
      events: [
        divisionsMerged.create({
          sourceIds: [id('510798102')],
          targetId: id('510798101'),
          moves: [{ id: id('510798102201'), to: id('510798101'), code: '510798101203' }],
        }),
      ],
    },
  ];
  if (options.mergeVillages !== false) {
    adjustments.push({
      authority: authority('测府发〔2020〕6号', '2020-06-30'),
      effectiveAt: '2020-06-30',
      events: [
        divisionsMerged.create({ sourceIds: [id('510798102201')], targetId: id('510798101201'), moves: [] }),
      ],
    });
  }
  return adjustments;
}

export interface TestCounty {
  /** 510798 */
  code: string;
  /** The division id of a code the county had on 1992-08-01 (before any merger). */
  id: (code: string) => string;
  /** The registry stream the adjustments were recorded on (`divisions-510798`). */
  stream: string;
}

/** Records the test county on a test platform (one append per adjustment, each a minute apart). */
export async function testCounty(
  platform: Pick<TestPlatform, 'append'>,
  options: { mergeVillages?: boolean } = {},
): Promise<TestCounty> {
  const stream = `divisions-${TEST_COUNTY_CODE}`;
  for (const [i, a] of testCountyAdjustments(options).entries()) {
    const metadata = {
      effectiveAt: a.effectiveAt,
      authority: a.authority,
      actor: 'test',
      correlationId: `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`,
    };
    await platform.append(
      stream,
      a.events.map((e) => ({ ...e, metadata })),
      { expectedRevision: i === 0 ? 'no-stream' : 'any' },
    );
  }
  return {
    code: TEST_COUNTY_CODE,
    stream,
    id: (code) => {
      const found = idOf.get(code);
      if (!found)
        throw new Error(`the test county has no division ${code} (codes: ${[...idOf.keys()].join(', ')})`);
      return found;
    },
  };
}
