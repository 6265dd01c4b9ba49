/**
 * The key that authenticates the projection cache (docs/integrity.md §4). It is kept OUTSIDE the
 * cache file: a person who can write the cache but not read the key cannot make a state the runtime
 * accepts. By default a key file (32 random bytes, hex) made on first start with mode 0600; in
 * production point `XIANZHI_CACHE_KEY` at a file on another volume or a service-manager credential.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export const CACHE_KEY_BYTES = 32;

export interface CacheKey {
  key: Buffer;
  /** Where it was read from (undefined: given as bytes, or made for an in-memory cache). */
  file?: string;
  /** True when the file did not exist and was made now (every state cached before is then unverifiable). */
  created: boolean;
}

/**
 * Reads the cache key from `file`, or makes one there when it does not exist (mode 0600, never
 * overwriting a file another process made at the same moment). A file that holds anything but 64
 * hex digits is an error naming it: a damaged key must not silently become a new one.
 */
export function loadCacheKey(file: string): CacheKey {
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    writeFileSync(temp, `${randomBytes(CACHE_KEY_BYTES).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    try {
      linkSync(temp, file); // fails if another process made the key first: then use theirs
      rmSync(temp, { force: true });
      return { key: readKey(file), file, created: true };
    } catch (error) {
      rmSync(temp, { force: true });
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return { key: readKey(file), file, created: false };
}

function readKey(file: string): Buffer {
  const text = readFileSync(file, 'utf8').trim();
  if (!/^[0-9a-f]{64}$/i.test(text)) {
    throw new Error(
      `the projection cache key ${file} must hold 64 hex digits (32 bytes); it is damaged — restore it, or delete it together with the cache file to start a new cache`,
    );
  }
  return Buffer.from(text, 'hex');
}

/** HMAC-SHA256 under the cache key. */
export function cacheMac(key: Buffer, header: unknown, body?: Buffer): Buffer {
  const h = createHmac('sha256', key).update(JSON.stringify(header));
  if (body) h.update('\n').update(body);
  return h.digest();
}

export function macEquals(a: Buffer | null | undefined, b: Buffer): boolean {
  return a != null && a.length === b.length && timingSafeEqual(a, b);
}

/** A short public name of the key (not the key): which key wrote a cache. */
export function cacheKeyId(key: Buffer): string {
  return createHmac('sha256', key).update('xianzhi-cache key id').digest('hex').slice(0, 32);
}
