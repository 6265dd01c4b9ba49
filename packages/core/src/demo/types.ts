/**
 * What the demo generators of the personnel, services, institutions and reform modules receive (the
 * demo county's divisions before and after the reform) and what they return (a script: commands to
 * run through their deciders, and bulk appends of pre-decided events).
 */
import type { NewEvent } from '@xianzhi/kernel';

export interface DivisionRef {
  id: string;
  name: string;
  /** The statistical code (groups have none). */
  code?: string;
  /** The parent's id at the time of the list (a village's township, a group's village). */
  parentId?: string;
}

export interface DemoCounty {
  countyCode: string;
  /** e.g. 青溪县; its first character abbreviates the county in document numbers (青委〔2019〕88号). */
  name: string;
  county: DivisionRef;
  /** The day each level's reform took effect. */
  dates: { townships: string; villages: string; groups: string };
  /** The adjustment that re-drew the townships (linked from the reform plan). */
  townshipAdjustment: { documentNo: string; effectiveAt: string; correlationId?: string };
  townships: { before: DivisionRef[]; after: DivisionRef[] };
  /** Administrative villages (村), not communities. */
  villages: { before: DivisionRef[]; after: DivisionRef[] };
  /** Villager groups (村民小组). */
  groups: { before: DivisionRef[]; after: DivisionRef[] };
}

/** One command to run with `executeCommand(context, modules[module].commands[command], input, { idempotencyKey: key })`. */
export interface DemoCommand {
  module: string;
  command: string;
  input: Record<string, unknown>;
  /** The command's effective date (also in `input`), for ordering and progress messages. */
  effectiveAt: string;
  /** Idempotency key: running the demo twice writes nothing twice. */
  key: string;
}

/**
 * Events to append as they are, to a stream that must not exist yet (`expectedRevision: 'no-stream'`,
 * `idempotencyKey: key`). They were produced by the module's own deciders, so they are exactly what
 * the commands would have written — without one executeCommand round trip per event.
 */
export interface DemoAppend {
  stream: string;
  events: NewEvent[];
  key: string;
}

export interface DemoScript {
  module: string;
  /** Run in order, after the divisions demo. */
  commands: DemoCommand[];
  /** Then these, batch by batch (each batch ~1,000 streams). Re-iterable: every call starts over. */
  appends?: () => AsyncIterable<DemoAppend[]>;
  /** What the script records, for the runner's progress line. */
  summary: string;
}
