// Routes of ticket sales: list, one receipt, a sale (the server clock decides the window) and a void
// with its reason. Meals staff and admins only; every sale is logged for the devices that pull.
import { createRoute, z } from '@hono/zod-openapi'
import { createRouter, problemResponse, problemResponses } from '../../../http/router.ts'
import { currentUser, requireRole } from '../../../auth/middleware.ts'
import { Id } from '#domain/ids.ts'
import { Sale, SaleInput, SaleVoid } from '#domain/meals/sales.ts'
import { IsoWeek } from '#domain/meals/fields.ts'
import { MANAGE } from '../roles.ts'
import { createSale, getSale, listSales, voidSale } from './service.ts'
import { logSale } from '../change-feed.ts'

const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } })
const body = <T extends z.ZodType>(schema: T) => ({ body: { ...json(schema), required: true } })
const ok = <T extends z.ZodType>(schema: T, description = 'OK') => ({ 200: { description, ...json(schema) }, ...problemResponses })
const IdParam = z.object({ id: Id })
const tags = ['meals']
const manage = requireRole(...MANAGE)
const windowClosed = { 422: problemResponse('Refused by a rule (sales window closed, day closed, menu unpublished)'), 409: problemResponse('Already recorded') }

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
    const sale = await db
      .transaction()
      .execute(async (tx) => logSale(tx, currentUser(c), await createSale(tx, currentUser(c), c.req.valid('json'), now()), now()))
    return c.json(sale, 201)
  })
  .openapi(r.saleVoid, async (c) => {
    const { db, now } = c.var.deps
    const sale = await db
      .transaction()
      .execute(async (tx) => logSale(tx, currentUser(c), await voidSale(tx, currentUser(c), c.req.valid('param').id, c.req.valid('json'), now()), now()))
    return c.json(sale, 200)
  })
