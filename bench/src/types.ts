/** What a suite reports and what it is given. Suites live in `src/suites/<name>.ts`. */

/** One measured line. `ours`, `peer` and `limit` are in `unit` (higher is better). */
export interface BenchLine {
  bench: string;
  unit: string;
  ours: number;
  /** null when the peer was skipped (`--no-peer`) or could not be installed or loaded. */
  peer: number | null;
  /** null when the line has no raw limit to compare with. */
  limit: number | null;
  /** The targets this line is held to: ours ≥ limit × `limit`, ours ≥ peer × `peer`. */
  targets?: { limit?: number; peer?: number };
  /** How a contestant was measured when it is not obvious (e.g. a raw SELECT for the peer). */
  note?: string;
}

export interface BenchContext {
  /** `--quick`: 10× smaller workloads, for a smoke run. */
  quick: boolean;
  /** False with `--no-peer`. */
  peer: boolean;
  /** `--workload`: only these workloads of a suite that has several (the store suite); empty: all. */
  workloads: readonly string[];
  /** Progress, on stderr (stdout stays clean for --json). */
  log: (message: string) => void;
  /** Facts about the machine a suite wants shown with the results (e.g. the peer's SQLite version). */
  machine: Record<string, string>;
}

export interface Suite {
  name: string;
  run: (ctx: BenchContext) => Promise<BenchLine[]>;
}
