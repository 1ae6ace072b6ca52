import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../db/database.ts'
import { parseEnv, testDatabaseAdminUrl } from '../env.ts'
import { userAdd } from './user-add-run.ts'

const dir = mkdtempSync(join(tmpdir(), 'lastmile-cli-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

// Each run starts a Node process that compiles the CLI; beside the rest of `npm test` that takes seconds,
// so the process runs for the two ways out (created; refused options) and the rules run in this one.
const run = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'api/cli/user-add.ts', ...args], {
    encoding: 'utf8',
    env: { ...process.env, DATA_DIR: dir, SEED_DEMO: '0', DATABASE_URL: '', TEST_DATABASE_URL: '' },
  })

// The command runs on its own SQLite file whatever the suite's database is: the PostgreSQL run of the
// suite would repeat the same processes, so it skips them.
describe.skipIf(Boolean(testDatabaseAdminUrl()))('npm run user:add', () => {
  it('creates a real user in a database without demo accounts', async () => {
    const ok = run('--username', 'wangfang', '--role', 'inspector', '--name', '王芳', '--community', 'jiulongnan', '--password', 'street-walker-77')
    expect(ok.stderr).toBe('')
    expect(ok.stdout).toMatch(/created wangfang \(inspector\)/)
    const { db, close } = openDatabase(join(dir, 'lastmile.db'))
    const users = await db.selectFrom('users').select(['username', 'role']).execute()
    await close()
    expect(users).toEqual([{ username: 'wangfang', role: 'inspector' }])
  }, 120_000)

  it('refuses a bad role or a weak password with a message naming the option', () => {
    const bad = run('--username', 'li', '--role', 'boss', '--password', 'password')
    expect(bad.status).toBe(2)
    expect(bad.stderr).toMatch(/--role/)
    expect(bad.stderr).toMatch(/--password/)
  }, 120_000)

  it('refuses guessable passwords and the published demo password, saying why in both languages', async () => {
    const env = () => parseEnv({ DATA_DIR: dir, SEED_DEMO: '0' })
    for (const [password, why] of [
      ['qwer1234', /过于常见/],
      ['Password2024', /太容易被猜到.*too easy to guess/],
      ['lastmile-demo', /演示密码.*demo password/],
      ['zhangwei1985', /拼音姓名.*name/],
      ['Fang13812345678', /手机号或生日.*mobile number or a birthday/],
    ] as const) {
      const said: string[] = []
      const io = { log: () => undefined, error: (line: string) => said.push(line), ask: () => Promise.reject(new Error('no terminal')) }
      const code = await userAdd(['--username', 'zhaoli', '--role', 'inspector', '--password', password], env, io)
      expect(code, password).not.toBe(0)
      expect(said.join('\n')).toMatch(/--password/)
      expect(said.join('\n')).toMatch(why)
    }
    const { db, close } = openDatabase(join(dir, 'lastmile.db'))
    const users = await db.selectFrom('users').select('username').execute()
    await close()
    expect(users.map((u) => u.username)).not.toContain('zhaoli')
  }, 120_000)
})
