// The setup page as a phone gets it over plain http: the QR code and link of the https address it can
// use, the authority byte for byte as kept in DATA_DIR/tls, its fingerprint, a strict CSP.
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { request, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseEnv } from '../env.ts'
import { planHttps } from './https.ts'
import { STYLE_HASH } from './setup-page.ts'
import { startSetupServer } from './setup-server.ts'

const dataDir = mkdtempSync(join(tmpdir(), 'lastmile-setup-'))
let server: Server
let base: string

beforeAll(async () => {
  const env = parseEnv({ HTTPS: 'local', DATA_DIR: dataDir, PORT: '8787', TLS_EXTRA_NAMES: 'lastmile.test' })
  const interfaces = { eth0: [{ address: '192.168.1.20', family: 'IPv4' as const, internal: false, netmask: '255.255.255.0', mac: '', cidr: null }] }
  const plan = planHttps(env, { hostname: 'office-pc', interfaces, now: new Date() })
  expect(plan.setup).toBeDefined()
  server = await startSetupServer({ ...plan.setup!, port: 0, host: '127.0.0.1' })
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => {
  server?.close()
  rmSync(dataDir, { recursive: true, force: true })
})

/** A GET with the Host header a phone would send (fetch cannot set it). */
function get(path: string, host?: string): Promise<{ status: number; headers: Headers; text(): Promise<string>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(base + path, { headers: host ? { host } : {} }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => {
        const body = Buffer.concat(chunks)
        const headers = new Headers(Object.entries(res.headers).map(([k, v]): [string, string] => [k, String(v)]))
        resolve({ status: res.statusCode!, headers, body, text: async () => body.toString('utf8') })
      })
    })
    req.on('error', reject)
    req.end()
  })
}

describe('setup page', () => {
  it('serves the authority byte-equal to DATA_DIR/tls, as a CA certificate download', async () => {
    const res = await get('/lastmile-ca.crt')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/x-x509-ca-cert')
    expect(res.headers.get('content-disposition')).toContain('lastmile-ca.crt')
    expect(res.body.equals(readFileSync(join(dataDir, 'tls', 'lastmile-ca.crt')))).toBe(true)
  })

  it('shows the fingerprint of that file, a QR code and link of the https address the phone used, in zh-CN', async () => {
    const der = readFileSync(join(dataDir, 'tls', 'lastmile-ca.crt'))
    const fp = createHash('sha256').update(der).digest('hex').toUpperCase().match(/../g)!.join(':')
    const res = await get('/', '192.168.1.20:8788')
    const html = await res.text()
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(html).toContain('<html lang="zh-CN">')
    expect(html).toContain(`<p class="fp" data-testid="fingerprint">${fp}</p>`)
    expect(html).toMatch(/data-testid="https-qr"><svg [^>]*>.*<path d="M[^"]+"/s)
    expect(html).toContain('href="https://192.168.1.20:8787/"')
    for (const p of ['Android', 'HarmonyOS', 'iPhone / iPad', 'Windows', 'macOS']) expect(html).toContain(p)
    expect(html).toContain('证书信任设置')
    // A name the certificate does not cover is never offered; the machine's address is.
    expect(await (await get('/', 'evil.example:8788')).text()).toContain('href="https://192.168.1.20:8787/"')
    expect(await (await get('/', 'lastmile.test:8788')).text()).toContain('href="https://lastmile.test:8787/"')
  })

  it('speaks English on ?lang=en', async () => {
    const html = await (await get('/?lang=en')).text()
    expect(html).toContain('<html lang="en">')
    expect(html).toContain('Certificate Trust Settings')
  })

  it('has a strict CSP with no external resources, and nothing else to serve', async () => {
    const res = await get('/')
    const csp = res.headers.get('content-security-policy')!
    expect(csp).toContain("default-src 'none'")
    expect(csp).toContain(`style-src '${STYLE_HASH}'`)
    const html = await res.text()
    expect(html).not.toMatch(/<script|src="http|href="\/\/|style="/)
    expect((await get('/api/health')).status).toBe(404)
    expect((await fetch(base + '/', { method: 'POST' })).status).toBe(405)
  })
})
