// createApp(deps) builds the whole HTTP surface: middleware, the module routers, OpenAPI, docs,
// tiles and the built client. The server and every API test use it the same way.
import { OpenAPIHono } from '@hono/zod-openapi'
import { bodyLimit } from 'hono/body-limit'
import { HTTPException } from 'hono/http-exception'
import type { MiddlewareHandler } from 'hono'
import type { AppEnv, Deps } from './http/context.ts'
import { problem, problemFromError, ProblemError } from './http/problem.ts'
import { originCheck, sessionLoader } from './auth/middleware.ts'
import { authRouter } from './auth/routes.ts'
import { systemRouter } from './http/system.ts'
import { adminRouter } from './modules/admin/routes.ts'
import { counterRouter } from './modules/counter/routes.ts'
import { mealsRouter } from './modules/meals/routes.ts'
import { agreementsRouter, gbfsRouter, partiesRouter, zonesRouter } from './modules/patrol/agreements/index.ts'
import { syncRouter } from './sync/index.ts'
import { patrolRouter } from './modules/patrol/index.ts'
import { exportsRouter, hotspotsRouter, open311KeysRouter, open311Router, workflowRouter } from './modules/patrol/hotspots/index.ts'
import { docsRouter } from './http/docs.ts'
import { tilesRouter } from './http/tiles.ts'
import { mountClient } from './http/static.ts'
import { securityHeaders } from './http/headers.ts'
import { writeThrottle } from './security/write-throttle.ts'
import { auditRouter } from './audit/routes.ts'
import { retentionRouter } from './retention/routes.ts'
import { uuidv7 } from '#domain/ids.ts'
import { JSON_VALUE_SCHEMA } from '#domain/json.ts'

export const JSON_BODY_LIMIT = 1024 * 1024
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

const jsonBodyLimit: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (BINARY_UPLOADS.test(c.req.path)) return next()
  return bodyLimit({ maxSize: JSON_BODY_LIMIT, onError: (cc) => problem(cc, 413, `Body larger than ${JSON_BODY_LIMIT} bytes`) })(c, next)
}

export function createApp(deps: Deps) {
  const app = new OpenAPIHono<AppEnv>()

  app.use('*', requestContext(deps))
  app.use('*', securityHeaders)
  app.use('/api/*', jsonBodyLimit, jsonOnly, sessionLoader, originCheck, writeThrottle)

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
    .route('/api/admin', adminRouter)
    .route('/api/counter', counterRouter)
    .route('/api', syncRouter)
    .route('/api/patrol', patrolRouter)
    .route('/api/patrol/hotspots', hotspotsRouter)
    .route('/api/patrol/review', workflowRouter)
    .route('/api/patrol/open311-keys', open311KeysRouter)
    .route('/api/patrol/exports', exportsRouter)
    .route('/api/meals', mealsRouter)
    .route('/api/patrol/parties', partiesRouter)
    .route('/api/patrol/agreements', agreementsRouter)
    .route('/api/patrol/zones', zonesRouter)

  app.openAPIRegistry.registerComponent('schemas', 'JsonValue', JSON_VALUE_SCHEMA as never)
  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'Lastmile API', version: '0.1.0', description: '最后一公里 — patrol, meals and counter for a subdistrict office' },
  })
  app.route('/api/docs', docsRouter)
  app.route('/open311/v2', open311Router)
  app.route('/gbfs/v3', gbfsRouter)
  app.route('/tiles', tilesRouter(deps.env.DATA_DIR, deps.env.MBTILES_FILE))
  mountClient(app, deps.env.CLIENT_DIST)
  return api
}

export type AppType = ReturnType<typeof createApp>
