// Workflow routes for the office: a report's status (note required for duplicate / not ours), merging
// duplicates, re-check assignment, photo publication. Inspectors get 403: they report, the office decides.
import { createRoute, z } from '@hono/zod-openapi'
import { createRouter, problemResponse, problemResponses } from '../../../http/router.ts'
import { currentUser, requireRole } from '../../../auth/middleware.ts'
import { Id } from '#domain/ids.ts'
import { MediaHash } from '#domain/sync.ts'
import { MergeRequest, PlaceReportInput, Recheck, RecheckInput, ReportStatusChange, REVIEW_ROLES, UnplacedReport } from '#domain/patrol/workflow.ts'
import { changeReportStatus, listUnplaced, mergeReports, placeUnplaced, setPhotoPublication } from './service.ts'
import { createRecheck } from '../rechecks/service.ts'
import { createOnce, idReused } from '../../../http/create-once.ts'

const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } })
const mw = [requireRole(...REVIEW_ROLES)]
const Ok = z.object({ ok: z.literal(true) })

const status = createRoute({
  method: 'post',
  path: '/reports/{id}/status',
  tags: ['workflow'],
  middleware: mw,
  request: { params: z.object({ id: Id }), body: { ...json(ReportStatusChange), required: true } },
  responses: { 200: { description: 'Status changed and logged', ...json(Ok) }, ...problemResponses, 404: problemResponse('No such report') },
})
const merge = createRoute({
  method: 'post',
  path: '/reports/{id}/merge',
  tags: ['workflow'],
  middleware: mw,
  request: { params: z.object({ id: Id }), body: { ...json(MergeRequest), required: true } },
  responses: { 200: { description: 'Duplicates merged into this report', ...json(Ok) }, ...problemResponses, 404: problemResponse('No such report') },
})
const unplaced = createRoute({
  method: 'get',
  path: '/unplaced',
  tags: ['workflow'],
  middleware: mw,
  responses: {
    200: { description: 'Reports that came without a position (Open311 with only an address), waiting to be placed', ...json(z.array(UnplacedReport)) },
    ...problemResponses,
  },
})
const place = createRoute({
  method: 'post',
  path: '/reports/{id}/position',
  tags: ['workflow'],
  middleware: mw,
  request: { params: z.object({ id: Id }), body: { ...json(PlaceReportInput), required: true } },
  responses: {
    200: { description: 'Placed: the report joins its community and hotspot', ...json(Ok) },
    ...problemResponses,
    404: problemResponse('No such report'),
    409: problemResponse('The report already has a position'),
  },
})
const recheck = createRoute({
  method: 'post',
  path: '/rechecks',
  tags: ['workflow'],
  middleware: mw,
  request: { body: { ...json(RecheckInput), required: true } },
  responses: {
    201: { description: 'Re-check assigned; the inspector pulls it', ...json(Recheck) },
    ...problemResponses,
    404: problemResponse('No such report'),
    ...idReused,
    422: problemResponse('Not an inspector of that community, or report closed'),
  },
})
const inspectors = createRoute({
  method: 'get',
  path: '/inspectors',
  tags: ['workflow'],
  middleware: mw,
  responses: {
    200: {
      description: 'Inspectors with their communities (re-check assignees)',
      ...json(z.array(z.object({ id: z.string(), display_name: z.string(), community_ids: z.array(z.string()) }))),
    },
    ...problemResponses,
  },
})
const photo = createRoute({
  method: 'post',
  path: '/photos/{sha256}/publication',
  tags: ['workflow'],
  middleware: mw,
  request: { params: z.object({ sha256: MediaHash }), body: { ...json(z.strictObject({ approved: z.boolean() })), required: true } },
  responses: { 200: { description: 'Publication approval set', ...json(Ok) }, ...problemResponses },
})

export const workflowRouter = createRouter()
  .openapi(status, async (c) => {
    const body = c.req.valid('json')
    await changeReportStatus(c.var.deps.db, currentUser(c), c.req.valid('param').id, body.status, body.note, c.var.deps.now())
    return c.json({ ok: true as const }, 200)
  })
  .openapi(merge, async (c) => {
    const body = c.req.valid('json')
    await mergeReports(c.var.deps.db, currentUser(c), c.req.valid('param').id, body.duplicate_ids, body.note, c.var.deps.now())
    return c.json({ ok: true as const }, 200)
  })
  .openapi(unplaced, async (c) => c.json(await listUnplaced(c.var.deps.db, currentUser(c).subdistrict_id), 200))
  .openapi(place, async (c) => {
    await placeUnplaced(c.var.deps.db, currentUser(c), c.req.valid('param').id, c.req.valid('json'), c.var.deps.now())
    return c.json({ ok: true as const }, 200)
  })
  .openapi(recheck, async (c) => {
    const input = c.req.valid('json')
    return c.json(await createOnce(c, input, (tx) => createRecheck(tx, currentUser(c), input, c.var.deps.now())), 201)
  })
  .openapi(inspectors, async (c) => {
    const sd = currentUser(c).subdistrict_id
    const db = c.var.deps.db
    const users = await db
      .selectFrom('users')
      .select(['id', 'display_name'])
      .where('subdistrict_id', '=', sd)
      .where('role', '=', 'inspector')
      .where('disabled', '=', 0)
      .orderBy('username')
      .execute()
    const links = await db.selectFrom('user_communities').select(['user_id', 'community_id']).where('subdistrict_id', '=', sd).execute()
    return c.json(
      users.map((u) => ({ ...u, community_ids: links.filter((l) => l.user_id === u.id).map((l) => l.community_id) })),
      200,
    )
  })
  .openapi(photo, async (c) => {
    await setPhotoPublication(c.var.deps.db, currentUser(c), c.req.valid('param').sha256, c.req.valid('json').approved, c.var.deps.now())
    return c.json({ ok: true as const }, 200)
  })
