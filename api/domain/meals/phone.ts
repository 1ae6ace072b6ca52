// Residents give their mobile number in many shapes (+86, 0086, spaces, dashes); one normal form
// keeps duplicates out, and lists only ever show a masked number.

const MOBILE_RE = /^1[3-9]\d{9}$/

/** The bare 11-digit mainland mobile number, or undefined when it is not one. */
export function normalizeMobile(input: string): string | undefined {
  let s = input.trim().replace(/[\s\-()]/g, '')
  if (s.startsWith('+86')) s = s.slice(3)
  else if (s.startsWith('0086')) s = s.slice(4)
  return MOBILE_RE.test(s) ? s : undefined
}

export function isMobile(input: string): boolean {
  return normalizeMobile(input) !== undefined
}

/** 138****5678: enough to recognise a number on the phone, not enough to call it. */
export function maskMobile(phone: string): string {
  if (phone.length < 7) return '*'.repeat(phone.length)
  return `${phone.slice(0, 3)}****${phone.slice(-4)}`
}
