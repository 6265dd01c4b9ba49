/**
 * Where the server may send webhooks (SSRF): only to the hosts and address ranges configured in
 * XIANZHI_WEBHOOK_ALLOW, e.g. `hooks.edu.example.cn,*.jyj.example.cn,10.20.0.0/16`.
 *
 * - A host name must be listed (exactly, or under a `*.` suffix); an IP literal must lie in a listed range.
 * - The name is resolved and every address is checked: loopback, link-local, private (RFC 1918),
 *   carrier-grade NAT, unique-local, multicast and unspecified addresses are refused unless a listed
 *   range contains them — so a listed name that resolves to 127.0.0.1 is refused.
 * - The connection goes to the address that was checked (no second lookup a DNS rebinding could
 *   change), and redirects are never followed.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

export interface AllowList {
  /** Lower-case host names; `*.example.cn` allows every name under example.cn. */
  hosts: string[];
  /** Ranges, as written (`10.20.0.0/16`, `127.0.0.1/32`, `fd00::/8`). */
  ranges: string[];
  blocks: BlockList;
}

export type Resolver = (host: string) => Promise<{ address: string; family: 4 | 6 }[]>;

export const systemResolver: Resolver = async (host) =>
  (await dnsLookup(host, { all: true, verbatim: true })).map((a) => ({
    address: a.address,
    family: a.family === 6 ? 6 : 4,
  }));

/** Thrown when a target may not be used; `message` names the host or address and the rule. */
export class TargetRefused extends Error {
  override readonly name = 'TargetRefused';
}

const familyOf = (address: string): 'ipv4' | 'ipv6' => (isIP(address) === 6 ? 'ipv6' : 'ipv4');

function addRange(blocks: BlockList, range: string): void {
  const [net, bits] = range.split('/') as [string, string | undefined];
  const kind = isIP(net);
  if (kind === 0)
    throw new Error(`XIANZHI_WEBHOOK_ALLOW: "${range}" is neither a host name nor an address range`);
  const prefix = bits === undefined ? (kind === 6 ? 128 : 32) : Number(bits);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > (kind === 6 ? 128 : 32))
    throw new Error(`XIANZHI_WEBHOOK_ALLOW: "${range}" has a bad prefix length`);
  blocks.addSubnet(net, prefix, familyOf(net));
}

const HOST_RE = /^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/;

/** Parses XIANZHI_WEBHOOK_ALLOW (comma-separated host names, addresses and CIDR ranges). */
export function parseAllowList(spec: string | undefined): AllowList {
  const hosts: string[] = [];
  const ranges: string[] = [];
  const blocks = new BlockList();
  for (const raw of (spec ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean)) {
    if (isIP(raw.split('/')[0]!) !== 0) {
      addRange(blocks, raw);
      ranges.push(raw);
    } else if (HOST_RE.test(raw)) hosts.push(raw);
    else throw new Error(`XIANZHI_WEBHOOK_ALLOW: "${raw}" is neither a host name nor an address range`);
  }
  return { hosts, ranges, blocks };
}

/** Addresses no webhook goes to unless a configured range contains them. */
const INTERNAL = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['224.0.0.0', 3],
] as const) {
  INTERNAL.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  INTERNAL.addSubnet(net, prefix, 'ipv6');
}

/** An IPv4 address written as IPv6 (::ffff:127.0.0.1) is checked as IPv4. */
function unmapped(address: string): string {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return m ? m[1]! : address;
}

function hostListed(allow: AllowList, host: string): boolean {
  return allow.hosts.some((h) =>
    h.startsWith('*.') ? host.endsWith(h.slice(1)) && host.length > h.length - 1 : host === h,
  );
}

/** Why an address may not be used, or undefined when it may. */
function addressProblem(allow: AllowList, raw: string): string | undefined {
  const address = unmapped(raw);
  const family = familyOf(address);
  if (allow.blocks.check(address, family)) return undefined;
  if (INTERNAL.check(address, family))
    return `${address} is an internal address (loopback, link-local or private) that XIANZHI_WEBHOOK_ALLOW does not list`;
  return undefined;
}

export interface CheckedTarget {
  url: URL;
  /** The checked address the connection must go to. */
  address: string;
  family: 4 | 6;
}

/** Checks a target URL against the allow list and resolves it; throws TargetRefused naming the reason. */
export async function checkTarget(
  target: string,
  allow: AllowList,
  resolve: Resolver = systemResolver,
): Promise<CheckedTarget> {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    throw new TargetRefused(`target "${target}" is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new TargetRefused(`target ${url.protocol} is not http: or https:`);
  if (url.username || url.password)
    throw new TargetRefused(
      'target URL may not carry a user name or password (put credentials in the receiver, verify the signature instead)',
    );
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (allow.hosts.length === 0 && allow.ranges.length === 0)
    throw new TargetRefused(
      'XIANZHI_WEBHOOK_ALLOW is empty: webhooks may go nowhere until the administrator lists the receivers’ hosts or ranges',
    );
  let addresses: { address: string; family: 4 | 6 }[];
  if (isIP(host) !== 0) {
    if (!allow.blocks.check(unmapped(host), familyOf(unmapped(host))))
      throw new TargetRefused(
        `address ${host} is not in a range of XIANZHI_WEBHOOK_ALLOW (${allow.ranges.join(', ') || 'none'})`,
      );
    addresses = [{ address: host, family: isIP(host) === 6 ? 6 : 4 }];
  } else {
    if (!hostListed(allow, host))
      throw new TargetRefused(
        `host ${host} is not in XIANZHI_WEBHOOK_ALLOW (${[...allow.hosts, ...allow.ranges].join(', ')})`,
      );
    try {
      addresses = await resolve(host);
    } catch (error) {
      throw new TargetRefused(
        `host ${host} does not resolve (${error instanceof Error ? error.message : String(error)})`,
      );
    }
    if (addresses.length === 0) throw new TargetRefused(`host ${host} does not resolve`);
  }
  for (const a of addresses) {
    const problem = addressProblem(allow, a.address);
    if (problem) throw new TargetRefused(`host ${host} resolves to ${problem}`);
  }
  return { url, address: addresses[0]!.address, family: addresses[0]!.family };
}
