/**
 * The built admin UI, served compressed: each asset is compressed once (brotli when the browser
 * accepts it, else gzip), kept in memory, and sent with `Vary: Accept-Encoding`. Hashed assets are
 * cached by the browser for a year; `index.html` is never cached, and a file changed on disk (a
 * rebuilt UI) is read and compressed again, so a new build is seen at once.
 * Files smaller than a packet, images and fonts go as they are.
 */
import { readFileSync, statSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Context } from 'hono';

const MIME: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};
const COMPRESSIBLE = new Set(['.js', '.css', '.html', '.svg', '.json']);
const MIN_BYTES = 1024;

type Encoding = 'br' | 'gzip' | 'identity';

/** Which encoding to send for an Accept-Encoding header: brotli, then gzip (q=0 refuses one). */
export function chooseEncoding(accept: string | undefined): Encoding {
  const offered = new Map<string, number>();
  for (const part of (accept ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    offered.set(name, q ? Number(q.slice(2)) : 1);
  }
  const ok = (e: string) => (offered.get(e) ?? offered.get('*') ?? 0) > 0;
  if (ok('br')) return 'br';
  if (ok('gzip')) return 'gzip';
  return 'identity';
}

interface Asset {
  /** The file's modification time when read: a rebuilt UI (same name, new content) is read again. */
  mtimeMs: number;
  body: Uint8Array<ArrayBuffer>;
  br?: Uint8Array<ArrayBuffer>;
  gzip?: Uint8Array<ArrayBuffer>;
}

/** Serves the files of `dist` (and `index.html` for every other path, for the UI's own routes). */
export function staticAssets(dist: string): (c: Context) => Response {
  const cache = new Map<string, Asset>();
  const load = (file: string): Asset => {
    const mtimeMs = statSync(file).mtimeMs;
    let asset = cache.get(file);
    if (!asset || asset.mtimeMs !== mtimeMs) {
      asset = { mtimeMs, body: new Uint8Array(readFileSync(file)) };
      cache.set(file, asset);
    }
    return asset;
  };
  const encoded = (asset: Asset, encoding: Encoding): Uint8Array<ArrayBuffer> => {
    if (encoding === 'br')
      return (asset.br ??= brotliCompressSync(asset.body, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: 9,
          [constants.BROTLI_PARAM_SIZE_HINT]: asset.body.length,
        },
      }));
    if (encoding === 'gzip') return (asset.gzip ??= gzipSync(asset.body, { level: 9 }));
    return asset.body;
  };
  return (c) => {
    const rel = normalize(decodeURIComponent(c.req.path)).replace(/^(\.\.[/\\])+/, '');
    const candidate = join(dist, rel);
    const isFile =
      candidate.startsWith(dist) &&
      extname(candidate) !== '' &&
      statSync(candidate, { throwIfNoEntry: false })?.isFile() === true;
    const file = isFile ? candidate : join(dist, 'index.html');
    const ext = extname(file);
    const asset = load(file);
    const headers: Record<string, string> = {
      'content-type': MIME[ext] ?? 'application/octet-stream',
      'cache-control': isFile && ext !== '.html' ? 'public, max-age=31536000, immutable' : 'no-cache',
    };
    let encoding: Encoding = 'identity';
    if (COMPRESSIBLE.has(ext) && asset.body.length >= MIN_BYTES) {
      headers.vary = 'Accept-Encoding';
      encoding = chooseEncoding(c.req.header('accept-encoding'));
      if (encoding !== 'identity') headers['content-encoding'] = encoding;
    }
    return c.body(encoded(asset, encoding), 200, headers);
  };
}
