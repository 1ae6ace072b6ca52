// The sync module's one router, mounted at /api: /sync/push, /sync/pull and /media/:sha256.
// Entity handlers come from the module list (deps.entities, see registry.ts).
import { createRouter } from '../http/router.ts'
import { syncRoutes } from './routes.ts'
import { mediaRouter } from '../media/routes.ts'

export const syncRouter = createRouter().route('/', syncRoutes).route('/', mediaRouter)

export { entityRegistry, ConflictError, type EntityRegistry, type EntityHandler, type ApplyContext, type ApplyMutation, type ApplyResult } from './registry.ts'
export { appendChange } from './change-log.ts'
export { nextVersion, assertCommunity, mayUseCommunity } from './versioning.ts'
