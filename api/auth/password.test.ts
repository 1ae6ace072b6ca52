// Password hashing runs off the event loop, on a bounded pool of hashers: other requests are answered
// while a sign-in's argon2id works, two sign-ins at once do not queue behind each other, and hashes still
// verify (and refuse the wrong password).
import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { argon2Verify } from 'hash-wasm'
import { HASHERS, decoyHash, hashPassword, passwordHashers, verifyPassword } from './password.ts'

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

  it('verifies two passwords at once on two hashers, at most 4 of them', async () => {
    const hash = await hashPassword('pw')
    expect(HASHERS).toBeGreaterThanOrEqual(2)
    expect(HASHERS).toBeLessThanOrEqual(4)
    const both = Promise.all([verifyPassword('pw', hash), verifyPassword('nope', hash)])
    // Both are on a hasher as soon as they are asked for: neither waits for the other to finish.
    expect(passwordHashers.stats()).toMatchObject({ busy: 2, queued: 0 })
    expect(await both).toEqual([true, false])
    const many = Array.from({ length: HASHERS + 2 }, () => verifyPassword('pw', hash))
    expect(passwordHashers.stats()).toMatchObject({ busy: HASHERS, queued: 2 })
    expect(await Promise.all(many)).toEqual(many.map(() => true))
    expect(passwordHashers.stats()).toEqual({ workers: HASHERS, busy: 0, queued: 0 })
  })

  it('still verifies after the hashers are gone, and the decoy for unknown usernames costs a verify like any other', async () => {
    const hash = await hashPassword('pw')
    await passwordHashers.close()
    expect(passwordHashers.stats().workers).toBe(0)
    expect(await verifyPassword('pw', hash)).toBe(true)
    // The same parameters as every stored hash, so verifying against it takes the same work.
    expect(await decoyHash()).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/)
    expect(await verifyPassword('pw', await decoyHash())).toBe(false)
  })

  it('lets a command-line tool exit once its hashing is done', () => {
    // Two hashes at once start two hashers; the script ends without exit(): a hasher still referenced
    // would keep it alive until the timeout kills it.
    const hashed = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        "import { hashPassword } from './api/auth/password.ts'; console.log((await Promise.all([hashPassword('a'), hashPassword('b')])).length)",
      ],
      { encoding: 'utf8', timeout: 20_000 },
    )
    expect(hashed.stderr).toBe('')
    expect(hashed.stdout.trim()).toBe('2')
    expect(hashed.signal).toBeNull()
    expect(hashed.status).toBe(0)
  }, 45_000)
})
