// Whether a map's basemap is loading: counts tile errors and loads, and calls the basemap failing
// when several tiles failed and none loaded since. No Vue; MapView turns it into a notice.

export const FAILURES_BEFORE_NOTICE = 4

export interface TileEvents {
  on(type: 'tileerror' | 'tileload', fn: () => void): unknown
  off(type: 'tileerror' | 'tileload', fn: () => void): unknown
}

/**
 * Watches a tile layer. `onChange(true)` once FAILURES_BEFORE_NOTICE tiles failed with no tile loaded
 * in between; `onChange(false)` as soon as one loads again. Returns the function that stops watching.
 */
export function watchTileHealth(layer: TileEvents, onChange: (failing: boolean) => void, threshold = FAILURES_BEFORE_NOTICE): () => void {
  let failures = 0
  let failing = false
  const set = (v: boolean) => {
    if (v !== failing) {
      failing = v
      onChange(v)
    }
  }
  const onError = () => {
    failures++
    if (failures >= threshold) set(true)
  }
  const onLoad = () => {
    failures = 0
    set(false)
  }
  layer.on('tileerror', onError)
  layer.on('tileload', onLoad)
  return () => {
    layer.off('tileerror', onError)
    layer.off('tileload', onLoad)
  }
}
