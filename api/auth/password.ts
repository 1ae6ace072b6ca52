// argon2id password hashes (OWASP: 19 MiB, 2 passes, 1 lane) in PHC string form.
// hash-wasm is pure WebAssembly: no native build, same result on every machine. WebAssembly runs
// synchronously, so one hash would hold the event loop for its whole time (tens of milliseconds on a
// quiet machine) and every other request would wait behind each sign-in: the hashing runs on a small
// pool of worker threads instead, so sign-ins at the same moment do not wait behind each other.
import { randomBytes } from 'node:crypto'
import { createRequire } from 'node:module'
import { availableParallelism } from 'node:os'
import { createWorkerPool } from './worker-pool.ts'

const OPTIONS = { parallelism: 1, iterations: 2, memorySize: 19456, hashLength: 32, outputType: 'encoded' } as const

/**
 * Hashers at most: one per core, at least 2 (two sign-ins never queue behind each other) and at most 4,
 * so their memory stays bounded (each holds its 19 MiB argon2 block and a thread's own heap once used)
 * and a burst of sign-ins cannot take every core from the event loop for long.
 */
export const HASHERS = Math.min(4, Math.max(2, availableParallelism()))

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

/** The hashers: started when sign-ins need them, idle ones never keep the process alive. */
export const passwordHashers = createWorkerPool<Job, string | boolean>({
  source: WORKER_SOURCE,
  workerData: { hashWasm: createRequire(import.meta.url).resolve('hash-wasm') },
  size: HASHERS,
  name: 'password hasher',
})

const run = (job: Job) => passwordHashers.run(job)

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
