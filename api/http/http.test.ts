import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../test-support/testing.ts'
import { JSON_BODY_LIMIT } from '../app.ts'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

const problemOf = async (res: Response) => {
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/)
  const body = await res.json()
  expect(body).toMatchObject({ type: expect.any(String), title: expect.any(String), status: res.status })
  expect(JSON.stringify(body)).not.toMatch(/at .*\.ts:\d+/) // never a stack trace
  return body
}

describe('health, config and OpenAPI', () => {
  it('reports health after checking the database', async () => {
    const res = await t.req('/api/health')
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ status: 'ok', database: t.deps.dialect })
    expect(res.headers.get('x-request-id')).toBeTruthy()
  })

  it('publishes a valid OpenAPI 3.1 document that lists the routes', async () => {
    const doc = await (await t.req('/api/openapi.json')).json()
    expect(doc.openapi).toBe('3.1.0')
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/health', '/api/auth/login', '/api/auth/me', '/api/admin/users']))
    const login = doc.paths['/api/auth/login'].post
    expect(login.requestBody.content['application/json'].schema.properties).toHaveProperty('username')
    for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, { responses: object }>>)) {
      for (const op of Object.values(ops)) expect(Object.keys(op.responses).length, path).toBeGreaterThan(0)
    }
  })

  it('serves the API docs with local assets only', async () => {
    const html = await (await t.req('/api/docs')).text()
    expect(html).toContain('/api/docs/swagger-ui-bundle.js')
    expect(html).not.toMatch(/https?:\/\//)
    const js = await t.req('/api/docs/swagger-ui-bundle.js')
    expect(js.status).toBe(200)
    expect(js.headers.get('content-type')).toMatch(/javascript/)
  })

  it('gives the client its basemap configuration', async () => {
    const cfg = await (await t.req('/api/config')).json()
    expect(cfg.basemap.preset).toBe('osm')
    expect(cfg.gps_accuracy_threshold_m).toBe(30)
    expect(cfg.subdistrict.name).toBe('双井街道')
  })
})

describe('bad input never gives a 500', () => {
  const login = (init: RequestInit) => t.req('/api/auth/login', { method: 'POST', ...init })

  it('malformed JSON → 400 problem', async () => {
    const res = await login({ body: '{"username": ', headers: { 'content-type': 'application/json' } })
    expect(res.status).toBe(400)
    await problemOf(res)
  })

  it('wrong types, missing and unknown fields → 400 naming each field, in the asked language', async () => {
    const res = await t.req('/api/auth/login', { method: 'POST', json: { username: 42, extra: true } })
    expect(res.status).toBe(400)
    const body = await problemOf(res)
    const paths = body.errors.map((e: { path: string }) => e.path).sort()
    expect(paths).toEqual(['extra', 'password', 'username'])
    expect(body.errors.find((e: { path: string }) => e.path === 'password').message).toBe('必填')
    const en = await t.req('/api/auth/login', { method: 'POST', json: {}, headers: { 'accept-language': 'en-US,en;q=0.9' } })
    const enBody = await problemOf(en)
    expect(enBody.title).toBe('Bad request')
    expect(enBody.errors[0].message).toBe('Required')
  })

  it('names at most 20 refused fields, on every router', async () => {
    const counter = await t.login('counter')
    const entries = Array.from({ length: 30 }, () => ({ week_index: 9, weekday: 0, half: 'noon', counter_id: 'x', worker_id: 'y' }))
    const res = await t.req('/api/counter/templates', {
      method: 'POST',
      cookie: counter,
      json: { id: 'nope', name: '', cycle_weeks: 2, anchor_week: '2026-W49', entries },
    })
    expect(res.status).toBe(400)
    const body = await problemOf(res)
    expect(body.errors).toHaveLength(20)
    expect(body.detail).toBe('有 20 处输入需要修改')
    expect(body.errors.map((e: { path: string }) => e.path).slice(0, 2)).toEqual(['id', 'name'])
  })

  it('a non-JSON body → 415', async () => {
    const res = await login({ body: 'username=a&password=b', headers: { 'content-type': 'application/x-www-form-urlencoded' } })
    expect(res.status).toBe(415)
    await problemOf(res)
  })

  it('an oversized body → 413', async () => {
    const big = JSON.stringify({ username: 'x'.repeat(JSON_BODY_LIMIT + 10), password: 'y' })
    const res = await login({ body: big, headers: { 'content-type': 'application/json', 'content-length': String(big.length) } })
    expect(res.status).toBe(413)
    await problemOf(res)
  })

  it('unknown API paths → 404 problem', async () => {
    const res = await t.req('/api/nope')
    expect(res.status).toBe(404)
    await problemOf(res)
  })

  it('writes nothing when a user create is invalid', async () => {
    const admin = await t.login('admin')
    const before = (await (await t.req('/api/admin/users', { cookie: admin })).json()).length
    const res = await t.req('/api/admin/users', {
      method: 'POST',
      cookie: admin,
      json: { username: 'a', role: 'boss', password: 'short', community_ids: ['nowhere'] },
    })
    expect(res.status).toBe(400)
    const paths = (await problemOf(res)).errors.map((e: { path: string }) => e.path)
    expect(paths).toEqual(expect.arrayContaining(['username', 'role', 'password', 'display_name']))
    const after = (await (await t.req('/api/admin/users', { cookie: admin })).json()).length
    expect(after).toBe(before)
  })
})

describe('security headers', () => {
  it('sends a CSP without inline script and the other baseline headers', async () => {
    const res = await t.req('/api/health')
    const csp = res.headers.get('content-security-policy') ?? ''
    expect(csp).toMatch(/script-src 'self'(;|$)/)
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/)
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('permissions-policy')).toMatch(/geolocation=\(self\)/)
  })
})
