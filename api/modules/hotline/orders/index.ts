// The work orders resource: what the module descriptor and other resources import.
export { ordersRouter } from './routes.ts'
export { callersRetention } from './retention.ts'
