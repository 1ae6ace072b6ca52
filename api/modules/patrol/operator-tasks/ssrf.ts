// Where a webhook may go: public unicast addresses only. A target is refused when its host is, or
// resolves to, a private, loopback, link-local, unique-local, CGNAT, multicast, reserved or cloud
// metadata address; the check runs when the URL is set and again at each delivery, on the addresses
// the connection will use (against DNS rebinding).
import { isIP } from 'node:net'
import { lookup } from 'node:dns/promises'

export type BlockedRange = 'private' | 'loopback' | 'link_local' | 'unique_local' | 'cgnat' | 'multicast' | 'metadata' | 'reserved'

/** Resolves a host name to all its addresses (injected in tests). */
export type Resolver = (host: string) => Promise<{ address: string; family: number }[]>

export const systemResolver: Resolver = (host) => lookup(host, { all: true, verbatim: true })

function v4Bytes(ip: string): number[] {
  return ip.split('.').map(Number)
}

function inV4(b: number[], net: [number, number, number, number], bits: number): boolean {
  const ip = ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0
  const n = ((net[0] << 24) | (net[1] << 16) | (net[2] << 8) | net[3]) >>> 0
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0
  return (ip & mask) === (n & mask)
}

function classifyV4(ip: string): BlockedRange | null {
  const b = v4Bytes(ip)
  if (ip === '169.254.169.254' || ip === '100.100.100.200' || ip === '169.254.170.2') return 'metadata'
  if (inV4(b, [127, 0, 0, 0], 8)) return 'loopback'
  if (inV4(b, [10, 0, 0, 0], 8) || inV4(b, [172, 16, 0, 0], 12) || inV4(b, [192, 168, 0, 0], 16)) return 'private'
  if (inV4(b, [169, 254, 0, 0], 16)) return 'link_local'
  if (inV4(b, [100, 64, 0, 0], 10)) return 'cgnat'
  if (inV4(b, [224, 0, 0, 0], 4)) return 'multicast'
  const reserved: [[number, number, number, number], number][] = [
    [[0, 0, 0, 0], 8],
    [[192, 0, 0, 0], 24],
    [[192, 0, 2, 0], 24],
    [[198, 18, 0, 0], 15],
    [[198, 51, 100, 0], 24],
    [[203, 0, 113, 0], 24],
    [[240, 0, 0, 0], 4],
  ]
  if (reserved.some(([net, bits]) => inV4(b, net, bits))) return 'reserved'
  return null
}

/** The eight 16-bit groups of an IPv6 address (with an embedded dotted IPv4 tail, if any). */
function v6Groups(ip: string): number[] {
  let s = ip.toLowerCase().split('%')[0]!
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(s)
  if (dotted) {
    const b = v4Bytes(dotted[1]!)
    s = s.slice(0, -dotted[1]!.length) + `${((b[0]! << 8) | b[1]!).toString(16)}:${((b[2]! << 8) | b[3]!).toString(16)}`
  }
  const [head, tail] = s.split('::') as [string, string | undefined]
  const h = head ? head.split(':') : []
  const t = tail !== undefined && tail ? tail.split(':') : []
  const fill = tail !== undefined ? 8 - h.length - t.length : 0
  return [...h, ...Array<string>(fill).fill('0'), ...t].map((g) => parseInt(g, 16))
}

function v4Of(hi: number, lo: number): string {
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`
}

function classifyV6(ip: string): BlockedRange | null {
  const g = v6Groups(ip)
  const zeroUntil = (n: number) => g.slice(0, n).every((x) => x === 0)
  if (zeroUntil(8)) return 'reserved' // ::
  if (zeroUntil(7) && g[7] === 1) return 'loopback' // ::1
  // IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d), NAT64 (64:ff9b::a.b.c.d): the IPv4 address decides.
  if (zeroUntil(5) && (g[5] === 0xffff || g[5] === 0)) return classifyV4(v4Of(g[6]!, g[7]!)) ?? (g[5] === 0 ? 'reserved' : null)
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)) return classifyV4(v4Of(g[6]!, g[7]!))
  if (g[0] === 0x2002) return classifyV4(v4Of(g[1]!, g[2]!)) // 6to4
  if (g[0] === 0xfd00 && g[1] === 0x0ec2 && zeroUntil(0) && g.slice(2, 7).every((x) => x === 0) && g[7] === 0x254) return 'metadata'
  if ((g[0]! & 0xffc0) === 0xfe80) return 'link_local'
  if ((g[0]! & 0xffc0) === 0xfec0) return 'private' // site-local, deprecated
  if ((g[0]! & 0xfe00) === 0xfc00) return 'unique_local'
  if ((g[0]! & 0xff00) === 0xff00) return 'multicast'
  if (g[0] === 0x2001 && g[1] === 0x0db8) return 'reserved' // documentation
  if (g[0] === 0x0100 && zeroUntil(0) && g.slice(1, 4).every((x) => x === 0)) return 'reserved' // discard
  if (g[0] === 0x2001 && g[1] === 0) return 'reserved' // Teredo
  return null
}

/** The range an IP address literal falls in, or null for a public unicast address (and for a non-address). */
export function blockedRange(address: string): BlockedRange | null {
  const a = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address
  const family = isIP(a)
  if (family === 4) return classifyV4(a)
  if (family === 6) return classifyV6(a)
  return null
}

export class BlockedTargetError extends Error {
  constructor(
    readonly key: string,
    readonly params: Record<string, string>,
  ) {
    super(`${key} ${Object.values(params).join(' ')}`)
  }
}

/** Host names that always point inside: refused without asking DNS. */
const INTERNAL_NAMES = /(^|\.)(localhost|local|internal|localdomain|home\.arpa)$/i

/**
 * The addresses a URL's host stands for, each checked; throws BlockedTargetError with the message key
 * (webhook_blocked_<range>, webhook_unresolved) and its parameters. The WHATWG URL parser has already
 * turned decimal, octal and hex IPv4 forms (https://2130706433/, https://0177.1/) into dotted ones.
 */
export async function vetHost(hostname: string, resolve: Resolver = systemResolver): Promise<{ address: string; family: number }[]> {
  const host = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname
  if (isIP(host)) {
    const range = blockedRange(host)
    if (range) throw new BlockedTargetError(`webhook_blocked_${range}`, { address: host })
    return [{ address: host, family: isIP(host) }]
  }
  if (INTERNAL_NAMES.test(host.replace(/\.$/, ''))) throw new BlockedTargetError('webhook_blocked_loopback', { address: host })
  let addresses: { address: string; family: number }[]
  try {
    addresses = await resolve(host)
  } catch {
    throw new BlockedTargetError('webhook_unresolved', { host })
  }
  if (!addresses.length) throw new BlockedTargetError('webhook_unresolved', { host })
  for (const a of addresses) {
    const range = blockedRange(a.address)
    if (range) throw new BlockedTargetError(`webhook_blocked_${range}`, { address: `${host} → ${a.address}` })
  }
  return addresses
}

/** A webhook URL: https, no credentials in it, and a host that is public (checked as `vetHost`). */
export async function vetWebhookUrl(raw: string, resolve: Resolver = systemResolver): Promise<URL> {
  const url = new URL(raw)
  if (url.protocol !== 'https:') throw new BlockedTargetError('webhook_https_only', {})
  if (url.username || url.password) throw new BlockedTargetError('webhook_url', {})
  await vetHost(url.hostname, resolve)
  return url
}
