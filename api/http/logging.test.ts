import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../test-support/testing.ts'

const log: string[] = []
let t: TestApp
beforeAll(async () => {
  t = await createTestApp({ log })
})
afterAll(() => t.close())

describe('structured logs', () => {
  it('writes one JSON line per API request with a request id and no personal data', async () => {
    await t.req('/api/auth/login', { method: 'POST', json: { username: 'inspector', password: 'wrong-password' } })
    const cookie = await t.login('coordinator')
    await t.req('/api/auth/me', { cookie, headers: { 'x-request-id': 'req-123' } })
    const lines = log.map((l) => JSON.parse(l) as Record<string, unknown>)
    const requests = lines.filter((l) => l.msg === 'request')
    expect(requests.length).toBeGreaterThanOrEqual(3)
    expect(requests.find((r) => r.request_id === 'req-123')).toMatchObject({ method: 'GET', status: 200 })
    const all = log.join('\n')
    for (const secret of ['wrong-password', 'lastmile-demo', '赵协调', 'lm_session', cookie.split('=')[1]!]) {
      expect(all).not.toContain(secret)
    }
  })
})
