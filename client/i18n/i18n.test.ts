import { describe, expect, it } from 'vitest'
import zhCN from './zh-CN/index.ts'
import en from './en/index.ts'

function keys(obj: unknown, prefix = ''): string[] {
  if (typeof obj !== 'object' || obj === null) return [prefix]
  return Object.entries(obj).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k))
}

describe('i18n', () => {
  it('has the same keys in zh-CN and English', () => {
    expect(keys(en).sort()).toEqual(keys(zhCN).sort())
  })
  it('has no empty message', () => {
    const empty = (m: object) => keys(m).filter((k) => k.split('.').reduce<any>((o, p) => o?.[p], m) === '')
    expect(empty(zhCN)).toEqual([])
    expect(empty(en)).toEqual([])
  })
})
