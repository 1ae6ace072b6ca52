// The agreements resource: what the module descriptor (../index.ts) and other resources
// import from it; everything else in this folder is the resource's own business.
export { agreementsRouter } from './routes.ts'
export { agreementEntity } from './entity.ts'
export { seedAgreements } from './seed.ts'
