// Walks the API's operations for the authorization matrix: each OpenAPI operation as a request with
// placeholder path parameters and an empty body, so the role guard answers before anything else.
import type { TestApp } from './testing.ts'
import { uuidv7 } from '#domain/ids.ts'

export interface Operation {
  method: string
  path: string
}

/** Every operation; sign-out last, since signing out everywhere ends the walker's sessions too. */
export function operationsOf(doc: { paths: Record<string, Record<string, unknown>> }): Operation[] {
  const ops = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.keys(methods)
      .filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
      .map((method) => ({ method, path })),
  )
  const isLogout = (o: Operation) => o.path.includes('logout')
  return [...ops.filter((o) => !isLogout(o)), ...ops.filter(isLogout)]
}

/** Fills `{param}` with a syntactically valid value that names no record. */
export function concretePath(path: string): string {
  return path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    if (/week/.test(name)) return '2026-W50'
    if (/date|day/.test(name)) return '2026-12-07'
    if (/code/.test(name)) return 'ZZ-99'
    if (/sha256|hash/.test(name)) return 'a'.repeat(64)
    return uuidv7()
  })
}

export function requestFor(t: TestApp, op: Operation, cookie: string | undefined) {
  const method = op.method.toUpperCase()
  const init: Parameters<TestApp['req']>[1] = { method, ...(cookie ? { cookie } : {}) }
  if (method !== 'GET' && method !== 'DELETE') init.json = {}
  return t.req(concretePath(op.path), init)
}
