// The kitchen sheet and reconciliation resource: what the module descriptor (../index.ts) and other resources
// import from it; everything else in this folder is the resource's own business.
export { reportsRouter } from './routes.ts'
