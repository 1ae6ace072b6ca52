// Routes of the weekly menu: read, edit (a note once published) and publish. Meals staff and admins
// manage; the coordinator reads.
import { createRoute, z } from '@hono/zod-openapi'
import { createRouter, problemResponses } from '../../../http/router.ts'
import { currentUser, requireRole } from '../../../auth/middleware.ts'
import { MenuPut, MenuWeek, WeekParam } from '#domain/meals/catalog.ts'
import { MANAGE, REPORT } from '../roles.ts'
import { getMenu, publishMenu, putMenu } from './service.ts'

const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } })
const body = <T extends z.ZodType>(schema: T) => ({ body: { ...json(schema), required: true } })
const ok = <T extends z.ZodType>(schema: T, description = 'OK') => ({ 200: { description, ...json(schema) }, ...problemResponses })
const tags = ['meals']
const manage = requireRole(...MANAGE)
const report = requireRole(...REPORT)

const r = {
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
}

export const menusRouter = createRouter()
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
