// argon2id password hashes (OWASP: 19 MiB, 2 passes, 1 lane) in PHC string form.
// hash-wasm is pure WebAssembly: no native build, same result on every machine.
import { argon2id, argon2Verify } from 'hash-wasm'
import { randomBytes } from 'node:crypto'

export async function hashPassword(password: string): Promise<string> {
  return argon2id({
    password,
    salt: randomBytes(16),
    parallelism: 1,
    iterations: 2,
    memorySize: 19456,
    hashLength: 32,
    outputType: 'encoded',
  })
}

export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  try {
    return await argon2Verify({ password, hash })
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
