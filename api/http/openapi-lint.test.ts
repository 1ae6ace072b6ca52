// The OpenAPI documents as a client generator and a security scanner read them: Spectral (the repository's
// .spectral.yaml, extending spectral:oas) finds no error in any of them; every operation has a catalogued
// operationId and summary, a described tag, and security that matches the authorization matrix; and a
// client generated from the main document (openapi-typescript + openapi-fetch) type-checks and works.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import ts from 'typescript'
import openapiTS, { astToString } from 'openapi-typescript'
import { Spectral, type RulesetDefinition } from '@stoplight/spectral-core'
import { parseYaml } from '@stoplight/spectral-parsers'
import { oas } from '@stoplight/spectral-rulesets'
import * as functions from '@stoplight/spectral-functions'
import { createTestApp, type TestApp } from '../test-support/testing.ts'
import { MATRIX } from '../test-support/authz-matrix.ts'
import { OPERATIONS } from './operations.ts'
import { SESSION_COOKIE } from '../auth/sessions.ts'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..')
const CLIENT_DIR = join(ROOT, 'api/test-support/openapi-client')

type Json = Record<string, any>
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace']
const operations = (doc: Json) =>
  Object.entries(doc.paths as Record<string, Json>).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([m]) => METHODS.includes(m))
      .map(([method, op]) => ({ name: `${method.toUpperCase()} ${path}`, op: op as Json })),
  )

/** .spectral.yaml as Spectral's CLI reads it: `spectral:oas` and the core functions named by their names. */
function loadRuleset(): RulesetDefinition {
  const def = parseYaml(readFileSync(join(ROOT, '.spectral.yaml'), 'utf8')).data as Json
  const named: Record<string, unknown> = { 'spectral:oas': oas }
  const resolveExtends = (e: unknown): unknown => (Array.isArray(e) ? [named[e[0]], e[1]] : named[e as string])
  for (const rule of Object.values(def.rules as Record<string, Json | string>)) {
    if (typeof rule !== 'object') continue
    for (const then of [rule.then].flat()) then.function = (functions as Record<string, unknown>)[then.function]
  }
  return { ...def, extends: (def.extends as unknown[]).map(resolveExtends) } as RulesetDefinition
}

let t: TestApp
const docs: Record<string, Json> = {}

beforeAll(async () => {
  t = await createTestApp()
  for (const url of ['/api/openapi.json', '/api/openapi/open311.json', '/api/openapi/gbfs.json']) {
    const res = await t.req(url)
    expect(res.status).toBe(200)
    docs[url] = (await res.json()) as Json
  }
}, 60_000)
afterAll(() => t.close())

describe('Spectral', () => {
  it('finds no error in any document, and the ruleset does catch a bad one', async () => {
    const spectral = new Spectral()
    spectral.setRuleset(loadRuleset())
    const found: string[] = []
    for (const [url, doc] of Object.entries(docs)) {
      for (const r of await spectral.run(JSON.stringify(doc))) if (r.severity === 0) found.push(`${url} ${r.code} at ${r.path.join('.')}: ${r.message}`)
    }
    expect(found).toEqual([])

    const bad = structuredClone(docs['/api/openapi.json']!)
    const login = bad.paths['/api/auth/login'].post
    delete login.operationId
    delete login.summary
    delete login.security
    login.tags = ['nowhere']
    bad.tags[0].description = ''
    const codes = (await spectral.run(JSON.stringify(bad))).filter((r) => r.severity === 0).map((r) => r.code)
    expect(new Set(codes)).toEqual(
      new Set(['operation-operationId', 'operation-summary', 'operation-security-stated', 'operation-tag-defined', 'tag-description']),
    )
  }, 60_000)
})

describe('the main document', () => {
  it('names and summarises every operation from the catalogue, no more and no less', () => {
    const names = operations(docs['/api/openapi.json']!).map((o) => o.name)
    expect(names.filter((n) => !OPERATIONS[n])).toEqual([])
    expect(Object.keys(OPERATIONS).filter((n) => !names.includes(n))).toEqual([])
    const ids = Object.values(OPERATIONS).map((o) => o.id)
    expect(new Set(ids).size).toBe(ids.length)
  })

  it('says which operations need the session cookie, as the authorization matrix does', () => {
    const doc = docs['/api/openapi.json']!
    expect(doc.components.securitySchemes.session).toEqual(expect.objectContaining({ type: 'apiKey', in: 'cookie', name: SESSION_COOKIE }))
    const wrong: string[] = []
    for (const { name, op } of operations(doc)) {
      const access = MATRIX[name]
      const expected = access === 'public' ? [] : access === 'pending-sign-in' ? [{ pendingSignIn: [] }] : [{ session: [] }]
      if (JSON.stringify(op.security) !== JSON.stringify(expected)) wrong.push(`${name}: ${JSON.stringify(op.security)}, matrix ${JSON.stringify(access)}`)
      if (access !== 'public' && access !== 'pending-sign-in' && !op.responses[401]?.headers?.['WWW-Authenticate'])
        wrong.push(`${name}: no 401 with WWW-Authenticate`)
    }
    expect(wrong).toEqual([])
  })

  it('declares what the middleware answers: 413 and 415 for writes, 429 for signed-in writes, problem+json', () => {
    const doc = docs['/api/openapi.json']!
    const create = doc.paths['/api/meals/sales'].post.responses
    for (const s of ['413', '415', '429']) expect(create[s].content['application/problem+json'].schema).toEqual({ $ref: '#/components/schemas/Problem' })
    expect(create['429'].headers['Retry-After']).toBeDefined()
    const login = doc.paths['/api/auth/login'].post.responses
    expect(login['413']).toBeDefined()
    const upload = doc.paths['/api/media/{sha256}'].put
    expect(Object.keys(upload.requestBody.content)).toEqual(expect.arrayContaining(['image/jpeg', 'image/png']))
    expect(doc.paths['/api/meals/public'].get.responses['304']).toBeDefined()
  })

  it('uses only tags it describes, and links the Open311 and GBFS documents', () => {
    const doc = docs['/api/openapi.json']!
    const described = new Set((doc.tags as { name: string; description: string }[]).filter((t) => t.description).map((t) => t.name))
    expect(
      operations(doc)
        .flatMap(({ op }) => op.tags as string[])
        .filter((tag) => !described.has(tag)),
    ).toEqual([])
    expect(doc.info.description).toContain('/api/openapi/open311.json')
    expect(doc.info.description).toContain('/api/openapi/gbfs.json')
    const open311 = docs['/api/openapi/open311.json']!
    expect(open311.paths['/requests.{format}'].post.security).toEqual([{ apiKeyQuery: [] }, { apiKeyHeader: [] }])
    expect(open311.components.securitySchemes.apiKeyQuery).toEqual(expect.objectContaining({ type: 'apiKey', in: 'query', name: 'api_key' }))
  })
})

describe('a client generated from the main document', () => {
  const generated = join(CLIENT_DIR, 'generated/lastmile.ts')

  /** Type errors of the files, as `file:line: message`. */
  function typeErrors(files: string[]): string[] {
    const options: ts.CompilerOptions = {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      allowImportingTsExtensions: true,
      verbatimModuleSyntax: true,
      lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
      types: [],
    }
    return ts.getPreEmitDiagnostics(ts.createProgram(files, options)).map((d) => {
      const where = d.file ? `${d.file.fileName.split('/').pop()}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}` : '?'
      return `${where}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`
    })
  }

  beforeAll(async () => {
    mkdirSync(dirname(generated), { recursive: true })
    // The JsonValue component (any JSON, recursive through arrays) as `unknown`: TypeScript cannot follow a
    // recursive array through the generated indexed types ('referenced directly or indirectly in its own type').
    const postTransform = (type: ts.TypeNode, { path }: { path?: string }) =>
      path === '#/components/schemas/JsonValue' ? ts.factory.createKeywordTypeNode(ts.SyntaxKind.UnknownKeyword) : type
    const source = astToString(await openapiTS(docs['/api/openapi.json'] as never, { postTransform }))
    writeFileSync(generated, '// Generated by api/http/openapi-lint.test.ts from /api/openapi.json; not kept in git.\n' + source)
  }, 60_000)

  it('type-checks the client, and a call the document does not have fails to', () => {
    const wrong = join(dirname(generated), 'wrong-call.ts')
    writeFileSync(
      wrong,
      [
        `import createClient from 'openapi-fetch'`,
        `import type { paths } from './lastmile.ts'`,
        `const api = createClient<paths>({})`,
        `export const a = api.GET('/api/meals/menu', {})`,
        `export const b = api.POST('/api/auth/login', { body: { username: 'x' } })`,
        `export const c = api.GET('/api/patrol/reports/{id}', { params: { path: {} } })`,
      ].join('\n'),
    )
    const errors = typeErrors([join(CLIENT_DIR, 'client.ts'), wrong])
    expect(errors.filter((e) => !e.startsWith('wrong-call.ts'))).toEqual([])
    expect(errors.map((e) => e.split(': ')[0])).toEqual(['wrong-call.ts:4', 'wrong-call.ts:5', 'wrong-call.ts:6'])
    expect(errors[1]).toContain("'password' is missing")
  }, 60_000)

  it('talks to the app', async () => {
    const clientPath = join(CLIENT_DIR, 'client.ts')
    // Imported by a computed path: the type checker of the repository must not follow it (the types it needs are generated).
    const { lastmileClient } = (await import(/* @vite-ignore */ clientPath)) as { lastmileClient: (base: string, f: typeof fetch) => Json }
    const client = lastmileClient('http://localhost', async (input: RequestInfo | URL, init?: RequestInit) => t.app.request(input, init))
    const menu = await client.publicMenu('shuangjing')
    expect(menu.error).toBeUndefined()
    expect(menu.etag).toMatch(/^"/)
    const refused = await client.login('nobody', 'wrong-password')
    expect(refused.data).toBeUndefined()
    expect(refused.title).toBe('Not signed in')
    const report = await client.report('00000000-0000-7000-8000-000000000000', '')
    expect(report.status).toBe(401)
    expect(Array.isArray((await client.publicZones('shuangjing')).zones)).toBe(true)
  })
})
