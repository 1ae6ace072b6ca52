// Admin API for Open311 api_keys (/api/patrol/open311-keys): list, create (the key is shown once), revoke.
import { createRoute, z } from '@hono/zod-openapi'
import { createRouter, problemResponse, problemResponses } from '../../../http/router.ts'
import { currentUser, requireRole } from '../../../auth/middleware.ts'
import { notFound } from '../../../http/problem.ts'
import { Id } from '#domain/ids.ts'
import { text } from '#domain/text.ts'
import { createOpen311Key, listOpen311Keys, revokeOpen311Key } from './service.ts'
import { createOnce, idReused } from '../../../http/create-once.ts'

const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } })
const mw = [requireRole('admin')]
const KeySummary = z.object({ id: z.string(), name: z.string(), created_at: z.string(), revoked_at: z.string().nullable() })

const list = createRoute({
  method: 'get',
  path: '/',
  tags: ['open311'],
  middleware: mw,
  responses: { 200: { description: 'Keys (never the secret)', ...json(z.array(KeySummary)) }, ...problemResponses },
})
const create = createRoute({
  method: 'post',
  path: '/',
  tags: ['open311'],
  middleware: mw,
  request: { body: { ...json(z.strictObject({ id: Id.optional(), name: text().trim().min(1).max(80) })), required: true } },
  responses: {
    201: {
      description: 'The new key, shown only in this response',
      ...json(z.object({ id: z.string(), name: z.string(), key: z.string(), created_at: z.string() })),
    },
    ...problemResponses,
    ...idReused,
  },
})
const revoke = createRoute({
  method: 'delete',
  path: '/{id}',
  tags: ['open311'],
  middleware: mw,
  request: { params: z.object({ id: Id }) },
  responses: { 200: { description: 'Revoked', ...json(z.object({ ok: z.literal(true) })) }, ...problemResponses, 404: problemResponse('No such live key') },
})

export const open311KeysRouter = createRouter()
  .openapi(list, async (c) => c.json(await listOpen311Keys(c.var.deps.db, currentUser(c).subdistrict_id), 200))
  .openapi(create, async (c) => {
    const user = currentUser(c)
    const input = c.req.valid('json')
    // A resend within a day gets the key again (the first answer is kept that long, then cleared).
    const key = await createOnce(c, input, (tx) =>
      createOpen311Key(tx, user.subdistrict_id, { id: input.id, name: input.name, created_by: user.id }, c.var.deps.now()),
    )
    return c.json(key, 201)
  })
  .openapi(revoke, async (c) => {
    const ok = await revokeOpen311Key(c.var.deps.db, currentUser(c).subdistrict_id, c.req.valid('param').id, c.var.deps.now())
    if (!ok) throw notFound('open311_key_unknown')
    return c.json({ ok: true as const }, 200)
  })
