import { describe, expect, it } from 'vitest'
import { debugEnabled } from './debug.ts'

function memory() {
  const m = new Map<string, string>()
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), removeItem: (k: string) => void m.delete(k) }
}

describe('debug switch', () => {
  it('is off by default, on with ?debug=1 and stays on, off again with ?debug=0', () => {
    const s = memory()
    expect(debugEnabled('', s)).toBe(false)
    expect(debugEnabled('?kind=car', s)).toBe(false)
    expect(debugEnabled('?debug=1', s)).toBe(true)
    expect(debugEnabled('', s)).toBe(true)
    expect(debugEnabled('?debug=0', s)).toBe(false)
    expect(debugEnabled('', s)).toBe(false)
  })

  it('follows the address when storage refuses', () => {
    const refusing = {
      getItem: () => {
        throw new Error('denied')
      },
      setItem: () => {
        throw new Error('denied')
      },
      removeItem: () => {},
    }
    expect(debugEnabled('?debug=1', refusing)).toBe(true)
    expect(debugEnabled('', refusing)).toBe(false)
  })
})
