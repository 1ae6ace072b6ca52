import { describe, expect, it } from 'vitest'
import { formatMoney, formatYuan, parseYuan } from './money.ts'

describe('money at the edge', () => {
  it('formats fen as yuan', () => {
    expect(formatYuan(3800)).toBe('38.00')
    expect(formatYuan(205)).toBe('2.05')
    expect(formatYuan(-300)).toBe('-3.00')
  })
  it('shows an amount as CNY currency in either language, exact to the fen', () => {
    expect(formatMoney(3800)).toBe('¥38.00')
    expect(formatMoney(205, 'zh-CN')).toBe('¥2.05')
    expect(formatMoney(-300)).toBe('-¥3.00')
    expect(formatMoney(123456789)).toBe('¥1,234,567.89')
    expect(formatMoney(3800, 'en')).toBe('CN¥38.00')
    for (let fen = 0; fen < 100_000; fen += 7) expect(formatMoney(fen).replace(/[¥,]/g, '')).toBe(formatYuan(fen))
  })
  it('parses yuan text to integer fen without float error', () => {
    expect(parseYuan('38')).toBe(3800)
    expect(parseYuan('12.5')).toBe(1250)
    expect(parseYuan(' 0.29 ')).toBe(29)
    expect(parseYuan('1.005')).toBeUndefined()
    expect(parseYuan('-1')).toBeUndefined()
    expect(parseYuan('abc')).toBeUndefined()
    expect(parseYuan('12345', 4)).toBeUndefined()
  })
  it('understands prices as people write them: 3.5, 3.50, 3.5元, ¥3.5', () => {
    for (const s of ['3.5', '3.50', '3.5元', '¥3.5', '￥3.50', ' ¥ 3.5 ', '3.5 元']) expect(parseYuan(s)).toBe(350)
    for (const s of ['3.5元元', '¥', '元', '3,5', '$3.5', '3.555元']) expect(parseYuan(s)).toBeUndefined()
  })
})
