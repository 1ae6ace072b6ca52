// Routes of ticket sales: list, one receipt, a sale (the server clock decides the window) and a void
// with its reason. Meals staff and admins only; every sale is logged for the devices that pull.
import { createRoute, z } from '@hono/zod-openapi'
import { createRouter, problemResponse, problemResponses } from '../../../http/router.ts'
import { currentUser, requireRole } from '../../../auth/middleware.ts'
import { Id } from '#domain/ids.ts'
import { Sale, SaleInput, SaleVoid } from '#domain/meals/sales.ts'
import { IsoWeek } from '#domain/meals/fields.ts'
import { MANAGE } from '../roles.ts'
import { createSale, getSale, listSales, recordedSale, voidSale } from './service.ts'
import { lockCounter } from '../../../sync/change-log.ts'
import { logSale } from '../change-feed.ts'

const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } })
const body = <T extends z.ZodType>(schema: T) => ({ body: { ...json(schema), required: true } })
const ok = <T extends z.ZodType>(schema: T, description = 'OK') => ({ 200: { description, ...json(schema) }, ...problemResponses })
const IdParam = z.object({ id: Id })
const tags = ['meals']
const manage = requireRole(...MANAGE)
const windowClosed = {
  422: problemResponse('Refused by a rule (sales window closed, day closed, menu unpublished)'),
  409: problemResponse('Already recorded, or the id already holds a different sale'),
}

const r = {
  sales: createRoute({
    method: 'get',
    path: '/sales',
    tags,
    middleware: manage,
    request: { query: z.object({ week: IsoWeek.optional(), subscriber_id: Id.optional() }) },
    responses: ok(z.array(Sale)),
  }),
  sale: createRoute({ method: 'get', path: '/sales/{id}', tags, middleware: manage, request: { params: IdParam }, responses: ok(Sale, 'A sale (receipt)') }),
  saleCreate: createRoute({
    method: 'post',
    path: '/sales',
    tags,
    middleware: manage,
    request: body(SaleInput),
    responses: { 201: { description: 'Recorded', ...json(Sale) }, ...problemResponses, ...windowClosed },
  }),
  saleVoid: createRoute({
    method: 'post',
    path: '/sales/{id}/void',
    tags,
    middleware: manage,
    request: { params: IdParam, ...body(SaleVoid) },
    responses: { ...ok(Sale), 409: problemResponse('Already void') },
  }),
}

export const salesRouter = createRouter()
  .openapi(r.sales, async (c) => c.json(await listSales(c.var.deps.db, currentUser(c).subdistrict_id, c.req.valid('query')), 200))
  .openapi(r.sale, async (c) => c.json(await getSale(c.var.deps.db, currentUser(c).subdistrict_id, c.req.valid('param').id), 200))
  .openapi(r.saleCreate, async (c) => {
    const { db, now } = c.var.deps
    const user = currentUser(c)
    const input = c.req.valid('json')
    const sale = await db.transaction().execute(async (tx) => {
      // The counter lock first: the same sale sent twice at once queues here, and the second finds the first.
      await lockCounter(tx, user.subdistrict_id)
      return (await recordedSale(tx, user.subdistrict_id, input)) ?? logSale(tx, user, await createSale(tx, user, input, now()), now())
    })
    return c.json(sale, 201)
  })
  .openapi(r.saleVoid, async (c) => {
    const { db, now } = c.var.deps
    const sale = await db
      .transaction()
      .execute(async (tx) => logSale(tx, currentUser(c), await voidSale(tx, currentUser(c), c.req.valid('param').id, c.req.valid('json'), now()), now()))
    return c.json(sale, 200)
  })
