/**
 * A dry run of `enactAdjustment`: decides on the registry as it stands and returns the county's tree
 * as of the effective date after the change, and every id and code it would assign (given by the
 * document or generated) — nothing is written. The admin UI shows it before the official submits.
 */
import { ValidationError, parseEffectiveAt, type RecordedEvent } from '@xianzhi/kernel';
import type { EventStore } from '@xianzhi/event-store';
import type { ProjectionRuntime } from '@xianzhi/projections';
import { enactAdjustmentInput, registryStream } from './adjustment';
import { assignedCodes, type CodeAssignment } from './assignments';
import { registryDecider } from './decide';
import { KIND_LABEL, divisionEvent, divisionIdsOf } from '@xianzhi/divisions-contract';
import { applyEvent, emptyRegistry, type Division } from './model';
import { divisionTree, type Counts } from './tree';

export interface PreviewNode {
  id: string;
  code: string | null;
  name: string;
  fullName: string;
  kind: string;
  kindLabel: string;
  /** What the adjustment does to this division. */
  change: 'new' | 'ended' | 'changed' | null;
  /** Whether this adjustment's new code for it was given by the document or generated (null: code unchanged). */
  codeSource: 'given' | 'generated' | null;
  children: PreviewNode[];
}

export interface PreviewResult {
  events: { type: string; data: unknown }[];
  before: Counts;
  after: Counts;
  tree: PreviewNode[];
  /** Every id and code the adjustment would assign. */
  codes: CodeAssignment[];
}

export async function previewAdjustment(
  context: { store: EventStore; runtime: ProjectionRuntime },
  input: unknown,
  options: {
    /** Only this division's part (a token limited to it): counts and tree under it. */ rootId?: string;
  } = {},
): Promise<PreviewResult> {
  const parsed = enactAdjustmentInput.safeParse(input);
  if (!parsed.success) throw ValidationError.fromZod(parsed.error);
  const command = parsed.data;
  const stream = registryStream(command.countyCode);
  const history = (await context.store.readStream(stream)).filter(
    (e) => !context.runtime.findEvent(e.id)?.retractedBy,
  );
  let state = registryDecider.initialState();
  for (const e of history) state = registryDecider.evolve(state, e);
  const events = registryDecider.decide(command, state);
  const at = parseEffectiveAt(command.effectiveAt)!;
  const registry = emptyRegistry();
  for (const e of [...history].sort((a, b) => a.effectiveMs - b.effectiveMs || a.position - b.position)) {
    if (e.effectiveMs <= at.ms) applyEvent(registry, e, 'fold');
  }
  const rootRef = options.rootId ?? command.countyCode;
  const before = divisionTree.queries.counts(registry, { rootId: rootRef });
  const previousCodes = new Map<string, string | undefined>();
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
      metadata: {
        effectiveAt: command.effectiveAt,
        recordedAt: '',
        schemaVersion: 1,
        correlationId: 'preview',
      },
      effectiveMs: at.ms,
      recordedMs: 0,
    };
    for (const id of divisionEvent.is(recorded) ? divisionIdsOf(recorded) : []) {
      touched.add(id);
      if (!previousCodes.has(id)) previousCodes.set(id, registry.divisions.get(id)?.code);
    }
    applyEvent(registry, recorded, 'fold');
  });
  const after = divisionTree.queries.counts(registry, { rootId: rootRef });
  const codes = assignedCodes(command, events, (id) => previousCodes.get(id));
  const codeSource = new Map(codes.map((c) => [c.id, c.source]));
  const node = (d: Division, depth: number): PreviewNode => ({
    id: d.id,
    code: d.code ?? null,
    name: d.name,
    fullName: d.fullName ?? d.name,
    kind: d.kind,
    kindLabel: KIND_LABEL[d.kind].zh,
    change: !existing.has(d.id) ? 'new' : d.ended ? 'ended' : touched.has(d.id) ? 'changed' : null,
    codeSource: codeSource.get(d.id) ?? null,
    children:
      depth > 1 ? [...d.children].map((c) => registry.divisions.get(c)!).map((c) => node(c, depth - 1)) : [],
  });
  const rootId = registry.divisions.has(rootRef) ? rootRef : registry.codes.get(rootRef);
  const root = rootId ? registry.divisions.get(rootId) : undefined;
  return {
    events: events.map((e) => ({ type: e.type, data: e.data })),
    before,
    after,
    tree: root ? [node(root, 3)] : [],
    codes,
  };
}
