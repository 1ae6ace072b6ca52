// PostgreSQL only: a transaction's last write sent with its COMMIT behind it (pg-commit.ts). The locks
// go when the server has done the write, whatever this process is busy with; a write or a COMMIT that
// fails is an error and nothing of the transaction stays.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import pg from 'pg'
import { sql, type RawBuilder, type Transaction } from 'kysely'
import type { DB } from './schema.ts'
import { testDatabaseAdminUrl } from '../env.ts'
import { createPostgresTestDatabase, type TestDatabase } from '../test-support/test-database.ts'
import { migrateToLatest, openDatabase, type Database } from './database.ts'
import { AND_COMMIT, commitWithLastWrite, pipelineAndCommit } from './pg-commit.ts'
import { writeTogether, type WriteStatement } from '../sync/write-together.ts'
import { counterLock, counterWrite } from '../sync/change-log.ts'

const SD = 'pg-commit'

/** A raw statement as one of a transaction's writes. */
const rawWrite = (tx: Transaction<DB>, q: RawBuilder<unknown>): WriteStatement => ({ toOperationNode: () => q.toOperationNode(), execute: () => q.execute(tx) })

describe.runIf(testDatabaseAdminUrl())('a last write with its COMMIT behind it', () => {
  let t: TestDatabase
  let d: Database
  beforeAll(async () => {
    t = await createPostgresTestDatabase(testDatabaseAdminUrl()!)
    d = openDatabase(t.url, { poolMax: 1 })
    await migrateToLatest(d.db)
    await sql`create table deferred_once (id integer, constraint deferred_once_u unique (id) deferrable initially deferred)`.execute(d.db)
  }, 120_000)
  afterAll(async () => {
    await d?.close()
    await t?.drop()
  })

  const seq = async () => Number((await d.db.selectFrom('sync_counters').select('seq').where('subdistrict_id', '=', SD).executeTakeFirst())?.seq ?? -1)

  it('releases the locks without this process reading the write’s answer first', async () => {
    const client = new pg.Client({ connectionString: t.url })
    const other = new pg.Client({ connectionString: t.url })
    await Promise.all([client.connect(), other.connect()])
    const stream = (client as unknown as { connection: { stream: NodeJS.ReadableStream } }).connection.stream
    let written: Promise<unknown> | undefined
    try {
      commitWithLastWrite(client as pg.PoolClient)
      await client.query(`insert into sync_counters (subdistrict_id, seq) values ($1, 0) on conflict do nothing`, [SD])
      await client.query('begin')
      await client.query(`insert into sync_counters (subdistrict_id, seq) values ($1, 0) on conflict (subdistrict_id) do update set seq = sync_counters.seq`, [
        SD,
      ])
      // From here this process reads nothing on that connection, as a busy event loop would not.
      stream.pause()
      written = client.query(`${AND_COMMIT}update sync_counters set seq = 7 where subdistrict_id = $1`, [SD])
      await other.query(`set lock_timeout = '5s'`)
      // Granted only once the first transaction committed: its COMMIT went out behind the write.
      const { rows } = await other.query<{ seq: string }>(`select seq from sync_counters where subdistrict_id = $1 for update`, [SD])
      expect(Number(rows[0]!.seq)).toBe(7)
      stream.resume()
      await written
      // Its own COMMIT is answered without a round trip.
      expect((await client.query('commit')).command).toBe('COMMIT')
      expect(Number((await client.query('select 1 as one')).rows[0].one)).toBe(1)
    } finally {
      // A failed expectation leaves the write unanswered until the connection ends.
      void written?.catch(() => undefined)
      stream.resume()
      await Promise.all([client.end(), other.end()])
    }
  })

  it('through a Kysely transaction: committed once, and the pool client is clean for the next one', async () => {
    await d.db.transaction().execute(async (tx) => {
      await counterLock(tx, SD).execute()
      await writeTogether(tx, 'postgres', [counterWrite(tx, SD, 11), rawWrite(tx, sql`insert into deferred_once (id) values (1)`)], true)
    })
    expect(await seq()).toBe(11)
    await d.db.transaction().execute((tx) => counterWrite(tx, SD, 12).execute())
    expect(await seq()).toBe(12)
  })

  it('a write that fails throws its own error and nothing of the transaction stays (the COMMIT behind it answered ROLLBACK)', async () => {
    const before = await seq()
    const failing = d.db.transaction().execute(async (tx) => {
      await counterLock(tx, SD).execute()
      await counterWrite(tx, SD, 20).execute()
      // The second statement breaks: no such column.
      await writeTogether(tx, 'postgres', [counterWrite(tx, SD, 21), rawWrite(tx, sql`update sync_counters set no_such = 1`)], true)
    })
    await expect(failing).rejects.toMatchObject({ code: '42703' })
    expect(await seq()).toBe(before)
    await d.db.transaction().execute((tx) => counterWrite(tx, SD, 30).execute())
    expect(await seq()).toBe(30)
  })

  it('a COMMIT that fails (a deferred unique key) is an error, not success', async () => {
    const before = await seq()
    const failing = d.db.transaction().execute(async (tx) => {
      await counterLock(tx, SD).execute()
      await writeTogether(tx, 'postgres', [counterWrite(tx, SD, 40), rawWrite(tx, sql`insert into deferred_once (id) values (1)`)], true)
    })
    await expect(failing).rejects.toMatchObject({ code: '23505' })
    expect(await seq()).toBe(before)
    await d.db.transaction().execute((tx) => counterWrite(tx, SD, 41).execute())
    expect(await seq()).toBe(41)
  })

  it('several queries sent at once with COMMIT: the lock one of them takes goes without this process reading any answer', async () => {
    const client = new pg.Client({ connectionString: t.url })
    const other = new pg.Client({ connectionString: t.url })
    await Promise.all([client.connect(), other.connect()])
    const stream = (client as unknown as { connection: { stream: NodeJS.ReadableStream } }).connection.stream
    let sent: Promise<unknown> | undefined
    try {
      commitWithLastWrite(client as pg.PoolClient)
      await client.query(`insert into sync_counters (subdistrict_id, seq) values ($1, 0) on conflict do nothing`, [SD])
      await client.query('begin')
      // From here this process reads nothing on that connection: the lock, the write and COMMIT were all sent.
      stream.pause()
      const lock = d.db.selectFrom('sync_counters').select('seq').where('subdistrict_id', '=', SD).forUpdate().compile()
      const q = pipelineAndCommit([lock, counterWrite(d.db, SD, 50).compile()])
      sent = client.query(q.sql, [...q.parameters])
      await other.query(`set lock_timeout = '5s'`)
      const { rows } = await other.query<{ seq: string }>(`select seq from sync_counters where subdistrict_id = $1 for update`, [SD])
      expect(Number(rows[0]!.seq)).toBe(50)
      stream.resume()
      await sent
      expect((await client.query('commit')).command).toBe('COMMIT')
    } finally {
      void sent?.catch(() => undefined)
      stream.resume()
      await Promise.all([client.end(), other.end()])
    }
  })

  it('several queries with COMMIT: the first failure is thrown and nothing stays', async () => {
    const before = await seq()
    const failing = d.db.transaction().execute(async (tx) => {
      await tx.executeQuery(
        pipelineAndCommit([counterWrite(tx, SD, 60).compile(), sql`select no_such from sync_counters`.compile(tx), counterWrite(tx, SD, 61).compile()]),
      )
    })
    await expect(failing).rejects.toMatchObject({ code: '42703' })
    expect(await seq()).toBe(before)
    await d.db.transaction().execute((tx) => tx.executeQuery(pipelineAndCommit([counterWrite(tx, SD, 62).compile(), counterWrite(tx, SD, 63).compile()])))
    expect(await seq()).toBe(63)
  })
})
