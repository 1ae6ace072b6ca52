// /api/patrol/residents: the residents' side (no sign-in) — what the form needs, a proof-of-work
// challenge, the report itself and the follow-up by code — and the office's moderation queue,
// decisions and the audited reveal of one report's phone number (coordinator, admin).
import { createRoute, z } from '@hono/zod-openapi'
import { createRouter, jsonResponse, problemResponse, problemResponses } from '../../../http/router.ts'
import { currentUser, requireRole } from '../../../auth/middleware.ts'
import { clientIp } from '../../../http/client-ip.ts'
import { Id, Slug } from '#domain/ids.ts'
import { REVIEW_ROLES } from '#domain/patrol/workflow.ts'
import {
  FollowCode,
  ResidentChallenge,
  ResidentDecision,
  ResidentFollowUp,
  ResidentPhoneReveal,
  ResidentPhoneRevealed,
  ResidentQueueItem,
  ResidentReceipt,
  ResidentReportInput,
  ResidentSetup,
  ResidentStatus,
} from '#domain/patrol/resident.ts'
import { followUp, residentSetup, residentSubdistrict, submitResidentReport } from './service.ts'
import { decideResidentReport, listResidentReports, revealResidentPhone } from './moderation.ts'
import { issueChallenge } from './pow.ts'

const mw = [requireRole(...REVIEW_ROLES)]
const SubdistrictQuery = z.object({ subdistrict: Slug.optional() })

const setup = createRoute({
  method: 'get',
  path: '/setup',
  tags: ['residents'],
  request: { query: SubdistrictQuery },
  responses: {
    200: jsonResponse(ResidentSetup, 'The subdistrict, its operators and the limits, for the report form'),
    404: problemResponse('No such subdistrict'),
  },
})
const challenge = createRoute({
  method: 'get',
  path: '/challenge',
  tags: ['residents'],
  request: { query: SubdistrictQuery },
  responses: { 200: jsonResponse(ResidentChallenge, 'A signed proof-of-work challenge, single use, expiring'), 404: problemResponse('No such subdistrict') },
})
const submit = createRoute({
  method: 'post',
  path: '/reports',
  tags: ['residents'],
  request: { body: { required: true, content: { 'application/json': { schema: ResidentReportInput } } } },
  responses: {
    200: jsonResponse(ResidentReceipt, 'Already received (the same id from the same device): the first receipt'),
    201: jsonResponse(ResidentReceipt, 'Received: the follow-up code and page'),
    400: problemResponse('Validation failed, outside the subdistrict, or a missing, invalid, expired or spent proof of work'),
    404: problemResponse('No such subdistrict'),
    409: problemResponse('The id was already used by another device'),
    413: problemResponse('The photo is too large'),
    415: problemResponse('The photo is not a JPEG, PNG or WebP image'),
    429: problemResponse('Too many reports from this device or address (Retry-After)'),
  },
})
const follow = createRoute({
  method: 'get',
  path: '/follow/{code}',
  tags: ['residents'],
  request: { params: z.object({ code: FollowCode }) },
  responses: {
    200: jsonResponse(ResidentFollowUp, 'Status and the office’s reply (no phone, nothing of other residents)'),
    400: problemResponse('Not a follow-up code'),
    404: problemResponse('No report has this code'),
  },
})
const queue = createRoute({
  method: 'get',
  path: '/reports',
  tags: ['residents'],
  middleware: mw,
  request: { query: z.object({ status: ResidentStatus.optional() }) },
  responses: {
    200: jsonResponse(z.array(ResidentQueueItem), 'Residents’ reports (pending oldest first; otherwise newest first); phones masked'),
    ...problemResponses,
  },
})
const decide = createRoute({
  method: 'post',
  path: '/reports/{id}/decision',
  tags: ['residents'],
  middleware: mw,
  request: { params: z.object({ id: Id }), body: { required: true, content: { 'application/json': { schema: ResidentDecision } } } },
  responses: {
    200: jsonResponse(ResidentQueueItem, 'Decided: approved (a report with source resident), merged or rejected'),
    ...problemResponses,
    404: problemResponse('No such resident report, report or hotspot'),
    409: problemResponse('Already decided'),
    422: problemResponse('The report to merge into is closed'),
  },
})

const phone = createRoute({
  method: 'post',
  path: '/reports/{id}/phone',
  tags: ['residents'],
  middleware: mw,
  request: { params: z.object({ id: Id }), body: { required: true, content: { 'application/json': { schema: ResidentPhoneReveal } } } },
  responses: {
    200: jsonResponse(ResidentPhoneRevealed, 'The full number of one report (never cached); the purpose is audited with who and when'),
    ...problemResponses,
    404: problemResponse('No such resident report, or the resident left no number'),
    410: problemResponse('Past the retention period: the number is erased'),
    429: problemResponse('Too many numbers opened by this user in the last hour (Retry-After)'),
  },
})

export const residentsRouter = createRouter()
  .openapi(setup, async (c) => {
    c.header('cache-control', 'no-cache')
    return c.json(await residentSetup(c.var.deps, c.req.valid('query').subdistrict), 200)
  })
  .openapi(challenge, async (c) => {
    const sub = await residentSubdistrict(c.var.deps.db, c.req.valid('query').subdistrict)
    c.header('cache-control', 'no-store')
    return c.json(await issueChallenge(c.var.deps.env, sub.id, c.var.deps.now()), 200)
  })
  .openapi(submit, async (c) => {
    const { receipt, created } = await submitResidentReport(c.var.deps, c.req.valid('json'), clientIp(c))
    return created ? c.json(receipt, 201) : c.json(receipt, 200)
  })
  .openapi(follow, async (c) => {
    c.header('cache-control', 'no-store')
    return c.json(await followUp(c.var.deps.db, c.req.valid('param').code), 200)
  })
  .openapi(queue, async (c) => c.json(await listResidentReports(c.var.deps.db, currentUser(c).subdistrict_id, { status: c.req.valid('query').status }), 200))
  .openapi(decide, async (c) =>
    c.json(await decideResidentReport(c.var.deps.db, currentUser(c), c.req.valid('param').id, c.req.valid('json'), c.var.deps.now()), 200),
  )
  .openapi(phone, async (c) => {
    const revealed = await revealResidentPhone(c.var.deps.db, currentUser(c), c.req.valid('param').id, c.req.valid('json'), c.var.deps.now())
    c.header('cache-control', 'no-store')
    return c.json(revealed, 200)
  })
