// Routes of the configurable parts of the program: per-week prices, the sales window settings (and
// the window now, by the server clock) and the pickup points.
import { createRoute, z } from '@hono/zod-openapi'
import { createRouter, problemResponses } from '../../../http/router.ts'
import { currentUser, requireRole } from '../../../auth/middleware.ts'
import { Id } from '#domain/ids.ts'
import { PickupPoint, PickupPointCreate, PickupPointInput, PriceListInput, PriceListOut, SettingsInput, WeekParam } from '#domain/meals/catalog.ts'
import { describeWindow, salesWindow, SalesWindowView } from '#domain/meals/window.ts'
import { MANAGE, REPORT } from '../roles.ts'
import { getPrices, getSettings, listPickupPoints, putPrices, putSettings, savePickupPoint } from './service.ts'
import { createOnce, idReused } from '../../../http/create-once.ts'

const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } })
const body = <T extends z.ZodType>(schema: T) => ({ body: { ...json(schema), required: true } })
const ok = <T extends z.ZodType>(schema: T, description = 'OK') => ({ 200: { description, ...json(schema) }, ...problemResponses })
const IdParam = z.object({ id: Id })
const tags = ['meals']
const manage = requireRole(...MANAGE)
const report = requireRole(...REPORT)
const Window = SalesWindowView

const r = {
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
    request: body(PickupPointCreate),
    responses: { 201: { description: 'Created', ...json(PickupPoint) }, ...problemResponses, ...idReused },
  }),
  pointUpdate: createRoute({
    method: 'put',
    path: '/pickup-points/{id}',
    tags,
    middleware: manage,
    request: { params: IdParam, ...body(PickupPointInput) },
    responses: ok(PickupPoint),
  }),
}

export const settingsRouter = createRouter()
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
  .openapi(r.pointCreate, async (c) => {
    const { id, ...input } = c.req.valid('json')
    const user = currentUser(c)
    return c.json(await createOnce(c, { id, ...input }, (tx) => savePickupPoint(tx, user.subdistrict_id, undefined, input, c.var.deps.now(), user.id, id)), 201)
  })
  .openapi(r.pointUpdate, async (c) =>
    c.json(
      await savePickupPoint(c.var.deps.db, currentUser(c).subdistrict_id, c.req.valid('param').id, c.req.valid('json'), c.var.deps.now(), currentUser(c).id),
      200,
    ),
  )
