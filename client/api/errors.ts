// One family of HTTP errors for the app's API client and the sync engine: no answer (NetworkError) or an
// answer with an error status (ProblemError, carrying the problem+json and its field errors).
import type { FieldError } from '#domain/messages.ts'

export type { FieldError }

/** RFC 9457 problem details as the server sends them, with field errors by dotted path. */
export interface Problem {
  type: string
  title: string
  status: number
  detail?: string
  errors?: FieldError[]
}

export class HttpError extends Error {
  constructor(
    message: string,
    /** The answer's status; 0 when there was no answer. */
    readonly status: number,
    readonly problem?: Problem,
  ) {
    super(message)
    this.name = new.target.name
  }
  /** Field errors keyed by dotted path, for `<FormField :error="errors[path]">`. */
  get fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {}
    for (const e of this.problem?.errors ?? []) out[e.path] ??= e.message
    return out
  }
}

/** No answer: offline, DNS, the connection dropped, or the answer's body was lost on the way. */
export class NetworkError extends HttpError {
  constructor(message: string) {
    super(message, 0)
  }
}

/** The server answered with an error status; its problem+json (when it sent one) says why and where. */
export class ProblemError extends HttpError {
  constructor(
    status: number,
    problem?: Problem,
    message?: string,
    /** From a 429's Retry-After header: how long the server asks to wait. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message ?? problem?.detail ?? problem?.title ?? `HTTP ${status}`, status, problem)
  }
}

/** 401: the session is gone; nothing is lost, it waits for the next sign-in. */
export class SignedOutError extends ProblemError {
  constructor(problem?: Problem) {
    super(401, problem, 'signed_out')
  }
}

/** An answer that is neither a success nor a verdict on the request (5xx, 429, 408, an unexpected body). */
export class ServerError extends ProblemError {
  constructor(status: number, problem?: Problem) {
    super(status, problem, `server answered ${status}`)
  }
}
