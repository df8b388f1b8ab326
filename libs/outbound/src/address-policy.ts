import { BlockList, isIP } from 'node:net';

/** Ranges no outbound call may reach while `outbound.block_private_networks` is on (09 §2). */
const BLOCKED_V4: ReadonlyArray<[string, number]> = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 3],
];
const BLOCKED_V6: ReadonlyArray<[string, number]> = [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
];

const blocked = new BlockList();
for (const [net, prefix] of BLOCKED_V4) blocked.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of BLOCKED_V6) blocked.addSubnet(net, prefix, 'ipv6');

/** `::ffff:1.2.3.4` / `::ffff:102:304` → `1.2.3.4`; anything else unchanged. */
export function unmapIpv4(address: string): string {
  const lower = address.toLowerCase();
  const dotted = /^(?:0{0,4}:){0,5}:?ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted) return dotted[1];
  const hex = /^(?:0{0,4}:){0,5}:?ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (hex) {
    const hi = parseInt(hex[1], 16);
    const lo = parseInt(hex[2], 16);
    return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  }
  return address;
}

/** True for loopback, link-local, private, shared, reserved and multicast addresses (09 §2). */
export function isPrivateAddress(address: string): boolean {
  const plain = unmapIpv4(stripBrackets(address));
  const family = isIP(plain);
  if (family === 4) return blocked.check(plain, 'ipv4');
  if (family === 6) return blocked.check(plain, 'ipv6');
  return true; // not an address at all: refuse rather than guess
}

export function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/**
 * `outbound.allowed_hosts` (09 §2): `host`, `host:port` (`[v6]:port`) or
 * a CIDR. Host entries match the URL's host name, CIDRs and bare addresses
 * the address the socket connects to.
 */
export class AllowedHosts {
  private readonly hosts = new Set<string>();
  private readonly hostPorts = new Set<string>();
  private readonly networks = new BlockList();
  private networkCount = 0;

  constructor(entries: readonly string[]) {
    for (const raw of entries) {
      const entry = raw.trim().toLowerCase();
      const cidr = /^([0-9a-f:.]+)\/(\d{1,3})$/.exec(entry);
      if (cidr) {
        const family = isIP(cidr[1]);
        if (family) {
          this.networks.addSubnet(cidr[1], Number(cidr[2]), family === 4 ? 'ipv4' : 'ipv6');
          this.networkCount++;
        }
        continue;
      }
      const withPort = /^(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(entry);
      if (withPort) {
        this.hostPorts.add(`${stripBrackets(withPort[1])}:${Number(withPort[2])}`);
        continue;
      }
      const host = stripBrackets(entry);
      this.hosts.add(host);
      const family = isIP(host);
      if (family) {
        this.networks.addAddress(host, family === 4 ? 'ipv4' : 'ipv6');
        this.networkCount++;
      }
    }
  }

  /** The URL's host (and port) is listed by name. */
  allowsHost(host: string, port: number): boolean {
    const name = stripBrackets(host).toLowerCase();
    return this.hosts.has(name) || this.hostPorts.has(`${name}:${port}`);
  }

  /** A resolved address is inside a listed CIDR or is a listed address. */
  allowsAddress(address: string): boolean {
    if (this.networkCount === 0) return false;
    const plain = unmapIpv4(stripBrackets(address));
    const family = isIP(plain);
    if (!family) return false;
    return this.networks.check(plain, family === 4 ? 'ipv4' : 'ipv6');
  }
}
