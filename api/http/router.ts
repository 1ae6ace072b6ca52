// Every module builds its routes on this: OpenAPI-described, zod-validated, and turning a failed
// validation into problem+json that names each bad field.
import { OpenAPIHono, type Hook, type z } from '@hono/zod-openapi'
import { ProblemSchema } from '#domain/problem.ts'
import type { AppEnv } from './context.ts'
import { validationProblem } from './problem.ts'

/** A broken body (a map layer's file) can fail on every item; the first problems are enough to fix it. */
export const MAX_FIELD_ERRORS = 20

/**
 * The one validation hook of every router: a failed request schema answers 400 problem+json naming at
 * most MAX_FIELD_ERRORS fields (the routes declare it as their 400), a passed one goes on to the handler.
 */
export const validationHook: Hook<unknown, AppEnv, string, Response | undefined> = (result, c) => {
  if (!result.success) return validationProblem(c, result.error.issues.slice(0, MAX_FIELD_ERRORS), result.target)
  return undefined
}

export function createRouter() {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
}

/** The problem+json body, a named component of the OpenAPI document. */
export const Problem = ProblemSchema.openapi('Problem')

/** An error response: problem+json in the Problem shape. */
export const problemResponse = (description: string) => ({ description, content: { 'application/problem+json': { schema: Problem } } })

/** A JSON response of the given schema. */
export const jsonResponse = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } })

/** Standard error responses for an OpenAPI route definition. */
export const problemResponses = {
  400: problemResponse('Validation failed (problem+json with errors[])'),
  401: problemResponse('Not signed in'),
  403: problemResponse('Role or record not allowed'),
} as const
