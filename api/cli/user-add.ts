// `npm run user:add -- --username wang --role inspector --community jiulongnan [--password …]`
// creates a real user (the demo accounts exist only with SEED_DEMO). Without --password it reads
// LASTMILE_PASSWORD from the environment (via env parsing) or asks on the terminal.
import { parseArgs } from 'node:util'
import { createInterface } from 'node:readline/promises'
import { loadEnv } from '../env.ts'
import { openDatabase } from '../db/database.ts'
import { prepareDatabase } from '../db/startup.ts'
import { MODULES } from '../modules/index.ts'
import { createUser } from '../auth/users.ts'
import { UserCreate } from '#domain/auth.ts'
import { CORE_DICTIONARIES, formatIssues, messageCatalogue, translate, type Lang } from '#domain/messages.ts'
import { PASSWORD_MESSAGES } from '../auth/password-strength.ts'
import { ProblemError } from '../http/problem.ts'

async function main() {
  const { values } = parseArgs({
    options: {
      username: { type: 'string' },
      role: { type: 'string' },
      name: { type: 'string' },
      password: { type: 'string' },
      community: { type: 'string', multiple: true },
      subdistrict: { type: 'string', default: 'shuangjing' },
    },
  })
  let password = values.password
  if (!password) {
    const rl = createInterface({ input: process.stdin, output: process.stdout })
    password = await rl.question('密码 / password: ')
    rl.close()
  }
  const parsed = UserCreate.safeParse({
    username: values.username,
    display_name: values.name ?? values.username,
    role: values.role,
    password,
    community_ids: values.community ?? [],
  })
  if (!parsed.success) {
    for (const e of formatIssues(parsed.error.issues, 'zh-CN')) console.error(`--${e.path}: ${e.message}`)
    process.exit(2)
  }
  const env = loadEnv()
  const { db, dialect, close } = openDatabase(env.DATABASE_URL, { poolMax: 2 })
  // Same lock as the API's start-up: safe while replicas are starting against the same database.
  await prepareDatabase(db, dialect, MODULES, { demo: false, now: new Date() })
  try {
    const user = await createUser(db, values.subdistrict, parsed.data, new Date())
    console.log(`created ${user.username} (${user.role}) id=${user.id}`)
  } catch (e) {
    if (e instanceof ProblemError) {
      // The server's catalogue (core and password messages); both languages, since a terminal has no Accept-Language.
      const catalogue = messageCatalogue(...CORE_DICTIONARIES, PASSWORD_MESSAGES)
      const both = (say: (lang: Lang) => string) => `${say('zh-CN')} / ${say('en')}`
      const fields = e.options.errors ?? []
      const detail = both((lang) => e.detail(lang, catalogue))
      console.error(fields.length ? fields.map((f) => `--${f.path}: ${both((lang) => translate(f.key, lang, f.params, catalogue))}`).join('\n') : detail)
      process.exit(1)
    }
    throw e
  } finally {
    await close()
  }
}

void main()
