// Routes for dishes, weekly menus, prices, the sales window settings, pickup points and the public
// residents' view. Managing is for meals staff and admins; the public view needs no sign-in.
import { createRoute, z } from '@hono/zod-openapi'
import { createRouter, problemResponses } from '../../http/router.ts'
import { currentUser, requireRole } from '../../auth/middleware.ts'
import { ProblemError } from '../../http/problem.ts'
import { Id, Slug } from '#domain/ids.ts'
import {
  Dish,
  DishInput,
  MenuPut,
  MenuWeek,
  PickupPoint,
  PickupPointInput,
  PriceListInput,
  PriceListOut,
  SettingsInput,
  WeekParam,
} from '#domain/meals/catalog.ts'
import { describeWindow, salesWindow } from '#domain/meals/window.ts'
import { MANAGE, REPORT } from './common.ts'
import { createDish, listDishes, updateDish } from './dishes.ts'
import { getMenu, publishMenu, putMenu } from './menus.ts'
import { getPrices, getSettings, listPickupPoints, putPrices, putSettings, savePickupPoint } from './settings.ts'
import { publicMenu } from './public.ts'

const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } })
const body = <T extends z.ZodType>(schema: T) => ({ body: { ...json(schema), required: true } })
const ok = <T extends z.ZodType>(schema: T, description = 'OK') => ({ 200: { description, ...json(schema) }, ...problemResponses })
const IdParam = z.object({ id: Id })
const tags = ['meals']
const manage = requireRole(...MANAGE)
const report = requireRole(...REPORT)
const Window = z
  .object({ status: z.string(), week: z.string(), opens_at: z.string(), closes_at: z.string(), rule: z.object({ 'zh-CN': z.string(), en: z.string() }) })
  .passthrough()

const r = {
  dishes: createRoute({ method: 'get', path: '/dishes', tags, middleware: report, responses: ok(z.array(Dish)) }),
  dishCreate: createRoute({
    method: 'post',
    path: '/dishes',
    tags,
    middleware: manage,
    request: body(DishInput),
    responses: { 201: { description: 'Created', ...json(Dish) }, ...problemResponses },
  }),
  dishUpdate: createRoute({
    method: 'put',
    path: '/dishes/{id}',
    tags,
    middleware: manage,
    request: { params: IdParam, ...body(DishInput) },
    responses: ok(Dish),
  }),
  menu: createRoute({ method: 'get', path: '/menus/{week}', tags, middleware: report, request: { params: WeekParam }, responses: ok(MenuWeek) }),
  menuPut: createRoute({
    method: 'put',
    path: '/menus/{week}',
    tags,
    middleware: manage,
    request: { params: WeekParam, ...body(MenuPut) },
    responses: ok(MenuWeek),
  }),
  publish: createRoute({ method: 'post', path: '/menus/{week}/publish', tags, middleware: manage, request: { params: WeekParam }, responses: ok(MenuWeek) }),
  prices: createRoute({ method: 'get', path: '/prices/{week}', tags, middleware: report, request: { params: WeekParam }, responses: ok(PriceListOut) }),
  pricesPut: createRoute({
    method: 'put',
    path: '/prices/{week}',
    tags,
    middleware: manage,
    request: { params: WeekParam, ...body(PriceListInput) },
    responses: ok(PriceListOut),
  }),
  settings: createRoute({ method: 'get', path: '/settings', tags, middleware: report, responses: ok(SettingsInput) }),
  settingsPut: createRoute({ method: 'put', path: '/settings', tags, middleware: manage, request: body(SettingsInput), responses: ok(SettingsInput) }),
  window: createRoute({ method: 'get', path: '/window', tags, middleware: report, responses: ok(Window, 'The sales window now, by the server clock') }),
  points: createRoute({ method: 'get', path: '/pickup-points', tags, middleware: report, responses: ok(z.array(PickupPoint)) }),
  pointCreate: createRoute({
    method: 'post',
    path: '/pickup-points',
    tags,
    middleware: manage,
    request: body(PickupPointInput),
    responses: { 201: { description: 'Created', ...json(PickupPoint) }, ...problemResponses },
  }),
  pointUpdate: createRoute({
    method: 'put',
    path: '/pickup-points/{id}',
    tags,
    middleware: manage,
    request: { params: IdParam, ...body(PickupPointInput) },
    responses: ok(PickupPoint),
  }),
  public: createRoute({
    method: 'get',
    path: '/public',
    tags,
    request: { query: z.object({ subdistrict: Slug.optional() }) },
    responses: {
      200: { description: 'This and next week for residents (no personal data)', ...json(z.object({}).passthrough()) },
      400: { description: 'Which subdistrict?' },
      404: { description: 'No such subdistrict' },
    },
  }),
}

export const mealsCatalogRouter = createRouter()
  .openapi(r.dishes, async (c) => c.json(await listDishes(c.var.deps.db, currentUser(c).subdistrict_id), 200))
  .openapi(r.dishCreate, async (c) => c.json(await createDish(c.var.deps.db, currentUser(c).subdistrict_id, c.req.valid('json'), c.var.deps.now()), 201))
  .openapi(r.dishUpdate, async (c) => c.json(await updateDish(c.var.deps.db, currentUser(c).subdistrict_id, c.req.valid('param').id, c.req.valid('json')), 200))
  .openapi(r.menu, async (c) => c.json(await getMenu(c.var.deps.db, currentUser(c).subdistrict_id, c.req.valid('param').week), 200))
  .openapi(r.menuPut, async (c) => {
    const { db, now } = c.var.deps
    const menu = await db.transaction().execute((tx) => putMenu(tx, currentUser(c), c.req.valid('param').week, c.req.valid('json'), now()))
    return c.json(menu, 200)
  })
  .openapi(r.publish, async (c) => {
    const { db, now } = c.var.deps
    return c.json(await db.transaction().execute((tx) => publishMenu(tx, currentUser(c).subdistrict_id, c.req.valid('param').week, now())), 200)
  })
  .openapi(r.prices, async (c) => c.json(await getPrices(c.var.deps.db, currentUser(c).subdistrict_id, c.req.valid('param').week), 200))
  .openapi(r.pricesPut, async (c) =>
    c.json(
      await putPrices(c.var.deps.db, currentUser(c).subdistrict_id, c.req.valid('param').week, c.req.valid('json'), c.var.deps.now(), currentUser(c).id),
      200,
    ),
  )
  .openapi(r.settings, async (c) => c.json(await getSettings(c.var.deps.db, currentUser(c).subdistrict_id), 200))
  .openapi(r.settingsPut, async (c) =>
    c.json(await putSettings(c.var.deps.db, currentUser(c).subdistrict_id, c.req.valid('json'), c.var.deps.now(), currentUser(c).id), 200),
  )
  .openapi(r.window, async (c) => {
    const s = await getSettings(c.var.deps.db, currentUser(c).subdistrict_id)
    return c.json({ ...salesWindow(c.var.deps.now(), s), rule: describeWindow(s) }, 200)
  })
  .openapi(r.points, async (c) => c.json(await listPickupPoints(c.var.deps.db, currentUser(c).subdistrict_id), 200))
  .openapi(r.pointCreate, async (c) =>
    c.json(await savePickupPoint(c.var.deps.db, currentUser(c).subdistrict_id, undefined, c.req.valid('json'), c.var.deps.now(), currentUser(c).id), 201),
  )
  .openapi(r.pointUpdate, async (c) =>
    c.json(
      await savePickupPoint(c.var.deps.db, currentUser(c).subdistrict_id, c.req.valid('param').id, c.req.valid('json'), c.var.deps.now(), currentUser(c).id),
      200,
    ),
  )
  .openapi(r.public, async (c) => {
    const { db, now } = c.var.deps
    let sd = c.req.valid('query').subdistrict
    if (!sd) {
      const subs = await db.selectFrom('subdistricts').select('id').limit(2).execute()
      if (subs.length !== 1) throw new ProblemError(400, { 'zh-CN': '请指明街道', en: 'Name the subdistrict' })
      sd = subs[0]!.id
    } else if (!(await db.selectFrom('subdistricts').select('id').where('id', '=', sd).executeTakeFirst())) {
      throw new ProblemError(404, { 'zh-CN': '没有这个街道', en: 'No such subdistrict' })
    }
    return c.json(await publicMenu(db, sd, now()), 200)
  })
