// argon2id password hashes (OWASP: 19 MiB, 2 passes, 1 lane) in PHC string form.
// hash-wasm is pure WebAssembly: no native build, same result on every machine. WebAssembly runs
// synchronously, so one hash would hold the event loop for its whole time (tens of milliseconds on a
// quiet machine) and every other request would wait behind each sign-in: the hashing runs on one
// worker thread instead, and sign-ins queue there among themselves.
import { randomBytes } from 'node:crypto'
import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'

const OPTIONS = { parallelism: 1, iterations: 2, memorySize: 19456, hashLength: 32, outputType: 'encoded' } as const

// Plain CommonJS, so it runs the same from the sources and from the compiled server (which bundles
// this file but keeps packages external): the package is loaded by its resolved path.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const { argon2id, argon2Verify } = require(workerData.hashWasm)
parentPort.on('message', async ({ id, op, password, salt, hash, options }) => {
  try {
    const result = op === 'hash' ? await argon2id({ ...options, password, salt }) : await argon2Verify({ password, hash })
    parentPort.postMessage({ id, result })
  } catch (e) {
    parentPort.postMessage({ id, error: String((e && e.message) || e) })
  }
})
`

type Job = { op: 'hash'; password: string; salt: Uint8Array; options: typeof OPTIONS } | { op: 'verify'; password: string; hash: string }
interface Reply {
  id: number
  result?: string | boolean
  error?: string
}

let worker: Worker | undefined
let nextId = 0
/** Jobs sent and not yet answered: at most the sign-ins in flight, each removed when answered. */
const pending = new Map<number, { resolve: (v: string | boolean) => void; reject: (e: Error) => void }>()

function hasher(): Worker {
  if (worker) return worker
  const w = new Worker(WORKER_SOURCE, { eval: true, workerData: { hashWasm: createRequire(import.meta.url).resolve('hash-wasm') } })
  w.on('message', (m: Reply) => {
    const job = pending.get(m.id)
    if (!job) return
    pending.delete(m.id)
    if (pending.size === 0) w.unref()
    if (m.error !== undefined) job.reject(new Error(m.error))
    else job.resolve(m.result!)
  })
  const fail = (e: Error) => {
    if (worker === w) worker = undefined
    for (const job of pending.values()) job.reject(e)
    pending.clear()
  }
  w.on('error', fail)
  w.on('exit', (code) => fail(new Error(`password hasher exited (${code})`)))
  // An idle hasher does not keep the process (a CLI, a test run) alive. After the listeners: adding a
  // 'message' listener refs the worker's port again.
  w.unref()
  worker = w
  return w
}

function run(job: Job): Promise<string | boolean> {
  return new Promise((resolve, reject) => {
    const id = nextId++
    pending.set(id, { resolve, reject })
    const w = hasher()
    // Held while a job waits for its answer, let go when the last one is answered.
    w.ref()
    w.postMessage({ id, ...job })
  })
}

export async function hashPassword(password: string): Promise<string> {
  return (await run({ op: 'hash', password, salt: randomBytes(16), options: OPTIONS })) as string
}

export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  try {
    return (await run({ op: 'verify', password, hash })) === true
  } catch {
    return false
  }
}

/** A hash of a random password, verified against when the username does not exist, so timing does not tell. */
let decoy: Promise<string> | undefined
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword(randomBytes(24).toString('base64'))
  return decoy
}
