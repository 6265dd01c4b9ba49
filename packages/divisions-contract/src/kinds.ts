/**
 * Levels, kinds and the national statistical code rules (GB/T 2260 and the NBS urban-rural codes).
 *
 * Codes are hierarchical: a township's 9 digits start with its county's 6, a village's 12 with its
 * township's 9. The last three digits say the kind: townships 001–099 街道, 100–199 镇, 200–399 乡,
 * 400–599 farms and zones; villages 001–199 居委会/社区, 200–399 村委会. Groups have no national code.
 */
import { z } from 'zod';

export const LEVELS = ['county', 'township', 'village', 'group'] as const;
export type Level = (typeof LEVELS)[number];

export const KINDS = [
  'county',
  'town',
  'xiang',
  'ethnic-xiang',
  'subdistrict',
  'zone',
  'village',
  'community',
  'villager-group',
  'resident-group',
] as const;
export type DivisionKind = (typeof KINDS)[number];

export const levelSchema = z.enum(LEVELS);
export const kindSchema = z.enum(KINDS);

export const LEVEL_OF: Record<DivisionKind, Level> = {
  county: 'county',
  town: 'township',
  xiang: 'township',
  'ethnic-xiang': 'township',
  subdistrict: 'township',
  zone: 'township',
  village: 'village',
  community: 'village',
  'villager-group': 'group',
  'resident-group': 'group',
};

export const PARENT_LEVEL: Record<Level, Level | undefined> = {
  county: undefined,
  township: 'county',
  village: 'township',
  group: 'village',
};

export const KIND_LABEL: Record<DivisionKind, { zh: string; en: string }> = {
  county: { zh: '县', en: 'county' },
  town: { zh: '镇', en: 'town' },
  xiang: { zh: '乡', en: 'xiang' },
  'ethnic-xiang': { zh: '民族乡', en: 'ethnic xiang' },
  subdistrict: { zh: '街道', en: 'subdistrict' },
  zone: { zh: '农场/园区', en: 'farm or zone' },
  village: { zh: '行政村', en: 'village' },
  community: { zh: '社区', en: 'community' },
  'villager-group': { zh: '村民小组', en: 'villager group' },
  'resident-group': { zh: '居民小组', en: 'resident group' },
};

export const LEVEL_LABEL: Record<Level, { zh: string; en: string }> = {
  county: { zh: '县', en: 'county' },
  township: { zh: '乡镇', en: 'township' },
  village: { zh: '村（社区）', en: 'village' },
  group: { zh: '村（居）民小组', en: 'group' },
};

/** The range of the last three digits for a kind, or undefined when the kind has no code rule. */
export const CODE_RANGE: Partial<Record<DivisionKind, [number, number]>> = {
  subdistrict: [1, 99],
  town: [100, 199],
  xiang: [200, 399],
  'ethnic-xiang': [200, 399],
  zone: [400, 599],
  community: [1, 199],
  village: [200, 399],
};

export const CODE_LENGTH: Record<Level, number | undefined> = {
  county: 6,
  township: 9,
  village: 12,
  group: undefined,
};

/** Checks a code for a kind under a parent code; returns the reason it is wrong, or undefined. */
export function codeProblem(
  code: string | undefined,
  kind: DivisionKind,
  parentCode: string | undefined,
  strictRange = true,
): string | undefined {
  const level = LEVEL_OF[kind];
  const length = CODE_LENGTH[level];
  if (length === undefined) return undefined; // groups: no national code
  if (code === undefined) return `a ${KIND_LABEL[kind].en} needs a ${length}-digit statistical code`;
  if (!new RegExp(`^\\d{${length}}$`).test(code))
    return `"${code}" is not a ${length}-digit statistical code`;
  if (parentCode !== undefined && !code.startsWith(parentCode)) {
    return `code ${code} must start with its parent's code ${parentCode}`;
  }
  const range = CODE_RANGE[kind];
  if (strictRange && range) {
    const suffix = Number(code.slice(-3));
    if (suffix < range[0] || suffix > range[1]) {
      return `code ${code} ends in ${code.slice(-3)}, but a ${KIND_LABEL[kind].zh} (${kind}) takes ${String(range[0]).padStart(3, '0')}–${String(range[1]).padStart(3, '0')}`;
    }
  }
  return undefined;
}

/** Infers a township's kind from its name and code (for imports of national data). */
export function inferTownshipKind(name: string, code: string): DivisionKind {
  if (name.endsWith('街道') || name.endsWith('街道办事处')) return 'subdistrict';
  if (name.endsWith('民族乡')) return 'ethnic-xiang';
  if (name.endsWith('乡')) return 'xiang';
  if (name.endsWith('镇')) return 'town';
  const suffix = Number(code.slice(-3));
  if (suffix < 100) return 'subdistrict';
  if (suffix < 200) return 'town';
  if (suffix < 400) return 'xiang';
  return 'zone';
}

/** Infers a village-level unit's kind from its name and code. */
export function inferVillageKind(name: string, code: string): DivisionKind {
  if (/(社区|居委会|居民委员会)$/.test(name)) return 'community';
  if (/(村委会|村民委员会|村)$/.test(name)) return 'village';
  return Number(code.slice(-3)) < 200 ? 'community' : 'village';
}

export const CLASSIFICATION_LABEL: Record<string, { zh: string; en: string }> = {
  'main-urban-town': { zh: '主城区镇', en: 'main-urban town' },
  'sub-centre-town': { zh: '副中心镇', en: 'sub-centre town' },
  'central-town': { zh: '中心镇', en: 'central town' },
  'characteristic-town': { zh: '特色镇', en: 'characteristic town' },
  'border-town': { zh: '边界镇', en: 'border town' },
  'central-village': { zh: '中心村', en: 'central village' },
  'key-village': { zh: '重点村', en: 'key village' },
  'characteristic-village': { zh: '特色村', en: 'characteristic village' },
};
