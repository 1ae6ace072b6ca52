// A small typed client of the API, made with openapi-fetch from types that openapi-typescript generates
// from /api/openapi.json (./generated/lastmile.ts, written by api/http/openapi-lint.test.ts and not kept
// in git). That test type-checks this file against them, so a change to the document that breaks a
// generated client's calls fails `npm test`; it also runs these calls against a test app.
import createClient from 'openapi-fetch'
import type { paths } from './generated/lastmile.ts'

export function lastmileClient(baseUrl: string, fetchImpl: typeof fetch) {
  const api = createClient<paths>({ baseUrl, fetch: fetchImpl, headers: { 'accept-language': 'en' } })
  return {
    /** The residents' menu: a public operation, a query parameter. */
    async publicMenu(subdistrict: string) {
      const { data, error, response } = await api.GET('/api/meals/public', { params: { query: { subdistrict } } })
      return { data, error, etag: response.headers.get('etag') }
    },
    /** Signing in: a JSON body; a refusal is the Problem shape. */
    async login(username: string, password: string) {
      const { data, error, response } = await api.POST('/api/auth/login', { body: { username, password } })
      return { data, title: error?.title, cookie: response.headers.get('set-cookie') }
    },
    /** One report: a path parameter, the session cookie. */
    async report(id: string, cookie: string) {
      const { data, error } = await api.GET('/api/patrol/reports/{id}', { params: { path: { id } }, headers: { cookie } })
      return { kind: data?.report.kind, status: error?.status }
    },
    /** Public parking zones of a subdistrict. */
    async publicZones(subdistrict: string) {
      const { data } = await api.GET('/api/patrol/zones/public', { params: { query: { subdistrict } } })
      return data
    },
  }
}
