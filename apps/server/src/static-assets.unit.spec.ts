/** The admin UI's files go compressed to browsers that accept it, and as they are to those that do not. */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { chooseEncoding, staticAssets } from './static-assets';

const dist = mkdtempSync(join(tmpdir(), 'xianzhi-dist-'));
mkdirSync(join(dist, 'assets'));
const script = `export const rows = [${Array.from({ length: 400 }, (_, i) => `{ id: ${i}, name: "乡镇${i}" }`).join(', ')}];\n`;
writeFileSync(join(dist, 'assets', 'index-abc.js'), script);
writeFileSync(join(dist, 'assets', 'tiny.css'), 'body{margin:0}');
writeFileSync(
  join(dist, 'index.html'),
  `<!doctype html><html><head><title>县志</title></head><body>${'<div></div>'.repeat(200)}</body></html>`,
);
const app = new Hono();
app.get('*', staticAssets(dist));
const get = (path: string, acceptEncoding?: string) =>
  app.request(path, { headers: acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding } });

describe('compressed static assets', () => {
  it('sends brotli when accepted, gzip when only gzip is, and the bytes decompress to the file', async () => {
    const br = await get('/assets/index-abc.js', 'gzip, deflate, br');
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(br.headers.get('vary')).toBe('Accept-Encoding');
    expect(br.headers.get('cache-control')).toContain('immutable');
    const brBytes = Buffer.from(await br.arrayBuffer());
    expect(brBytes.length).toBeLessThan(Buffer.byteLength(script) / 3);
    expect(brotliDecompressSync(brBytes).toString('utf8')).toBe(script);

    const gz = await get('/assets/index-abc.js', 'gzip');
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString('utf8')).toBe(script);
  });

  it('sends the file as it is without Accept-Encoding, when brotli and gzip are refused, and for tiny files', async () => {
    for (const accept of [undefined, 'identity', 'br;q=0, gzip;q=0']) {
      const r = await get('/assets/index-abc.js', accept);
      expect(r.headers.get('content-encoding')).toBeNull();
      expect(await r.text()).toBe(script);
    }
    const tiny = await get('/assets/tiny.css', 'br');
    expect(tiny.headers.get('content-encoding')).toBeNull();
    expect(await tiny.text()).toBe('body{margin:0}');
  });

  it("answers the UI's own routes (and paths outside the folder) with index.html, never cached", async () => {
    for (const path of ['/', '/divisions/510799101', '/../../etc/passwd.js', '/assets/missing.js']) {
      const r = await get(path, 'gzip');
      expect(r.headers.get('content-type')).toContain('text/html');
      expect(r.headers.get('cache-control')).toBe('no-cache');
      expect(gunzipSync(Buffer.from(await r.arrayBuffer())).toString('utf8')).toContain(
        '<title>县志</title>',
      );
    }
  });

  it('reads Accept-Encoding with q-values and wildcards', () => {
    expect(chooseEncoding('gzip, br')).toBe('br');
    expect(chooseEncoding('br;q=0, gzip')).toBe('gzip');
    expect(chooseEncoding('*')).toBe('br');
    expect(chooseEncoding('*;q=0, gzip;q=0.5')).toBe('gzip');
    expect(chooseEncoding('deflate')).toBe('identity');
    expect(chooseEncoding(undefined)).toBe('identity');
  });
});
