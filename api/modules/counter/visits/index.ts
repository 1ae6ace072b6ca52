// The visit log resource: what the module descriptor (../index.ts) and other resources
// import from it; everything else in this folder is the resource's own business.
export { visitsRouter } from './routes.ts'
export { visitEntity, VISIT_ENTITY } from './entity.ts'
export { visitsRetention } from './retention.ts'
