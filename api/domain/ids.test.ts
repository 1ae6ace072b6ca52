import { afterEach, describe, expect, it, vi } from 'vitest'
import { UUID_RE, uuidv7 } from './ids.ts'

afterEach(() => vi.restoreAllMocks())

// uuidv7 never goes back in time within a process, and the test files of a worker share it (one may
// have made ids on a moved clock, years ahead): each test here uses instants a few seconds past the
// last id made, not far enough ahead to matter to the ids made after.
const msOf = (id: string) => parseInt(id.replace(/-/g, '').slice(0, 12), 16)
const later = (ms: number) => Math.max(Date.now(), msOf(uuidv7())) + ms

describe('uuidv7', () => {
  it('is an RFC 9562 version 7 id with the millisecond in its first 48 bits', () => {
    const ms = later(1_000)
    const id = uuidv7(ms)
    expect(id).toMatch(UUID_RE)
    expect(id[14]).toBe('7')
    expect('89ab').toContain(id[19]!)
    expect(msOf(id)).toBe(ms)
  })

  it('keeps ids of one millisecond in order, and ids of later milliseconds after them', () => {
    const ms = later(2_000)
    const ids = [...Array.from({ length: 300 }, () => uuidv7(ms)), uuidv7(ms + 1), uuidv7(ms + 5)]
    expect([...ids].sort()).toEqual(ids)
    expect(new Set(ids).size).toBe(ids.length)
  })

  it('draws random bytes a block at a time, each byte used once', () => {
    const start = later(3_000)
    const draw = vi.spyOn(globalThis.crypto, 'getRandomValues')
    const ids = Array.from({ length: 600 }, (_, i) => uuidv7(start + i))
    // One call per id before: 600. Now at most one per 256 ids.
    expect(draw.mock.calls.length).toBeLessThanOrEqual(3)
    // The random tails (62 bits after the variant) of ids a millisecond apart never repeat.
    expect(new Set(ids.map((id) => id.slice(19))).size).toBe(ids.length)
  })
})
