// Coordinator read routes: map tiles (z/x/y + filter, ETag), the reports of a closest-zoom cluster's
// cell, filter totals for the charts,
// the ranked hotspot list, one hotspot, and its status change (coordinator/admin only).
import { createRoute, z } from '@hono/zod-openapi'
import { createRouter, problemResponse, problemResponses } from '../../../http/router.ts'
import { currentUser, requireRole } from '../../../auth/middleware.ts'
import { fieldProblem, notFound } from '../../../http/problem.ts'
import { Id } from '#domain/ids.ts'
import { HotspotDetail, HotspotPage } from '#domain/patrol/hotspot-views.ts'
import { text } from '#domain/text.ts'
import { HotspotStatus, HotspotStatusChange, withRange, REVIEW_ROLES, reviewFilterShape } from '#domain/patrol/workflow.ts'
import { filterSummary, hotspotDetail, listHotspots } from './queries.ts'
import { changeHotspotStatus } from '../workflow/service.ts'
import { BeforeAfterWeeks } from '#domain/patrol/before-after.ts'
import { HotspotBeforeAfter } from '#domain/patrol/before-after-views.ts'
import { hotspotBeforeAfter } from '../agreements/before-after.ts'
import { CELL_REPORTS_PAGE, CellReports, MapTile, TILE_MAX_ZOOM } from '#domain/patrol/map-tiles.ts'
import { mapTile } from './tiles.ts'
import { cellReports } from './tiles-cells.ts'

const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } })
const mw = [requireRole(...REVIEW_ROLES)]

// x and y below 2^z is checked in the handler: a refine here would hide the parameters from the document.
const TileParams = z.object({
  z: z
    .string()
    .regex(/^\d{1,2}$/, { error: 'workflow_tile_zoom' })
    .transform(Number)
    .pipe(z.number().max(TILE_MAX_ZOOM, { error: 'workflow_tile_zoom' })),
  x: z
    .string()
    .regex(/^\d{1,6}$/, { error: 'workflow_tile_xy' })
    .transform(Number),
  y: z
    .string()
    .regex(/^\d{1,6}$/, { error: 'workflow_tile_xy' })
    .transform(Number),
})
const FilterQuery = withRange(z.object(reviewFilterShape))
const CellParams = TileParams.extend({
  z: z
    .string()
    .regex(/^\d{1,2}$/, { error: 'workflow_cell_zoom' })
    .transform(Number)
    .pipe(z.number().min(TILE_MAX_ZOOM, { error: 'workflow_cell_zoom' }).max(TILE_MAX_ZOOM, { error: 'workflow_cell_zoom' })),
  cell: z
    .string()
    .regex(/^\d{1,2}$/, { error: 'workflow_cell_number' })
    .transform(Number)
    .pipe(z.number().max(63, { error: 'workflow_cell_number' })),
})
const CellQuery = withRange(
  z.object({
    ...reviewFilterShape,
    before: Id.optional(),
    limit: z.coerce.number().int().min(1).max(200).default(CELL_REPORTS_PAGE),
  }),
)
const ListQuery = withRange(
  z.object({
    ...reviewFilterShape,
    hotspot_status: text()
      .transform((s) => s.split(',').filter(Boolean))
      .pipe(z.array(HotspotStatus))
      .optional(),
    agreement: z.enum(['none'], { error: 'workflow_agreement_filter' }).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    offset: z.coerce.number().int().min(0).max(100_000).default(0),
  }),
)

const filterOf = (q: z.infer<typeof FilterQuery>) => ({ from: q.from, to: q.to, community: q.community, kind: q.kind, operator: q.operator, status: q.status })

const tile = createRoute({
  method: 'get',
  path: '/tiles/{z}/{x}/{y}',
  tags: ['hotspots'],
  middleware: mw,
  request: { params: TileParams, query: FilterQuery, headers: z.object({ 'if-none-match': text().max(2000).optional() }) },
  responses: {
    200: {
      description:
        'One XYZ tile (Web Mercator) of the coordinator map under the filter: clusters [lat, lng, count] of cells with many reports, the others as points. Strong ETag; Cache-Control private, no-cache',
      headers: { ETag: { description: 'Validator of this tile under this filter', schema: { type: 'string' } } },
      ...json(MapTile),
    },
    304: { description: 'Not modified since the ETag sent in If-None-Match' },
    ...problemResponses,
    503: problemResponse('The map tables are still being built (map_build: phase, done, total, percent); Retry-After says when to ask again'),
  },
})
const cell = createRoute({
  method: 'get',
  path: '/tiles/{z}/{x}/{y}/cells/{cell}',
  tags: ['hotspots'],
  middleware: mw,
  request: { params: CellParams, query: CellQuery },
  responses: {
    200: {
      description:
        'The reports of one cell (row × 8 + column) of a closest-zoom tile under the filter, newest first: what a cluster the map cannot split stands for. `before` = the `next` of the previous page',
      ...json(CellReports),
    },
    ...problemResponses,
    503: problemResponse('The map tables are still being built (map_build: phase, done, total, percent); Retry-After says when to ask again'),
  },
})
const summary = createRoute({
  method: 'get',
  path: '/summary',
  tags: ['hotspots'],
  middleware: mw,
  request: { query: FilterQuery },
  responses: {
    200: {
      description: 'Totals of the filtered reports per kind, status and operator',
      ...json(
        z.object({
          total: z.number(),
          kinds: z.record(z.string(), z.number()),
          statuses: z.record(z.string(), z.number()),
          operators: z.record(z.string(), z.number()),
        }),
      ),
    },
    ...problemResponses,
  },
})
const list = createRoute({
  method: 'get',
  path: '/',
  tags: ['hotspots'],
  middleware: mw,
  request: { query: ListQuery },
  responses: {
    200: { description: 'Hotspots with reports matching the filter, highest score first', ...json(HotspotPage) },
    ...problemResponses,
  },
})
const one = createRoute({
  method: 'get',
  path: '/{id}',
  tags: ['hotspots'],
  middleware: mw,
  request: { params: z.object({ id: Id }) },
  responses: {
    200: { description: 'A hotspot: profile, trend, operators, reports, photos, history', ...json(HotspotDetail) },
    ...problemResponses,
    404: problemResponse('No such hotspot'),
  },
})
const status = createRoute({
  method: 'post',
  path: '/{id}/status',
  tags: ['hotspots'],
  middleware: mw,
  request: { params: z.object({ id: Id }), body: { ...json(HotspotStatusChange), required: true } },
  responses: { 200: { description: 'The hotspot after the change', ...json(HotspotDetail) }, ...problemResponses, 404: problemResponse('No such hotspot') },
})

const beforeAfter = createRoute({
  method: 'get',
  path: '/{id}/before-after',
  tags: ['hotspots'],
  middleware: mw,
  request: {
    params: z.object({ id: Id }),
    query: z.object({ weeks: BeforeAfterWeeks, change_at: z.iso.datetime({ offset: true, error: 'before_after_change_at' }).optional() }),
  },
  responses: {
    200: {
      description: 'Blocked share and vehicles at the hotspot in the weeks before and after a status or zone change (the latest unless change_at names one)',
      ...json(HotspotBeforeAfter),
    },
    ...problemResponses,
    404: problemResponse('No such hotspot'),
  },
})

export const hotspotsRouter = createRouter()
  .openapi(tile, async (c) => {
    const at = c.req.valid('param')
    if (at.x >= 2 ** at.z) throw fieldProblem('workflow_tile_xy', 'x')
    if (at.y >= 2 ** at.z) throw fieldProblem('workflow_tile_xy', 'y')
    const gzip = /\bgzip\b/.test(c.req.header('accept-encoding') ?? '')
    const { db, logger } = c.var.deps
    const res = await mapTile(db, currentUser(c).subdistrict_id, filterOf(c.req.valid('query')), at, c.req.header('if-none-match'), gzip, (e) =>
      logger.log('warn', 'map_build_failed', { error: e instanceof Error ? e.message : String(e) }),
    )
    // Private: the answer is for a signed-in coordinator; no-cache: the browser keeps it and asks again with If-None-Match.
    c.header('etag', res.etag)
    c.header('cache-control', 'private, no-cache')
    c.header('vary', 'Cookie, Accept-Encoding')
    if (!res.bytes) return c.body(null, 304)
    if (res.encoding) c.header('content-encoding', res.encoding)
    c.header('content-type', 'application/json')
    return c.body(res.bytes as never, 200) as never
  })
  .openapi(cell, async (c) => {
    const at = c.req.valid('param')
    if (at.x >= 2 ** at.z) throw fieldProblem('workflow_tile_xy', 'x')
    if (at.y >= 2 ** at.z) throw fieldProblem('workflow_tile_xy', 'y')
    const q = c.req.valid('query')
    const { db, logger } = c.var.deps
    const page = await cellReports(db, currentUser(c).subdistrict_id, filterOf(q), at, at.cell, { before: q.before, limit: q.limit }, (e) =>
      logger.log('warn', 'map_build_failed', { error: e instanceof Error ? e.message : String(e) }),
    )
    return c.json(page, 200)
  })
  .openapi(summary, async (c) => c.json(await filterSummary(c.var.deps.db, currentUser(c).subdistrict_id, filterOf(c.req.valid('query'))), 200))
  .openapi(list, async (c) => {
    const q = c.req.valid('query')
    const res = await listHotspots(
      c.var.deps.db,
      currentUser(c).subdistrict_id,
      { filter: filterOf(q), hotspot_status: q.hotspot_status, agreement: q.agreement, limit: q.limit, offset: q.offset },
      c.var.deps.now(),
    )
    return c.json(res, 200)
  })
  .openapi(one, async (c) => {
    const found = await hotspotDetail(c.var.deps.db, currentUser(c).subdistrict_id, c.req.valid('param').id, c.var.deps.now())
    if (!found) throw notFound('hotspot_unknown')
    return c.json(found, 200)
  })
  .openapi(status, async (c) => {
    const { deps } = c.var
    const user = currentUser(c)
    const { id } = c.req.valid('param')
    const body = c.req.valid('json')
    await changeHotspotStatus(deps.db, user, id, body.status, body.note, deps.now())
    const after = await hotspotDetail(deps.db, user.subdistrict_id, id, deps.now())
    if (!after) throw notFound('hotspot_unknown')
    return c.json(after, 200)
  })
  .openapi(beforeAfter, async (c) => {
    const q = c.req.valid('query')
    const found = await hotspotBeforeAfter(c.var.deps.db, currentUser(c).subdistrict_id, c.req.valid('param').id, q.change_at, q.weeks)
    if (!found) throw notFound('hotspot_unknown')
    return c.json(found, 200)
  })
