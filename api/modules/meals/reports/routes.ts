// Routes of what the kitchen cooks and what the office reconciles: the day's kitchen sheet and the
// weekly reconciliation. Meals staff, admins and coordinators read.
import { createRoute, z } from '@hono/zod-openapi'
import { createRouter, problemResponses } from '../../../http/router.ts'
import { currentUser, requireRole } from '../../../auth/middleware.ts'
import { KitchenSheet, Reconciliation } from '#domain/meals/sales.ts'
import { IsoWeek, PlainDate } from '#domain/meals/fields.ts'
import { REPORT } from '../roles.ts'
import { kitchenSheet, reconciliation } from './service.ts'

const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } })
const ok = <T extends z.ZodType>(schema: T, description = 'OK') => ({ 200: { description, ...json(schema) }, ...problemResponses })
const DateParam = z.object({ date: PlainDate })
const tags = ['meals']
const report = requireRole(...REPORT)

const r = {
  kitchen: createRoute({ method: 'get', path: '/kitchen/{date}', tags, middleware: report, request: { params: DateParam }, responses: ok(KitchenSheet) }),
  reconcile: createRoute({
    method: 'get',
    path: '/reports/{week}',
    tags,
    middleware: report,
    request: { params: z.object({ week: IsoWeek }) },
    responses: ok(Reconciliation, 'Weekly reconciliation and ledger per resident'),
  }),
}

export const reportsRouter = createRouter()
  .openapi(r.kitchen, async (c) => c.json(await kitchenSheet(c.var.deps.db, currentUser(c).subdistrict_id, c.req.valid('param').date), 200))
  .openapi(r.reconcile, async (c) => c.json(await reconciliation(c.var.deps.db, currentUser(c).subdistrict_id, c.req.valid('param').week), 200))
