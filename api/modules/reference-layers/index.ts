// The reference layers module's entry point: the router app.ts mounts at /api and the demo seeder.
export { referenceLayersRouter } from './routes.ts'
export { seedReferenceLayers } from './seed.ts'
export { MAX_LAYER_BYTES } from '#domain/reference-layers.ts'
