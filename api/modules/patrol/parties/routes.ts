// /api/patrol/parties: the organisations agreements are made with. Everyone on patrol may read the
// list (phones masked) so an inspector can start a draft offline; only the office sees and edits full numbers.
import { createRoute, z } from '@hono/zod-openapi'
import { createRouter, problemResponse, problemResponses } from '../../../http/router.ts'
import { currentUser, requireRole } from '../../../auth/middleware.ts'
import { fieldProblem } from '../../../http/problem.ts'
import { Id } from '#domain/ids.ts'
import { Party, PartyInput } from '#domain/patrol/parties.ts'
import { getParty, listParties, savePartyRow } from './service.ts'
import { createOnce } from '../../../http/create-once.ts'

const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } })
const READERS = ['inspector', 'coordinator', 'admin'] as const
const EDITORS = ['coordinator', 'admin'] as const
const body = (schema: z.ZodType) => ({ body: { required: true, content: { 'application/json': { schema } } } })
const UpdateBody = PartyInput.safeExtend({ version: z.int().min(1) })

const list = createRoute({
  method: 'get',
  path: '/',
  tags: ['agreements'],
  middleware: [requireRole(...READERS)] as const,
  responses: { 200: { description: 'Parties, phone numbers masked', ...json(z.array(Party)) }, ...problemResponses },
})
const one = createRoute({
  method: 'get',
  path: '/{id}',
  tags: ['agreements'],
  middleware: [requireRole(...EDITORS)] as const,
  request: { params: z.object({ id: Id }) },
  responses: { 200: { description: 'One party with full contact numbers', ...json(Party) }, ...problemResponses, 404: problemResponse('No such party') },
})
const create = createRoute({
  method: 'post',
  path: '/',
  tags: ['agreements'],
  middleware: [requireRole(...EDITORS)] as const,
  request: body(PartyInput),
  responses: {
    201: { description: 'Created', ...json(Party) },
    ...problemResponses,
    409: problemResponse('Name taken, or the id already used for another submission'),
  },
})
const update = createRoute({
  method: 'put',
  path: '/{id}',
  tags: ['agreements'],
  middleware: [requireRole(...EDITORS)] as const,
  request: { params: z.object({ id: Id }), ...body(UpdateBody) },
  responses: {
    200: { description: 'Updated', ...json(Party) },
    ...problemResponses,
    404: problemResponse('No such party'),
    409: problemResponse('Stale version or name taken'),
  },
})

export const partiesRouter = createRouter()
  .openapi(list, async (c) => c.json(await listParties(c.var.deps.db, currentUser(c)), 200))
  .openapi(one, async (c) => {
    const p = await getParty(c.var.deps.db, currentUser(c), c.req.valid('param').id)
    if (!p) throw fieldProblem('party_unknown', 'id', { status: 404 })
    return c.json(p, 200)
  })
  .openapi(create, async (c) => {
    const input = c.req.valid('json') as PartyInput
    return c.json(await createOnce(c, input, (tx) => savePartyRow(tx, currentUser(c), input, c.var.deps.now())), 201)
  })
  .openapi(update, async (c) => {
    const { version, ...input } = c.req.valid('json') as PartyInput & { version: number }
    return c.json(await savePartyRow(c.var.deps.db, currentUser(c), input, c.var.deps.now(), c.req.valid('param').id, version), 200)
  })
