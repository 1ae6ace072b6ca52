// The service guides resource: what the module descriptor (../index.ts) and other resources
// import from it; everything else in this folder is the resource's own business.
export { guidesRouter } from './routes.ts'
