// `npm run test:pg [files…]`: the API suite (or the files named) again, against a real PostgreSQL server. Each test app makes
// its own database and drops it. Without a server it says so loudly; under CI it fails instead.
import { spawnSync } from 'node:child_process'
import pg from 'pg'

const adminUrl = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'

async function reachable(): Promise<string | undefined> {
  const c = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3000 })
  try {
    await c.connect()
    const r = await c.query<{ version: string }>('select version()')
    return r.rows[0]?.version
  } catch {
    return undefined
  } finally {
    await c.end().catch(() => undefined)
  }
}

const version = await reachable()
if (!version) {
  const bar = '!'.repeat(78)
  console.error(
    `\n${bar}\n!! PostgreSQL is NOT reachable at ${adminUrl}\n!! The API suite did NOT run against PostgreSQL. Start it with:\n!!   pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start\n${bar}\n`,
  )
  process.exit(process.env.CI ? 1 : 0)
}
console.log(`API suite on ${version.split(',')[0]}`)
const r = spawnSync('npx', ['vitest', 'run', '--project', 'api', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, TEST_DATABASE_URL: adminUrl },
})
process.exit(r.status ?? 1)
