// Routes for subscribers, ticket sales and voids, pickup check-off, the kitchen sheet and the weekly
// reconciliation. Meals staff and admins manage; coordinators read the reports; everyone else gets 403.
import { createRoute, z } from '@hono/zod-openapi'
import { createRouter, problemResponses } from '../../http/router.ts'
import { currentUser, requireRole } from '../../auth/middleware.ts'
import { Id, Slug } from '#domain/ids.ts'
import { Subscriber, SubscriberCreate, SubscriberInput, SubscriberRevealed } from '#domain/meals/people.ts'
import { KitchenSheet, PickupList, PickupPut, Sale, SaleInput, SaleVoid } from '#domain/meals/sales.ts'
import { IsoWeek, PlainDate } from '#domain/meals/fields.ts'
import { MANAGE, REPORT } from './common.ts'
import { getSubscriber, listSubscribers, revealSubscriber, saveSubscriber } from './subscribers.ts'
import { createSale, getSale, listSales, voidSale } from './sales.ts'
import { checkOff, pickupList } from './pickups.ts'
import { kitchenSheet, reconciliation } from './reports.ts'
import { logSale, logPickup } from './change-feed.ts'

const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } })
const body = <T extends z.ZodType>(schema: T) => ({ body: { ...json(schema), required: true } })
const ok = <T extends z.ZodType>(schema: T, description = 'OK') => ({ 200: { description, ...json(schema) }, ...problemResponses })
const IdParam = z.object({ id: Id })
const DateParam = z.object({ date: PlainDate })
const tags = ['meals']
const manage = requireRole(...MANAGE)
const report = requireRole(...REPORT)
const windowClosed = { 422: { description: 'Refused by a rule (sales window closed, day closed, menu unpublished)' }, 409: { description: 'Already recorded' } }

const r = {
  subscribers: createRoute({
    method: 'get',
    path: '/subscribers',
    tags,
    middleware: manage,
    request: { query: z.object({ q: z.string().max(40).optional(), community_id: Slug.optional() }) },
    responses: ok(z.array(Subscriber), 'Subscribers, phone and ID number masked'),
  }),
  subscriber: createRoute({ method: 'get', path: '/subscribers/{id}', tags, middleware: manage, request: { params: IdParam }, responses: ok(Subscriber) }),
  subscriberCreate: createRoute({
    method: 'post',
    path: '/subscribers',
    tags,
    middleware: manage,
    request: body(SubscriberCreate),
    responses: { 201: { description: 'Created', ...json(Subscriber) }, ...problemResponses },
  }),
  subscriberUpdate: createRoute({
    method: 'put',
    path: '/subscribers/{id}',
    tags,
    middleware: manage,
    request: { params: IdParam, ...body(SubscriberInput) },
    responses: ok(Subscriber),
  }),
  reveal: createRoute({
    method: 'post',
    path: '/subscribers/{id}/reveal',
    tags,
    middleware: manage,
    request: { params: IdParam },
    responses: ok(SubscriberRevealed, 'One record in full; audited'),
  }),
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
    responses: { ...ok(Sale), 409: { description: 'Already void' } },
  }),
  pickups: createRoute({ method: 'get', path: '/pickups/{date}', tags, middleware: report, request: { params: DateParam }, responses: ok(PickupList) }),
  checkOff: createRoute({
    method: 'put',
    path: '/pickups',
    tags,
    middleware: manage,
    request: body(PickupPut),
    responses: { ...ok(z.object({}).passthrough()), ...windowClosed },
  }),
  kitchen: createRoute({ method: 'get', path: '/kitchen/{date}', tags, middleware: report, request: { params: DateParam }, responses: ok(KitchenSheet) }),
  reconcile: createRoute({
    method: 'get',
    path: '/reports/{week}',
    tags,
    middleware: report,
    request: { params: z.object({ week: IsoWeek }) },
    responses: ok(z.object({}).passthrough(), 'Weekly reconciliation and ledger per resident'),
  }),
}

export const mealsSalesRouter = createRouter()
  .openapi(r.subscribers, async (c) =>
    c.json(
      await listSubscribers(c.var.deps.db, currentUser(c).subdistrict_id, { search: c.req.valid('query').q, community_id: c.req.valid('query').community_id }),
      200,
    ),
  )
  .openapi(r.subscriber, async (c) => c.json(await getSubscriber(c.var.deps.db, currentUser(c).subdistrict_id, c.req.valid('param').id), 200))
  .openapi(r.subscriberCreate, async (c) => {
    const { id, ...input } = c.req.valid('json')
    return c.json(await saveSubscriber(c.var.deps.db, currentUser(c).subdistrict_id, id, input, c.var.deps.now(), currentUser(c).id), 201)
  })
  .openapi(r.subscriberUpdate, async (c) => {
    const sd = currentUser(c).subdistrict_id
    await getSubscriber(c.var.deps.db, sd, c.req.valid('param').id)
    return c.json(await saveSubscriber(c.var.deps.db, sd, c.req.valid('param').id, c.req.valid('json'), c.var.deps.now(), currentUser(c).id), 200)
  })
  .openapi(r.reveal, async (c) => c.json(await revealSubscriber(c.var.deps.db, currentUser(c), c.req.valid('param').id, c.var.deps.now()), 200))
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
  .openapi(r.pickups, async (c) => c.json(await pickupList(c.var.deps.db, currentUser(c).subdistrict_id, c.req.valid('param').date, c.var.deps.now()), 200))
  .openapi(r.checkOff, async (c) => {
    const { db, now } = c.var.deps
    const rec = await db
      .transaction()
      .execute(async (tx) => logPickup(tx, currentUser(c), await checkOff(tx, currentUser(c), c.req.valid('json'), now()), now()))
    return c.json(rec, 200)
  })
  .openapi(r.kitchen, async (c) => c.json(await kitchenSheet(c.var.deps.db, currentUser(c).subdistrict_id, c.req.valid('param').date), 200))
  .openapi(r.reconcile, async (c) => c.json(await reconciliation(c.var.deps.db, currentUser(c).subdistrict_id, c.req.valid('param').week), 200))
