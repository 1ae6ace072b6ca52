// The hotspots resource: what the module descriptor (../index.ts) and other resources
// import from it; everything else in this folder is the resource's own business.
export { hotspotsRouter } from './routes.ts'
export { ingestSighting } from './service.ts'
export { seedHotspots, DEMO_OPEN311_KEY } from './seed.ts'
export { keepMapTables } from './tiles-build.ts'
