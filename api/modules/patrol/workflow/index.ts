// The review workflow resource: what the module descriptor (../index.ts) and other resources
// import from it; everything else in this folder is the resource's own business.
export { workflowRouter } from './routes.ts'
export { addEvent } from './service.ts'
