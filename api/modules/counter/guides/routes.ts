// Routes of the service guides: the desk's CRUD with history, and the residents' public catalogue
// and checklist (no login, public fields only).
import { createRoute, z } from '@hono/zod-openapi'
import { Guide, GuideCreate, GuideHistoryEntry, GuidePublic, GuideUpdate } from '#domain/counter/guides.ts'
import { Id, Slug } from '#domain/ids.ts'
import { text } from '#domain/text.ts'
import { createRouter, problemResponse, problemResponses } from '../../../http/router.ts'
import { requireRole } from '../../../auth/middleware.ts'
import { refused } from '../../../http/problem.ts'
import type { Kysely } from 'kysely'
import type { DB } from '../../../db/schema.ts'
import { verifyGuide, createGuide, getGuide, guideHistory, listGuides, publicGuide, publicGuides, updateGuide } from './service.ts'
import { ctxOf } from '../context.ts'
import { createOnce, idReused } from '../../../http/create-once.ts'
import { MANAGE, READ } from '../roles.ts'

const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } })
const IdParam = z.object({ id: Id })
const tags = ['counter']

const list = createRoute({
  method: 'get',
  path: '/guides',
  tags,
  middleware: [requireRole(...READ)] as const,
  request: { query: z.object({ q: text().max(60).optional() }) },
  responses: { 200: { description: 'Guides, best match first', ...json(z.array(Guide)) }, ...problemResponses },
})
const one = createRoute({
  method: 'get',
  path: '/guides/{id}',
  tags,
  middleware: [requireRole(...READ)] as const,
  request: { params: IdParam },
  responses: { 200: { description: 'A guide', ...json(Guide) }, ...problemResponses, 404: problemResponse('Not found') },
})
const history = createRoute({
  method: 'get',
  path: '/guides/{id}/history',
  tags,
  middleware: [requireRole(...READ)] as const,
  request: { params: IdParam },
  responses: { 200: { description: 'Versions, newest first', ...json(z.array(GuideHistoryEntry)) }, ...problemResponses },
})
const create = createRoute({
  method: 'post',
  path: '/guides',
  tags,
  middleware: [requireRole(...MANAGE)] as const,
  request: { body: { ...json(GuideCreate), required: true } },
  responses: { 201: { description: 'Created', ...json(Guide) }, ...problemResponses, ...idReused },
})
const update = createRoute({
  method: 'put',
  path: '/guides/{id}',
  tags,
  middleware: [requireRole(...MANAGE)] as const,
  request: { params: IdParam, body: { ...json(GuideUpdate), required: true } },
  responses: { 200: { description: 'Saved as a new version', ...json(Guide) }, ...problemResponses, 409: problemResponse('Based on an old version') },
})

const verify = createRoute({
  method: 'post',
  path: '/guides/{id}/verify',
  tags,
  middleware: [requireRole(...MANAGE)] as const,
  request: { params: IdParam },
  responses: { 200: { description: 'Verified today (a new version)', ...json(Guide) }, ...problemResponses, 404: problemResponse('Not found') },
})

const PublicQuery = z.object({ q: text().max(60).optional(), subdistrict: Slug.optional() })
const publicList = createRoute({
  method: 'get',
  path: '/public/guides',
  tags,
  request: { query: PublicQuery },
  responses: { 200: { description: 'Published guides, public fields only', ...json(z.array(GuidePublic)) }, 400: problemResponses[400] },
})
const publicOne = createRoute({
  method: 'get',
  path: '/public/guides/{code}',
  tags,
  request: { params: z.object({ code: text().max(32) }), query: z.object({ subdistrict: Slug.optional() }) },
  responses: { 200: { description: 'One published guide: the "what to bring" checklist', ...json(GuidePublic) }, 404: problemResponse('Not found') },
})

/** Residents have no session: the subdistrict is named, or implied when the deployment has one. */
async function publicSubdistrict(db: Kysely<DB>, named?: string): Promise<string> {
  const subs = await db
    .selectFrom('subdistricts')
    .select('id')
    .$if(!!named, (q) => q.where('id', '=', named!))
    .limit(2)
    .execute()
  if (subs.length !== 1) throw refused(named ? 404 : 400, 'subdistrict_required')
  return subs[0]!.id
}

export const guidesRouter = createRouter()
  .openapi(list, async (c) => {
    const x = ctxOf(c)
    return c.json(await listGuides(x.db, x.user.subdistrict_id, x.now, c.req.valid('query').q ?? ''), 200)
  })
  .openapi(one, async (c) => {
    const x = ctxOf(c)
    return c.json(await getGuide(x.db, x.user.subdistrict_id, c.req.valid('param').id, x.now), 200)
  })
  .openapi(history, async (c) => {
    const x = ctxOf(c)
    await getGuide(x.db, x.user.subdistrict_id, c.req.valid('param').id, x.now)
    return c.json(await guideHistory(x.db, x.user.subdistrict_id, c.req.valid('param').id), 200)
  })
  .openapi(create, async (c) => {
    const { id, ...input } = c.req.valid('json')
    return c.json(await createOnce(c, { id, ...input }, (tx) => createGuide({ ...ctxOf(c), db: tx }, input, id)), 201)
  })
  .openapi(update, async (c) => c.json(await updateGuide(ctxOf(c), c.req.valid('param').id, c.req.valid('json')), 200))
  .openapi(verify, async (c) => c.json(await verifyGuide(ctxOf(c), c.req.valid('param').id), 200))
  .openapi(publicList, async (c) => {
    const { db, now } = c.var.deps
    const { q, subdistrict } = c.req.valid('query')
    c.header('cache-control', 'public, max-age=300')
    return c.json(await publicGuides(db, await publicSubdistrict(db, subdistrict), now(), q ?? ''), 200)
  })
  .openapi(publicOne, async (c) => {
    const { db, now } = c.var.deps
    c.header('cache-control', 'public, max-age=300')
    return c.json(await publicGuide(db, await publicSubdistrict(db, c.req.valid('query').subdistrict), c.req.valid('param').code, now()), 200)
  })
