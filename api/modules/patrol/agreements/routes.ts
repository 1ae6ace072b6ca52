// /api/patrol/agreements: read routes. Writes (drafts on site, activation, ending) arrive through
// POST /api/sync/push as `agreement` mutations, so an offline draft and an office edit obey the same rules.
import { createRoute, z } from '@hono/zod-openapi'
import { createRouter, jsonResponse, problemResponse, problemResponses } from '../../../http/router.ts'
import { currentUser, requireRole } from '../../../auth/middleware.ts'
import { fieldProblem } from '../../../http/problem.ts'
import { Id, Slug } from '#domain/ids.ts'
import { AgreementStatus } from '#domain/patrol/agreements.ts'
import { AgreementDetail, AgreementSummary } from '#domain/patrol/agreement-views.ts'
import { AGREEMENT_READ_ROLES } from './entity.ts'
import { getAgreement, listAgreements, mayReadAgreement } from './service.ts'
import { BeforeAfterWeeks } from '#domain/patrol/before-after.ts'
import { AgreementBeforeAfter } from '#domain/patrol/before-after-views.ts'
import { agreementBeforeAfter } from './before-after.ts'

const list = createRoute({
  method: 'get',
  path: '/',
  tags: ['agreements'],
  middleware: [requireRole(...AGREEMENT_READ_ROLES)] as const,
  request: { query: z.object({ status: AgreementStatus.optional(), community_id: Slug.optional() }) },
  responses: { 200: jsonResponse(z.array(AgreementSummary), 'Agreements the caller may see, with compliance rate and follow-up flag'), ...problemResponses },
})
const one = createRoute({
  method: 'get',
  path: '/{id}',
  tags: ['agreements'],
  middleware: [requireRole(...AGREEMENT_READ_ROLES)] as const,
  request: { params: z.object({ id: Id }) },
  responses: {
    200: jsonResponse(AgreementDetail, 'One agreement with parties, compliance checks, rate over time, follow-up and zones'),
    ...problemResponses,
    404: problemResponse('No such agreement'),
  },
})

const beforeAfter = createRoute({
  method: 'get',
  path: '/{id}/before-after',
  tags: ['agreements'],
  middleware: [requireRole(...AGREEMENT_READ_ROLES)] as const,
  request: { params: z.object({ id: Id }), query: z.object({ weeks: BeforeAfterWeeks }) },
  responses: {
    200: jsonResponse(AgreementBeforeAfter, "Blocked share and vehicles at the agreement's places in the weeks before and after it took effect"),
    ...problemResponses,
    404: problemResponse('No such agreement'),
  },
})

export const agreementsRouter = createRouter()
  .openapi(list, async (c) => c.json(await listAgreements(c.var.deps.db, currentUser(c), c.var.deps.now(), c.req.valid('query')), 200))
  .openapi(one, async (c) => {
    const found = await getAgreement(c.var.deps.db, currentUser(c), c.var.deps.now(), c.req.valid('param').id)
    if (!found) throw fieldProblem('agreement_unknown', 'id', { status: 404 })
    return c.json(found, 200)
  })
  .openapi(beforeAfter, async (c) => {
    const { deps } = c.var
    const user = currentUser(c)
    const { id } = c.req.valid('param')
    // Visibility is the agreement's: an inspector sees the places of their communities only.
    if (!(await mayReadAgreement(deps.db, user, id))) throw fieldProblem('agreement_unknown', 'id', { status: 404 })
    const found = await agreementBeforeAfter(deps.db, user.subdistrict_id, id, c.req.valid('query').weeks)
    if (!found) throw fieldProblem('agreement_unknown', 'id', { status: 404 })
    return c.json(found, 200)
  })
