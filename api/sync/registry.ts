// The sync registry: each module's entity handlers tell the sync engine how to apply a mutation, who may
// write it and who may read it. Built once from the module list (deps.entities); push and pull know no module.
import type { RawBuilder, Transaction } from 'kysely'
import type { z } from 'zod'
import type { DB } from '../db/schema.ts'
import type { SessionUser } from '../http/context.ts'
import type { Role } from '#domain/auth.ts'
import type { WriteStatement } from './write-together.ts'

export interface ApplyContext {
  user: SessionUser
  now: Date
}

/** A put carries data validated by the handler's schema; a delete carries whatever the device sent. */
export type ApplyMutation<T> =
  | { entity_id: string; op: 'put'; base_version: number | null; data: T }
  | { entity_id: string; op: 'delete'; base_version: number | null; data: Record<string, unknown> }

export interface ApplyResult {
  /** The record as the devices should hold it after this change (goes into the change log). */
  record: unknown
  /** The new version (1 for a create, +1 on each change). */
  version: number
  /** Which community the record belongs to: inspectors pull only theirs (null = everyone who may read the entity). */
  community_id: string | null
}

export interface EntityHandler<T = unknown> {
  entity: string
  /** Validates `data` of a put (request-body rules: z.strictObject, message keys). */
  schema: z.ZodType<T>
  /** Roles that may push this entity; others get a 403 rejection. */
  roles: readonly Role[]
  /** Roles that may pull it; inspectors are further limited to their communities. */
  readRoles: readonly Role[]
  /**
   * Applies one mutation inside the push transaction. Throw ConflictError for a stale base_version,
   * ProblemError(400/403/404/422) for a rejection; either rolls back everything this mutation wrote.
   */
  apply(tx: Transaction<DB>, ctx: ApplyContext, m: ApplyMutation<T>): Promise<ApplyResult>
  /**
   * True when apply writes none of the tables read through txMemo (`api/db/tx-memo.ts`: communities,
   * subdistricts, operators, parties, agreements, webhooks): a push keeps those answers across its
   * mutations. Otherwise it forgets them after each mutation of this entity.
   */
  keepsTxMemo?: boolean
  /**
   * Optional: new records (a put with no base_version) of a batch applied together. The push checks each
   * one before it takes the subdistrict's counter lock, then writes them all at once under it.
   */
  createMany?: CreateMany<T>
  /** Optional: shape a logged record for one reader (e.g. hide a name); defaults to the record itself. */
  project?(record: unknown, reader: SessionUser): unknown
  /** Optional: false hides a logged record from one reader, e.g. an inspector it is not assigned to. */
  visibleTo?(record: unknown, reader: SessionUser): boolean
}

/** A new record of a batch: its id, its validated data and the instant it is applied at. */
export interface NewRecord<T> {
  entity_id: string
  data: T
  now: Date
}

export interface CreateMany<T> {
  /** Which of these ids exist already (such a put is an edit or a conflict: the push applies it alone). */
  existing(tx: Transaction<DB>, user: SessionUser, ids: readonly string[]): Promise<ReadonlySet<string>>
  /** Every check apply would make of a new record, reading only. Throw ProblemError for a rejection. */
  check(tx: Transaction<DB>, user: SessionUser, r: NewRecord<T>): Promise<void>
  /**
   * Checked new records, before the counter lock: their results in order, as apply would answer them one
   * after another, and `write`, which takes the lock (lockCounter, or on PostgreSQL a statement that
   * takes it and reads in one round trip) before it reads what it must and answers its
   * statements (sent with the push's own: in order, or together as one, so none may read another's rows)
   * and what must follow once they are written.
   */
  plan(user: SessionUser, records: NewRecord<T>[]): BatchPlan
}

/** A checked batch's results and its writers. */
export interface BatchPlan {
  results: ApplyResult[]
  write(tx: Transaction<DB>): Promise<BatchWrite>
  /**
   * Optional, PostgreSQL: the writes computed WITHOUT the counter lock, with `guard`, the statement that
   * takes the lock and fails (SQLSTATE LMSTL) when anything they were computed from changed since. The
   * push sends the guard, the writes and COMMIT at once; after a refusal it uses `write` instead.
   */
  writeAhead?(tx: Transaction<DB>): Promise<BatchWrite & { guard: RawBuilder<unknown> }>
}

/** What a batch writer sends under the counter lock. */
export interface BatchWrite {
  writes: WriteStatement[]
  after?(): Promise<void>
}

/** A stale base_version: the server keeps its record and returns it to the device. */
export class ConflictError extends Error {
  constructor(
    readonly serverRecord: unknown,
    readonly serverVersion: number,
  ) {
    super('conflict')
  }
}

export interface EntityRegistry {
  get(name: string): EntityHandler<unknown> | undefined
  /** Entities a role may pull. */
  readableBy(role: Role): string[]
  names(): string[]
}

/** The registry of these handlers; two handlers for one entity name is a wiring mistake and throws. */
export function entityRegistry(list: readonly EntityHandler<any>[]): EntityRegistry {
  const handlers = new Map<string, EntityHandler<unknown>>()
  for (const h of list) {
    if (handlers.has(h.entity)) throw new Error(`sync entity '${h.entity}' is registered twice`)
    handlers.set(h.entity, h as EntityHandler<unknown>)
  }
  return {
    get: (name) => handlers.get(name),
    readableBy: (role) => [...handlers.values()].filter((h) => h.readRoles.includes(role)).map((h) => h.entity),
    names: () => [...handlers.keys()],
  }
}
