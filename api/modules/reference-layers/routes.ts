// /api/map-layers: the subdistrict's reference layers for every map (public, no personal data: only
// geometry and a name per feature), revalidated by ETag; /api/admin/map-layers/{id}: the admin's import.
import { createRoute, z } from '@hono/zod-openapi'
import { createRouter, jsonResponse, problemResponse, problemResponses } from '../../http/router.ts'
import { currentUser, requireRole } from '../../auth/middleware.ts'
import { fieldProblem } from '../../http/problem.ts'
import { Slug } from '#domain/ids.ts'
import { LayerId, PublicReferenceLayers, ReferenceLayerInput, ReferenceLayerSummary } from '#domain/reference-layers.ts'
import { publicSubdistrict } from '../patrol/zones/service.ts'
import { deleteLayer, importLayer, layersEtag, listLayers } from './service.ts'

const read = createRoute({
  method: 'get',
  path: '/map-layers',
  tags: ['maps'],
  request: { query: z.object({ subdistrict: Slug.optional() }) },
  responses: {
    200: jsonResponse(PublicReferenceLayers, 'Every reference layer of the subdistrict with its GeoJSON'),
    304: { description: 'Not modified since the ETag given in If-None-Match' },
    404: problemResponse('No such subdistrict'),
  },
})

const put = createRoute({
  method: 'put',
  path: '/admin/map-layers/{id}',
  tags: ['maps'],
  middleware: [requireRole('admin')] as const,
  request: { params: z.object({ id: LayerId }), body: { required: true, content: { 'application/json': { schema: ReferenceLayerInput } } } },
  responses: {
    200: jsonResponse(ReferenceLayerSummary, 'The layer as imported (summary, without the GeoJSON)'),
    ...problemResponses,
    413: problemResponse('Body too large'),
  },
})

const remove = createRoute({
  method: 'delete',
  path: '/admin/map-layers/{id}',
  tags: ['maps'],
  middleware: [requireRole('admin')] as const,
  request: { params: z.object({ id: LayerId }) },
  responses: { 204: { description: 'Deleted' }, ...problemResponses, 404: problemResponse('No such layer') },
})

export const referenceLayersRouter = createRouter()
  .openapi(read, async (c) => {
    const db = c.var.deps.db
    // Signed in: the user's own subdistrict; otherwise the one asked for (or the only one).
    const sd = c.var.user?.subdistrict_id ?? (await publicSubdistrict(db, c.req.valid('query').subdistrict))?.id
    if (!sd) throw fieldProblem('layer_subdistrict_unknown', 'subdistrict', { status: 404 })
    const etag = await layersEtag(db, sd)
    c.header('etag', etag)
    // Always revalidate: devices keep their own copy for offline use, the ETag keeps the check cheap.
    c.header('cache-control', 'no-cache')
    c.header('vary', 'cookie')
    const match = c.req.header('if-none-match')
    if (match && match.split(',').some((m) => m.trim().replace(/^W\//, '') === etag)) return c.body(null, 304)
    const body: PublicReferenceLayers = { subdistrict_id: sd, layers: await listLayers(db, sd) }
    return c.json(body, 200)
  })
  .openapi(put, async (c) => {
    const user = currentUser(c)
    const saved = await importLayer(c.var.deps.db, user, user.subdistrict_id, c.req.valid('param').id, c.req.valid('json'), c.var.deps.now())
    return c.json(saved, 200)
  })
  .openapi(remove, async (c) => {
    const found = await deleteLayer(c.var.deps.db, currentUser(c), c.req.valid('param').id, c.var.deps.now())
    if (!found) throw fieldProblem('layer_unknown', 'id', { status: 404 })
    return c.body(null, 204)
  })
