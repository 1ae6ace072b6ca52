// The Open311 api_keys resource: what the module descriptor (../index.ts) and other resources
// import from it; everything else in this folder is the resource's own business.
export { open311KeysRouter } from './routes.ts'
