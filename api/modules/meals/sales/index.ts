// The ticket sales resource: what the module descriptor (../index.ts) and other resources
// import from it; everything else in this folder is the resource's own business.
export { salesRouter } from './routes.ts'
export { saleEntity, SALE_ENTITY } from './entity.ts'
