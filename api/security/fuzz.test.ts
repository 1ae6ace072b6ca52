// Fuzzing: every JSON operation of the OpenAPI document gets its valid example, mutations of it
// and random bodies, as a role that may call it; the answer is never 5xx, every 4xx is problem+json and
// a refused request leaves every table as it was. Fixed seed, bounded runs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { createTestApp, type TestApp } from '../test-support/testing.ts'
import { MATRIX } from '../test-support/authz-matrix.ts'
import { concretePath } from '../test-support/authz-walk.ts'
import { dbDigest, dbFingerprint } from '../test-support/db-digest.ts'
import { bodies, exampleOf, nasty, type JsonSchema } from '../test-support/fuzz-payloads.ts'

interface Op {
  method: string
  path: string
  schema?: JsonSchema
  query: string[]
}

let t: TestApp
const ops: Op[] = []
const cookies = new Map<string, string>()
const stats = { requests: 0, accepted: 0, byStatus: {} as Record<number, number> }

/** The guard admits this role, so the payload reaches validation and the service. */
async function cookieFor(op: Op): Promise<string | undefined> {
  const access = MATRIX[`${op.method} ${op.path}`]
  if (!access || access === 'public' || access === 'pending-sign-in') return undefined
  const role = access.includes('admin') && access.length > 1 ? access.find((r) => r !== 'admin')! : access[0]!
  if (!cookies.has(role)) cookies.set(role, await t.login(role))
  return cookies.get(role)
}

beforeAll(async () => {
  // Write throttling would answer 429 before validation; the fuzz test wants the validators.
  t = await createTestApp({ env: { WRITE_LIMIT_PER_USER: '1000000', WRITE_LIMIT_PER_IP: '1000000' } })
  const doc = (await (await t.req('/api/openapi.json')).json()) as {
    paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: JsonSchema }> }; parameters?: { in: string; name: string }[] }>>
  }
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const schema = op.requestBody?.content['application/json']?.schema
      const query = (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name)
      // Sign-out would end the fuzzer's sessions; it takes no body anyway.
      if (path.includes('logout')) continue
      if (schema || (method === 'get' && query.length)) ops.push({ method: method.toUpperCase(), path, schema, query })
    }
  }
})
afterAll(async () => {
  console.info('fuzz:', { operations: ops.length, ...stats })
  await t.close()
})

/**
 * Per request: status, content type, and the cheap fingerprint; per operation: the full digest of every
 * row, unless an accepted request (a valid example) legitimately changed the data in between.
 */
async function check(op: Op, res: Response, before: string, what: string): Promise<string> {
  stats.requests++
  stats.byStatus[res.status] = (stats.byStatus[res.status] ?? 0) + 1
  const label = `${op.method} ${op.path} (${what}) → ${res.status}`
  expect(res.status, label).toBeLessThan(500)
  if (res.status < 400) {
    stats.accepted++
    await res.body?.cancel()
    accepted = true
    return dbFingerprint(t.deps.db)
  }
  expect(res.headers.get('content-type'), label).toMatch(/^application\/problem\+json/)
  const body = (await res.json()) as { status: number; title: string }
  expect(body.status, label).toBe(res.status)
  expect(await dbFingerprint(t.deps.db), `${label} changed the database`).toBe(before)
  return before
}

let accepted = false

/** Runs one operation's property between two full digests of the database. */
async function between(op: Op, run: (before: () => string, set: (f: string) => void) => Promise<void>) {
  accepted = false
  const full = await dbDigest(t.deps.db)
  let fp = await dbFingerprint(t.deps.db)
  await run(
    () => fp,
    (f) => (fp = f),
  )
  if (!accepted) expect(await dbDigest(t.deps.db), `${op.method} ${op.path}: refused requests changed the database`).toBe(full)
}

describe('fuzzing every JSON operation', () => {
  it('finds the operations', () => {
    expect(ops.filter((o) => o.schema).length).toBeGreaterThanOrEqual(35)
  })

  it('bodies: never 5xx, problem+json on 4xx, a refused request changes nothing', async () => {
    for (const op of ops.filter((o) => o.schema)) {
      const cookie = await cookieFor(op)
      const example = exampleOf(op.schema!)
      await between(op, (before, set) =>
        fc.assert(
          fc.asyncProperty(bodies(example), async ({ how, body }) => {
            const res = await t.req(concretePath(op.path), {
              method: op.method,
              body,
              headers: { 'content-type': 'application/json' },
              ...(cookie ? { cookie } : {}),
            })
            set(await check(op, res, before(), `${how}: ${body.slice(0, 160)}`))
          }),
          { seed: 20261208, numRuns: 30, endOnFailure: true },
        ),
      )
    }
    expect(stats.byStatus[400] ?? 0).toBeGreaterThan(500)
    // About 1 000 requests, each checked against the database: 45 s on PostgreSQL while the rest of
    // `npm test` shares two cores, over 120 s with more beside it.
  }, 300_000)

  it('query strings: never 5xx, problem+json on 4xx', async () => {
    const value = nasty.map((v) => (typeof v === 'string' ? v.slice(0, 2000) : (JSON.stringify(v)?.slice(0, 2000) ?? '')))
    for (const op of ops.filter((o) => o.method === 'GET')) {
      const cookie = await cookieFor(op)
      await between(op, (before, set) =>
        fc.assert(
          fc.asyncProperty(fc.array(fc.tuple(fc.constantFrom(...op.query), value), { minLength: 1, maxLength: 4 }), async (pairs) => {
            const qs = new URLSearchParams(pairs).toString()
            const res = await t.req(`${concretePath(op.path)}?${qs}`, { ...(cookie ? { cookie } : {}) })
            set(await check(op, res, before(), qs.slice(0, 160)))
          }),
          { seed: 20261208, numRuns: 12, endOnFailure: true },
        ),
      )
    }
  }, 150_000)
})
