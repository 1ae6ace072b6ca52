// What every request handler can reach: the dependencies createApp was given and the signed-in user.
import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.ts'
import type { DialectName } from '../db/dialect.ts'
import type { Env } from '../env.ts'
import type { Role } from '#domain/auth.ts'
import type { Logger } from './logger.ts'
import type { MediaStore } from '../media/store.ts'
import type { EntityRegistry } from '../sync/registry.ts'
import type { ServerModule } from '../modules/module.ts'
import type { MessageCatalogue } from '#domain/messages.ts'

/**
 * A write request's throttle count that its handler writes inside its own first transaction, instead of
 * in a transaction (and a commit) of its own before it (api/security/write-throttle.ts).
 */
export interface DeferredWriteCount {
  /** Counts this write in `tx`; answers true when the count is past a limit: the handler then writes nothing else, commits, and throws `refusal()`. */
  count(tx: Kysely<DB>): Promise<boolean>
  /** The 429 to answer after a count past the limit. */
  refusal(): Error
  /** Set by the handler once the transaction that counted has committed. */
  done: boolean
}

/** What the server process provides; withModules() adds what the module list contributes. */
export interface BaseDeps {
  db: Kysely<DB>
  dialect: DialectName
  env: Env
  logger: Logger
  media: MediaStore
  /** The server clock is authoritative for windows and cut-offs; tests move it. */
  now: () => Date
}

export interface Deps extends BaseDeps {
  /** The modules this app is composed of, in mount order. */
  modules: readonly ServerModule[]
  /** Their sync entities. */
  entities: EntityRegistry
  /** Core messages and theirs, one catalogue. */
  messages: MessageCatalogue
}

export interface SessionUser {
  id: string
  username: string
  display_name: string
  role: Role
  subdistrict_id: string
  community_ids: string[]
  session_id: string
  session_expires_at: string
  /** Signed in with an admin's temporary password: every route but changing it (and signing out) refuses. */
  must_change_password?: boolean
}

export interface AppEnv {
  Variables: {
    deps: Deps
    requestId: string
    user: SessionUser | undefined
    /** This write's throttle count, when the handler writes it in its own transaction (write-throttle.ts). */
    writeCount?: DeferredWriteCount
  }
}
