// The resident ID number (GB 11643-1999, 18 characters) is optional and sensitive: checked on entry
// so a typo is caught at the counter, and shown masked everywhere except one explicit reveal.
import { isPlainDate } from '../time.ts'

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const CHECK = '10X98765432'
const SHAPE = /^[1-9]\d{16}[\dX]$/

/** The check character (0-9 or X) for the first 17 digits. */
export function idCheckChar(first17: string): string {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!
  return CHECK[sum % 11]!
}

/** Upper-cased, whitespace removed. */
export function normalizeIdNumber(input: string): string {
  return input.replace(/\s/g, '').toUpperCase()
}

/** True for an 18-character number with a real birth date and the right check character. */
export function isValidIdNumber(input: string): boolean {
  const id = normalizeIdNumber(input)
  if (!SHAPE.test(id)) return false
  const birth = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`
  if (!isPlainDate(birth) || birth < '1900-01-01') return false
  return idCheckChar(id.slice(0, 17)) === id[17]
}

/** The birth date written into a valid ID number. */
export function idBirthDate(id: string): string {
  return `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`
}

/** 110**********123X: area and birth date hidden. */
export function maskIdNumber(id: string): string {
  if (id.length < 8) return '*'.repeat(id.length)
  return `${id.slice(0, 3)}${'*'.repeat(id.length - 7)}${id.slice(-4)}`
}
