// Routes of the monthly brief: the computed brief (JSON), the same brief as a .docx, and the home
// card's glance. Coordinators and admins see every section; meals and counter staff see their own.
import { createRoute, z } from '@hono/zod-openapi'
import { createRouter, jsonResponse, problemResponses } from '../../http/router.ts'
import { currentUser, requireRole } from '../../auth/middleware.ts'
import { BriefGlance, BriefQuery, MonthlyBrief } from '#domain/brief/brief.ts'
import type { Role } from '#domain/auth.ts'
import { buildBrief, buildGlance } from './service.ts'
import { briefDocx } from './docx.ts'
import { getMedia } from '../../media/service.ts'

export const BRIEF_ROLES: Role[] = ['coordinator', 'admin', 'meals', 'counter']
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
const tags = ['brief']

const r = {
  brief: createRoute({
    method: 'get',
    path: '/',
    tags,
    middleware: [requireRole(...BRIEF_ROLES)] as const,
    request: { query: BriefQuery },
    responses: { 200: jsonResponse(MonthlyBrief, 'The monthly brief'), ...problemResponses },
  }),
  docx: createRoute({
    method: 'get',
    path: '/brief.docx',
    tags,
    middleware: [requireRole(...BRIEF_ROLES)] as const,
    request: { query: BriefQuery },
    responses: {
      200: { description: 'The monthly brief as a Word document', content: { [DOCX]: { schema: z.string().openapi({ format: 'binary' }) } } },
      ...problemResponses,
    },
  }),
  glance: createRoute({
    method: 'get',
    path: '/glance',
    tags,
    middleware: [requireRole(...BRIEF_ROLES)] as const,
    responses: { 200: jsonResponse(BriefGlance, 'This month against last month, for the home card'), ...problemResponses },
  }),
}

export const briefRouter = createRouter()
  .openapi(r.brief, async (c) => c.json(await buildBrief(c.var.deps.db, currentUser(c), c.req.valid('query'), c.var.deps.now()), 200))
  .openapi(r.docx, async (c) => {
    const user = currentUser(c)
    const brief = await buildBrief(c.var.deps.db, user, c.req.valid('query'), c.var.deps.now())
    const bytes = await briefDocx(brief, async (sha) => (await getMedia(c.var.deps, user, sha)).bytes)
    const name = `lastmile-brief-${brief.month}${brief.community ? `-${brief.community.id}` : ''}.docx`
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, { 'content-type': DOCX, 'content-disposition': `attachment; filename="${name}"` }) as never
  })
  .openapi(r.glance, async (c) => c.json(await buildGlance(c.var.deps.db, currentUser(c), c.var.deps.now()), 200))
