// `npm run backup [-- --out DIR]`: a consistent online backup while the app keeps running — SQLite via
// VACUUM INTO (a transactionally consistent copy, WAL included), then the media files (by hash,
// immutable; copied after the database so every photo the copy references is there). PostgreSQL: prints pg_dump.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { createHash } from 'node:crypto'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { pathToFileURL } from 'node:url'
import SQLite from 'better-sqlite3'
import { loadEnv, type Env } from '../env.ts'

export interface BackupResult {
  dir: string
  database: string
  mediaFiles: number
  /** Photos the database references whose file is in neither the media folder nor the copy (fs store only). */
  mediaMissing: string[]
  tables: Record<string, number>
}

const stamp = (d: Date) => d.toISOString().replace(/[:.]/g, '-')

function countFiles(dir: string): number {
  if (!existsSync(dir)) return 0
  return readdirSync(dir).reduce((n, f) => n + (statSync(join(dir, f)).isDirectory() ? countFiles(join(dir, f)) : 1), 0)
}

export function pgDumpCommand(out: string): string {
  return `pg_dump --format=custom --no-owner --file ${JSON.stringify(join(out, 'lastmile.pgdump'))} "$DATABASE_URL"`
}

export async function backup(env: Env, opts: { out?: string; now?: Date } = {}): Promise<BackupResult> {
  const dir = resolve(opts.out ?? join(env.DATA_DIR, 'backups', stamp(opts.now ?? new Date())))
  mkdirSync(dir, { recursive: true })
  const file = env.DATABASE_URL.replace(/^sqlite:(\/\/)?/, '')
  const database = join(dir, 'lastmile.db')
  const source = new SQLite(file, { fileMustExist: true })
  try {
    // VACUUM INTO reads in ONE read transaction (WAL: writers go on meanwhile) and writes a compact,
    // consistent copy. The page-stepping backup API restarts on every write and may never finish under load.
    source.prepare('vacuum into ?').run(database)
  } finally {
    source.close()
  }
  const copy = new SQLite(database, { readonly: true })
  const tables: Record<string, number> = {}
  let referenced: string[] = []
  try {
    const check = copy.pragma('integrity_check', { simple: true })
    if (check !== 'ok') throw new Error(`backup failed its integrity check: ${String(check)}`)
    for (const { name } of copy.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%'").all() as { name: string }[]) {
      tables[name] = (copy.prepare(`select count(*) as n from "${name}"`).get() as { n: number }).n
    }
    if (tables.media_objects !== undefined)
      referenced = (copy.prepare('select distinct stored_hash as h from media_objects').all() as { h: string }[]).map((r) => r.h)
  } finally {
    copy.close()
  }
  const media = join(env.DATA_DIR, 'media')
  if (env.MEDIA_STORE === 'fs' && existsSync(media)) cpSync(media, join(dir, 'media'), { recursive: true, force: false, errorOnExist: false })
  const mediaFiles = countFiles(join(dir, 'media'))
  // Every photo the copied database references must be in the copied folder; a lost file is reported
  // (a device that still holds the photo restores it by uploading it again).
  const mediaMissing = env.MEDIA_STORE === 'fs' ? referenced.filter((h) => !existsSync(join(dir, 'media', h.slice(0, 2), h))) : []
  const manifest = {
    created_at: (opts.now ?? new Date()).toISOString(),
    database: { file: 'lastmile.db', sha256: createHash('sha256').update(readFileSync(database)).digest('hex'), tables },
    media: { dir: env.MEDIA_STORE === 'fs' ? 'media' : null, files: mediaFiles, store: env.MEDIA_STORE, missing: mediaMissing },
    restore: 'see docs/backup.md',
  }
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n')
  return { dir, database, mediaFiles, mediaMissing, tables }
}

async function main() {
  const { values } = parseArgs({ options: { out: { type: 'string' } } })
  const env = loadEnv()
  if (/^postgres(ql)?:\/\//.test(env.DATABASE_URL)) {
    const out = resolve(values.out ?? join(env.DATA_DIR, 'backups', stamp(new Date())))
    console.log('PostgreSQL: run pg_dump (a consistent snapshot while the app runs), e.g.')
    console.log(`  mkdir -p ${JSON.stringify(out)} && ${pgDumpCommand(out)}`)
    console.log(
      env.MEDIA_STORE === 's3'
        ? "Media are in S3: use the bucket's versioning or replication."
        : `and copy the media: cp -a ${JSON.stringify(join(env.DATA_DIR, 'media'))} ${JSON.stringify(out)}/`,
    )
    return
  }
  const r = await backup(env, { out: values.out })
  const rows = Object.values(r.tables).reduce((a, b) => a + b, 0)
  console.log(`backup written to ${r.dir}: database (${Object.keys(r.tables).length} tables, ${rows} rows), ${r.mediaFiles} media files`)
  if (env.MEDIA_STORE === 's3') console.log("Media are in S3 and not copied: use the bucket's versioning or replication.")
  if (r.mediaMissing.length) {
    console.warn(
      `WARNING: ${r.mediaMissing.length} photo file(s) referenced by the database are missing (listed in manifest.json, e.g. ${r.mediaMissing[0]}); ` +
        'a device that still holds a photo stores it again on its next upload',
    )
    process.exitCode = 3
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e)
    process.exit(1)
  })
}
