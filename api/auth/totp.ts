// TOTP second factor (RFC 6238: HMAC-SHA-1, 30 s steps, 6 digits) with node:crypto only. Pure functions:
// the caller stores the secret and the last accepted step; verification allows ±1 step of clock drift
// and refuses any step at or before the last one used (no replay). Also usable by test helpers.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto'

export const TOTP_STEP_SECONDS = 30
export const TOTP_DIGITS = 6
const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

export function base32Encode(bytes: Uint8Array): string {
  let bits = 0
  let value = 0
  let out = ''
  for (const b of bytes) {
    value = (value << 8) | b
    bits += 8
    while (bits >= 5) {
      out += B32[(value >>> (bits - 5)) & 31]
      bits -= 5
    }
  }
  if (bits > 0) out += B32[(value << (5 - bits)) & 31]
  return out
}

export function base32Decode(text: string): Uint8Array {
  const clean = text.toUpperCase().replace(/[\s=-]/g, '')
  const out: number[] = []
  let bits = 0
  let value = 0
  for (const ch of clean) {
    const v = B32.indexOf(ch)
    if (v < 0) throw new Error('invalid base32')
    value = (value << 5) | v
    bits += 5
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255)
      bits -= 8
    }
  }
  return new Uint8Array(out)
}

/** A new random secret (160 bits, as RFC 4226 recommends), base32 for authenticator apps. */
export function newTotpSecret(): string {
  return base32Encode(randomBytes(20))
}

export const stepOf = (at: Date) => Math.floor(at.getTime() / 1000 / TOTP_STEP_SECONDS)

/** HOTP (RFC 4226) for one counter value. */
export function hotp(secret: Uint8Array, counter: number, digits = TOTP_DIGITS): string {
  const msg = Buffer.alloc(8)
  msg.writeBigUInt64BE(BigInt(counter))
  const mac = createHmac('sha1', secret).update(msg).digest()
  const offset = mac[mac.length - 1]! & 0x0f
  const code = ((mac[offset]! & 0x7f) << 24) | (mac[offset + 1]! << 16) | (mac[offset + 2]! << 8) | mac[offset + 3]!
  return String(code % 10 ** digits).padStart(digits, '0')
}

/** The code an authenticator shows at `at` for a base32 secret (what test helpers type in). */
export function totpCode(secretBase32: string, at: Date, digits = TOTP_DIGITS): string {
  return hotp(base32Decode(secretBase32), stepOf(at), digits)
}

export interface TotpCheck {
  ok: boolean
  /** The step that matched: store it as the last used step. */
  step?: number
  reason?: 'format' | 'wrong' | 'replayed'
}

/** Checks a code against steps now-1 … now+1, refusing a step at or before `lastStep` (replay). */
export function verifyTotp(secretBase32: string, code: string, at: Date, lastStep: number | null): TotpCheck {
  if (!/^\d{6}$/.test(code)) return { ok: false, reason: 'format' }
  const secret = base32Decode(secretBase32)
  const now = stepOf(at)
  for (const step of [now - 1, now, now + 1]) {
    const expected = Buffer.from(hotp(secret, step))
    if (timingSafeEqual(expected, Buffer.from(code))) {
      if (lastStep !== null && step <= lastStep) return { ok: false, reason: 'replayed' }
      return { ok: true, step }
    }
  }
  return { ok: false, reason: 'wrong' }
}

/** The enrolment URI an authenticator app reads from the QR code (Key Uri Format). */
export function otpauthUri(secretBase32: string, account: string, issuer = 'Lastmile'): string {
  const label = encodeURIComponent(`${issuer}:${account}`)
  const q = new URLSearchParams({ secret: secretBase32, issuer, algorithm: 'SHA1', digits: String(TOTP_DIGITS), period: String(TOTP_STEP_SECONDS) })
  return `otpauth://totp/${label}?${q}`
}

/** Ten single-use recovery codes (50 bits each), shown once; only their hashes are stored. */
export function newRecoveryCodes(n = 10): { codes: string[]; hashes: string[] } {
  const codes = Array.from({ length: n }, () => {
    const s = base32Encode(randomBytes(7)).slice(0, 10).toLowerCase()
    return `${s.slice(0, 5)}-${s.slice(5)}`
  })
  return { codes, hashes: codes.map(hashRecoveryCode) }
}

/** High-entropy random codes need no slow hash; normalised so dashes and case do not matter. */
export function hashRecoveryCode(code: string): string {
  return createHash('sha256')
    .update(code.toLowerCase().replace(/[^a-z2-7]/g, ''))
    .digest('hex')
}
