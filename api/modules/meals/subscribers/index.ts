// The subscribers resource: what the module descriptor (../index.ts) and other resources
// import from it; everything else in this folder is the resource's own business.
export { subscribersRouter } from './routes.ts'
export { subscribersRetention } from './retention.ts'
