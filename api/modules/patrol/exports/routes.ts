// Exports of the coordinator's current filter: CSV with a UTF-8 BOM (so Excel opens Chinese correctly)
// and GeoJSON ([lng, lat], WGS-84). Same filter SQL as the map, list and charts; files are named by
// the Beijing date.
import { createRoute, z } from '@hono/zod-openapi'
import { createRouter, problemResponses } from '../../../http/router.ts'
import { currentUser, requireRole } from '../../../auth/middleware.ts'
import { ReportsGeoJson } from '#domain/patrol/hotspot-views.ts'
import { REVIEW_ROLES, reviewFilterShape, withRange } from '#domain/patrol/workflow.ts'
import { businessDate } from '#domain/time.ts'
import { exportRows, operatorColumns, toCsv, toGeoJson } from './service.ts'

const mw = [requireRole(...REVIEW_ROLES)]
const Query = withRange(z.object(reviewFilterShape))
const CsvQuery = withRange(
  z.object({
    ...reviewFilterShape,
    codes: z.enum(['0', '1']).optional().openapi({ description: '1: kinds and statuses as codes instead of Chinese names' }),
  }),
)

const csv = createRoute({
  method: 'get',
  path: '/reports.csv',
  tags: ['exports'],
  middleware: mw,
  request: { query: CsvQuery },
  responses: { 200: { description: 'Filtered reports as CSV (UTF-8 with BOM)', content: { 'text/csv': { schema: z.string() } } }, ...problemResponses },
})
const geojson = createRoute({
  method: 'get',
  path: '/reports.geojson',
  tags: ['exports'],
  middleware: mw,
  request: { query: Query },
  responses: {
    200: { description: 'Filtered reports as a GeoJSON FeatureCollection', content: { 'application/geo+json': { schema: ReportsGeoJson } } },
    ...problemResponses,
  },
})

export const exportsRouter = createRouter()
  .openapi(csv, async (c) => {
    const { codes, ...filter } = c.req.valid('query')
    const sd = currentUser(c).subdistrict_id
    const rows = await exportRows(c.var.deps.db, sd, filter)
    return c.body(toCsv(rows, { operators: await operatorColumns(c.var.deps.db, sd), codes: codes === '1' }), 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="lastmile-reports-${businessDate(c.var.deps.now())}.csv"`,
    })
  })
  .openapi(geojson, async (c) => {
    const rows = await exportRows(c.var.deps.db, currentUser(c).subdistrict_id, c.req.valid('query'))
    return c.body(JSON.stringify(toGeoJson(rows)), 200, {
      'content-type': 'application/geo+json; charset=utf-8',
      'content-disposition': `attachment; filename="lastmile-reports-${businessDate(c.var.deps.now())}.geojson"`,
    }) as never
  })
