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
  let sd = c.req.valid('query').subdistrict
  if (!sd) {
    const subs = await db.selectFrom('subdistricts').select('id').limit(2).execute()
    if (subs.length !== 1) throw refused(400, 'subdistrict_required')
    sd = subs[0]!.id
  } else if (!(await db.selectFrom('subdistricts').select('id').where('id', '=', sd).executeTakeFirst())) {
    throw notFound('meals_subdistrict_unknown')
  }
  return taggedJson(c, await publicMenu(db, sd, now())) as never
})
