// PUT/GET /api/media/:sha256 — photos travel as raw bytes (not JSON), uploaded before the mutations
// that reference them, idempotently by hash; any signed-in user of the subdistrict may read them.
import { createRoute, z } from '@hono/zod-openapi'
import { bodyLimit } from 'hono/body-limit'
import { createRouter, problemResponses } from '../http/router.ts'
import { currentUser, requireRole } from '../auth/middleware.ts'
import { ROLES } from '../domain/auth.ts'
import { MEDIA_MAX_BYTES, MediaHash } from '../domain/sync.ts'
import { ProblemError } from '../http/problem.ts'
import { getMedia, MEDIA_MSG, putMedia } from './service.ts'

const Params = z.object({ sha256: MediaHash.openapi({ param: { name: 'sha256', in: 'path' }, description: 'hex SHA-256 of the uploaded bytes' }) })
const Binary = z.string().openapi({ format: 'binary' })

const sizeLimit = bodyLimit({
  maxSize: MEDIA_MAX_BYTES,
  onError: () => {
    throw new ProblemError(413, MEDIA_MSG.too_big)
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
    200: { description: 'Already stored (nothing rewritten)' },
    201: { description: 'Stored, metadata stripped' },
    ...problemResponses,
    413: { description: 'Larger than 8 MB' },
    415: { description: 'Not a JPEG, PNG or WebP image' },
  },
})

const get = createRoute({
  method: 'get',
  path: '/media/{sha256}',
  tags: ['sync'],
  middleware: [requireRole(...ROLES)] as const,
  request: { params: Params },
  responses: { 200: { description: 'The stored image', content: { 'image/jpeg': { schema: Binary } } }, ...problemResponses, 404: { description: 'Unknown hash' } },
})

export const mediaRouter = createRouter()
  .openapi(put, async (c) => {
    const { sha256 } = c.req.valid('param')
    const body = new Uint8Array(await c.req.arrayBuffer())
    const created = await putMedia(c.var.deps, currentUser(c), sha256, c.req.header('content-type'), body)
    return c.json({ sha256 }, created ? 201 : 200) as never
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
