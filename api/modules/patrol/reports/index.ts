// The reports resource (a new obstruction and its repeat sightings): what the module descriptor (../index.ts) and other resources
// import from it; everything else in this folder is the resource's own business.
export { reportsRouter } from './routes.ts'
export { reportEntity, observationEntity, PATROL_READ_ROLES } from './entity.ts'
export { createReport, addObservation, type Reporter } from './service.ts'
export { seedPatrol } from './seed.ts'
