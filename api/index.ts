// Thin entry point: parse the environment, open the database, migrate and seed it (once across replicas),
// pick the media store, serve.
import { serve } from '@hono/node-server'
import { join } from 'node:path'
import { EnvError, loadEnv } from './env.ts'
import { openDatabase } from './db/database.ts'
import { prepareDatabase } from './db/startup.ts'
import { createApp } from './app.ts'
import { createLogger } from './http/logger.ts'
import { fileMediaStore, removeStaleTempFiles, type MediaStore } from './media/store.ts'
import { checkS3Bucket, s3ConfigFromEnv, s3MediaStore } from './media/s3-store.ts'
import { startRetentionSchedule } from './retention/schedule.ts'
import { dataDirProblemAtStart, probeDatabase } from './http/storage-check.ts'

async function main() {
  let env
  try {
    env = loadEnv()
  } catch (e) {
    if (e instanceof EnvError) {
      console.error(e.message)
      process.exit(2)
    }
    throw e
  }
  const logger = createLogger(env.LOG_LEVEL)
  // A read-only data folder would let the server start and then fail every write: stop now, saying why.
  const dirProblem = dataDirProblemAtStart(env)
  if (dirProblem) {
    logger.log('error', 'data_dir_not_writable', { detail: dirProblem })
    console.error(dirProblem)
    process.exit(2)
  }
  const { db, dialect, close } = openDatabase(env.DATABASE_URL, {
    poolMax: env.DB_POOL_MAX,
    onIdleError: (err) => logger.log('warn', 'database_connection_lost', { error: err.message }),
  })
  // Replicas starting together take turns: one migrates and seeds, the others find it done.
  const ready = await prepareDatabase(db, dialect, { demo: env.SEED_DEMO, now: new Date() })
  logger.log('info', 'database_ready', {
    dialect,
    migrations_applied: ready.applied.length,
    seeded: ready.seeded,
    waited_ms: ready.waited_ms,
    demo: env.SEED_DEMO,
  })
  let media: MediaStore = fileMediaStore(join(env.DATA_DIR, 'media'))
  if (env.MEDIA_STORE === 'fs') {
    const removed = await removeStaleTempFiles(join(env.DATA_DIR, 'media'))
    if (removed) logger.log('info', 'media_temp_files_removed', { files: removed })
  }
  if (env.MEDIA_STORE === 's3') {
    const s3 = s3ConfigFromEnv(env)
    try {
      await checkS3Bucket(s3)
    } catch (e) {
      logger.log('error', 'media_store_unreachable', { endpoint: s3.endpoint, bucket: s3.bucket, error: e instanceof Error ? e.message : String(e) })
      process.exit(2)
    }
    media = s3MediaStore(s3)
  }
  logger.log('info', 'media_store', { kind: env.MEDIA_STORE })
  const dbProblem = await probeDatabase(db)
  if (dbProblem) {
    logger.log('error', 'database_not_writable', { detail: dbProblem })
    console.error(`The database cannot be written (${dbProblem}): check its file or server permissions`)
    process.exit(2)
  }
  const deps = { db, dialect, env, logger, media, now: () => new Date() }
  const app = createApp(deps)
  // Residents' personal data past retention is anonymised now and every night (api/retention/).
  const retention = startRetentionSchedule(deps)
  const server = serve({ fetch: app.fetch, port: env.PORT, hostname: env.HOST }, (info) => {
    logger.log('info', 'listening', { url: `http://localhost:${info.port}` })
  })
  const stop = () => {
    retention.stop()
    server.close()
    void close().then(() => process.exit(0))
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

void main()
