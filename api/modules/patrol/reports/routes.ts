// Read routes of patrol. Writes arrive only through POST /api/sync/push (entity.ts), so an offline
// device and an online one follow exactly the same rules.
import { createRoute, z } from '@hono/zod-openapi'
import { createRouter, problemResponse, problemResponses } from '../../../http/router.ts'
import { currentUser, requireRole } from '../../../auth/middleware.ts'
import { notFound } from '../../../http/problem.ts'
import { Id, Slug } from '#domain/ids.ts'
import { Lat, Lng } from '#domain/geo.ts'
import { NearbyReport, Observation, ReportStatus, ReportSummary } from '#domain/patrol/report.ts'
import { MAX_NEARBY_RADIUS_M, SAME_PLACE_RADIUS_M } from '#domain/patrol/rules.ts'
import { getReport, listReports, nearbyReports } from './queries.ts'

const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } })
const READERS = ['inspector', 'coordinator', 'admin'] as const

const ListQuery = z.object({
  community_id: Slug.optional(),
  status: ReportStatus.optional(),
  mine: z.enum(['0', '1']).optional(),
  since: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(2000).default(500),
})

const NearbyQuery = z.object({
  lat: z.coerce.number().pipe(Lat),
  lng: z.coerce.number().pipe(Lng),
  radius: z.coerce.number().min(1).max(MAX_NEARBY_RADIUS_M).default(SAME_PLACE_RADIUS_M),
})

const list = createRoute({
  method: 'get',
  path: '/reports',
  tags: ['patrol'],
  middleware: [requireRole(...READERS)] as const,
  request: { query: ListQuery },
  responses: { 200: { description: 'Reports the caller may see, newest sighting first', ...json(z.array(ReportSummary)) }, ...problemResponses },
})

const nearby = createRoute({
  method: 'get',
  path: '/reports/nearby',
  tags: ['patrol'],
  middleware: [requireRole(...READERS)] as const,
  request: { query: NearbyQuery },
  responses: {
    200: { description: 'Open reports within the radius (default 50 m), nearest first', ...json(z.array(NearbyReport)) },
    ...problemResponses,
  },
})

const one = createRoute({
  method: 'get',
  path: '/reports/{id}',
  tags: ['patrol'],
  middleware: [requireRole(...READERS)] as const,
  request: { params: z.object({ id: Id }) },
  responses: {
    200: { description: 'A report with its sightings', ...json(z.object({ report: ReportSummary, observations: z.array(Observation) })) },
    ...problemResponses,
    404: problemResponse('No such report, or not one the caller may see'),
  },
})

export const reportsRouter = createRouter()
  .openapi(list, async (c) => {
    const q = c.req.valid('query')
    const rows = await listReports(c.var.deps.db, currentUser(c), { ...q, mine: q.mine === '1' })
    return c.json(rows, 200)
  })
  .openapi(nearby, async (c) => {
    const { lat, lng, radius } = c.req.valid('query')
    return c.json(await nearbyReports(c.var.deps.db, currentUser(c), { lat, lng }, radius), 200)
  })
  .openapi(one, async (c) => {
    const found = await getReport(c.var.deps.db, currentUser(c), c.req.valid('param').id)
    if (!found) throw notFound('report_unknown')
    return c.json(found, 200)
  })
