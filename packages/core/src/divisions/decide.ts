/**
 * The registry decider: `enactAdjustment` on a county's registry stream.
 *
 * The state is the stream's whole history. To decide, the registry is rebuilt as of the
 * adjustment's effective date, every change is turned into events and applied with the invariants
 * checked; then every event effective later is applied again on top — so a backdated adjustment that
 * contradicts what was already recorded after its date is refused, naming that event and document
 * (the kernel's timelineDecider does the rebuilding and the re-checking).
 */
import { InvariantViolation, timelineDecider, type RecordedEvent, type Timeline, type TimelineHistory } from '@xianzhi/kernel';
import { type Change, type EnactAdjustment } from './adjustment';
import { CODE_RANGE, LEVEL_OF, type DivisionKind } from '@xianzhi/divisions-contract';
import { activeDivision, applyEvent, describe, emptyRegistry, type Division, type RegistryState } from './model';
import type { Move } from '@xianzhi/divisions-contract';

export type RegistryHistory = TimelineHistory;

/** Every statistical code ever named in the history: new codes come after the highest of these. */
function codesEver(events: readonly RecordedEvent[]): Set<string> {
  const codes = new Set<string>();
  for (const e of events) {
    const d = e.data as { code?: string; moves?: Move[] };
    if (d.code) codes.add(d.code);
    for (const m of d.moves ?? []) if (m.code) codes.add(m.code);
  }
  return codes;
}

export const registryDecider = timelineDecider(
  { initialState: emptyRegistry, apply: applyEvent },
  (command: EnactAdjustment, timeline: Timeline<RegistryState>) => new AdjustmentBuilder(command, timeline).build(),
  { noun: 'adjustment', advice: 'Record a correction of the later change first, or choose another effective date.' },
);

class AdjustmentBuilder {
  readonly #at: string;
  readonly #state: RegistryState;
  readonly #later: readonly RecordedEvent[];
  readonly #codes: Set<string>;
  readonly #timeline: Timeline<RegistryState>;
  #seq: number;

  constructor(
    private readonly command: EnactAdjustment,
    timeline: Timeline<RegistryState>,
  ) {
    this.#timeline = timeline;
    this.#at = timeline.at;
    this.#state = timeline.state;
    this.#later = timeline.later;
    this.#codes = codesEver(timeline.history);
    this.#seq = timeline.history.filter((e) => e.type === 'divisions.established').length;
  }

  build(): void {
    this.command.changes.forEach((change, index) => {
      try {
        this.#change(change);
      } catch (error) {
        if (error instanceof InvariantViolation) {
          throw new InvariantViolation(`changes[${index}] (${change.op}): ${error.message}`, { ...error.details, path: ['changes', index] }, { cause: error });
        }
        throw error;
      }
    });
  }

  /** Emits one event of the adjustment: applied at once with the invariants checked. */
  #emit(type: string, data: Record<string, unknown>): void {
    this.#timeline.emit({ type, data });
  }

  #resolve(ref: string, action: string): Division {
    const s = this.#state;
    const id = s.divisions.has(ref) ? ref : (s.codes.get(ref) ?? s.retired.get(ref)?.id);
    if (id === undefined) {
      const later = this.#later.find((e) => {
        const d = e.data as { id?: string; code?: string };
        return e.type === 'divisions.established' && (d.id === ref || d.code === ref);
      });
      if (later) {
        const d = later.data as { name: string };
        const doc = later.metadata.authority?.documentNo;
        throw new InvariantViolation(
          `${d.name} (${ref}) is only established on ${later.metadata.effectiveAt}${doc ? ` (${doc})` : ''}; it cannot be ${action} on ${this.#at}`,
          { ref, establishedBy: later.id },
        );
      }
      throw new InvariantViolation(`no division ${ref} exists as of ${this.#at}; it cannot be ${action}`, { ref });
    }
    return activeDivision(s, id, action, this.#at);
  }

  #nextId(): string {
    this.#seq += 1;
    return `div-${this.command.countyCode}-${this.#seq}`;
  }

  /** The next free code of `kind` under `parentCode`: after the highest ever used in its range. */
  #nextCode(parentCode: string | undefined, kind: DivisionKind): string | undefined {
    const range = CODE_RANGE[kind];
    if (!range || parentCode === undefined) return undefined;
    // The first code of a range ending in 00 (镇 100, 乡 200, 村 200) is never issued: 101, 201…
    let max = range[0] % 100 === 0 ? range[0] : range[0] - 1;
    for (const c of this.#codes) {
      if (c.length !== parentCode.length + 3 || !c.startsWith(parentCode)) continue;
      const n = Number(c.slice(-3));
      if (n >= range[0] && n <= range[1] && n > max) max = n;
    }
    if (max + 1 > range[1]) {
      throw new InvariantViolation(`no free ${kind} code is left under ${parentCode} (range ${range[0]}–${range[1]} is used up)`);
    }
    const code = parentCode + String(max + 1).padStart(3, '0');
    this.#codes.add(code);
    return code;
  }

  #claim(code: string | undefined): string | undefined {
    if (code !== undefined) this.#codes.add(code);
    return code;
  }

  /** Moves the active children of `from` to `to`, each with a new code under `to`. */
  #movesOf(children: readonly string[], to: Division): Move[] {
    return children.map((id) => {
      const child = this.#state.divisions.get(id)!;
      const move: Move = { id, to: to.id };
      const code = child.code === undefined ? undefined : this.#nextCode(to.code, child.kind);
      if (code !== undefined) move.code = code;
      return move;
    });
  }

  #change(change: Change): void {
    switch (change.op) {
      case 'establish': {
        const parent = change.parent === undefined ? undefined : this.#resolve(change.parent, `given a new ${change.kind}`);
        const code = this.#claim(change.code) ?? (LEVEL_OF[change.kind] === 'county' ? this.command.countyCode : this.#nextCode(parent?.code, change.kind));
        this.#emit('divisions.established', {
          id: this.#nextId(),
          name: change.name,
          kind: change.kind,
          ...(code === undefined ? {} : { code }),
          ...(parent ? { parentId: parent.id } : {}),
          ...(change.classification ? { classification: change.classification } : {}),
          ...(change.seat ? { seat: change.seat } : {}),
          ...(change.source ? { source: change.source } : {}),
        });
        return;
      }
      case 'merge': {
        const target = this.#resolve(change.into, 'merged into');
        const sources = change.sources.map((s) => this.#resolve(s, 'merged'));
        const moves = sources.flatMap((s) => (s.id === target.id ? [] : this.#movesOf(s.children, target)));
        this.#emit('divisions.merged', { sourceIds: sources.map((s) => s.id), targetId: target.id, moves });
        return;
      }
      case 'split': {
        const source = this.#resolve(change.source, 'split');
        const parent = source.parentId ? this.#state.divisions.get(source.parentId) : undefined;
        const partIds: string[] = [];
        const parts: Division[] = [];
        for (const part of change.parts) {
          const kind = part.kind ?? source.kind;
          const code = this.#claim(part.code) ?? this.#nextCode(parent?.code, kind);
          const id = this.#nextId();
          this.#emit('divisions.established', {
            id,
            name: part.name,
            kind,
            ...(code === undefined ? {} : { code }),
            ...(parent ? { parentId: parent.id } : {}),
            ...(part.classification ? { classification: part.classification } : {}),
          });
          partIds.push(id);
          parts.push(this.#state.divisions.get(id)!);
        }
        const moves: Move[] = [];
        change.parts.forEach((part, i) => {
          const children = (part.children ?? []).map((c) => this.#resolve(c, 'moved to a part of a split').id);
          moves.push(...this.#movesOf(children, parts[i]!));
        });
        this.#emit('divisions.split', { sourceId: source.id, partIds, sourceEnds: change.sourceEnds ?? true, moves });
        return;
      }
      case 'abolish': {
        const d = this.#resolve(change.division, 'abolished');
        const absorber = this.#resolve(change.absorbedBy, 'given the territory of an abolished division');
        this.#emit('divisions.abolished', { id: d.id, absorbedById: absorber.id, moves: d.id === absorber.id ? [] : this.#movesOf(d.children, absorber) });
        return;
      }
      case 'rename': {
        const d = this.#resolve(change.division, 'renamed');
        this.#emit('divisions.renamed', { id: d.id, name: change.name, previousName: d.name });
        return;
      }
      case 'change-kind': {
        const d = this.#resolve(change.division, 'changed in kind');
        const parent = d.parentId ? this.#state.divisions.get(d.parentId) : undefined;
        const code = this.#claim(change.code) ?? this.#nextCode(parent?.code, change.kind);
        // The children's codes start with this one's: they take new codes under the new code.
        const future = { ...d, ...(code === undefined ? {} : { code }) };
        const moves = code === undefined || code === d.code ? [] : this.#movesOf(d.children, future);
        this.#emit('divisions.kind-changed', {
          id: d.id,
          kind: change.kind,
          previousKind: d.kind,
          ...(code === undefined ? {} : { code }),
          ...(d.code === undefined ? {} : { previousCode: d.code }),
          moves,
        });
        return;
      }
      case 'reclassify': {
        const d = this.#resolve(change.division, 'reclassified');
        this.#emit('divisions.reclassified', { id: d.id, classification: change.classification, previousClassification: d.classification ?? null });
        return;
      }
      case 'transfer': {
        const d = this.#resolve(change.division, 'transferred');
        const to = this.#resolve(change.parent, 'given a transferred division');
        const code = this.#claim(change.code) ?? (d.code === undefined ? undefined : this.#nextCode(to.code, d.kind));
        this.#emit('divisions.transferred', {
          id: d.id,
          parentId: to.id,
          previousParentId: d.parentId ?? '',
          ...(code === undefined ? {} : { code }),
          ...(d.code === undefined ? {} : { previousCode: d.code }),
        });
        return;
      }
      case 'move-seat': {
        const d = this.#resolve(change.division, 'given a new seat');
        this.#emit('divisions.seat-moved', { id: d.id, seat: change.seat, previousSeat: d.seat ?? null });
        return;
      }
      case 'boundary': {
        const from = this.#resolve(change.from, 'adjusted');
        const to = this.#resolve(change.to, 'adjusted');
        const children = change.divisions.map((c) => this.#resolve(c, 'moved across a boundary'));
        for (const c of children) {
          if (c.parentId !== from.id) throw new InvariantViolation(`${describe(c)} does not belong to ${describe(from)}`, { ref: c.id });
        }
        this.#emit('divisions.boundary-adjusted', {
          fromId: from.id,
          toId: to.id,
          moves: this.#movesOf(children.map((c) => c.id), to),
          ...(change.description ? { description: change.description } : {}),
        });
        return;
      }
    }
  }
}
