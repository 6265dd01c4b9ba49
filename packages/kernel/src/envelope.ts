/**
 * The event envelope: what every stored event looks like, whatever its module or store.
 */

/** The act that authorises a change: a document number and who issued it. */
export interface Authority {
  /** e.g. 川府民政〔2019〕27号 */
  documentNo: string;
  /** e.g. 四川省人民政府 */
  issuedBy: string;
  /** The approval date, when it differs from the effective date. */
  approvedOn?: string;
}

/** Metadata of a stored event. `recordedAt` is set by the store, never by the caller. */
export interface EventMetadata {
  /** Valid time: when the change takes legal effect — a date (2019-12-20) or a UTC instant. */
  effectiveAt: string;
  /** Transaction time: when the store recorded it (UTC ISO instant, non-decreasing in log order). */
  recordedAt: string;
  actor?: string;
  authority?: Authority;
  correlationId?: string;
  causationId?: string;
  idempotencyKey?: string;
  /** The version of the event's schema the data was written under (before upcasting). */
  schemaVersion: number;
}

/**
 * A stored event. `position` is the global log position: strictly increasing in log order, and a
 * checkpoint to resume from. The embedded store numbers events 1, 2, 3… without gaps; EventStoreDB
 * uses its commit positions, which leave gaps — so order and resume by position, never count by it.
 * `revision` is the event's number within its stream (0, 1, 2… without gaps, in every store).
 * `effectiveMs` and `recordedMs` are the two times on the epoch-millisecond axis (see time.ts).
 */
export interface RecordedEvent<Type extends string = string, Data = unknown> {
  id: string;
  type: Type;
  stream: string;
  revision: number;
  position: number;
  data: Data;
  metadata: EventMetadata;
  effectiveMs: number;
  recordedMs: number;
  /**
   * The event's link in the store's hash chain (sha256, hex) over its canonical envelope and the
   * previous link — see docs/integrity.md. Absent on events recorded before the chain existed, and
   * on events a decider builds in memory.
   */
  hash?: string;
}

/** Metadata a caller may give. `recordedAt`, `schemaVersion` and `idempotencyKey` are the store's. */
export interface NewEventMetadata {
  /** Defaults to the moment of recording. */
  effectiveAt?: string;
  actor?: string;
  authority?: Authority;
  correlationId?: string;
  causationId?: string;
}

/** An event to append. `id` is a UUID; the store generates one when it is missing. */
export interface NewEvent<Type extends string = string, Data = unknown> {
  id?: string;
  type: Type;
  data: Data;
  metadata?: NewEventMetadata;
}
