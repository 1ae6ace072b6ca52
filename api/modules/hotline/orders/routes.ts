// Routes of the work orders: the list, the deadline list, one order, an order entered by hand, and
// the link, reply and callback satisfaction. Coordinator and admin handle every order; counter staff
// see and answer those linked to a counter matter.
import { createRoute, z } from '@hono/zod-openapi'
import { createRouter, jsonResponse, problemResponse, problemResponses } from '../../../http/router.ts'
import { currentUser, requireRole } from '../../../auth/middleware.ts'
import { createOnce, idReused } from '../../../http/create-once.ts'
import { notFound } from '../../../http/problem.ts'
import { text } from '#domain/text.ts'
import { DueList, LinkInput, ReplyInput, SatisfactionInput, WorkOrder, WorkOrderInput, DUE_SOON_HOURS } from '#domain/hotline/work-orders.ts'
import { dueList, getOrder, listOrders } from './queries.ts'
import { createOrder, setLink, setReply, setSatisfaction } from './service.ts'
import { HANDLE, READ } from '../roles.ts'

const tags = ['hotline']
const body = <T extends z.ZodType>(schema: T) => ({ required: true, content: { 'application/json': { schema } } })
const Params = z.object({ id: text().max(64) })

const list = createRoute({
  method: 'get',
  path: '/orders',
  tags,
  middleware: [requireRole(...READ)] as const,
  request: {
    query: z.object({
      status: z.enum(['open', 'replied', 'all']).optional(),
      q: text().max(100).optional(),
    }),
  },
  responses: { 200: jsonResponse(z.array(WorkOrder), 'Work orders, newest first (at most 500)'), ...problemResponses },
})

const due = createRoute({
  method: 'get',
  path: '/orders/due',
  tags,
  middleware: [requireRole(...READ)] as const,
  request: { query: z.object({ within_hours: z.coerce.number().int().min(1).max(720).optional() }) },
  responses: { 200: jsonResponse(DueList, 'Orders without a reply: overdue, and due within the hours asked (default 24)'), ...problemResponses },
})

const one = createRoute({
  method: 'get',
  path: '/orders/{id}',
  tags,
  middleware: [requireRole(...READ)] as const,
  request: { params: Params },
  responses: { 200: jsonResponse(WorkOrder, 'The work order'), ...problemResponses, 404: problemResponse('No such order (or not one the caller may see)') },
})

const create = createRoute({
  method: 'post',
  path: '/orders',
  tags,
  middleware: [requireRole(...HANDLE)] as const,
  request: { body: body(WorkOrderInput) },
  responses: { 201: jsonResponse(WorkOrder, 'Entered'), ...problemResponses, ...idReused },
})

const link = createRoute({
  method: 'put',
  path: '/orders/{id}/link',
  tags,
  middleware: [requireRole(...HANDLE)] as const,
  request: { params: Params, body: body(LinkInput) },
  responses: { 200: jsonResponse(WorkOrder, 'Linked (or unlinked)'), ...problemResponses, 404: problemResponse('No such order') },
})

const reply = createRoute({
  method: 'put',
  path: '/orders/{id}/reply',
  tags,
  middleware: [requireRole(...READ)] as const,
  request: { params: Params, body: body(ReplyInput) },
  responses: { 200: jsonResponse(WorkOrder, 'Reply recorded'), ...problemResponses, 404: problemResponse('No such order (or not one the caller may see)') },
})

const satisfaction = createRoute({
  method: 'put',
  path: '/orders/{id}/satisfaction',
  tags,
  middleware: [requireRole(...READ)] as const,
  request: { params: Params, body: body(SatisfactionInput) },
  responses: {
    200: jsonResponse(WorkOrder, 'Callback satisfaction recorded'),
    ...problemResponses,
    404: problemResponse('No such order (or not one the caller may see)'),
    409: problemResponse('No reply recorded yet'),
  },
})

export const ordersRouter = createRouter()
  .openapi(list, async (c) => c.json(await listOrders(c.var.deps.db, currentUser(c), c.req.valid('query'), c.var.deps.now()), 200))
  .openapi(due, async (c) => c.json(await dueList(c.var.deps.db, currentUser(c), c.var.deps.now(), c.req.valid('query').within_hours ?? DUE_SOON_HOURS), 200))
  .openapi(one, async (c) => {
    const order = await getOrder(c.var.deps.db, currentUser(c), c.req.valid('param').id, c.var.deps.now())
    if (!order) throw notFound()
    return c.json(order, 200)
  })
  .openapi(create, async (c) => {
    const input = c.req.valid('json')
    const user = currentUser(c)
    const now = c.var.deps.now()
    return c.json(await createOnce(c, input, (tx) => createOrder(tx, user, input, now)), 201)
  })
  .openapi(link, async (c) => c.json(await setLink(c.var.deps.db, currentUser(c), c.req.valid('param').id, c.req.valid('json'), c.var.deps.now()), 200))
  .openapi(reply, async (c) => c.json(await setReply(c.var.deps.db, currentUser(c), c.req.valid('param').id, c.req.valid('json'), c.var.deps.now()), 200))
  .openapi(satisfaction, async (c) =>
    c.json(await setSatisfaction(c.var.deps.db, currentUser(c), c.req.valid('param').id, c.req.valid('json'), c.var.deps.now()), 200),
  )
