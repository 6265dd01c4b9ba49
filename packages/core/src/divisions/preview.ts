/**
 * A dry run of `enactAdjustment`: decides on the registry as it stands and returns the county's tree
 * as of the effective date after the change — nothing is written. The admin UI shows it before the
 * official submits.
 */
import { ValidationError, parseEffectiveAt, type RecordedEvent } from '@xianzhi/kernel';
import type { EventStore } from '@xianzhi/event-store';
import type { ProjectionRuntime } from '@xianzhi/projections';
import { enactAdjustmentInput, registryStream } from './adjustment';
import { registryDecider } from './decide';
import { KIND_LABEL } from '@xianzhi/divisions-contract';
import { applyEvent, emptyRegistry, type Division } from './model';
import { divisionTree, type Counts } from './tree';

export interface PreviewNode {
  id: string;
  code: string | null;
  name: string;
  kind: string;
  kindLabel: string;
  /** What the adjustment does to this division. */
  change: 'new' | 'ended' | 'changed' | null;
  children: PreviewNode[];
}

export async function previewAdjustment(
  context: { store: EventStore; runtime: ProjectionRuntime },
  input: unknown,
  options: { /** Only this division's part (a token limited to it): counts and tree under it. */ rootId?: string } = {},
): Promise<{ events: { type: string; data: unknown }[]; before: Counts; after: Counts; tree: PreviewNode[] }> {
  const parsed = enactAdjustmentInput.safeParse(input);
  if (!parsed.success) throw ValidationError.fromZod(parsed.error);
  const command = parsed.data;
  const stream = registryStream(command.countyCode);
  const history = (await context.store.readStream(stream)).filter((e) => !context.runtime.findEvent(e.id)?.retractedBy);
  let state = registryDecider.initialState();
  for (const e of history) state = registryDecider.evolve(state, e);
  const events = registryDecider.decide(command, state);
  const at = parseEffectiveAt(command.effectiveAt)!;
  const registry = emptyRegistry();
  for (const e of [...history].sort((a, b) => a.effectiveMs - b.effectiveMs || a.position - b.position)) {
    if (e.effectiveMs <= at.ms) applyEvent(registry, e, false);
  }
  const rootRef = options.rootId ?? command.countyCode;
  const before = divisionTree.queries.counts(registry, { rootId: rootRef });
  const touched = new Set<string>();
  const existing = new Set(registry.divisions.keys());
  events.forEach((e, i) => {
    const recorded: RecordedEvent = {
      id: `preview-${i}`,
      type: e.type,
      stream,
      revision: 0,
      position: Number.MAX_SAFE_INTEGER - events.length + i,
      data: e.data,
      metadata: { effectiveAt: command.effectiveAt, recordedAt: '', schemaVersion: 1 },
      effectiveMs: at.ms,
      recordedMs: 0,
    };
    applyEvent(registry, recorded, false);
    const d = e.data as { id?: string; sourceIds?: string[]; targetId?: string; moves?: { id: string }[] };
    for (const x of [d.id, d.targetId, ...(d.sourceIds ?? []), ...(d.moves ?? []).map((m) => m.id)]) if (x) touched.add(x);
  });
  const after = divisionTree.queries.counts(registry, { rootId: rootRef });
  const node = (d: Division, depth: number): PreviewNode => ({
    id: d.id,
    code: d.code ?? null,
    name: d.name,
    kind: d.kind,
    kindLabel: KIND_LABEL[d.kind].zh,
    change: !existing.has(d.id) ? 'new' : d.ended ? 'ended' : touched.has(d.id) ? 'changed' : null,
    children:
      depth > 1
        ? [...d.children].map((c) => registry.divisions.get(c)!).map((c) => node(c, depth - 1))
        : [],
  });
  const rootId = registry.divisions.has(rootRef) ? rootRef : registry.codes.get(rootRef);
  const root = rootId ? registry.divisions.get(rootId) : undefined;
  return { events: events.map((e) => ({ type: e.type, data: e.data })), before, after, tree: root ? [node(root, 3)] : [] };
}
