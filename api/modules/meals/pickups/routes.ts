// Routes of the pickup check-off: the day's list with no-shows, and one check-off (logged for the
// devices that pull). Coordinators read; meals staff and admins check off.
import { createRoute, z } from '@hono/zod-openapi'
import { createRouter, problemResponse, problemResponses } from '../../../http/router.ts'
import { currentUser, requireRole } from '../../../auth/middleware.ts'
import { PickupList, PickupPut, PickupRecord } from '#domain/meals/sales.ts'
import { PlainDate } from '#domain/meals/fields.ts'
import { MANAGE, REPORT } from '../roles.ts'
import { checkOffOnce, pickupList } from './service.ts'
import { lockCounter } from '../../../sync/change-log.ts'
import { logPickup } from '../change-feed.ts'

const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } })
const body = <T extends z.ZodType>(schema: T) => ({ body: { ...json(schema), required: true } })
const ok = <T extends z.ZodType>(schema: T, description = 'OK') => ({ 200: { description, ...json(schema) }, ...problemResponses })
const DateParam = z.object({ date: PlainDate })
const tags = ['meals']
const manage = requireRole(...MANAGE)
const report = requireRole(...REPORT)
const windowClosed = { 422: problemResponse('Refused by a rule (sales window closed, day closed, menu unpublished)'), 409: problemResponse('Already recorded') }

const r = {
  pickups: createRoute({ method: 'get', path: '/pickups/{date}', tags, middleware: report, request: { params: DateParam }, responses: ok(PickupList) }),
  checkOff: createRoute({
    method: 'put',
    path: '/pickups',
    tags,
    middleware: manage,
    request: body(PickupPut),
    responses: { ...ok(PickupRecord), ...windowClosed },
  }),
}

export const pickupsRouter = createRouter()
  .openapi(r.pickups, async (c) => c.json(await pickupList(c.var.deps.db, currentUser(c).subdistrict_id, c.req.valid('param').date, c.var.deps.now()), 200))
  .openapi(r.checkOff, async (c) => {
    const { db, now } = c.var.deps
    const user = currentUser(c)
    const rec = await db.transaction().execute(async (tx) => {
      // The counter lock first: the same check-off sent twice at once queues here instead of inserting twice.
      await lockCounter(tx, user.subdistrict_id)
      const { record, written } = await checkOffOnce(tx, user, c.req.valid('json'), now())
      return written ? logPickup(tx, user, record, now()) : record
    })
    return c.json(rec, 200)
  })
