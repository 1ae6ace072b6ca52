// The OpenAPI document is the contract the device codes against: every operation declares a typed body
// for each status it documents, every error is problem+json of the Problem component, and what the seeded
// demo app really answers to each GET matches the zod schema the route declares.
import { tileOf, toGrid } from '#domain/patrol/map-tiles.ts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ZodType } from 'zod'
import { createTestApp, type TestApp } from '../test-support/testing.ts'
import { ROLES } from '#domain/auth.ts'
import { businessDate, isoWeekOf } from '#domain/time.ts'
import { MATRIX } from '../test-support/authz-matrix.ts'
import { sha256Hex } from '../media/service.ts'
import { jpegWithExif } from '../test-support/media-fixtures.ts'

type Schema = Record<string, unknown> | boolean
interface Response {
  description: string
  content?: Record<string, { schema?: Schema }>
}
interface Doc {
  paths: Record<string, Record<string, { responses?: Record<string, Response>; parameters?: { name: string; in: string }[] }>>
  components?: { schemas?: Record<string, Schema> }
}

/** Statuses that carry no body by definition. */
const BODILESS = new Set(['204', '304'])
const PROBLEM_REF = '#/components/schemas/Problem'
const isJson = (mediaType: string) => /^application\/([a-z.+-]*\+)?json$/.test(mediaType)
/** Keywords that describe a schema without constraining it. */
const ANNOTATIONS = new Set(['description', 'title', 'example', 'examples', 'default', 'deprecated', 'readOnly', 'writeOnly', 'nullable'])

/**
 * Where a JSON schema accepts anything (z.any(), z.unknown(), a record of unknown values), as dotted
 * paths. The Problem component is open by design: RFC 9457 lets a problem carry extension members.
 */
export function untypedAt(schema: Schema | undefined, doc: Doc, at = '$', seen = new Set<string>()): string[] {
  if (schema === undefined || schema === true) return [at]
  if (schema === false) return []
  const ref = schema.$ref
  if (typeof ref === 'string') {
    if (ref === PROBLEM_REF || seen.has(ref)) return []
    const target = doc.components?.schemas?.[ref.replace('#/components/schemas/', '')]
    return untypedAt(target, doc, at, new Set([...seen, ref]))
  }
  if (Object.keys(schema).every((k) => ANNOTATIONS.has(k))) return [at]
  const out: string[] = []
  for (const key of ['anyOf', 'oneOf', 'allOf', 'prefixItems'] as const) {
    const list = schema[key]
    if (Array.isArray(list)) list.forEach((s, i) => out.push(...untypedAt(s as Schema, doc, `${at}<${key}${i}>`, seen)))
  }
  if (schema.items !== undefined) out.push(...untypedAt(schema.items as Schema, doc, `${at}[]`, seen))
  const props = schema.properties as Record<string, Schema> | undefined
  for (const [name, s] of Object.entries(props ?? {})) out.push(...untypedAt(s, doc, `${at}.${name}`, seen))
  if (schema.additionalProperties !== undefined && schema.additionalProperties !== false)
    out.push(...untypedAt(schema.additionalProperties as Schema, doc, `${at}.*`, seen))
  return out
}

/** Every way an operation's documented responses fall short of a typed contract. */
export function contractGaps(doc: Doc): string[] {
  const gaps: string[] = []
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const name = `${method.toUpperCase()} ${path}`
      for (const [status, res] of Object.entries(op.responses ?? {})) {
        const content = Object.entries(res.content ?? {})
        if (BODILESS.has(status)) {
          if (content.length) gaps.push(`${name} ${status}: a bodiless status declares content`)
          continue
        }
        if (!content.length) gaps.push(`${name} ${status}: no content schema`)
        for (const [mediaType, { schema }] of content) {
          if (schema === undefined) gaps.push(`${name} ${status} ${mediaType}: no schema`)
          else if (isJson(mediaType)) for (const where of untypedAt(schema, doc)) gaps.push(`${name} ${status} ${mediaType}: untyped at ${where}`)
        }
        if (Number(status) >= 400 && content.length) {
          const problem = res.content?.['application/problem+json']?.schema
          if (content.length > 1 || typeof problem !== 'object' || problem.$ref !== PROBLEM_REF)
            gaps.push(`${name} ${status}: an error must be application/problem+json of the Problem component`)
        }
      }
    }
  }
  return gaps
}

let t: TestApp
let doc: Doc
const cookies: Record<string, string | undefined> = { anonymous: undefined }

beforeAll(async () => {
  t = await createTestApp()
  doc = (await (await t.req('/api/openapi.json')).json()) as Doc
  for (const r of ROLES) cookies[r] = await t.login(r)
}, 120_000)
afterAll(() => t.close())

describe('the OpenAPI document', () => {
  it('declares a typed response body for each documented status of every operation', () => {
    expect(Object.keys(doc.paths).length).toBeGreaterThan(50)
    expect(contractGaps(doc)).toEqual([])
  })

  it('finds the gaps it is meant to find', () => {
    const bad: Doc = {
      paths: {
        '/x': {
          get: {
            responses: {
              200: { description: 'any', content: { 'application/json': { schema: {} } } },
              201: { description: 'record of unknown', content: { 'application/json': { schema: { type: 'object', additionalProperties: {} } } } },
              202: { description: 'no content' },
              203: { description: 'typed', content: { 'application/json': { schema: { type: 'array', items: { type: 'string' } } } } },
              204: { description: 'fine' },
              404: { description: 'no content' },
              409: { description: 'not a problem', content: { 'application/json': { schema: { type: 'string' } } } },
            },
          },
        },
      },
    }
    expect(contractGaps(bad)).toEqual([
      'GET /x 200 application/json: untyped at $',
      'GET /x 201 application/json: untyped at $.*',
      'GET /x 202: no content schema',
      'GET /x 404: no content schema',
      'GET /x 409: an error must be application/problem+json of the Problem component',
    ])
  })

  it('publishes the Problem shape as a component', () => {
    const problem = doc.components?.schemas?.Problem as { properties: Record<string, unknown>; required: string[] }
    expect(Object.keys(problem.properties).sort()).toEqual(['detail', 'errors', 'instance', 'status', 'title', 'type'])
    expect(problem.required.sort()).toEqual(['status', 'title', 'type'])
    expect(problem.properties.errors).toMatchObject({ type: 'array', items: { required: ['path', 'message', 'code'] } })
  })
})

/** The zod schema each route declares for its 200 answer, by `GET /path`. */
function declaredSchemas(app: TestApp['app']): Map<string, { mediaType: string; schema: ZodType }> {
  const out = new Map<string, { mediaType: string; schema: ZodType }>()
  for (const def of app.openAPIRegistry.definitions) {
    if (def.type !== 'route' || def.route.method !== 'get') continue
    const content = (def.route.responses[200] as { content?: Record<string, { schema: ZodType }> } | undefined)?.content ?? {}
    const [mediaType, entry] = Object.entries(content)[0] ?? []
    if (mediaType && entry) out.set(`GET ${def.route.path}`, { mediaType, schema: entry.schema })
  }
  return out
}

/** The first list in a body: the body itself, or its first array-valued member. */
function firstList(body: unknown): Record<string, unknown>[] {
  if (Array.isArray(body)) return body as Record<string, unknown>[]
  if (body && typeof body === 'object') for (const v of Object.values(body)) if (Array.isArray(v)) return v as Record<string, unknown>[]
  return []
}

const NOW = new Date('2026-12-02T02:00:00Z')
/** Query parameters a GET needs to answer 200 (the demo subdistrict, this week). */
const QUERY: Record<string, string> = {
  '/api/counter/roster': `week=${isoWeekOf(businessDate(NOW))}`,
  '/api/counter/coverage': `week=${isoWeekOf(businessDate(NOW))}`,
  '/api/meals/public': 'subdistrict=shuangjing',
  '/api/patrol/zones/public': 'subdistrict=shuangjing',
  '/api/patrol/reports/nearby': 'lat=39.892109&lng=116.471685&radius=500',
}

describe('the demo app', () => {
  it('answers every GET with what its route declares, for every role that may call it', async () => {
    const schemas = declaredSchemas(t.app)
    const checked: string[] = []
    const wrong: string[] = []
    const photo = jpegWithExif()
    const sha = sha256Hex(photo)
    const put = await t.req(`/api/media/${sha}`, {
      method: 'PUT',
      cookie: cookies.inspector,
      body: photo as Uint8Array<ArrayBuffer>,
      headers: { 'content-type': 'image/jpeg' },
    })
    expect(put.status).toBe(201)
    // An operator opens only their own photos and their tasks' (404 otherwise): one of their own.
    const own = jpegWithExif()
    own[own.length - 3] = (own[own.length - 3] ?? 0) ^ 1 // another photo: one byte of its scan data differs
    const ownSha = sha256Hex(own)
    const ownPut = await t.req(`/api/media/${ownSha}`, {
      method: 'PUT',
      cookie: cookies.operator,
      body: own as Uint8Array<ArrayBuffer>,
      headers: { 'content-type': 'image/jpeg' },
    })
    expect(ownPut.status).toBe(201)
    for (const [path, methods] of Object.entries(doc.paths)) {
      if (!methods.get) continue
      const name = `GET ${path}`
      const declared = schemas.get(name)
      const access = MATRIX[name]
      if (!declared || !access) {
        wrong.push(`${name}: no declared 200 schema or no authorization row`)
        continue
      }
      const who = access === 'public' ? ['anonymous', ...ROLES] : access === 'pending-sign-in' ? [] : access
      for (const role of who) {
        const cookie = cookies[role]
        let concrete = path
        for (const [, param = ''] of path.matchAll(/\{([^}]+)\}/g)) {
          let value: string | undefined
          if (param === 'week') value = isoWeekOf(businessDate(NOW))
          else if (param === 'date') value = businessDate(NOW)
          else if (param === 'sha256') value = role === 'operator' ? ownSha : sha
          else if (path === '/api/patrol/residents/follow/{code}')
            value = (await t.deps.db.selectFrom('resident_reports').select('code').orderBy('code').executeTakeFirst())?.code
          // A map tile: the zoom-16 tile of the demo subdistrict's centre; a cell list: its zoom-18 tile and cell.
          else if (param === 'z') value = path.includes('/cells/') ? '18' : '16'
          else if (param === 'x' || param === 'y')
            value = String(tileOf(toGrid(39.892109, 116.471685), path.includes('/cells/') ? 18 : 16)[param === 'x' ? 0 : 1])
          else if (param === 'cell') {
            const [cx, cy] = tileOf(toGrid(39.892109, 116.471685), 21)
            value = String((cy % 8) * 8 + (cx % 8))
          } else {
            const list = await t.req(path.slice(0, path.indexOf(`/{${param}}`)) + (QUERY[path] ? `?${QUERY[path]}` : ''), { cookie })
            const first = firstList(await list.json())[0]
            value = first ? String(first[param] ?? first.id) : undefined
          }
          if (!value) {
            wrong.push(`${name} as ${role}: no ${param} to ask for`)
            concrete = ''
            break
          }
          concrete = concrete.replace(`{${param}}`, encodeURIComponent(value))
        }
        if (!concrete) continue
        const res = await t.req(concrete + (QUERY[path] ? `?${QUERY[path]}` : ''), { cookie })
        if (res.status !== 200) {
          wrong.push(`${name} as ${role}: ${res.status} ${await res.text()}`)
          continue
        }
        const type = res.headers.get('content-type') ?? ''
        if (!type.startsWith(declared.mediaType)) wrong.push(`${name} as ${role}: content-type ${type}, declared ${declared.mediaType}`)
        if (isJson(declared.mediaType)) {
          const parsed = declared.schema.safeParse(await res.json())
          if (!parsed.success) wrong.push(`${name} as ${role}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`)
        }
        checked.push(`${name} as ${role}`)
      }
    }
    expect(wrong).toEqual([])
    expect(checked.length).toBeGreaterThan(80)
  }, 180_000)
})
