// Can this process write where it must? A probe file in DATA_DIR and a one-row write to the database,
// at start (a clear message instead of 500s on every write later) and on each health probe.
import { randomBytes } from 'node:crypto'
import { mkdirSync, statSync, unlinkSync, writeFileSync } from 'node:fs'
import { unlink, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { sql, type Kysely } from 'kysely'
import type { DB } from '../db/schema.ts'
import type { Env } from '../env.ts'

export interface StorageProblem {
  /** What cannot be written: the data folder or the database. */
  target: 'data_dir' | 'database'
  reason: string
}

const errText = (e: unknown) => (e instanceof Error ? ((e as NodeJS.ErrnoException).code ?? e.name) + ': ' + e.message : String(e))

/** Writes and removes a small file in the folder; the error says why not (EROFS, EACCES, EPERM, ENOSPC…). */
export async function probeFolder(dir: string): Promise<string | undefined> {
  const probe = join(dir, `.write-check-${process.pid}-${randomBytes(4).toString('hex')}`)
  try {
    await writeFile(probe, 'ok')
    await unlink(probe)
    return undefined
  } catch (e) {
    return errText(e)
  }
}

/** A real write (one counter row) in the database, so a read-only file or server shows up. */
export async function probeDatabase(db: Kysely<DB>): Promise<string | undefined> {
  try {
    await db
      .insertInto('rate_limits')
      .values({ subdistrict_id: '*', key: 'health:write-check', window_start: new Date(0).toISOString(), count: 1 })
      .onConflict((oc) => oc.columns(['subdistrict_id', 'key']).doUpdateSet({ count: sql`1` }))
      .execute()
    return undefined
  } catch (e) {
    return errText(e)
  }
}

export async function storageProblems(deps: { env: Env; db: Kysely<DB> }): Promise<StorageProblem[]> {
  const problems: StorageProblem[] = []
  const dirProblem = await probeFolder(deps.env.DATA_DIR)
  if (dirProblem) problems.push({ target: 'data_dir', reason: dirProblem })
  const dbProblem = await probeDatabase(deps.db)
  if (dbProblem) problems.push({ target: 'database', reason: dbProblem })
  return problems
}

/**
 * Before the database is opened: DATA_DIR exists (made if missing) and is writable. Returns a message
 * for the operator, or undefined when all is well.
 */
export function dataDirProblemAtStart(env: Env): string | undefined {
  const dir = resolve(env.DATA_DIR)
  try {
    mkdirSync(dir, { recursive: true })
    if (!statSync(dir).isDirectory()) return `DATA_DIR ${dir} is not a folder`
    const probe = join(dir, `.write-check-${process.pid}`)
    writeFileSync(probe, 'ok')
    unlinkSync(probe)
  } catch (e) {
    return `DATA_DIR ${dir} cannot be written (${errText(e)}): give the server's user write access, or mount it read-write`
  }
  return undefined
}
