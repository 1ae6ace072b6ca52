// With HTTPS on, PORT still answers a plain http request (a phone typing http://pc:8787 as before): the
// first byte tells a TLS handshake from plain http, and plain http is sent on to the setup page or https.
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { Server as HttpsServer } from 'node:https'
import { createServer as createNetServer, type Server } from 'node:net'

/** TLS records start with 0x16 (handshake); plain http starts with a method name. */
const TLS_HANDSHAKE = 0x16

/** Where a plain http request on the https port is sent: the setup page, or the same path over https. */
export function plainRedirect(opts: { httpsPort: number; setupPort: number }) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const raw = req.headers.host ?? 'localhost'
    const host = /^(\[[0-9a-f:.]+\]|[^:/]+)/i.exec(raw)?.[1] ?? 'localhost'
    const path = (req.url ?? '/').startsWith('/') ? (req.url ?? '/') : '/'
    const location = opts.setupPort ? `http://${host}:${opts.setupPort}/` : `https://${host}:${opts.httpsPort}${path}`
    res.writeHead(302, { location, 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' })
    res.end(`${location}\n`)
  }
}

export function listenOnePort(opts: {
  tls: HttpsServer
  plain: (req: IncomingMessage, res: ServerResponse) => void
  port: number
  host: string
}): Promise<Server> {
  const plain = createHttpServer(opts.plain)
  const server = createNetServer((socket) => {
    // A connection that drops before its first byte must not take the process down.
    socket.on('error', () => socket.destroy())
    socket.once('data', (first) => {
      socket.pause()
      socket.unshift(first)
      ;(first[0] === TLS_HANDSHAKE ? opts.tls : plain).emit('connection', socket)
      process.nextTick(() => socket.resume())
    })
  })
  server.on('close', () => {
    opts.tls.close()
    plain.close()
  })
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject)
      resolve(server)
    })
  })
}
