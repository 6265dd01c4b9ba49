/**
 * Access tokens are events too: issuing and revoking are recorded, audited and as-of-able.
 * Only a salted hash of a token's secret is ever stored; the secret is shown once.
 */
import { z } from 'zod';
import { defineEvent } from '@xianzhi/kernel';

export const TOKENS_STREAM = 'access-tokens';

export const tokenIssued = defineEvent(
  'access.token-issued',
  1,
  z.object({
    tokenId: z.string().regex(/^[a-z0-9]{12}$/),
    name: z.string().trim().min(1).max(80),
    scopes: z.array(z.string().min(1).max(80)).min(1),
    subtree: z.string().min(1).max(80).optional(),
    salt: z.string().regex(/^[0-9a-f]{32}$/),
    hash: z.string().regex(/^[0-9a-f]{64}$/),
  }),
);

export const tokenRevoked = defineEvent(
  'access.token-revoked',
  1,
  z.object({ tokenId: z.string().regex(/^[a-z0-9]{12}$/), reason: z.string().max(500).optional() }),
);
