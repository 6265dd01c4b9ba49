/**
 * Read model `access.tokens` and the token functions: issue (secret shown once), revoke, verify.
 * A token reads `xz_<tokenId>_<secret>`; the stored hash is sha256(salt ‖ secret).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import {
  InvariantViolation,
  NotFoundError,
  ValidationError,
  defineModule,
  defineProjection,
  nameText,
  on,
} from '@xianzhi/kernel';
import type { EventStore } from '@xianzhi/event-store';
import type { ProjectionRuntime } from '@xianzhi/projections';
import { TOKENS_STREAM, tokenIssued, tokenRevoked } from './events';
import type { Caller } from '../trpc';

export interface TokenRecord {
  tokenId: string;
  name: string;
  scopes: string[];
  subtree: string | null;
  issuedAt: string;
  issuedBy: string | null;
  revokedAt: string | null;
  salt: string;
  hash: string;
}

type State = Map<string, TokenRecord>;

export const tokensProjection = defineProjection({
  name: 'access.tokens',
  version: 1,
  initialState: (): State => new Map(),
  evolve: {
    ...on(tokenIssued, (s: State, e) => {
      const d = e.data;
      return s.set(d.tokenId, {
        tokenId: d.tokenId,
        name: d.name,
        scopes: d.scopes,
        subtree: d.subtree ?? null,
        issuedAt: e.metadata.recordedAt,
        issuedBy: e.metadata.actor ?? null,
        revokedAt: null,
        salt: d.salt,
        hash: d.hash,
      });
    }),
    ...on(tokenRevoked, (s: State, e) => {
      const t = s.get(e.data.tokenId);
      if (t && t.revokedAt === null) t.revokedAt = e.metadata.recordedAt;
      return s;
    }),
  },
  queries: {
    /** Tokens without their hashes. */
    list: (s: State) => [...s.values()].map(({ salt: _s, hash: _h, ...rest }) => rest),
  },
});

export const accessModule = defineModule({
  name: 'access',
  title: { zh: '访问令牌', en: 'Access' },
  events: [tokenIssued, tokenRevoked],
  projections: [tokensProjection],
  scopes: ['admin'],
});

const hashOf = (salt: string, secret: string) =>
  createHash('sha256').update(salt).update(secret).digest('hex');
const TOKEN_RE = /^xz_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

export const issueTokenInput = z.strictObject({
  name: nameText({ max: 80, required: 'give the token a name (e.g. 教育局)' }),
  scopes: z.array(z.string().min(1).max(80)).min(1, { error: 'grant at least one scope' }).max(100),
  subtree: z.string().trim().min(1).max(80).optional(),
});

/** What the token issuer knows about the router: the scopes, and whether a scope opens anything. */
export interface TokenPolicy {
  knownScopes: readonly string[];
  /** True when some procedure is open to a token with `scope` (limited to a division, or not). */
  opens?: (scope: string, limited: boolean) => boolean;
}

/**
 * Issues a token; the returned `token` is the only time the secret is shown. Refused: unknown scopes,
 * `admin` together with a division (admin sees and changes everything), a division that does not
 * exist today, and scopes that would open nothing (for a limited token: no procedure of theirs keeps
 * to a division).
 */
export async function issueToken(
  context: { store: EventStore; runtime: ProjectionRuntime } & TokenPolicy,
  input: z.input<typeof issueTokenInput>,
  actor: string,
): Promise<{ token: string; tokenId: string; name: string; scopes: string[]; subtree: string | null }> {
  const parsed = issueTokenInput.safeParse(input);
  if (!parsed.success) throw ValidationError.fromZod(parsed.error);
  const { name, subtree: given } = parsed.data;
  const scopes = [...new Set(parsed.data.scopes)];
  const unknown = scopes.filter((s) => !context.knownScopes.includes(s));
  if (unknown.length) {
    throw new ValidationError([
      {
        path: ['scopes'],
        message: `unknown scope ${unknown.join(', ')}; known: ${context.knownScopes.join(', ')}`,
      },
    ]);
  }
  let subtree: string | undefined;
  if (given !== undefined) {
    if (scopes.includes('admin')) {
      throw new ValidationError([
        {
          path: ['scopes'],
          message:
            'a token limited to one division cannot have the admin scope (admin sees and changes everything); grant module scopes such as personnel:read instead',
        },
      ]);
    }
    const division = await context.runtime.query<{ id: string; ended: unknown } | null>(
      'divisions.tree',
      'get',
      { id: given },
    );
    if (!division || division.ended)
      throw new ValidationError([{ path: ['subtree'], message: `no division ${given} exists today` }]);
    // The id, not the code: a code is an attribute that can pass to another division later.
    subtree = division.id;
  }
  if (context.opens) {
    const idle = scopes.filter((s) => !context.opens!(s, subtree !== undefined));
    if (idle.length) {
      throw new ValidationError([
        {
          path: ['scopes'],
          message: `${idle.join(', ')} would open nothing${subtree !== undefined ? ' to a token limited to one division' : ''}; leave ${idle.length > 1 ? 'them' : 'it'} out`,
        },
      ]);
    }
  }
  const tokenId = randomBytes(9)
    .toString('base64url')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '0')
    .slice(0, 12)
    .padEnd(12, '0');
  const secret = randomBytes(32).toString('base64url');
  const salt = randomBytes(16).toString('hex');
  const r = await context.store.append(TOKENS_STREAM, [
    tokenIssued.create(
      {
        tokenId,
        name,
        scopes,
        ...(subtree === undefined ? {} : { subtree }),
        salt,
        hash: hashOf(salt, secret),
      },
      { actor },
    ),
  ]);
  await context.runtime.waitForPosition(r.lastPosition);
  return { token: `xz_${tokenId}_${secret}`, tokenId, name, scopes, subtree: subtree ?? null };
}

export async function revokeToken(
  context: { store: EventStore; runtime: ProjectionRuntime },
  tokenId: string,
  actor: string,
  reason?: string,
): Promise<void> {
  const tokens = await context.runtime.state<State>('access.tokens');
  const t = tokens.get(tokenId);
  if (!t) throw new NotFoundError('token', tokenId);
  if (t.revokedAt !== null)
    throw new InvariantViolation(`token ${tokenId} (${t.name}) was already revoked on ${t.revokedAt}`);
  const r = await context.store.append(TOKENS_STREAM, [
    tokenRevoked.create({ tokenId, ...(reason ? { reason } : {}) }, { actor }),
  ]);
  await context.runtime.waitForPosition(r.lastPosition);
}

/** The caller a token stands for, or null when it is unknown, malformed or revoked. */
export async function verifyToken(runtime: ProjectionRuntime, token: string): Promise<Caller | null> {
  const m = TOKEN_RE.exec(token);
  if (!m) return null;
  const tokens = await runtime.state<State>('access.tokens');
  const t = tokens.get(m[1]!);
  if (!t || t.revokedAt !== null) return null;
  const expected = Buffer.from(t.hash, 'hex');
  const actual = Buffer.from(hashOf(t.salt, m[2]!), 'hex');
  if (!timingSafeEqual(expected, actual)) return null;
  return t.subtree === null
    ? { tokenId: t.tokenId, name: t.name, scopes: t.scopes }
    : { tokenId: t.tokenId, name: t.name, scopes: t.scopes, subtree: t.subtree };
}

/** True when some live token has the admin scope. */
export async function hasAdminToken(runtime: ProjectionRuntime): Promise<boolean> {
  const tokens = await runtime.state<State>('access.tokens');
  return [...tokens.values()].some((t) => t.revokedAt === null && t.scopes.includes('admin'));
}
