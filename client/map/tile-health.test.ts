import { describe, expect, it } from 'vitest'
import { watchTileHealth, type TileEvents } from './tile-health.ts'

function fakeLayer() {
  const handlers = new Map<string, Set<() => void>>()
  const layer: TileEvents & { emit(type: string): void } = {
    on: (type, fn) => handlers.set(type, (handlers.get(type) ?? new Set()).add(fn)),
    off: (type, fn) => handlers.get(type)?.delete(fn),
    emit: (type) => handlers.get(type)?.forEach((fn) => fn()),
  }
  return layer
}

describe('tile health', () => {
  it('reports failing after several errors with no tile loaded, and recovers on the next load', () => {
    const layer = fakeLayer()
    const seen: boolean[] = []
    watchTileHealth(layer, (f) => seen.push(f))
    for (let i = 0; i < 3; i++) layer.emit('tileerror')
    expect(seen).toEqual([])
    layer.emit('tileerror')
    expect(seen).toEqual([true])
    layer.emit('tileerror')
    expect(seen).toEqual([true])
    layer.emit('tileload')
    expect(seen).toEqual([true, false])
  })

  it('does not call a map failing when tiles keep loading between a few errors', () => {
    const layer = fakeLayer()
    const seen: boolean[] = []
    watchTileHealth(layer, (f) => seen.push(f))
    for (let i = 0; i < 10; i++) {
      layer.emit('tileerror')
      layer.emit('tileerror')
      layer.emit('tileload')
    }
    expect(seen).toEqual([])
  })

  it('stops listening when told to', () => {
    const layer = fakeLayer()
    const seen: boolean[] = []
    const stop = watchTileHealth(layer, (f) => seen.push(f))
    stop()
    for (let i = 0; i < 5; i++) layer.emit('tileerror')
    expect(seen).toEqual([])
  })
})
