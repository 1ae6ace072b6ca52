// A closest-zoom tile cluster carries its cell to the map, as the cell list's address; others none.
import { describe, expect, it } from 'vitest'
import { cellKey } from './cluster-client.ts'

describe('cellKey', () => {
  it('names a closest-zoom cluster by tile and cell, and no other cluster', () => {
    expect(cellKey({ z: 18, x: 215926, y: 99276 }, [39.89, 116.47, 25, 26])).toBe('18/215926/99276/26')
    expect(cellKey({ z: 18, x: 215926, y: 99276 }, [39.89, 116.47, 25, 0])).toBe('18/215926/99276/0')
    expect(cellKey({ z: 16, x: 53981, y: 24819 }, [39.89, 116.47, 25])).toBe('')
  })
})
