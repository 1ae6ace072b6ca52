// Failed sign-ins lock a username only for the address they came from: a stranger's guesses cannot lock
// the real user out. Overall, a username is stopped only far above one address's budget, and every
// refusal says how long to wait (Retry-After, and minutes/seconds in the message).
import { afterEach, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../test-support/testing.ts'
import { DEMO_PASSWORD } from '../db/seed/accounts.ts'
import { LOGIN_LIMIT_PER_PAIR, LOGIN_LIMIT_PER_USERNAME } from './session-start.ts'

let t: TestApp
afterEach(() => t?.close())

const login = (username: string, password: string, ip: string, lang = 'zh-CN') =>
  t.req('/api/auth/login', { method: 'POST', json: { username, password }, headers: { 'x-forwarded-for': ip, 'accept-language': lang } })

describe('sign-in lockout', () => {
  it('locks the username for the guessing address only; the owner signs in from elsewhere', async () => {
    t = await createTestApp()
    for (let i = 0; i < LOGIN_LIMIT_PER_PAIR.max; i++) expect((await login('inspector', `guess-${i}`, '198.51.100.66')).status).toBe(401)
    const blocked = await login('inspector', DEMO_PASSWORD, '198.51.100.66')
    expect(blocked.status).toBe(429)
    const owner = await login('inspector', DEMO_PASSWORD, '203.0.113.10')
    expect(owner.status).toBe(200)
    // The owner's success does not unlock the guesser.
    expect((await login('inspector', `guess-x`, '198.51.100.66')).status).toBe(429)
  })

  it('says how long to wait: Retry-After, and minutes and seconds in the message', async () => {
    t = await createTestApp()
    for (let i = 0; i < LOGIN_LIMIT_PER_PAIR.max; i++) await login('meals', `guess-${i}`, '198.51.100.7')
    const zh = await login('meals', 'guess-z', '198.51.100.7')
    const retry = Number(zh.headers.get('retry-after'))
    expect(retry).toBeGreaterThan(0)
    expect(retry).toBeLessThanOrEqual(LOGIN_LIMIT_PER_PAIR.windowSeconds)
    const body = (await zh.json()) as { detail: string; retry_after_seconds: number }
    expect(body.retry_after_seconds).toBe(retry)
    const m = Math.floor(retry / 60)
    expect(body.detail).toContain(m ? `${m} 分` : `${retry % 60} 秒`)
    const en = (await (await login('meals', 'guess-e', '198.51.100.7', 'en')).json()) as { detail: string }
    expect(en.detail).toMatch(m ? new RegExp(`try again in ${m} min`) : /try again in \d+ s/)
  })

  it('stops a username guessed from many addresses, far above one address’s budget', async () => {
    t = await createTestApp()
    const perIp = LOGIN_LIMIT_PER_PAIR.max - 1
    const addresses = Math.ceil(LOGIN_LIMIT_PER_USERNAME.max / perIp)
    let attempts = 0
    for (let a = 0; a < addresses; a++) {
      for (let i = 0; i < perIp && attempts < LOGIN_LIMIT_PER_USERNAME.max; i++, attempts++) {
        expect((await login('counter', `spread-${a}-${i}`, `10.77.${a}.1`)).status).toBe(401)
      }
    }
    const next = await login('counter', DEMO_PASSWORD, '10.78.0.1')
    expect(next.status).toBe(429)
    expect(Number(next.headers.get('retry-after'))).toBeGreaterThan(0)
  }, 120_000)
})
