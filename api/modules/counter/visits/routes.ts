// Routes of the visit log: fast entry at the desk (idempotent by the id made on the device), the
// recent list, and the measures — first-visit resolution and return trips per matter and week.
import { createRoute, z } from '@hono/zod-openapi'
import { Visit, VisitInput } from '#domain/counter/visits.ts'
import { VisitStatsRange } from '#domain/counter/views.ts'
import { createRouter, problemResponses } from '../../../http/router.ts'
import { requireRole } from '../../../auth/middleware.ts'
import { createVisit, getStats, listVisits } from './service.ts'
import { ctxOf } from '../context.ts'
import { CounterResidentInput, CounterWithdrawResult, ResidentExport } from '#domain/privacy.ts'
import { exportVisitor, withdrawVisitorByPhone } from './privacy.ts'
import { MANAGE, READ } from '../roles.ts'

const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } })
const tags = ['counter']
const Range = z.object({ from: z.iso.datetime({ offset: true }).optional(), to: z.iso.datetime({ offset: true }).optional() })

const list = createRoute({
  method: 'get',
  path: '/visits',
  tags,
  middleware: [requireRole(...READ)] as const,
  request: { query: Range },
  responses: { 200: { description: 'Visits, newest first (default: last 7 days)', ...json(z.array(Visit)) }, ...problemResponses },
})
const create = createRoute({
  method: 'post',
  path: '/visits',
  tags,
  middleware: [requireRole(...MANAGE)] as const,
  request: { body: { ...json(VisitInput), required: true } },
  responses: { 201: { description: 'Logged', ...json(Visit) }, 200: { description: 'Already logged (same id)', ...json(Visit) }, ...problemResponses },
})
const stats = createRoute({
  method: 'get',
  path: '/visits/stats',
  tags,
  middleware: [requireRole(...READ)] as const,
  request: { query: Range },
  responses: { 200: { description: 'Measures (default: last 8 weeks)', ...json(VisitStatsRange) }, ...problemResponses },
})

const visitorExport = createRoute({
  method: 'post',
  path: '/visitors/export',
  tags,
  middleware: [requireRole(...MANAGE)] as const,
  request: { body: { ...json(CounterResidentInput), required: true } },
  responses: { 200: { description: "A visitor's own data by their phone, labelled; audited", ...json(ResidentExport) }, ...problemResponses },
})
const visitorWithdraw = createRoute({
  method: 'post',
  path: '/visitors/withdraw',
  tags,
  middleware: [requireRole(...MANAGE)] as const,
  request: { body: { ...json(CounterResidentInput), required: true } },
  responses: { 200: { description: "Consent withdrawn: the visitor's visits anonymised; audited", ...json(CounterWithdrawResult) }, ...problemResponses },
})

const range = (q: { from?: string; to?: string }, now: Date, days: number) => ({
  from: q.from ? new Date(q.from).toISOString() : new Date(now.getTime() - days * 86_400_000).toISOString(),
  to: q.to ? new Date(q.to).toISOString() : new Date(now.getTime() + 60_000).toISOString(),
})

export const visitsRouter = createRouter()
  .openapi(list, async (c) => {
    const x = ctxOf(c)
    const { from, to } = range(c.req.valid('query'), x.now, 7)
    return c.json(await listVisits(x.db, x.user.subdistrict_id, from, to), 200)
  })
  .openapi(create, async (c) => {
    const { visit, created } = await createVisit(ctxOf(c), c.req.valid('json'))
    return created ? c.json(visit, 201) : c.json(visit, 200)
  })
  .openapi(stats, async (c) => {
    const x = ctxOf(c)
    const { from, to } = range(c.req.valid('query'), x.now, 56)
    return c.json(await getStats(x.db, x.user.subdistrict_id, from, to), 200)
  })
  .openapi(visitorExport, async (c) => {
    const x = ctxOf(c)
    return c.json(await exportVisitor(x.db, x.user, c.req.valid('json').phone, x.lang, x.now), 200)
  })
  .openapi(visitorWithdraw, async (c) => {
    const x = ctxOf(c)
    return c.json(await withdrawVisitorByPhone(x.db, x.user, c.req.valid('json').phone, x.now), 200)
  })
