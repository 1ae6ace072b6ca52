// createApp(deps) builds the whole HTTP surface: middleware, the core routers (system, sign-in, audit,
// retention, sync), the routers of deps.modules (see withModules), OpenAPI, docs, tiles and the built
// client. The server, every API test, the chaos run and the bench use it the same way.
import { OpenAPIHono } from '@hono/zod-openapi'
import { HTTPException } from 'hono/http-exception'
import type { MiddlewareHandler } from 'hono'
import type { AppEnv, Deps } from './http/context.ts'
import { problem, problemFromError, ProblemError } from './http/problem.ts'
import { originCheck, sessionLoader } from './auth/middleware.ts'
import { authRouter } from './auth/routes.ts'
import { systemRouter } from './http/system.ts'
import { syncRouter } from './sync/index.ts'
import { docsRouter } from './http/docs.ts'
import { tilesRouter } from './http/tiles.ts'
import { mountClient } from './http/static.ts'
import { securityHeaders } from './http/headers.ts'
import { writeThrottle } from './security/write-throttle.ts'
import { open311Cors, open311Guard } from './security/open311-guard.ts'
import { bodyLimits, closeOnUnreadBody } from './http/body-limits.ts'
import { auditRouter } from './audit/routes.ts'
import { retentionRouter } from './retention/routes.ts'
import { uuidv7 } from '#domain/ids.ts'
import { JSON_VALUE_SCHEMA } from '#domain/json.ts'

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
    c.header('x-request-id', requestId)
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
    return problem(c, 415, 'Content-Type must be application/json')
  }
  return next()
}

export function createApp(deps: Deps) {
  const app = new OpenAPIHono<AppEnv>()

  app.use('*', requestContext(deps))
  app.use('*', closeOnUnreadBody, securityHeaders, bodyLimits)
  app.use('/api/*', jsonOnly, sessionLoader, originCheck, writeThrottle)
  app.use('/open311/v2/*', open311Cors, open311Guard)

  app.onError((err, c) => {
    if (err instanceof ProblemError) return problemFromError(c, err)
    if (err instanceof HTTPException) {
      const status = err.status
      const detail = status === 400 ? 'Malformed JSON in request body' : err.message
      return problem(c, status, detail)
    }
    deps.logger.log('error', 'unhandled', { request_id: c.var.requestId, error: err instanceof Error ? err.name + ': ' + err.message : String(err) })
    return problem(c, 500)
  })
  app.notFound((c) => problem(c, 404))

  const api = app
    .route('/api', systemRouter)
    .route('/api/auth', authRouter)
    .route('/api/admin/audit', auditRouter)
    .route('/api/admin/retention', retentionRouter)
    .route('/api', syncRouter)
  for (const m of deps.modules) for (const { path, router } of m.routes) app.route(path, router)

  app.openAPIRegistry.registerComponent('schemas', 'JsonValue', JSON_VALUE_SCHEMA as never)
  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'Lastmile API', version: '0.1.0', description: '最后一公里 — patrol, meals and counter for a subdistrict office' },
  })
  app.route('/api/docs', docsRouter)
  app.route('/tiles', tilesRouter(deps.env.DATA_DIR, deps.env.MBTILES_FILE))
  mountClient(app, deps.env.CLIENT_DIST)
  return api
}

export type AppType = ReturnType<typeof createApp>
