/**
 * The caller's access scope as a value. A token without a division is `unrestricted`; a token limited
 * to one division (`subtree`) answers, on a date D, for
 *
 *   - the divisions under its root on D, and
 *   - (archives follow the division) every division whose present form lies under its root today:
 *     a village that moved in, a township that merged into it — for their whole history.
 *
 * So a village that moved from township A into township B is B's for every date, and A's only for
 * the dates it belonged to A. Writes are stricter: a command may touch only divisions that lie under
 * the root both on its effective date and today (no rewriting of another township's past).
 *
 * One scope is made per call from the verified token; what it computes is cached for that call.
 * Division-scoped procedures read through it (see `ScopeRule` in ../trpc.ts); the raw request input
 * is never consulted for access.
 */
import type { AsOf } from '@xianzhi/projections';

/** Where the scope looks divisions up: the divisions read models, as of a date. */
export interface DivisionDirectory {
  /**
   * The ids of the divisions `rootId` answers for as of `at`: the active ones under it, and the
   * ended ones whose successors (transitively) lie under it.
   */
  within(rootId: string, at: AsOf): Promise<readonly string[]>;
  /** The id of a division named by id or statistical code as of `at` (active or ended), if any. */
  resolve(ref: string, at: AsOf): Promise<string | undefined>;
  /** The ids of the active divisions under `rootId` (itself included) as of `at`. */
  under(rootId: string, at: AsOf): Promise<readonly string[]>;
}

/** No division limit: every row the token's scopes open. */
export interface UnrestrictedScope {
  readonly kind: 'unrestricted';
}

export const UNRESTRICTED: UnrestrictedScope = Object.freeze({ kind: 'unrestricted' });

const keyOf = (at: AsOf) => `${at.asOf ?? 'now'}|${at.knownAt ?? 'now'}`;

/** Limited to one division and what lies under it (see the module header for the rule over time). */
export class SubtreeScope {
  readonly kind = 'subtree' as const;
  /** Set by the scope gate of the procedure: a limited call that never passed it fails closed. */
  gated = false;
  readonly #directory: DivisionDirectory;
  readonly #visible = new Map<string, Promise<ReadonlySet<string>>>();
  readonly #under = new Map<string, Promise<ReadonlySet<string>>>();

  constructor(
    /** The root division's id (or code, resolved as of each date). */
    readonly rootId: string,
    /** The token's name, for messages. */
    readonly tokenName: string,
    directory: DivisionDirectory,
  ) {
    this.#directory = directory;
  }

  /** The ids visible on `at`: under the root on that date, or whose present form is under it today. */
  visible(at: AsOf): Promise<ReadonlySet<string>> {
    const key = keyOf(at);
    let found = this.#visible.get(key);
    if (!found) {
      const today: AsOf = at.knownAt === undefined ? {} : { knownAt: at.knownAt };
      found = Promise.all([
        this.#directory.within(this.rootId, at),
        this.#directory.within(this.rootId, today),
      ]).then(([then, now]) => new Set([...then, ...now]));
      this.#visible.set(key, found);
    }
    return found;
  }

  /** The visible ids as a list, for a read model's `within` filter. */
  async within(at: AsOf): Promise<string[]> {
    return [...(await this.visible(at))];
  }

  /**
   * True when the division (id or code) exists on `at` and is visible then. A code is resolved as
   * of `at` only: the read models read it on that date, and a code may name another division today.
   */
  async contains(ref: string, at: AsOf): Promise<boolean> {
    const id = await this.#directory.resolve(ref, at);
    return id !== undefined && (await this.visible(at)).has(id);
  }

  /** For writes: the division lies under the root on `effectiveAt` and today. */
  async containsForWrite(ref: string, effectiveAt: string | undefined): Promise<boolean> {
    for (const at of effectiveAt === undefined ? [{}] : [{ asOf: effectiveAt }, {}]) {
      const id = await this.#directory.resolve(ref, at);
      if (id === undefined || !(await this.#activeUnder(at)).has(id)) return false;
    }
    return true;
  }

  #activeUnder(at: AsOf): Promise<ReadonlySet<string>> {
    const key = keyOf(at);
    let found = this.#under.get(key);
    if (!found) {
      found = this.#directory.under(this.rootId, at).then((ids) => new Set(ids));
      this.#under.set(key, found);
    }
    return found;
  }
}

export type AccessScope = UnrestrictedScope | SubtreeScope;
