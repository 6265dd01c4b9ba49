/**
 * Infers the adjustment that turns a county's registry into a newer snapshot of the national codes.
 *
 * The NBS tables say what exists on a date, not what happened; the rules below read the most likely
 * story from the difference (each inferred adjustment is marked `inferred`, so a real document can
 * later supersede it):
 *
 * - a unit whose code is in both is the same unit: a different name is a rename (or only the full
 *   name changed), a different kind a change of kind;
 * - a township whose code vanished is the same unit as a new township of the same name stem
 *   (北坝街道 → 北坝镇): re-coded, or changed in kind; a village whose code vanished is the same unit
 *   as a new village of the same name in the same township (re-coded), else anywhere in the county
 *   when the name is unique on both sides (moved);
 * - a retired township whose villages went to other townships is merged into the one that took most
 *   of them (the others go where they went); with none, into the township where its villages' best
 *   name matches are; else abolished;
 * - a village whose code vanished is merged into the new village (a code that did not exist before:
 *   established, moved in or re-coded) of the same township that best matches it by name (shared
 *   characters), else abolished;
 * - what is left of the snapshot is established.
 */
import type { Change, DivisionKind } from '../divisions';
import type { SnapshotCounty } from './china-division';

/** A unit of the registry before the adjustment (as of the snapshot date). */
export interface RegistryUnit {
  id: string;
  code: string;
  name: string;
  /** The full name (the short name when none was recorded). */
  fullName: string;
  kind: DivisionKind;
}

export interface RegistryVillage extends RegistryUnit {
  townshipId: string;
}

export interface RegistryCounty {
  id: string;
  code: string;
  name: string;
  townships: RegistryUnit[];
  villages: RegistryVillage[];
}

export const INFERRED_KINDS = [
  'established',
  'abolished',
  'renamed',
  'full-name-changed',
  're-coded',
  'kind-changed',
  'moved',
  'merged',
] as const;
export type InferredKind = (typeof INFERRED_KINDS)[number];
export type InferredCounts = Record<InferredKind, number>;

export const emptyCounts = (): InferredCounts =>
  Object.fromEntries(INFERRED_KINDS.map((k) => [k, 0])) as InferredCounts;

export interface Inference {
  changes: Change[];
  counts: InferredCounts;
}

interface SnapshotUnit {
  code: string;
  name: string;
  fullName: string;
  kind: DivisionKind;
  townshipCode: string;
}

const TOWNSHIP_SUFFIX = /(街道办事处|街道|民族乡|镇|乡)$/;
const VILLAGE_SUFFIX = /(村民委员会|村委会|社区居民委员会|居民委员会|居委会|社区|村)$/;
const stem = (name: string, suffix: RegExp) => name.replace(suffix, '') || name;

/** Shared characters of two village names (without their suffixes), over the longer one. */
export function nameSimilarity(a: string, b: string): number {
  const x = [...stem(a, VILLAGE_SUFFIX)];
  const y = [...stem(b, VILLAGE_SUFFIX)];
  const pool = new Map<string, number>();
  for (const c of x) pool.set(c, (pool.get(c) ?? 0) + 1);
  let common = 0;
  for (const c of y) {
    const n = pool.get(c) ?? 0;
    if (n > 0) {
      common++;
      pool.set(c, n - 1);
    }
  }
  return common / Math.max(x.length, y.length);
}

const byCode = (a: { code: string }, b: { code: string }) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

/** Pairs the items of two lists that share a key unique on both sides. */
function pairUnique<A, B>(
  left: readonly A[],
  right: readonly B[],
  keyA: (a: A) => string | undefined,
  keyB: (b: B) => string | undefined,
): [A, B][] {
  const group = <T>(items: readonly T[], key: (t: T) => string | undefined) => {
    const m = new Map<string, T[]>();
    for (const item of items) {
      const k = key(item);
      if (k === undefined) continue;
      const list = m.get(k);
      if (list) list.push(item);
      else m.set(k, [item]);
    }
    return m;
  };
  const gb = group(right, keyB);
  const pairs: [A, B][] = [];
  for (const [k, as] of group(left, keyA)) {
    const bs = gb.get(k);
    if (as.length === 1 && bs?.length === 1) pairs.push([as[0]!, bs[0]!]);
  }
  return pairs;
}

/** The most frequent value (ties: the smallest). */
function majority(values: readonly string[]): string | undefined {
  const n = new Map<string, number>();
  for (const v of values) n.set(v, (n.get(v) ?? 0) + 1);
  let best: string | undefined;
  for (const [v, c] of n)
    if (best === undefined || c > n.get(best)! || (c === n.get(best)! && v < best)) best = v;
  return best;
}

/**
 * The changes that turn `before` (the registry as of the snapshot's date) into `after` (the
 * snapshot), in an order the registry decider accepts as one adjustment.
 *
 * @example
 * const { changes, counts } = inferChanges(registryCounty, snapshot.counties[0]);
 * // counts: { established: 197, merged: 684, renamed: 12, … }
 */
export function inferChanges(before: RegistryCounty, after: SnapshotCounty): Inference {
  const counts = emptyCounts();
  const changes: Change[] = [];

  // --- townships: by code, then by name stem
  const townshipOf = new Map<string, string>(); // registry id → snapshot code
  const registryTownship = new Map<string, RegistryUnit>(); // snapshot code → registry unit
  const afterTownships = new Map(after.townships.map((t) => [t.code, t]));
  for (const t of before.townships) {
    if (afterTownships.has(t.code)) {
      townshipOf.set(t.id, t.code);
      registryTownship.set(t.code, t);
    }
  }
  for (const [a, b] of pairUnique(
    before.townships.filter((t) => !townshipOf.has(t.id)),
    after.townships.filter((t) => !registryTownship.has(t.code)),
    (t) => stem(t.name, TOWNSHIP_SUFFIX),
    (t) => stem(t.name, TOWNSHIP_SUFFIX),
  )) {
    townshipOf.set(a.id, b.code);
    registryTownship.set(b.code, a);
  }
  /** How a change names a township of the snapshot: the registry's id, or the code of a new one. */
  const townshipRef = (code: string) => registryTownship.get(code)?.id ?? code;

  // --- villages: by code, by name in the same township, by a name unique in the county
  const afterVillages: SnapshotUnit[] = after.townships.flatMap((t) =>
    t.villages.map((v) => ({ ...v, townshipCode: t.code })),
  );
  const afterByCode = new Map(afterVillages.map((v) => [v.code, v]));
  const villageOf = new Map<string, SnapshotUnit>(); // registry id → snapshot village
  const taken = new Set<string>(); // snapshot codes matched
  const match = (a: RegistryVillage, b: SnapshotUnit) => {
    villageOf.set(a.id, b);
    taken.add(b.code);
  };
  for (const v of before.villages) {
    const b = afterByCode.get(v.code);
    if (b) match(v, b);
  }
  const leftBefore = () => before.villages.filter((v) => !villageOf.has(v.id));
  const leftAfter = () => afterVillages.filter((v) => !taken.has(v.code));
  for (const [a, b] of pairUnique(
    leftBefore(),
    leftAfter(),
    (v) => (townshipOf.has(v.townshipId) ? `${townshipOf.get(v.townshipId)}/${v.name}` : undefined),
    (v) => `${v.townshipCode}/${v.name}`,
  )) {
    match(a, b);
  }
  for (const [a, b] of pairUnique(
    leftBefore(),
    leftAfter(),
    (v) => v.name,
    (v) => v.name,
  ))
    match(a, b);
  const vanished = leftBefore();
  const born = leftAfter();
  // "New villages": the snapshot's villages under a code that did not exist before — established,
  // or a village that moved or was re-coded (the bureau numbers a restructured village anew).
  const codesBefore = new Set(before.villages.map((v) => v.code));
  const newCodes = afterVillages.filter((v) => !codesBefore.has(v.code));

  // --- where each retired township went
  const retired = before.townships.filter((t) => !townshipOf.has(t.id));
  /** The new village best matching `v` by name (one of its own kind first), in `townships` or anywhere. */
  const bestNew = (
    v: RegistryVillage,
    townships: ReadonlySet<string> | undefined,
  ): SnapshotUnit | undefined => {
    const best = (sameKind: boolean) => {
      let found: SnapshotUnit | undefined;
      let score = 0;
      for (const b of newCodes) {
        if ((townships && !townships.has(b.townshipCode)) || (b.kind === v.kind) !== sameKind) continue;
        const s = nameSimilarity(v.name, b.name);
        if (s > score || (s === score && s > 0 && found && b.code < found.code)) {
          found = b;
          score = s;
        }
      }
      return found;
    };
    return best(true) ?? best(false);
  };
  const destination = new Map<string, string>(); // retired township id → snapshot township code
  for (const t of retired) {
    const villages = before.villages.filter((v) => v.townshipId === t.id);
    const went = villages.flatMap((v) => (villageOf.has(v.id) ? [villageOf.get(v.id)!.townshipCode] : []));
    const fallback = villages.flatMap((v) =>
      villageOf.has(v.id) ? [] : [bestNew(v, undefined)?.townshipCode ?? []].flat(),
    );
    const dest = majority(went.length > 0 ? went : fallback);
    if (dest !== undefined) destination.set(t.id, dest);
  }

  // 1. new townships, 2. new villages
  for (const t of after.townships) {
    if (registryTownship.has(t.code)) continue;
    changes.push({
      op: 'establish',
      kind: t.kind,
      name: t.name,
      ...(t.fullName === t.name ? {} : { fullName: t.fullName }),
      parent: before.id,
      code: t.code,
    });
    counts.established++;
  }
  for (const v of [...born].sort(byCode)) {
    changes.push({
      op: 'establish',
      kind: v.kind,
      name: v.name,
      ...(v.fullName === v.name ? {} : { fullName: v.fullName }),
      parent: townshipRef(v.townshipCode),
      code: v.code,
    });
    counts.established++;
  }

  // 3. villages that stay: kind, code, township, name
  const mergedChildren = new Map<string, { division: string; code: string; into?: string }[]>(); // retired township id → its villages' specs
  for (const a of before.villages) {
    const b = villageOf.get(a.id);
    if (!b) continue;
    if (a.kind !== b.kind) {
      changes.push({ op: 'change-kind', division: a.id, kind: b.kind, code: b.code });
      counts['kind-changed']++;
      if (a.code !== b.code) counts['re-coded']++;
    }
    const sameTownship = townshipOf.get(a.townshipId) === b.townshipCode;
    if (!sameTownship) {
      counts.moved++;
      if (townshipOf.has(a.townshipId))
        changes.push({ op: 'transfer', division: a.id, parent: townshipRef(b.townshipCode), code: b.code });
      else {
        const spec = {
          division: a.id,
          code: b.code,
          ...(destination.get(a.townshipId) === b.townshipCode ? {} : { into: townshipRef(b.townshipCode) }),
        };
        const list = mergedChildren.get(a.townshipId);
        if (list) list.push(spec);
        else mergedChildren.set(a.townshipId, [spec]);
      }
    } else if (a.code !== b.code && a.kind === b.kind) {
      changes.push({ op: 'recode', division: a.id, code: b.code });
      counts['re-coded']++;
    }
    rename(a, b);
  }

  // 4. villages that vanished
  const mergedInto = new Map<string, string[]>(); // snapshot code of the new village → registry ids
  for (const v of vanished) {
    const dest = townshipOf.get(v.townshipId) ?? destination.get(v.townshipId);
    const target = dest === undefined ? undefined : bestNew(v, new Set([dest]));
    if (target) {
      const list = mergedInto.get(target.code);
      if (list) list.push(v.id);
      else mergedInto.set(target.code, [v.id]);
    } else {
      changes.push({ op: 'abolish', division: v.id });
      counts.abolished++;
    }
  }
  const registryVillage = new Map([...villageOf].map(([id, b]) => [b.code, id]));
  for (const [code, sources] of [...mergedInto].sort(([a], [b]) => (a < b ? -1 : 1))) {
    // A village that moves or is re-coded is named by its id: its new code may only come later.
    changes.push({ op: 'merge', sources, into: registryVillage.get(code) ?? code });
    counts.merged += sources.length;
  }

  // 5. townships: kind, code, name; the retired ones merged or abolished
  for (const a of before.townships) {
    const code = townshipOf.get(a.id);
    if (code === undefined) continue;
    const b = afterTownships.get(code)!;
    if (a.kind !== b.kind) {
      changes.push({ op: 'change-kind', division: a.id, kind: b.kind, code: b.code });
      counts['kind-changed']++;
      if (a.code !== b.code) counts['re-coded']++;
    } else if (a.code !== b.code) {
      changes.push({ op: 'recode', division: a.id, code: b.code });
      counts['re-coded']++;
    }
    rename(a, b);
  }
  for (const t of retired) {
    const dest = destination.get(t.id);
    if (dest === undefined) {
      changes.push({ op: 'abolish', division: t.id });
      counts.abolished++;
    } else {
      changes.push({
        op: 'merge',
        sources: [t.id],
        into: townshipRef(dest),
        children: mergedChildren.get(t.id) ?? [],
      });
      counts.merged++;
    }
  }
  if (before.name !== after.name) {
    changes.push({ op: 'rename', division: before.id, name: after.name });
    counts.renamed++;
  }
  return { changes, counts };

  function rename(a: RegistryUnit, b: { name: string; fullName: string }): void {
    if (a.name === b.name && a.fullName === b.fullName) return;
    changes.push({
      op: 'rename',
      division: a.id,
      ...(a.name === b.name ? {} : { name: b.name }),
      ...(a.fullName === b.fullName ? {} : { fullName: b.fullName === b.name ? null : b.fullName }),
    });
    counts[a.name === b.name ? 'full-name-changed' : 'renamed']++;
  }
}
