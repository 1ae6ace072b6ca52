// Type-checked by `vue-tsc --build` (tsconfig.tools.json): the @ts-expect-error lines fail the build
// the day a misspelt key stops being an error.
import { describe, expect, it } from 'vitest'
import { keyIn, type MessageKey, type TypedTranslation } from './index.ts'
import zhCN from './zh-CN/index.ts'

const lookup = (key: string) => key.split('.').reduce<unknown>((o, p) => (o as Record<string, unknown> | undefined)?.[p], zhCN)
const t = ((key: string) => String(lookup(key))) as TypedTranslation

describe('typed message keys', () => {
  it('takes every real key, and a misspelt key fails the type check', () => {
    expect(t('patrol.title')).toBe(zhCN.patrol.title)
    const kind: MessageKey = 'patrol.kinds.car'
    expect(t(kind)).toBe(zhCN.patrol.kinds.car)
    // @ts-expect-error misspelt key
    expect(t('patrol.nonexistent')).toBe('undefined')
    // @ts-expect-error a key inside a group still has to exist
    expect(t('common.loadng')).toBe('undefined')
  })

  it('checks the group of a key whose last part is chosen at run time', () => {
    expect(t(keyIn('patrol.kinds', 'shared_bike'))).toBe(zhCN.patrol.kinds.shared_bike)
    // @ts-expect-error no such group
    keyIn('patrol.kindz', 'car')
  })
})
