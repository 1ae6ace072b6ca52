// TOTP against the RFC 6238 appendix B vectors (SHA-1), the ±1 step window, replay refusal, the
// otpauth:// URI for the QR code and single-use recovery codes stored as hashes.
import { describe, expect, it } from 'vitest'
import { base32Decode, base32Encode, hashRecoveryCode, hotp, newRecoveryCodes, newTotpSecret, otpauthUri, stepOf, totpCode, verifyTotp } from './totp.ts'

const RFC_SECRET = base32Encode(new TextEncoder().encode('12345678901234567890'))

describe('TOTP (RFC 6238)', () => {
  it.each([
    [59, '94287082'],
    [1111111109, '07081804'],
    [1111111111, '14050471'],
    [1234567890, '89005924'],
    [2000000000, '69279037'],
    [20000000000, '65353130'],
  ])('matches the RFC vector at T=%i', (t, code) => {
    expect(totpCode(RFC_SECRET, new Date(t * 1000), 8)).toBe(code)
    expect(totpCode(RFC_SECRET, new Date(t * 1000))).toBe(code.slice(2))
  })

  it('round-trips base32 and makes 160-bit secrets', () => {
    const s = newTotpSecret()
    expect(s).toMatch(/^[A-Z2-7]{32}$/)
    expect(base32Encode(base32Decode(s))).toBe(s)
    expect(hotp(base32Decode(RFC_SECRET), 0)).toBe('755224')
  })

  it('accepts one step of drift either way, not two', () => {
    const at = new Date('2026-12-02T02:00:10Z')
    const step = stepOf(at)
    const code = (d: number) => totpCode(RFC_SECRET, new Date(at.getTime() + d * 30_000))
    expect(verifyTotp(RFC_SECRET, code(0), at, null)).toEqual({ ok: true, step })
    expect(verifyTotp(RFC_SECRET, code(-1), at, null)).toEqual({ ok: true, step: step - 1 })
    expect(verifyTotp(RFC_SECRET, code(1), at, null)).toEqual({ ok: true, step: step + 1 })
    expect(verifyTotp(RFC_SECRET, code(2), at, null).ok).toBe(false)
    expect(verifyTotp(RFC_SECRET, '12345', at, null)).toEqual({ ok: false, reason: 'format' })
  })

  it('refuses a code whose step was already used (replay)', () => {
    const at = new Date('2026-12-02T02:00:10Z')
    const first = verifyTotp(RFC_SECRET, totpCode(RFC_SECRET, at), at, null)
    expect(first.ok).toBe(true)
    expect(verifyTotp(RFC_SECRET, totpCode(RFC_SECRET, at), at, first.step!)).toEqual({ ok: false, reason: 'replayed' })
    const later = new Date(at.getTime() + 30_000)
    expect(verifyTotp(RFC_SECRET, totpCode(RFC_SECRET, later), later, first.step!).ok).toBe(true)
  })

  it('builds the otpauth URI for the enrolment QR code', () => {
    const uri = new URL(otpauthUri('JBSWY3DPEHPK3PXP', 'coordinator@shuangjing'))
    expect(uri.protocol).toBe('otpauth:')
    expect(uri.host + decodeURIComponent(uri.pathname)).toBe('totp/Lastmile:coordinator@shuangjing')
    expect(Object.fromEntries(uri.searchParams)).toEqual({ secret: 'JBSWY3DPEHPK3PXP', issuer: 'Lastmile', algorithm: 'SHA1', digits: '6', period: '30' })
  })

  it('makes ten distinct recovery codes, stored as hashes that ignore case and dashes', () => {
    const { codes, hashes } = newRecoveryCodes()
    expect(new Set(codes).size).toBe(10)
    expect(codes[0]).toMatch(/^[a-z2-7]{5}-[a-z2-7]{5}$/)
    expect(hashRecoveryCode(codes[0]!.toUpperCase().replace('-', ''))).toBe(hashes[0])
    expect(hashes.join()).not.toContain(codes[0]!.replace('-', ''))
  })
})
