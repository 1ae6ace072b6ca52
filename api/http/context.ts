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
  }
}
