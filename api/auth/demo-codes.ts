// For tools that sign the demo coordinator or admin in against a running server on the real clock
// (e2e specs, screenshots, benchmarks): the demo authenticator's next code this process has not used
// yet. The server refuses a step already used (replay) and accepts now-1…now+1, so two sign-ins fit in
// one 30-second step; a third waits for the next step.
import { DEMO_TOTP_SECRET } from '../db/seed/accounts.ts'
import { base32Decode, hotp, stepOf, TOTP_STEP_SECONDS } from './totp.ts'

const lastUsed = new Map<string, number>()

export async function freshDemoCode(username: string, secret = DEMO_TOTP_SECRET): Promise<string> {
  for (;;) {
    const now = stepOf(new Date())
    const step = Math.max(now, (lastUsed.get(username) ?? -Infinity) + 1)
    if (step <= now + 1) {
      lastUsed.set(username, step)
      return hotp(base32Decode(secret), step)
    }
    const nextStepAt = (now + 1) * TOTP_STEP_SECONDS * 1000
    await new Promise((r) => setTimeout(r, nextStepAt - Date.now() + 50))
  }
}
