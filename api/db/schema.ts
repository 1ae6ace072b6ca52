// The whole database as Kysely sees it: each module contributes its own table interfaces.
import type { CoreTables } from './tables-core.ts'

export type DB = CoreTables
