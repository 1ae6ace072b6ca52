// POST /api/sync/push and GET /api/sync/pull: open to every signed-in role; each entity handler
// decides who may write it and who may read it.
import { createRoute, z } from '@hono/zod-openapi'
import { createRouter, problemResponses } from '../http/router.ts'
import { currentUser, requireRole } from '../auth/middleware.ts'
import { langOf } from '../http/problem.ts'
import { ROLES } from '#domain/auth.ts'
import { PullQuery, PullResponse, PushRequest, PushResponse } from '#domain/sync.ts'
import { pushMutations } from './push.ts'
import { pullChangesJson } from './pull.ts'

const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } })

const push = createRoute({
  method: 'post',
  path: '/sync/push',
  tags: ['sync'],
  middleware: [requireRole(...ROLES)] as const,
  request: { body: { ...json(PushRequest), required: true } },
  responses: { 200: { description: 'One result per mutation, in order (applied, conflict or rejected)', ...json(PushResponse) }, ...problemResponses },
})

const pull = createRoute({
  method: 'get',
  path: '/sync/pull',
  tags: ['sync'],
  middleware: [requireRole(...ROLES)] as const,
  request: { query: PullQuery },
  responses: { 200: { description: 'Changes after the cursor that this user may see', ...json(PullResponse) }, ...problemResponses },
})

export const syncRoutes = createRouter()
  .openapi(push, async (c) => c.json(await pushMutations(c.var.deps, currentUser(c), c.req.valid('json'), langOf(c), c.var.writeCount), 200))
  .openapi(pull, async (c) => {
    const q = c.req.valid('query')
    const body = await pullChangesJson(c.var.deps.db, c.var.deps.entities, currentUser(c), Number(q.since ?? '0'), q.limit)
    return c.body(body, 200, { 'content-type': 'application/json' }) as never
  })
