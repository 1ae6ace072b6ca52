// /api/patrol/operator: what an operator's field manager sees — their tasks, the reports and hotspots
// where their vehicles were counted (their count only), their commitments. Another party's object is
// unknown (404). Clearing a task is a sync push (`operator_clearing`). The office sets a party's webhook
// (/api/patrol/parties/{id}/webhook), links accounts, and an admin reads the delivery log.
import { createRoute, z } from '@hono/zod-openapi'
import { createRouter, jsonResponse, problemResponse, problemResponses } from '../../../http/router.ts'
import { currentUser, requireRole } from '../../../auth/middleware.ts'
import { fieldProblem } from '../../../http/problem.ts'
import { Id } from '#domain/ids.ts'
import {
  DeliveryQuery,
  OperatorAccount,
  OperatorCommitments,
  OperatorReport,
  OperatorTask,
  TaskStatus,
  Webhook,
  WebhookDelivery,
  WebhookInput,
} from '#domain/patrol/operator-tasks.ts'
import { requireParty, linkAccount, listOperatorAccounts } from './accounts.ts'
import { getTask, listTasks, operatorCommitments, operatorHotspots, operatorReport, operatorReports } from './queries.ts'
import { getWebhook, listDeliveries, removeWebhook, setWebhook } from './webhooks.ts'

const OPERATOR = ['operator'] as const
const EDITORS = ['coordinator', 'admin'] as const
const IdParam = z.object({ id: Id })
const json = <T extends z.ZodType>(schema: T) => ({ body: { required: true, content: { 'application/json': { schema } } } })

const OperatorHotspot = z.object({
  id: Id,
  lat: z.number(),
  lng: z.number(),
  landmark: z.string(),
  status: z.string(),
  community_id: z.string(),
  reports: z.int(),
  vehicles: z.int(),
  last_at: z.string(),
})

const tasks = createRoute({
  method: 'get',
  path: '/operator/tasks',
  tags: ['operators'],
  middleware: [requireRole(...OPERATOR)] as const,
  request: { query: z.object({ status: TaskStatus.optional() }) },
  responses: {
    200: jsonResponse(z.array(OperatorTask), "The operator's tasks: open first"),
    ...problemResponses,
    404: problemResponse('Account not linked to an operator'),
  },
})
const task = createRoute({
  method: 'get',
  path: '/operator/tasks/{id}',
  tags: ['operators'],
  middleware: [requireRole(...OPERATOR)] as const,
  request: { params: IdParam },
  responses: { 200: jsonResponse(OperatorTask, 'One of their tasks'), ...problemResponses, 404: problemResponse("No such task of this operator's") },
})
const reports = createRoute({
  method: 'get',
  path: '/operator/reports',
  tags: ['operators'],
  middleware: [requireRole(...OPERATOR)] as const,
  responses: {
    200: jsonResponse(z.array(OperatorReport), 'Reports that counted their vehicles (their count only)'),
    ...problemResponses,
    404: problemResponse('Account not linked to an operator'),
  },
})
const report = createRoute({
  method: 'get',
  path: '/operator/reports/{id}',
  tags: ['operators'],
  middleware: [requireRole(...OPERATOR)] as const,
  request: { params: IdParam },
  responses: {
    200: jsonResponse(OperatorReport, 'A report that counted their vehicles'),
    ...problemResponses,
    404: problemResponse('No such report counting their vehicles'),
  },
})
const hotspots = createRoute({
  method: 'get',
  path: '/operator/hotspots',
  tags: ['operators'],
  middleware: [requireRole(...OPERATOR)] as const,
  responses: {
    200: jsonResponse(z.array(OperatorHotspot), 'Hotspots where their vehicles were counted'),
    ...problemResponses,
    404: problemResponse('Account not linked to an operator'),
  },
})
const commitments = createRoute({
  method: 'get',
  path: '/operator/commitments',
  tags: ['operators'],
  middleware: [requireRole(...OPERATOR)] as const,
  responses: {
    200: jsonResponse(OperatorCommitments, 'Their agreements, commitments, check rate and time to clear'),
    ...problemResponses,
    404: problemResponse('Account not linked to an operator'),
  },
})
const accounts = createRoute({
  method: 'get',
  path: '/operator-accounts',
  tags: ['operators'],
  middleware: [requireRole('admin')] as const,
  responses: { 200: jsonResponse(z.array(OperatorAccount), 'Accounts with role operator and the party each works for'), ...problemResponses },
})
const link = createRoute({
  method: 'put',
  path: '/operator-accounts/{id}',
  tags: ['operators'],
  middleware: [requireRole('admin')] as const,
  request: { params: IdParam, ...json(z.strictObject({ party_id: Id })) },
  responses: {
    204: { description: 'The operator account now works for that party' },
    ...problemResponses,
    404: problemResponse('No such operator account or party'),
    422: problemResponse('The party has no operator id'),
  },
})
const hookGet = createRoute({
  method: 'get',
  path: '/parties/{id}/webhook',
  tags: ['operators'],
  middleware: [requireRole(...EDITORS)] as const,
  request: { params: IdParam },
  responses: {
    200: jsonResponse(z.object({ webhook: Webhook.nullable() }), "The party's webhook (without its secret), or null when it has none"),
    ...problemResponses,
  },
})
const hookPut = createRoute({
  method: 'put',
  path: '/parties/{id}/webhook',
  tags: ['operators'],
  middleware: [requireRole(...EDITORS)] as const,
  request: { params: IdParam, ...json(WebhookInput) },
  responses: {
    200: jsonResponse(Webhook, 'Set; the new signing secret is in the answer, once'),
    ...problemResponses,
    404: problemResponse('No such party'),
  },
})
const hookDelete = createRoute({
  method: 'delete',
  path: '/parties/{id}/webhook',
  tags: ['operators'],
  middleware: [requireRole(...EDITORS)] as const,
  request: { params: IdParam },
  responses: { 204: { description: 'Removed' }, ...problemResponses, 404: problemResponse('No webhook') },
})
const deliveries = createRoute({
  method: 'get',
  path: '/webhook-deliveries',
  tags: ['operators'],
  middleware: [requireRole('admin')] as const,
  request: { query: DeliveryQuery },
  responses: {
    200: jsonResponse(z.array(WebhookDelivery), "The latest webhook deliveries, newest first (a party's or one status when asked; `before` pages on)"),
    ...problemResponses,
  },
})

export const operatorTasksRouter = createRouter()
  .openapi(tasks, async (c) => {
    const user = currentUser(c)
    const party = await requireParty(c.var.deps.db, user)
    return c.json(await listTasks(c.var.deps.db, user.subdistrict_id, party.party_id, c.req.valid('query').status), 200)
  })
  .openapi(task, async (c) => {
    const user = currentUser(c)
    const party = await requireParty(c.var.deps.db, user)
    const found = await getTask(c.var.deps.db, user.subdistrict_id, party.party_id, c.req.valid('param').id)
    if (!found) throw fieldProblem('task_unknown', 'id', { status: 404 })
    return c.json(found, 200)
  })
  .openapi(reports, async (c) => {
    const user = currentUser(c)
    const party = await requireParty(c.var.deps.db, user)
    return c.json(await operatorReports(c.var.deps.db, user.subdistrict_id, party.operator_id), 200)
  })
  .openapi(report, async (c) => {
    const user = currentUser(c)
    const party = await requireParty(c.var.deps.db, user)
    const found = await operatorReport(c.var.deps.db, user.subdistrict_id, party.operator_id, c.req.valid('param').id)
    if (!found) throw fieldProblem('report_unknown', 'id', { status: 404 })
    return c.json(found, 200)
  })
  .openapi(hotspots, async (c) => {
    const user = currentUser(c)
    const party = await requireParty(c.var.deps.db, user)
    return c.json(await operatorHotspots(c.var.deps.db, user.subdistrict_id, party.operator_id), 200)
  })
  .openapi(commitments, async (c) => {
    const user = currentUser(c)
    const party = await requireParty(c.var.deps.db, user)
    return c.json(await operatorCommitments(c.var.deps.db, user.subdistrict_id, party, c.var.deps.now()), 200)
  })
  .openapi(accounts, async (c) => c.json(await listOperatorAccounts(c.var.deps.db, currentUser(c).subdistrict_id), 200))
  .openapi(link, async (c) => {
    const user = currentUser(c)
    await linkAccount(c.var.deps.db, user.subdistrict_id, c.req.valid('param').id, c.req.valid('json').party_id, c.var.deps.now(), user.id)
    return c.body(null, 204) as never
  })
  .openapi(hookGet, async (c) => {
    return c.json({ webhook: (await getWebhook(c.var.deps.db, currentUser(c).subdistrict_id, c.req.valid('param').id)) ?? null }, 200)
  })
  .openapi(hookPut, async (c) => {
    const user = currentUser(c)
    return c.json(await setWebhook(c.var.deps.db, user.subdistrict_id, c.req.valid('param').id, c.req.valid('json').url, user.id, c.var.deps.now()), 200)
  })
  .openapi(hookDelete, async (c) => {
    const user = currentUser(c)
    if (!(await removeWebhook(c.var.deps.db, user.subdistrict_id, c.req.valid('param').id, user.id, c.var.deps.now())))
      throw fieldProblem('webhook_none', 'id', { status: 404 })
    return c.body(null, 204) as never
  })
  .openapi(deliveries, async (c) => c.json(await listDeliveries(c.var.deps.db, currentUser(c).subdistrict_id, c.req.valid('query')), 200))
