// Routes of the residents in the lunch program: list and read masked, create and edit, and reveal one
// record in full (audited). Meals staff and admins only.
import { createRoute, z } from '@hono/zod-openapi'
import { createRouter, problemResponses } from '../../../http/router.ts'
import { currentUser, requireRole } from '../../../auth/middleware.ts'
import { Id, Slug } from '#domain/ids.ts'
import { text } from '#domain/text.ts'
import { Subscriber, SubscriberCreate, SubscriberInput, SubscriberRevealed } from '#domain/meals/people.ts'
import { MANAGE } from '../roles.ts'
import { getSubscriber, listSubscribers, revealSubscriber, saveSubscriber } from './service.ts'
import { createOnce, idReused } from '../../../http/create-once.ts'
import { conflict, langOf } from '../../../http/problem.ts'
import { ResidentExport, WithdrawInput, WithdrawResult, WithdrawalPreview } from '#domain/privacy.ts'
import { exportResident, withdrawConsent, withdrawalPreview } from './privacy.ts'

const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } })
const body = <T extends z.ZodType>(schema: T) => ({ body: { ...json(schema), required: true } })
const ok = <T extends z.ZodType>(schema: T, description = 'OK') => ({ 200: { description, ...json(schema) }, ...problemResponses })
const IdParam = z.object({ id: Id })
const tags = ['meals']
const manage = requireRole(...MANAGE)

const r = {
  subscribers: createRoute({
    method: 'get',
    path: '/subscribers',
    tags,
    middleware: manage,
    request: { query: z.object({ q: text().max(40).optional(), community_id: Slug.optional() }) },
    responses: ok(z.array(Subscriber), 'Subscribers, phone and ID number masked'),
  }),
  subscriber: createRoute({ method: 'get', path: '/subscribers/{id}', tags, middleware: manage, request: { params: IdParam }, responses: ok(Subscriber) }),
  subscriberCreate: createRoute({
    method: 'post',
    path: '/subscribers',
    tags,
    middleware: manage,
    request: body(SubscriberCreate),
    responses: { 201: { description: 'Created', ...json(Subscriber) }, ...problemResponses, ...idReused },
  }),
  subscriberUpdate: createRoute({
    method: 'put',
    path: '/subscribers/{id}',
    tags,
    middleware: manage,
    request: { params: IdParam, ...body(SubscriberInput) },
    responses: ok(Subscriber),
  }),
  reveal: createRoute({
    method: 'post',
    path: '/subscribers/{id}/reveal',
    tags,
    middleware: manage,
    request: { params: IdParam },
    responses: ok(SubscriberRevealed, 'One record in full; audited'),
  }),
  withdrawal: createRoute({
    method: 'get',
    path: '/subscribers/{id}/withdrawal',
    tags,
    middleware: manage,
    request: { params: IdParam },
    responses: ok(WithdrawalPreview, 'What withdrawing consent would do: tickets still to collect, counter visits, consents in force'),
  }),
  withdraw: createRoute({
    method: 'post',
    path: '/subscribers/{id}/withdraw',
    tags,
    middleware: manage,
    request: { params: IdParam, ...body(WithdrawInput) },
    responses: ok(WithdrawResult, 'Consent withdrawn; the data it covered deleted or the record anonymised; audited'),
  }),
  export: createRoute({
    method: 'post',
    path: '/subscribers/{id}/export',
    tags,
    middleware: manage,
    request: { params: IdParam },
    responses: ok(ResidentExport, "Everything held about the resident, labelled in the caller's language; audited"),
  }),
}

export const subscribersRouter = createRouter()
  .openapi(r.subscribers, async (c) =>
    c.json(
      await listSubscribers(c.var.deps.db, currentUser(c).subdistrict_id, { search: c.req.valid('query').q, community_id: c.req.valid('query').community_id }),
      200,
    ),
  )
  .openapi(r.subscriber, async (c) => c.json(await getSubscriber(c.var.deps.db, currentUser(c).subdistrict_id, c.req.valid('param').id), 200))
  .openapi(r.subscriberCreate, async (c) => {
    const { id, ...input } = c.req.valid('json')
    const sd = currentUser(c).subdistrict_id
    const created = await createOnce(c, { id, ...input }, async (tx) => {
      // A create never edits: an id that already names a subscriber is refused.
      if (id && (await tx.selectFrom('meal_subscribers').select('id').where('subdistrict_id', '=', sd).where('id', '=', id).executeTakeFirst()))
        throw conflict('request_id_reused')
      return saveSubscriber(tx, sd, id, input, c.var.deps.now(), currentUser(c).id)
    })
    return c.json(created, 201)
  })
  .openapi(r.subscriberUpdate, async (c) => {
    const sd = currentUser(c).subdistrict_id
    await getSubscriber(c.var.deps.db, sd, c.req.valid('param').id)
    return c.json(await saveSubscriber(c.var.deps.db, sd, c.req.valid('param').id, c.req.valid('json'), c.var.deps.now(), currentUser(c).id), 200)
  })
  .openapi(r.reveal, async (c) => c.json(await revealSubscriber(c.var.deps.db, currentUser(c), c.req.valid('param').id, c.var.deps.now()), 200))
  .openapi(r.withdrawal, async (c) =>
    c.json(await withdrawalPreview(c.var.deps.db, currentUser(c).subdistrict_id, c.req.valid('param').id, c.var.deps.now()), 200),
  )
  .openapi(r.withdraw, async (c) =>
    c.json(await withdrawConsent(c.var.deps.db, currentUser(c), c.req.valid('param').id, c.req.valid('json'), c.var.deps.now()), 200),
  )
  .openapi(r.export, async (c) => c.json(await exportResident(c.var.deps.db, currentUser(c), c.req.valid('param').id, langOf(c), c.var.deps.now()), 200))
