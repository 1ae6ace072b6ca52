// A fresh database per test app: a temporary SQLite file by default, or, when TEST_DATABASE_URL
// names a PostgreSQL server, a new database created on it and dropped afterwards.
import { randomBytes } from 'node:crypto'
import pg from 'pg'

export interface TestDatabase {
  url: string
  drop(): Promise<void>
}

/** The server time test apps start at, unless a test says otherwise (a Wednesday, 10:00 in Beijing). */
export const DEFAULT_TEST_NOW = new Date('2026-12-02T02:00:00Z')

/** A new database on the server; a copy of `template` (already migrated and seeded) when given. */
export async function createPostgresTestDatabase(adminUrl: string, template?: string): Promise<TestDatabase> {
  const name = `lm_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  try {
    await admin.query(template ? `create database ${name} template ${template}` : `create database ${name}`)
  } finally {
    await admin.end()
  }
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: adminUrl })
      await c.connect()
      try {
        await c.query(`drop database if exists ${name} with (force)`)
      } finally {
        await c.end()
      }
    },
  }
}
