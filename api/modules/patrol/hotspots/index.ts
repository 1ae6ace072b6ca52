// The coordinator's review module (issue 4): wraps patrol's sync entities so sightings update hotspots,
// registers the pull-only `recheck` entity, and hands app.ts its routers.
import { installHotspotHook } from './hook.ts'
import '../rechecks/entity.ts'

installHotspotHook()

export { hotspotsRouter } from './routes.ts'
export { workflowRouter } from '../workflow/routes.ts'
export { open311Router } from '../open311/routes.ts'
export { open311KeysRouter } from '../open311-keys/routes.ts'
export { exportsRouter } from '../exports/routes.ts'
