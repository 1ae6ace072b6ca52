// GET /api/admin/audit: the audit log for office IT (admin only), newest first, filterable by entity.
import { createRoute } from '@hono/zod-openapi'
import { AuditPage, AuditQuery } from '#domain/audit.ts'
import { createRouter, problemResponses } from '../http/router.ts'
import { currentUser, requireRole } from '../auth/middleware.ts'
import { listAudit } from './service.ts'

const list = createRoute({
  method: 'get',
  path: '/',
  tags: ['admin'],
  middleware: [requireRole('admin')] as const,
  request: { query: AuditQuery },
  responses: { 200: { description: 'Audit entries, newest first', content: { 'application/json': { schema: AuditPage } } }, ...problemResponses },
})

export const auditRouter = createRouter().openapi(list, async (c) =>
  c.json(await listAudit(c.var.deps.db, currentUser(c).subdistrict_id, c.req.valid('query')), 200),
)
