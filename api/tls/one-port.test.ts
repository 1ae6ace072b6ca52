// One port, two protocols: a TLS client gets the app, a plain http request is sent to the setup page.
import { mkdtempSync, rmSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import { createServer, request as httpsRequest } from 'node:https'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { ensureLocalCertificate } from './local-ca.ts'
import { certificateNames } from './names.ts'
import { listenOnePort, plainRedirect } from './one-port.ts'

const dir = mkdtempSync(join(tmpdir(), 'lastmile-oneport-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('https and plain http on one port', () => {
  it('serves TLS to a TLS client and redirects plain http to the setup page, or to https without one', async () => {
    const c = ensureLocalCertificate({ dir, names: certificateNames({ hostname: 'pc', interfaces: {} }), hostname: 'pc', now: new Date() })
    const tls = createServer({ key: c.key, cert: c.cert }, (_req, res) => res.end('app over tls'))
    const server = await listenOnePort({ tls, plain: plainRedirect({ httpsPort: 8787, setupPort: 8788 }), port: 0, host: '127.0.0.1' })
    const port = (server.address() as AddressInfo).port
    try {
      const secure = await new Promise<string>((resolve, reject) => {
        httpsRequest({ host: '127.0.0.1', port, servername: 'localhost', ca: c.ca.pem }, (res) => {
          let body = ''
          res.on('data', (d) => (body += d))
          res.on('end', () => resolve(body))
        })
          .on('error', reject)
          .end()
      })
      expect(secure).toBe('app over tls')
      const plain = await new Promise<{ status?: number; location?: string }>((resolve, reject) => {
        httpRequest({ host: '127.0.0.1', port, path: '/patrol', headers: { host: '192.168.1.20:8787' } }, (res) => {
          res.resume()
          resolve({ status: res.statusCode, location: res.headers.location })
        })
          .on('error', reject)
          .end()
      })
      expect(plain).toEqual({ status: 302, location: 'http://192.168.1.20:8788/' })
    } finally {
      server.close()
    }
    const toHttps = plainRedirect({ httpsPort: 8443, setupPort: 0 })
    const res = { writeHead: (status: number, headers: Record<string, string>) => (seen = { status, location: headers.location }), end: () => {} }
    let seen: { status: number; location?: string } | undefined
    toHttps({ headers: { host: 'lastmile.example:8787' }, url: '/patrol?x=1' } as never, res as never)
    expect(seen).toEqual({ status: 302, location: 'https://lastmile.example:8443/patrol?x=1' })
  })
})
