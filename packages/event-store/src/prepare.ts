/**
 * What every adapter does before it writes: validate the call and each event, normalise times,
 * assign ids, and fingerprint the command for idempotency. Sharing it keeps adapters identical in
 * what they accept and in the errors they give.
 */
import { createHash } from 'node:crypto';
import {
  ValidationError,
  parseEffectiveAt,
  type Authority,
  type EventRegistry,
  type FieldIssue,
  type NewEvent,
} from '@xianzhi/kernel';
import type { AppendOptions, ExpectedRevision } from './port';
import { uuidv7 } from './ids';

export interface PreparedEvent {
  id: string;
  /** True when the caller chose the id (part of the idempotency fingerprint). */
  idGiven: boolean;
  type: string;
  data: unknown;
  schemaVersion: number;
  /** undefined → effective at the moment of recording. */
  effectiveAt?: { text: string; ms: number };
  actor?: string;
  authority?: Authority;
  correlationId?: string;
  causationId?: string;
}

export interface PreparedAppend {
  stream: string;
  events: PreparedEvent[];
  expectedRevision: ExpectedRevision;
  idempotencyKey?: string;
  /** sha256 of stream + events as given (without generated ids); set when there is a key. */
  fingerprint?: string;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ALLOWED_METADATA = new Set(['effectiveAt', 'actor', 'authority', 'correlationId', 'causationId']);
export const MAX_STREAM_LENGTH = 200;
export const MAX_EVENTS_PER_APPEND = 100_000;

function optionalString(value: unknown, path: (string | number)[], issues: FieldIssue[]): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length === 0 || value.length > 500) {
    issues.push({ path, message: 'must be a non-empty string of at most 500 characters' });
    return undefined;
  }
  return value;
}

function checkAuthority(
  value: unknown,
  path: (string | number)[],
  issues: FieldIssue[],
): Authority | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null) {
    issues.push({ path, message: 'must be { documentNo, issuedBy, approvedOn? }' });
    return undefined;
  }
  const a = value as Record<string, unknown>;
  const documentNo = optionalString(a.documentNo, [...path, 'documentNo'], issues);
  const issuedBy = optionalString(a.issuedBy, [...path, 'issuedBy'], issues);
  if (documentNo === undefined && a.documentNo === undefined)
    issues.push({
      path: [...path, 'documentNo'],
      message: 'the document number is required (e.g. 川府民政〔2019〕27号)',
    });
  if (issuedBy === undefined && a.issuedBy === undefined)
    issues.push({ path: [...path, 'issuedBy'], message: 'the issuing authority is required' });
  let approvedOn: string | undefined;
  if (a.approvedOn !== undefined) {
    const p = typeof a.approvedOn === 'string' ? parseEffectiveAt(a.approvedOn) : undefined;
    if (!p) issues.push({ path: [...path, 'approvedOn'], message: 'must be a date such as 2019-12-01' });
    else approvedOn = p.text;
  }
  for (const key of Object.keys(a)) {
    if (!['documentNo', 'issuedBy', 'approvedOn'].includes(key))
      issues.push({ path: [...path, key], message: 'unknown field' });
  }
  if (documentNo === undefined || issuedBy === undefined) return undefined;
  return approvedOn ? { documentNo, issuedBy, approvedOn } : { documentNo, issuedBy };
}

/** Validates an append call; throws one ValidationError listing every problem. Writes nothing. */
export function prepareAppend(
  registry: EventRegistry,
  stream: unknown,
  events: unknown,
  options: AppendOptions | undefined,
): PreparedAppend {
  const issues: FieldIssue[] = [];
  if (typeof stream !== 'string' || stream.trim().length === 0 || stream.length > MAX_STREAM_LENGTH) {
    issues.push({
      path: ['stream'],
      message: `must be a non-empty string of at most ${MAX_STREAM_LENGTH} characters`,
    });
  } else if (stream.startsWith('$')) {
    issues.push({ path: ['stream'], message: 'names starting with "$" are reserved for the store' });
  }
  const expectedRevision = options?.expectedRevision ?? 'any';
  if (
    !(expectedRevision === 'any' || expectedRevision === 'no-stream' || expectedRevision === 'exists') &&
    !(typeof expectedRevision === 'number' && Number.isInteger(expectedRevision) && expectedRevision >= 0)
  ) {
    issues.push({
      path: ['expectedRevision'],
      message: `must be 'no-stream', 'exists', 'any' or a revision ≥ 0, got ${JSON.stringify(expectedRevision)}`,
    });
  }
  const idempotencyKey = options?.idempotencyKey;
  if (
    idempotencyKey !== undefined &&
    (typeof idempotencyKey !== 'string' || idempotencyKey.length === 0 || idempotencyKey.length > 200)
  ) {
    issues.push({
      path: ['idempotencyKey'],
      message: 'must be a non-empty string of at most 200 characters',
    });
  }
  if (!Array.isArray(events) || events.length === 0) {
    issues.push({ path: ['events'], message: 'at least one event is required' });
    throw new ValidationError(issues);
  }
  if (events.length > MAX_EVENTS_PER_APPEND) {
    issues.push({ path: ['events'], message: `at most ${MAX_EVENTS_PER_APPEND} events in one append` });
    throw new ValidationError(issues);
  }

  const prepared: PreparedEvent[] = [];
  const seenIds = new Set<string>();
  for (let i = 0; i < events.length; i++) {
    const path = ['events', i];
    const raw = events[i] as NewEvent | null | undefined;
    if (typeof raw !== 'object' || raw === null) {
      issues.push({ path, message: 'must be an event { type, data, metadata? }' });
      continue;
    }
    let data: unknown;
    let schemaVersion: number;
    try {
      ({ data, schemaVersion } = registry.validateStored(raw.type, raw.data, path));
    } catch (error) {
      if (error instanceof ValidationError) issues.push(...error.issues);
      else throw error;
      continue;
    }
    let id: string;
    const idGiven = raw.id !== undefined;
    if (idGiven) {
      if (typeof raw.id !== 'string' || !UUID_RE.test(raw.id)) {
        issues.push({ path: [...path, 'id'], message: 'must be a UUID' });
        continue;
      }
      id = raw.id.toLowerCase();
      if (seenIds.has(id))
        issues.push({ path: [...path, 'id'], message: 'the same id is used twice in this append' });
      seenIds.add(id);
    } else {
      id = uuidv7();
    }
    const event: PreparedEvent = { id, idGiven, type: raw.type, data, schemaVersion };
    const md = raw.metadata as Record<string, unknown> | undefined;
    if (md !== undefined) {
      if (typeof md !== 'object' || md === null) {
        issues.push({ path: [...path, 'metadata'], message: 'must be an object' });
        continue;
      }
      for (const key of Object.keys(md)) {
        if (ALLOWED_METADATA.has(key)) continue;
        issues.push({
          path: [...path, 'metadata', key],
          message:
            key === 'recordedAt'
              ? 'recordedAt is set by the store when it records the event; it cannot be given'
              : key === 'idempotencyKey'
                ? 'give the idempotency key in the append options, not in the event'
                : key === 'schemaVersion'
                  ? 'the schema version is set from the event definition'
                  : 'unknown metadata field',
        });
      }
      if (md.effectiveAt !== undefined) {
        const parsed = typeof md.effectiveAt === 'string' ? parseEffectiveAt(md.effectiveAt) : undefined;
        if (!parsed) {
          issues.push({
            path: [...path, 'metadata', 'effectiveAt'],
            message: `expected a date (2019-12-20) or an instant with an offset (2019-12-20T09:00:00+08:00), got ${JSON.stringify(md.effectiveAt)}`,
          });
        } else event.effectiveAt = parsed;
      }
      const actor = optionalString(md.actor, [...path, 'metadata', 'actor'], issues);
      if (actor !== undefined) event.actor = actor;
      const authority = checkAuthority(md.authority, [...path, 'metadata', 'authority'], issues);
      if (authority !== undefined) event.authority = authority;
      const correlationId = optionalString(md.correlationId, [...path, 'metadata', 'correlationId'], issues);
      if (correlationId !== undefined) event.correlationId = correlationId;
      const causationId = optionalString(md.causationId, [...path, 'metadata', 'causationId'], issues);
      if (causationId !== undefined) event.causationId = causationId;
    }
    prepared.push(event);
    if (issues.length > 50) break;
  }
  if (issues.length > 0) throw new ValidationError(issues);

  const result: PreparedAppend = { stream: stream as string, events: prepared, expectedRevision };
  if (idempotencyKey !== undefined) {
    result.idempotencyKey = idempotencyKey;
    result.fingerprint = fingerprint(stream as string, prepared);
  }
  return result;
}

/** A stable hash of what the command asked for: stream, types, data, given ids and metadata. */
export function fingerprint(stream: string, events: readonly PreparedEvent[]): string {
  const hash = createHash('sha256');
  hash.update(stream);
  for (const e of events) {
    hash.update('\u0000');
    hash.update(
      stableStringify([
        e.idGiven ? e.id : null,
        e.type,
        e.data,
        e.effectiveAt?.text ?? null,
        e.actor ?? null,
        e.authority ?? null,
        e.correlationId ?? null,
        e.causationId ?? null,
      ]),
    );
  }
  return hash.digest('hex');
}

/** JSON with object keys sorted, so equal values always give equal text. */
export function stableStringify(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${stableStringify(obj[k])}`).join(',')}}`;
}

/** Checks an expected revision against the stream's current revision (-1 = no stream). */
export function revisionMatches(expected: ExpectedRevision, current: number): boolean {
  if (expected === 'any') return true;
  if (expected === 'no-stream') return current === -1;
  if (expected === 'exists') return current >= 0;
  return expected === current;
}

/** The error's view of a revision: 'no-stream' for -1. */
export function describeRevision(current: number): number | 'no-stream' {
  return current < 0 ? 'no-stream' : current;
}
