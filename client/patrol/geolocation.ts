// A thin watcher over navigator.geolocation.watchPosition: the capture screen shows each fix with its
// accuracy live. Position always comes from here (or the map pin), never from a photo's EXIF.

export interface GeoFix {
  lat: number
  lng: number
  accuracy_m: number
  /** Device time of the fix, ms since epoch. */
  at: number
}

/** `ask`: the browser would prompt; the screen waits for a tap so the prompt follows the person's intent. */
export type GeoProblem = 'unsupported' | 'denied' | 'unavailable' | 'timeout' | 'ask'

export interface GeoWatchHandlers {
  fix(f: GeoFix): void
  problem(p: GeoProblem): void
}

/** Starts watching; returns the function that stops it. */
export function watchGeolocation(h: GeoWatchHandlers, geo: Geolocation | null = globalThis.navigator?.geolocation ?? null): () => void {
  if (!geo) {
    h.problem('unsupported')
    return () => {}
  }
  const id = geo.watchPosition(
    (p) => h.fix({ lat: p.coords.latitude, lng: p.coords.longitude, accuracy_m: Math.round(p.coords.accuracy * 10) / 10, at: p.timestamp }),
    (e) => h.problem(e.code === 1 ? 'denied' : e.code === 3 ? 'timeout' : 'unavailable'),
    { enableHighAccuracy: true, maximumAge: 5_000, timeout: 20_000 },
  )
  return () => geo.clearWatch(id)
}

/** The device's answer for location so far: 'granted', 'denied', 'prompt', or null where the browser does not tell. */
export async function geolocationPermission(): Promise<PermissionState | null> {
  try {
    return (await globalThis.navigator?.permissions?.query({ name: 'geolocation' }))?.state ?? null
  } catch {
    return null
  }
}

/** Whether a fix is good enough to save without asking the inspector to check the pin. */
export function isPreciseEnough(accuracyM: number | undefined, thresholdM: number): boolean {
  return accuracyM !== undefined && accuracyM <= thresholdM
}
