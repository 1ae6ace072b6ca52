// The duty roster resource: what the module descriptor (../index.ts) and other resources
// import from it; everything else in this folder is the resource's own business.
export { rosterRouter } from './routes.ts'
export { shiftEnd } from './shift.ts'
