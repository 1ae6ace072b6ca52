// Routes of the dish catalogue the weekly menu picks from. Meals staff and admins manage; the
// coordinator reads.
import { createRoute, z } from '@hono/zod-openapi'
import { createRouter, problemResponses } from '../../../http/router.ts'
import { currentUser, requireRole } from '../../../auth/middleware.ts'
import { Id } from '#domain/ids.ts'
import { Dish, DishCreate, DishInput } from '#domain/meals/catalog.ts'
import { MANAGE, REPORT } from '../roles.ts'
import { createDish, listDishes, updateDish } from './service.ts'
import { createOnce, idReused } from '../../../http/create-once.ts'

const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } })
const body = <T extends z.ZodType>(schema: T) => ({ body: { ...json(schema), required: true } })
const ok = <T extends z.ZodType>(schema: T, description = 'OK') => ({ 200: { description, ...json(schema) }, ...problemResponses })
const IdParam = z.object({ id: Id })
const tags = ['meals']
const manage = requireRole(...MANAGE)
const report = requireRole(...REPORT)

const r = {
  dishes: createRoute({ method: 'get', path: '/dishes', tags, middleware: report, responses: ok(z.array(Dish)) }),
  dishCreate: createRoute({
    method: 'post',
    path: '/dishes',
    tags,
    middleware: manage,
    request: body(DishCreate),
    responses: { 201: { description: 'Created', ...json(Dish) }, ...problemResponses, ...idReused },
  }),
  dishUpdate: createRoute({
    method: 'put',
    path: '/dishes/{id}',
    tags,
    middleware: manage,
    request: { params: IdParam, ...body(DishInput) },
    responses: ok(Dish),
  }),
}

export const dishesRouter = createRouter()
  .openapi(r.dishes, async (c) => c.json(await listDishes(c.var.deps.db, currentUser(c).subdistrict_id), 200))
  .openapi(r.dishCreate, async (c) => {
    const { id, ...input } = c.req.valid('json')
    return c.json(await createOnce(c, { id, ...input }, (tx) => createDish(tx, currentUser(c).subdistrict_id, input, c.var.deps.now(), id)), 201)
  })
  .openapi(r.dishUpdate, async (c) => c.json(await updateDish(c.var.deps.db, currentUser(c).subdistrict_id, c.req.valid('param').id, c.req.valid('json')), 200))
