/**
 * `xianzhi verify`: walks the whole log once, as stored, and checks that it proves itself:
 * - the hash chain (docs/integrity.md): every event's hash over its canonical envelope and the
 *   link before it; a changed, removed, inserted or moved event is named;
 * - the tail: the head the store wrote down at its last append is still the last event (a deleted
 *   last event is found);
 * - optionally a checkpoint: the log hash at the checkpoint's position is the one written down;
 * - and the log's own rules: positions increasing, revisions per stream 0, 1, 2… without gaps,
 *   recordedAt never going back, every event's data valid under its schema (after upcasting),
 *   every retraction pointing at an earlier event, no id twice;
 * - and the projection cache (docs/integrity.md §4): each cached state's MAC under the cache key,
 *   and the log hash at the position it names (`checkCache`).
 */
import { RETRACTION_TYPE, ValidationError, eventRetracted, type EventRegistry } from '@xianzhi/kernel';
import type { StoredCheckpoint } from '@xianzhi/projections';
import {
  ChainVerifier,
  checkSignature,
  type ChainHead,
  type ChainScope,
  type Checkpoint,
  type CheckpointClaim,
  type EventStore,
} from '@xianzhi/event-store';

/** The part of a retraction's data verify reads: the id of the event it retracts. */
const retractionTarget = eventRetracted.schema.pick({ eventId: true });

/** One fault, naming the event when there is one. */
export interface VerifyFault {
  position?: number;
  stream?: string;
  revision?: number;
  id?: string;
  problem: string;
}

export interface VerifyReport {
  events: number;
  streams: number;
  faults: VerifyFault[];
  byType: Record<string, number>;
  chain: { scope: ChainScope; unchained: number; firstChained?: number; head?: ChainHead };
  /** What the checkpoint check found, when one was given. */
  checkpoint?: { position?: number; hash: string; extended: boolean; signedBy?: string };
  /** Things worth knowing that are not faults (a log that predates the chain). */
  notes: string[];
  /** The position of the last event (0: empty log). */
  lastPosition: number;
  /** The log hash at each position asked for in `anchorsAt` (what a cached state names; see checkCache). */
  anchors: Map<number, string>;
}

export interface VerifyOptions {
  checkpoint?: Checkpoint | CheckpointClaim;
  /** The public key (PEM) a signed checkpoint must be signed with. */
  trustedKeyPem?: string;
  /** Positions whose log hash to report (the positions cached states were folded to). */
  anchorsAt?: ReadonlySet<number>;
  onProgress?: (done: number, total: number) => void;
}

const MAX_FAULTS = 1_000;
const PAGE = 5_000;

/** "position 12 · stream "county-510722" revision 3 · event 0190…: problem" */
export function describeFault(f: VerifyFault): string {
  const where = [
    f.position !== undefined ? `position ${f.position}` : undefined,
    f.stream !== undefined
      ? `stream "${f.stream}"${f.revision !== undefined ? ` revision ${f.revision}` : ''}`
      : undefined,
    f.id !== undefined ? `event ${f.id}` : undefined,
  ].filter(Boolean);
  return where.length ? `${where.join(' · ')}: ${f.problem}` : f.problem;
}

export async function verifyLog(
  store: EventStore,
  registry: EventRegistry,
  options: VerifyOptions = {},
): Promise<VerifyReport> {
  const total = await store.headPosition();
  const faults: VerifyFault[] = [];
  const fault = (f: VerifyFault) => {
    if (faults.length < MAX_FAULTS) faults.push(f);
  };
  const notes: string[] = [];
  const chain = new ChainVerifier(store.chainScope);
  const revisions = new Map<string, number>();
  const seen = new Set<string>();
  const byType: Record<string, number> = {};
  const claim = options.checkpoint;
  let claimHashAt: string | undefined;
  let claimFoundAt: number | undefined;
  let lastPosition = 0;
  let lastRecorded = -Infinity;
  let count = 0;
  const anchors = new Map<number, string>();
  if (options.anchorsAt?.has(0)) anchors.set(0, '');

  for (let from = 0; ;) {
    let page;
    try {
      page = await store.readChain({ fromPosition: from, limit: PAGE });
    } catch (error) {
      fault({
        problem: `reading the log after position ${from} failed: ${error instanceof Error ? error.message : String(error)}`,
      });
      break;
    }
    if (page.length === 0) break;
    for (const link of page) {
      const e = link.envelope;
      const at = { position: link.position, stream: e.stream, revision: e.revision, id: e.id };
      count++;
      byType[e.type] = (byType[e.type] ?? 0) + 1;
      const broken = chain.add(link);
      if (broken) fault({ ...at, problem: broken.problem });
      // The same log hash the runtime writes beside a cached state (an unchained event: its id).
      if (options.anchorsAt?.has(link.position))
        anchors.set(link.position, link.hash === null ? `id:${e.id}` : chain.head!.hash);
      if (claim) {
        const logHash = chain.head?.position === link.position ? chain.head.hash : undefined;
        if (claim.position === link.position)
          claimHashAt = logHash ?? '(no hash: the event predates the chain)';
        if (claim.position === undefined && logHash === claim.hash) claimFoundAt ??= link.position;
      }
      const expected = (revisions.get(e.stream) ?? -1) + 1;
      if (e.revision !== expected)
        fault({
          ...at,
          problem: `its revision is ${e.revision}, but the stream's next revision is ${expected}`,
        });
      revisions.set(e.stream, Math.max(e.revision, revisions.get(e.stream) ?? -1));
      if (link.recordedMs < lastRecorded)
        fault({
          ...at,
          problem: `it was recorded at ${new Date(link.recordedMs).toISOString()}, before the event before it`,
        });
      lastRecorded = Math.max(lastRecorded, link.recordedMs);
      if (!registry.has(e.type))
        fault({ ...at, problem: `its type "${e.type}" is unknown (a disabled plugin?)` });
      else {
        try {
          const data = registry.needsUpcast(e.type, e.schemaVersion)
            ? registry.upcast(e.type, e.schemaVersion, e.data)
            : e.data;
          registry.validateStored(e.type, data, []);
        } catch (error) {
          if (error instanceof ValidationError)
            fault({ ...at, problem: `its data does not parse as ${e.type}: ${error.message}` });
          else
            fault({
              ...at,
              problem: `its data cannot be read: ${error instanceof Error ? error.message : String(error)}`,
            });
        }
      }
      if (e.type === RETRACTION_TYPE) {
        // The data may be damaged here (that is what verify looks for): parse the target, never trust it.
        const parsed = retractionTarget.safeParse(e.data);
        const target = parsed.success ? parsed.data.eventId : undefined;
        if (!target || !seen.has(target))
          fault({ ...at, problem: `it retracts ${target ?? '(nothing)'}, which is not an earlier event` });
      }
      if (seen.has(e.id)) fault({ ...at, problem: 'its id appears twice' });
      seen.add(e.id);
      lastPosition = link.position;
    }
    from = page[page.length - 1]!.position;
    options.onProgress?.(from, total);
  }

  // The tail: the store wrote down its last append apart from the events.
  const recorded = await store.recordedHead();
  if (recorded) {
    const where = { position: recorded.position, stream: recorded.stream, revision: recorded.revision };
    if (recorded.position > lastPosition) {
      fault({
        ...where,
        problem: `the store's last append ended here, but the log ends at position ${lastPosition}: the events after ${lastPosition} were deleted`,
      });
    } else if (
      recorded.position === lastPosition &&
      chain.head?.position === lastPosition &&
      recorded.hash !== chain.head.hash
    ) {
      fault({
        ...where,
        problem: 'the last event is not the one the store recorded at its last append: it was replaced',
      });
    } else if (recorded.position < lastPosition) {
      fault({
        position: lastPosition,
        problem: `events after position ${recorded.position} (the store's last append) were written outside Xianzhi`,
      });
    }
  }

  const report: VerifyReport = {
    events: count,
    streams: revisions.size,
    faults,
    byType,
    chain: {
      scope: store.chainScope,
      unchained: chain.unchained,
      ...(chain.firstChained !== undefined ? { firstChained: chain.firstChained } : {}),
      ...(chain.head ? { head: chain.head } : {}),
    },
    notes,
    lastPosition,
    anchors,
  };
  if (chain.unchained > 0) {
    notes.push(
      chain.firstChained === undefined
        ? `all ${chain.unchained} events predate the hash chain (recorded by an earlier Xianzhi): they are checked for order and schema only; the chain starts with the next append`
        : `the first ${chain.unchained} events predate the hash chain (recorded by an earlier Xianzhi): they are checked for order and schema only; the chain starts at position ${chain.firstChained}`,
    );
  }

  if (claim) {
    let signedBy: string | undefined;
    if (claim.signature) {
      try {
        signedBy = checkSignature(claim as Checkpoint, options.trustedKeyPem);
      } catch (error) {
        fault({
          problem: `the checkpoint's signature does not hold: ${error instanceof Error ? error.message : String(error)}`,
        });
      }
    } else if (options.trustedKeyPem !== undefined) {
      fault({ problem: 'the checkpoint is not signed, but a trusted checkpoint key is configured' });
    }
    let extended: boolean;
    if (claim.position !== undefined) {
      extended = claimHashAt === claim.hash;
      if (claimHashAt === undefined) {
        fault({
          position: claim.position,
          problem:
            claim.position > lastPosition
              ? `the checkpoint is at position ${claim.position}, but the log ends at ${lastPosition}: events up to the checkpoint were deleted`
              : `the log has no event at the checkpoint's position ${claim.position}: it was deleted or moved`,
        });
      } else if (!extended) {
        fault({
          position: claim.position,
          problem: `the log hash here is ${claimHashAt.slice(0, 16)}…, the checkpoint says ${claim.hash.slice(0, 16)}…: an event at or before this position was changed, removed, inserted or moved since the checkpoint`,
        });
      }
    } else {
      extended = claimFoundAt !== undefined;
      if (!extended)
        fault({
          problem: `no position of the log has the checkpoint's hash ${claim.hash.slice(0, 16)}…: the log does not extend it`,
        });
    }
    const position = claim.position ?? claimFoundAt;
    report.checkpoint = {
      hash: claim.hash,
      extended,
      ...(position !== undefined ? { position } : {}),
      ...(signedBy ? { signedBy } : {}),
    };
  }
  return report;
}

/** What `verify` found for one cached state. */
export interface CacheCheck {
  projection: string;
  version: number;
  /** The log position it names. */
  position: number;
  /**
   * ok: authentic, at the head of the log; stale-but-authentic: authentic, at an earlier position of
   * this log (the server folds the tail); forged: its MAC does not hold under the cache key (or it was
   * written under another key); mismatched: authentic, but the log has another hash (or no event) there.
   */
  status: 'ok' | 'stale-but-authentic' | 'forged' | 'mismatched';
  problem?: string;
}

/**
 * Checks the rows of the projection cache against the log `verifyLog` walked (asked with `anchorsAt`
 * = the rows' positions). Forged and mismatched states are what a server would discard at start; they
 * are faults because something changed the cache or the log outside Xianzhi.
 */
export function checkCache(
  rows: readonly StoredCheckpoint[],
  sameKey: boolean,
  report: Pick<VerifyReport, 'anchors' | 'lastPosition'>,
): CacheCheck[] {
  return rows.map((r) => {
    const base = { projection: r.projection, version: r.version, position: r.knowledgePosition };
    if (!sameKey)
      return {
        ...base,
        status: 'forged',
        problem:
          'it was written under another cache key (a cache copied from elsewhere, or the key file was replaced)',
      };
    if (!r.authentic)
      return {
        ...base,
        status: 'forged',
        problem: 'its MAC does not hold: the cached state or its position was changed outside Xianzhi',
      };
    const anchor = report.anchors.get(r.knowledgePosition);
    if (anchor === undefined) {
      return {
        ...base,
        status: 'mismatched',
        problem:
          r.knowledgePosition > report.lastPosition
            ? `it was folded to position ${r.knowledgePosition}, but the log ends at ${report.lastPosition}`
            : `it was folded to position ${r.knowledgePosition}, which the log does not have`,
      };
    }
    if (anchor !== r.anchor) {
      return {
        ...base,
        status: 'mismatched',
        problem: `it names log hash ${r.anchor.slice(0, 16) || '(none)'}… at position ${r.knowledgePosition}, but the log has ${anchor.slice(0, 16) || '(none)'}… there`,
      };
    }
    return { ...base, status: r.knowledgePosition === report.lastPosition ? 'ok' : 'stale-but-authentic' };
  });
}
