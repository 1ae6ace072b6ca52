// What a module hands the app: one descriptor naming its routers and where they mount, its sync
// entities, its messages, its seeders and its retention hooks. app.ts composes a list of these.
import type { Hono } from 'hono'
import type { Kysely, Transaction } from 'kysely'
import type { DB } from '../db/schema.ts'
import type { AppEnv, SessionUser } from '../http/context.ts'
import type { EntityHandler } from '../sync/registry.ts'
import type { ApiDocument } from '../http/openapi.ts'
import type { MessageDict } from '#domain/messages.ts'
import type { Role } from '#domain/auth.ts'
import type { PurgeCounts, retentionCutoffs } from '#domain/retention.ts'

/** A router and the path it is mounted at (`/api/meals`, `/open311/v2`, …). */
export interface Mount {
  path: string
  router: Hono<AppEnv, any, any>
}

/** Writes a module's data into an empty database; seeders run in list order, module by module. */
export type Seeder = (db: Kysely<DB>, now: Date) => Promise<void>

/** One batch of anonymising: how many records changed, how many synced copies were scrubbed, whether more are due. */
export interface RetentionBatch {
  records: number
  synced: number
  more: boolean
}

/** Personal data a module anonymises once it is past the subdistrict's retention period. */
export interface RetentionHook {
  /** The cut-off (from the subdistrict's retention settings) that applies. */
  cutoff: keyof ReturnType<typeof retentionCutoffs>
  /** The count in a purge result these records add to. */
  counts: Exclude<keyof PurgeCounts, 'synced_records'>
  anonymise(tx: Transaction<DB>, subdistrictId: string, before: string, now: Date, limit: number): Promise<RetentionBatch>
}

export interface ModuleJob {
  name: string
  everyMs: number
  /** Also runs once as the server starts, not only after the first interval. */
  atStart?: boolean
  run(deps: { db: Kysely<DB>; now(): Date }): Promise<unknown>
}

export interface ServerModule {
  name: string
  routes: readonly Mount[]
  /** Sync entities devices push and pull; names are unique across modules. */
  entities?: readonly EntityHandler<any>[]
  /** Message keys and their translations, for problem+json and rejected mutations. */
  messages?: MessageDict
  seed?: {
    /** Reference data every deployment needs. */
    reference?: Seeder
    /** Demo data, written only with SEED_DEMO. */
    demo?: readonly Seeder[]
  }
  retention?: readonly RetentionHook[]
  /** API documents of its own (an interface described apart from the main OpenAPI document, e.g. Open311). */
  documents?: readonly ApiDocument[]
  /**
   * Whether this user may open a stored photo: false hides it (404), undefined leaves it to the others.
   * For roles a module confines to their own records (an operator sees only their tasks' photos).
   */
  mediaAccess?: (db: Kysely<DB>, user: SessionUser, hash: string) => Promise<boolean | undefined>
  /** Work the server runs every `everyMs` while it serves (a persisted queue, e.g. webhook deliveries). */
  jobs?: readonly ModuleJob[]
  /** When a new session of this user should end at the latest (the counter: the end of the shift), or undefined. */
  sessionEnd?: (db: Kysely<DB>, user: { subdistrict_id: string; id: string; role: Role }, now: Date) => Promise<Date | undefined>
}
