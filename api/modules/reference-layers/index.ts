// The reference layers module: roads, boundaries, buildings and landmarks drawn under the data on
// every map; the admin's import routes, the public read, and the approximate 双井 demo layers.
import type { ServerModule } from '../module.ts'
import { REFERENCE_LAYER_MESSAGES } from '#domain/messages.ts'
import { referenceLayersRouter } from './routes.ts'
import { seedReferenceLayers } from './seed.ts'

export { MAX_LAYER_BYTES } from '#domain/reference-layers.ts'

export const referenceLayersModule: ServerModule = {
  name: 'reference-layers',
  routes: [{ path: '/api', router: referenceLayersRouter }],
  messages: REFERENCE_LAYER_MESSAGES,
  seed: { demo: [seedReferenceLayers] },
}
