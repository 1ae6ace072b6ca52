// The plain-http setup server beside the https app (SETUP_PORT): serves the setup page and the local
// authority's certificate, nothing else, so a phone can come to trust the https address.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { isIP } from 'node:net'
import { renderSetupPage, STYLE_HASH, type SetupLang } from './setup-page.ts'
import type { CertificateNames } from './names.ts'
import { canonicalIp } from './names.ts'

export interface SetupOptions {
  /** The authority as phones download it (DER). */
  caDer: Buffer
  fingerprint: string
  /** The app's https port. */
  httpsPort: number
  /** Names the server certificate covers: the setup page links only to those. */
  names: CertificateNames
  /** Where to point when the phone reached this page by a name the certificate does not cover. */
  fallbackHost: string
}

const CSP = `default-src 'none'; style-src '${STYLE_HASH}'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`

function securityHeaders(res: ServerResponse) {
  res.setHeader('content-security-policy', CSP)
  res.setHeader('x-content-type-options', 'nosniff')
  res.setHeader('referrer-policy', 'no-referrer')
  res.setHeader('x-frame-options', 'DENY')
  res.setHeader('cache-control', 'no-store')
}

/** The host the phone used to reach this page, when the certificate names it. */
function hostOf(req: IncomingMessage, opts: SetupOptions): string {
  const raw = req.headers.host ?? ''
  const m = /^(?:\[([0-9a-f:.]+)\]|([^:]+))(?::\d+)?$/i.exec(raw)
  const host = (m?.[1] ?? m?.[2] ?? '').toLowerCase()
  if (isIP(host) === 6) return opts.names.ips.includes(canonicalIp(host)) ? `[${host}]` : opts.fallbackHost
  if (isIP(host) === 4) return opts.names.ips.includes(host) ? host : opts.fallbackHost
  return opts.names.dns.includes(host) ? host : opts.fallbackHost
}

export function setupHandler(opts: SetupOptions) {
  return (req: IncomingMessage, res: ServerResponse) => {
    securityHeaders(res)
    const url = new URL(req.url ?? '/', 'http://setup.invalid')
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }).end('method not allowed\n')
      return
    }
    if (url.pathname === '/lastmile-ca.crt') {
      res.writeHead(200, {
        'content-type': 'application/x-x509-ca-cert',
        'content-disposition': 'attachment; filename="lastmile-ca.crt"',
        'content-length': String(opts.caDer.length),
      })
      res.end(req.method === 'HEAD' ? undefined : opts.caDer)
      return
    }
    if (url.pathname === '/' || url.pathname === '/index.html') {
      const q = url.searchParams.get('lang')
      const lang: SetupLang = q === 'en' ? 'en' : 'zh-CN'
      const host = hostOf(req, opts)
      const port = opts.httpsPort === 443 ? '' : `:${opts.httpsPort}`
      const html = renderSetupPage({ lang, httpsUrl: `https://${host}${port}/`, fingerprint: opts.fingerprint })
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-language': lang })
      res.end(req.method === 'HEAD' ? undefined : html)
      return
    }
    if (url.pathname === '/favicon.ico') {
      res.writeHead(204).end()
      return
    }
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n')
  }
}

export function startSetupServer(opts: SetupOptions & { port: number; host: string }): Promise<Server> {
  const server = createServer(setupHandler(opts))
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject)
      resolve(server)
    })
  })
}
