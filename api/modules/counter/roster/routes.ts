// Routes of the duty roster: desks, slot hours, A/B templates, the week with its conflicts, shifts,
// swaps and leave.
import { createRoute, z } from '@hono/zod-openapi'
import { AssignmentInput, DeskInput, IsoWeek, LeaveInput, RosterSettings, SwapInput, TemplateInput } from '#domain/counter/roster.ts'
import { Desk, RosterLeave, RosterShift, RosterTemplate, RosterWeek } from '#domain/counter/views.ts'
import { Id } from '#domain/ids.ts'
import { createRouter, problemResponses } from '../../../http/router.ts'
import { requireRole } from '../../../auth/middleware.ts'
import {
  createDesk,
  addAssignment,
  addLeave,
  deleteAssignment,
  deleteLeave,
  getSettings,
  listDesks,
  putSettings,
  rosterWeek,
  swapAssignment,
} from './service.ts'
import { applyTemplate, createTemplate, listTemplates } from './templates.ts'
import { ctxOf } from '../context.ts'
import { MANAGE, READ } from '../roles.ts'
import { createOnce, idReused } from '../../../http/create-once.ts'

const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } })
const tags = ['counter']
const IdParam = z.object({ id: Id })
const WeekQuery = z.object({ week: IsoWeek })
const ok = (d: string) => ({ 200: { description: d, ...json(RosterWeek) }, ...problemResponses })

const r = {
  desks: createRoute({
    method: 'get',
    path: '/desks',
    tags,
    middleware: [requireRole(...READ)] as const,
    responses: {
      200: { description: 'Counters (desks)', ...json(z.array(Desk)) },
      ...problemResponses,
    },
  }),
  addDesk: createRoute({
    method: 'post',
    path: '/desks',
    tags,
    middleware: [requireRole(...MANAGE)] as const,
    request: { body: { ...json(DeskInput), required: true } },
    responses: { 201: { description: 'Created', ...json(Desk) }, ...problemResponses, ...idReused },
  }),
  settings: createRoute({
    method: 'get',
    path: '/settings',
    tags,
    middleware: [requireRole(...READ)] as const,
    responses: { 200: { description: 'Slot hours and open weekdays', ...json(RosterSettings) }, ...problemResponses },
  }),
  putSettings: createRoute({
    method: 'put',
    path: '/settings',
    tags,
    middleware: [requireRole(...MANAGE)] as const,
    request: { body: { ...json(RosterSettings), required: true } },
    responses: { 200: { description: 'Saved', ...json(RosterSettings) }, ...problemResponses },
  }),
  templates: createRoute({
    method: 'get',
    path: '/templates',
    tags,
    middleware: [requireRole(...READ)] as const,
    responses: { 200: { description: 'Rotating templates', ...json(z.array(RosterTemplate)) }, ...problemResponses },
  }),
  addTemplate: createRoute({
    method: 'post',
    path: '/templates',
    tags,
    middleware: [requireRole(...MANAGE)] as const,
    request: { body: { ...json(TemplateInput), required: true } },
    responses: { 201: { description: 'Created', ...json(RosterTemplate) }, ...problemResponses, ...idReused },
  }),
  apply: createRoute({
    method: 'post',
    path: '/templates/{id}/apply',
    tags,
    middleware: [requireRole(...MANAGE)] as const,
    request: { params: IdParam, body: { ...json(z.strictObject({ week: IsoWeek })), required: true } },
    responses: ok('The week after applying, with conflicts'),
  }),
  week: createRoute({
    method: 'get',
    path: '/roster',
    tags,
    middleware: [requireRole(...READ)] as const,
    request: { query: WeekQuery },
    responses: ok('One ISO week: slots, shifts, leave, conflicts'),
  }),
  assign: createRoute({
    method: 'post',
    path: '/roster/assignments',
    tags,
    middleware: [requireRole(...MANAGE)] as const,
    request: { body: { ...json(AssignmentInput), required: true } },
    responses: { 201: { description: 'Created', ...json(RosterShift) }, ...problemResponses, ...idReused },
  }),
  unassign: createRoute({
    method: 'delete',
    path: '/roster/assignments/{id}',
    tags,
    middleware: [requireRole(...MANAGE)] as const,
    request: { params: IdParam },
    responses: { 204: { description: 'Deleted' }, ...problemResponses },
  }),
  swap: createRoute({
    method: 'post',
    path: '/roster/swap',
    tags,
    middleware: [requireRole(...MANAGE)] as const,
    request: { body: { ...json(SwapInput), required: true } },
    responses: { 204: { description: 'Swapped' }, ...problemResponses },
  }),
  leave: createRoute({
    method: 'post',
    path: '/leaves',
    tags,
    middleware: [requireRole(...MANAGE)] as const,
    request: { body: { ...json(LeaveInput), required: true } },
    responses: { 201: { description: 'Created', ...json(RosterLeave) }, ...problemResponses, ...idReused },
  }),
  unleave: createRoute({
    method: 'delete',
    path: '/leaves/{id}',
    tags,
    middleware: [requireRole(...MANAGE)] as const,
    request: { params: IdParam },
    responses: { 204: { description: 'Deleted' }, ...problemResponses },
  }),
}

export const rosterRouter = createRouter()
  .openapi(r.desks, async (c) => c.json(await listDesks(c.var.deps.db, ctxOf(c).user.subdistrict_id), 200))
  .openapi(r.addDesk, async (c) => {
    const input = c.req.valid('json')
    return c.json(await createOnce(c, input, (tx) => createDesk({ ...ctxOf(c), db: tx }, input)), 201)
  })
  .openapi(r.settings, async (c) => c.json(await getSettings(c.var.deps.db, ctxOf(c).user.subdistrict_id), 200))
  .openapi(r.putSettings, async (c) => c.json(await putSettings(ctxOf(c), c.req.valid('json')), 200))
  .openapi(r.templates, async (c) => c.json(await listTemplates(c.var.deps.db, ctxOf(c).user.subdistrict_id), 200))
  .openapi(r.addTemplate, async (c) => {
    const input = c.req.valid('json')
    return c.json(await createOnce(c, input, (tx) => createTemplate({ ...ctxOf(c), db: tx }, input)), 201)
  })
  .openapi(r.apply, async (c) => c.json(await applyTemplate(ctxOf(c), c.req.valid('param').id, c.req.valid('json').week), 200))
  .openapi(r.week, async (c) => c.json(await rosterWeek(c.var.deps.db, ctxOf(c).user.subdistrict_id, c.req.valid('query').week), 200))
  .openapi(r.assign, async (c) => {
    const input = c.req.valid('json')
    return c.json(await createOnce(c, input, (tx) => addAssignment({ ...ctxOf(c), db: tx }, input)), 201)
  })
  .openapi(r.unassign, async (c) => {
    await deleteAssignment(ctxOf(c), c.req.valid('param').id)
    return c.body(null, 204)
  })
  .openapi(r.swap, async (c) => {
    await swapAssignment(ctxOf(c), c.req.valid('json'))
    return c.body(null, 204)
  })
  .openapi(r.leave, async (c) => {
    const input = c.req.valid('json')
    return c.json(await createOnce(c, input, (tx) => addLeave({ ...ctxOf(c), db: tx }, input)), 201)
  })
  .openapi(r.unleave, async (c) => {
    await deleteLeave(ctxOf(c), c.req.valid('param').id)
    return c.body(null, 204)
  })
