// Contact numbers for organisations: a mainland mobile or a Beijing landline, in one normal form so
// they compare and dial the same way. Mobiles reuse the meals module's rule (moved here by re-use).
import { maskMobile, normalizeMobile } from './meals/phone.ts'

export { normalizeMobile, isMobile, maskMobile } from './meals/phone.ts'

/** 010 + 8 digits (Beijing); spaces, dashes, brackets and a +86/0086 prefix (which drops the 0) allowed. */
const LANDLINE_RE = /^010\d{8}$/

export function normalizeLandline(input: string): string | undefined {
  let s = input.trim().replace(/[\s\-()（）]/g, '')
  if (s.startsWith('+86')) s = '0' + s.slice(3)
  else if (s.startsWith('0086')) s = '0' + s.slice(4)
  return LANDLINE_RE.test(s) ? s : undefined
}

/** A normal form for either kind (mobile `13812345678`, landline `01065432100`), or undefined. */
export function normalizePhone(input: string): string | undefined {
  return normalizeMobile(input) ?? normalizeLandline(input)
}

export function isPhone(input: string): boolean {
  return normalizePhone(input) !== undefined
}

/** Lists show 138****5678 or 010-****2100: enough to recognise a number, not enough to dial it. */
export function maskPhone(phone: string): string {
  if (LANDLINE_RE.test(phone)) return `010-****${phone.slice(-4)}`
  return maskMobile(phone)
}

/** How a full number is shown where it may be shown: 138 1234 5678 / 010-6543 2100. */
export function formatPhone(phone: string): string {
  if (LANDLINE_RE.test(phone)) return `010-${phone.slice(3, 7)} ${phone.slice(7)}`
  if (phone.length === 11) return `${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}`
  return phone
}
