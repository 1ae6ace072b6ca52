// The OpenAPI document at /api/openapi.json: the routes' own definitions (schemas, statuses), finished
// here in one place so that no route has to repeat it: each operation's operationId and summary
// (api/http/operations.ts), its security (the session cookie where the route has a role guard, the
// pending sign-in cookie for the second step, none on public operations), the tags with their
// descriptions, and the error answers the middleware in front of every route can give (401 and 403 of
// the role guard, 413 and 415 of the body checks, 429 of the write throttle), all problem+json.
import type { OpenAPIHono } from '@hono/zod-openapi'
import type { AppEnv } from './context.ts'
import { isRoleGuard } from '../auth/middleware.ts'
import { SESSION_COOKIE } from '../auth/sessions.ts'
import { LOGIN_COOKIE } from '../auth/second-factor.ts'
import { OPERATIONS } from './operations.ts'
import { WWW_AUTHENTICATE } from './problem.ts'
import { CONDITIONAL_GET_PATHS } from './etag.ts'

/** A document of its own beside the main one (Open311, GBFS), listed in the main one's description and in Swagger UI. */
export interface ApiDocument {
  title: string
  url: string
  build(origin: string): object
}

type Json = Record<string, any>

export const TAGS: readonly { name: string; description: string }[] = [
  { name: 'system', description: 'Health and the deployment settings the app needs offline' },
  { name: 'auth', description: 'Signing in (password, then an authenticator for coordinators and admins) and out' },
  { name: 'sync', description: "Devices' offline changes pushed and pulled, and report photos uploaded by their SHA-256" },
  { name: 'patrol', description: 'Sidewalk obstruction reports from patrol and the operators they name' },
  { name: 'hotspots', description: 'Places where reports gather, ranked, with their follow-up status' },
  { name: 'workflow', description: "The office's review of reports: status, merging duplicates, re-checks, photo publication" },
  { name: 'zones', description: 'Designated parking zones, versioned; the active ones are public' },
  { name: 'residents', description: "Residents' obstruction reports without sign-in (proof of work, limits, follow-up code) and the office's moderation" },
  { name: 'agreements', description: 'Agreements with operators and the parties to them, with compliance' },
  { name: 'operators', description: "Operators' field managers: their tasks, reports counting their vehicles, commitments; webhooks and their delivery log" },
  { name: 'exports', description: 'Reports exported as CSV or GeoJSON' },
  { name: 'open311', description: 'API keys for Open311 clients (the Open311 GeoReport v2 API is its own document)' },
  { name: 'meals', description: "Elderly lunch: dishes, weekly menus and prices, subscribers, sales, pickups and the kitchen's counts" },
  { name: 'counter', description: 'The open-plan office: service guides, duty workers and skills, the roster, visits' },
  { name: 'hotline', description: '12345 hotline work orders (接诉即办): import of the export, deadlines, links, replies, callback satisfaction' },
  { name: 'maps', description: 'Reference map layers (community boundaries and the like) shown under the data' },
  { name: 'admin', description: 'User accounts, communities, the audit log and data retention' },
  { name: 'brief', description: 'The monthly brief (月报): patrol, meals and counter figures beside last month and last year' },
]

/** Second-step routes of sign-in: they need the password step's short-lived cookie, not a session. */
const PENDING_SIGN_IN = new Set(['POST /api/auth/totp', 'POST /api/auth/totp/enrolment'])
/** Paths with their own body checks (photo uploads: their own types and limits, declared by the routes). */
const OWN_BODY_CHECKS = /^\/api\/media(\/|$)/
/** Paths the write throttle leaves alone (sign-in has its own throttle, declared by its routes). */
const NOT_THROTTLED = /^\/api\/auth\/(login|logout)/
const WRITES = new Set(['post', 'put', 'patch', 'delete'])

const problemRef = { $ref: '#/components/schemas/Problem' }
const problemAnswer = (description: string, headers?: Json) => ({
  description,
  ...(headers ? { headers } : {}),
  content: { 'application/problem+json': { schema: problemRef } },
})
const header = (description: string, schema: Json = { type: 'string' }) => ({ description, schema })

const STANDARD: Record<string, Json> = {
  401: problemAnswer('Not signed in, or the session has ended', { 'WWW-Authenticate': header(`Always \`${WWW_AUTHENTICATE}\``) }),
  403: problemAnswer('Role or record not allowed, or a cross-site write'),
  413: problemAnswer('Body larger than the limit'),
  415: problemAnswer('A body that is not application/json'),
  429: problemAnswer('Too many writes in a short time', { 'Retry-After': header('Seconds until writes are taken again', { type: 'integer' }) }),
}

/** `GET /api/x/{id}` for each operation whose route has a role guard. */
export function guardedOperations(app: OpenAPIHono<AppEnv>): Set<string> {
  const out = new Set<string>()
  for (const r of app.routes) {
    if (r.method === 'ALL' || !isRoleGuard(r.handler)) continue
    out.add(`${r.method} ${r.path.replace(/:([A-Za-z0-9_]+)(\{[^}]*\})?/g, '{$1}')}`)
  }
  return out
}

/** A zod tuple as JSON Schema 2020-12 says it: exactly its prefixItems, nothing after them. */
function closeTuples(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(closeTuples)
  if (!node || typeof node !== 'object') return
  const schema = node as Json
  if (Array.isArray(schema.prefixItems) && schema.items === undefined) {
    schema.items = false
    schema.minItems ??= schema.prefixItems.length
    schema.maxItems ??= schema.prefixItems.length
  }
  Object.values(schema).forEach(closeTuples)
}

/** Finishes the generated document: names, summaries, tags, security and the middleware's answers. */
export function finishDocument(doc: Json, guarded: ReadonlySet<string>, origin: string, documents: readonly ApiDocument[]): Json {
  const links = documents.map((d) => `- ${d.title}: [${d.url}](${d.url})`).join('\n')
  doc.info = {
    title: 'Lastmile API',
    version: '0.1.0',
    description:
      '最后一公里 — patrol, meals and counter for a subdistrict office.\n\n' +
      'Errors are `application/problem+json` (RFC 9457) in the language `Accept-Language` asks for (zh-CN or en, with q-values); ' +
      'they carry `Content-Language` and `Vary: Accept-Language`. Signing in sets the session cookie; writes from a browser must ' +
      'come from this origin.' +
      (links ? `\n\nDescribed in documents of their own:\n${links}` : ''),
    contact: { name: 'Lastmile', url: `${origin}/api/docs` },
    license: { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' },
  }
  closeTuples(doc.paths)
  closeTuples(doc.components)
  doc.servers = [{ url: origin, description: 'This server' }]
  doc.tags = TAGS.map((t) => ({ ...t }))
  doc.components ??= {}
  doc.components.securitySchemes = {
    session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: 'The session cookie that signing in sets (HttpOnly)' },
    pendingSignIn: {
      type: 'apiKey',
      in: 'cookie',
      name: LOGIN_COOKIE,
      description: 'The short-lived cookie of a password step that still needs the authenticator code',
    },
  }
  for (const [path, methods] of Object.entries(doc.paths as Record<string, Record<string, Json>>)) {
    for (const [method, op] of Object.entries(methods)) {
      const name = `${method.toUpperCase()} ${path}`
      const meta = OPERATIONS[name]
      if (meta) {
        op.operationId = meta.id
        op.summary = meta.summary
      }
      const signedIn = guarded.has(name)
      op.security = signedIn ? [{ session: [] }] : PENDING_SIGN_IN.has(name) ? [{ pendingSignIn: [] }] : []
      const add = (status: number) => {
        op.responses[status] ??= STANDARD[status]
      }
      if (signedIn) [401, 403].forEach(add)
      if (op.responses[401]) op.responses[401].headers ??= STANDARD[401]!.headers
      if (WRITES.has(method) && !OWN_BODY_CHECKS.test(path)) [413, 415].forEach(add)
      if (WRITES.has(method) && signedIn && !NOT_THROTTLED.test(path)) add(429)
      if (method === 'get' && CONDITIONAL_GET_PATHS.includes(path)) {
        op.parameters = [...(op.parameters ?? []), { name: 'If-None-Match', in: 'header', required: false, schema: { type: 'string' } }]
        op.responses[304] ??= { description: 'Not modified since the ETag sent in If-None-Match' }
        for (const [status, res] of Object.entries(op.responses as Record<string, Json>))
          if (status === '200') res.headers = { ...res.headers, ETag: header('Validator of this representation') }
      }
    }
  }
  return doc
}

/** Serves the main document and each document of its own at its URL. */
export function mountApiDocuments(app: OpenAPIHono<AppEnv>, documents: readonly ApiDocument[]) {
  let guarded: Set<string> | undefined
  app.get('/api/openapi.json', (c) => {
    guarded ??= guardedOperations(app)
    const origin = new URL(c.req.url).origin
    return c.json(finishDocument(app.getOpenAPI31Document({ openapi: '3.1.0', info: { title: '', version: '' } }), guarded, origin, documents))
  })
  for (const d of documents) app.get(d.url, (c) => c.json(d.build(new URL(c.req.url).origin)))
}
