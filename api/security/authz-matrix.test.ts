import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../test-support/testing.ts'
import { ROLES } from '#domain/auth.ts'
import { MATRIX } from '../test-support/authz-matrix.ts'
import { operationsOf, requestFor, type Operation } from '../test-support/authz-walk.ts'

let t: TestApp
let ops: Operation[]
const cookies: Record<string, string | undefined> = { anonymous: undefined }

beforeAll(async () => {
  t = await createTestApp()
  ops = operationsOf((await (await t.req('/api/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> })
  for (const r of ROLES) cookies[r] = await t.login(r)
})
afterAll(() => t.close())

const key = (op: Operation) => `${op.method.toUpperCase()} ${op.path}`

describe('authorization matrix', () => {
  it('has exactly one row for every API operation', () => {
    const documented = ops.map(key).sort()
    expect(
      documented.filter((k) => !(k in MATRIX)),
      'operations without a row',
    ).toEqual([])
    expect(
      Object.keys(MATRIX).filter((k) => !documented.includes(k)),
      'rows without an operation',
    ).toEqual([])
  })

  it('gives each role exactly its access: 401 for anonymous and 403 for other roles where not allowed', async () => {
    const wrong: string[] = []
    for (const op of ops) {
      const access = MATRIX[key(op)]
      if (!access) continue
      for (const [who, cookie] of Object.entries(cookies)) {
        const c = op.path.includes('logout') && who !== 'anonymous' ? await t.login(who) : cookie
        const res = await requestFor(t, op, c)
        // The second sign-in step answers 401 to anyone without a pending sign-in, role or not, never 403.
        const pending = access === 'pending-sign-in'
        const allowed = access === 'public' || pending || (access as readonly string[]).includes(who)
        const expected = allowed ? (pending ? 'not 403' : 'not 401/403') : who === 'anonymous' ? '401' : '403'
        const ok = allowed ? (pending || res.status !== 401) && res.status !== 403 : res.status === (who === 'anonymous' ? 401 : 403)
        if (!ok) wrong.push(`${key(op)} as ${who}: got ${res.status}, expected ${expected}`)
        if (!allowed) expect(res.headers.get('content-type')).toMatch(/problem\+json/)
      }
    }
    expect(wrong).toEqual([])
  }, 180_000)

  it('opens a resident’s phone number only to the roles that moderate residents’ reports', () => {
    const reveal = MATRIX['POST /api/patrol/residents/reports/{id}/phone']
    expect(reveal).toEqual(MATRIX['POST /api/patrol/residents/reports/{id}/decision'])
    expect(reveal).not.toContain('operator')
    expect(reveal).not.toContain('inspector')
  })

  it('never answers a refused request with data', async () => {
    const res = await t.req('/api/meals/subscribers', { cookie: await t.login('inspector') })
    expect(res.status).toBe(403)
    const body = await res.json()
    expect(Object.keys(body).sort()).toEqual(['detail', 'instance', 'status', 'title', 'type'])
  })
})
