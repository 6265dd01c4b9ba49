/**
 * Read model `chronicle.entries`: every event any enabled module tells in the chronicle, as the
 * sentences its module's rules made of it when it took effect (division names as they stood then),
 * with the act's document and date. It also folds the division registry, for those names and to
 * know which county each sentence is about. Built from the module list (`chronicleEntries(modules)`),
 * so a plugin that declares a chronicle entry is told without anyone editing this file.
 */
import {
  defineProjection,
  type ChronicleRule,
  type ChronicleSentence,
  type ModuleDefinition,
  type RecordedEvent,
} from '@xianzhi/kernel';
import { changesInferred, divisionEvent, type DivisionKind } from '@xianzhi/divisions-contract';
import { applyEvent, emptyRegistry, isSuperseded, type RegistryState } from '@xianzhi/core/server';

/** One told event: its sentences and the act it belongs to. */
export interface ChronicleRecord {
  eventId: string;
  position: number;
  module: string;
  type: string;
  effectiveAt: string;
  effectiveMs: number;
  recordedAt: string;
  /** The act (adjustment, decision) the event belongs to: events of one act share it. */
  actId: string;
  documentNo?: string;
  issuedBy?: string;
  /** Inferred from two snapshots of the national codes, not from a document. */
  inferred?: { from: string; to: string };
  notable: boolean;
  sentences: ChronicleSentence[];
  /** The counties (ids) the sentences are about. */
  counties: string[];
}

export interface EntriesState {
  registry: RegistryState;
  names: Map<string, string>;
  /** Inferred acts (correlation ids) → the two snapshots. */
  inferred: Map<string, { from: string; to: string }>;
  records: ChronicleRecord[];
}

export interface EntriesInput {
  /** Effective on or after this date / before or on that one (YYYY-MM-DD). */
  from?: string;
  to?: string;
  /** Only what concerns this county (its 6-digit code or its id). */
  county?: string;
  /** Only the sentences naming this division (id or code). */
  divisionId?: string;
  /** Only the sentences of these modules (a division's 建置沿革 is the divisions module's). */
  modules?: readonly string[];
  /** Only events their module marks notable (the 大事记). */
  notable?: boolean;
  /** Set by the access layer for a token limited to a division: sentences about those divisions only. */
  within?: readonly string[];
}

const dayStart = (d: string) => Date.parse(`${d}T00:00:00+08:00`);

function countyOf(registry: RegistryState, id: string): string | undefined {
  let d = registry.divisions.get(id);
  for (let i = 0; d && i < 8; i++) {
    if (d.level === 'county') return d.id;
    d = d.parentId === undefined ? undefined : registry.divisions.get(d.parentId);
  }
  return undefined;
}

/** A division by id, or by a code it holds (or held). */
export function divisionRef(registry: RegistryState, ref: string): string | undefined {
  if (registry.divisions.has(ref)) return ref;
  return registry.codes.get(ref) ?? registry.retired.get(ref)?.id;
}

function rulesOf(
  modules: readonly Pick<ModuleDefinition, 'name' | 'chronicle'>[],
): Map<string, { module: string; rule: ChronicleRule }> {
  const rules = new Map<string, { module: string; rule: ChronicleRule }>();
  for (const m of modules) {
    for (const [type, rule] of Object.entries(m.chronicle?.events ?? {})) {
      if (rules.has(type))
        throw new Error(
          `two modules tell event type ${type} in the chronicle (${rules.get(type)!.module}, ${m.name})`,
        );
      rules.set(type, { module: m.name, rule });
    }
  }
  return rules;
}

/** 1 + a 30-bit FNV-1a hash of the told modules' names (sorted), so each set of modules has its own version. */
function versionOf(modules: readonly Pick<ModuleDefinition, 'name' | 'chronicle'>[]): number {
  const names = modules
    .filter((m) => m.chronicle !== undefined)
    .map((m) => m.name)
    .sort()
    .join(',');
  let hash = 0x811c9dc5;
  for (let i = 0; i < names.length; i++) hash = Math.imul(hash ^ names.charCodeAt(i), 0x01000193) >>> 0;
  return 1 + (hash & 0x3fffffff);
}

/**
 * The read model over the given modules' chronicle entries.
 *
 * @example
 * const projection = chronicleEntries([...coreModules, ...plugins]);
 * runtime.query(projection, 'entries', { county: '510799', from: '2019-01-01', to: '2020-12-31', notable: true }, { asOf: '2020-12-31' });
 */
export function chronicleEntries(modules: readonly Pick<ModuleDefinition, 'name' | 'chronicle'>[]) {
  const rules = rulesOf(modules);
  const evolve = (state: EntriesState, event: RecordedEvent): EntriesState => {
    if (divisionEvent.is(event)) {
      if (isSuperseded(state.registry, event)) return state;
      applyEvent(state.registry, event, 'fold');
      if (changesInferred.is(event))
        state.inferred.set(event.metadata.correlationId ?? event.id, {
          from: event.data.fromSnapshot,
          to: event.data.toSnapshot,
        });
    }
    const found = rules.get(event.type);
    if (!found) return state;
    const { rule, module } = found;
    const registry = state.registry;
    const names = {
      division: (id: string | undefined) =>
        id === undefined ? '' : (registry.divisions.get(divisionRef(registry, id) ?? '')?.name ?? id),
      kind: (id: string | undefined): DivisionKind | undefined =>
        id === undefined ? undefined : registry.divisions.get(divisionRef(registry, id) ?? '')?.kind,
      name: (id: string | undefined, fallback?: string) =>
        id === undefined ? (fallback ?? '') : (state.names.get(id) ?? fallback ?? id),
    };
    // told with the names as they stood before the event; then the names it makes known
    const told = rule.describe(event, names);
    for (const [id, name] of Object.entries(rule.names?.(event, names) ?? {})) state.names.set(id, name);
    const sentences = told === undefined ? [] : Array.isArray(told) ? told : [told];
    if (sentences.length === 0) return state;
    const actId = event.metadata.correlationId ?? event.id;
    const counties = new Set<string>();
    for (const s of sentences) {
      s.divisions = [...new Set((s.divisions ?? []).map((d) => divisionRef(registry, d) ?? d))];
      for (const d of s.divisions) {
        const c = countyOf(registry, d);
        if (c !== undefined) counties.add(c);
      }
    }
    const notable = typeof rule.notable === 'function' ? rule.notable(event) : (rule.notable ?? false);
    const inferred = state.inferred.get(actId);
    const authority = event.metadata.authority;
    state.records.push({
      eventId: event.id,
      position: event.position,
      module,
      type: event.type,
      effectiveAt: event.metadata.effectiveAt,
      effectiveMs: event.effectiveMs,
      recordedAt: event.metadata.recordedAt,
      actId,
      ...(authority ? { documentNo: authority.documentNo, issuedBy: authority.issuedBy } : {}),
      ...(inferred ? { inferred } : {}),
      notable,
      sentences,
      counties: [...counties],
    });
    return state;
  };
  const types = new Set<string>([...divisionEvent.types, ...rules.keys()]);
  return defineProjection({
    name: 'chronicle.entries',
    // The state depends on which modules are told: a cache folded for another set of modules (a
    // plugin enabled or disabled since) carries another version and is folded again.
    version: versionOf(modules),
    initialState: (): EntriesState => ({
      registry: emptyRegistry(),
      names: new Map(),
      inferred: new Map(),
      records: [],
    }),
    evolve: Object.fromEntries([...types].map((t) => [t, evolve])),
    queries: {
      /** The told events in effective order, kept to a period, a county, a division, the notable ones, a limited token's divisions. */
      entries: (state: EntriesState, input: EntriesInput | undefined): ChronicleRecord[] => {
        const from = input?.from === undefined ? -Infinity : dayStart(input.from);
        const to = input?.to === undefined ? Infinity : dayStart(input.to) + 86_400_000;
        const county = input?.county === undefined ? undefined : divisionRef(state.registry, input.county);
        if (input?.county !== undefined && county === undefined) return [];
        const division =
          input?.divisionId === undefined ? undefined : divisionRef(state.registry, input.divisionId);
        if (input?.divisionId !== undefined && division === undefined) return [];
        const within = input?.within === undefined ? undefined : new Set(input.within);
        const out: ChronicleRecord[] = [];
        for (const r of state.records) {
          if (r.effectiveMs < from || r.effectiveMs >= to) continue;
          if (input?.notable && !r.notable) continue;
          if (input?.modules !== undefined && !input.modules.includes(r.module)) continue;
          if (county !== undefined && !r.counties.includes(county)) continue;
          let sentences = r.sentences;
          if (division !== undefined) sentences = sentences.filter((s) => s.divisions?.includes(division));
          // A limited token reads a sentence only when every division it names is its own (fail closed).
          if (within !== undefined)
            sentences = sentences.filter(
              (s) => (s.divisions?.length ?? 0) > 0 && s.divisions!.every((d) => within.has(d)),
            );
          if (sentences.length === 0) continue;
          out.push(sentences === r.sentences ? r : { ...r, sentences });
        }
        return out;
      },
      /** A division (id or code) as it stands: name, kind, code, dates, former names. */
      division: (state: EntriesState, input: { id: string }) => {
        const id = divisionRef(state.registry, input.id);
        const d = id === undefined ? undefined : state.registry.divisions.get(id);
        if (!d) return null;
        const formerNames: string[] = [];
        for (const r of state.records) {
          if (r.type !== 'divisions.renamed') continue;
          for (const s of r.sentences)
            if (
              s.divisions?.[0] === d.id &&
              typeof s.params?.previousName === 'string' &&
              s.params.previousName !== d.name &&
              !formerNames.includes(s.params.previousName)
            )
              formerNames.push(s.params.previousName);
        }
        return {
          id: d.id,
          name: d.name,
          code: d.code ?? null,
          kind: d.kind,
          level: d.level,
          established: d.established.effectiveAt,
          ended: d.ended?.effectiveAt ?? null,
          formerNames,
        };
      },
    },
  });
}

export type ChronicleEntriesProjection = ReturnType<typeof chronicleEntries>;
export type ChronicleDivision = NonNullable<ReturnType<ChronicleEntriesProjection['queries']['division']>>;
