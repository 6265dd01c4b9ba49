import { describe, expect, it } from 'vitest';
import { TargetRefused, checkTarget, parseAllowList, type Resolver } from './targets';
import { signatureHeader, verifySignature } from './signature';
import { backoffMs } from './dispatcher';

const fakeDns: Resolver = async (host) => {
  const table: Record<string, string[]> = {
    'hooks.edu.example.cn': ['203.0.113.10'],
    'evil.example.cn': ['127.0.0.1'],
    'intranet.example.cn': ['10.1.2.3'],
    'mixed.example.cn': ['203.0.113.11', '169.254.169.254'],
  };
  const found = table[host];
  if (!found) throw new Error(`ENOTFOUND ${host}`);
  return found.map((address) => ({ address, family: 4 as const }));
};

describe('webhook targets (SSRF)', () => {
  const allow = parseAllowList('hooks.edu.example.cn,*.example.cn,203.0.113.0/24');

  it('allows a listed host resolving to a public address, and pins that address', async () => {
    const t = await checkTarget('https://hooks.edu.example.cn/in', allow, fakeDns);
    expect(t.address).toBe('203.0.113.10');
  });

  it('refuses a listed host that resolves to loopback, link-local or private addresses', async () => {
    await expect(checkTarget('http://evil.example.cn/', allow, fakeDns)).rejects.toThrow(
      /127\.0\.0\.1 is an internal address/,
    );
    await expect(checkTarget('http://intranet.example.cn/', allow, fakeDns)).rejects.toThrow(/10\.1\.2\.3/);
    // one bad address among several is enough to refuse
    await expect(checkTarget('http://mixed.example.cn/', allow, fakeDns)).rejects.toThrow(
      /169\.254\.169\.254/,
    );
  });

  it('the real resolver: localhost is refused even when the name is listed', async () => {
    await expect(checkTarget('http://localhost:9/', parseAllowList('localhost'), undefined)).rejects.toThrow(
      /internal address/,
    );
  });

  it('allows an internal address only when a listed range contains it', async () => {
    const lab = parseAllowList('intranet.example.cn,10.1.0.0/16');
    expect((await checkTarget('http://intranet.example.cn/', lab, fakeDns)).address).toBe('10.1.2.3');
    expect((await checkTarget('http://10.1.9.9:8080/', lab, fakeDns)).address).toBe('10.1.9.9');
    await expect(checkTarget('http://10.2.0.1/', lab, fakeDns)).rejects.toThrow(/not in a range/);
  });

  it('refuses hosts not listed, other schemes, credentials in the URL, and an empty allow list', async () => {
    await expect(checkTarget('http://other.org/', allow, fakeDns)).rejects.toThrow(
      /host other\.org is not in XIANZHI_WEBHOOK_ALLOW/,
    );
    await expect(checkTarget('ftp://hooks.edu.example.cn/', allow, fakeDns)).rejects.toThrow(TargetRefused);
    await expect(checkTarget('http://u:p@hooks.edu.example.cn/', allow, fakeDns)).rejects.toThrow(
      /user name or password/,
    );
    await expect(checkTarget('http://[::ffff:127.0.0.1]/', allow, fakeDns)).rejects.toThrow(TargetRefused);
    await expect(checkTarget('http://hooks.edu.example.cn/', parseAllowList(''), fakeDns)).rejects.toThrow(
      /is empty/,
    );
  });

  it('a bad allow-list entry is named', () => {
    expect(() => parseAllowList('hooks.example.cn,10.0.0.0/99')).toThrow(/10\.0\.0\.0\/99/);
    expect(() => parseAllowList('http://x')).toThrow(/neither a host name nor an address range/);
  });
});

describe('webhook signatures', () => {
  const body = '{"id":"wh_abc.12"}';
  const now = 1_780_000_000;
  const header = signatureHeader('s3cret-s3cret-s3cret', body, now);

  it('verifies with the right secret and body', () => {
    expect(header).toMatch(/^t=1780000000,v1=[0-9a-f]{64}$/);
    expect(verifySignature('s3cret-s3cret-s3cret', header, body, { now })).toBe(true);
  });

  it('fails with a wrong secret, a changed body, a changed timestamp, or an old one', () => {
    expect(verifySignature('wrong-secret-wrong', header, body, { now })).toBe(false);
    expect(verifySignature('s3cret-s3cret-s3cret', header, body.replace('12', '13'), { now })).toBe(false);
    expect(
      verifySignature('s3cret-s3cret-s3cret', header.replace('t=1780000000', 't=1780000001'), body, { now }),
    ).toBe(false);
    expect(verifySignature('s3cret-s3cret-s3cret', header, body, { now: now + 301 })).toBe(false);
    expect(verifySignature('s3cret-s3cret-s3cret', undefined, body, { now })).toBe(false);
  });
});

describe('retry backoff', () => {
  it('doubles per attempt, capped, with half of it random', () => {
    const s = { retryBaseMs: 1_000, retryMaxMs: 60_000 };
    expect(backoffMs(1, { ...s, random: () => 0 })).toBe(500);
    expect(backoffMs(1, { ...s, random: () => 1 })).toBe(1_000);
    expect(backoffMs(4, { ...s, random: () => 0 })).toBe(4_000);
    expect(backoffMs(4, { ...s, random: () => 1 })).toBe(8_000);
    expect(backoffMs(20, { ...s, random: () => 1 })).toBe(60_000);
    const spread = new Set(Array.from({ length: 20 }, () => backoffMs(3, s)));
    expect(spread.size).toBeGreaterThan(1);
  });
});
