// `npm start`: build the client when there is no build yet (a fresh clone), then run the server,
// which migrates, seeds an empty database and serves app and API on PORT (8787).
import { existsSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'

const dist = process.env.CLIENT_DIST ?? './dist'
if (!existsSync(join(dist, 'index.html'))) {
  console.log('Building the client (first start)…')
  const r = spawnSync('npx', ['vite', 'build'], { stdio: 'inherit', shell: process.platform === 'win32' })
  if (r.status !== 0) process.exit(r.status ?? 1)
}
await import('../index.ts')
