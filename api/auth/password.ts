// argon2id password hashes (OWASP: 19 MiB, 2 passes, 1 lane) in PHC string form.
// @node-rs/argon2 is the Rust argon2 crate, prebuilt per platform from the npm registry: a verify costs
// about a fifth of the CPU that WebAssembly did, and each hash runs on libuv's thread pool (4 threads
// unless UV_THREADPOOL_SIZE says otherwise), never on the event loop, so other requests are answered
// while a sign-in hashes, and at most four hashes (4 × 19 MiB) are in memory at once. An idle thread
// pool never keeps a process alive. The hashes are the standard PHC strings that any argon2 library
// verifies, and every hash stored before verifies unchanged.
import { randomBytes } from 'node:crypto'
import { hash, verify, type Options } from '@node-rs/argon2'

/** `algorithm: 2` is the package's `Algorithm.Argon2id` (a const enum, which isolated modules cannot read). */
export const ARGON2_OPTIONS: Options = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1, outputLen: 32 }

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS)
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  try {
    return await verify(stored, password)
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
