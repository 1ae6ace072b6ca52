// The residents' view without an account: this and next week's published menus, prices, the sales
// window and the pickup points. No personal data.
import { createRoute, z } from '@hono/zod-openapi'
import { createRouter, problemResponse } from '../../../http/router.ts'
import { notFound, refused } from '../../../http/problem.ts'
import { Slug } from '#domain/ids.ts'
import { PublicMeals } from '#domain/meals/views.ts'
import { publicMenu } from './service.ts'
import { taggedJson } from '../../../http/etag.ts'

const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } })
const tags = ['meals']

const r = {
  public: createRoute({
    method: 'get',
    path: '/public',
    tags,
    request: { query: z.object({ subdistrict: Slug.optional() }) },
    responses: {
      200: { description: 'This and next week for residents (no personal data)', ...json(PublicMeals) },
      400: problemResponse('Which subdistrict?'),
      404: problemResponse('No such subdistrict'),
    },
  }),
}

export const publicRouter = createRouter().openapi(r.public, async (c) => {
  const { db, now } = c.var.deps
  const asked = c.req.valid('query').subdistrict
  // The subdistrict and its meal stamp (service.ts) in one statement.
  let q = db.selectFrom('subdistricts as s').leftJoin('meal_public_stamps as m', 'm.subdistrict_id', 's.id').select(['s.id', 'm.stamp'])
  q = asked ? q.where('s.id', '=', asked) : q.limit(2)
  const subs = await q.execute()
  if (!asked && subs.length !== 1) throw refused(400, 'subdistrict_required')
  if (asked && !subs.length) throw notFound('meals_subdistrict_unknown')
  const { id: sd, stamp } = subs[0]!
  return taggedJson(c, await publicMenu(db, sd, now(), stamp)) as never
})
