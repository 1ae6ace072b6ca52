// The pickup check-off resource: what the module descriptor (../index.ts) and other resources
// import from it; everything else in this folder is the resource's own business.
export { pickupsRouter } from './routes.ts'
export { pickupEntity, PICKUP_ENTITY } from './entity.ts'
