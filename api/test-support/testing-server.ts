// Starts real API processes (`node --import tsx api/index.ts`, or the compiled `node dist-api/index.js`
// that `npm start` runs) for the scale-out test and the benchmarks: what createTestApp cannot show is
// several processes sharing one database.
import { spawn, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

export interface ApiProcess {
  url: string
  port: number
  /** JSON log lines the process wrote so far (LOG_LEVEL=info). */
  logs: Record<string, unknown>[]
  /** Resolves on the `listening` log line; rejects if the process exits first. */
  ready: Promise<void>
  /** The last of what the process wrote to stderr (for a failure message). */
  stderr(): string
  /** The operating system's process id (to read its memory). */
  pid: number
  stop(): Promise<void>
}

/** How the server runs: through the TypeScript loader (development, tests) or as the compiled bundle. */
export type ApiRuntime = 'tsx' | 'compiled'

/** The compiled server `vite build -c vite.server.config.ts` writes. */
export const COMPILED_SERVER = fileURLToPath(new URL('../../dist-api/index.js', import.meta.url))

/** A port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address()
      s.close(() => (addr && typeof addr === 'object' ? resolve(addr.port) : reject(new Error('no port'))))
    })
  })
}

export function startApiProcess(port: number, env: Record<string, string>, runtime: ApiRuntime = 'tsx', nodeArgs: string[] = []): ApiProcess {
  const args = [...nodeArgs, ...(runtime === 'compiled' ? [COMPILED_SERVER] : ['--import', 'tsx', 'api/index.ts'])]
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: ROOT,
    // Only what the server needs: the test runner's own variables (TEST_DATABASE_URL, VITEST…) stay out.
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'info',
      CLIENT_DIST: '/nonexistent',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const logs: Record<string, unknown>[] = []
  let stderr = ''
  let buf = ''
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      buf += chunk.toString()
      let nl
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl)
        buf = buf.slice(nl + 1)
        try {
          const entry = JSON.parse(line) as Record<string, unknown>
          logs.push(entry)
          if (entry.msg === 'listening') resolve()
        } catch {
          stderr += line + '\n'
        }
      }
    })
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    void exited.then((code) => reject(new Error(`API process on port ${port} exited (${code}) before listening:\n${stderr.slice(-2000)}`)))
  })
  ready.catch(() => undefined)
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    logs,
    ready,
    stderr: () => stderr.slice(-4000),
    pid: child.pid ?? -1,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
      await exited
      clearTimeout(timer)
    },
  }
}
