// Password hashing runs off the event loop: other requests are answered while a sign-in's argon2id
// works, and hashes still verify (and refuse the wrong password).
import { describe, expect, it } from 'vitest'
import { argon2Verify } from 'hash-wasm'
import { hashPassword, verifyPassword } from './password.ts'

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
})
