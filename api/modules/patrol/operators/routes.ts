// The operator list of patrol (bike-share operators and delivery platforms counted on a sighting):
// everyone on patrol reads it; the office replaces it.
import { createRoute, z } from '@hono/zod-openapi'
import { createRouter, problemResponses } from '../../../http/router.ts'
import { currentUser, requireRole } from '../../../auth/middleware.ts'
import { Operator, OperatorList } from '#domain/patrol/operators.ts'
import { listOperators, replaceOperators } from './service.ts'

const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } })
const READERS = ['inspector', 'coordinator', 'admin'] as const

const operators = createRoute({
  method: 'get',
  path: '/operators',
  tags: ['patrol'],
  middleware: [requireRole(...READERS)] as const,
  responses: { 200: { description: 'Bike-share operators and delivery platforms counted on patrol', ...json(z.array(Operator)) }, ...problemResponses },
})

const setOperators = createRoute({
  method: 'put',
  path: '/operators',
  tags: ['patrol'],
  middleware: [requireRole('admin', 'coordinator')] as const,
  request: { body: { ...json(OperatorList), required: true } },
  responses: { 200: { description: 'The new active list', ...json(z.array(Operator)) }, ...problemResponses },
})

export const operatorsRouter = createRouter()
  .openapi(operators, async (c) => c.json(await listOperators(c.var.deps.db, currentUser(c).subdistrict_id), 200))
  .openapi(setOperators, async (c) => c.json(await replaceOperators(c.var.deps.db, currentUser(c).subdistrict_id, c.req.valid('json')), 200))
