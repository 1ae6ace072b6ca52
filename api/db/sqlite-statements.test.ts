import SQLite from 'better-sqlite3'
import { Kysely, SqliteDialect, sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { cachedStatements } from './sqlite-statements.ts'

describe('cachedStatements', () => {
  it('prepares a SQL text once, keeps at most `max`, dropping the least recently used', () => {
    const raw = new SQLite(':memory:')
    let prepared = 0
    const prepare = raw.prepare.bind(raw)
    raw.prepare = ((s: string) => (prepared++, prepare(s))) as typeof raw.prepare
    const db = cachedStatements(raw, 2)
    const a = db.prepare('select 1')
    expect(db.prepare('select 1')).toBe(a)
    db.prepare('select 2')
    db.prepare('select 1') // used again: now the most recent
    db.prepare('select 3') // drops "select 2"
    expect(db.size).toBe(2)
    expect(prepared).toBe(3)
    expect(db.prepare('select 1')).toBe(a)
    db.prepare('select 2')
    expect(prepared).toBe(4)
    db.close()
    expect(raw.open).toBe(false)
  })

  it('a kept statement sees a schema change made after it was prepared', async () => {
    const db = new Kysely<{ t: { a: number; b?: number } }>({ dialect: new SqliteDialect({ database: cachedStatements(new SQLite(':memory:')) }) })
    await sql`create table t (a integer)`.execute(db)
    await db.insertInto('t').values({ a: 1 }).execute()
    expect(await db.selectFrom('t').selectAll().execute()).toEqual([{ a: 1 }])
    await sql`alter table t add column b integer default 7`.execute(db)
    expect(await db.selectFrom('t').selectAll().execute()).toEqual([{ a: 1, b: 7 }])
    // Writes and reads of one text interleave on one statement.
    for (let i = 2; i < 5; i++) await db.insertInto('t').values({ a: i }).execute()
    expect((await db.selectFrom('t').select('a').execute()).map((r) => r.a)).toEqual([1, 2, 3, 4])
    await db.destroy()
  })
})
