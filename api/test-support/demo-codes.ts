// For tools that sign the demo coordinator or admin in against a running server on the real clock
// (e2e specs, screenshots, benchmarks): the demo authenticator's next code no tool has used yet. The
// server refuses a step already used (replay) and accepts now-1…now+1, so up to three sign-ins fit
// in one 30-second step and the next waits. The last step used per account is kept in a small
// file in the temp directory, so separate processes (test files, bench children) do not collide.
import { readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '../db/seed/accounts.ts'
import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.ts'
import { base32Decode, hotp, stepOf, TOTP_STEP_SECONDS, totpCode } from '../auth/totp.ts'

const FILE = join(tmpdir(), 'lastmile-demo-totp-steps.json')

function readUsed(): Record<string, number> {
  try {
    return JSON.parse(readFileSync(FILE, 'utf8')) as Record<string, number>
  } catch {
    return {}
  }
}

export async function freshDemoCode(username: string, secret = DEMO_TOTP_SECRET): Promise<string> {
  for (;;) {
    const used = readUsed()
    const at = Date.now()
    const now = stepOf(new Date(at))
    // The previous step stays valid until the current one ends: use it only with a few seconds to spare.
    const secondsLeft = TOTP_STEP_SECONDS - ((at / 1000) % TOTP_STEP_SECONDS)
    const step = Math.max(secondsLeft > 5 ? now - 1 : now, (used[username] ?? -Infinity) + 1)
    if (step <= now + 1) {
      writeFileSync(FILE, JSON.stringify({ ...used, [username]: step }))
      return hotp(base32Decode(secret), step)
    }
    const nextStepAt = (now + 1) * TOTP_STEP_SECONDS * 1000
    await new Promise((r) => setTimeout(r, nextStepAt - Date.now() + 50))
  }
}

/**
 * The demo authenticator's code for a sign-in at `now`. The server refuses a step already used (replay),
 * and tests sign the same account in many times under a frozen clock: the harness takes the next unused
 * step of the ±1 window and, when all three are used, forgets the last step (a test-only shortcut; the
 * replay rule itself is tested in api/auth/second-factor.test.ts without this helper). For in-process
 * servers on a test clock (API tests, the sync chaos run), which can read the database.
 */
export async function demoTotpCode(db: Kysely<DB>, username: string, now: Date): Promise<string> {
  const row = await db
    .selectFrom('user_totp as t')
    .innerJoin('users as u', (j) => j.onRef('u.subdistrict_id', '=', 't.subdistrict_id').onRef('u.id', '=', 't.user_id'))
    .select(['t.subdistrict_id', 't.user_id', 't.secret', 't.last_step'])
    .where('u.username', '=', username)
    .executeTakeFirst()
  if (!row || row.secret !== DEMO_TOTP_SECRET) throw new Error(`${username} has no demo authenticator; enrol it in the test`)
  const step = stepOf(now)
  const free = [step - 1, step, step + 1].find((s) => row.last_step === null || s > row.last_step)
  if (free !== undefined) return totpCode(DEMO_TOTP_SECRET, new Date(free * TOTP_STEP_SECONDS * 1000))
  await db.updateTable('user_totp').set({ last_step: null }).where('subdistrict_id', '=', row.subdistrict_id).where('user_id', '=', row.user_id).execute()
  return totpCode(DEMO_TOTP_SECRET, now)
}

/** One JSON POST to the API: an in-process app (tests, chaos run) or fetch against a URL (bench). */
export type PostJson = (path: string, body: unknown, cookie?: string) => Promise<Response>

/** `name=value` of one cookie a response sets. */
export function cookieFrom(res: Response, name: string): string {
  const found = res.headers.getSetCookie().find((c) => c.startsWith(`${name}=`))
  if (!found) throw new Error(`no ${name} cookie in the response (status ${res.status})`)
  return found.split(';')[0]!
}

/**
 * Signs a demo account in through the real endpoints and returns its `lm_session=…` cookie; where the
 * account has a second factor, `code()` gives the authenticator's code (demoTotpCode or freshDemoCode).
 */
export async function signInDemo(post: PostJson, username: string, code: () => Promise<string>, password = DEMO_PASSWORD): Promise<string> {
  const res = await post('/api/auth/login', { username, password })
  if (res.status === 202) {
    const second = await post('/api/auth/totp', { code: await code() }, cookieFrom(res, 'lm_login'))
    if (second.status !== 200) throw new Error(`second factor for ${username} failed: ${second.status} ${await second.text()}`)
    return cookieFrom(second, 'lm_session')
  }
  if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${await res.text()}`)
  return cookieFrom(res, 'lm_session')
}
