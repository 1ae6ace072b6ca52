// The import resource: what the module descriptor imports.
export { importsRouter } from './routes.ts'
