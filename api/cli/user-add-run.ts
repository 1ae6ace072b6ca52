// What `npm run user:add` does, apart from the process around it: parse the options, check the new
// user as the API does, create it, and say what happened. Returns the exit code.
import { parseArgs } from 'node:util'
import type { Env } from '../env.ts'
import { openDatabase } from '../db/database.ts'
import { prepareDatabase } from '../db/startup.ts'
import { MODULES } from '../modules/index.ts'
import { createUser } from '../auth/users.ts'
import { UserCreate } from '#domain/auth.ts'
import { CORE_DICTIONARIES, formatIssues, messageCatalogue, translate, type Lang } from '#domain/messages.ts'
import { PASSWORD_MESSAGES } from '../auth/password-strength.ts'
import { ProblemError } from '../http/problem.ts'

export interface UserAddIo {
  log(line: string): void
  error(line: string): void
  /** Asks on the terminal (the password, when no option gives it). */
  ask(question: string): Promise<string>
}

export async function userAdd(args: string[], env: () => Env, io: UserAddIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      username: { type: 'string' },
      role: { type: 'string' },
      name: { type: 'string' },
      password: { type: 'string' },
      community: { type: 'string', multiple: true },
      subdistrict: { type: 'string', default: 'shuangjing' },
    },
  })
  const password = values.password || (await io.ask('密码 / password: '))
  const parsed = UserCreate.safeParse({
    username: values.username,
    display_name: values.name ?? values.username,
    role: values.role,
    password,
    community_ids: values.community ?? [],
  })
  if (!parsed.success) {
    for (const e of formatIssues(parsed.error.issues, 'zh-CN')) io.error(`--${e.path}: ${e.message}`)
    return 2
  }
  const { db, dialect, close } = openDatabase(env().DATABASE_URL, { poolMax: 2 })
  try {
    // Same lock as the API's start-up: safe while replicas are starting against the same database.
    await prepareDatabase(db, dialect, MODULES, { demo: false, now: new Date() })
    const user = await createUser(db, values.subdistrict, parsed.data, new Date())
    io.log(`created ${user.username} (${user.role}) id=${user.id}`)
    return 0
  } catch (e) {
    if (!(e instanceof ProblemError)) throw e
    // The server's catalogue (core and password messages); both languages, since a terminal has no Accept-Language.
    const catalogue = messageCatalogue(...CORE_DICTIONARIES, PASSWORD_MESSAGES)
    const both = (say: (lang: Lang) => string) => `${say('zh-CN')} / ${say('en')}`
    const fields = e.options.errors ?? []
    const detail = both((lang) => e.detail(lang, catalogue))
    io.error(fields.length ? fields.map((f) => `--${f.path}: ${both((lang) => translate(f.key, lang, f.params, catalogue))}`).join('\n') : detail)
    return 1
  } finally {
    await close()
  }
}
