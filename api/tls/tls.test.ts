// The local authority and server certificate: names cover the machine, renewals happen exactly when
// they should, the authority stays, and a phone-style TLS client accepts the result.
import { createHash, X509Certificate } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import type { NetworkInterfaceInfo } from 'node:os'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { checkServerIdentity, connect } from 'node:tls'
import { afterEach, describe, expect, it } from 'vitest'
import { ensureLocalCertificate, FILES, fingerprint, spkiSha256, TlsSetupError } from './local-ca.ts'
import { canonicalIp, certificateNames, networkAddresses, type Interfaces } from './names.ts'

const DAY = 24 * 3600 * 1000
const NOW = new Date('2026-12-01T08:00:00Z')

function nic(address: string, family: 'IPv4' | 'IPv6', internal = false): NetworkInterfaceInfo {
  return family === 'IPv4'
    ? { address, family, internal, netmask: '255.255.255.0', mac: '00:00:00:00:00:00', cidr: null }
    : { address, family, internal, netmask: 'ffff:ffff:ffff:ffff::', mac: '00:00:00:00:00:00', cidr: null, scopeid: 0 }
}

const OFFICE: Interfaces = {
  lo: [nic('127.0.0.1', 'IPv4', true), nic('::1', 'IPv6', true)],
  eth0: [nic('192.168.1.20', 'IPv4'), nic('fd00::20', 'IPv6')],
  wlan0: [nic('10.8.0.7', 'IPv4')],
}

const dirs: string[] = []
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'lastmile-tls-'))
  dirs.push(d)
  return d
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

describe('certificate names', () => {
  it('cover localhost, the host name and its .local form, every non-loopback address and the extra names', () => {
    const names = certificateNames({ hostname: 'Office-PC', interfaces: OFFICE, extra: ['lastmile.test', '172.16.0.9'] })
    expect(names.dns).toEqual(['lastmile.test', 'localhost', 'office-pc', 'office-pc.local'])
    expect(names.ips).toEqual(['0:0:0:0:0:0:0:1', '10.8.0.7', '127.0.0.1', '172.16.0.9', '192.168.1.20', 'fd00:0:0:0:0:0:0:20'].sort())
    expect(networkAddresses(OFFICE)).toEqual(['192.168.1.20', '10.8.0.7', 'fd00::20'])
  })

  it('write IPv6 out in full so the same address always compares equal', () => {
    expect(canonicalIp('fd00::20')).toBe('fd00:0:0:0:0:0:0:20')
    expect(canonicalIp('FD00:0000::0020')).toBe('fd00:0:0:0:0:0:0:20')
    expect(canonicalIp('::ffff:192.168.1.2')).toBe('0:0:0:0:0:ffff:c0a8:102')
    expect(canonicalIp('fe80::1%eth0')).toBe('fe80:0:0:0:0:0:0:1')
    expect(canonicalIp('10.0.0.1')).toBe('10.0.0.1')
  })
})

describe('local certificate authority', () => {
  const names = certificateNames({ hostname: 'office-pc', interfaces: OFFICE })

  it('makes an authority and a server certificate phones accept: SAN, serverAuth, ≤ 397 days, CA:true', () => {
    const dir = tempDir()
    const c = ensureLocalCertificate({ dir, names, hostname: 'office-pc', now: NOW })
    expect(c.issued).toBe('new')
    expect(c.newAuthority).toBe(true)
    const ca = new X509Certificate(readFileSync(join(dir, FILES.caCert)))
    const server = new X509Certificate(c.cert)
    expect(ca.ca).toBe(true)
    expect(server.ca).toBe(false)
    expect(server.checkIssued(ca)).toBe(true)
    expect(server.verify(ca.publicKey)).toBe(true)
    expect(server.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1'])
    const days = (new Date(server.validTo).getTime() - new Date(server.validFrom).getTime()) / DAY
    expect(days).toBeLessThanOrEqual(397)
    expect(days).toBeGreaterThan(300)
    // Every name a phone may use is one the certificate answers for; others are refused.
    for (const host of ['localhost', 'office-pc', 'office-pc.local', '192.168.1.20', '10.8.0.7', '127.0.0.1', 'fd00::20', '::1']) {
      expect(checkServerIdentity(host, { subjectaltname: server.subjectAltName, subject: {} } as never), host).toBeUndefined()
    }
    expect(checkServerIdentity('192.168.1.99', { subjectaltname: server.subjectAltName, subject: {} } as never)).toBeInstanceOf(Error)
    // The DER copy phones download is the authority itself; the fingerprint is its SHA-256.
    const der = readFileSync(join(dir, FILES.caDer))
    expect(der.equals(ca.raw)).toBe(true)
    expect(c.ca.sha256).toBe(fingerprint(der))
    expect(c.ca.sha256.replaceAll(':', '').toLowerCase()).toBe(createHash('sha256').update(der).digest('hex'))
  })

  it('keeps both when nothing changed; a changed address issues the server certificate again, the authority stays', () => {
    const dir = tempDir()
    const first = ensureLocalCertificate({ dir, names, hostname: 'office-pc', now: NOW })
    const again = ensureLocalCertificate({ dir, names, hostname: 'office-pc', now: new Date(NOW.getTime() + 10 * DAY) })
    expect(again.issued).toBeNull()
    expect(again.cert).toBe(first.cert)
    expect(again.key).toBe(first.key)

    const moved = certificateNames({ hostname: 'office-pc', interfaces: { ...OFFICE, wlan0: [nic('10.8.0.42', 'IPv4')] } })
    const renewed = ensureLocalCertificate({ dir, names: moved, hostname: 'office-pc', now: new Date(NOW.getTime() + 11 * DAY) })
    expect(renewed.issued).toBe('names_changed')
    expect(renewed.newAuthority).toBe(false)
    expect(renewed.cert).not.toBe(first.cert)
    expect(renewed.ca.sha256).toBe(first.ca.sha256)
    expect(renewed.names.ips).toContain('10.8.0.42')
    expect(renewed.names.ips).not.toContain('10.8.0.7')
  })

  it('issues the server certificate again when less than 30 days are left, under the same authority', () => {
    const dir = tempDir()
    const first = ensureLocalCertificate({ dir, names, hostname: 'office-pc', now: NOW })
    const notYet = ensureLocalCertificate({ dir, names, hostname: 'office-pc', now: new Date(first.notAfter.getTime() - 31 * DAY) })
    expect(notYet.issued).toBeNull()
    const late = new Date(first.notAfter.getTime() - 29 * DAY)
    const renewed = ensureLocalCertificate({ dir, names, hostname: 'office-pc', now: late })
    expect(renewed.issued).toBe('expiring')
    expect(renewed.notAfter.getTime()).toBeGreaterThan(late.getTime() + 300 * DAY)
    expect(renewed.ca.sha256).toBe(first.ca.sha256)
  })

  it('refuses a damaged authority instead of silently replacing the one phones trust', () => {
    const dir = tempDir()
    ensureLocalCertificate({ dir, names, hostname: 'office-pc', now: NOW })
    writeFileSync(join(dir, FILES.caKey), 'not a key')
    expect(() => ensureLocalCertificate({ dir, names, hostname: 'office-pc', now: NOW })).toThrow(TlsSetupError)
    expect(() => ensureLocalCertificate({ dir, names, hostname: 'office-pc', now: NOW })).toThrow(/delete .* to make a new authority/)
  })

  it('serves TLS that a client trusting only the authority accepts for an extra name', async () => {
    const dir = tempDir()
    const withTest = certificateNames({ hostname: 'office-pc', interfaces: OFFICE, extra: ['lastmile.test'] })
    const c = ensureLocalCertificate({ dir, names: withTest, hostname: 'office-pc', now: new Date() })
    const server = createServer({ key: c.key, cert: c.cert }, (_req, res) => res.end('ok'))
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    const port = (server.address() as AddressInfo).port
    try {
      const result = (servername: string) =>
        new Promise<{ authorized: boolean; error?: string; spki: string }>((resolve) => {
          const s = connect({ host: '127.0.0.1', port, servername, ca: c.ca.pem, rejectUnauthorized: false }, () => {
            const error = s.authorized ? checkServerIdentity(servername, s.getPeerCertificate())?.message : String(s.authorizationError)
            resolve({ authorized: s.authorized && !error, error, spki: spkiSha256(c.cert) })
            s.end()
          })
        })
      expect(await result('lastmile.test')).toMatchObject({ authorized: true })
      expect((await result('elsewhere.test')).authorized).toBe(false)
    } finally {
      server.close()
    }
  })
})
