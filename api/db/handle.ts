// A database handle a service can take either way: the plain pool or a caller's open transaction, so
// the sync engine and a REST route run the same code.
import type { Kysely, Transaction } from 'kysely'
import type { DB } from './schema.ts'

export type Db = Kysely<DB> | Transaction<DB>

/** A change and its audit entry commit together; inside a caller's transaction, in that one. */
export const inTransaction = <T>(db: Db, fn: (tx: Db) => Promise<T>): Promise<T> => (db.isTransaction ? fn(db) : db.transaction().execute(fn))
