import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { DEMO_TOTP_SECRET } from '../db/seed/accounts.ts'
import { totpCode } from '../auth/totp.ts'

describe('npm run demo:totp', () => {
  it('prints the current code alone on its own line, then the sentence with the next one', () => {
    const before = new Date()
    const out = spawnSync(process.execPath, ['--import', 'tsx', 'api/cli/demo-totp.ts'], { encoding: 'utf8' })
    const after = new Date()
    expect(out.status).toBe(0)
    const lines = out.stdout.trimEnd().split('\n')
    // The run may straddle a step boundary: the code is the one shown at its start or at its end.
    const candidates = [totpCode(DEMO_TOTP_SECRET, before), totpCode(DEMO_TOTP_SECRET, after)]
    expect(lines[0]).toMatch(/^\d{6}$/)
    expect(candidates).toContain(lines[0])
    expect(lines[1]).toContain(`demo authenticator code: ${lines[0]}`)
    expect(lines[1]).toMatch(/\(\d+ s left; next: \d{6}\)/)
    expect(lines).toContain(`secret for an authenticator app: ${DEMO_TOTP_SECRET}`)
  }, 30_000)
})
