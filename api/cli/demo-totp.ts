// `npm run demo:totp`: the code the demo coordinator and admin enter after their password, as an
// authenticator app holding DEMO_TOTP_SECRET would show it now (and the next one, with seconds left).
// The code also stands alone on the first line, for a script or a quick copy.
import { DEMO_TOTP_SECRET } from '../db/seed/accounts.ts'
import { TOTP_STEP_SECONDS, totpCode } from '../auth/totp.ts'

const now = new Date()
const left = TOTP_STEP_SECONDS - (Math.floor(now.getTime() / 1000) % TOTP_STEP_SECONDS)
const next = new Date(now.getTime() + TOTP_STEP_SECONDS * 1000)
const code = totpCode(DEMO_TOTP_SECRET, now)
console.log(code)
console.log(`demo authenticator code: ${code}  (${left} s left; next: ${totpCode(DEMO_TOTP_SECRET, next)})`)
console.log(`secret for an authenticator app: ${DEMO_TOTP_SECRET}`)
