// Control characters in request text: every string field of every request schema (REST bodies, queries,
// path parameters, sync entities) refuses them, and a NUL reaching the API answers a field error, not a 500.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { z } from 'zod'
import { createTestApp, type TestApp } from '../test-support/testing.ts'
import { isCleanText } from '#domain/text.ts'
import { uuidv7 } from '#domain/ids.ts'
import type { PushResponse } from '#domain/sync.ts'

type Schema = z.ZodType
type Def = Record<string, unknown> & { type: string }
const defOf = (s: Schema) => (s as unknown as { _zod: { def: Def } })._zod.def

/** Every string schema inside `s`, with the path that leads to it (object keys, `[]` for items, `{key}` for record keys). */
function stringLeaves(s: Schema, path: string, out: { path: string; schema: Schema }[], seen = new Set<Schema>()): void {
  if (seen.has(s)) return
  seen.add(s)
  const d = defOf(s)
  const walk = (x: unknown, p: string): void => {
    if (x) stringLeaves(x as Schema, p, out, seen)
  }
  switch (d.type) {
    case 'string':
      out.push({ path, schema: s })
      return
    case 'object':
      for (const [k, v] of Object.entries(d.shape as Record<string, Schema>)) walk(v, `${path}.${k}`)
      walk(d.catchall, `${path}.*`)
      return
    case 'array':
      return walk(d.element, `${path}[]`)
    case 'record':
      walk(d.keyType, `${path}{key}`)
      return walk(d.valueType, `${path}{}`)
    case 'tuple':
      ;(d.items as Schema[]).forEach((x, i) => walk(x, `${path}[${i}]`))
      return walk(d.rest, `${path}[…]`)
    case 'union':
      return (d.options as Schema[]).forEach((x) => walk(x, path))
    case 'intersection':
      walk(d.left, path)
      return walk(d.right, path)
    case 'pipe':
      walk(d.in, path)
      return walk(d.out, path)
    case 'lazy':
      return walk((d.getter as () => Schema)(), path)
    default:
      // optional, nullable, default, prefault, readonly, catch, nonoptional: one inner schema.
      walk(d.innerType, path)
  }
}

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t.close())

function requestSchemas(): { name: string; schema: Schema }[] {
  const out: { name: string; schema: Schema }[] = []
  const defs = (t.app as unknown as { openAPIRegistry: { definitions: { type: string; route?: Record<string, any> }[] } }).openAPIRegistry.definitions
  for (const d of defs) {
    if (d.type !== 'route' || !d.route) continue
    const name = `${String(d.route.method).toUpperCase()} ${d.route.path}`
    const req = d.route.request ?? {}
    // Binary bodies (photos) are bytes, not text.
    for (const [type, c] of Object.entries((req.body?.content ?? {}) as Record<string, { schema: Schema }>))
      if (!type.startsWith('image/')) out.push({ name: `${name} body ${type}`, schema: c.schema })
    for (const part of ['query', 'params', 'headers', 'cookies'] as const) if (req[part]) out.push({ name: `${name} ${part}`, schema: req[part] })
  }
  for (const name of t.deps.entities.names()) out.push({ name: `sync entity ${name}`, schema: t.deps.entities.get(name)!.schema })
  return out
}

describe('control characters in request text', () => {
  it('the shared check allows tab, newline and CR and refuses the rest', () => {
    expect(isCleanText('第一行\r\n第二行\t制表 😀')).toBe(true)
    for (const bad of ['\u0000', 'a\u0001', '\u0008', '\u000b', '\u000c', '\u000e', '\u001f', '\u007f', '\ufffe', '\uffff', '\ud800', 'x\udc00y'])
      expect(isCleanText(bad), JSON.stringify(bad)).toBe(false)
  })

  it('every string field of every request schema and sync entity refuses a NUL', () => {
    const schemas = requestSchemas()
    // The walk reaches the whole surface: well over a hundred operations and every sync entity.
    expect(schemas.length).toBeGreaterThan(60)
    expect(schemas.some((s) => s.name === 'sync entity report')).toBe(true)
    const leaves: { name: string; path: string; schema: Schema }[] = []
    for (const s of schemas) {
      const found: { path: string; schema: Schema }[] = []
      stringLeaves(s.schema, '', found)
      leaves.push(...found.map((f) => ({ name: s.name, ...f })))
    }
    expect(leaves.length).toBeGreaterThan(100)
    const accepted = leaves
      .filter((l) => l.schema.safeParse('ab\u0000c').success || l.schema.safeParse('名\u001b[31m').success)
      .map((l) => `${l.name} ${l.path}`)
    expect(accepted).toEqual([])
  })

  it('a NUL in a login name, a dish name or a query answers a field error, never a 500', async () => {
    const login = await t.req('/api/auth/login', { method: 'POST', json: { username: 'inspector\u0000', password: 'x' } })
    expect(login.status).toBe(400)
    expect(((await login.json()) as { errors: { path: string; code: string }[] }).errors).toContainEqual(expect.objectContaining({ path: 'username' }))
    const meals = await t.login('meals')
    const dish = await t.req('/api/meals/dishes', {
      method: 'POST',
      cookie: meals,
      json: { name: '红烧\u0000肉', category: 'main', tags: [] },
      headers: { 'accept-language': 'en' },
    })
    expect(dish.status).toBe(400)
    const body = (await dish.json()) as { errors: { path: string; message: string }[] }
    expect(body.errors).toContainEqual({
      path: 'name',
      message: 'Contains invisible control characters (such as NUL); remove them and try again',
      code: 'custom',
    })
    const search = await t.req(`/api/meals/subscribers?q=${encodeURIComponent('王\u0000')}`, { cookie: meals })
    expect(search.status).toBe(400)
  })

  it('a pushed report with a NUL in its note is rejected with a field error; the rest of the push applies', async () => {
    const insp = await t.login('inspector')
    const report = (note: string) => ({
      id: uuidv7(),
      entity: 'report',
      entity_id: uuidv7(),
      op: 'put' as const,
      base_version: null,
      client_time: t.clock.now.toISOString(),
      data: {
        position: { lat: 39.8986, lng: 116.4801, accuracy_m: 8, source: 'gps' },
        community_id: 'jiulongnan',
        address: '外企大厦门前',
        kind: 'shared_bike',
        counts: { 'bike-a': 3 },
        blocked_share: 0.3,
        photos: [],
        note,
        observed_at: new Date(t.clock.now.getTime() - 60_000).toISOString(),
      },
    })
    const bad = report('占道\u0000')
    const good = report('占道')
    const res = await t.req('/api/sync/push', { method: 'POST', cookie: insp, json: { device_id: 'dev-nul', mutations: [bad, good] } })
    expect(res.status).toBe(200)
    const { results } = (await res.json()) as PushResponse
    expect(results[0]).toMatchObject({ status: 'rejected', errors: [expect.objectContaining({ path: 'note', code: 'custom' })] })
    expect(results[1]).toMatchObject({ status: 'applied' })
  })
})
