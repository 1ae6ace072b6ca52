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
  const name = await makeDatabase(adminUrl, newName('lm_test'), template)
  return databaseAt(adminUrl, name, () => dropDatabase(adminUrl, name))
}

/**
 * A database for one test app of a run whose global setup made `run` (its template): a copy of the
 * template, or an empty database when `copy` is false. Creating a database from a template and dropping
 * one each wait on the server's disk for most of a second, which hundreds of test apps would otherwise
 * wait through one by one, so the next copy is made while the current test runs, and `drop` only queues
 * the database for a drop in the background. Names start with the run's, so the run's global teardown
 * drops whatever is still queued or made ahead when the workers stop.
 */
export async function takeRunDatabase(adminUrl: string, run: string, copy: boolean): Promise<TestDatabase> {
  let name: string | undefined
  if (copy) {
    const ahead = madeAhead.get(run)
    madeAhead.delete(run)
    name = ahead && (await ahead.catch(() => undefined))
    const next = makeDatabase(adminUrl, newName(run), run)
    next.catch(() => undefined)
    madeAhead.set(run, next)
  }
  name ??= await makeDatabase(adminUrl, newName(run), copy ? run : undefined)
  const taken = name
  return databaseAt(adminUrl, taken, () => {
    queueDrop(adminUrl, taken)
    return Promise.resolve()
  })
}

/** The databases whose names start with `prefix` (a run's leftovers), dropped. */
export async function dropDatabasesLike(adminUrl: string, prefix: string): Promise<void> {
  const names = await withAdmin(adminUrl, async (c) => {
    const r = await c.query<{ datname: string }>(`select datname from pg_database where starts_with(datname, $1)`, [prefix + '_'])
    return r.rows.map((row) => row.datname)
  })
  await Promise.all(
    Array.from({ length: DROPS_AT_ONCE }, async () => {
      for (let name = names.shift(); name; name = names.shift()) await dropDatabase(adminUrl, name)
    }),
  )
}

const madeAhead = new Map<string, Promise<string>>()
/** Drops run a few at a time: the server's disk waits of concurrent drops overlap. */
const DROPS_AT_ONCE = 4
const toDrop: { adminUrl: string; name: string }[] = []
let dropsRunning = 0

function queueDrop(adminUrl: string, name: string) {
  toDrop.push({ adminUrl, name })
  while (dropsRunning < DROPS_AT_ONCE && toDrop.length > 0) {
    dropsRunning++
    void (async () => {
      for (let next = toDrop.shift(); next; next = toDrop.shift()) await dropDatabase(next.adminUrl, next.name).catch(() => undefined)
      dropsRunning--
    })()
  }
}

const newName = (prefix: string) => `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`

async function makeDatabase(adminUrl: string, name: string, template?: string): Promise<string> {
  await withAdmin(adminUrl, (c) => c.query(template ? `create database ${name} template ${template}` : `create database ${name}`))
  return name
}

function dropDatabase(adminUrl: string, name: string): Promise<void> {
  return withAdmin(adminUrl, async (c) => {
    await c.query(`drop database if exists ${name} with (force)`)
  })
}

async function withAdmin<T>(adminUrl: string, work: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: adminUrl })
  await c.connect()
  try {
    return await work(c)
  } finally {
    await c.end()
  }
}

function databaseAt(adminUrl: string, name: string, drop: () => Promise<void>): TestDatabase {
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  return { url: url.toString(), drop }
}
