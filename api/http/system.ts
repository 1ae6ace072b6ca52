// Health (checks the database) and the public client configuration.
import { createRoute, z } from '@hono/zod-openapi'
import { sql } from 'kysely'
import { ClientConfig } from '#domain/config.ts'
import { createRouter, problemResponse } from './router.ts'
import { basemapOf } from './basemap.ts'
import { problem } from './problem.ts'

const Health = z.object({ status: z.literal('ok'), database: z.enum(['sqlite', 'postgres']), time: z.string() })

const health = createRoute({
  method: 'get',
  path: '/health',
  tags: ['system'],
  responses: {
    200: { description: 'Up, database reachable', content: { 'application/json': { schema: Health } } },
    503: problemResponse('Database unreachable'),
  },
})

const config = createRoute({
  method: 'get',
  path: '/config',
  tags: ['system'],
  responses: { 200: { description: 'Deployment settings the app needs offline', content: { 'application/json': { schema: ClientConfig } } } },
})

export const systemRouter = createRouter()
  .openapi(health, async (c) => {
    const { db, dialect, now } = c.var.deps
    try {
      await sql`select 1`.execute(db)
    } catch {
      return problem(c, 503, 'database unreachable') as never
    }
    return c.json({ status: 'ok' as const, database: dialect, time: now().toISOString() }, 200)
  })
  .openapi(config, async (c) => {
    const { db, env } = c.var.deps
    // A single-subdistrict deployment names it; a multi-subdistrict one leaves the choice to sign-in.
    const subs = await db.selectFrom('subdistricts').select(['id', 'name', 'center_lat', 'center_lng']).limit(2).execute()
    return c.json(
      {
        basemap: basemapOf(env),
        gps_accuracy_threshold_m: env.GPS_ACCURACY_THRESHOLD_M,
        subdistrict: subs.length === 1 ? subs[0]! : null,
        https: env.TLS_MODE === 'off' ? null : { port: env.PORT, setup_port: env.SETUP_PORT || null },
      },
      200,
    )
  })
