// A refused request must not break the connection it came on: after a 413 (or any answer given before
// the body was read) either the next request on the same keep-alive connection is answered, or the
// response said `Connection: close` so the client knew to open a new one. Runs a real node:http server.
import { afterEach, describe, expect, it } from 'vitest'
import { connect, type Socket } from 'node:net'
import { serve, type ServerType } from '@hono/node-server'
import { createTestApp, type TestApp } from '../test-support/testing.ts'
import { JSON_BODY_LIMIT } from './body-limits.ts'
import { keepIdleConnections } from './idle-connections.ts'

let t: TestApp
let server: ServerType | undefined
afterEach(async () => {
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()))
  server = undefined
  await t?.close()
})

async function listen(keepIdle = false): Promise<number> {
  t = await createTestApp()
  return new Promise((resolve) => {
    server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => resolve(info.port))
    if (keepIdle) keepIdleConnections(server as unknown as Parameters<typeof keepIdleConnections>[0])
  })
}

/** Reads one HTTP response head (and its Content-Length body) from the socket. */
function readResponse(sock: Socket, timeoutMs = 3000): Promise<{ status: number; headers: Record<string, string> } | 'closed'> {
  return new Promise((resolve) => {
    let buf = ''
    const done = (v: { status: number; headers: Record<string, string> } | 'closed') => {
      clearTimeout(timer)
      sock.off('data', onData)
      sock.off('close', onClose)
      resolve(v)
    }
    const onClose = () => done('closed')
    const onData = (d: Buffer) => {
      buf += d.toString('latin1')
      const end = buf.indexOf('\r\n\r\n')
      if (end < 0) return
      const [line, ...rest] = buf.slice(0, end).split('\r\n')
      const headers = Object.fromEntries(rest.map((h) => [h.slice(0, h.indexOf(':')).toLowerCase(), h.slice(h.indexOf(':') + 1).trim()]))
      const length = Number(headers['content-length'] ?? 0)
      if (buf.length - end - 4 < length) return
      done({ status: Number(line!.split(' ')[1]), headers })
    }
    const timer = setTimeout(() => done('closed'), timeoutMs)
    sock.on('data', onData)
    sock.on('close', onClose)
  })
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('keep-alive after a refused body', () => {
  it('a 413 either closes the connection explicitly or keeps serving it', async () => {
    const port = await listen()
    const sock = connect(port, '127.0.0.1')
    await new Promise((r) => sock.once('connect', r))
    sock.on('error', () => undefined)
    const size = JSON_BODY_LIMIT * 80
    sock.write(
      `POST /api/auth/login HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\nContent-Type: application/json\r\nContent-Length: ${size}\r\n\r\n`,
    )
    sock.write('x'.repeat(64 * 1024))
    const first = await readResponse(sock)
    expect(first).not.toBe('closed')
    if (first === 'closed') return
    expect(first.status).toBe(413)
    if (first.headers['connection']?.toLowerCase() === 'close') return
    // Keep-alive was announced: the client may finish its body slowly and ask again on this connection.
    const chunk = 'x'.repeat(1024 * 1024)
    for (let sent = 64 * 1024; sent < size; sent += chunk.length) {
      if (sock.destroyed) break
      sock.write(chunk.slice(0, Math.min(chunk.length, size - sent)))
      await sleep(10)
    }
    if (!sock.destroyed) sock.write('GET /api/health HTTP/1.1\r\nHost: localhost\r\n\r\n')
    const second = await readResponse(sock)
    sock.destroy()
    expect(second).not.toBe('closed')
  })

  it('an Open311 refusal before the body is read says Connection: close; a normal answer keeps the connection', async () => {
    const port = await listen()
    const sock = connect(port, '127.0.0.1')
    await new Promise((r) => sock.once('connect', r))
    sock.on('error', () => undefined)
    sock.write('GET /api/health HTTP/1.1\r\nHost: localhost\r\n\r\n')
    const ok = await readResponse(sock)
    expect(ok).not.toBe('closed')
    if (ok !== 'closed') expect(ok.headers['connection']).not.toBe('close')
    sock.write(
      'POST /open311/v2/requests.json?api_key=wrong HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 10000000\r\n\r\n',
    )
    const refused = await readResponse(sock)
    sock.destroy()
    expect(refused).not.toBe('closed')
    if (refused === 'closed') return
    expect(refused.status).toBe(403)
    expect(refused.headers['connection']).toBe('close')
  })
})

describe('idle keep-alive connections', () => {
  /** A request, a pause longer than Node's own keep-alive (5 s, closed at about 6), then a second request on the same connection. */
  async function askAfterIdle(port: number) {
    const sock = connect(port, '127.0.0.1')
    await new Promise((r) => sock.once('connect', r))
    sock.on('error', () => undefined)
    sock.write('GET /api/health HTTP/1.1\r\nHost: localhost\r\n\r\n')
    const first = await readResponse(sock)
    await sleep(7_000)
    if (!sock.destroyed) sock.write('GET /api/health HTTP/1.1\r\nHost: localhost\r\n\r\n')
    const second = await readResponse(sock)
    sock.destroy()
    return { first, second }
  }

  it("stay open past Node's 5 s, as a proxy or an HTTP agent reusing them expects", async () => {
    const { first, second } = await askAfterIdle(await listen(true))
    expect(first).toMatchObject({ status: 200 })
    expect(second).toMatchObject({ status: 200 })
  }, 20_000)

  it("(the check itself: a server left at Node's default closes the idle connection)", async () => {
    const { second } = await askAfterIdle(await listen(false))
    expect(second).toBe('closed')
  }, 20_000)
})
