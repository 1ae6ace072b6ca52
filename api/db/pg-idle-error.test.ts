// A replica must outlive PostgreSQL dropping its idle connections (restart, failover, an admin's
// terminate): the pool reports it, replaces the connection, and the next query works.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { testDatabaseAdminUrl } from '../env.ts'
import { createPostgresTestDatabase, type TestDatabase } from '../test-support/test-database.ts'
import { openDatabase, type Database } from './database.ts'

const adminUrl = testDatabaseAdminUrl()

describe.runIf(Boolean(adminUrl))('PostgreSQL pool after the server drops a connection', () => {
  let database: TestDatabase
  let d: Database
  let lost: (err: Error) => void = () => undefined
  beforeAll(async () => {
    database = await createPostgresTestDatabase(adminUrl!)
    d = openDatabase(database.url, { poolMax: 1, onIdleError: (err) => lost(err) })
  })
  afterAll(async () => {
    await d?.close()
    await database?.drop()
  })

  it('reports the lost idle connection and serves the next query on a new one', async () => {
    const pid = (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(d.db)).rows[0]!.pid
    const reported = new Promise<Error>((resolve) => (lost = resolve))
    const admin = openDatabase(adminUrl!, { poolMax: 1 })
    try {
      await sql`select pg_terminate_backend(${pid})`.execute(admin.db)
    } finally {
      await admin.close()
    }
    expect((await reported).message).toMatch(/terminat/)
    const next = (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(d.db)).rows[0]!.pid
    expect(next).not.toBe(pid)
  })
})
