// Password hashing runs off the event loop: other requests are answered while a sign-in's argon2id works,
// sign-ins at once are all answered, hashes are standard PHC strings other implementations verify, and a
// wrong password or a broken hash is refused.
import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { randomBytes } from 'node:crypto'
import { argon2id, argon2Verify } from 'hash-wasm'
import { decoyHash, hashPassword, verifyPassword } from './password.ts'

describe('password hashing', () => {
  it('hashes to an argon2id PHC string that verifies, and refuses a wrong password or a broken hash', async () => {
    const hash = await hashPassword('correct horse 马 battery')
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/)
    expect(await argon2Verify({ password: 'correct horse 马 battery', hash })).toBe(true)
    expect(await verifyPassword('correct horse 马 battery', hash)).toBe(true)
    expect(await verifyPassword('correct horse battery', hash)).toBe(false)
    expect(await verifyPassword('x', 'not a hash')).toBe(false)
  })

  it('leaves the event loop free while it verifies', async () => {
    const hash = await hashPassword('pw')
    // A timer due every millisecond: on the event loop's thread, a verify would hold it for its whole time.
    let longest = 0
    let last = performance.now()
    const tick = setInterval(() => {
      const now = performance.now()
      longest = Math.max(longest, now - last)
      last = now
    }, 1)
    const started = performance.now()
    try {
      await Promise.all([verifyPassword('pw', hash), verifyPassword('pw', hash), verifyPassword('pw', hash)])
    } finally {
      clearInterval(tick)
    }
    const took = performance.now() - started
    // Three verifies take their full time; no single gap between ticks comes near one verify's time.
    expect(longest).toBeLessThan(took / 3)
  })

  it('verifies several passwords at once, each answered on its own', async () => {
    const hash = await hashPassword('pw')
    const results = await Promise.all([
      verifyPassword('pw', hash),
      verifyPassword('nope', hash),
      verifyPassword('pw', hash),
      verifyPassword('pw', hash),
      verifyPassword('pw', hash),
    ])
    expect(results).toEqual([true, false, true, true, true])
  })

  it('verifies a hash made elsewhere with the same parameters, and the decoy for unknown usernames costs a verify like any other', async () => {
    // A hash from another argon2 implementation (WebAssembly), as every stored hash was made before.
    const elsewhere = await argon2id({
      password: 'pw',
      salt: randomBytes(16),
      parallelism: 1,
      iterations: 2,
      memorySize: 19456,
      hashLength: 32,
      outputType: 'encoded',
    })
    expect(await verifyPassword('pw', elsewhere)).toBe(true)
    expect(await verifyPassword('pW', elsewhere)).toBe(false)
    // The same parameters as every stored hash, so verifying against it takes the same work.
    expect(await decoyHash()).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/)
    expect(await verifyPassword('pw', await decoyHash())).toBe(false)
  })

  it('lets a command-line tool exit once its hashing is done', () => {
    // Two hashes at once; the script ends without exit(): anything the hashing left referenced would keep
    // it alive until the timeout kills it.
    const hashed = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        "import { hashPassword } from './api/auth/password.ts'; console.log((await Promise.all([hashPassword('a'), hashPassword('b')])).length)",
      ],
      { encoding: 'utf8', timeout: 60_000 },
    )
    expect(hashed.stderr).toBe('')
    expect(hashed.stdout.trim()).toBe('2')
    expect(hashed.signal).toBeNull()
    expect(hashed.status).toBe(0)
  }, 90_000)
})
