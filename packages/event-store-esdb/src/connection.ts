/**
 * Connecting, and saying clearly why a connection failed. An unreachable or misconfigured server
 * gives ONE error that names the setting (XIANZHI_EVENTSTORE), the address (with any password
 * masked) and the likely fix — never the gRPC stack underneath.
 */
import { EventStoreDBClient } from '@eventstore/db-client';

/** The setting the lead wires to this adapter; every connection error names it. */
export const SETTING = 'XIANZHI_EVENTSTORE';

/** True for an EventStoreDB connection string (`esdb://…` or `esdb+discover://…`). */
export function isEsdbConnectionString(value: string): boolean {
  return /^esdb(\+discover)?:\/\//i.test(value.trim());
}

/** The connection string with the password (if any) replaced by `***`. */
export function maskConnectionString(value: string): string {
  return value.trim().replace(/^(esdb(?:\+discover)?:\/\/[^:@/?]+:)[^@/?]*@/i, '$1***@');
}

/** The server is unreachable, refused us, or the connection string is wrong. Nothing was written. */
export class EsdbConnectionError extends Error {
  readonly setting = SETTING;
  constructor(
    /** The connection string, password masked. */
    readonly address: string,
    /** One line: what went wrong. */
    readonly detail: string,
    hint = 'check the address and that the server is running',
  ) {
    super(`cannot reach EventStoreDB at ${address} (${SETTING}): ${detail}; ${hint}`);
    this.name = 'EsdbConnectionError';
  }
}

/** Creates the client, turning a malformed connection string into one clear error. */
export function createClient(connectionString: string): EventStoreDBClient {
  const address = maskConnectionString(connectionString);
  if (!isEsdbConnectionString(connectionString)) {
    throw new EsdbConnectionError(
      address,
      'not an EventStoreDB connection string',
      'use esdb://host:2113 (add ?tls=false for a server without TLS)',
    );
  }
  try {
    return EventStoreDBClient.connectionString(connectionString.trim());
  } catch (error) {
    throw new EsdbConnectionError(
      address,
      `invalid connection string: ${firstLine(error)}`,
      'fix the connection string (e.g. esdb://localhost:2113?tls=false)',
    );
  }
}

interface GrpcLikeError {
  code?: unknown;
  type?: unknown;
  details?: unknown;
  message?: unknown;
}

const CONNECTION_TYPES = new Set(['unavailable', 'deadline-exceeded', 'cancelled', 'not-leader']);
const CONNECTION_CODES = new Set([1, 4, 14]); // CANCELLED, DEADLINE_EXCEEDED, UNAVAILABLE

const asText = (value: unknown): string => (typeof value === 'string' ? value : '');

/** True when the error means "the server could not be reached / the connection dropped". */
export function isConnectionError(error: unknown): boolean {
  if (error instanceof EsdbConnectionError) return true;
  if (typeof error !== 'object' || error === null) return false;
  const e = error as GrpcLikeError;
  if (typeof e.type === 'string' && CONNECTION_TYPES.has(e.type)) return true;
  if (typeof e.code === 'number' && CONNECTION_CODES.has(e.code)) return true;
  const text = `${asText(e.details)} ${asText(e.message)}`;
  return /ECONNREFUSED|ECONNRESET|ENOTFOUND|EHOSTUNREACH|No connection established|Connection dropped/i.test(
    text,
  );
}

/** True for "access denied" / "not authenticated" answers. */
function isAccessError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as GrpcLikeError;
  return e.type === 'access-denied' || e.code === 16 || e.code === 7;
}

/** The first line of an error's message, at most 200 characters. */
export function firstLine(error: unknown): string {
  const raw = error instanceof Error ? error.message : String(error);
  const line = raw.split('\n').find((l) => l.trim().length > 0) ?? raw;
  return line.length > 200 ? `${line.slice(0, 197)}…` : line;
}

/** Translates a connection-level failure into an EsdbConnectionError; returns other errors unchanged. */
export function describeConnectionFailure(error: unknown, connectionString: string): unknown {
  if (error instanceof EsdbConnectionError) return error;
  const address = maskConnectionString(connectionString);
  const tlsOff = /[?&]tls=false/i.test(connectionString);
  if (isAccessError(error)) {
    return new EsdbConnectionError(
      address,
      'the server refused access',
      'check the user name and password in the connection string',
    );
  }
  if (!isConnectionError(error)) return error;
  const text = `${asText((error as GrpcLikeError).details)} ${firstLine(error)}`;
  if (/ssl|tls|handshake|certificate|wrong version number|EPROTO/i.test(text)) {
    return new EsdbConnectionError(
      address,
      'the TLS handshake failed',
      tlsOff
        ? 'the server expects TLS: remove ?tls=false or give its CA with tlsCAFile='
        : 'if the server runs without TLS, add ?tls=false to the connection string; otherwise give its CA with tlsCAFile=',
    );
  }
  let detail: string;
  if (/ECONNREFUSED/i.test(text)) detail = 'connection refused';
  else if (/ENOTFOUND|EAI_AGAIN|DNS resolution failed|Name resolution failed/i.test(text))
    detail = 'host name not found';
  else if (/EHOSTUNREACH|ENETUNREACH/i.test(text)) detail = 'host unreachable';
  else if ((error as GrpcLikeError).code === 4 || (error as GrpcLikeError).type === 'deadline-exceeded')
    detail = 'no answer in time';
  else if (/ECONNRESET|Connection dropped/i.test(text)) detail = 'the connection was dropped';
  else detail = firstLine(error);
  return new EsdbConnectionError(
    address,
    detail,
    tlsOff
      ? 'check the address and that the server is running'
      : 'check the address, that the server is running, and whether it needs ?tls=false',
  );
}

/** Rejects with `onTimeout()` when `promise` has not settled within `ms`. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
