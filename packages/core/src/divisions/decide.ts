/**
 * The registry decider: `enactAdjustment` on a county's registry stream.
 *
 * The state is the stream's whole history. To decide, the registry is rebuilt as of the
 * adjustment's effective date, every change is turned into events and applied with the invariants
 * checked; then every event effective later is applied again on top — so a backdated adjustment that
 * contradicts what was already recorded after its date is refused, naming that event and document
 * (the kernel's timelineDecider does the rebuilding and the re-checking).
 *
 * One adjustment is one act: who holds a code and whether a code starts with its parent's are
 * checked on its result, not change by change — so a document may re-number units among
 * themselves (a code freed by one change is taken by another, in any order). The later adjustments
 * are checked again the same way, each on its result (the model's `checkAct`).
 */
import {
  InvariantViolation,
  timelineDecider,
  type RecordedEvent,
  type Timeline,
  type TimelineHistory,
  type TimelineModel,
} from '@xianzhi/kernel';
import {
  CODE_RANGE,
  LEVEL_OF,
  divisionEstablished,
  divisionEvent,
  inferredSuperseded,
  divisionIdsOf,
  type DivisionChange,
  type DivisionKind,
  type Move,
} from '@xianzhi/divisions-contract';
import { type Change, type EnactAdjustment } from './adjustment';
import {
  activeDivision,
  applyEvent,
  checkAdjustmentCodes,
  describe,
  emptyRegistry,
  type Division,
  type RegistryState,
} from './model';

export type RegistryHistory = TimelineHistory;

/** Every statistical code ever named in the history: new codes come after the highest of these. */
function codesEver(events: readonly RecordedEvent[]): Set<string> {
  const codes = new Set<string>();
  for (const e of events) {
    if (!divisionEvent.is(e)) continue;
    const d = e.data;
    if ('code' in d && d.code) codes.add(d.code);
    if ('moves' in d) for (const m of d.moves ?? []) if (m.code) codes.add(m.code);
  }
  return codes;
}

/** Every code the command gives explicitly (automatic numbering never hands these out). */
export function givenCodes(command: Pick<EnactAdjustment, 'changes'>): Set<string> {
  const codes = new Set<string>();
  const child = (c: string | { code?: string | undefined }) => {
    if (typeof c !== 'string' && c.code !== undefined) codes.add(c.code);
  };
  for (const c of command.changes) {
    switch (c.op) {
      case 'establish':
      case 'transfer':
        if (c.code !== undefined) codes.add(c.code);
        break;
      case 'merge':
      case 'abolish':
        (c.children ?? []).forEach(child);
        break;
      case 'change-kind':
      case 'recode':
        if (c.code !== undefined) codes.add(c.code);
        (c.children ?? []).forEach(child);
        break;
      case 'split':
        for (const p of c.parts) {
          if (p.code !== undefined) codes.add(p.code);
          (p.children ?? []).forEach(child);
        }
        break;
      case 'boundary':
        c.divisions.forEach(child);
        break;
      case 'rename':
      case 'reclassify':
      case 'move-seat':
        break;
    }
  }
  return codes;
}

/** The divisions whose code one event sets. */
function claimedBy(event: DivisionChange): string[] {
  const d = event.data;
  const ids = 'moves' in d ? d.moves.filter((m) => m.code !== undefined).map((m) => m.id) : [];
  if ('id' in d && 'code' in d && d.code !== undefined) ids.push(d.id);
  return ids;
}

/**
 * The registry as the timeline rebuilds it: events folded without the rules, an adjustment's own
 * and the later ones applied in `adjustment` mode, and each later adjustment's codes checked on its
 * result (one holder per code, every code under its parent's).
 */
export const registryModel: TimelineModel<RegistryState> = {
  initialState: emptyRegistry,
  apply: (state, event, check) => applyEvent(state, event, check ? 'adjustment' : 'fold'),
  checkAct: (state, act) => {
    const touched = new Set<string>();
    const claimed = new Set<string>();
    for (const e of act) {
      if (!divisionEvent.is(e) || state.superseded.has(e.id)) continue;
      for (const id of divisionIdsOf(e)) touched.add(id);
      for (const id of claimedBy(e)) claimed.add(id);
    }
    if (act.length > 0) checkAdjustmentCodes(state, touched, claimed, act[0]!.metadata.effectiveAt);
  },
};

export const registryDecider = timelineDecider(
  registryModel,
  (command: EnactAdjustment, timeline: Timeline<RegistryState>) =>
    new AdjustmentBuilder(command, timeline).build(),
  {
    noun: 'adjustment',
    advice: 'Record a correction of the later change first, or choose another effective date.',
  },
);

type ChildSpec = { division: string; code?: string | undefined; into?: string | undefined };
const specOf = (c: string | ChildSpec): ChildSpec => (typeof c === 'string' ? { division: c } : c);

class AdjustmentBuilder {
  readonly #timeline: Timeline<RegistryState>;
  readonly #at: string;
  readonly #atMs: number;
  readonly #state: RegistryState;
  readonly #history: readonly RecordedEvent[];
  readonly #later: readonly RecordedEvent[];
  /** Active code → division id before this adjustment: a code in the document names its holder then. */
  readonly #codesBefore: Map<string, string>;
  readonly #codes: Set<string>;
  /** Divisions the adjustment touched, those whose code it set, and the change that last did. */
  readonly #touched = new Set<string>();
  readonly #claimed = new Set<string>();
  readonly #changeOf = new Map<string, number>();
  #index = -1;
  #seq: number;

  constructor(
    private readonly command: EnactAdjustment,
    timeline: Timeline<RegistryState>,
  ) {
    this.#timeline = timeline;
    this.#at = timeline.at;
    this.#atMs = timeline.atMs;
    this.#state = timeline.state;
    this.#history = timeline.history;
    this.#later = timeline.later;
    this.#codesBefore = new Map(this.#state.codes);
    this.#codes = codesEver(this.#history);
    for (const code of givenCodes(command)) this.#codes.add(code);
    this.#seq = this.#history.filter((e) => e.type === 'divisions.established').length;
  }

  /** Emits the adjustment's events and checks its result; the timeline then checks the later adjustments again. */
  build(): void {
    this.#open();
    this.command.changes.forEach((change, index) => {
      this.#index = index;
      this.#withPath(index, change.op, () => this.#change(change));
    });
    try {
      checkAdjustmentCodes(this.#state, this.#touched, this.#claimed, this.#at);
    } catch (error) {
      const index =
        error instanceof InvariantViolation
          ? this.#changeOf.get(String(error.details?.divisionId))
          : undefined;
      if (index === undefined) throw error;
      this.#withPath(index, this.command.changes[index]!.op, () => {
        throw error;
      });
    }
  }

  #withPath(index: number, op: string, run: () => void): void {
    try {
      run();
    } catch (error) {
      if (error instanceof InvariantViolation) {
        const reason = error.reason && {
          code: error.reason.code,
          params: { ...error.reason.params, index: index + 1, op },
        };
        throw new InvariantViolation(
          `changes[${index}] (${op}): ${error.message}`,
          { ...error.details, path: ['changes', index] },
          { cause: error, ...(reason ? { reason } : {}) },
        );
      }
      throw error;
    }
  }

  /** The events that open the adjustment: the inferred marker, the supersession of inferred changes. */
  #open(): void {
    const { inferred, supersedes } = this.command;
    if (inferred) {
      const counts: Record<string, number> = {};
      for (const c of this.command.changes) counts[c.op] = (counts[c.op] ?? 0) + 1;
      this.#emit('divisions.changes-inferred', { ...inferred, counts: inferred.counts ?? counts });
    }
    if (supersedes && supersedes.length > 0)
      this.#emit('divisions.inferred-superseded', { eventIds: this.#superseded(supersedes) });
  }

  /** The inferred events named (by event or adjustment id), checked: inferred, later than this adjustment, not superseded yet. */
  #superseded(refs: readonly string[]): string[] {
    const inferredAdjustments = new Set(
      this.#history
        .filter((e) => e.type === 'divisions.changes-inferred')
        .map((e) => e.metadata.correlationId ?? e.id),
    );
    const already = new Set(
      this.#history.filter((e) => inferredSuperseded.is(e)).flatMap((e) => e.data.eventIds),
    );
    const ids: string[] = [];
    for (const ref of refs) {
      const byAdjustment = this.#history.filter(
        (e) => e.metadata.correlationId === ref && e.type !== 'divisions.changes-inferred',
      );
      const targets = byAdjustment.length > 0 ? byAdjustment : this.#history.filter((e) => e.id === ref);
      const fail = (message: string) => {
        throw new InvariantViolation(`supersedes "${ref}": ${message}`, { path: ['supersedes'], ref });
      };
      if (targets.length === 0)
        fail(`no event or adjustment ${ref} in the registry of ${this.command.countyCode}`);
      for (const e of targets) {
        if (!inferredAdjustments.has(e.metadata.correlationId ?? '')) {
          fail(
            `${e.type} effective ${e.metadata.effectiveAt}${e.metadata.authority ? ` (${e.metadata.authority.documentNo})` : ''} was recorded from a document, not inferred; correct it with a retraction instead`,
          );
        }
        if (e.type === 'divisions.changes-inferred')
          fail('name the inferred changes, not the note that opens them');
        if (e.effectiveMs <= this.#atMs) {
          fail(
            `the inferred ${e.type} is effective ${e.metadata.effectiveAt}, not after this adjustment (${this.#at}); ` +
              'a document effective on or after that date cannot take its place — retract the inferred change and record the document',
          );
        }
        if (already.has(e.id))
          fail(`the inferred ${e.type} effective ${e.metadata.effectiveAt} was already superseded`);
        if (!ids.includes(e.id)) ids.push(e.id);
      }
    }
    return ids;
  }

  /** Emits one event of the adjustment: applied at once (`adjustment` mode), its divisions noted for the result's check. */
  #emit<T extends DivisionChange['type']>(type: T, data: Extract<DivisionChange, { type: T }>['data']): void {
    this.#timeline.emit({ type, data });
    const event = { type, data } as DivisionChange;
    for (const id of divisionIdsOf(event)) {
      this.#touched.add(id);
      this.#changeOf.set(id, this.#index);
    }
    for (const id of claimedBy(event)) this.#claimed.add(id);
  }

  #resolve(ref: string, action: string): Division {
    const s = this.#state;
    const id = s.divisions.has(ref)
      ? ref
      : (this.#codesBefore.get(ref) ?? s.codes.get(ref) ?? s.retired.get(ref)?.id);
    if (id === undefined) {
      const later = this.#later
        .filter((e) => divisionEstablished.is(e))
        .find((e) => e.data.id === ref || e.data.code === ref);
      if (later) {
        const d = later.data;
        const doc = later.metadata.authority?.documentNo;
        throw new InvariantViolation(
          `${d.name} (${ref}) is only established on ${later.metadata.effectiveAt}${doc ? ` (${doc})` : ''}; it cannot be ${action} on ${this.#at}`,
          { ref, establishedBy: later.id },
          {
            reason: {
              code: 'division.notYetEstablished',
              params: {
                name: d.name,
                ref,
                establishedOn: later.metadata.effectiveAt,
                documentNo: doc ?? '',
                at: this.#at,
              },
            },
          },
        );
      }
      throw new InvariantViolation(
        `no division ${ref} exists as of ${this.#at}; it cannot be ${action}`,
        { ref },
        { reason: { code: 'division.noneAsOf', params: { ref, at: this.#at } } },
      );
    }
    return activeDivision(s, id, action, this.#at);
  }

  #nextId(): string {
    this.#seq += 1;
    return `div-${this.command.countyCode}-${this.#seq}`;
  }

  /**
   * The next free code of `kind` under `parentCode`: after the highest ever used (or given in this
   * document) in its range; once the range is used up to its end, the lowest never used.
   */
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
    let next = max + 1;
    if (next > range[1]) {
      // Used up to the end of the range: the lowest number never used (a retired code is never reused).
      next = range[0] % 100 === 0 ? range[0] + 1 : range[0];
      while (next <= range[1] && this.#codes.has(parentCode + String(next).padStart(3, '0'))) next++;
      if (next > range[1])
        throw new InvariantViolation(
          `no free ${kind} code is left under ${parentCode} (every code of ${range[0]}–${range[1]} is used or retired)`,
        );
    }
    const code = parentCode + String(next).padStart(3, '0');
    this.#codes.add(code);
    return code;
  }

  /** A child's code under its parent's new code: the same last three digits when that code was never used, else the next free one. */
  #sameSuffix(parentCode: string | undefined, child: Division): string | undefined {
    if (child.code === undefined || parentCode === undefined) return undefined;
    const code = parentCode + child.code.slice(-3);
    if (this.#codes.has(code)) return this.#nextCode(parentCode, child.kind);
    this.#codes.add(code);
    return code;
  }

  /** The child specs of a change, resolved, each checked to be a child of one of `parents`. */
  #children(
    specs: readonly ChildSpec[],
    parents: readonly Division[],
    action: string,
  ): Map<string, ChildSpec> {
    const out = new Map<string, ChildSpec>();
    const parentIds = new Set(parents.map((p) => p.id));
    for (const spec of specs) {
      const child = this.#resolve(spec.division, action);
      if (!child.parentId || !parentIds.has(child.parentId)) {
        throw new InvariantViolation(
          `${describe(child)} is not a child of ${parents.map(describe).join('、')}`,
          { ref: spec.division },
        );
      }
      if (out.has(child.id))
        throw new InvariantViolation(`${describe(child)} is listed twice`, { ref: spec.division });
      out.set(child.id, spec);
    }
    return out;
  }

  /**
   * Moves children to `to` (or to a child spec's own `into`): each keeps its given code, else is
   * numbered under its new parent — after the highest code there, or keeping its last three digits
   * when the parent itself is re-numbered.
   */
  #movesOf(
    children: readonly string[],
    to: Division,
    specs: ReadonlyMap<string, ChildSpec>,
    numbering: 'next' | 'same-suffix',
  ): Move[] {
    if (numbering === 'same-suffix') {
      // The parent is re-numbered in place: a child without a code, or already given one under the
      // new code earlier in the document, stays as it is.
      children = children.filter((id) => {
        const code = this.#state.divisions.get(id)!.code;
        return specs.has(id) || (code !== undefined && to.code !== undefined && !code.startsWith(to.code));
      });
    }
    return children.map((id) => {
      const child = this.#state.divisions.get(id)!;
      const spec = specs.get(id);
      const dest = spec?.into ? this.#resolve(spec.into, 'given children') : to;
      const move: Move = { id, to: dest.id };
      const code =
        spec?.code ??
        (child.code === undefined
          ? undefined
          : numbering === 'same-suffix' && dest === to
            ? this.#sameSuffix(dest.code, child)
            : this.#nextCode(dest.code, child.kind));
      if (code !== undefined) move.code = code;
      return move;
    });
  }

  #change(change: Change): void {
    switch (change.op) {
      case 'establish': {
        const parent =
          change.parent === undefined
            ? undefined
            : this.#resolve(change.parent, `given a new ${change.kind}`);
        const code =
          change.code ??
          (LEVEL_OF[change.kind] === 'county'
            ? this.command.countyCode
            : this.#nextCode(parent?.code, change.kind));
        this.#emit('divisions.established', {
          id: this.#nextId(),
          name: change.name,
          ...(change.fullName !== undefined && change.fullName !== change.name
            ? { fullName: change.fullName }
            : {}),
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
        const specs = this.#children(change.children ?? [], sources, 'moved by a merge');
        const moves = sources.flatMap((s) =>
          s.id === target.id ? [] : this.#movesOf(s.children, target, specs, 'next'),
        );
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
          const code = part.code ?? this.#nextCode(parent?.code, kind);
          const id = this.#nextId();
          this.#emit('divisions.established', {
            id,
            name: part.name,
            ...(part.fullName !== undefined && part.fullName !== part.name
              ? { fullName: part.fullName }
              : {}),
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
          const specs = this.#children(
            (part.children ?? []).map(specOf),
            [source],
            'moved to a part of a split',
          );
          moves.push(...this.#movesOf([...specs.keys()], parts[i]!, specs, 'next'));
        });
        this.#emit('divisions.split', {
          sourceId: source.id,
          partIds,
          sourceEnds: change.sourceEnds ?? true,
          moves,
        });
        return;
      }
      case 'abolish': {
        const d = this.#resolve(change.division, 'abolished');
        if (change.absorbedBy === undefined) {
          if ((change.children ?? []).length > 0) {
            throw new InvariantViolation(
              'children can only be given with absorbedBy (the division they go to)',
              { path: ['children'] },
            );
          }
          this.#emit('divisions.abolished', { id: d.id, moves: [] });
          return;
        }
        const absorber = this.#resolve(change.absorbedBy, 'given the territory of an abolished division');
        const specs = this.#children(change.children ?? [], [d], 'moved by an abolition');
        this.#emit('divisions.abolished', {
          id: d.id,
          absorbedById: absorber.id,
          moves: d.id === absorber.id ? [] : this.#movesOf(d.children, absorber, specs, 'next'),
        });
        return;
      }
      case 'rename': {
        const d = this.#resolve(change.division, 'renamed');
        const name = change.name ?? d.name;
        this.#emit('divisions.renamed', {
          id: d.id,
          name,
          previousName: d.name,
          ...(change.fullName === undefined
            ? {}
            : {
                fullName: change.fullName === name ? null : change.fullName,
                previousFullName: d.fullName ?? null,
              }),
        });
        return;
      }
      case 'change-kind': {
        const d = this.#resolve(change.division, 'changed in kind');
        const parent = d.parentId ? this.#state.divisions.get(d.parentId) : undefined;
        const code = change.code ?? this.#nextCode(parent?.code, change.kind);
        const specs = this.#children(change.children ?? [], [d], 'given a new code');
        // The children's codes start with this one's: they take new codes under the new code.
        const future = { ...d, ...(code === undefined ? {} : { code }) };
        const moves =
          code === undefined || code === d.code
            ? []
            : this.#movesOf(d.children, future, specs, 'same-suffix');
        this.#emit('divisions.kind-changed', {
          id: d.id,
          kind: change.kind,
          previousKind: d.kind,
          ...(code === undefined ? {} : { code }),
          ...(d.code === undefined ? {} : { previousCode: d.code }),
          moves,
          ...(this.command.inferred ? { source: this.command.inferred.source } : {}),
        });
        return;
      }
      case 'recode': {
        const d = this.#resolve(change.division, 're-coded');
        if (d.code === undefined)
          throw new InvariantViolation(`${describe(d)} has no statistical code to change`, { field: 'code' });
        const specs = this.#children(change.children ?? [], [d], 'given a new code');
        const future = { ...d, code: change.code };
        this.#emit('divisions.recoded', {
          id: d.id,
          code: change.code,
          previousCode: d.code,
          moves: this.#movesOf(d.children, future, specs, 'same-suffix'),
        });
        return;
      }
      case 'reclassify': {
        const d = this.#resolve(change.division, 'reclassified');
        this.#emit('divisions.reclassified', {
          id: d.id,
          classification: change.classification,
          previousClassification: d.classification ?? null,
        });
        return;
      }
      case 'transfer': {
        const d = this.#resolve(change.division, 'transferred');
        const to = this.#resolve(change.parent, 'given a transferred division');
        const code = change.code ?? (d.code === undefined ? undefined : this.#nextCode(to.code, d.kind));
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
        const specs = this.#children(change.divisions.map(specOf), [from], 'moved across a boundary');
        this.#emit('divisions.boundary-adjusted', {
          fromId: from.id,
          toId: to.id,
          moves: this.#movesOf([...specs.keys()], to, specs, 'next'),
          ...(change.description ? { description: change.description } : {}),
        });
        return;
      }
    }
  }
}
