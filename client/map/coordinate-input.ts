// A typed or pasted position turned into the WGS-84 the app stores: parsed by the shared parser, then
// converted from GCJ-02 when the user says the numbers came from AMap or a WeChat share.
import { parseCoordinates, type CoordinateErrorKey, type Datum, type LatLng, type ParseOptions } from '#domain/coordinates.ts'
import { gcj02ToWgs84 } from './gcj02.ts'

export type ResolvedPosition =
  | { ok: true; lat: number; lng: number; /** The numbers as typed, before conversion. */ typed: LatLng; datum: Datum; impliedDatum: Datum | null }
  | { ok: false; key: CoordinateErrorKey; candidates?: [LatLng, LatLng] }

export function resolvePosition(text: string, datum: Datum, opts: ParseOptions = {}): ResolvedPosition {
  // The subdistrict check runs on the typed numbers: the GCJ-02 offset is a few hundred metres at most.
  const r = parseCoordinates(text, opts)
  if (!r.ok) return r
  const typed = { lat: r.lat, lng: r.lng }
  if (datum === 'gcj02') {
    const [lat, lng] = gcj02ToWgs84(r.lat, r.lng)
    return { ok: true, lat, lng, typed, datum, impliedDatum: r.impliedDatum }
  }
  return { ok: true, ...typed, typed, datum, impliedDatum: r.impliedDatum }
}
