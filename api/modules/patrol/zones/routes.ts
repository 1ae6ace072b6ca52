// /api/patrol/zones: the office draws and edits zones; everyone on patrol reads them; /public is the
// residents' view (no sign-in, public fields only) that the residents' map caches for offline use.
import { createRoute, z } from '@hono/zod-openapi'
import { createRouter, jsonResponse, problemResponse, problemResponses } from '../../../http/router.ts'
import { currentUser, requireRole } from '../../../auth/middleware.ts'
import { fieldProblem } from '../../../http/problem.ts'
import { Id, Slug } from '#domain/ids.ts'
import { PublicZones, Zone, ZoneInput } from '#domain/patrol/zones.ts'
import { createZone, listZones, publicSubdistrict, publicZones, updateZone, zoneVersions } from './service.ts'
import { createOnce, idReused } from '../../../http/create-once.ts'
import { taggedJson } from '../../../http/etag.ts'

const READERS = ['inspector', 'coordinator', 'admin'] as const
const EDITORS = ['coordinator', 'admin'] as const
const body = { body: { required: true, content: { 'application/json': { schema: ZoneInput } } } }

const pub = createRoute({
  method: 'get',
  path: '/public',
  tags: ['zones'],
  request: { query: z.object({ subdistrict: Slug.optional() }) },
  responses: { 200: jsonResponse(PublicZones, 'Active designated parking zones, public fields only'), 404: problemResponse('No such subdistrict') },
})
const list = createRoute({
  method: 'get',
  path: '/',
  tags: ['zones'],
  middleware: [requireRole(...READERS)] as const,
  responses: { 200: jsonResponse(z.array(Zone), 'Current version of every zone (planned, active, retired)'), ...problemResponses },
})
const history = createRoute({
  method: 'get',
  path: '/{id}/versions',
  tags: ['zones'],
  middleware: [requireRole(...READERS)] as const,
  request: { params: z.object({ id: Id }) },
  responses: { 200: jsonResponse(z.array(Zone), 'Every version of the zone, newest first'), ...problemResponses, 404: problemResponse('No such zone') },
})
const create = createRoute({
  method: 'post',
  path: '/',
  tags: ['zones'],
  middleware: [requireRole(...EDITORS)] as const,
  request: body,
  responses: { 201: jsonResponse(Zone, 'Created'), ...problemResponses, ...idReused, 422: problemResponse('Status not allowed') },
})
const update = createRoute({
  method: 'put',
  path: '/{id}',
  tags: ['zones'],
  middleware: [requireRole(...EDITORS)] as const,
  request: { params: z.object({ id: Id }), ...body },
  responses: {
    200: jsonResponse(Zone, 'The zone as it now stands (a new version when it was active)'),
    ...problemResponses,
    404: problemResponse('No such zone'),
    409: problemResponse('Not the current version'),
  },
})

export const zonesRouter = createRouter()
  .openapi(pub, async (c) => {
    const db = c.var.deps.db
    const sub = await publicSubdistrict(db, c.req.valid('query').subdistrict)
    if (!sub) throw fieldProblem('zone_unknown', 'subdistrict', { status: 404 })
    // Always revalidate: the device keeps its own copy in IndexedDB for offline use.
    c.header('cache-control', 'no-cache')
    return taggedJson(c, { subdistrict: sub, zones: await publicZones(db, sub.id), generated_at: c.var.deps.now().toISOString() }) as never
  })
  .openapi(list, async (c) => c.json(await listZones(c.var.deps.db, currentUser(c)), 200))
  .openapi(history, async (c) => {
    const versions = await zoneVersions(c.var.deps.db, currentUser(c), c.req.valid('param').id)
    if (!versions) throw fieldProblem('zone_unknown', 'id', { status: 404 })
    return c.json(versions, 200)
  })
  .openapi(create, async (c) => {
    const input = c.req.valid('json') as ZoneInput
    return c.json(await createOnce(c, input, (tx) => createZone(tx, currentUser(c), input, c.var.deps.now())), 201)
  })
  .openapi(update, async (c) =>
    c.json(await updateZone(c.var.deps.db, currentUser(c), c.req.valid('param').id, c.req.valid('json') as ZoneInput, c.var.deps.now()), 200),
  )
