// Health (checks the database) and the public client configuration.
import { createRoute, z } from '@hono/zod-openapi'
import { sql } from 'kysely'
import { ClientConfig } from '#domain/config.ts'
import { createRouter, problemResponse } from './router.ts'
import { basemapOf, withNativeZoom } from './basemap.ts'
import { refused } from './problem.ts'
import { storageProblems } from './storage-check.ts'
import { cachedMediaCheck } from '../media/integrity.ts'

const Health = z.object({
  /** degraded: photo files are missing (a data problem to look into; writes that fail answer 503). */
  status: z.enum(['ok', 'degraded']),
  database: z.enum(['sqlite', 'postgres']),
  time: z.string(),
  /** What cannot be written, and why. */
  storage: z.array(z.object({ target: z.enum(['data_dir', 'database']), reason: z.string() })),
  /** Photo files of the most recent media rows, looked for in the store (at most once a minute). */
  media: z.object({ checked: z.number().int(), missing: z.number().int(), missing_sample: z.array(z.string()) }),
})

const health = createRoute({
  method: 'get',
  path: '/health',
  tags: ['system'],
  responses: {
    200: { description: 'Up, database reachable and writable; `degraded` when photo files are missing', content: { 'application/json': { schema: Health } } },
    503: problemResponse(
      'Database unreachable, or the data folder or database cannot be written: the problem then carries `storage` (what, and why), `media`, `database` and `time` as members',
    ),
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
      throw refused(503, 'health_database_unreachable')
    }
    const storage = await storageProblems(c.var.deps)
    const media = await cachedMediaCheck(c.var.deps)
    const time = now().toISOString()
    if (storage.length) {
      c.var.deps.logger.log('error', 'storage_not_writable', { problems: storage })
      throw refused(503, 'health_storage_not_writable', { members: { database: dialect, time, storage, media } })
    }
    return c.json({ status: media.missing ? ('degraded' as const) : ('ok' as const), database: dialect, time, storage, media }, 200)
  })
  .openapi(config, async (c) => {
    const { db, env } = c.var.deps
    // A single-subdistrict deployment names it; a multi-subdistrict one leaves the choice to sign-in.
    const subs = await db.selectFrom('subdistricts').select(['id', 'name', 'center_lat', 'center_lng']).limit(2).execute()
    return c.json(
      {
        basemap: withNativeZoom(basemapOf(env), env),
        gps_accuracy_threshold_m: env.GPS_ACCURACY_THRESHOLD_M,
        subdistrict: subs.length === 1 ? subs[0]! : null,
        https: env.TLS_MODE === 'off' ? null : { port: env.PORT, setup_port: env.SETUP_PORT || null },
      },
      200,
    )
  })
