/**
 * The power lists story of the demo county:
 *
 * - 2018-01-01: a pilot devolves three powers to six townships (some merge into others on 2019-12-20,
 *   whose survivors then hold the pilot's powers);
 * - 2020-02-29 the pilot ends; 2020-03-01 the county publishes the three lists: approvals to the
 *   seven townships with an approval office, the responsibility and access lists to every township;
 *   2020-06-01 enforcement powers to the ten townships with an enforcement team;
 * - 2022-01-01 one approval power more; 2023-07-01 one withdrawn to the county.
 *
 * The approval offices and enforcement teams are the institutions module's (its story runs first).
 */
import { addDays, type DemoContext, type Random } from '@xianzhi/kernel';
import { recordStory } from '../demo/story';
import type { DemoCounty, DemoScript } from '../demo/types';
import type { TownshipRow } from '../institutions/townships';
import { powersCommands } from './decide';
import type { PowerEntryInput } from './inputs';
import type { PowerCategory, PowerList } from './vocabulary';

type Catalogue = readonly [
  code: string,
  list: PowerList,
  category: PowerCategory | undefined,
  title: string,
  department: string,
  legalBasis: string,
];

const APPROVALS: Catalogue[] = [
  [
    'XK-001',
    'power',
    'licensing',
    '乡村建设规划许可证核发',
    '县自然资源和规划局',
    '《中华人民共和国城乡规划法》第四十一条',
  ],
  [
    'XK-002',
    'power',
    'licensing',
    '农村村民宅基地审批',
    '县农业农村局',
    '《中华人民共和国土地管理法》第六十二条',
  ],
  [
    'XK-003',
    'power',
    'licensing',
    '林木采伐许可证核发（农村居民采伐自留山和个人承包集体林）',
    '县林业局',
    '《中华人民共和国森林法》第五十六条',
  ],
  ['XK-004', 'power', 'licensing', '公共场所卫生许可', '县卫生健康局', '《公共场所卫生管理条例》第八条'],
  [
    'XK-005',
    'power',
    'licensing',
    '食品小作坊登记',
    '县市场监督管理局',
    '《四川省食品小作坊、小经营店及摊贩管理条例》第九条',
  ],
  ['QR-001', 'power', 'confirmation', '特困人员供养待遇确认', '县民政局', '《社会救助暂行办法》第十五条'],
  [
    'QR-002',
    'power',
    'confirmation',
    '残疾人证申领初审',
    '县残疾人联合会',
    '《中华人民共和国残疾人证管理办法》第七条',
  ],
];
const ENFORCEMENT: Catalogue[] = [
  [
    'CF-001',
    'power',
    'penalty',
    '对未按乡村建设规划许可进行建设的处罚',
    '县自然资源和规划局',
    '《中华人民共和国城乡规划法》第六十五条',
  ],
  [
    'CF-002',
    'power',
    'penalty',
    '对露天焚烧秸秆的处罚',
    '县生态环境局',
    '《中华人民共和国大气污染防治法》第一百一十九条',
  ],
  ['CF-003', 'power', 'penalty', '对违反森林防火规定的处罚', '县林业局', '《森林防火条例》第四十八条'],
  [
    'CF-004',
    'power',
    'penalty',
    '对无证从事食品生产经营的处罚',
    '县市场监督管理局',
    '《中华人民共和国食品安全法》第一百二十二条',
  ],
  [
    'QZ-001',
    'power',
    'coercion',
    '对违法建筑物、构筑物的强制拆除',
    '县住房和城乡建设局',
    '《中华人民共和国行政强制法》第四十四条',
  ],
  [
    'JC-001',
    'power',
    'inspection',
    '对生产经营单位安全生产情况的监督检查',
    '县应急管理局',
    '《中华人民共和国安全生产法》第六十五条',
  ],
];
const EVERY_TOWNSHIP: Catalogue[] = [
  ['JF-001', 'power', 'payment', '临时救助金给付', '县民政局', '《社会救助暂行办法》第四十七条'],
  [
    'ZR-001',
    'responsibility',
    undefined,
    '农村人居环境整治',
    '县农业农村局',
    '《农村人居环境整治提升五年行动方案（2021—2025年）》',
  ],
  ['ZR-002', 'responsibility', undefined, '森林防灭火属地管理', '县林业局', '《森林防火条例》第六条'],
  [
    'ZR-003',
    'responsibility',
    undefined,
    '安全生产属地监管',
    '县应急管理局',
    '《中华人民共和国安全生产法》第九条',
  ],
  [
    'ZR-004',
    'responsibility',
    undefined,
    '耕地保护（田长制）',
    '县自然资源和规划局',
    '《中华人民共和国土地管理法》第三条',
  ],
  ['ZR-005', 'responsibility', undefined, '河湖管护（河长制）', '县水务局', '《关于全面推行河长制的意见》'],
  [
    'ZR-006',
    'responsibility',
    undefined,
    '农村集体“三资”监督管理',
    '县农业农村局',
    '《农村集体经济组织财务制度》',
  ],
  [
    'ZR-007',
    'responsibility',
    undefined,
    '民事代办服务',
    '县政务服务和大数据管理局',
    '《四川省乡镇便民服务中心建设规范》',
  ],
  [
    'ZR-008',
    'responsibility',
    undefined,
    '村（社区）党组织建设',
    '县委组织部',
    '《中国共产党农村基层组织工作条例》',
  ],
  [
    'ZR-009',
    'responsibility',
    undefined,
    '村干部培训与管理',
    '县委组织部',
    '《中国共产党农村基层组织工作条例》第三十六条',
  ],
  [
    'ZR-010',
    'responsibility',
    undefined,
    '退役军人服务保障',
    '县退役军人事务局',
    '《中华人民共和国退役军人保障法》第九条',
  ],
  [
    'ZR-011',
    'responsibility',
    undefined,
    '防汛抗旱属地责任',
    '县水务局',
    '《中华人民共和国防洪法》第三十八条',
  ],
  [
    'ZR-012',
    'responsibility',
    undefined,
    '义务教育控辍保学',
    '县教育局',
    '《中华人民共和国义务教育法》第十三条',
  ],
  [
    'ZR-013',
    'responsibility',
    undefined,
    '城乡居民养老保险参保',
    '县人力资源和社会保障局',
    '《中华人民共和国社会保险法》第二十二条',
  ],
  [
    'ZR-014',
    'responsibility',
    undefined,
    '食品安全属地协管',
    '县市场监督管理局',
    '《中华人民共和国食品安全法》第六条',
  ],
  [
    'ZR-015',
    'responsibility',
    undefined,
    '传染病防控',
    '县卫生健康局',
    '《中华人民共和国传染病防治法》第九条',
  ],
  [
    'ZR-016',
    'responsibility',
    undefined,
    '地质灾害群测群防',
    '县自然资源和规划局',
    '《地质灾害防治条例》第十五条',
  ],
  ['ZR-017', 'responsibility', undefined, '矛盾纠纷排查化解', '县委政法委员会', '《人民调解法》第五条'],
  ['ZR-018', 'responsibility', undefined, '殡葬改革属地管理', '县民政局', '《殡葬管理条例》第四条'],
  [
    'ZR-019',
    'responsibility',
    undefined,
    '动物防疫属地责任',
    '县农业农村局',
    '《中华人民共和国动物防疫法》第八条',
  ],
  [
    'ZR-020',
    'responsibility',
    undefined,
    '网格化服务管理',
    '县委政法委员会',
    '《四川省城乡社区网格化服务管理规范》',
  ],
  ['ZZ-001', 'access', undefined, '协助开展人口普查', '县统计局', '《全国人口普查条例》第五条'],
  ['ZZ-002', 'access', undefined, '协助开展农业普查', '县统计局', '《全国农业普查条例》第五条'],
  [
    'ZZ-003',
    'access',
    undefined,
    '配合城乡居民医保参保登记',
    '县医疗保障局',
    '《中华人民共和国社会保险法》第二十五条',
  ],
  ['ZZ-004', 'access', undefined, '协助开展征兵体检政治考核', '县人民武装部', '《征兵工作条例》第二十九条'],
];

const LATER_APPROVAL: Catalogue = [
  'XK-006',
  'power',
  'licensing',
  '农村集体经营性建设用地入市审核',
  '县自然资源和规划局',
  '《中华人民共和国土地管理法》第六十三条',
];
const WITHDRAWN_CODE = 'XK-004';

/** The report's figures the lists are built to: 7 approval offices, 10 enforcement teams. */
export const POWERS_DEMO = {
  pilot: '2018-01-01',
  published: '2020-03-01',
  enforcement: '2020-06-01',
  added: '2022-01-01',
  withdrawn: '2023-07-01',
} as const;

/** Which townships have an approval office and an enforcement team (the institutions story's). */
export interface PowersDemoOffices {
  approval: string[];
  enforcement: string[];
}

const entry = (
  [code, list, category, title, department, legalBasis]: Catalogue,
  townshipIds: string[],
): PowerEntryInput => ({
  code,
  list,
  ...(category ? { category } : {}),
  title,
  department,
  legalBasis,
  townshipIds,
});

/**
 * @example
 * const script = powersDemo(county, { approval: [...], enforcement: [...] }, seededRandom(2019));
 */
export function powersDemo(county: DemoCounty, offices: PowersDemoOffices, random: Random): DemoScript {
  const c = county.countyCode;
  const abbr = county.name.slice(0, 1);
  const authority = (no: number, on: string) => ({
    documentNo: `${abbr}府发〔${on.slice(0, 4)}〕${no}号`,
    issuedBy: `${county.name}人民政府`,
    approvedOn: addDays(on, -15),
  });
  const all = county.townships.after.map((t) => t.id);
  // the pilot: three survivors and three townships that merge into others
  const survivors = new Set(all);
  const merged = county.townships.before.filter((t) => !survivors.has(t.id));
  const pilot = [
    ...random.shuffle([...all]).slice(0, 3),
    ...random
      .shuffle(merged)
      .slice(0, 3)
      .map((t) => t.id),
  ];
  const pilotItems = [APPROVALS[0]!, APPROVALS[1]!, ENFORCEMENT[0]!];
  // the decider numbers items in the order they are listed: entries, then townships
  const pilotIds = pilotItems.flatMap((_, i) =>
    pilot.map((__, k) => `power-${c}-${i * pilot.length + k + 1}`),
  );
  const withdrawnIds = offices.approval.map(
    (_, k) =>
      `power-${c}-${pilotIds.length + APPROVALS.findIndex((a) => a[0] === WITHDRAWN_CODE) * offices.approval.length + k + 1}`,
  );
  const key = (k: string) => `demo:${c}:powers:${k}`;
  const step = (
    k: string,
    command: string,
    effectiveAt: string,
    no: number,
    rest: Record<string, unknown>,
  ) => ({
    module: 'powers',
    command,
    input: { countyCode: c, effectiveAt, authority: authority(no, effectiveAt), ...rest },
    effectiveAt,
    key: key(k),
  });
  return {
    module: 'powers',
    summary: `乡镇清单：审批事项下放 ${offices.approval.length} 个乡镇（行政审批办公室），执法事项下放 ${offices.enforcement.length} 个乡镇（综合行政执法队），责任清单、准入清单覆盖 ${all.length} 个乡镇`,
    commands: [
      step('pilot', 'listPowerItems', POWERS_DEMO.pilot, 40, {
        items: pilotItems.map((item) => entry(item, pilot)),
      }),
      step('pilot-end', 'withdrawPowerItems', addDays(POWERS_DEMO.published, -1), 19, {
        itemIds: pilotIds,
        reason: '试点结束，统一赋权',
      }),
      step('published', 'listPowerItems', POWERS_DEMO.published, 20, {
        items: [
          ...APPROVALS.map((item) => entry(item, offices.approval)),
          ...EVERY_TOWNSHIP.map((item) => entry(item, all)),
        ],
      }),
      step('enforcement', 'listPowerItems', POWERS_DEMO.enforcement, 31, {
        items: ENFORCEMENT.map((item) => entry(item, offices.enforcement)),
      }),
      step('added', 'listPowerItems', POWERS_DEMO.added, 2, {
        items: [entry(LATER_APPROVAL, offices.approval)],
      }),
      step('withdrawn', 'withdrawPowerItems', POWERS_DEMO.withdrawn, 9, {
        itemIds: withdrawnIds,
        reason: '公共场所卫生许可调整由县卫生健康局直接办理',
      }),
    ],
  };
}

/** The power lists' `demo` hook: reads the institutions story's offices, then records the lists. */
export async function recordPowersDemo(context: DemoContext): Promise<void> {
  let offices: PowersDemoOffices | undefined;
  await recordStory(
    context,
    (county, random) => {
      if (!offices) throw new Error('the power lists story needs the institutions story’s offices');
      return powersDemo(county, offices, random);
    },
    {
      module: 'powers',
      title: '乡镇清单',
      commands: powersCommands,
      prepare: async () => {
        const rows = await context.query<TownshipRow[]>(
          'institutions.townships',
          'townships',
          { countyCode: context.countyCode },
          { asOf: POWERS_DEMO.enforcement },
        );
        offices = {
          approval: rows.filter((r) => r.approvalOffice).map((r) => r.townshipId),
          enforcement: rows.filter((r) => r.enforcementTeam).map((r) => r.townshipId),
        };
        if (offices.approval.length === 0)
          throw new Error(
            'no township has an approval office: record the institutions story before the power lists',
          );
      },
    },
  );
}
