// PUT/GET /api/media/:sha256 — photos travel as raw bytes (not JSON), uploaded before the mutations
// that reference them, idempotently by hash; any signed-in user of the subdistrict may read them.
// POST /api/media/batch takes several photos in one multipart request, each under the same rules, so a
// device with a backlog pays the per-request cost (session, throttle, HTTP) once per batch, not per photo.
import { createRoute, z } from '@hono/zod-openapi'
import { bodyLimit } from 'hono/body-limit'
import { createRouter, jsonResponse, problemResponse, problemResponses } from '../http/router.ts'
import { currentUser, requireRole } from '../auth/middleware.ts'
import { ROLES } from '#domain/auth.ts'
import { MEDIA_BATCH_MAX_BYTES, MEDIA_BATCH_MAX_FILES, MEDIA_MAX_BYTES, MediaBatchAnswer, MediaHash } from '#domain/sync.ts'
import { fieldProblem, langOf, refused } from '../http/problem.ts'
import { getMedia, putMedia, refusalCode, storeUploads, type Upload } from './service.ts'

const Params = z.object({ sha256: MediaHash.openapi({ param: { name: 'sha256', in: 'path' }, description: 'hex SHA-256 of the uploaded bytes' }) })
const Binary = z.string().openapi({ format: 'binary' })
/** The device's name for the photo, echoed once it is stored. */
const Stored = z.object({ sha256: MediaHash })

const sizeLimit = bodyLimit({
  maxSize: MEDIA_MAX_BYTES,
  onError: () => {
    throw refused(413, 'media_too_big')
  },
})

const batchSizeLimit = bodyLimit({
  maxSize: MEDIA_BATCH_MAX_BYTES,
  onError: () => {
    throw refused(413, 'media_batch_too_big')
  },
})

/** Field name = the photo's hex SHA-256, value = the file with its own Content-Type. */
const BatchForm = z
  .record(MediaHash, z.any().openapi({ type: 'string', format: 'binary' }))
  .refine((form) => Object.keys(form).length >= 1 && Object.keys(form).length <= MEDIA_BATCH_MAX_FILES, { error: 'media_batch_size' })
  .openapi({ description: `1–${MEDIA_BATCH_MAX_FILES} files, each named by its hex SHA-256` })

const batch = createRoute({
  method: 'post',
  path: '/media/batch',
  tags: ['sync'],
  middleware: [requireRole(...ROLES), batchSizeLimit] as const,
  request: { body: { required: true, content: { 'multipart/form-data': { schema: BatchForm } } } },
  responses: {
    200: {
      description: 'One result per file, in the order sent; each file is checked and stored like a single PUT',
      content: { 'application/json': { schema: MediaBatchAnswer } },
    },
    ...problemResponses,
    413: problemResponse(`Larger than ${MEDIA_BATCH_MAX_BYTES / 1024 / 1024} MB in all`),
  },
})

const put = createRoute({
  method: 'put',
  path: '/media/{sha256}',
  tags: ['sync'],
  middleware: [requireRole(...ROLES), sizeLimit] as const,
  request: {
    params: Params,
    body: { required: true, content: { 'image/jpeg': { schema: Binary }, 'image/png': { schema: Binary }, 'image/webp': { schema: Binary } } },
  },
  responses: {
    200: jsonResponse(Stored, 'Already stored (nothing rewritten)'),
    201: jsonResponse(Stored, 'Stored, metadata stripped'),
    ...problemResponses,
    413: problemResponse('Larger than 8 MB'),
    415: problemResponse('Not a JPEG, PNG or WebP image'),
  },
})

const get = createRoute({
  method: 'get',
  path: '/media/{sha256}',
  tags: ['sync'],
  middleware: [requireRole(...ROLES)] as const,
  request: { params: Params },
  responses: {
    200: { description: 'The stored image', content: { 'image/jpeg': { schema: Binary }, 'image/png': { schema: Binary }, 'image/webp': { schema: Binary } } },
    ...problemResponses,
    404: problemResponse('Unknown hash'),
  },
})

export const mediaRouter = createRouter()
  .openapi(put, async (c) => {
    const { sha256 } = c.req.valid('param')
    const body = new Uint8Array(await c.req.arrayBuffer())
    const created = await putMedia(c.var.deps, currentUser(c), sha256, c.req.header('content-type'), body)
    return c.json({ sha256 }, created ? 201 : 200) as never
  })
  .openapi(batch, async (c) => {
    const form = c.req.valid('form') as Record<string, unknown>
    const uploads: Upload[] = []
    for (const [hash, value] of Object.entries(form)) {
      // A repeated field arrives as an array: every copy is checked and answered on its own.
      for (const file of Array.isArray(value) ? value : [value]) {
        if (!(file instanceof File)) throw fieldProblem('media_not_a_file', `form.${hash}`)
        uploads.push({ hash, declaredType: file.type, body: new Uint8Array(await file.arrayBuffer()) })
      }
    }
    if (uploads.length > MEDIA_BATCH_MAX_FILES) throw refused(400, 'media_batch_too_many', { params: { max: MEDIA_BATCH_MAX_FILES } })
    const outcomes = await storeUploads(c.var.deps, currentUser(c), uploads)
    const results = outcomes.map((o, i) => {
      const sha256 = uploads[i]!.hash
      if (typeof o === 'boolean') return { sha256, status: o ? 201 : 200 }
      return { sha256, status: o.status, code: refusalCode(o), detail: o.detail(langOf(c)) }
    })
    return c.json({ results }, 200)
  })
  .openapi(get, async (c) => {
    const { sha256 } = c.req.valid('param')
    const media = await getMedia(c.var.deps, currentUser(c), sha256)
    return c.body(media.bytes as Uint8Array<ArrayBuffer>, 200, {
      'content-type': media.type,
      'x-content-type-options': 'nosniff',
      'content-disposition': 'inline',
      'cache-control': 'private, max-age=31536000, immutable',
    }) as never
  })
