// What the sync engine is given (dependency injection: the property test passes an in-process server
// as `fetch` and a fake clock) and the errors that end a sync run early.
import type { LastmileDB } from '../db/database.ts'

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>

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

/** 401 while syncing: keep everything, stop until the next sign-in. */
export class SignedOutError extends Error {
  constructor() {
    super('signed_out')
  }
}

/** The request never got an answer (offline, DNS, connection dropped, response lost). */
export class OfflineError extends Error {}

/** An answer that is neither success nor a per-mutation verdict (5xx, unexpected body). */
export class ServerError extends Error {
  constructor(
    readonly status: number,
    readonly body?: unknown,
  ) {
    super(`server answered ${status}`)
  }
}

export type SyncOutcome = 'ok' | 'offline' | 'signed_out' | 'error'
