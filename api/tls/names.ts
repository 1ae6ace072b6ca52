// The names a phone may use to reach this machine: localhost, the host name (and its mDNS .local
// form), every network address it has and any extra names configured; the local certificate covers them.
import { isIP } from 'node:net'
import type { NetworkInterfaceInfo } from 'node:os'

export type Interfaces = NodeJS.Dict<NetworkInterfaceInfo[]>

export interface CertificateNames {
  /** DNS names, lower case, sorted. */
  dns: string[]
  /** IPv4 and IPv6 addresses in canonical form, sorted. */
  ips: string[]
}

/** An IPv6 address written out in full (for comparing), or an IPv4 address as is. */
export function canonicalIp(ip: string): string {
  if (isIP(ip) !== 6) return ip
  const [head = '', tail = ''] = ip.split('%')[0]!.split('::') as [string, string?]
  const left = head ? head.split(':') : []
  const right = ip.includes('::') && tail ? tail.split(':') : []
  // An embedded IPv4 tail (::ffff:1.2.3.4) counts as two groups.
  const expand = (groups: string[]) =>
    groups.flatMap((g) => {
      if (!g.includes('.')) return [g]
      const [a, b, c, d] = g.split('.').map(Number) as [number, number, number, number]
      return [((a << 8) | b).toString(16), ((c << 8) | d).toString(16)]
    })
  const l = expand(left)
  const r = expand(right)
  const zeros = ip.includes('::') ? Array(8 - l.length - r.length).fill('0') : []
  return [...l, ...zeros, ...r].map((g) => parseInt(g, 16).toString(16)).join(':')
}

/** The machine's non-loopback addresses, IPv4 first (for the printed links and QR codes). */
export function networkAddresses(interfaces: Interfaces): string[] {
  const all = Object.values(interfaces)
    .flatMap((list) => list ?? [])
    .filter((i) => !i.internal)
  const v4 = all.filter((i) => i.family === 'IPv4').map((i) => i.address)
  const v6 = all.filter((i) => i.family === 'IPv6').map((i) => i.address.split('%')[0]!)
  return [...new Set([...v4, ...v6])]
}

export function certificateNames(opts: { hostname: string; interfaces: Interfaces; extra?: string[] }): CertificateNames {
  const dns = new Set<string>(['localhost'])
  const ips = new Set<string>(['127.0.0.1', canonicalIp('::1')])
  const host = opts.hostname.trim().toLowerCase()
  if (host && host !== 'localhost' && !isIP(host)) {
    dns.add(host)
    // The mDNS name, which many phones resolve on the office network.
    if (!host.endsWith('.local')) dns.add(`${host.split('.')[0]}.local`)
  }
  for (const ip of networkAddresses(opts.interfaces)) ips.add(canonicalIp(ip))
  for (const name of opts.extra ?? []) {
    if (isIP(name)) ips.add(canonicalIp(name))
    else dns.add(name.toLowerCase())
  }
  return { dns: [...dns].sort(), ips: [...ips].sort() }
}

export function sameNames(a: CertificateNames, b: CertificateNames): boolean {
  const key = (n: CertificateNames) => JSON.stringify([[...n.dns].sort(), [...n.ips].map(canonicalIp).sort()])
  return key(a) === key(b)
}
