// Routes of the import: a preview (reads the file, writes nothing) and the import itself (writes every
// new order or nothing). The file travels as base64 inside JSON, at most 700 KB.
import { createRoute } from '@hono/zod-openapi'
import { createRouter, jsonResponse, problemResponse, problemResponses } from '../../../http/router.ts'
import { currentUser, requireRole } from '../../../auth/middleware.ts'
import { createOnce, idReused } from '../../../http/create-once.ts'
import { langOf } from '../../../http/problem.ts'
import { ImportFile, ImportReport } from '#domain/hotline/import.ts'
import { analyse, commitImport } from './service.ts'
import { HANDLE } from '../roles.ts'

const tags = ['hotline']
const body = { required: true, content: { 'application/json': { schema: ImportFile } } }

const preview = createRoute({
  method: 'post',
  path: '/imports/preview',
  tags,
  middleware: [requireRole(...HANDLE)] as const,
  request: { body },
  responses: {
    200: jsonResponse(ImportReport, 'What the import would add, what is already stored and every cell that cannot be read (nothing written)'),
    ...problemResponses,
    413: problemResponse('Body too large'),
    422: problemResponse('The file cannot be read (not CSV or .xlsx, no header row, too many rows)'),
  },
})

const commit = createRoute({
  method: 'post',
  path: '/imports',
  tags,
  middleware: [requireRole(...HANDLE)] as const,
  request: { body },
  responses: {
    201: jsonResponse(ImportReport, 'Imported: every new order of the file (already stored ones are left alone)'),
    ...problemResponses,
    ...idReused,
    413: problemResponse('Body too large'),
    422: problemResponse('Cells that cannot be read, by row and column; nothing was imported'),
  },
})

export const importsRouter = createRouter()
  .openapi(preview, async (c) => {
    const user = currentUser(c)
    const { report } = await analyse(c.var.deps.db, user.subdistrict_id, c.req.valid('json'), c.var.deps.now(), langOf(c), c.var.deps.messages)
    return c.json(report, 200)
  })
  .openapi(commit, async (c) => {
    const user = currentUser(c)
    const file = c.req.valid('json')
    const now = c.var.deps.now()
    return c.json(await createOnce(c, file, (tx) => commitImport(tx, user, file, now, langOf(c), c.var.deps.messages)), 201)
  })
