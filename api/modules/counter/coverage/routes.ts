// Route of a roster week's coverage: gaps per slot weighted by what residents asked for, and whom
// to train in what.
import { createRoute, z } from '@hono/zod-openapi'
import { IsoWeek } from '#domain/counter/roster.ts'
import { CoverageWeek } from '#domain/counter/views.ts'
import { Slug } from '#domain/ids.ts'
import { createRouter, problemResponses } from '../../../http/router.ts'
import { requireRole } from '../../../auth/middleware.ts'
import { weekCoverage } from './service.ts'
import { ctxOf } from '../context.ts'
import { READ } from '../roles.ts'

const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } })
const tags = ['counter']
const WeekQuery = z.object({ week: IsoWeek })
const ok = (d: string) => ({ 200: { description: d, ...json(CoverageWeek) }, ...problemResponses })

const r = {
  coverage: createRoute({
    method: 'get',
    path: '/coverage',
    tags,
    middleware: [requireRole(...READ)] as const,
    request: { query: WeekQuery.extend({ community_id: Slug.optional() }) },
    responses: ok('Per-slot gaps, weekly score and training suggestions'),
  }),
}

export const coverageRouter = createRouter().openapi(r.coverage, async (c) => {
  const q = c.req.valid('query')
  return c.json(await weekCoverage(c.var.deps.db, ctxOf(c).user.subdistrict_id, q.week, q.community_id), 200)
})
