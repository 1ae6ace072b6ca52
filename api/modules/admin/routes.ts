// Office IT: users, roles and communities of the admin's own subdistrict.
import { createRoute, z } from '@hono/zod-openapi'
import { Community, TemporaryPassword, UserCreate, UserSummary, UserUpdate } from '#domain/auth.ts'
import { createRouter, problemResponse, problemResponses } from '../../http/router.ts'
import { currentUser, requireRole } from '../../auth/middleware.ts'
import { createUser, listUsers, resetPassword, updateUser } from '../../auth/users.ts'
import { listCommunities } from './communities.ts'
import { resetSecondFactor } from '../../auth/second-factor.ts'
import { Id } from '#domain/ids.ts'
import { notFound } from '../../http/problem.ts'
import { createOnce } from '../../http/create-once.ts'

const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } })

const list = createRoute({
  method: 'get',
  path: '/users',
  tags: ['admin'],
  middleware: [requireRole('admin')] as const,
  responses: { 200: { description: 'Users of this subdistrict', ...json(z.array(UserSummary)) }, ...problemResponses },
})

const create = createRoute({
  method: 'post',
  path: '/users',
  tags: ['admin'],
  middleware: [requireRole('admin')] as const,
  request: { body: { ...json(UserCreate), required: true } },
  responses: {
    201: { description: 'Created', ...json(UserSummary) },
    ...problemResponses,
    409: problemResponse('Username taken, or the id already used for another submission'),
  },
})

const resetTotp = createRoute({
  method: 'delete',
  path: '/users/{id}/totp',
  tags: ['admin'],
  middleware: [requireRole('admin')] as const,
  request: { params: z.object({ id: Id }) },
  responses: { 204: { description: 'Authenticator and recovery codes forgotten, sessions ended; the user enrols again at next sign-in' }, ...problemResponses },
})

const update = createRoute({
  method: 'patch',
  path: '/users/{id}',
  tags: ['admin'],
  middleware: [requireRole('admin')] as const,
  request: { params: z.object({ id: Id }), body: { ...json(UserUpdate), required: true } },
  responses: {
    200: {
      description: 'Changed (name, role, communities, disabled); disabling ends the sessions and device PINs, a new role the sessions',
      ...json(UserSummary),
    },
    ...problemResponses,
    409: problemResponse('An admin cannot disable or demote themselves'),
  },
})

const passwordReset = createRoute({
  method: 'post',
  path: '/users/{id}/password-reset',
  tags: ['admin'],
  middleware: [requireRole('admin')] as const,
  request: { params: z.object({ id: Id }) },
  responses: {
    200: {
      description: 'A one-time temporary password (shown once), to be changed at next sign-in; sessions and device PINs ended',
      ...json(TemporaryPassword),
    },
    ...problemResponses,
    409: problemResponse('An admin cannot reset their own password here'),
  },
})

const communities = createRoute({
  method: 'get',
  path: '/communities',
  tags: ['admin'],
  middleware: [requireRole('admin', 'coordinator', 'counter', 'meals', 'inspector')] as const,
  responses: { 200: { description: 'Communities of this subdistrict', ...json(z.array(Community)) }, ...problemResponses },
})

export const adminRouter = createRouter()
  .openapi(list, async (c) => c.json(await listUsers(c.var.deps.db, currentUser(c).subdistrict_id), 200))
  .openapi(create, async (c) => {
    const user = currentUser(c)
    const input = c.req.valid('json')
    // The password is neither stored nor hashed with the request: a resend is judged by the rest.
    const created = await createOnce(c, input, (tx) => createUser(tx, user.subdistrict_id, input, c.var.deps.now(), undefined, user.id), {
      secret: ['password'],
    })
    return c.json(created, 201)
  })
  .openapi(resetTotp, async (c) => {
    const found = await resetSecondFactor(c.var.deps, currentUser(c), c.req.valid('param').id)
    if (!found) throw notFound('user_unknown')
    return c.body(null, 204)
  })
  .openapi(update, async (c) => {
    const user = currentUser(c)
    return c.json(await updateUser(c.var.deps.db, user, c.req.valid('param').id, c.req.valid('json'), c.var.deps.now()), 200)
  })
  .openapi(passwordReset, async (c) => {
    const user = currentUser(c)
    const temporary = await resetPassword(c.var.deps.db, user, c.req.valid('param').id, c.var.deps.now())
    return c.json({ temporary_password: temporary }, 200)
  })
  .openapi(communities, async (c) => c.json(await listCommunities(c.var.deps.db, currentUser(c).subdistrict_id), 200))
