// /api/admin/retention: office IT sets how long residents' personal data is kept and can run the purge
// now instead of waiting for the night. Admin only.
import { createRoute, z } from '@hono/zod-openapi'
import { PurgeResult, RetentionInput, RetentionView } from '#domain/retention.ts'
import { createRouter, problemResponses } from '../http/router.ts'
import { currentUser, requireRole } from '../auth/middleware.ts'
import { retentionView, saveRetention } from './settings.ts'
import { purgeSubdistrict } from './purge.ts'

const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } })
const tags = ['admin']
const mw = requireRole('admin')

const get = createRoute({
  method: 'get',
  path: '/',
  tags,
  middleware: mw,
  responses: { 200: { description: 'Retention periods (days) and the last purge', ...json(RetentionView) }, ...problemResponses },
})
const put = createRoute({
  method: 'put',
  path: '/',
  tags,
  middleware: mw,
  request: { body: { ...json(RetentionInput), required: true } },
  responses: { 200: { description: 'Saved', ...json(RetentionView) }, ...problemResponses },
})
const purge = createRoute({
  method: 'post',
  path: '/purge',
  tags,
  middleware: mw,
  responses: { 200: { description: 'What this run anonymised', ...json(PurgeResult) }, ...problemResponses },
})

export const retentionRouter = createRouter()
  .openapi(get, async (c) => c.json(await retentionView(c.var.deps.db, currentUser(c).subdistrict_id), 200))
  .openapi(put, async (c) => c.json(await saveRetention(c.var.deps.db, currentUser(c), c.req.valid('json'), c.var.deps.now()), 200))
  .openapi(purge, async (c) => {
    const user = currentUser(c)
    return c.json(await purgeSubdistrict(c.var.deps, user.subdistrict_id, user), 200)
  })
