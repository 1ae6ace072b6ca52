import { describe, expect, it } from 'vitest'
import { idCheckChar, isValidIdNumber, maskIdNumber, normalizeIdNumber } from './id-number.ts'
import { isMobile, maskMobile, normalizeMobile } from './phone.ts'
import { SubscriberInput } from './people.ts'

describe('GB 11643 ID numbers', () => {
  it('accepts numbers with the right check character (X included)', () => {
    expect(isValidIdNumber('11010519491231002X')).toBe(true)
    expect(isValidIdNumber('11010519491231002x')).toBe(true)
    expect(isValidIdNumber('440524188001010014')).toBe(false) // before 1900
    expect(idCheckChar('11010519491231002')).toBe('X')
    expect(normalizeIdNumber(' 11010519491231002x ')).toBe('11010519491231002X')
  })

  it('refuses a wrong check digit, a bad birth date and a wrong length', () => {
    expect(isValidIdNumber('110105194912310021')).toBe(false)
    expect(isValidIdNumber('110105194913310024')).toBe(false)
    expect(isValidIdNumber('11010519491231002')).toBe(false)
    expect(isValidIdNumber('010105194912310023')).toBe(false)
  })

  it('masks the area and birth date', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110***********002X')
    expect(maskIdNumber('11010519491231002X')).not.toContain('1949')
  })
})

describe('mainland mobile numbers', () => {
  it('strips +86 / 0086 and separators', () => {
    expect(normalizeMobile('+86 138-0013-8000')).toBe('13800138000')
    expect(normalizeMobile('008613800138000')).toBe('13800138000')
    expect(normalizeMobile(' 139 1234 5678 ')).toBe('13912345678')
  })
  it('refuses numbers that are not 1[3-9] + 9 digits', () => {
    for (const bad of ['12800138000', '1380013800', '138001380000', '+8512800138000', '010-12345678', 'abc']) expect(isMobile(bad)).toBe(false)
  })
  it('masks the middle four digits', () => {
    expect(maskMobile('13800138000')).toBe('138****8000')
  })
  it('gives per-field message keys on a subscriber form', () => {
    const r = SubscriberInput.safeParse({ name: '张大爷', phone: '123', community_id: 'guangquan', id_number: '110105194912310021' })
    expect(r.success).toBe(false)
    const byPath = Object.fromEntries(r.error!.issues.map((i) => [i.path.join('.'), i.message]))
    expect(byPath).toMatchObject({ phone: 'meals_phone_invalid', id_number: 'meals_id_invalid' })
    const ok = SubscriberInput.parse({ name: '张大爷', phone: '+86 13800138000', community_id: 'guangquan', id_number: '11010519491231002x' })
    expect(ok).toMatchObject({ phone: '13800138000', id_number: '11010519491231002X', birth_date: null })
  })
})
