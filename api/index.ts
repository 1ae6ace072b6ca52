// Thin entry point: parse the environment, open and migrate the database, seed an empty one, serve.
import { serve } from '@hono/node-server'
import { join } from 'node:path'
import { EnvError, loadEnv } from './env.ts'
import { migrateToLatest, openDatabase } from './db/database.ts'
import { seed } from './db/seed/index.ts'
import { createApp } from './app.ts'
import { createLogger } from './http/logger.ts'
import { fileMediaStore } from './media/store.ts'

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
  const { db, dialect, close } = openDatabase(env.DATABASE_URL)
  const applied = await migrateToLatest(db)
  const seeded = await seed(db, { demo: env.SEED_DEMO, now: new Date() })
  logger.log('info', 'database_ready', { dialect, migrations_applied: applied.length, seeded, demo: env.SEED_DEMO })
  const app = createApp({ db, dialect, env, logger, media: fileMediaStore(join(env.DATA_DIR, 'media')), now: () => new Date() })
  const server = serve({ fetch: app.fetch, port: env.PORT, hostname: env.HOST }, (info) => {
    logger.log('info', 'listening', { url: `http://localhost:${info.port}` })
  })
  const stop = () => {
    server.close()
    void close().then(() => process.exit(0))
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

void main()
