// createApp(deps) builds the whole HTTP surface: middleware, the core routers (system, sign-in, audit,
// retention, sync), the routers of deps.modules (see withModules), OpenAPI, docs, tiles and the built
// client. The server, every API test, the chaos run and the bench use it the same way.
import { OpenAPIHono } from '@hono/zod-openapi'
import { HTTPException } from 'hono/http-exception'
import { compress } from 'hono/compress'
import { methodNotAllowed } from 'hono/method-not-allowed'
import type { MiddlewareHandler } from 'hono'
import type { AppEnv, Deps } from './http/context.ts'
import { problem, problemFromError, problemOf, ProblemError } from './http/problem.ts'
import { originCheck, sessionLoader } from './auth/middleware.ts'
import { authRouter } from './auth/routes.ts'
import { systemRouter } from './http/system.ts'
import { syncRouter } from './sync/index.ts'
import { docsRouter } from './http/docs.ts'
import { mountApiDocuments } from './http/openapi.ts'
import { conditionalGet, CONDITIONAL_GET_PATHS } from './http/etag.ts'
import { tilesRouter } from './http/tiles.ts'
import { mountClient } from './http/static.ts'
import { securityHeaders } from './http/headers.ts'
import { setAnswerHeader } from './http/answer-headers.ts'
import { writeThrottle } from './security/write-throttle.ts'
import { open311Cors, open311Guard } from './security/open311-guard.ts'
import { bodyLimits, closeOnUnreadBody } from './http/body-limits.ts'
import { auditRouter } from './audit/routes.ts'
import { retentionRouter } from './retention/routes.ts'
import { uuidv7 } from '#domain/ids.ts'
import { JSON_VALUE_SCHEMA } from '#domain/json.ts'
import type { Hono } from 'hono'

export { JSON_BODY_LIMIT } from './http/body-limits.ts'
/** Paths that take a non-JSON body (binary uploads) with their own limits. */
const BINARY_UPLOADS = /^\/api\/media(\/|$)/

const requestContext =
  (deps: Deps): MiddlewareHandler<AppEnv> =>
  async (c, next) => {
    const started = performance.now()
    const requestId = c.req.header('x-request-id')?.slice(0, 64) || uuidv7()
    c.set('deps', deps)
    c.set('requestId', requestId)
    c.set('user', undefined)
    await next()
    setAnswerHeader(c, 'x-request-id', requestId)
    if (c.req.path.startsWith('/api/') || c.res.status >= 500) {
      deps.logger.log(c.res.status >= 500 ? 'error' : 'info', 'request', {
        request_id: requestId,
        method: c.req.method,
        route: c.req.routePath,
        status: c.res.status,
        ms: Math.round(performance.now() - started),
        user_id: c.var.user?.id,
      })
    }
  }

const jsonOnly: MiddlewareHandler<AppEnv> = async (c, next) => {
  const method = c.req.method
  if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS' || BINARY_UPLOADS.test(c.req.path)) return next()
  const type = c.req.header('content-type')
  const length = c.req.header('content-length')
  const hasBody = (length !== undefined && length !== '0') || c.req.header('transfer-encoding') !== undefined || type !== undefined
  if (hasBody && !/^application\/([a-z.+-]*\+)?json\b/i.test(type ?? '')) {
    return problemOf(c, 415, 'json_only')
  }
  return next()
}

/**
 * 405 with Allow for a path some route answers, asked with a method none of them takes. The client's
 * catch-all GET (the single-page app's fallback) names no path, so it makes no path "known".
 */
const wrongMethod = (app: Hono<AppEnv, any, any>): MiddlewareHandler<AppEnv> =>
  methodNotAllowed<AppEnv>({
    app: {
      get routes() {
        return app.routes.filter((r) => !r.path.endsWith('*'))
      },
    } as Hono<AppEnv>,
    onMethodNotAllowed: (c, methods) =>
      problemOf(c, 405, 'method_not_allowed', { method: c.req.method, allow: methods.join(', ') }, { allow: methods.join(', ') }),
  })

export function createApp(deps: Deps) {
  const app = new OpenAPIHono<AppEnv>()

  app.use('*', requestContext(deps))
  // gzip for API answers and anything else compressible that is not precompressed (the built assets
  // come with .br and .gz beside them: api/http/static.ts).
  app.use('*', compress())
  app.use('*', wrongMethod(app))
  app.use('*', closeOnUnreadBody, securityHeaders, bodyLimits)
  app.use('/api/*', jsonOnly, sessionLoader, originCheck, writeThrottle)
  app.use('/open311/v2/*', open311Cors, open311Guard)

  app.onError((err, c) => {
    if (err instanceof ProblemError) return problemFromError(c, err)
    if (err instanceof HTTPException) {
      const status = err.status
      return status === 400 ? problemOf(c, 400, 'malformed_json') : problem(c, status, err.message)
    }
    deps.logger.log('error', 'unhandled', { request_id: c.var.requestId, error: err instanceof Error ? err.name + ': ' + err.message : String(err) })
    return problem(c, 500)
  })
  app.notFound((c) => problem(c, 404))
  for (const path of CONDITIONAL_GET_PATHS) app.use(path, conditionalGet)

  const api = app
    .route('/api', systemRouter)
    .route('/api/auth', authRouter)
    .route('/api/admin/audit', auditRouter)
    .route('/api/admin/retention', retentionRouter)
    .route('/api', syncRouter)
  for (const m of deps.modules) for (const { path, router } of m.routes) app.route(path, router)

  app.openAPIRegistry.registerComponent('schemas', 'JsonValue', JSON_VALUE_SCHEMA as never)
  mountApiDocuments(
    app,
    deps.modules.flatMap((m) => m.documents ?? []),
  )
  app.route('/api/docs', docsRouter)
  app.route('/tiles', tilesRouter(deps.env.DATA_DIR, deps.env.MBTILES_FILE))
  mountClient(app, deps.env.CLIENT_DIST)
  return api
}

export type AppType = ReturnType<typeof createApp>
