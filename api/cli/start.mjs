// `npm start`: plain Node, no TypeScript loader. Builds what is missing or older than its sources — the
// client (dist/) on a fresh clone, the server (dist-api/, from vite.server.config.ts) on a fresh clone or
// after a change under api/ — then runs the compiled server, which migrates, seeds an empty database and
// serves app and API on PORT (8787).
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'

const root = resolve(import.meta.dirname, '../..')
const dist = process.env.CLIENT_DIST ?? join(root, 'dist')
const server = join(root, 'dist-api', 'index.js')

/** The newest modification time of the server's sources: api/ (tests aside), its build config, the lock file. */
function newestSource() {
  let newest = 0
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name)
      if (e.isDirectory()) walk(p)
      else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(p).mtimeMs)
    }
  }
  walk(join(root, 'api'))
  for (const f of ['vite.server.config.ts', 'package-lock.json']) {
    if (existsSync(join(root, f))) newest = Math.max(newest, statSync(join(root, f)).mtimeMs)
  }
  return newest
}

function vite(args, what) {
  console.log(`Building ${what}…`)
  const r = spawnSync('npx', ['vite', 'build', ...args], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' })
  if (r.status !== 0) process.exit(r.status ?? 1)
}

if (!existsSync(join(dist, 'index.html'))) vite([], 'the client (first start)')
if (!existsSync(server) || statSync(server).mtimeMs < newestSource()) vite(['-c', 'vite.server.config.ts'], 'the server')
await import(pathToFileURL(server).href)
