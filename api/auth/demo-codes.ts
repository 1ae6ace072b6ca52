// For tools that sign the demo coordinator or admin in against a running server on the real clock
// (e2e specs, screenshots, benchmarks): the demo authenticator's next code no tool has used yet. The
// server refuses a step already used (replay) and accepts now-1…now+1, so up to three sign-ins fit
// in one 30-second step and the next waits. The last step used per account is kept in a small
// file in the temp directory, so separate processes (test files, bench children) do not collide.
import { readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DEMO_TOTP_SECRET } from '../db/seed/accounts.ts'
import { base32Decode, hotp, stepOf, TOTP_STEP_SECONDS } from './totp.ts'

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
    const secondsLeft = TOTP_STEP_SECONDS - (at / 1000) % TOTP_STEP_SECONDS
    const step = Math.max(secondsLeft > 5 ? now - 1 : now, (used[username] ?? -Infinity) + 1)
    if (step <= now + 1) {
      writeFileSync(FILE, JSON.stringify({ ...used, [username]: step }))
      return hotp(base32Decode(secret), step)
    }
    const nextStepAt = (now + 1) * TOTP_STEP_SECONDS * 1000
    await new Promise((r) => setTimeout(r, nextStepAt - Date.now() + 50))
  }
}
