// Thin entry point: parse the environment, open the database, migrate and seed it (once across replicas),
// pick the media store, serve (plain http, or https with the setup page beside it: api/tls/).
import { createAdaptorServer, serve } from '@hono/node-server'
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https'
import type { Server as HttpServer } from 'node:http'
import { hostname, networkInterfaces } from 'node:os'
import { join } from 'node:path'
import { EnvError, loadEnv, type Env } from './env.ts'
import { openDatabase } from './db/database.ts'
import { prepareDatabase } from './db/startup.ts'
import { createApp } from './app.ts'
import { MODULES, withModules } from './modules/index.ts'
import { createLogger } from './http/logger.ts'
import { fileMediaStore, removeStaleTempFiles, type MediaStore } from './media/store.ts'
import { checkS3Bucket, s3ConfigFromEnv, s3MediaStore } from './media/s3-store.ts'
import { startRetentionSchedule } from './retention/schedule.ts'
import { dataDirProblemAtStart, probeDatabase } from './http/storage-check.ts'
import { planHttps, TlsSetupError, type HttpsPlan } from './tls/https.ts'
import { banner, httpsUrls, reachable } from './tls/terminal.ts'
import { startSetupServer } from './tls/setup-server.ts'
import { listenOnePort, plainRedirect } from './tls/one-port.ts'
import { keepIdleConnections } from './http/idle-connections.ts'

const machine = () => ({ hostname: hostname(), interfaces: networkInterfaces(), now: new Date() })

/** Certificate trouble stops start-up with the message (it names the setting to fix). */
function planOrExit(env: Env): HttpsPlan {
  try {
    return planHttps(env, machine())
  } catch (e) {
    if (e instanceof TlsSetupError) {
      console.error(e.message)
      process.exit(2)
    }
    throw e
  }
}

async function main() {
  let env: Env
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
  // Before the database: a bad certificate stops start-up at once.
  const https = planOrExit(env)
  logger.log('info', 'tls', https.log)
  const { db, dialect, close } = openDatabase(env.DATABASE_URL, {
    poolMax: env.DB_POOL_MAX,
    onIdleError: (err) => logger.log('warn', 'database_connection_lost', { error: err.message }),
  })
  // Replicas starting together take turns: one migrates and seeds, the others find it done.
  const ready = await prepareDatabase(db, dialect, MODULES, { demo: env.SEED_DEMO, now: new Date() })
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
  const deps = withModules({ db, dialect, env, logger, media, now: () => new Date() }, MODULES)
  const app = createApp(deps)
  // Residents' personal data past retention is anonymised now and every night (api/retention/).
  const retention = startRetentionSchedule(deps)
  // Modules' recurring work (webhook deliveries); one run at a time per job, trouble logged.
  const jobs = deps.modules
    .flatMap((m) => m.jobs ?? [])
    .map((job) => {
      let running = false
      const run = () => {
        if (running) return
        running = true
        job
          .run(deps)
          .catch((e: unknown) => logger.log('warn', 'job_failed', { job: job.name, error: e instanceof Error ? e.message : String(e) }))
          .finally(() => (running = false))
      }
      if (job.atStart) run()
      return setInterval(run, job.everyMs).unref()
    })
  const listening = (url: string) => logger.log('info', 'listening', { url })
  let server: { close(): unknown }
  let tlsServer: HttpsServer | undefined
  if (https.serverOptions) {
    tlsServer = createAdaptorServer({ fetch: app.fetch, createServer: createHttpsServer, serverOptions: https.serverOptions }) as HttpsServer
    keepIdleConnections(tlsServer)
    server = await listenOnePort({ tls: tlsServer, plain: plainRedirect({ httpsPort: env.PORT, setupPort: env.SETUP_PORT }), port: env.PORT, host: env.HOST })
    listening(`https://localhost:${env.PORT}`)
  } else {
    const plain = serve({ fetch: app.fetch, port: env.PORT, hostname: env.HOST }, (info) => listening(`http://localhost:${info.port}`)) as HttpServer
    keepIdleConnections(plain)
    server = plain
  }
  const setup = https.setup ? await startSetupServer({ ...https.setup, port: env.SETUP_PORT, host: env.HOST }) : undefined
  if (setup) logger.log('info', 'setup_page', { url: `http://localhost:${env.SETUP_PORT}/` })
  if (https.serverOptions && (env.LOG_LEVEL === 'info' || env.LOG_LEVEL === 'debug')) {
    const name = https.local ? machine().hostname : ''
    const addresses = reachable(https.addresses, env.HOST)
    const setupUrls = setup ? httpsUrls({ port: env.SETUP_PORT, hostname: name, addresses }).map((u) => u.replace('https:', 'http:')) : []
    process.stderr.write(
      banner({
        urls: httpsUrls({ port: env.PORT, hostname: name, addresses }),
        setupUrls,
        fingerprint: https.local?.ca.sha256,
        ansi: !!process.stderr.isTTY,
      }) + '\n',
    )
  }
  // HTTPS=local: the addresses can change while the server runs (DHCP, another network); look hourly.
  const renew =
    env.TLS_MODE === 'local'
      ? setInterval(() => {
          // While serving, trouble is logged and the current certificate stays; start-up is where it stops.
          try {
            const again = planHttps(env, machine())
            if (again.local?.issued && again.serverOptions) {
              tlsServer?.setSecureContext(again.serverOptions)
              logger.log('info', 'tls_renewed', again.log)
            }
          } catch (e) {
            logger.log('warn', 'tls_renew_failed', { error: e instanceof Error ? e.message : String(e) })
          }
        }, 3600_000).unref()
      : undefined
  const stop = () => {
    retention.stop()
    for (const j of jobs) clearInterval(j)
    if (renew) clearInterval(renew)
    setup?.close()
    server.close()
    void close().then(() => process.exit(0))
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

void main()
