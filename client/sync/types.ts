// What the sync engine is given (dependency injection: the property test passes an in-process server
// as `fetch` and a fake clock) and the errors that end a sync run early.
import type { LastmileDB } from '../db/database.ts'
import type { FetchLike } from '../api/http-core.ts'

export type { FetchLike }

export interface EngineDeps {
  db: LastmileDB
  fetch: FetchLike
  now: () => Date
  /** The signed-in user's id; null while nobody is signed in (nothing is pushed then). */
  userId: () => string | null
  /** Accept-Language for the server's reasons; zh-CN by default. */
  lang?: () => string
  baseUrl?: string
  /** Mutations per push request (the server takes up to 200). */
  batchSize?: number
  /** Changes per pull request. */
  pullLimit?: number
}

// The errors that end a run early are the HTTP core's: NetworkError (no answer), SignedOutError (401,
// keep everything until the next sign-in) and ServerError (5xx, an unexpected body).
export { NetworkError, ServerError, SignedOutError } from '../api/errors.ts'

export type SyncOutcome = 'ok' | 'offline' | 'signed_out' | 'error'
