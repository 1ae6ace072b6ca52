// Every module builds its routes on this: OpenAPI-described, zod-validated, and turning a failed
// validation into problem+json that names each bad field.
import { OpenAPIHono } from '@hono/zod-openapi'
import type { AppEnv } from './context.ts'
import { validationProblem } from './problem.ts'

export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) return validationProblem(c, result.error.issues, result.target)
      return undefined
    },
  })
}

/** Standard error responses for an OpenAPI route definition. */
export const problemResponses = {
  400: { description: 'Validation failed (problem+json with errors[])' },
  401: { description: 'Not signed in' },
  403: { description: 'Role or record not allowed' },
} as const
