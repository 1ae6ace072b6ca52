// The shape of every error the API returns (RFC 9457 problem details with per-field errors), so the
// server can declare it in the OpenAPI document and a device can parse an error body at the boundary.
import { z } from 'zod'

/** One refused field: a dotted path the UI puts the message beside, and a stable code (a message key or zod's issue code). */
export const FieldErrorSchema = z.object({
  path: z.string(),
  message: z.string(),
  code: z.string(),
})

/**
 * type, title and status always; detail in the caller's language; instance is the request path;
 * errors[] when fields were refused. Some refusals add their own members (e.g. `conflicts`), hence loose.
 */
export const ProblemSchema = z.looseObject({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  instance: z.string().optional(),
  errors: z.array(FieldErrorSchema).optional(),
})

export type ProblemBody = z.infer<typeof ProblemSchema>
