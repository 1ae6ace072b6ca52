import { describe, expect, it } from 'vitest'
import { formatPhone, maskPhone, normalizePhone } from './phone.ts'

describe('contact phones', () => {
  it('accepts mainland mobiles with +86/0086, spaces and dashes', () => {
    expect(normalizePhone('+86 138-1234-5678')).toBe('13812345678')
    expect(normalizePhone('0086 19912345678')).toBe('19912345678')
    expect(normalizePhone('12812345678')).toBeUndefined()
    expect(normalizePhone('1381234567')).toBeUndefined()
  })
  it('accepts Beijing landlines 010 + 8 digits', () => {
    expect(normalizePhone('010-6543 2100')).toBe('01065432100')
    expect(normalizePhone('(010) 65432100')).toBe('01065432100')
    expect(normalizePhone('+86 10 6543 2100')).toBe('01065432100')
    expect(normalizePhone('021-65432100')).toBeUndefined()
    expect(normalizePhone('010-6543210')).toBeUndefined()
  })
  it('masks and formats both kinds', () => {
    expect(maskPhone('13812345678')).toBe('138****5678')
    expect(maskPhone('01065432100')).toBe('010-****2100')
    expect(formatPhone('01065432100')).toBe('010-6543 2100')
  })
})
